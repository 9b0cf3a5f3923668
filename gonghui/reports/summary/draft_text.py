"""Officer-edited wording with live fields: rendering a draft into paragraphs, turning paragraphs back
into draft text, and putting drafts into a summary."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from gonghui.indicators.formatting import (
    format_change,
)
from gonghui.indicators.registry import INDICATORS, RATE, compute
from gonghui.orgs.models import Org
from gonghui.orgs.tree import subtree
from gonghui.reports.summary.model import ALL_SECTIONS, HEADINGS, Field, Paragraph, Run, Section, Summary
from gonghui.reports.summary.wording import clean_paragraph, fmt_value

# One placeholder syntax everywhere (the editor, the Word templates): {{code}} is the value of the summary's
# org; {{code:change}} the 同比 change written with its word (增加3人, 减少1.5万元, 提高2个百分点, 持平);
# {{code@ORG}} the value of the org with that code inside the summary's subtree (a federation's per-union
# sentence). Everything else in the text is kept as the officer wrote it.
FIELD_RE = re.compile(r"\{\{\s*([a-z_]+)(?:@([^{}:@\s]+))?(:change)?\s*\}\}")


def field_placeholder(code: str, *, org: str = "", change: bool = False) -> str:
    """The placeholder of one number field: {{members}}, {{members:change}}, {{members@UA}}."""
    return "{{" + code + (f"@{org}" if org else "") + (":change" if change else "") + "}}"

CHANGE_WORDS = ("增加", "减少", "提高", "下降")


def change_text(code: str, now, before) -> str:
    """增加3人 / 减少1.5万元 / 提高2个百分点 / 持平: this period's value against last year's (0 when none)."""
    ind = INDICATORS[code]
    if ind.kind == RATE:
        diff = Decimal(now or 0) - Decimal(before or 0)
        amount = format_change(ind, diff)
        up, down = "提高", "下降"
    else:
        diff = (now or 0) - (before or 0)
        amount = format_change(ind, diff)
        up, down = "增加", "减少"
    if not diff:
        return "持平"
    return (up if diff > 0 else down) + amount


def render_draft(text: str, values: Mapping, *, last_year: Mapping | None = None, other=None) -> Paragraph:
    """An officer's wording with {{indicator_code}} fields, the fields recomputed from `values` now.

    last_year: the values of the same period last year (for {code:change}); other(org_code) -> (values,
    last_year) for {code@ORG}. KeyError for an unknown code or org."""
    runs: list[Run] = []
    pos = 0
    for m in FIELD_RE.finditer(text):
        code, org_code, change = m.group(1), m.group(2) or "", bool(m.group(3))
        if code not in INDICATORS:
            raise KeyError(code)
        vals, before = (values, last_year or {}) if not org_code else other(org_code)
        runs.append(text[pos:m.start()])
        value = vals[code]
        if change:
            diff = (value or 0) - (before.get(code) or 0)
            runs.append(Field(code, diff, change_text(code, value, before.get(code)), role="change", org=org_code))
        else:
            if value is None:
                raise ValueError(f"{code} has no value for this period")
            runs.append(Field(code, value, fmt_value(code, value), org=org_code))
        pos = m.end()
    runs.append(text[pos:])
    return clean_paragraph(runs)


def template_text(paragraphs: Iterable[Paragraph]) -> str:
    """The inverse of render_draft: paragraphs as editable text, one per line, each number field as its
    placeholder ({{code}}, {{code:change}} with the word before it folded in, {{code@ORG}})."""
    lines = []
    for p in paragraphs:
        out: list[str] = []
        for run in p.runs:
            if isinstance(run, str):
                out.append(run)
                continue
            if run.role == "change" and out and out[-1].endswith(CHANGE_WORDS):
                out[-1] = out[-1][:-2]
            out.append(field_placeholder(run.code, org=run.org, change=run.role == "change"))
        lines.append("".join(out))
    return "\n".join(lines)


def draft_paragraphs(text) -> list[str]:
    """A draft as paragraphs: a string is split at line breaks (blank lines dropped), a list kept."""
    texts = text.splitlines() if isinstance(text, str) else list(text)
    return [t.strip() for t in texts if t.strip()]


def apply_drafts(summary: Summary, drafts: Mapping[str, object] | None) -> Summary:
    """Replace a section's paragraphs by the officer's draft (a string, one paragraph per line, or a list of
    strings per section key; key "opening" for the opening paragraph). A drafted section absent from the
    generated ones is added in its place in the order."""
    if not drafts:
        return summary
    others: dict[str, tuple] = {}

    def other(org_code: str):
        if org_code not in others:
            try:
                org = subtree(summary.org).get(code=org_code)
            except Org.DoesNotExist:
                raise KeyError(org_code) from None
            others[org_code] = (compute(org, summary.period),
                                compute(org, summary.period.same_period_last_year()))
        return others[org_code]

    by_key = {s.key: s for s in summary.sections}
    for key, text in drafts.items():
        paras = [render_draft(t, summary.values, last_year=summary.last_year, other=other)
                 for t in draft_paragraphs(text)]
        if key == "opening":
            if paras:
                summary.opening = paras[0] if len(paras) == 1 else Paragraph(
                    [r for i, p in enumerate(paras) for r in ([] if not i else ["\n"]) + p.runs])
            continue
        if key not in HEADINGS:
            raise KeyError(key)
        if key in by_key:
            by_key[key].paragraphs = paras
            by_key[key].subheadings = {}
        elif paras:
            by_key[key] = Section(key, HEADINGS[key], paras)
    summary.sections = [by_key[k] for k in ALL_SECTIONS if k in by_key and by_key[k].paragraphs]
    return summary
