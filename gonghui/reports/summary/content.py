"""What the work summary says: sections of paragraphs made of text and live number fields.

Every number is an indicator value read through `gonghui.indicators.registry.compute` (for the org and the
period, and for the same period last year where a 同比 change is written); the named highlights (the
competition won, the honour received, the award at the upper union's games, study topics) come from the
ledger list selector `entry_list`. Nothing here counts or sums entries itself.

A section with nothing recorded is left out. 存在的问题 and 下一步打算 start as a marked place for the officer
(`Paragraph.placeholder`), holding facts that may help.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from gonghui.core.periods import Period
from gonghui.indicators.registry import INDICATORS, MONEY, RATE, compute
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.selectors import entry_list
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.selectors import orgs_in_force_q
from gonghui.reports.numbers import fmt_count, fmt_money, fmt_rate

# Section keys, in the order real summaries use. 经费管理 (finance) joins after culture when finance data exists.
SECTION_ORDER = ("org", "study", "democracy", "competition", "aid", "women", "culture", "problems", "plans")
HEADINGS = {
    "org": "组织建设",
    "study": "思想引领与学习教育",
    "democracy": "民主管理与维权",
    "competition": "劳动竞赛与职工创新",
    "aid": "帮扶与服务",
    "women": "女职工工作",
    "culture": "文体活动与宣传",
    "finance": "经费管理",
    "problems": "存在的问题",
    "plans": "下一步打算",
}
CN_NUMERALS = "一二三四五六七八九十"

LOW_MEMBERSHIP_RATE = Decimal(90)
MAX_NAMED = 3  # highlights named per sentence


@dataclass(frozen=True)
class Field:
    """A live number: the registry value of `code` and the text it is written as (unit included).

    role "value" is the value itself; role "change" is the difference against the same period last year
    (value = this year's minus last year's, both read from the registry). `org` is the org code when the
    number belongs to another org than the summary's (a federation's per-union breakdown).
    """

    code: str
    value: object
    text: str
    role: str = "value"
    org: str = ""

    def as_dict(self) -> dict:
        value = self.value
        if isinstance(value, Decimal):
            value = str(value)
        return {"code": self.code, "value": value, "text": self.text, "role": self.role, "org": self.org}


Run = str | Field


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    placeholder: bool = False  # a marked place for the officer (【请填写：……】)

    @property
    def text(self) -> str:
        return "".join(r if isinstance(r, str) else r.text for r in self.runs)

    @property
    def fields(self) -> list[Field]:
        return [r for r in self.runs if isinstance(r, Field)]


@dataclass
class Section:
    key: str
    heading: str  # without the number: 组织建设
    paragraphs: list[Paragraph] = field(default_factory=list)
    # (一)/(二) headings: paragraph index -> the heading written before that paragraph
    subheadings: dict[int, str] = field(default_factory=dict)

    @property
    def fields(self) -> list[Field]:
        return [f for p in self.paragraphs for f in p.fields]


@dataclass
class Summary:
    org: Org
    period: Period
    title: str
    opening: Paragraph
    sections: list[Section]
    values: dict
    last_year: dict

    def numbered_headings(self) -> list[str]:
        return [f"{CN_NUMERALS[i]}、{s.heading}" for i, s in enumerate(self.sections)]


# --- formatting --------------------------------------------------------------------------------------

def fmt_value(code: str, value) -> str:
    """A registry value as officials write it, with its unit (1728人, 12.6万元, 93.2%)."""
    ind = INDICATORS[code]
    if ind.kind == MONEY:
        return fmt_money(value)
    if ind.kind == RATE:
        return fmt_rate(value)
    return fmt_count(value) + ind.unit


def period_word(period: Period) -> str:
    """How the text names the period inside a sentence: 上半年, 下半年, 一季度, 全年, 5月, 本期."""
    code = period.code.upper()
    if code.endswith("H1"):
        return "上半年"
    if code.endswith("H2"):
        return "下半年"
    if "Q" in code:
        return f"{CN_NUMERALS[int(code[-1]) - 1]}季度"
    if re.fullmatch(r"\d{4}", code):
        return "全年"
    if re.fullmatch(r"\d{4}-\d{2}", code):
        return f"{period.start.month}月"
    return "本期"


def date_text(d: dt.date, *, with_year: bool = True) -> str:
    """2026年7月1日 (no leading zeros), or 6月30日."""
    return (f"{d.year}年" if with_year else "") + f"{d.month}月{d.day}日"


def next_period_word(period: Period) -> str:
    code = period.code.upper()
    if code.endswith("H1"):
        return "下半年"
    if code.endswith("H2") or re.fullmatch(r"\d{4}", code):
        return "明年"
    if "Q" in code:
        q = int(code[-1])
        return "下季度" if q < 4 else "明年"
    return "下一阶段"


# --- writing helpers ---------------------------------------------------------------------------------

class Writer:
    """Builds paragraphs from the values of one org (and last year's) so each number is a Field."""

    def __init__(self, values: Mapping, last_year: Mapping, org_code: str = ""):
        self.v = values
        self.ly = last_year
        self.org_code = org_code

    def has(self, *codes: str) -> bool:
        return any(self.v.get(c) for c in codes)

    def num(self, code: str) -> Field:
        return Field(code, self.v[code], fmt_value(code, self.v[code]), org=self.org_code)

    def change(self, code: str) -> list[Run]:
        """"，同比增加N人" — only when last year has data (a non-zero value)."""
        before = self.ly.get(code)
        if not before:
            return []
        now = self.v[code]
        ind = INDICATORS[code]
        if ind.kind == RATE:
            diff = Decimal(now or 0) - Decimal(before)
            text = fmt_rate(abs(diff)).removesuffix("%") + "个百分点"
        else:
            diff = now - before
            text = fmt_money(abs(diff)) if ind.kind == MONEY else fmt_count(abs(diff)) + ind.unit
        if not diff:
            return ["，与上年同期持平"]
        word = "增加" if diff > 0 else "减少"
        if ind.kind == RATE:
            word = "提高" if diff > 0 else "下降"
        return [f"，同比{word}", Field(code, diff, text, role="change", org=self.org_code)]


def _join(parts: list[list[Run]], sep: str = "、") -> list[Run]:
    out: list[Run] = []
    for i, part in enumerate(parts):
        if i:
            out.append(sep)
        out.extend(part)
    return out


def _quote(name: str) -> str:
    """“name”, unless the name already carries quotation marks or book-title marks."""
    name = name.strip()
    if not name or name[0] == "《" or "“" in name:
        return name  # already marked: “安康杯”竞赛
    return f"“{name}”"


def _names(items: Iterable[str], limit: int = MAX_NAMED) -> str:
    seen: list[str] = []
    for item in items:
        item = (item or "").strip().rstrip("。；;，,")
        if item and item not in seen:
            seen.append(item)
        if len(seen) == limit:
            break
    return "、".join(seen)


def _clean(runs: list[Run]) -> Paragraph:
    return Paragraph([r for r in runs if r != ""])


# --- the sections ------------------------------------------------------------------------------------

class SummaryBuilder:
    def __init__(self, org: Org, period: Period, viewer):
        self.org = org
        self.period = period
        self.viewer = viewer
        self.values = compute(org, period)
        self.last_year = compute(org, period.same_period_last_year())
        self.w = Writer(self.values, self.last_year)
        self.pw = period_word(period)
        self.is_federation = org.kind == OrgKind.FEDERATION
        self.we = {"federation": "所属各工会", "union": "我会", "branch": "我分会", "group": "本小组"}.get(
            org.kind, "我会")

    # ledger reads for the named highlights -------------------------------------------------------
    def entries(self, kind_code: str, *, from_start: bool = True):
        """Entries of the org's subtree dated in the period (or, without from_start, up to its end)."""
        return entry_list(viewer=self.viewer, kind=get_kind(kind_code), org=self.org,
                          start=self.period.start if from_start else None, end=self.period.end)

    def end_text(self) -> str:
        return date_text(self.period.end, with_year=not self.period.code)

    # ---------------------------------------------------------------------------------------------
    def build(self) -> Summary:
        sections = []
        for key in SECTION_ORDER:
            section = getattr(self, f"section_{key}")()
            if section is not None and section.paragraphs:
                sections.append(section)
        title = f"{self.org.name}{self.period.label}工作总结"
        opening = Paragraph(["【请填写：开篇概述，如指导思想、工作重点和总体成效。】"], placeholder=True)
        return Summary(self.org, self.period, title, opening, sections, self.values, self.last_year)

    def section_org(self) -> Section | None:
        w, pw = self.w, self.pw
        paras: list[Paragraph] = []
        if w.has("members", "workers"):
            runs: list[Run] = [f"截至{self.end_text()}，{self.we}共有"]
            heads = []
            if w.has("workers"):
                heads.append(["职工", w.num("workers")])
            heads.append(["会员", w.num("members")])
            runs += _join(heads)
            subs = [[label, w.num(code)] for code, label in (("members_female", "女会员"),
                                                            ("members_migrant", "农民工会员")) if w.has(code)]
            if subs:
                runs += ["，其中"] + _join(subs)
            if w.v.get("membership_rate") is not None and w.has("members"):
                runs += ["，入会率", w.num("membership_rate")]
            runs.append("。")
            change = w.change("members")
            if change:
                runs += ["会员人数" + change[0].removeprefix("，"), *change[1:], "。"]
            paras.append(_clean(runs))
        flows = []
        if w.has("members_joined"):
            flows.append([f"{pw}新发展会员", w.num("members_joined"), *w.change("members_joined")])
        moves = [[label, w.num(code)] for code, label in (
            ("members_transferred_in", "转入会员"), ("members_transferred_out", "转出会员"),
            ("members_left", "退会（含除名）")) if w.has(code)]
        if moves:
            flows.append(_join(moves))
        if flows:
            paras.append(_clean(_join(flows, "；") + ["。"]))
        structure = [[label, w.num(code)] for code, label in (("branches", "分会"), ("groups", "工会小组"))
                     if w.has(code)]
        staff = [[label, w.num(code)] for code, label in (("group_leaders", "工会小组长"),
                                                          ("safety_monitors", "劳动保护监督员")) if w.has(code)]
        if structure or staff:
            runs = []
            if structure:
                runs += ["下设"] + _join(structure)
            if staff:
                runs += (["，"] if structure else []) + ["配备"] + _join(staff)
            paras.append(_clean(runs + ["。"]))
        if w.has("rules", "meetings"):
            runs = []
            if w.has("rules"):
                runs += ["现行有效的各项工会制度", w.num("rules")]
            if w.has("meetings"):
                runs += (["；"] if runs else []) + [f"{pw}召开各类工会会议", w.num("meetings"),
                                                   *w.change("meetings")]
            paras.append(_clean(runs + ["。"]))
        section = Section("org", HEADINGS["org"], paras)
        if self.is_federation:
            breakdown = self.union_breakdown()
            if breakdown:
                if section.paragraphs:
                    section.subheadings = {0: "（一）总体情况", len(section.paragraphs): "（二）各工会情况"}
                section.paragraphs += breakdown
        return section

    def union_breakdown(self) -> list[Paragraph]:
        """One sentence per union (or federation) directly below: its own registry values."""
        children = Org.objects.filter(orgs_in_force_q(self.period.end), path__startswith=self.org.path,
                                      depth=self.org.depth + 1,
                                      kind__in=[OrgKind.UNION, OrgKind.FEDERATION]).order_by("path")
        codes = ["workers", "members", "membership_rate", "members_joined"]
        parts: list[list[Run]] = []
        for child in children:
            vals = compute(child, self.period, codes)
            cw = Writer(vals, {}, org_code=child.code)
            runs: list[Run] = [child.name, "："]
            if not cw.has("members", "workers", "members_joined"):
                parts.append(runs + ["本期暂无职工和会员记录"])
                continue
            bits = []
            if cw.has("workers"):
                bits.append(["职工", cw.num("workers")])
            bits.append(["会员", cw.num("members")])
            if vals.get("membership_rate") is not None and cw.has("members"):
                bits.append(["入会率", cw.num("membership_rate")])
            if cw.has("members_joined"):
                bits.append([f"{self.pw}新发展会员", cw.num("members_joined")])
            parts.append(runs + _join(bits, "，"))
        if not parts:
            return []
        return [_clean(list(p) + ["；" if i < len(parts) - 1 else "。"]) for i, p in enumerate(parts)]

    def section_study(self) -> Section | None:
        w = self.w
        if not w.has("study_sessions"):
            return None
        topics = _names(_strip_year(e.topic) for e in self.entries("study").filter(org=self.org)) or _names(
            _strip_year(e.topic) for e in self.entries("study"))
        runs: list[Run] = [f"{self.pw}共组织学习培训", w.num("study_sessions")]
        if w.has("study_person_times"):
            runs += ["、", w.num("study_person_times")]
        runs += w.change("study_sessions")
        if topics:
            runs.append(f"，主要有{topics}等")
        return Section("study", HEADINGS["study"], [_clean(runs + ["。"])])

    def section_democracy(self) -> Section | None:
        w, pw = self.w, self.pw
        paras = []
        if w.has("proposals_received"):
            runs: list[Run] = [f"{pw}共收到职工代表提案", w.num("proposals_received")]
            if w.has("proposals_closed"):
                runs += ["，已办结", w.num("proposals_closed")]
            paras.append(_clean(runs + ["。"]))
        if w.has("openness_events"):
            paras.append(_clean([f"坚持厂务公开，{pw}公开事项", w.num("openness_events"),
                                 *w.change("openness_events"), "。"]))
        if w.has("contract_workers_covered_general"):
            # 专项 contracts cover the same workers as the 综合 one, so only the latter counts heads.
            paras.append(_clean(["期末有效的综合集体合同覆盖职工",
                                 w.num("contract_workers_covered_general"), "。"]))
        if w.has("mediation_received"):
            runs = [f"{pw}劳动争议调解委员会受理劳动争议", w.num("mediation_received"),
                    *w.change("mediation_received")]
            if w.has("mediation_succeeded"):
                runs += ["，其中调解成功", w.num("mediation_succeeded")]
            paras.append(_clean(runs + ["。"]))
        return Section("democracy", HEADINGS["democracy"], paras)

    def section_competition(self) -> Section | None:
        w, pw = self.w, self.pw
        paras = []
        if w.has("competitions"):
            runs: list[Run] = [f"{pw}组织开展各类劳动竞赛", w.num("competitions"), *w.change("competitions")]
            overlapping = self.entries("competition", from_start=False).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=self.period.start))
            named = _names(_quote(_strip_year(e.title)) for e in overlapping.order_by("date", "id"))
            if named:
                runs.append(f"，包括{named}等")
            if w.has("competition_rewards"):
                runs += ["，发放竞赛奖励", w.num("competition_rewards")]
            runs.append("。")
            won = [e for e in overlapping.exclude(title_awarded="").order_by("date", "id")]
            if won:
                runs.append("通过竞赛，" + "；".join(
                    f"{_quote(_strip_year(e.title))}评出{_quote(e.title_awarded)}" for e in won[:MAX_NAMED]) + "。")
            paras.append(_clean(runs))
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
                runs += ["，其中"] + _join(subs)
            if w.has("suggestions_value"):
                runs += ["，创经济效益", w.num("suggestions_value")]
            paras.append(_clean(runs + ["。"]))
        if w.has("innovations"):
            runs = [f"大力开展技术革新活动，{pw}完成小改小革（技术革新）项目", w.num("innovations")]
            if w.has("innovations_value"):
                runs += ["，创经济价值", w.num("innovations_value")]
            paras.append(_clean(runs + ["。"]))
        if w.has("honours"):
            honours = self.entries("honour").select_related("recipient_person", "recipient_org")
            ranked = sorted(honours, key=lambda e: (-_LEVEL_RANK.get(e.level, 0), e.date, e.id))
            named = _names(f"{_recipient(e)}获{_quote(_strip_year(e.honour_name))}" for e in ranked)
            runs = [f"{pw}，{self.we}集体和个人共获得各级荣誉", w.num("honours"), *w.change("honours")]
            if named:
                runs.append(f"，其中{named}")
            paras.append(_clean(runs + ["。"]))
        return Section("competition", HEADINGS["competition"], paras)

    def section_aid(self) -> Section | None:
        w, pw = self.w, self.pw
        paras = []
        if w.has("aid_households", "aid_person_times", "aid_amount", "aid_goods_value"):
            types = _names(e.get_aid_type_display() for e in self.entries("aid").order_by("date", "id"))
            runs: list[Run] = [f"{pw}开展{types or '帮扶慰问'}等帮扶工作，慰问帮扶职工"]
            people = [w.num(c) for c in ("aid_households", "aid_person_times") if w.has(c)]
            runs += _join([[p] for p in people])
            money = []
            if w.has("aid_amount"):
                money.append(["发放慰问金", w.num("aid_amount"), *w.change("aid_amount")])
            if w.has("aid_goods_value"):
                money.append(["慰问物品折价", w.num("aid_goods_value")])
            if money:
                runs += ["，"] + _join(money, "，")
            paras.append(_clean(runs + ["。"]))
        if w.has("hardship_files"):
            paras.append(_clean([f"截至{self.end_text()}，在档困难职工", w.num("hardship_files"),
                                 "，做到底数清、情况明。"]))
        return Section("aid", HEADINGS["aid"], paras)

    def section_women(self) -> Section | None:
        w = self.w
        if not w.has("women_activities"):
            return None
        named = _names(_quote(_strip_year(e.title)) for e in self.entries("women").order_by("date", "id"))
        runs: list[Run] = [f"{self.pw}开展女职工工作", w.num("women_activities"), *w.change("women_activities")]
        if named:
            runs.append(f"，包括{named}等")
        return Section("women", HEADINGS["women"], [_clean(runs + ["。"])])

    def section_culture(self) -> Section | None:
        w, pw = self.w, self.pw
        paras = []
        if w.has("culture_events"):
            runs: list[Run] = [f"{pw}组织和参加文体活动", w.num("culture_events")]
            if w.has("culture_person_times"):
                runs += ["，职工参与", w.num("culture_person_times")]
            runs += w.change("culture_events")
            if w.has("culture_awards"):
                runs += ["，获奖", w.num("culture_awards")]
            runs.append("。")
            awarded = list(self.entries("culture").exclude(awards="").order_by("date", "id"))
            won = [e for e in awarded if e.mode == "upper"] + [
                e for e in awarded if e.mode != "upper" and not e.awards.startswith("评出")]
            if won:
                runs.append("；".join(_culture_award(e) for e in won[:MAX_NAMED]) + "。")
            paras.append(_clean(runs))
        if w.has("articles"):
            media = _names(e.media_name for e in self.entries("publicity").order_by("date", "id"))
            runs = [f"加强宣传工作，{pw}在{media or '各类媒体'}等媒体发表宣传稿件", w.num("articles"),
                    *w.change("articles")]
            paras.append(_clean(runs + ["。"]))
        return Section("culture", HEADINGS["culture"], paras)

    def section_problems(self) -> Section:
        w = self.w
        facts: list[list[Run]] = []
        if w.has("mediation_overdue"):
            facts.append([f"{self.pw}受理的劳动争议中有", w.num("mediation_overdue"),
                          "未在受理后15日内结案"])
        rate = self.values.get("membership_rate")
        if rate is not None and rate < LOW_MEMBERSHIP_RATE:
            facts.append(["入会率为", w.num("membership_rate"), "，低于90%"])
        assigned, on_time = self.values.get("tasks_assigned") or 0, self.values.get("tasks_on_time") or 0
        if assigned and on_time < assigned:
            facts.append(["上级交办任务", w.num("tasks_assigned"), "，按期完成", w.num("tasks_on_time")])
        missing = [HEADINGS[k] for k, codes in _SECTION_CODES.items() if not w.has(*codes)]
        if missing:
            facts.append([f"本期台账中没有{'、'.join(missing)}方面的记录"])
        runs: list[Run] = ["【请填写：存在的问题和不足。"]
        if facts:
            runs += ["可参考："] + _join(facts, "；") + ["。"]
        runs.append("】")
        return Section("problems", HEADINGS["problems"], [Paragraph(_clean(runs).runs, placeholder=True)])

    def section_plans(self) -> Section:
        nxt = next_period_word(self.period)
        facts = []
        ongoing = self.entries("competition", from_start=False).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=self.period.end))
        names = _names(_quote(_strip_year(e.title)) for e in ongoing.order_by("date", "id"))
        if names:
            facts.append(f"继续推进{names}")
        expiring = entry_list(viewer=self.viewer, kind=get_kind("contract"), org=self.org).filter(
            end_on__gt=self.period.end, end_on__lte=self.period.end + dt.timedelta(days=183))
        contracts = _names(f"{e.get_contract_type_display()}（{date_text(e.end_on)}到期）" for e in expiring)
        if contracts:
            facts.append(f"做好{contracts}的续签工作")
        text = f"【请填写：{nxt}工作打算。"
        if facts:
            text += "可参考：" + "；".join(facts) + "。"
        text += "】"
        return Section("plans", HEADINGS["plans"], [Paragraph([text], placeholder=True)])


