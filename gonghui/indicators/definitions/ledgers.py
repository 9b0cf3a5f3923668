"""The work ledgers: entries dated in the period (flows) and those in force at its end."""

from __future__ import annotations

import datetime as dt

from django.db.models import DateField, ExpressionWrapper, F, Q

from gonghui.indicators.definitions.measures import count, flow, in_force, in_period, sum_of
from gonghui.indicators.registry import MONEY, indicator
from gonghui.ledgers import choices as c
from gonghui.ledgers import models as lm
from gonghui.orgs.tree import subtree_q


@indicator("meetings", "会议", "次", "期间内的会议记录", source="meeting")
def meetings(org, period):
    return flow(lm.Meeting, org, period)


@indicator("study_sessions", "学习培训场次", "场", "期间内的学习培训记录", source="study")
def study_sessions(org, period):
    return flow(lm.Study, org, period)


@indicator("study_person_times", "学习培训人次", "人次", "期间内学习培训的人次之和", source="study")
def study_person_times(org, period):
    return flow(lm.Study, org, period, op="sum", field="person_times")


@indicator("culture_events", "文体活动次数", "次", "期间内的文体活动记录", source="culture")
def culture_events(org, period):
    return flow(lm.Culture, org, period)


@indicator("culture_person_times", "文体活动人次", "人次", "期间内文体活动的人次之和", source="culture")
def culture_person_times(org, period):
    return flow(lm.Culture, org, period, op="sum", field="person_times")


@indicator("culture_awards", "文体活动获奖", "项", "期间内填有获奖情况的文体活动", source="culture")
def culture_awards(org, period):
    return flow(lm.Culture, org, period, ~Q(awards=""))


def _competitions(org, period):
    return lm.Competition.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start),
        subtree_q(org.path, "org__"), date__lte=period.end,
    )


@indicator("competitions", "劳动竞赛", "项", "起止日期与期间有交集的劳动竞赛（未填结束日期视为仍在进行）",
           source="competition")
def competitions(org, period):
    return count(_competitions(org, period))


@indicator("competition_rewards", "劳动竞赛奖励金额", "元", "上述劳动竞赛的奖励金额之和", kind=MONEY,
           source="competition")
def competition_rewards(org, period):
    return sum_of(_competitions(org, period), "reward_amount")


@indicator("competitions_ankang", "“安康杯”竞赛", "项", "起止日期与期间有交集的“安康杯”竞赛", source="competition")
def competitions_ankang(org, period):
    return count(_competitions(org, period), Q(competition_type=c.CompetitionType.ANKANG))


@indicator("competitions_ongoing", "期末仍在进行的劳动竞赛", "项",
           "开始日期不晚于期末、结束日期为空或晚于期末的劳动竞赛", source="competition")
def competitions_ongoing(org, period):
    return count(lm.Competition.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=period.end), subtree_q(org.path, "org__"),
        date__lte=period.end))


COLLECTED = Q(category__in=[c.SuggestionCategory.GOLDEN_IDEA, c.SuggestionCategory.RATIONALISATION])


def _suggestions(org, period, where, op="count", field="pk"):
    return flow(lm.Suggestion, org, period, where, op, field)


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
    return flow(lm.Honour, org, period)


@indicator("hardship_files", "在档困难职工", "人", "期末在档的困难职工档案（建档日期至解困日期）", source="hardship")
def hardship_files(org, period):
    return count(in_force(lm.Hardship, org, period.end, end="resolved_on"))


# 帮扶慰问 holds hardship aid and member welfare (结婚, 生育, 丧事, 生日, 退休, 节日慰问; 住院/大病 as its 性质
# says): the aid indicators count hardship aid only, the welfare indicators the rest (ledgers.choices).
WELFARE = Q(aid_type__in=c.AID_WELFARE_TYPES) | (~Q(aid_type__in=c.AID_HARDSHIP_TYPES) & Q(nature=c.AidNature.WELFARE))
HARDSHIP = ~WELFARE


def _aid(code: str, name: str, unit: str, definition: str, where: Q, op: str, field: str, **kw) -> None:
    """One measure of 帮扶慰问 entries dated in the period: hardship aid or member welfare, summed or counted."""

    @indicator(code, name, unit, definition, source="aid", **kw)
    def measure(org, period):
        return flow(lm.Aid, org, period, where, op=op, field=field)

    measure.__name__ = measure.__qualname__ = code


_NOT_WELFARE = "（不含会员福利性慰问）"
_aid("aid_households", "帮扶户数", "户", "期间内困难帮扶的不同受助人数" + _NOT_WELFARE, HARDSHIP, "distinct",
     "recipient", distinct=True)
_aid("aid_person_times", "帮扶人次", "人次", "期间内困难帮扶的人次之和" + _NOT_WELFARE, HARDSHIP, "sum", "person_times")
_aid("aid_amount", "帮扶金额", "元", "期间内困难帮扶的金额之和" + _NOT_WELFARE, HARDSHIP, "sum", "amount", kind=MONEY)
_aid("aid_goods_value", "帮扶物品折价", "元", "期间内困难帮扶的物品折价之和" + _NOT_WELFARE, HARDSHIP, "sum",
     "goods_value", kind=MONEY)
