"""存在的问题 and 下一步打算: a marked place for the officer, holding facts from the ledgers that may help."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.selectors import entry_list
from gonghui.reports.summary.context import SummaryContext
from gonghui.reports.summary.model import HEADINGS, Paragraph, Run, Section
from gonghui.reports.summary.wording import (
    clean_paragraph,
    date_text,
    join_runs,
    name_list,
    next_period_word,
    quoted,
    strip_year,
)

LOW_MEMBERSHIP_RATE = Decimal(90)

# The indicators behind each narrative section: when all of them are zero the section is left out, and
# 存在的问题 names it as having no records.
_SECTION_CODES = {
    "study": ("study_sessions",),
    "democracy": ("proposals_received", "openness_events", "contract_workers_covered_general",
                  "mediation_received"),
    "competition": ("competitions", "suggestions_collected", "innovations", "honours"),
    "aid": ("aid_households", "aid_person_times", "aid_amount", "aid_goods_value", "hardship_files"),
    "women": ("women_activities",),
    "culture": ("culture_events", "articles"),
}


def section_problems(ctx: SummaryContext) -> Section:
    w = ctx.w
    facts: list[list[Run]] = []
    if w.has("mediation_overdue"):
        facts.append([f"{ctx.pw}受理的劳动争议中有", w.num("mediation_overdue"),
                      "未在受理后15日内结案"])
    rate = ctx.values.get("membership_rate")
    if rate is not None and rate < LOW_MEMBERSHIP_RATE:
        facts.append(["入会率为", w.num("membership_rate"), "，低于90%"])
    assigned, on_time = ctx.values.get("tasks_assigned") or 0, ctx.values.get("tasks_on_time") or 0
    if assigned and on_time < assigned:
        facts.append(["上级交办任务", w.num("tasks_assigned"), "，按期完成", w.num("tasks_on_time")])
    missing = [HEADINGS[k] for k, codes in _SECTION_CODES.items() if not w.has(*codes)]
    if missing:
        facts.append([f"本期台账中没有{'、'.join(missing)}方面的记录"])
    runs: list[Run] = ["【请填写：存在的问题和不足。"]
    if facts:
        runs += ["可参考："] + join_runs(facts, "；") + ["。"]
    runs.append("】")
    paragraph = Paragraph(clean_paragraph(runs).runs, placeholder=True)
    return Section("problems", HEADINGS["problems"], [paragraph])


def section_plans(ctx: SummaryContext) -> Section:
    nxt = next_period_word(ctx.period)
    facts = []
    ongoing = ctx.entries("competition", from_start=False).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=ctx.period.end))
    names = name_list(quoted(strip_year(e.title)) for e in ongoing.order_by("date", "id"))
    if names:
        facts.append(f"继续推进{names}")
    expiring = entry_list(viewer=ctx.viewer, kind=get_kind("contract"), org=ctx.org).filter(
        end_on__gt=ctx.period.end, end_on__lte=ctx.period.end + dt.timedelta(days=183))
    contracts = name_list(f"{e.get_contract_type_display()}（{date_text(e.end_on)}到期）" for e in expiring)
    if contracts:
        facts.append(f"做好{contracts}的续签工作")
    text = f"【请填写：{nxt}工作打算。"
    if facts:
        text += "可参考：" + "；".join(facts) + "。"
    text += "】"
    return Section("plans", HEADINGS["plans"], [Paragraph([text], placeholder=True)])
