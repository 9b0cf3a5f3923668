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

from collections.abc import Callable
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
    open_table,
)
from gonghui.core.tabular.bulk import rows_by_key
from gonghui.core.tabular.errors import ImportFailed
from gonghui.core.tabular.reading import CheckedRows
from gonghui.core.tabular.writer import write_refused  # the 错误原因 workbook, part of the roster's API
from gonghui.orgs.models import Org, OrgKind
from gonghui.people.models import MemberStatus, Person
from gonghui.people.roster.cleaning import OrgIndex, RowCleaner
from gonghui.people.roster.columns import ROSTER
from gonghui.people.roster.writing import FIELDS, Candidate, Existing, Plan, PlanSpool, Writer

ProgressFn = Callable[[int, int], None]

CHUNK = 900  # ids per IN (...) query: below SQLite's 999 parameters on old builds

ORG_FEDERATION = _("“%(org)s”是%(kind)s，人员只能挂在基层工会、分会或工会小组下；请填写所在班组，或改在基层工会导入。")
DUPLICATE_DIFFERENT = _("与第%(first)d行是同一个身份证号码，但内容不同。同一人只能出现一次，请把两行合并为一行。")
DUPLICATE_SAME = _("第%(row)d行与第%(first)d行完全相同（同一身份证号码），已合并为一人。")
OUTSIDE_SCOPE = _("这个身份证号码已在其他单位登记，您无权修改。如确属调入本单位，请联系原单位办理会籍转出后再导入。")
OUTSIDE_SUBTREE = _("此人已登记在“%(org)s”，不在“%(target)s”之下。人员调动请在原单位办理，不能通过导入移动。")
CONCURRENT = _("导入期间有人同时登记了相同身份证号码的人员，本次导入已全部撤销，请重新导入。")
ORG_DISSOLVED = _("“%(org)s”已撤销，不能再导入人员。")


class RosterImportError(ImportFailed):
    """The roster import as a whole could not run (after the file was read); nothing was written."""


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
    `actor=SYSTEM` is the system itself (the CLI without --as-user), allowed everywhere.
    """
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
            orgs = OrgIndex(org)
            _import_rows(reader, table, result, orgs, actor=actor, create_groups=create_groups, spool=spool,
                         progress=progress)
        if spool:
            _write(actor=actor, org=org, orgs=orgs, spool=spool, result=result, progress=progress)
    finally:
        if spool is not None:
            spool.close()
    return result


def _write(*, actor, org: Org, orgs: OrgIndex, spool: PlanSpool, result: ImportResult, progress) -> None:
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


def _import_rows(reader: TableReader, table, result: ImportResult, orgs: OrgIndex, *, actor, create_groups: bool,
                 spool: PlanSpool | None, progress: ProgressFn) -> None:
    """Every row of the sheet to a RowStatus; the plan of each checked chunk goes to `spool` (None: a dry
    run)."""
    total = max(0, (table.last_row or 0) - reader.header_rows[-1])
    headers = {c.key: c.header for c in reader.columns if c.key}
    cleaner = RowCleaner(headers, orgs, create_groups, timezone.localdate())
    planner = _Planner(actor=actor, org=orgs.org, orgs=orgs, result=result, headers=headers, spool=spool)
    # ID number -> its first row and a hash of what that row said, packed in one int: a 100,000-row roster
    # keeps about 13 MB for the duplicate check, not the rows.
    first_rows: dict[int, int] = {}
    walk = CheckedRows(reader, result, lambda row: cleaner.clean(row.number, row.values), progress, total=total)
    for row, candidate in walk:
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
    walk.finish()
    result.refusals.sort(key=lambda r: r.row)
    result.extra["groups_created"] = sorted(orgs.planned)
    walk.done()


_HASH_BITS = (1 << 64) - 1


def _id_key(id_number: str) -> int:
    """A checked 18-character ID number as an int (X is 10): a third of the memory of the string."""
    last = id_number[-1]
    return int(id_number[:-1]) * 11 + (10 if last == "X" else int(last))


class _Planner:
    """Decides created / updated / unchanged / refused for checked rows, a chunk at a time: one query loads
    the stored people of a chunk by ID number, then the chunk's plan goes to the spool (if any)."""

    def __init__(self, *, actor, org: Org, orgs: OrgIndex, result: ImportResult, headers: dict[str, str],
                 spool: PlanSpool | None):
        self.org = org
        self.orgs = orgs
        self.result = result
        self.headers = headers
        self.spool = spool
        self.scope = scoping.scope_of(actor)
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