_aid("welfare_recipients", "会员慰问人数", "人",
     "期间内会员福利性慰问（结婚、生育、丧事、生日、退休、节日慰问，及性质为会员福利的住院、大病慰问等）的不同受慰问人数",
     WELFARE, "distinct", "recipient", distinct=True)
_aid("welfare_person_times", "会员慰问人次", "人次", "期间内会员福利性慰问的人次之和", WELFARE, "sum", "person_times")
_aid("welfare_amount", "会员慰问金额", "元", "期间内会员福利性慰问的金额之和", WELFARE, "sum", "amount", kind=MONEY)
_aid("welfare_goods_value", "会员慰问物品折价", "元", "期间内会员福利性慰问的物品折价之和", WELFARE, "sum", "goods_value",
     kind=MONEY)


@indicator("mediation_received", "调解受理", "件", "期间内受理的劳动争议", source="mediation")
def mediation_received(org, period):
    return flow(lm.Mediation, org, period)


@indicator("mediation_succeeded", "调解成功", "件", "其中调解成功", source="mediation")
def mediation_succeeded(org, period):
    return flow(lm.Mediation, org, period, Q(status=c.MediationStatus.SUCCEEDED))


@indicator("mediation_overdue", "调解超期", "件", "其中未在受理日期后15日内结案的（未结案件按期末判断）",
           source="mediation")
def mediation_overdue(org, period):
    deadline = ExpressionWrapper(F("date") + dt.timedelta(days=15), output_field=DateField())
    qs = in_period(lm.Mediation, org, period).annotate(deadline=deadline)
    return count(qs.filter(
        Q(closed_on__isnull=False, closed_on__gt=F("deadline"))
        | Q(closed_on__isnull=True, deadline__lt=period.end)
    ))


@indicator("articles", "宣传稿件", "篇", "期间内的宣传报道记录", source="publicity")
def articles(org, period):
    return flow(lm.Publicity, org, period)


@indicator("openness_events", "厂务公开", "次", "期间内的厂务公开记录", source="openness")
def openness_events(org, period):
    return flow(lm.Openness, org, period)


@indicator("contract_workers_covered", "集体合同覆盖职工", "人", "期末有效（期限开始至期限结束）的集体合同覆盖职工数之和",
           source="contract")
def contract_workers_covered(org, period):
    return sum_of(in_force(lm.Contract, org, period.end, start="start_on", end="end_on"), "workers_covered")


@indicator("contract_workers_covered_general", "综合集体合同覆盖职工", "人",
           "期末有效的综合集体合同覆盖职工数之和（专项合同覆盖的是同一批职工，不再重复计）", source="contract")
def contract_workers_covered_general(org, period):
    return sum_of(in_force(lm.Contract, org, period.end, start="start_on", end="end_on"), "workers_covered",
                Q(contract_type=c.ContractType.GENERAL))


@indicator("contracts_in_force", "有效集体合同", "份", "期末有效（期限开始至期限结束）的集体合同（含专项合同）",
           source="contract")
def contracts_in_force(org, period):
    return count(in_force(lm.Contract, org, period.end, start="start_on", end="end_on"))


@indicator("proposals_received", "职代会提案", "件", "期间内的提案", source="proposal")
def proposals_received(org, period):
    return flow(lm.Proposal, org, period)


@indicator("proposals_closed", "提案办结", "件", "其中状态为办结", source="proposal")
def proposals_closed(org, period):
    return flow(lm.Proposal, org, period, Q(status=c.ProposalStatus.CLOSED))


@indicator("tasks_assigned", "上级交办任务", "项", "期间内交办的任务", source="task")
def tasks_assigned(org, period):
    return flow(lm.Task, org, period)


@indicator("tasks_on_time", "按期完成", "项", "其中完成日期不晚于期限的", source="task")
def tasks_on_time(org, period):
    return flow(lm.Task, org, period, Q(completed_on__isnull=False, completed_on__lte=F("due_on")))


@indicator("tasks_overdue", "逾期", "项", "其中完成日期晚于期限的，或期末仍未完成且已过期限的", source="task")
def tasks_overdue(org, period):
    return count(in_period(lm.Task, org, period).filter(
        Q(completed_on__isnull=False, completed_on__gt=F("due_on"))
        | Q(due_on__lt=period.end) & (Q(completed_on__isnull=True) | Q(completed_on__gt=period.end))))


@indicator("tasks_open", "期末未完成的上级交办任务", "项", "交办日期不晚于期末、期末尚未完成的任务（含以前各期交办的）",
           source="task")
def tasks_open(org, period):
    return count(lm.Task.objects.filter(subtree_q(org.path, "org__"), date__lte=period.end).filter(
        Q(completed_on__isnull=True) | Q(completed_on__gt=period.end)))


@indicator("women_activities", "女职工工作", "次", "期间内的女职工工作记录", source="women")
def women_activities(org, period):
    return flow(lm.Women, org, period)
