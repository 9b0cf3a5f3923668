"""The sections on the union's work for its members: 劳动竞赛与职工创新, 帮扶与服务, 女职工工作, 文体活动与宣传,
经费管理 (会费 and the books)."""

from __future__ import annotations

from django.db.models import Q

from gonghui.indicators.definitions.ledgers import HARDSHIP, WELFARE
from gonghui.indicators.registry import INDICATORS
from gonghui.reports.summary.context import SummaryContext
from gonghui.reports.summary.model import HEADINGS, Run, Section
from gonghui.reports.summary.wording import (
    MAX_NAMED,
    awarded_text,
    clean_paragraph,
    join_runs,
    name_list,
    quoted,
    strip_year,
)

_LEVEL_RANK = {"national": 5, "province": 4, "city": 3, "county": 2, "enterprise": 1}


def section_competition(ctx: SummaryContext) -> Section | None:
    w, pw = ctx.w, ctx.pw
    paras = []
    if w.has("competitions"):
        runs: list[Run] = [f"{pw}组织开展各类劳动竞赛", w.num("competitions"), *w.change("competitions")]
        overlapping = ctx.entries("competition", from_start=False).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=ctx.period.start))
        named = name_list(quoted(strip_year(e.title)) for e in overlapping.order_by("date", "id"))
        if named:
            runs.append(f"，包括{named}等")
        if w.has("competition_rewards"):
            runs += ["，发放竞赛奖励", w.num("competition_rewards")]
        runs.append("。")
        won = [e for e in overlapping.exclude(title_awarded="").order_by("date", "id")]
        if won:
            runs.append("通过竞赛，" + "；".join(
                f"{quoted(strip_year(e.title))}评出{awarded_text(e.title, e.title_awarded)}"
                for e in won[:MAX_NAMED]) + "。")
        paras.append(clean_paragraph(runs))
    if w.has("suggestions_collected"):
        runs = [f"深入开展“金点子”和合理化建议征集活动，{pw}共征集“金点子”和合理化建议",
                w.num("suggestions_collected"), *w.change("suggestions_collected")]
        subs = []
        if w.has("suggestions_adopted"):
            subs.append(["已采纳", w.num("suggestions_adopted")])
        if w.has("suggestions_implemented"):
            subs.append(["已实施完成", w.num("suggestions_implemented")])
        if w.has("suggestions_in_progress"):
            subs.append(["正在实施", w.num("suggestions_in_progress")])
        if w.has("suggestions_to_decision"):
            subs.append(["提交决策讨论", w.num("suggestions_to_decision")])
        if subs:
            runs += ["，其中"] + join_runs(subs)
        if w.has("suggestions_value"):
            runs += ["，创经济效益", w.num("suggestions_value")]
        paras.append(clean_paragraph(runs + ["。"]))
    if w.has("innovations"):
        runs = [f"大力开展技术革新活动，{pw}完成小改小革（技术革新）项目", w.num("innovations")]
        if w.has("innovations_value"):
            runs += ["，创经济价值", w.num("innovations_value")]
        paras.append(clean_paragraph(runs + ["。"]))
    if w.has("honours"):
        honours = ctx.entries("honour").select_related("recipient_person", "recipient_org")
        ranked = sorted(honours, key=lambda e: (-_LEVEL_RANK.get(e.level, 0), e.date, e.id))
        named = name_list(f"{_recipient(e)}获{quoted(strip_year(e.honour_name))}" for e in ranked)
        runs = [f"{pw}，{ctx.we}集体和个人共获得各级荣誉", w.num("honours"), *w.change("honours")]
        if named:
            runs.append(f"，其中{named}")
        paras.append(clean_paragraph(runs + ["。"]))
    return Section("competition", HEADINGS["competition"], paras)


def section_aid(ctx: SummaryContext) -> Section | None:
    w, pw = ctx.w, ctx.pw
    paras = []
    aid = ctx.entries("aid").order_by("date", "id")
    if w.has("aid_households", "aid_person_times", "aid_amount", "aid_goods_value"):
        types = name_list(e.get_aid_type_display() for e in aid.filter(HARDSHIP))  # the aid indicators' rows
        runs: list[Run] = [f"{pw}开展{types or '帮扶慰问'}等帮扶工作，慰问帮扶职工"]
        people = [w.num(c) for c in ("aid_households", "aid_person_times") if w.has(c)]
        runs += join_runs([[p] for p in people])
        money = []
        if w.has("aid_amount"):
            money.append(["发放慰问金", w.num("aid_amount"), *w.change("aid_amount")])
        if w.has("aid_goods_value"):
            money.append(["慰问物品折价", w.num("aid_goods_value")])
        if money:
            runs += ["，"] + join_runs(money, "，")
        paras.append(clean_paragraph(runs + ["。"]))
    if w.has("welfare_recipients", "welfare_person_times", "welfare_amount", "welfare_goods_value"):
        # 结婚慰问 -> 结婚: "开展结婚、生育、生日等会员慰问12人次，发放慰问金6000元"
        types = name_list(e.get_aid_type_display().removesuffix("慰问") for e in aid.filter(WELFARE))
        runs = [f"{pw}开展{types + '等' if types else ''}会员慰问"]
        if w.has("welfare_person_times"):
            runs.append(w.num("welfare_person_times"))
        elif w.has("welfare_recipients"):
            runs += ["，慰问会员", w.num("welfare_recipients")]
        if w.has("welfare_amount"):
            runs += ["，发放慰问金", w.num("welfare_amount"), *w.change("welfare_amount")]
        if w.has("welfare_goods_value"):
            runs += ["，慰问物品折价", w.num("welfare_goods_value")]
        paras.append(clean_paragraph(runs + ["。"]))
    if w.has("hardship_files"):
        paras.append(clean_paragraph([f"截至{ctx.end_text()}，在档困难职工", w.num("hardship_files"),
                                      "，做到底数清、情况明。"]))
    return Section("aid", HEADINGS["aid"], paras)