_LEVEL_RANK = {"national": 5, "province": 4, "city": 3, "county": 2, "enterprise": 1}

# The indicators behind each narrative section: a section is left out when all of them are zero.
_SECTION_CODES = {
    "study": ("study_sessions",),
    "democracy": ("proposals_received", "openness_events", "contract_workers_covered_general",
                  "mediation_received"),
    "competition": ("competitions", "suggestions_collected", "innovations", "honours"),
    "aid": ("aid_households", "aid_person_times", "aid_amount", "aid_goods_value", "hardship_files"),
    "women": ("women_activities",),
    "culture": ("culture_events", "articles"),
}


def _recipient(entry) -> str:
    if entry.recipient_org_id:
        return entry.recipient_org.name
    return entry.recipient_person.name if entry.recipient_person_id else ""


def _strip_year(title: str) -> str:
    """“2026年职工登山比赛” reads better without the year inside a summary of that year."""
    return re.sub(r"^\d{4}年度?(\d{1,2}月)?", "", title.strip()) or title


def _award(text: str) -> str:
    text = text.strip().rstrip("。")
    return text if text.startswith(("获", "荣获", "夺得", "取得")) else f"获{text}"


def _culture_award(entry) -> str:
    """组织职工参加区总工会职工广播体操比赛，获优秀组织奖 / 在职工登山比赛中，四车间代表队获团体冠军"""
    title = _strip_year(entry.title)
    awards = entry.awards.strip().rstrip("。")
    if entry.mode != "upper":
        return f"在{title}中，{awards}"
    event = title if title.startswith("参加") else f"参加{_quote(title)}"
    return f"组织职工{event}，{_award(awards)}"


