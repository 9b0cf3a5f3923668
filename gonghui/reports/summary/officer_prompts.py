"""The opening, 存在的问题 and 下一步打算, drafted from the data for the officer to edit.

Like every other section, each number is a live field (a registry value, or its 同比 change); names (the
competitions still running, the branches with no record, the contracts to renew) come from the ledger list
selector and the registry's parts, read in the viewer's scope. Nothing here counts entries itself.

- opening: the leadership line and the period's main work with its largest numbers (people reached, money
  spent), then the line that introduces the sections (the headcount opens 组织建设 right after, so it is not
  said twice);
- 存在的问题: indicators down on last year, branches (or a federation's unions) with no record in the period,
  mediation cases not closed within 15 days and overdue upper-union tasks, 入会率 below 100 %, 会费收缴率 below
  100 % (once a `dues_rate` indicator exists), areas with nothing recorded;
- 下一步打算: competitions still running, upper-union tasks still open, suggestions being implemented,
  contracts to renew, and the follow-ups of the problems above.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from gonghui.indicators.registry import INDICATORS, compute_breakdown
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.selectors import entry_list
from gonghui.orgs.selectors import org_children
from gonghui.reports.summary.context import SummaryContext
from gonghui.reports.summary.model import CN_NUMERALS, HEADINGS, Paragraph, Run, Section
from gonghui.reports.summary.wording import (
    MAX_NAMED,
    clean_paragraph,
    date_text,
    join_runs,
    name_list,
    next_period_word,
    quoted,
    strip_year,
)
from gonghui.reports.tables.spec import ACTIVITY_CODES

FULL = Decimal(100)
DUES_RATE = "dues_rate"  # 会费收缴率: written once the dues area defines it (checked in the registry by code)
MAX_DROPS = 3  # indicators down on last year named in 存在的问题
MAX_SILENT = 5  # branches with no record named by name
MAX_MAIN_WORK = 5  # works named in the opening

# Period flows whose fall against last year is worth a line in 存在的问题, with how the sentence names them.
DROP_LABELS = {
    "members_joined": "新发展会员", "study_sessions": "学习培训", "meetings": "工会会议",
    "competitions": "劳动竞赛", "suggestions_collected": "征集合理化建议", "innovations": "技术革新项目",
    "honours": "获得各级荣誉", "aid_person_times": "帮扶慰问", "women_activities": "女职工活动",
    "culture_events": "文体活动", "articles": "宣传稿件", "openness_events": "厂务公开",
    "proposals_received": "职代会提案",
}

# The indicators behind each narrative section: when all of them are zero the section is left out, and
# 存在的问题 names it as having no records.
_SECTION_CODES = {
    "study": ("study_sessions",),
    "democracy": ("proposals_received", "openness_events", "contract_workers_covered_general",
                  "mediation_received"),
    "competition": ("competitions", "suggestions_collected", "innovations", "honours"),
    "aid": ("aid_households", "aid_person_times", "aid_amount", "aid_goods_value", "hardship_files",
            "welfare_recipients", "welfare_person_times", "welfare_amount", "welfare_goods_value"),
    "women": ("women_activities",),
    "culture": ("culture_events", "articles"),
}


def _ordinal(i: int) -> str:
    return f"{CN_NUMERALS[i]}是" if i < len(CN_NUMERALS) else ""


def _listed(items: list[list[Run]], intro: list[Run], end: str = "。") -> list[Run]:
    """intro + 一是…；二是…；三是….  (a single item without its ordinal)"""
    if len(items) == 1:
        return intro + items[0] + [end]
    runs = list(intro)
    for i, item in enumerate(items):
        runs += ([] if not i else ["；"]) + [_ordinal(i)] + item
    return runs + [end]


def _lead(ctx: SummaryContext) -> str:
    """Who acts in the opening and the plans: 我会 (a union or federation), 我分会, 本小组."""
    return {"branch": "我分会", "group": "本小组"}.get(ctx.org.kind, "我会")


def _value(ctx: SummaryContext, code: str):
    return ctx.values.get(code) if code in INDICATORS else None


# --- the opening ---------------------------------------------------------------------------------------------

# The period's main work as the opening names it, in the order of the sections: (code, words) of its main
# number, then (code, words) of the number written after it when there is one.
MAIN_WORK = (
    (("competitions", "组织开展劳动竞赛"), ("competition_rewards", "、发放竞赛奖励")),
    (("suggestions_collected", "征集合理化建议"), ("suggestions_value", "、创经济效益")),
    (("study_sessions", "举办学习培训"), ("study_person_times", "、")),
    (("aid_person_times", "慰问帮扶职工"), ("aid_amount", "、发放慰问金")),
    (("culture_events", "组织文体活动"), ("culture_person_times", "、职工参与")),
    (("mediation_received", "调解劳动争议"),),
    (("proposals_received", "办理职代会提案"),),
    (("honours", "获得各级荣誉"),),
    (("women_activities", "开展女职工活动"),),
)


def _main_work(ctx: SummaryContext) -> list[list[Run]]:
    """The period's main work, each with its largest numbers (people reached, money spent)."""
    w = ctx.w
    works: list[list[Run]] = []
    for (code, words), *after in MAIN_WORK:
        if not w.has(code):
            continue
        runs: list[Run] = [words, w.num(code)]
        for extra, extra_words in after:
            if w.has(extra):
                runs += [extra_words, w.num(extra)]
        works.append(runs)
    return works[:MAX_MAIN_WORK]


