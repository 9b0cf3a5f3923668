"""Roster (花名册) import: the union's own Excel file in, every row accounted for.

Parse -> validate every row -> write once (STYLE rule 7), holding neither the file nor the rows in memory:
1. core.tabular opens the file (xlsx/xls/csv), finds the header and classifies rows (data/blank/footer).
2. Each data row is cleaned with people.validation (the same functions the form and the API use), memoised
   per distinct cell value, so 100,000 rows cost a few hundred thousand dictionary look-ups, not calls.
3. Every 900 checked rows, one query loads the stored people of the chunk by ID number, and each row becomes
   created / updated / unchanged / refused-with-reason (or merged when it repeats an identical earlier row).
   The chunk's plan is spooled to a temporary file (writing.PlanSpool): memory holds one chunk and a hash
   per ID number, not the rows, and the job page can show the progress of this phase.
4. One transaction writes every spooled chunk set-based (writing.Writer): people, 入会 events, new groups,
   the audit rows, then the 'import' audit row. A failure anywhere (even in the last chunk) rolls all of it
   back. A dry run stops before step 4 with the same counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import scoping
from gonghui.accounts.roles import WRITE_ROLES
from gonghui.core import audit
from gonghui.core.models import AuditEvent
from gonghui.core.tabular import (
    FileUnreadable,
    ImportResult,
    Problem,
    RowStatus,
    TableReader,
    cells,
    open_table,
)
from gonghui.core.tabular.bulk import rows_by_key
from gonghui.core.tabular.errors import CellError, ImportFailed
from gonghui.core.tabular.memo import Memo
from gonghui.core.tabular.writer import write_refused  # the 错误原因 workbook, part of the roster's API
from gonghui.orgs.models import Org, OrgKind
from gonghui.people import validation
from gonghui.people.models import MemberStatus, Person
from gonghui.people.roster.columns import ROSTER
from gonghui.people.roster.writing import FIELDS, Candidate, Existing, Plan, PlanSpool, Writer

ProgressFn = Callable[[int, int], None]

TEXT_LIMITS = {"employee_no": 32, "post": 100, "model_worker_title": 100, "member_no": 32}
CHUNK = 900  # ids per IN (...) query: below SQLite's 999 parameters on old builds
PROGRESS_EVERY = 1000

ID_MISSING = _("身份证号码为空。花名册按身份证号码识别人员，请填写18位公民身份号码。")
ID_MASKED = _("这是打码后的号码（含*号），无法识别人员。请用“完整号码”导出的文件，或填写完整的18位号码。")
TOO_LONG = _("内容超过%(n)d个字，请精简。")
GROUP_UNKNOWN = _("在“%(org)s”及其下级中找不到这个组织。请先在组织架构中建立它，或导入时勾选“自动新建小组”。")
GROUP_AMBIGUOUS = _("“%(org)s”下有%(n)d个同名组织，请写成“上级/小组”的形式（如 机关分会/第一小组）。")
GROUP_CANNOT_CREATE = _("“%(org)s”是%(kind)s，其下不能新建工会小组；请改在基层工会或分会导入，或填写已有的组织。")
ORG_FEDERATION = _("“%(org)s”是%(kind)s，人员只能挂在基层工会、分会或工会小组下；请填写所在班组，或改在基层工会导入。")
DUPLICATE_DIFFERENT = _("与第%(first)d行是同一个身份证号码，但内容不同。同一人只能出现一次，请把两行合并为一行。")
DUPLICATE_SAME = _("第%(row)d行与第%(first)d行完全相同（同一身份证号码），已合并为一人。")
OUTSIDE_SCOPE = _("这个身份证号码已在其他单位登记，您无权修改。如确属调入本单位，请联系原单位办理会籍转出后再导入。")
OUTSIDE_SUBTREE = _("此人已登记在“%(org)s”，不在“%(target)s”之下。人员调动请在原单位办理，不能通过导入移动。")
JOIN_FUTURE = _("入会日期在今天之后，请核对。")
JOIN_BEFORE_BIRTH = _("入会日期早于出生日期，请核对。")
HIRED_BEFORE_BIRTH = _("入职日期早于出生日期，请核对。")
MEMBER_NO_WITHOUT_JOIN = _("填写了会员编号但没有入会日期，请补填入会日期。")
BIRTH_MONTH_MISMATCH = _("出生年月%(typed)s与身份证号码中的%(derived)s不符，请核对。")
CONCURRENT = _("导入期间有人同时登记了相同身份证号码的人员，本次导入已全部撤销，请重新导入。")
ORG_DISSOLVED = _("“%(org)s”已撤销，不能再导入人员。")


class RosterImportError(ImportFailed):
    """The roster import as a whole could not run (after the file was read); nothing was written."""


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


class _OrgIndex:
    """Orgs of the import org's subtree, found by name or by "上级/下级" relative path."""

    def __init__(self, org: Org):
        self.org = org
        rows = list(Org.objects.filter(path__startswith=org.path, status=Org.Status.ACTIVE)
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
_CODE_KEYS = frozenset(("employee_no", "member_no"))


class _RowCleaner:
    """Turns one DataRow's raw values into a Candidate or a list of Problems. Only the columns the file has
    are looked at; each cleaning function runs once per distinct cell value (Memo)."""

    def __init__(self, headers: dict[str, str], orgs: _OrgIndex, create_groups: bool, today: dt.date):
        self.headers = headers  # key -> the header as written in the file
        self.today = today
        present = set(headers)
        # The code columns (民族, 学历, 政治面貌, 用工形式, ...) repeat in a few thousand combinations: one look-up
        # per row for all of them together.
        self.codes = [(k, Memo(lambda v, fn=fn: fn(cells.text(v)))) for k, fn in _SIMPLE.items() if k in present]
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

    def _problem(self, key: str, raw: Any, exc_or_msg) -> Problem:
        msg = exc_or_msg if isinstance(exc_or_msg, str) else _message(exc_or_msg)
        return Problem(self.headers.get(key) or ROSTER.column(key).label, raw, msg)

    def _codes(self, raws: tuple) -> tuple[list, list]:
        found, problems = [], []
        for (key, fn), raw in zip(self.codes, raws):
            if raw is None or raw == "":
                continue
            try:
                found.append((key, fn(raw)))
            except (ValidationError, CellError) as exc:
                problems.append(self._problem(key, raw, exc))
        return found, problems

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
                problems.append(fail(key, raw, exc))
        dates: dict[str, tuple[dt.date | None, str]] = {}
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
        # Identity: the ID number is the key of the roster; gender and birth date must agree with it.
        raw_id = _id_raw(get("id_number"))
        birth, precision = dates.get("birth_date", (None, ""))
        if raw_id is None or cells.is_blank(raw_id):
            problems.append(fail("id_number", raw_id, ID_MISSING))
        elif isinstance(raw_id, str) and ("*" in raw_id or "＊" in raw_id):
            problems.append(fail("id_number", raw_id, ID_MASKED))
        else:
            typed_birth = birth if precision == "day" else None
            try:
                number_, gender, derived = validation.check_identity(raw_id, gender if raw_gender else "",
                                                                      typed_birth, today=self.today)
            except ValidationError as exc:
                raws = {"id_number": raw_id, "gender": raw_gender, "birth_date": get("birth_date")}
                for field, msgs in exc.message_dict.items():
                    key = _ID_FIELD_KEYS.get(field, "id_number")
                    problems.append(fail(key, raws[key], "；".join(msgs)))
            else:
                if precision == "month" and (birth.year, birth.month) != (derived.year, derived.month):
                    problems.append(fail("birth_date", get("birth_date"), BIRTH_MONTH_MISMATCH % {
                        "typed": f"{birth.year}年{birth.month}月", "derived": derived.isoformat()}))
                out["id_number"], out["gender"], out["birth_date"] = number_, gender, derived
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
        if out.get("member_no") and not join and "join_date" not in dates:
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
        if problems:
            return None, problems
        candidate = Candidate(
            row=number, values=tuple(map(out.get, FIELDS)), group=group, join_date=join,
            member_no=out.get("member_no", ""), org_id=org_id,
        )
        return candidate, []


def _load_existing(ids: list[str], org_paths: dict[int, str]) -> dict[str, Existing]:
    """Stored people by ID number; `org_paths` (org id -> path) is filled in for orgs outside the subtree."""
    found: dict[str, Existing] = {}
    id_slot = FIELDS.index("id_number")
    for pk, org_id, status, *values in rows_by_key(Person, "id_number", ids,
                                                    ("pk", "org", "member_status", *FIELDS)):
        if org_id not in org_paths:
            org_paths[org_id] = Org.objects.filter(pk=org_id).values_list("path", flat=True).first() or ""
        found[values[id_slot]] = Existing(pk, org_id, org_paths[org_id], status, tuple(values))
    return found


def roster_import(
    *,
    actor,
    org: Org,
    source: Any,
    create_groups: bool = False,
    dry_run: bool = False,
    mapping: dict[str, int | None] | None = None,
    progress: ProgressFn | None = None,
    filename: str | None = None,
    sheet: str | int | None = None,
) -> ImportResult:
    """Import a roster file into `org` (people land in `org` or the group named on their row).

    `source` is a path, bytes or a binary file object. `mapping` overrides the guessed columns ({key:
    0-based column index or None}); `reader.columns` of a dry run shows the guess. Raises FileUnreadable
    (the file cannot be read: nothing happened), PermissionDenied, or RosterImportError.
    `actor=None` is the system itself (the CLI without --as-user), allowed everywhere.
    """
    if actor is not None:
        scoping.require_write(actor, org)
    if not org.is_active:
        raise RosterImportError(ORG_DISSOLVED % {"org": org.name}, "org_dissolved")
    progress = progress or (lambda done, total: None)
    spool = None if dry_run else PlanSpool()
    try:
        with open_table(source, name=filename, sheet=sheet) as table:
            reader = TableReader(table, ROSTER, mapping)
            result = ImportResult(filename=table.name, kind=table.kind, sheet=table.sheet, dry_run=dry_run,
                                  header_rows=reader.header_rows, columns=reader.columns,
                                  header_cells=reader.header_cells)
            orgs = _OrgIndex(org)
            _import_rows(reader, table, result, orgs, actor=actor, create_groups=create_groups, spool=spool,
                         progress=progress)
        if spool:
            _write(actor=actor, org=org, orgs=orgs, spool=spool, result=result, progress=progress)
    finally:
        if spool is not None:
            spool.close()
    return result


def _write(*, actor, org: Org, orgs: _OrgIndex, spool: PlanSpool, result: ImportResult, progress) -> None:
    """Every checked chunk in one transaction, then the 'import' audit row: all of it, or (on any failure,
    in any chunk) none of it. Progress written inside a transaction stays invisible until it commits, so the
    job page shows this as one phase."""
    if hasattr(progress, "phase"):
        progress.phase(_("正在写入数据库…"))
    writer = Writer(actor=actor, org=org, org_rows=orgs.by_id, planned_groups=orgs.planned,
                    filename=result.filename)
    try:
        with transaction.atomic():
            for plan in spool:
                writer.write(plan)
            audit.record(actor=actor, action=AuditEvent.Action.IMPORT, object_type="roster", object_id=str(org.pk),
                         object_repr=f"{org.name} 花名册导入 {result.filename}"[:200], org_path=org.path,
                         changes={"file": result.filename, "created": result.counts["created"],
                                  "updated": result.counts["updated"], "unchanged": result.counts["unchanged"],
                                  "refused": result.counts["refused"],
                                  "groups_created": result.extra["groups_created"]})
    except IntegrityError:
        raise RosterImportError(CONCURRENT, "concurrent") from None


def _import_rows(reader: TableReader, table, result: ImportResult, orgs: _OrgIndex, *, actor, create_groups: bool,
                 spool: PlanSpool | None, progress: ProgressFn) -> None:
    """Every row of the sheet to a RowStatus; the plan of each checked chunk goes to `spool` (None: a dry
    run)."""
    total = max(0, (table.last_row or 0) - reader.header_rows[-1])
    headers = {c.key: c.header for c in reader.columns if c.key}
    cleaner = _RowCleaner(headers, orgs, create_groups, timezone.localdate())
    planner = _Planner(actor=actor, org=orgs.org, orgs=orgs, result=result, headers=headers, spool=spool)
    # ID number -> its first row and a hash of what that row said, packed in one int: a 100,000-row roster
    # keeps about 13 MB for the duplicate check, not the rows.
    first_rows: dict[int, int] = {}
    seen = 0
    for row in reader.rows():
        seen += 1
        if seen % PROGRESS_EVERY == 0:
            progress(seen, max(total, seen))
        if row.kind == "footer":
            result.add(RowStatus.FOOTER)
            continue
        candidate, problems = cleaner.clean(row.number, row.values)
        if problems:
            result.refuse(row.number, problems, row.cells)
            continue
        key = _id_key(candidate.id_number)
        said = hash((candidate.values, candidate.group, candidate.join_date, candidate.member_no)) & _HASH_BITS
        first = first_rows.get(key)
        if first is not None:
            first_number = first >> 64
            if first & _HASH_BITS == said:
                result.add(RowStatus.MERGED)
                result.notes.append(DUPLICATE_SAME % {"row": row.number, "first": first_number})
            else:
                result.refuse(row.number, [Problem(headers.get("id_number", "身份证号码"), candidate.id_number,
                                                   DUPLICATE_DIFFERENT % {"first": first_number})], row.cells)
            continue
        first_rows[key] = (row.number << 64) | said
        planner.add(candidate, row.cells)
    planner.flush()
    result.add(RowStatus.BLANK, reader.blank)
    result.notes.extend(reader.warnings)
    result.refusals.sort(key=lambda r: r.row)
    result.extra["groups_created"] = sorted(orgs.planned)
    progress(seen, seen)


_HASH_BITS = (1 << 64) - 1


def _id_key(id_number: str) -> int:
    """A checked 18-character ID number as an int (X is 10): a third of the memory of the string."""
    last = id_number[-1]
    return int(id_number[:-1]) * 11 + (10 if last == "X" else int(last))


class _Planner:
    """Decides created / updated / unchanged / refused for checked rows, a chunk at a time: one query loads
    the stored people of a chunk by ID number, then the chunk's plan goes to the spool (if any)."""

    def __init__(self, *, actor, org: Org, orgs: _OrgIndex, result: ImportResult, headers: dict[str, str],
                 spool: PlanSpool | None):
        self.org = org
        self.orgs = orgs
        self.result = result
        self.headers = headers
        self.spool = spool
        self.scope = scoping.scope_of(actor) if actor is not None else None
        self.pending: list[tuple[Candidate, list[Any]]] = []
        self.holders: dict[int, str] = {}
        self.org_paths: dict[int, str] = {pk: r["path"] for pk, r in orgs.by_id.items()}

    def add(self, candidate: Candidate, row_cells: list[Any]) -> None:
        self.pending.append((candidate, row_cells))
        if len(self.pending) >= CHUNK:
            self.flush()

    def _refuse(self, c: Candidate, row_cells, key: str, value: Any, message: str) -> None:
        self.result.refuse(c.row, [Problem(self.headers.get(key) or ROSTER.column(key).label, value, message)],
                           row_cells)

    def flush(self) -> None:
        if not self.pending:
            return
        existing = _load_existing([c.id_number for c, _cells in self.pending], self.org_paths)
        org, result = self.org, self.result
        plan = Plan()
        for c, row_cells in self.pending:
            stored = existing.get(c.id_number)
            if stored is None:
                if c.org_id is None:
                    c.org_id = org.pk
                target = self.orgs.by_id.get(c.org_id)
                if target is not None and target["kind"] == OrgKind.FEDERATION:
                    self._refuse(c, row_cells, "group", c.group, ORG_FEDERATION % {
                        "org": target["name"], "kind": OrgKind(target["kind"]).label})
                    continue
                plan.creates.append(c)
                result.add(RowStatus.CREATED)
                continue
            if not stored.org_path.startswith(org.path):
                if self.scope is not None and not self.scope.covers(stored.org_path, WRITE_ROLES):
                    self._refuse(c, row_cells, "id_number", c.id_number, OUTSIDE_SCOPE)
                else:
                    if stored.org_id not in self.holders:
                        self.holders[stored.org_id] = (
                            Org.objects.filter(pk=stored.org_id).values_list("name", flat=True).first() or "")
                    self._refuse(c, row_cells, "id_number", c.id_number, OUTSIDE_SUBTREE % {
                        "org": self.holders[stored.org_id], "target": org.name})
                continue
            if c.org_id is None:
                c.org_id = stored.org_id  # no group named: the person stays where they are
            target = self.orgs.by_id.get(c.org_id)
            if target is not None and target["kind"] == OrgKind.FEDERATION:
                self._refuse(c, row_cells, "group", c.group, ORG_FEDERATION % {
                    "org": target["name"], "kind": OrgKind(target["kind"]).label})
                continue
            changes: dict[str, Any] = {}
            for field, new, old in zip(FIELDS, c.values, stored.values):
                if new is None or new == "":
                    continue  # an empty cell keeps what is stored
                if new != old:
                    changes[field] = new
            if c.org_id != stored.org_id:
                changes["org"] = c.org_id
            add_join = bool(c.join_date) and stored.member_status == MemberStatus.NONE
            if changes or add_join:
                plan.updates.append((c, stored, changes, add_join))
                result.add(RowStatus.UPDATED)
            else:
                result.add(RowStatus.UNCHANGED)
        self.pending = []
        if self.spool is not None and plan:
            self.spool.add(plan)


__all__ = ["FileUnreadable", "RosterImportError", "roster_import", "write_refused"]