def summary_build(org: Org, period: Period, viewer=None) -> Summary:
    return SummaryBuilder(org, period, viewer or system_viewer()).build()


def summary_sections(org: Org, period: Period, viewer=None) -> list[Section]:
    """The sections of the summary (heading + paragraphs of text and number fields), for an editor."""
    return summary_build(org, period, viewer).sections


def system_viewer():
    """The reader when no one is logged in (CLI, background job): sees everything, like the CLI's."""
    from gonghui.cli.base import SystemViewer

    return SystemViewer()


# --- drafts: officer-edited wording with live fields --------------------------------------------------

# {code} is the value of the summary's org; {code:change} the 同比 change written with its word (增加3人,
# 减少1.5万元, 提高2个百分点, 持平); {code@ORG} the value of the org with that code inside the summary's subtree
# (a federation's per-union sentence). Everything else in the text is kept as the officer wrote it.
FIELD_RE = re.compile(r"\{([a-z_]+)(?:@([^{}:@\s]+))?(:change)?\}")
CHANGE_WORDS = ("增加", "减少", "提高", "下降")


def change_text(code: str, now, before) -> str:
    """增加3人 / 减少1.5万元 / 提高2个百分点 / 持平: this period's value against last year's (0 when none)."""
    ind = INDICATORS[code]
    if ind.kind == RATE:
        diff = Decimal(now or 0) - Decimal(before or 0)
        amount = fmt_rate(abs(diff)).removesuffix("%") + "个百分点"
        up, down = "提高", "下降"
    else:
        diff = (now or 0) - (before or 0)
        amount = fmt_money(abs(diff)) if ind.kind == MONEY else fmt_count(abs(diff)) + ind.unit
        up, down = "增加", "减少"
    if not diff:
        return "持平"
    return (up if diff > 0 else down) + amount


