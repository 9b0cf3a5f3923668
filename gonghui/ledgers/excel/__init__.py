"""工作台账 in Excel: a template per kind, import of one kind's sheet, export of a period (one sheet per kind).

Public entry points (all keyword-only):
    importer.ledger_import(actor, kind, org, source, dry_run=False, progress=None, filename=None, sheet=None)
        -> core.tabular.ImportResult                  # raises FileUnreadable, PermissionDenied, LedgerImportError
    importer.ledger_summary(result) -> str            # "新增 3 条，更新 0 条，…"
    core.tabular.write_refused(result, target) -> int   # the 错误原因 workbook (shared with the roster)
    exporter.ledger_export(actor, org, start, end, target, kinds=None, label="", progress=None) -> int
    exporter.ledger_template(kind, target) -> None
    spec.layout_of(kind) -> Layout                   # the sheet's columns and the reader's TableSpec
"""

from gonghui.ledgers.excel.exporter import ledger_export, ledger_template, period_label
from gonghui.ledgers.excel.importer import LedgerImportError, ledger_import, ledger_summary

__all__ = ["LedgerImportError", "ledger_export", "ledger_import", "ledger_summary", "ledger_template",
           "period_label"]
