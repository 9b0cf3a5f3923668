"""Step 2 of the roster import: one row's raw cells into a Candidate, or the Problems that refuse it.

`RowCleaner` cleans each column with people.validation (the functions the form and the API use), memoised per
distinct cell value; `OrgIndex` finds the row's 所在班组 by name or "上级/下级" path in the import org's subtree
(or plans a new 工会小组 when asked to).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core.tabular import Problem, cells
from gonghui.core.tabular.errors import CellError
from gonghui.core.tabular.memo import Memo
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.tree import subtree
from gonghui.people import validation
from gonghui.people.roster.columns import ROSTER
from gonghui.people.roster.writing import FIELDS, Candidate

TEXT_LIMITS = {"employee_no": 32, "post": 100, "model_worker_title": 100, "member_no": 32}
ID_MISSING = _("身份证号码为空。花名册按身份证号码识别人员，请填写18位公民身份号码。")
ID_MASKED = _("这是打码后的号码（含*号），无法识别人员。请用“完整号码”导出的文件，或填写完整的18位号码。")
TOO_LONG = _("内容超过%(n)d个字，请精简。")
GROUP_UNKNOWN = _("在“%(org)s”及其下级中找不到这个组织。请先在组织架构中建立它，或导入时勾选“自动新建小组”。")
GROUP_AMBIGUOUS = _("“%(org)s”下有%(n)d个同名组织，请写成“上级/小组”的形式（如 机关分会/第一小组）。")
GROUP_CANNOT_CREATE = _("“%(org)s”是%(kind)s，其下不能新建工会小组；请改在基层工会或分会导入，或填写已有的组织。")
JOIN_FUTURE = _("入会日期在今天之后，请核对。")
JOIN_BEFORE_BIRTH = _("入会日期早于出生日期，请核对。")
HIRED_BEFORE_BIRTH = _("入职日期早于出生日期，请核对。")
MEMBER_NO_WITHOUT_JOIN = _("填写了会员编号但没有入会日期，请补填入会日期。")
BIRTH_FROM_ID = _("与身份证号码中的出生日期%(derived)s不符（农历生日或笔误），已按身份证号码登记。")
BIRTH_UNREADABLE = _("不是有效日期，已按身份证号码中的出生日期%(derived)s登记。")
ID_TYPE_OTHER = _("证件类型是“%(v)s”，不是居民身份证。花名册按18位公民身份号码识别人员，持护照、港澳台居民证件等的职工"
                  "请在人员页面逐个登记。")
MIGRANT_UNREADABLE = _("应填“是”或“否”，未填入，请到人员信息中补选。")
MEMBERSHIP_NOT_JOINING = _("不是入会或转入，此人按非会员登记；会籍的这一变化请到会籍记录中办理。")
MEMBERSHIP_UNKNOWN = _("不是可识别的会籍变化类型（入会、转入……），此人按非会员登记；请到会籍记录中补记。")
MEMBERSHIP_NO_DATE = _("没有会籍变化日期（入会日期），未登记会籍；请补填日期后重新导入，或到会籍记录中补记。")

# 会籍变化类型 of the 会员信息采集表: the kinds that make a member; the others leave the person a non-member.
JOIN_KINDS = {"入会": "join", "新入会": "join", "加入工会": "join", "新会员": "join", "入会登记": "join",
              "新增": "join", "新增会员": "join", "发展": "join", "新发展": "join", "新发展会员": "join",
              "转入": "transfer_in", "调入": "transfer_in", "会籍转入": "transfer_in", "转会": "transfer_in",
              "接转": "transfer_in", "转入会籍": "transfer_in"}
NOT_JOINING = {"转出", "调出", "会籍转出", "转出会籍", "退会", "除名", "开除", "开除会籍", "取消会籍", "保留会籍",
               "恢复会籍", "恢复", "退休", "离职", "死亡", "注销"}
ID_CARD_TYPES = {"居民身份证", "身份证", "二代身份证", "第二代居民身份证", "中华人民共和国居民身份证", "公民身份证",
                 "公民身份号码", "大陆居民身份证", "内地居民身份证", "居民身份证号码", "身份证号", "身份证号码",
                 "01", "1", "111"}


def _message(exc: Exception) -> str:
    if isinstance(exc, CellError):
        return exc.message
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
        return "；".join(exc.messages)
    return str(exc)


def _salary(raw: Any):
    if isinstance(raw, float):
        raw = repr(raw)
    return validation.clean_salary(raw)


def _id_raw(raw: Any) -> Any:
    """A number cell in the ID column: 15 digits survive Excel, 16 or more do not (pass the float on, so
    idcard.parse says the digits are lost)."""
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, (int, float)):
        if float(raw).is_integer() and abs(raw) < 1e15:
            return str(int(raw))
        return float(raw)
    return raw


class OrgIndex:
    """Orgs of the import org's subtree, found by name or by "上级/下级" relative path."""

    def __init__(self, org: Org):
        self.org = org
        rows = list(subtree(org).filter(status=Org.Status.ACTIVE)
                    .values("id", "name", "path", "kind", "code"))
        self.by_id = {r["id"]: r for r in rows}
        self.by_path = {r["path"]: r for r in rows}
        self.by_name: dict[str, list[int]] = {}
        for r in rows:
            for name in {r["name"], self.relative(r)}:
                if name:
                    self.by_name.setdefault(self._key(name), []).append(r["id"])
        self.planned: dict[str, int] = {}  # new group name -> negative placeholder id

    @staticmethod
    def _key(name: str) -> str:
        return "".join(cells.code_text(name).split()).replace("／", "/").strip("/")

    def relative(self, r: dict) -> str:
        steplen = Org.steplen
        base = len(self.org.path)
        parts = []
        for end in range(base + steplen, len(r["path"]) + 1, steplen):
            node = self.by_path.get(r["path"][:end])
            if node is not None:
                parts.append(node["name"])
        return "/".join(parts)

    def label_of(self, org_id: int) -> str:
        """How exports name an org in 所在班组: its name, or its relative path when the name is ambiguous."""
        r = self.by_id[org_id]
        if r["id"] == self.org.pk:
            return ""
        if len(self.by_name.get(self._key(r["name"]), ())) > 1:
            return self.relative(r)
        return r["name"]

    def resolve(self, name: str, create: bool) -> int:
        key = self._key(name)
        ids = self.by_name.get(key)
        if ids and len(set(ids)) == 1:
            return ids[0]
        if ids:
            raise CellError(GROUP_AMBIGUOUS % {"org": self.org.name, "n": len(set(ids))}, "group_ambiguous")
        if not create:
            raise CellError(GROUP_UNKNOWN % {"org": self.org.name}, "group_unknown")
        if OrgKind.GROUP not in _group_parent_kinds() or self.org.kind not in (OrgKind.UNION, OrgKind.BRANCH):
            raise CellError(GROUP_CANNOT_CREATE % {"org": self.org.name, "kind": self.org.get_kind_display()},
                            "group_cannot_create")
        if "/" in key or len(key) > 100:
            raise CellError(GROUP_UNKNOWN % {"org": self.org.name}, "group_unknown")
        if key not in self.planned:
            self.planned[key] = -(len(self.planned) + 1)
        return self.planned[key]


