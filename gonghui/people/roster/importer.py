"""Roster (花名册) import: the union's own Excel file in, every row accounted for.

Parse -> validate every row -> write once (STYLE rule 7), holding neither the file nor the rows in memory:
1. core.tabular opens the file (xlsx/xls/csv), finds the header and classifies rows (data/blank/footer).
2. Each data row is cleaned with people.validation (the same functions the form and the API use), memoised
   per distinct cell value, so 100,000 rows cost a few hundred thousand dictionary look-ups, not calls.
3. Every 900 checked rows, one query loads the stored people of the chunk by ID number, and each row becomes
   created / updated / unchanged / refused-with-reason (or merged when it repeats an identical earlier row).
   A stored person whose name differs is refused unless `name_changes` resolves the row (never a silent
   rename); each update is listed field by field (old -> new) for the preview (RosterResult).
   The chunk's plan is spooled to a temporary file (writing.PlanSpool): memory holds one chunk and a hash
   per ID number, not the rows, and the job page can show the progress of this phase.
4. One transaction writes every spooled chunk set-based (writing.Writer): people, 入会 events, new groups,
   the audit rows, the department mapping to remember (groups.GroupAlias), then the 'import' audit row. The
   refused rows are not written; each is listed with its reason. A failure anywhere (even in the last chunk)
   rolls all of it back. A dry run stops before step 4 with the same counts.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Any

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
from gonghui.core.tabular.errors import ImportFailed
from gonghui.core.tabular.reading import CheckedRows
from gonghui.core.tabular.writer import write_refused  # the 错误原因 workbook, part of the roster's API
from gonghui.orgs.models import Org, OrgKind
from gonghui.people.models import MemberStatus, Person
from gonghui.people.roster.cleaning import RowCleaner
from gonghui.people.roster.columns import ROSTER
from gonghui.people.roster.groups import GroupIndex, key_of, load_aliases, save_aliases
from gonghui.people.roster.writing import FIELDS, Candidate, Existing, Plan, PlanSpool, Writer, change_rows

ProgressFn = Callable[[int, int], None]

CHUNK = 900  # ids per IN (...) query: below SQLite's 999 parameters on old builds

ORG_FEDERATION = _("“%(org)s”是%(kind)s，人员只能挂在基层工会、分会或工会小组下；请填写所在班组，或改在基层工会导入。")
DUPLICATE_DIFFERENT = _("与第%(first)d行（%(name)s）身份证号相同，但内容不同。同一人只能出现一次，请把两行合并为一行；"
                        "如果是两个人，请核对身份证号码。")
DUPLICATE_OF_REFUSED = _("与第%(first)d行（%(name)s）身份证号相同，第%(first)d行有错未导入。同一人只能出现一次，"
                         "请核对这两行的身份证号码，改好后合并为一行。")
NAME_CONFLICT = _("系统中这个身份证号码登记的是“%(stored)s”，文件中是“%(file)s”，为防止改错人，这一行未导入。请核对身份证号码；"
                  "确是同一人的，在导入预览中为这一行选“采用文件中的姓名”或“保留系统中的姓名”（命令行导入加 "
                  "--accept-name-changes 采用文件中的姓名）。")
DUPLICATE_SAME = _("第%(row)d行与第%(first)d行完全相同（同一身份证号码），已合并为一人。")
OUTSIDE_SCOPE = _("这个身份证号码已在其他单位登记，您无权修改。如确属调入本单位，请联系原单位办理会籍转出后再导入。")
OUTSIDE_SUBTREE = _("此人已登记在“%(org)s”，不在“%(target)s”之下。人员调动请在原单位办理，不能通过导入移动。")
CONCURRENT = _("导入期间有人同时登记了相同身份证号码的人员，本次导入已全部撤销，请重新导入。")
ORG_DISSOLVED = _("“%(org)s”已撤销，不能再导入人员。")


KEEP, TAKE = "keep", "take"  # a name conflict's resolutions: keep the stored name / take the file's
ACCEPT = "accept"  # name_changes="accept": take the file's name on every conflicting row (the CLI's flag)
MAX_LISTED = 2000  # name conflicts and updated rows kept on the result for the preview


class RosterImportError(ImportFailed):
    """The roster import as a whole could not run (after the file was read); nothing was written."""


@dataclasses.dataclass
class RosterResult(ImportResult):
    """An ImportResult (as_dict unchanged: the CLI's --json) plus what the roster preview shows: the rows
    whose name differs from the stored person's, each update's changed fields (old -> new), and the
    department-name mapping step."""

    name_conflicts: list[dict] = dataclasses.field(default_factory=list)
    changes: list[dict] = dataclasses.field(default_factory=list)
    changes_total: int = 0
    groups: dict = dataclasses.field(default_factory=dict)

    def preview(self) -> dict:
        return {"name_conflicts": self.name_conflicts, "changes": self.changes,
                "changes_total": self.changes_total, "group_mapping": self.groups}


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
    name_changes: Mapping[int, str] | str | None = None,
    group_map: Mapping[str, int | None] | None = None,
) -> RosterResult:
    """Import a roster file into `org` (people land in `org` or the group named on their row).

    `source` is a path, bytes or a binary file object. `mapping` overrides the guessed columns ({key:
    0-based column index or None}); `reader.columns` of a dry run shows the guess. Raises FileUnreadable
    (the file cannot be read: nothing happened), PermissionDenied, or RosterImportError.
    `actor=SYSTEM` is the system itself (the CLI without --as-user), allowed everywhere.

    A row whose ID number is stored under another name is refused unless `name_changes` resolves it:
    {row number: "keep" (the stored name, the other fields update) or "take" (the file's)}, or "accept" for
    "take" on every such row. `group_map` maps department names as written to orgs of the subtree ({名称:
    org id}; None forgets a remembered mapping); a real import remembers it for `org`'s next imports.
    """
    scoping.require_write(actor, org)
    if not org.is_active:
        raise RosterImportError(ORG_DISSOLVED % {"org": org.name}, "org_dissolved")
    progress = progress or (lambda done, total: None)
    spool = None if dry_run else PlanSpool()
    try:
        with open_table(source, name=filename, sheet=sheet) as table:
            reader = TableReader(table, ROSTER, mapping)
            result = RosterResult(filename=table.name, kind=table.kind, sheet=table.sheet, dry_run=dry_run,
                                  header_rows=reader.header_rows, columns=reader.columns,
                                  header_cells=reader.header_cells)
            orgs = GroupIndex(org, chosen=dict(group_map or {}), remembered=load_aliases(org))
            _import_rows(reader, table, result, orgs, actor=actor, create_groups=create_groups, spool=spool,
                         progress=progress, name_changes=name_changes)
        if spool or (spool is not None and orgs.chosen):  # rows to write, or a department mapping to remember
            _write(actor=actor, org=org, orgs=orgs, spool=spool, result=result, progress=progress)
    finally:
        if spool is not None:
            spool.close()
    return result


def _write(*, actor, org: Org, orgs: GroupIndex, spool: PlanSpool, result: ImportResult, progress) -> None:
    """Every checked chunk in one transaction, then the department mapping to remember and the 'import'
    audit row: all of it, or (on any failure, in any chunk) none of it. Progress written inside a transaction
    stays invisible until it commits, so the job page shows this as one phase."""
    if hasattr(progress, "phase"):
        progress.phase(_("正在写入数据库…"))
    writer = Writer(actor=actor, org=org, org_rows=orgs.by_id, planned_groups=orgs.nodes,
                    filename=result.filename)
    try:
        with transaction.atomic():
            for plan in spool:
                writer.write(plan)
            if orgs.chosen:
                save_aliases(org, orgs.chosen, orgs.by_id)
            audit.record(actor=actor, action=AuditEvent.Action.IMPORT, object_type="roster", object_id=str(org.pk),
                         object_repr=f"{org.name} 花名册导入 {result.filename}"[:200], org_path=org.path,
                         changes={"file": result.filename, "created": result.counts["created"],
                                  "updated": result.counts["updated"], "unchanged": result.counts["unchanged"],
                                  "refused": result.counts["refused"],
                                  "groups_created": result.extra["groups_created"],
                                  **({"group_map": {k: (orgs.label(v) if v in orgs.by_id else None)
                                                    for k, v in orgs.chosen.items()}} if orgs.chosen else {})})
    except IntegrityError:
        raise RosterImportError(CONCURRENT, "concurrent") from None


def _import_rows(reader: TableReader, table, result: RosterResult, orgs: GroupIndex, *, actor,
                 create_groups: bool, spool: PlanSpool | None, progress: ProgressFn,
                 name_changes: Mapping[int, str] | str | None) -> None:
    """Every row of the sheet to a RowStatus; the plan of each checked chunk goes to `spool` (None: a dry
    run)."""
    total = max(0, (table.last_row or 0) - reader.header_rows[-1])
    headers = {c.key: c.header for c in reader.columns if c.key}
    cleaner = RowCleaner(headers, orgs, create_groups, timezone.localdate())
    planner = _Planner(actor=actor, org=orgs.org, orgs=orgs, result=result, headers=headers, spool=spool,
                       name_changes=name_changes)
    seen = _SeenIds(headers.get("id_number", "身份证号码"))
    group_rows: dict[Any, int] = {}
    has_group = "group" in headers

    def clean(row):
        if has_group:
            raw = row.values.get("group")
            if raw is not None and raw != "":
                group_rows[raw] = group_rows.get(raw, 0) + 1
        candidate, problems = cleaner.clean(row.number, row.values)
        if any(not p.note for p in problems):  # still told when it repeats an ID number of the file
            seen.refused(row, problems)
        return candidate, problems

    walk = CheckedRows(reader, result, clean, progress, total=total)
    for row, candidate in walk:
        said = hash((candidate.values, candidate.group, candidate.join_date, candidate.member_no)) & _HASH_BITS
        first = seen.first(candidate, said)
        if first is not None:
            first_number, first_name, first_said = first
            if first_said == said:
                result.add(RowStatus.MERGED)
                result.notes.append(DUPLICATE_SAME % {"row": row.number, "first": first_number})
            else:
                message = DUPLICATE_OF_REFUSED if first_said == _REFUSED else DUPLICATE_DIFFERENT
                result.refuse(row.number, [Problem(seen.column, candidate.id_number,
                                                   message % {"first": first_number, "name": first_name})],
                              row.cells)
            continue
        planner.add(candidate, row.cells)
    planner.flush()
    walk.finish()
    result.refusals.sort(key=lambda r: r.row)
    result.extra["groups_created"] = sorted(orgs.planned)
    rows_by_key: dict[str, int] = {}
    for raw, n in group_rows.items():
        key = key_of(cells.text(raw))
        rows_by_key[key] = rows_by_key.get(key, 0) + n
    result.groups = orgs.mapping_step(rows_by_key)
    walk.done()


_HASH_BITS = (1 << 64) - 1
_ROW_BITS = 32
_REFUSED = -1  # what a refused first row "said": never equal to a hash
_ID_TEXT = re.compile(r"^\d{17}[\dX]$")


def _id_key(id_number: str) -> int:
    """A checked 18-character ID number as an int (X is 10): a third of the memory of the string."""
    last = id_number[-1]
    return int(id_number[:-1]) * 11 + (10 if last == "X" else int(last))


class _SeenIds:
    """Each ID number of the file -> its first row: the number, the name and a hash of what it said, packed
    in one int (a 100,000-row roster keeps about 15 MB for this, not the rows). Refused rows count too, so a
    row that repeats an ID number is told so even when one of the two has other errors."""

    def __init__(self, column: str):
        self.column = column
        self.rows: dict[int, int] = {}

    @staticmethod
    def _pack(number: int, name: str, said: int) -> int:
        refused = said == _REFUSED
        name_bits = int.from_bytes(name.encode()[:48], "big")
        return ((((name_bits << 1) | refused) << _ROW_BITS | number) << 64) | (0 if refused else said)

    @staticmethod
    def _unpack(packed: int) -> tuple[int, str, int]:
        said = packed & _HASH_BITS
        packed >>= 64
        number = packed & ((1 << _ROW_BITS) - 1)
        packed >>= _ROW_BITS
        refused = packed & 1
        name_bits = packed >> 1
        name = name_bits.to_bytes((name_bits.bit_length() + 7) // 8, "big").decode("utf-8", "ignore")
        return number, name, (_REFUSED if refused else said)

    def first(self, candidate: Candidate, said: int) -> tuple[int, str, int] | None:
        """The first row of this ID number (number, name, what it said), or None when this is the first."""
        key = _id_key(candidate.id_number)
        packed = self.rows.get(key)
        if packed is not None:
            return self._unpack(packed)
        self.rows[key] = self._pack(candidate.row, candidate.values[0] or "", said)
        return None

    def refused(self, row, problems: list[Problem]) -> None:
        raw = row.values.get("id_number")
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str):
            return
        number = cells.code_text(raw).upper()
        if not _ID_TEXT.match(number):
            return
        key = _id_key(number)
        packed = self.rows.get(key)
        if packed is None:
            self.rows[key] = self._pack(row.number, cells.text(row.values.get("name")), _REFUSED)
            return
        first_number, first_name, first_said = self._unpack(packed)
        message = DUPLICATE_OF_REFUSED if first_said == _REFUSED else DUPLICATE_DIFFERENT
        problems.append(Problem(self.column, number, message % {"first": first_number, "name": first_name}))


class _Planner:
    """Decides created / updated / unchanged / refused for checked rows, a chunk at a time: one query loads
    the stored people of a chunk by ID number, then the chunk's plan goes to the spool (if any)."""

    def __init__(self, *, actor, org: Org, orgs: GroupIndex, result: RosterResult, headers: dict[str, str],
                 spool: PlanSpool | None, name_changes: Mapping[int, str] | str | None):
        self.org = org
        self.orgs = orgs
        self.result = result
        self.headers = headers
        self.spool = spool
        self.scope = scoping.scope_of(actor)
        self.pending: list[tuple[Candidate, list[Any]]] = []
        self.holders: dict[int, str] = {}
        self.org_paths: dict[int, str] = {pk: r["path"] for pk, r in orgs.by_id.items()}
        self.name_changes = name_changes if isinstance(name_changes, Mapping) else {}
        self.accept_names = name_changes == ACCEPT

    def add(self, candidate: Candidate, row_cells: list[Any]) -> None:
        self.pending.append((candidate, row_cells))
        if len(self.pending) >= CHUNK:
            self.flush()

    def _refuse(self, c: Candidate, row_cells, key: str, value: Any, message: str) -> None:
        self.result.refuse(c.row, [Problem(self.headers.get(key) or ROSTER.column(key).label, value, message)],
                           row_cells)

    def _name_change(self, c: Candidate, stored: Existing, changes: dict[str, Any], row_cells) -> bool:
        """A stored person whose name differs from the row's: never a silent update. Take the file's name or
        keep the stored one as resolved (True: go on with the row), else refuse the row (False)."""
        old, new = stored.values[0], changes["name"]
        decision = TAKE if self.accept_names else self.name_changes.get(c.row)
        if len(self.result.name_conflicts) < MAX_LISTED:
            self.result.name_conflicts.append({"row": c.row, "person": stored.pk, "stored": old, "file": new,
                                               "decision": decision or ""})
        if decision == KEEP:
            del changes["name"]
        elif decision != TAKE:
            self._refuse(c, row_cells, "name", new, NAME_CONFLICT % {"stored": old, "file": new})
            return False
        return True

    def _change(self, c: Candidate, stored: Existing, changes: dict[str, Any], add_join: bool) -> dict:
        """One updated row for the preview: who, and each changed field old -> new."""
        fields = change_rows(stored, changes, self.orgs.label)
        if add_join:
            fields.append([_("会籍"), _("非会员"), _("入会 %(d)s") % {"d": c.join_date.isoformat()}])
        return {"row": c.row, "person": stored.pk, "name": stored.values[0], "fields": fields}

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
                if not self.scope.covers(stored.org_path, WRITE_ROLES):
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
            if "name" in changes and not self._name_change(c, stored, changes, row_cells):
                continue
            if c.org_id != stored.org_id:
                changes["org"] = c.org_id
            add_join = bool(c.join_date) and stored.member_status == MemberStatus.NONE
            if changes or add_join:
                plan.updates.append((c, stored, changes, add_join))
                result.add(RowStatus.UPDATED)
                result.changes_total += 1
                if len(result.changes) < MAX_LISTED:
                    result.changes.append(self._change(c, stored, changes, add_join))
            else:
                result.add(RowStatus.UNCHANGED)
        self.pending = []
        if self.spool is not None and plan:
            self.spool.add(plan)


__all__ = ["ACCEPT", "KEEP", "TAKE", "FileUnreadable", "RosterImportError", "RosterResult", "roster_import", "write_refused"]
