"""The indicator definitions. Each function takes (org, period) and returns a `Measure`: one set-based
query, unevaluated, that the registry runs whole (`compute`) or grouped per child org (`compute_breakdown`).
Sub-counts (女职工, 已采纳, ...) are a `where` on the same QuerySet, so the registry runs them in one query.
Entries counted by their date within the period are flows (`_flow`, `date="date"`): the registry may count
the months of a period in one query. Stocks (期末 values) and 调解超期 (judged at the period's end) are not.

"In force at a date": started on or before it and not ended before it (an end date equal to it still
counts). Ledger entries belong to the org subtree by the entry's org; people by their current org;
membership by the org that held the 会籍 at the event.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import DateField, ExpressionWrapper, F, Q

from gonghui.indicators.registry import MONEY, RATE, Measure, indicator
from gonghui.ledgers import choices as c
from gonghui.ledgers import models as lm
from gonghui.orgs.tree import in_force_q, subtree, subtree_q
from gonghui.people.models import MembershipEvent, Person, Position
from gonghui.people.selectors import members_at, membership_events_between

K = MembershipEvent.Kind


def _in_period(model, org, period, field="date"):
    return model.objects.filter(subtree_q(org.path, "org__"), **{f"{field}__gte": period.start,
                                                                   f"{field}__lte": period.end})


def _in_force(model, org, on: dt.date, start="date", end=None):
    q = subtree_q(org.path, "org__") & Q(**{f"{start}__lte": on})
    if end:
        q &= Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on})
    return model.objects.filter(q)


def _sum(qs, field, where=None):
    return Measure(qs, "sum", field, where)


def _count(qs, where=None, path="org__path"):
    return Measure(qs, where=where, path=path)


def _flow(model, org, period, where=None, op="count", field="pk"):
    """The entries dated in the period: a flow (`date`), so the registry may count several periods at once."""
    return Measure(_in_period(model, org, period), op, field, where, date="date")


# --- people and membership ---------------------------------------------------------------------------

def _workers(org, period):
    return Person.objects.filter(
        Q(hired_on__isnull=True) | Q(hired_on__lte=period.end),
        subtree_q(org.path, "org__"), work_status="active",
    )


@indicator("workers", "职工人数", "人", "在职、入职日期（已知时）不晚于期末的职工", source="people")
def workers(org, period):
    return _count(_workers(org, period))


@indicator("workers_female", "女职工", "人", "职工人数中的女性", source="people")
def workers_female(org, period):
    return _count(_workers(org, period), Q(gender="F"))


@indicator("workers_dispatched", "劳务派遣职工", "人", "职工人数中用工形式为劳务派遣的", source="people")
def workers_dispatched(org, period):
    return _count(_workers(org, period), Q(employment_type="dispatched"))


@indicator("members", "会员人数", "人", "期末会籍在册（按会籍变动记录）的会员", source="membership")
def members(org, period):
    return _count(members_at(org, period.end))


@indicator("members_female", "女会员", "人", "期末在册会员中的女性", source="membership")
def members_female(org, period):
    return _count(members_at(org, period.end), Q(person__gender="F"))


@indicator("members_migrant", "农民工会员", "人", "期末在册会员中的农民工", source="membership")
def members_migrant(org, period):
    return _count(members_at(org, period.end), Q(person__is_migrant_worker=True))


@indicator("members_dispatched", "劳务派遣会员", "人", "期末在册会员中用工形式为劳务派遣的", source="membership")
def members_dispatched(org, period):
    return _count(members_at(org, period.end), Q(person__employment_type="dispatched"))


@indicator("members_retained", "保留会籍会员", "人", "期末处于保留会籍状态的会员（最近一次会籍变动为保留会籍）",
           source="membership")
def members_retained(org, period):
    on = period.end
    return _count(MembershipEvent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=on),
        subtree_q(org.path, "org__"), kind=K.RETAIN, date__lte=on,
    ))


EVENT_KINDS = [K.JOIN, K.TRANSFER_IN, K.TRANSFER_OUT, K.LEAVE, K.EXPEL]


def _events(org, period, kinds):
    # One QuerySet for the four flows (the kind is a `where`), so they are counted in one query.
    events = membership_events_between(org, EVENT_KINDS, period.start, period.end)
    return Measure(events, where=Q(kind__in=list(kinds)), date="date")


@indicator("members_joined", "新入会", "人", "期间内的入会记录", source="membership")
def members_joined(org, period):
    return _events(org, period, [K.JOIN])


@indicator("members_transferred_in", "转入", "人", "期间内的转入记录", source="membership")
def members_transferred_in(org, period):
    return _events(org, period, [K.TRANSFER_IN])


@indicator("members_transferred_out", "转出", "人", "期间内的转出记录", source="membership")
def members_transferred_out(org, period):
    return _events(org, period, [K.TRANSFER_OUT])


@indicator("members_left", "退会", "人", "期间内的退会与除名记录", source="membership")
def members_left(org, period):
    return _events(org, period, [K.LEAVE, K.EXPEL])


@indicator("membership_rate", "入会率", "%", "会员人数 ÷ 职工人数 × 100，保留一位小数", kind=RATE)
def membership_rate(org, period):  # computed from members and workers by registry.compute
    from gonghui.indicators.registry import compute

    return compute(org, period, ["membership_rate"])["membership_rate"]


# --- organisation --------------------------------------------------------------------------------------

def _orgs(org, period, kind):
    return _count(subtree(org).filter(in_force_q(period.end)), Q(kind=kind),
                  path="path")


@indicator("branches", "分会数", "个", "期末存续的分会/车间工会", source="orgs")
def branches(org, period):
    return _orgs(org, period, "branch")


@indicator("groups", "小组数", "个", "期末存续的工会小组", source="orgs")
def groups(org, period):
    return _orgs(org, period, "group")


def _positions(org, period, title):
    return _count(Position.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=period.end),
        subtree_q(org.path, "org__"), start_on__lte=period.end,
    ), Q(title=title))


@indicator("unions", "基层工会数", "个", "期末存续的基层工会（含联合基层工会）", source="orgs")
def unions(org, period):
    return _orgs(org, period, "union")


@indicator("group_leaders", "工会小组长", "人", "期末在任的工会小组长", source="positions")
def group_leaders(org, period):
    return _positions(org, period, Position.Title.GROUP_LEADER)


@indicator("safety_monitors", "劳动保护监督员", "人", "期末在任的劳动保护监督员", source="positions")
def safety_monitors(org, period):
    return _positions(org, period, Position.Title.SAFETY_MONITOR)


@indicator("rules", "制度", "项", "期末有效的制度（制定日期至废止日期）", source="rule")
def rules(org, period):
    return _count(_in_force(lm.Rule, org, period.end, end="repealed_on"))


# --- ledgers -------------------------------------------------------------------------------------------

@indicator("meetings", "会议", "次", "期间内的会议记录", source="meeting")
def meetings(org, period):
    return _flow(lm.Meeting, org, period)


@indicator("study_sessions", "学习培训场次", "场", "期间内的学习培训记录", source="study")
def study_sessions(org, period):
    return _flow(lm.Study, org, period)


@indicator("study_person_times", "学习培训人次", "人次", "期间内学习培训的人次之和", source="study")
def study_person_times(org, period):
    return _flow(lm.Study, org, period, op="sum", field="person_times")


@indicator("culture_events", "文体活动次数", "次", "期间内的文体活动记录", source="culture")
def culture_events(org, period):
    return _flow(lm.Culture, org, period)


@indicator("culture_person_times", "文体活动人次", "人次", "期间内文体活动的人次之和", source="culture")
def culture_person_times(org, period):
    return _flow(lm.Culture, org, period, op="sum", field="person_times")


@indicator("culture_awards", "文体活动获奖", "项", "期间内填有获奖情况的文体活动", source="culture")
def culture_awards(org, period):
    return _flow(lm.Culture, org, period, ~Q(awards=""))


def _competitions(org, period):
    return lm.Competition.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start),
        subtree_q(org.path, "org__"), date__lte=period.end,
    )


@indicator("competitions", "劳动竞赛", "项", "起止日期与期间有交集的劳动竞赛（未填结束日期视为仍在进行）",
           source="competition")
def competitions(org, period):
    return _count(_competitions(org, period))


@indicator("competition_rewards", "劳动竞赛奖励金额", "元", "上述劳动竞赛的奖励金额之和", kind=MONEY,
           source="competition")
def competition_rewards(org, period):
    return _sum(_competitions(org, period), "reward_amount")


@indicator("competitions_ankang", "“安康杯”竞赛", "项", "起止日期与期间有交集的“安康杯”竞赛", source="competition")
def competitions_ankang(org, period):
    return _count(_competitions(org, period), Q(competition_type=c.CompetitionType.ANKANG))


COLLECTED = Q(category__in=[c.SuggestionCategory.GOLDEN_IDEA, c.SuggestionCategory.RATIONALISATION])


def _suggestions(org, period, where, op="count", field="pk"):
    return _flow(lm.Suggestion, org, period, where, op, field)


def _collected(org, period, where=None):
    return _suggestions(org, period, COLLECTED & where if where is not None else COLLECTED)


@indicator("suggestions_collected", "征集金点子/合理化建议", "条", "期间内提出的金点子和合理化建议",
           source="suggestion")
def suggestions_collected(org, period):
    return _collected(org, period)


@indicator("suggestions_adopted", "采纳", "条", "其中状态为已采纳、实施中或已实施", source="suggestion")
def suggestions_adopted(org, period):
    return _collected(org, period, Q(status__in=[
        c.SuggestionStatus.ADOPTED, c.SuggestionStatus.IN_PROGRESS, c.SuggestionStatus.IMPLEMENTED]))


@indicator("suggestions_implemented", "已实施", "项", "其中状态为已实施", source="suggestion")
def suggestions_implemented(org, period):
    return _collected(org, period, Q(status=c.SuggestionStatus.IMPLEMENTED))


@indicator("suggestions_in_progress", "实施中", "项", "其中状态为实施中", source="suggestion")
def suggestions_in_progress(org, period):
    return _collected(org, period, Q(status=c.SuggestionStatus.IN_PROGRESS))


@indicator("suggestions_to_decision", "提交决策", "项", "其中状态为提交决策", source="suggestion")
def suggestions_to_decision(org, period):
    return _collected(org, period, Q(status=c.SuggestionStatus.TO_DECISION))


@indicator("suggestions_value", "建议经济效益", "元", "期间内征集的金点子和合理化建议的经济效益之和", kind=MONEY,
           source="suggestion")
def suggestions_value(org, period):
    return _suggestions(org, period, COLLECTED, "sum", "economic_value")


INNOVATION = Q(category=c.SuggestionCategory.INNOVATION)


@indicator("innovations", "小改小革(技术革新)项目", "项", "期间内提出的技术革新", source="suggestion")
def innovations(org, period):
    return _suggestions(org, period, INNOVATION)


@indicator("innovations_value", "技术革新经济价值", "元", "期间内技术革新的经济效益之和", kind=MONEY,
           source="suggestion")
def innovations_value(org, period):
    return _suggestions(org, period, INNOVATION, "sum", "economic_value")


@indicator("honours", "荣誉", "项", "期间内授予的荣誉", source="honour")
def honours(org, period):
    return _flow(lm.Honour, org, period)


@indicator("hardship_files", "在档困难职工", "人", "期末在档的困难职工档案（建档日期至解困日期）", source="hardship")
def hardship_files(org, period):
    return _count(_in_force(lm.Hardship, org, period.end, end="resolved_on"))


@indicator("aid_households", "帮扶户数", "户", "期间内帮扶慰问的不同受助人数", source="aid")
def aid_households(org, period):
    return _flow(lm.Aid, org, period, op="distinct", field="recipient")


@indicator("aid_person_times", "帮扶人次", "人次", "期间内帮扶慰问的人次之和", source="aid")
def aid_person_times(org, period):
    return _flow(lm.Aid, org, period, op="sum", field="person_times")


@indicator("aid_amount", "帮扶金额", "元", "期间内帮扶慰问的金额之和", kind=MONEY, source="aid")
def aid_amount(org, period):
    return _flow(lm.Aid, org, period, op="sum", field="amount")


@indicator("aid_goods_value", "帮扶物品折价", "元", "期间内帮扶慰问的物品折价之和", kind=MONEY, source="aid")
def aid_goods_value(org, period):
    return _flow(lm.Aid, org, period, op="sum", field="goods_value")


@indicator("mediation_received", "调解受理", "件", "期间内受理的劳动争议", source="mediation")
def mediation_received(org, period):
    return _flow(lm.Mediation, org, period)


@indicator("mediation_succeeded", "调解成功", "件", "其中调解成功", source="mediation")
def mediation_succeeded(org, period):
    return _flow(lm.Mediation, org, period, Q(status=c.MediationStatus.SUCCEEDED))


@indicator("mediation_overdue", "调解超期", "件", "其中未在受理日期后15日内结案的（未结案件按期末判断）",
           source="mediation")
def mediation_overdue(org, period):
    deadline = ExpressionWrapper(F("date") + dt.timedelta(days=15), output_field=DateField())
    qs = _in_period(lm.Mediation, org, period).annotate(deadline=deadline)
    return _count(qs.filter(
        Q(closed_on__isnull=False, closed_on__gt=F("deadline"))
        | Q(closed_on__isnull=True, deadline__lt=period.end)
    ))


@indicator("articles", "宣传稿件", "篇", "期间内的宣传报道记录", source="publicity")
def articles(org, period):
    return _flow(lm.Publicity, org, period)


@indicator("openness_events", "厂务公开", "次", "期间内的厂务公开记录", source="openness")
def openness_events(org, period):
    return _flow(lm.Openness, org, period)


@indicator("contract_workers_covered", "集体合同覆盖职工", "人", "期末有效（期限开始至期限结束）的集体合同覆盖职工数之和",
           source="contract")
def contract_workers_covered(org, period):
    return _sum(_in_force(lm.Contract, org, period.end, start="start_on", end="end_on"), "workers_covered")


@indicator("contract_workers_covered_general", "综合集体合同覆盖职工", "人",
           "期末有效的综合集体合同覆盖职工数之和（专项合同覆盖的是同一批职工，不再重复计）", source="contract")
def contract_workers_covered_general(org, period):
    return _sum(_in_force(lm.Contract, org, period.end, start="start_on", end="end_on"), "workers_covered",
                Q(contract_type=c.ContractType.GENERAL))


@indicator("proposals_received", "职代会提案", "件", "期间内的提案", source="proposal")
def proposals_received(org, period):
    return _flow(lm.Proposal, org, period)


@indicator("proposals_closed", "提案办结", "件", "其中状态为办结", source="proposal")
def proposals_closed(org, period):
    return _flow(lm.Proposal, org, period, Q(status=c.ProposalStatus.CLOSED))


@indicator("tasks_assigned", "上级交办任务", "项", "期间内交办的任务", source="task")
def tasks_assigned(org, period):
    return _flow(lm.Task, org, period)


@indicator("tasks_on_time", "按期完成", "项", "其中完成日期不晚于期限的", source="task")
def tasks_on_time(org, period):
    return _flow(lm.Task, org, period, Q(completed_on__isnull=False, completed_on__lte=F("due_on")))


@indicator("women_activities", "女职工工作", "次", "期间内的女职工工作记录", source="women")
def women_activities(org, period):
    return _flow(lm.Women, org, period)
