"""The half-year work summary (工作总结) as Word.

    summary_document(org=org, period=period) -> docx.Document
    summary_write(org=org, period=period, target="总结.docx")       # a path or a binary file object
    summary_sections(org, period) -> [Section]                        # for an editor: text + number fields
    summary_document(..., template="模板.docx")                       # a union's own layout (custom.py)

Every number is an indicator value from `gonghui.indicators.registry.compute`; highlights come from the
ledger list selector. See docs/reports.md for how to render and look at the result.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import IO

from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import Period
from gonghui.orgs.models import Org
from gonghui.reports.summary.content import summary_build, summary_sections
from gonghui.reports.summary.custom import fill_template
from gonghui.reports.summary.draft_text import apply_drafts
from gonghui.reports.summary.layout import build_document
from gonghui.reports.summary.model import HEADINGS, SECTION_ORDER, Field, Paragraph, Section, Summary

__all__ = [
    "HEADINGS",
    "SECTION_ORDER",
    "Field",
    "Paragraph",
    "Section",
    "Summary",
    "summary_build",
    "summary_document",
    "summary_sections",
    "summary_write",
]


def _signed_on(period: Period, signed_on: dt.date | None) -> dt.date:
    """The 落款 date: given, else today (Asia/Shanghai), but never before the period has ended."""
    if signed_on is not None:
        return signed_on
    return max(timezone.localdate(), period.end)


def summary_document(*, org: Org, period: Period, viewer=SYSTEM, drafts: Mapping | None = None,
                     signed_on: dt.date | None = None, template=None):
    """The summary of `org`'s subtree for `period` as a python-docx Document.

    viewer: whose scope the named highlights are read in (None: the system, which sees everything).
    drafts: officer-edited wording per section key (text with {indicator_code} fields, recomputed now).
    template: a checked .docx with {{placeholders}} (a path or a binary file object) to fill instead of
    the built-in layout.
    """
    summary = apply_drafts(summary_build(org, period, viewer), drafts)
    if template is not None:
        return fill_template(template, summary, signed_on=_signed_on(period, signed_on))
    return build_document(summary, signed_on=_signed_on(period, signed_on))


def summary_write(*, org: Org, period: Period, target: str | os.PathLike | IO[bytes], viewer=SYSTEM,
                  drafts: Mapping | None = None, signed_on: dt.date | None = None, template=None) -> None:
    doc = summary_document(org=org, period=period, viewer=viewer, drafts=drafts, signed_on=signed_on,
                           template=template)
    doc.save(os.fspath(target) if isinstance(target, (str, os.PathLike)) else target)