def render_draft(text: str, values: Mapping, *, last_year: Mapping | None = None, other=None) -> Paragraph:
    """An officer's wording with {indicator_code} fields, the fields recomputed from `values` now.

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
    return _clean(runs)


def template_text(paragraphs: Iterable[Paragraph]) -> str:
    """The inverse of render_draft: paragraphs as editable text, one per line, each number field as its
    placeholder ({code}, {code:change} with the word before it folded in, {code@ORG})."""
    lines = []
    for p in paragraphs:
        out: list[str] = []
        for run in p.runs:
            if isinstance(run, str):
                out.append(run)
                continue
            suffix = f"@{run.org}" if run.org else ""
            if run.role == "change":
                if out and out[-1].endswith(CHANGE_WORDS):
                    out[-1] = out[-1][:-2]
                suffix += ":change"
            out.append("{" + run.code + suffix + "}")
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
                org = Org.objects.get(code=org_code, path__startswith=summary.org.path)
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
    order = [*SECTION_ORDER[:7], "finance", *SECTION_ORDER[7:]]
    summary.sections = [by_key[k] for k in order if k in by_key and by_key[k].paragraphs]
    return summary


__all__ = [
    "FIELD_RE",
    "HEADINGS",
    "SECTION_ORDER",
    "Field",
    "Paragraph",
    "Section",
    "Summary",
    "apply_drafts",
    "change_text",
    "date_text",
    "draft_paragraphs",
    "fmt_value",
    "period_word",
    "render_draft",
    "summary_build",
    "summary_sections",
    "template_text",
]
