"""The rows of the upper union's tables: what each sheet prints, in which order, from which indicator.

Every value comes from `gonghui.indicators.registry.compute`. A row whose code the registry does not define
(yet) is printed as "待补充" with a note, so the row appears by itself once the indicator is added.

Layouts are the design default of report-formats.md §2.3 (no official template was found): title, 填报单位,
统计期间, 填报日期, numbered rows (序号 · 指标名称 · 计量单位 · values), "其中" rows indented under their
parent, footer 单位负责人 / 审核人 / 制表人.
"""

from __future__ import annotations

from dataclasses import dataclass

# Pseudo-codes of the 会员发展 table: derived from registry values, never counted here.
OPENING = "opening"  # members at the day before the period starts (registry `members` for that day)
OTHER = "other"  # 期末 − (期初 + 新入会 + 转入 − 转出 − 退会): 保留会籍, 恢复 …
BALANCE = "balance"  # the check formula, 0 when the table balances
PSEUDO_UNITS = {OPENING: "人", OTHER: "人", BALANCE: "人"}

VALUE, RATE, CHECK = "value", "rate", "check"
SUM, WHOLE = "sum", "whole"  # how a row's 合计 over months/quarters is made


@dataclass(frozen=True)
class Row:
    name: str
    code: str = ""
    unit: str = ""  # default: the registry's unit
    indent: int = 0  # 1 for a "其中" row
    section: bool = False  # a heading row (一、…), no values
    kind: str = VALUE
    over_time: str = SUM  # WHOLE: not additive over months/quarters, the total is the registry's whole-period value
    only_for: tuple[str, ...] = ()  # org kinds the row is printed for (empty: all)


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str  # worksheet name
    title: str  # printed title
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()


BASIC = Sheet(
    "basic", "基层工会基本情况统计表", "基层工会基本情况统计表",
    (
        Row("一、组织情况", section=True),
        Row("基层工会数", "unions", unit="个", only_for=("federation",)),
        Row("分会（车间工会）数", "branches"),
        Row("工会小组数", "groups"),
        Row("二、职工与会员", section=True),
        Row("职工人数", "workers"),
        Row("其中：女职工", "workers_female", unit="人", indent=1),
        Row("劳务派遣职工", "workers_dispatched", unit="人", indent=1),
        Row("会员人数", "members"),
        Row("其中：女会员", "members_female", indent=1),
        Row("农民工会员", "members_migrant", indent=1),
        Row("劳务派遣会员", "members_dispatched", unit="人", indent=1),
        Row("入会率", "membership_rate", kind=RATE),
        Row("三、工会干部", section=True),
        Row("工会小组长", "group_leaders"),
        Row("劳动保护监督员", "safety_monitors"),
    ),
    (
        "职工、会员、组织和干部均为统计期末（期间最后一日）的数；入会率 = 会员人数 ÷ 职工人数 × 100%，保留一位小数。",
        "合计栏为其右各栏之和（Excel公式），并已核对等于本单位的指标值（见“逻辑检查”）。",
    ),
)

MEMBERSHIP = Sheet(
    "membership", "会员发展情况表", "会员发展情况表",
    (
        Row("期初会员人数", OPENING),
        Row("本期新入会", "members_joined"),
        Row("本期转入", "members_transferred_in"),
        Row("本期转出", "members_transferred_out"),
        Row("本期退会（含除名）", "members_left"),
        Row("其他变动（保留会籍、恢复会籍等）", OTHER),
        Row("期末会员人数", "members"),
        Row("平衡校验：1+2+3−4−5+6−7（应为0）", BALANCE, kind=CHECK),
        Row("附：期末保留会籍会员", "members_retained", unit="人"),
    ),
    (
        "期初会员为统计期间开始前一日的在册会员；期末会员为期间最后一日的在册会员。保留会籍的会员不计入在册会员。",
        ("第6行 = 期末 − （期初 + 新入会 + 转入 − 转出 − 退会），主要是办理保留会籍（退休、失业等）和恢复会籍的会员；"
        "第8行为校验公式，应为0。"),
    ),
)

ACTIVITY = Sheet(
    "activity", "活动统计季报", "工会活动统计季报表",
    (
        Row("一、劳动竞赛（含“安康杯”竞赛）", section=True),
        Row("开展劳动竞赛", "competitions", over_time=WHOLE),
        Row("其中：“安康杯”竞赛", "competitions_ankang", unit="项", indent=1, over_time=WHOLE),
        Row("劳动竞赛奖励金额", "competition_rewards", over_time=WHOLE),
        Row("期末仍在进行的劳动竞赛", "competitions_ongoing", over_time=WHOLE),
        Row("二、合理化建议", section=True),
        Row("征集金点子/合理化建议", "suggestions_collected"),
        Row("其中：采纳", "suggestions_adopted", indent=1),
        Row("已实施", "suggestions_implemented", indent=1),
        Row("实施中", "suggestions_in_progress", indent=1),
        Row("提交决策", "suggestions_to_decision", indent=1),
        Row("建议经济效益", "suggestions_value"),
        Row("小改小革（技术革新）项目", "innovations"),
        Row("技术革新经济价值", "innovations_value"),
        Row("三、学习培训", section=True),
        Row("学习培训场次", "study_sessions"),
        Row("学习培训人次", "study_person_times"),
        Row("四、宣传", section=True),
        Row("宣传稿件", "articles"),
        Row("五、文体活动", section=True),
        Row("文体活动次数", "culture_events"),
        Row("文体活动人次", "culture_person_times"),
        Row("文体活动获奖", "culture_awards"),
    ),
    (
        "※ 劳动竞赛按起止日期与期间有交集计，跨季度的竞赛在每个季度都计入，因此其合计栏取全期数值，不是各季度之和。",
        "合理化建议按提出日期计入期间；采纳含已采纳、实施中和已实施。",
        "※ “期末仍在进行的劳动竞赛”为各栏最后一日的数，合计栏取全期期末的数。",
    ),
)

