"""What the work summary says, put together: the sections in their order, each left out when nothing is
recorded for it.

Every number is an indicator value read through `gonghui.indicators.registry.compute` (for the org and the
period, and for the same period last year where a 同比 change is written); the named highlights (the
competition won, the honour received, the award at the upper union's games, study topics) come from the
ledger list selector `entry_list`. Nothing here counts or sums entries itself.

The parts: `model` (Summary, Section, Paragraph, Field), `wording` (numbers, periods, names in sentences),
`context` (what the writers read), `sections_org` and `sections_work` (the narrative sections),
`officer_prompts` (the opening, 存在的问题 and 下一步打算, drafted from the data for the officer to edit),
`draft_text` (the officer's own wording with live fields). An indicator area with data that no section writes
about is not dropped: 其他工作 names its numbers (`section_other`).
"""

from __future__ import annotations

from collections.abc import Callable

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import Period
from gonghui.indicators.registry import INDICATORS, all_indicators
from gonghui.orgs.models import Org
from gonghui.reports.summary.context import SummaryContext
from gonghui.reports.summary.model import HEADINGS, SECTION_ORDER, Run, Section, Summary
from gonghui.reports.summary.officer_prompts import opening_paragraph, section_plans, section_problems
from gonghui.reports.summary.sections_org import section_democracy, section_org, section_study
from gonghui.reports.summary.sections_work import (
    section_aid,
    section_competition,
    section_culture,
    section_finance,
    section_women,
)
from gonghui.reports.summary.wording import clean_paragraph, join_runs

SECTION_WRITERS: dict[str, Callable[[SummaryContext], Section | None]] = {
    "org": section_org,
    "study": section_study,
    "democracy": section_democracy,
    "competition": section_competition,
    "aid": section_aid,
    "women": section_women,
    "culture": section_culture,
    "finance": section_finance,
    "problems": section_problems,
    "plans": section_plans,
}


def area(code: str) -> str:
    """The indicator area (its source); a rate belongs to its numerator's."""
    ind = INDICATORS[code]
    if ind.ratio is not None and not ind.source:
        return INDICATORS[ind.ratio.numerator].source
    return ind.source


# Numbers that are no news in a summary: a union's count of base unions is itself.
NOT_NEWS = {"unions"}


def section_other(ctx: SummaryContext, written: list[Section]) -> Section | None:
    """其他工作: the numbers of every indicator area that has data in the period but no sentence above (a new
    area such as 会费 before its own section exists), so the summary never leaves out what was recorded."""
    covered = {area(f.code) for s in written for f in s.fields}
    skip = set() if ctx.is_federation else NOT_NEWS
    missing = [ind for ind in all_indicators() if area(ind.code) not in covered and ind.code not in skip
               and ctx.values.get(ind.code)]
    if not missing:
        return None
    by_area: dict[str, list[list[Run]]] = {}
    for ind in missing:
        by_area.setdefault(area(ind.code), []).append([ind.name, ctx.w.num(ind.code)])
    paras = [clean_paragraph([f"{ctx.pw}，"] + join_runs(parts, "，") + ["。"]) for parts in by_area.values()]
    return Section("other", HEADINGS["other"], paras)


def summary_build(org: Org, period: Period, viewer=SYSTEM) -> Summary:
    ctx = SummaryContext(org, period, viewer)
    sections: list[Section] = []
    for key in SECTION_ORDER:
        section = section_other(ctx, sections) if key == "other" else SECTION_WRITERS[key](ctx)
        if section is not None and section.paragraphs:
            sections.append(section)
    title = f"{org.name}{period.label}工作总结"
    return Summary(org, period, title, opening_paragraph(ctx), sections, ctx.values, ctx.last_year)


def summary_sections(org: Org, period: Period, viewer=SYSTEM) -> list[Section]:
    """The sections of the summary (heading + paragraphs of text and number fields), for an editor."""
    return summary_build(org, period, viewer).sections


__all__ = ["SECTION_WRITERS", "area", "section_other", "summary_build", "summary_sections"]