def opening_paragraph(ctx: SummaryContext) -> Paragraph:
    pw, lead = ctx.pw, _lead(ctx)
    runs: list[Run] = [f"{pw}，{lead}在上级工会和同级党组织的领导下，坚持围绕中心、服务大局，"
                       "团结动员广大职工建功立业，依法维护职工合法权益，各项工作取得了新的成效"]
    works = _main_work(ctx)
    runs += (["：共"] + join_runs(works, "，") if works else []) + ["。"]
    runs.append(f"现将{pw}工作总结如下。" if pw != "本期" else "现将有关工作总结如下。")
    return clean_paragraph(runs)


# --- 存在的问题 ------------------------------------------------------------------------------------------------

def _drops(ctx: SummaryContext) -> list[list[Run]]:
    """The flows down on last year, the largest relative falls first."""
    found = []
    for code, label in DROP_LABELS.items():
        now, before = ctx.values.get(code), ctx.last_year.get(code)
        if code not in INDICATORS or not before or (now or 0) >= before:
            continue
        change = ctx.w.change(code)  # ["，同比减少", Field]
        found.append(((before - (now or 0)) / before, [label, change[0].removeprefix("，"), *change[1:]]))
    found.sort(key=lambda item: -item[0])
    return [runs for _share, runs in found[:MAX_DROPS]]


def silent_parts(ctx: SummaryContext) -> list:
    """The branches and groups straight under the org (a federation's unions) with nothing recorded in the
    period: the codes of the tables' 提示, in one grouped breakdown, computed once per summary."""
    if ctx.silent is None:
        # the direct children that existed in the period: a union's branches and the groups straight under it
        parts = list(org_children(viewer=ctx.viewer, org=ctx.org).exclude(founded_on__gt=ctx.period.end)
                     .exclude(dissolved_on__lt=ctx.period.start))
        codes = [c for c in ACTIVITY_CODES if c in INDICATORS]
        values = compute_breakdown(ctx.org, ctx.period, codes, children=parts) if parts else {}
        ctx.silent = [p for p in parts if not any(values[p.pk].get(c) for c in codes)]
    return ctx.silent


def _names(orgs) -> str:
    names = "、".join(o.name for o in orgs[:MAX_SILENT])
    return names + ("等" if len(orgs) > MAX_SILENT else "")


