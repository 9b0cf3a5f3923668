"""Ledger (台账) import: one kind's Excel sheet in, every row accounted for. The roster's engine, not a second one.

Parse -> check every row -> write once, as the roster import does (people/roster/importer.py):
1. core.tabular opens the file, finds the header (with or without * marks) and classifies rows; the
   kind's columns come from ledgers.kinds through excel.spec.
2. Each data row is cleaned per column type (cleaning.RowCleaner), memoised per cell value.
3. Rows are matched to stored entries by natural key and checked with ledgers.services.check_entry, the
   rules entry_save applies (planning.Planner): created / updated / unchanged / refused, or merged.
4. One transaction writes everything set-based (writing.write_plan). A failure anywhere rolls all of it
   back; dry_run stops before step 4 with the same counts.
A column the file does not have keeps what is stored; a blank cell in a column it has clears the value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils.translation import gettext as _

from gonghui.core.tabular import (
    FileUnreadable,
    ImportResult,
    TableReader,
    open_table,
)
from gonghui.core.tabular.errors import ImportFailed
from gonghui.core.tabular.reading import CheckedRows
from gonghui.ledgers.excel.cleaning import Row, RowCleaner
from gonghui.ledgers.excel.lookup import OrgIndex, PeopleIndex
from gonghui.ledgers.excel.planning import Planner
from gonghui.ledgers.excel.spec import layout_of
from gonghui.ledgers.excel.writing import write_plan
from gonghui.ledgers.kinds import Kind, get_kind
from gonghui.ledgers.services import can_write_ledgers
from gonghui.orgs.models import Org
from gonghui.orgs.tree import union_of

ProgressFn = Callable[[int, int], None]

CONCURRENT = _("导入期间有人同时修改了这些台账，本次导入已全部撤销，请重新导入。")
ORG_DISSOLVED = _("“%(org)s”已撤销，不能再导入台账。")


class LedgerImportError(ImportFailed):
    """The ledger import as a whole could not run (after the file was read); nothing was written."""


def open_ledger_table(source: Any, *, filename: str | None, sheet: str | int | None, kind: Kind):
    """The sheet named after the kind (an export holds one per kind), else the first visible one."""
    table = open_table(source, name=filename, sheet=sheet)
    if sheet is None and table.sheet != kind.label and kind.label in table.sheet_names:
        table.close()
        table = open_table(source, name=filename, sheet=kind.label)
    return table


def ledger_import(
    *,
    actor,
    kind: Kind | str,
    org: Org,
    source: Any,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    filename: str | None = None,
    sheet: str | int | None = None,
) -> ImportResult:
    """Import one kind's ledger file into `org` (entries land in `org` or the org named in 所属组织).

    `source` is a path, bytes or a binary file object. Raises FileUnreadable (the file cannot be read:
    nothing happened), PermissionDenied (the actor may not write ledgers in `org`), or LedgerImportError.
    `actor=SYSTEM` is the system itself (the CLI without --as-user)."""
    kind = get_kind(kind) if isinstance(kind, str) else kind
    if not can_write_ledgers(actor, org):
        raise PermissionDenied
    if not org.is_active:
        raise LedgerImportError(ORG_DISSOLVED % {"org": org.name}, "org_dissolved")
    progress = progress or (lambda done, total: None)
    layout = layout_of(kind)
    union = union_of(org)
    with open_ledger_table(source, filename=filename, sheet=sheet, kind=kind) as table:
        reader = TableReader(table, layout.spec)
        result = ImportResult(filename=table.name, kind=table.kind, sheet=table.sheet, dry_run=dry_run,
                              header_rows=reader.header_rows, columns=reader.columns,
                              header_cells=reader.header_cells)
        result.extra["ledger"] = kind.code
        total = max(0, (table.last_row or 0) - reader.header_rows[-1])
        headers = {c.key: c.header for c in reader.columns if c.key}
        orgs = OrgIndex(org)
        people = PeopleIndex(union)
        union_orgs = OrgIndex(union) if kind.names_orgs else orgs
        cleaner = RowCleaner(layout, headers, orgs, people, union_orgs)
        walk = CheckedRows(reader, result, lambda row: cleaner.clean(row.number, row.cells, row.values), progress,
                           total=total)
        rows: list[Row] = [cleaned for _row, cleaned in walk]
        walk.finish()
    planner = Planner(layout=layout, org=org, union=union, orgs=orgs, people=people, union_orgs=union_orgs,
                       headers=headers, result=result)
    planner.run(rows)
    result.refusals.sort(key=lambda r: r.row)
    walk.done()
    if dry_run or not (planner.plan.creates or planner.plan.updates):
        return result
    if hasattr(progress, "phase"):
        progress.phase(_("正在写入数据库…"))
    try:
        write_plan(actor=actor, kind=kind, org=org, planner=planner, result=result)
    except IntegrityError:
        raise LedgerImportError(CONCURRENT, "concurrent") from None
    return result


def ledger_summary(result: ImportResult) -> str:
    """The one-line outcome, in 条 (entries) rather than the roster's 人."""
    c = result.counts
    head = _("（试导入，未写入）") if result.dry_run else ""
    return head + _("新增 %(created)d 条，更新 %(updated)d 条，无变化 %(unchanged)d 条，未导入 %(refused)d 行，"
                    "重复合并 %(merged)d 行，空行 %(blank)d 行，表尾/说明 %(footer)d 行") % c


__all__ = ["FileUnreadable", "LedgerImportError", "ledger_import", "ledger_summary"]
