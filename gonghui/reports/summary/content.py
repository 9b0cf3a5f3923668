"""What the work summary says, put together: the sections in their order, each left out when nothing is
recorded for it.

Every number is an indicator value read through `gonghui.indicators.registry.compute` (for the org and the
period, and for the same period last year where a 同比 change is written); the named highlights (the
competition won, the honour received, the award at the upper union's games, study topics) come from the
ledger list selector `entry_list`. Nothing here counts or sums entries itself.

The parts: `model` (Summary, Section, Paragraph, Field), `wording` (numbers, periods, names in sentences),
`context` (what the writers read), `sections_org` and `sections_work` (the narrative sections),
`officer_prompts` (存在的问题, 下一步打算: a marked place for the officer with facts that may help),
`draft_text` (the officer's own wording with live fields).
"""

from __future__ import annotations

from collections.abc import Callable

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import Period
from gonghui.orgs.models import Org
from gonghui.reports.summary.context import SummaryContext
from gonghui.reports.summary.model import SECTION_ORDER, Paragraph, Section, Summary
from gonghui.reports.summary.officer_prompts import section_plans, section_problems
from gonghui.reports.summary.sections_org import section_democracy, section_org, section_study
from gonghui.reports.summary.sections_work import (
    section_aid,
    section_competition,
    section_culture,
    section_women,
)

SECTION_WRITERS: dict[str, Callable[[SummaryContext], Section | None]] = {
    "org": section_org,
    "study": section_study,
    "democracy": section_democracy,
    "competition": section_competition,
    "aid": section_aid,
    "women": section_women,
    "culture": section_culture,
    "problems": section_problems,
    "plans": section_plans,
}


def summary_build(org: Org, period: Period, viewer=SYSTEM) -> Summary:
    ctx = SummaryContext(org, period, viewer)
    sections = []
    for key in SECTION_ORDER:
        section = SECTION_WRITERS[key](ctx)
        if section is not None and section.paragraphs:
            sections.append(section)
    title = f"{org.name}{period.label}工作总结"
    opening = Paragraph(["【请填写：开篇概述，如指导思想、工作重点和总体成效。】"], placeholder=True)
    return Summary(org, period, title, opening, sections, ctx.values, ctx.last_year)


def summary_sections(org: Org, period: Period, viewer=SYSTEM) -> list[Section]:
    """The sections of the summary (heading + paragraphs of text and number fields), for an editor."""
    return summary_build(org, period, viewer).sections


__all__ = ["SECTION_WRITERS", "summary_build", "summary_sections"]