def section_problems(ctx: SummaryContext) -> Section:
    w = ctx.w
    facts: list[list[Run]] = []
    drops = _drops(ctx)
    if drops:
        facts.append(["部分工作同比有所下降，"] + join_runs(drops, "、"))
    silent = silent_parts(ctx)
    if silent:
        facts.append([f"工作开展还不平衡，{_names(silent)}{ctx.pw}没有工作台账和会员发展记录"])
    late: list[list[Run]] = []
    if w.has("mediation_overdue"):
        late.append(["受理的劳动争议中有", w.num("mediation_overdue"), "未在受理后15日内结案"])
    if w.has("tasks_overdue"):
        late.append(["上级交办任务中有", w.num("tasks_overdue"), "逾期未完成"])
    if late:
        facts.append(["有的工作没有按期完成，"] + join_runs(late, "，"))
    rate = _value(ctx, "membership_rate")
    if rate is not None and rate < FULL and w.has("workers"):
        facts.append(["入会率为", w.num("membership_rate"), "，还有职工没有加入工会，组建和发展会员工作仍需加强"])
    dues = _value(ctx, DUES_RATE)
    if dues is not None and dues < FULL:
        facts.append(["会费收缴率为", w.num(DUES_RATE), "，会费还没有做到应收尽收"])
    missing = [HEADINGS[k] for k, codes in _SECTION_CODES.items() if not w.has(*codes)]
    if missing:
        facts.append([f"{'、'.join(missing)}方面{ctx.pw}没有记录，相关工作有待加强"])
    if not facts:
        text = (f"{ctx.pw}各项工作总体平稳，但对照上级工会的要求和职工群众的期盼，工作的创新性和服务职工的"
                "精准度还有待提高。")
        return Section("problems", HEADINGS["problems"], [Paragraph([text])])
    intro: list[Run] = ["对照年初工作计划和职工群众的期盼，工作中还存在一些不足" + ("：" if len(facts) > 1 else "，")]
    paragraphs = [clean_paragraph(_listed(facts, intro)),
                  Paragraph(["对这些问题，我们将认真分析原因，在今后的工作中切实加以改进。"])]
    return Section("problems", HEADINGS["problems"], paragraphs)


# --- 下一步打算 ------------------------------------------------------------------------------------------------

def section_plans(ctx: SummaryContext) -> Section:
    w, nxt, lead = ctx.w, next_period_word(ctx.period), _lead(ctx)
    items: list[list[Run]] = []
    if w.has("competitions_ongoing"):
        ongoing = ctx.entries("competition", from_start=False).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=ctx.period.end))
        titles = [quoted(strip_year(e.title)) for e in ongoing.order_by("date", "id")]
        names = name_list(titles)
        if names and len(set(titles)) == len(titles) <= MAX_NAMED:  # all of them named: no count needed
            items.append([f"继续推进仍在进行的{names}，做好检查评比和总结表彰"])
        else:
            items.append(["继续推进" + (f"{names}等" if names else ""), w.num("competitions_ongoing"),
                          "仍在进行的劳动竞赛，做好检查评比和总结表彰"])
    if w.has("tasks_open"):
        items.append(["抓紧办理尚未完成的上级交办任务", w.num("tasks_open"), "，确保按期办结"])
    if w.has("suggestions_in_progress"):
        items.append(["跟踪推进正在实施的合理化建议", w.num("suggestions_in_progress"), "，推动建议落地见效"])
    expiring = entry_list(viewer=ctx.viewer, kind=get_kind("contract"), org=ctx.org).filter(
        end_on__gt=ctx.period.end, end_on__lte=ctx.period.end + dt.timedelta(days=183))
    contracts = name_list(f"{e.get_contract_type_display()}（{date_text(e.end_on)}到期）" for e in expiring)
    if contracts:
        items.append([f"提前做好{contracts}的协商续签工作"])
    rate = _value(ctx, "membership_rate")
    if rate is not None and rate < FULL and w.has("workers"):
        items.append(["继续做好职工入会工作，努力做到应入尽入"])
    dues = _value(ctx, DUES_RATE)
    if dues is not None and dues < FULL:
        items.append(["加强会费收缴，做到应收尽收"])
    if w.has("mediation_overdue"):
        items.append(["规范劳动争议调解程序，做到案件在受理后15日内结案"])
    silent = silent_parts(ctx)
    if silent:
        items.append([f"加强对{_names(silent)}的工作指导，推动各项工作均衡开展"])
    items.append(["加强工会自身建设，规范工作台账和工会经费管理，不断提高服务职工的能力"])
    intro: list[Run] = [f"{nxt}，{lead}将紧紧围绕上级工会的工作部署，结合本单位实际，重点做好以下工作："]
    return Section("plans", HEADINGS["plans"], [clean_paragraph(_listed(items, intro))])
