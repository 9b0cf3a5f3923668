"""The ledger kinds as declarations: the contract shared by templates, importer, exporter, API and
`gonghui ledger kinds`. Column headers are the Chinese ones officers use; fields are the model's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models

from gonghui.ledgers import choices as c

# Column types (ledgers.columns): each cleans, checks, shows and exports itself.
from gonghui.ledgers import columns as types
from gonghui.ledgers import kind_rules
from gonghui.ledgers import models as m

DATE, TEXT, CHOICE, INT, MONEY, DECIMAL = types.DATE, types.TEXT, types.CHOICE, types.INT, types.MONEY, types.DECIMAL
ORG, PERSON, PERSONS, PERSON_OR_ORG = types.ORG, types.PERSON, types.PERSONS, types.PERSON_OR_ORG


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    type: types.ColumnType = TEXT
    required: bool = False
    choices: type[models.TextChoices] | None = None
    aliases: tuple[str, ...] = ()  # other headers offices write in their own files (imports only)

    @property
    def label(self) -> str:
        return self.header + ("*" if self.required else "")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    model: type[m.LedgerEntry]
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    status_field: str = ""
    money_fields: tuple[str, ...] = field(default=())
    # The 案号-like key is unique in the whole union, not per org (劳动争议调解): matched and checked there.
    unique_in_union: bool = False
    # What a field holds when not given for a new entry, besides "" for text and None (帮扶慰问: 1 人次).
    defaults: dict[str, Any] = field(default_factory=dict, hash=False)
    # Rules of this kind alone: check(values, err) calls err(field, message) for each problem.
    checks: tuple[Callable[[dict, Callable[[str, str], None]], None], ...] = ()
    # Columns the list page shows besides date, the naming columns, status, org, 人次 and money.
    list_extra: tuple[str, ...] = ()

    @property
    def date_header(self) -> str:
        return next(col.header for col in self.columns if col.field == "date")

    @cached_property
    def persons_column(self) -> Column | None:
        """The column listing several people (参加人员 / 提出人), a many-to-many of the model; None if none."""
        return next((col for col in self.columns if col.type == PERSONS), None)

    @property
    def persons_field(self) -> str | None:
        return self.persons_column.field if self.persons_column else None

    @property
    def derives_person_times(self) -> bool:
        """人次 is stored by the service as max(参加人数, people listed)."""
        return issubclass(self.model, m.WithParticipants)

    @property
    def counts_person_times(self) -> bool:
        """The kind has a 人次 to sum: derived from its participants, or entered (帮扶慰问's 人次 column)."""
        return self.derives_person_times or any(col.field == "person_times" for col in self.columns)

    @property
    def has_org_column(self) -> bool:
        return any(col.type == ORG for col in self.columns)

    @property
    def names_orgs(self) -> bool:
        """A column may name an org of the union as well as a person (荣誉's 获奖对象)."""
        return any(col.type == PERSON_OR_ORG for col in self.columns)

    def column(self, field_name: str) -> Column:
        return next(col for col in self.columns if col.field == field_name)


ORG_COL = Column("所属组织", "org", ORG)


def _participants(header="参加人员"):
    return (Column(header, "participants", PERSONS), Column("参加人数", "participant_count", INT))


KINDS: dict[str, Kind] = {}


def _register(kind: Kind) -> None:
    KINDS[kind.code] = kind


_register(Kind("meeting", "会议", m.Meeting, (
    Column("日期", "date", DATE, True), ORG_COL,
    Column("会议类型", "meeting_type", CHOICE, True, c.MeetingType),
    Column("会议名称", "title", TEXT, True), *_participants(),
    Column("议题", "agenda"), Column("决议事项", "resolutions"),
), ("date", "title"), "meeting_type"))

_register(Kind("study", "学习培训", m.Study, (
    Column("日期", "date", DATE, True), ORG_COL,
    Column("类型", "study_type", CHOICE, True, c.StudyType),
    Column("主题", "topic", TEXT, True), Column("学时", "hours", DECIMAL), Column("主讲人", "lecturer"),
    *_participants(), Column("安置就业人数", "employed_count", INT),
), ("date", "topic"), "study_type"))

_register(Kind("culture", "文体活动", m.Culture, (
    Column("日期", "date", DATE, True), ORG_COL,
    Column("活动名称", "title", TEXT, True), Column("组织方式", "mode", CHOICE, True, c.CultureMode),
    *_participants(), Column("获奖情况", "awards"),
    Column("活动费用(元)", "cost", MONEY, aliases=("活动费用", "活动经费", "费用(元)", "费用", "支出金额")),
), ("date", "title"), "mode", ("cost",)))

_register(Kind("competition", "劳动竞赛", m.Competition, (
    Column("开始日期", "date", DATE, True), Column("结束日期", "end_date", DATE), ORG_COL,
    Column("竞赛名称", "title", TEXT, True), Column("类型", "competition_type", CHOICE, False, c.CompetitionType),
    Column("参赛班组", "teams"), Column("参加人数", "participant_count", INT), Column("成果", "results"),
    Column("奖励金额(元)", "reward_amount", MONEY), Column("获得称号", "title_awarded"),
), ("date", "title"), "competition_type", ("reward_amount",), list_extra=("end_date",)))

_register(Kind("suggestion", "合理化建议", m.Suggestion, (
    Column("提出日期", "date", DATE, True), ORG_COL,
    Column("类别", "category", CHOICE, True, c.SuggestionCategory), Column("标题", "title", TEXT, True),
    Column("提出人", "proposers", PERSONS), Column("状态", "status", CHOICE, True, c.SuggestionStatus),
    Column("经济效益(元)", "economic_value", MONEY), Column("奖励金额(元)", "reward_amount", MONEY),
    Column("未采纳原因", "rejection_reason"),
), ("date", "title"), "status", ("economic_value", "reward_amount"),
    checks=(kind_rules.rejection_needs_reason,)))

_register(Kind("honour", "荣誉", m.Honour, (
    Column("授予日期", "date", DATE, True), ORG_COL,
    Column("获奖对象", "recipient", PERSON_OR_ORG, True), Column("荣誉名称", "honour_name", TEXT, True),
    Column("级别", "level", CHOICE, True, c.Level), Column("授予单位", "granted_by"),
), ("date", "recipient", "honour_name"), "level"))

_register(Kind("hardship", "困难职工档案", m.Hardship, (
    Column("困难职工", "person", PERSON, True), Column("困难类别", "category", CHOICE, True, c.HardshipCategory),
    Column("致困原因", "cause"), Column("家庭人口", "family_size", INT),
    Column("家庭月人均收入(元)", "income_per_capita", MONEY), Column("建档日期", "date", DATE, True),
    Column("复核日期", "reviewed_on", DATE), Column("解困日期", "resolved_on", DATE),
), ("person", "date"), "category", ("income_per_capita",), list_extra=("resolved_on",)))

_register(Kind("aid", "帮扶慰问", m.Aid, (
    Column("日期", "date", DATE, True,
           aliases=("慰问日期", "慰问时间", "帮扶日期", "发放日期", "救助日期", "走访日期", "时间")), ORG_COL,
    Column("类型", "aid_type", CHOICE, True, c.AidType,
           aliases=("慰问类型", "帮扶类型", "慰问类别", "帮扶类别", "慰问事由", "慰问项目", "救助类型", "类别")),
    Column("性质", "nature", CHOICE, False, c.AidNature, aliases=("慰问性质", "帮扶性质", "款项性质")),
    Column("受助人", "recipient", PERSON, True,
           aliases=("被慰问人", "慰问对象", "受助对象", "帮扶对象", "救助对象", "被慰问人姓名", "受助人姓名", "姓名",
                    "职工姓名")),
    Column("人次", "person_times", INT, aliases=("慰问人次", "帮扶人次")),
    Column("金额(元)", "amount", MONEY, aliases=("慰问金额", "慰问金", "帮扶金额", "救助金额", "发放金额", "金额")),
    Column("物品折价(元)", "goods_value", MONEY, aliases=("慰问品折价", "物品金额", "慰问品金额", "实物折价", "物品价值")),
    Column("资金来源", "fund_source", aliases=("经费来源", "资金渠道", "列支渠道")),
    Column("慰问人", "visitors", aliases=("走访人", "慰问领导", "慰问人员")),
), ("date", "recipient", "aid_type"), "aid_type", ("amount", "goods_value"), defaults={"person_times": 1},
    checks=(kind_rules.aid_nature_matches_type,)))

_register(Kind("mediation", "劳动争议调解", m.Mediation, (
    Column("案号", "case_no", TEXT, True), Column("受理日期", "date", DATE, True), ORG_COL,
    Column("申请人", "applicant"), Column("争议类型", "dispute_type", CHOICE, True, c.DisputeType),
    Column("状态", "status", CHOICE, True, c.MediationStatus), Column("结案日期", "closed_on", DATE),
), ("case_no",), "status", unique_in_union=True, checks=(kind_rules.closed_on_matches_status,),
    list_extra=("applicant", "closed_on")))

_register(Kind("women", "女职工工作", m.Women, (
    Column("日期", "date", DATE, True), ORG_COL, Column("类型", "women_type", CHOICE, True, c.WomenType),
    Column("名称", "title", TEXT, True), *_participants(), Column("金额(元)", "amount", MONEY),
), ("date", "title"), "women_type", ("amount",)))

_register(Kind("publicity", "宣传报道", m.Publicity, (
    Column("日期", "date", DATE, True), ORG_COL, Column("标题", "title", TEXT, True), Column("作者", "author"),
    Column("媒体类型", "media_type", CHOICE, True, c.MediaType), Column("媒体名称", "media_name", TEXT, True),
    Column("级别", "level", CHOICE, False, c.Level),
), ("date", "title"), "media_type"))

_register(Kind("rule", "制度建设", m.Rule, (
    Column("制定日期", "date", DATE, True), ORG_COL, Column("制度名称", "title", TEXT, True),
    Column("类别", "category", CHOICE, True, c.RuleCategory), Column("修订日期", "revised_on", DATE),
    Column("废止日期", "repealed_on", DATE),
), ("date", "title"), "category", list_extra=("repealed_on",)))

_register(Kind("openness", "厂务公开", m.Openness, (
    Column("日期", "date", DATE, True), ORG_COL, Column("公开事项", "matter", TEXT, True),
    Column("公开形式", "form"),
), ("date", "matter"), list_extra=("form",)))

_register(Kind("contract", "集体合同", m.Contract, (
    Column("签订日期", "date", DATE, True), ORG_COL,
    Column("合同类型", "contract_type", CHOICE, True, c.ContractType),
    Column("期限开始", "start_on", DATE, True), Column("期限结束", "end_on", DATE, True),
    Column("覆盖职工数", "workers_covered", INT, True),
), ("date", "contract_type"), "contract_type", list_extra=("start_on", "end_on", "workers_covered")))

_register(Kind("proposal", "职代会提案", m.Proposal, (
    Column("日期", "date", DATE, True), ORG_COL, Column("标题", "title", TEXT, True), Column("提案人", "proposer"),
    Column("状态", "status", CHOICE, True, c.ProposalStatus), Column("办结日期", "closed_on", DATE),
), ("date", "title"), "status", list_extra=("closed_on",)))

_register(Kind("task", "上级交办任务", m.Task, (
    Column("交办日期", "date", DATE, True), ORG_COL, Column("任务", "task", TEXT, True),
    Column("交办单位", "assigned_by"), Column("期限", "due_on", DATE, True), Column("完成日期", "completed_on", DATE),
), ("date", "task"), list_extra=("due_on", "completed_on")))


def get_kind(code: str) -> Kind:
    return KINDS[code]