def section_women(ctx: SummaryContext) -> Section | None:
    w = ctx.w
    if not w.has("women_activities"):
        return None
    named = name_list(quoted(strip_year(e.title)) for e in ctx.entries("women").order_by("date", "id"))
    runs: list[Run] = [f"{ctx.pw}开展女职工工作", w.num("women_activities"), *w.change("women_activities")]
    if named:
        runs.append(f"，包括{named}等")
    return Section("women", HEADINGS["women"], [clean_paragraph(runs + ["。"])])


def section_culture(ctx: SummaryContext) -> Section | None:
    w, pw = ctx.w, ctx.pw
    paras = []
    if w.has("culture_events"):
        runs: list[Run] = [f"{pw}组织和参加文体活动", w.num("culture_events")]
        if w.has("culture_person_times"):
            runs += ["，职工参与", w.num("culture_person_times")]
        runs += w.change("culture_events")
        if w.has("culture_awards"):
            runs += ["，获奖", w.num("culture_awards")]
        runs.append("。")
        awarded = list(ctx.entries("culture").exclude(awards="").order_by("date", "id"))
        won = [e for e in awarded if e.mode == "upper"] + [
            e for e in awarded if e.mode != "upper" and not e.awards.startswith("评出")]
        if won:
            runs.append("；".join(_culture_award(e) for e in won[:MAX_NAMED]) + "。")
        paras.append(clean_paragraph(runs))
    if w.has("articles"):
        media = name_list(e.media_name for e in ctx.entries("publicity").order_by("date", "id"))
        runs = [f"加强宣传工作，{pw}在{media or '各类媒体'}等媒体发表宣传稿件", w.num("articles"),
                *w.change("articles")]
        paras.append(clean_paragraph(runs + ["。"]))
    return Section("culture", HEADINGS["culture"], paras)


def _recipient(entry) -> str:
    if entry.recipient_org_id:
        return entry.recipient_org.name
    return entry.recipient_person.name if entry.recipient_person_id else ""


def _award(text: str) -> str:
    text = text.strip().rstrip("。")
    return text if text.startswith(("获", "荣获", "夺得", "取得")) else f"获{text}"


def _culture_award(entry) -> str:
    """组织职工参加区总工会职工广播体操比赛，获优秀组织奖 / 在职工登山比赛中，四车间代表队获团体冠军"""
    title = strip_year(entry.title)
    awards = entry.awards.strip().rstrip("。")
    if entry.mode != "upper":
        return f"在{title}中，{awards}"
    event = title if title.startswith("参加") else f"参加{quoted(title)}"
    return f"组织职工{event}，{_award(awards)}"


# 经费支出 by category (工会02表's expense lines a 基层工会 fills), in the order of the statement.
FUNDS_EXPENSE_PARTS = ("funds_expense_activities", "funds_expense_services", "funds_expense_rights",
                       "funds_expense_business", "funds_expense_capital")


def section_finance(ctx: SummaryContext) -> Section | None:
    """经费管理: 会费收缴率 (with what was owed and paid) and the period's income and expense of the books, each
    sentence only when the org has those data (a policy with dues owed; posted vouchers)."""
    w, pw = ctx.w, ctx.pw
    paras = []
    if w.has("dues_due"):
        runs: list[Run] = [f"{pw}按规定收缴会费，应缴会费", w.num("dues_due"), "，实缴会费", w.num("dues_paid")]
        if ctx.values.get("dues_rate") is not None:
            runs += ["，会费收缴率", w.num("dues_rate"), *w.change("dues_rate")]
        paras.append(clean_paragraph(runs + ["。"]))
    if w.has("funds_income", "funds_expense"):
        parts: list[list[Run]] = []
        if w.has("funds_income"):
            parts.append(["工会经费收入", w.num("funds_income"), *w.change("funds_income")])
        if w.has("funds_expense"):
            spent: list[Run] = ["经费支出", w.num("funds_expense"), *w.change("funds_expense")]
            by_kind = [[INDICATORS[c].name, w.num(c)] for c in FUNDS_EXPENSE_PARTS if w.has(c)]
            if by_kind:
                spent += ["，其中"] + join_runs(by_kind)
            parts.append(spent)
        paras.append(clean_paragraph([f"{pw}"] + join_runs(parts, "，") + ["。"]))
    return Section("finance", HEADINGS["finance"], paras)