MONTHLY = Sheet(
    "monthly", "月报", "工会工作月报表",
    (
        Row("会议", "meetings"),
        Row("学习培训场次", "study_sessions"),
        Row("学习培训人次", "study_person_times"),
        Row("文体活动次数", "culture_events"),
        Row("帮扶户数", "aid_households", over_time=WHOLE),
        Row("帮扶人次", "aid_person_times"),
        Row("帮扶金额", "aid_amount"),
        Row("宣传稿件", "articles"),
        Row("新入会会员", "members_joined"),
    ),
    (
        ("※ 帮扶户数为期间内不同的受助人数，同一户在几个月受助只计一户，各月之和可能多于全期，"
        "因此其合计栏取全期数值，不是各月之和。"),
    ),
)

DEMOCRACY = Sheet(
    "democracy", "民主管理情况表", "民主管理情况统计表",
    (
        Row("一、职工代表大会提案", section=True),
        Row("职代会提案", "proposals_received"),
        Row("其中：办结", "proposals_closed", indent=1),
        Row("二、厂务公开", section=True),
        Row("厂务公开", "openness_events"),
        Row("三、集体合同", section=True),
        Row("期末有效集体合同（含专项合同）", "contracts_in_force"),
        Row("集体合同覆盖职工", "contract_workers_covered"),
        Row("其中：综合集体合同覆盖职工", "contract_workers_covered_general", indent=1),
        Row("四、制度与会议", section=True),
        Row("现行有效的工会制度", "rules"),
        Row("工会会议", "meetings"),
        Row("五、上级交办任务", section=True),
        Row("上级交办任务", "tasks_assigned"),
        Row("其中：按期完成", "tasks_on_time", indent=1),
        Row("逾期", "tasks_overdue", indent=1),
        Row("期末未完成的上级交办任务（含以前各期交办）", "tasks_open"),
    ),
    (
        "提案、厂务公开、会议和上级交办任务按日期计入期间；集体合同、制度和未完成的任务为期末（期间最后一日）的数。",
        "集体合同覆盖职工为各合同覆盖人数之和，专项合同与综合合同覆盖的是同一批职工，按人头以综合集体合同为准。",
        "逾期：完成日期晚于期限，或期末仍未完成且已过期限。",
    ),
)

RIGHTS = Sheet(
    "rights", "维权帮扶情况表", "维权帮扶情况统计表",
    (
        Row("一、劳动争议调解", section=True),
        Row("调解受理", "mediation_received"),
        Row("其中：调解成功", "mediation_succeeded", indent=1),
        Row("超过15日未结案", "mediation_overdue", indent=1),
        Row("二、困难职工帮扶", section=True),
        Row("期末在档困难职工", "hardship_files"),
        Row("帮扶户数", "aid_households"),
        Row("帮扶人次", "aid_person_times"),
        Row("帮扶金额", "aid_amount"),
        Row("帮扶物品折价", "aid_goods_value"),
        Row("三、女职工工作", section=True),
        Row("女职工工作", "women_activities"),
        Row("四、荣誉", section=True),
        Row("获得各级荣誉", "honours"),
    ),
    (
        "调解按受理日期计入期间；超过15日未结案：结案日期晚于受理后第15日，或期末仍未结案且已超过15日。",
        "※ 帮扶户数为期间内不同的受助人数，同一人在几个分会受助只计一户，合计栏取本单位的数，不是各栏之和。",
    ),
)

SHEETS = (BASIC, MEMBERSHIP, ACTIVITY, MONTHLY, DEMOCRACY, RIGHTS)
# Indicators with a sheet of their own elsewhere, or no news in a table (a union counting itself).
NOT_TABLED = ("unions",)
OTHER_SECTION = "五、其他指标"
OWN_NOTE = "“本级”栏为本单位合计减去各下级单位之数，即直接隶属本单位（含直属小组）的部分。"
CHECK_SHEET_NAME = "逻辑检查"

# Period-flow indicators used to tell whether a unit recorded anything in the period (a notice, not a check).
ACTIVITY_CODES = (
    "meetings", "study_sessions", "culture_events", "suggestions_collected", "innovations", "honours",
    "aid_person_times", "mediation_received", "articles", "openness_events", "proposals_received",
    "tasks_assigned", "women_activities", "members_joined",
)