def _group_parent_kinds():
    from gonghui.orgs.models import ALLOWED_CHILDREN

    return ALLOWED_CHILDREN[OrgKind(OrgKind.UNION)]


_ID_FIELD_KEYS = {"id_number": "id_number", "gender": "gender", "birth_date": "birth_date"}
_SIMPLE = {
    "ethnicity": validation.clean_ethnicity,
    "education": validation.clean_education,
    "political_status": validation.clean_political_status,
    "employment_type": validation.clean_employment_type,
    "work_status": validation.clean_work_status,
    "model_worker_level": validation.clean_honour_level,
}
_TEXT_KEYS = ("employee_no", "post", "model_worker_title", "member_no")


def _fold(raw: Any) -> str:
    return "".join(cells.code_text(raw).split())
_CODE_KEYS = frozenset(("employee_no", "member_no"))


class RowCleaner:
    """Turns one DataRow's raw values into a Candidate or a list of Problems. Only the columns the file has
    are looked at; each cleaning function runs once per distinct cell value (Memo)."""

    def __init__(self, headers: dict[str, str], orgs: OrgIndex, create_groups: bool, today: dt.date):
        self.headers = headers  # key -> the header as written in the file
        self.today = today
        present = set(headers)
        # The code columns (民族, 学历, 政治面貌, 用工形式, ...) repeat in a few thousand combinations: one look-up
        # per row for all of them together.
        # A value outside a list never refuses the person: import_code gives the value to store and a note.
        self.codes = [(k, Memo(lambda v, k=k: validation.import_code(k, cells.text(v))))
                      for k in _SIMPLE if k in present]
        self.code_keys = [k for k, _fn in self.codes]
        self.code_hits: dict[tuple, tuple[list, list]] = {}
        simple = {"is_migrant_worker": Memo(cells.boolean), "base_salary": Memo(_salary)}
        self.simple = [(k, fn) for k, fn in simple.items() if k in present]
        self.dates = [k for k in ("birth_date", "hired_on", "join_date") if k in present]
        self.texts = [(k, k in _CODE_KEYS, TEXT_LIMITS[k]) for k in _TEXT_KEYS if k in present]
        self.name = Memo(validation.clean_name, limit=20_000)  # names are mostly distinct: a small memo
        self.gender = Memo(validation.clean_gender) if "gender" in present else None
        self.date = Memo(cells.date_with_precision)
        # Phone numbers are nearly all distinct: memoising them would only cost memory.
        self.mobile = validation.clean_mobile if "mobile" in present else None
        self.group = Memo(lambda v: orgs.resolve(v, create_groups)) if "group" in present else None
        self.id_type = "id_type" in present
        self.membership = "membership_change" in present

    def _problem(self, key: str, raw: Any, exc_or_msg, *, note: bool = False) -> Problem:
        msg = exc_or_msg if isinstance(exc_or_msg, str) else _message(exc_or_msg)
        return Problem(self.headers.get(key) or ROSTER.column(key).label, raw, msg, note)

    def _codes(self, raws: tuple) -> tuple[list, list]:
        found, problems = [], []
        for (key, fn), raw in zip(self.codes, raws):
            if raw is None or raw == "":
                continue
            value, note = fn(raw)
            if value:
                found.append((key, value))
            if note:
                problems.append(self._problem(key, raw, note, note=True))
        return found, problems

    def _membership(self, values: dict[str, Any], join: dt.date | None,
                    problems: list[Problem]) -> tuple[dt.date | None, str]:
        """The 会籍 event a row records: (date, kind) from 会籍变化类型 + 会籍变化日期 (or 入会日期)."""
        raw = values.get("membership_change") if self.membership else None
        if raw is None or cells.is_blank(raw):
            return join, ""
        said = _fold(raw)
        kind = JOIN_KINDS.get(said)
        if kind is None:
            message = MEMBERSHIP_NOT_JOINING if said in NOT_JOINING else MEMBERSHIP_UNKNOWN
            problems.append(self._problem("membership_change", raw, message, note=True))
            return None, ""
        if join is None:
            problems.append(self._problem("membership_change", raw, MEMBERSHIP_NO_DATE, note=True))
            return None, ""
        return join, kind

    def clean(self, number: int, values: dict[str, Any]) -> tuple[Candidate | None, list[Problem]]:
        problems: list[Problem] = []
        out: dict[str, Any] = {}
        fail = self._problem
        get = values.get
        raw_name = get("name")
        try:
            out["name"] = self.name(raw_name)
        except ValidationError as exc:
            problems.append(fail("name", raw_name, exc))
        raw_gender = get("gender")
        gender = ""
        if self.gender is not None and raw_gender is not None and raw_gender != "":
            try:
                gender = self.gender(raw_gender)
            except ValidationError as exc:
                problems.append(fail("gender", raw_gender, exc))
                raw_gender = None
        if self.codes:
            raws = tuple(map(values.__getitem__, self.code_keys))
            hit = self.code_hits.get(raws)
            if hit is None:
                hit = self._codes(raws)
                if len(self.code_hits) < 100_000:
                    self.code_hits[raws] = hit
            out.update(hit[0])
            problems.extend(hit[1])
        for key, fn in self.simple:
            raw = values[key]
            if raw is None or raw == "":
                continue
            try:
                out[key] = fn(raw)
            except (ValidationError, CellError) as exc:
                if key == "is_migrant_worker":  # optional: the person comes in, the flag is left to set
                    problems.append(fail(key, raw, MIGRANT_UNREADABLE, note=True))
                else:
                    problems.append(fail(key, raw, exc))
        if self.id_type:
            raw = values["id_type"]
            if not cells.is_blank(raw) and _fold(raw) not in ID_CARD_TYPES:
                problems.append(fail("id_type", raw, ID_TYPE_OTHER % {"v": cells.text(raw)}))
        dates: dict[str, tuple[dt.date | None, str]] = {}
        birth_error = None
        for key in self.dates:
            raw = values[key]
            if raw is None or raw == "":
                continue
            if type(raw) is dt.date:  # a real Excel date, the usual case: nothing to clean
                dates[key] = (raw, "day")
                continue
            try:
                dates[key] = self.date(raw)
            except CellError as exc:
                if key == "birth_date":
                    birth_error = exc  # the ID number's date may stand in for it (below)
                else:
                    problems.append(fail(key, raw, exc))
        for key, is_code, limit in self.texts:
            raw = values[key]
            if raw is None or raw == "":
                continue
            value = cells.code_text(raw) if is_code else cells.text(raw)
            if len(value) > limit:
                problems.append(fail(key, raw, TOO_LONG % {"n": limit}))
            else:
                out[key] = value
        if self.mobile is not None:
            raw = values["mobile"]
            if raw is not None and raw != "":
                try:
                    out["mobile"] = self.mobile(raw)
                except ValidationError as exc:
                    problems.append(fail("mobile", raw, exc))
        # Identity: the ID number is the key of the roster; the gender must agree with it. A birth date that
        # does not (a lunar birthday, "1990-4-15闰") gives way to the ID's, with a note on the row.
        raw_id = _id_raw(get("id_number"))
        birth, precision = dates.get("birth_date", (None, ""))
        identified = False
        if raw_id is None or cells.is_blank(raw_id):
            problems.append(fail("id_number", raw_id, ID_MISSING))
        elif isinstance(raw_id, str) and ("*" in raw_id or "＊" in raw_id):
            problems.append(fail("id_number", raw_id, ID_MASKED))
        else:
            try:
                number_, gender, derived = validation.check_identity(raw_id, gender if raw_gender else "",
                                                                      None, today=self.today)
            except ValidationError as exc:
                raws = {"id_number": raw_id, "gender": raw_gender, "birth_date": get("birth_date")}
                for field, msgs in exc.message_dict.items():
                    key = _ID_FIELD_KEYS.get(field, "id_number")
                    problems.append(fail(key, raws[key], "；".join(msgs)))
            else:
                identified = True
                shown_date = {"derived": derived.isoformat()}
                if birth_error is not None:
                    problems.append(fail("birth_date", get("birth_date"), BIRTH_UNREADABLE % shown_date, note=True))
                elif birth and (birth != derived if precision == "day"
                                else (birth.year, birth.month) != (derived.year, derived.month)):
                    problems.append(fail("birth_date", get("birth_date"), BIRTH_FROM_ID % shown_date, note=True))
                out["id_number"], out["gender"], out["birth_date"] = number_, gender, derived
        if birth_error is not None and not identified:
            problems.append(fail("birth_date", get("birth_date"), birth_error))
        join = None
        if dates:
            birth_date = out.get("birth_date")
            hired = dates.get("hired_on", (None, ""))[0]
            join = dates.get("join_date", (None, ""))[0]
            if hired:
                if birth_date and hired < birth_date:
                    problems.append(fail("hired_on", get("hired_on"), HIRED_BEFORE_BIRTH))
                out["hired_on"] = hired
            if join:
                if join > self.today:
                    problems.append(fail("join_date", get("join_date"), JOIN_FUTURE))
                elif birth_date and join < birth_date:
                    problems.append(fail("join_date", get("join_date"), JOIN_BEFORE_BIRTH))
        said_join = join
        join, join_kind = self._membership(values, join, problems)
        if out.get("member_no") and not said_join and "join_date" not in dates and not join_kind:
            problems.append(fail("member_no", get("member_no"), MEMBER_NO_WITHOUT_JOIN))
        group = ""
        org_id = None
        if self.group is not None:
            raw = values["group"]
            group = cells.text(raw) if raw is not None else ""
            if group:
                try:
                    org_id = self.group(group)
                except CellError as exc:
                    problems.append(fail("group", raw, exc))
        if any(not p.note for p in problems):
            return None, problems
        candidate = Candidate(
            row=number, values=tuple(map(out.get, FIELDS)), group=group, join_date=join,
            member_no=out.get("member_no", "") if join else "", org_id=org_id, join_kind=join_kind,
        )
        return candidate, problems
