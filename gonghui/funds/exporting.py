"""工会01表/02表 and the 科目余额表 as print-ready .xlsx (core.tabular's safe writer): title, 编制单位, period,
单位：元, the lines in the rules' order, and the signature lines (单位负责人, 会计主管, 制表; 工会会计制度 第64条)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.tabular import SafeXlsxWriter
from gonghui.funds.selectors import BalanceRow
from gonghui.funds.statements import Statement, Statements

SIGNATURES = ("单位负责人：", "会计主管：", "制表：")


def _head(out: SafeXlsxWriter, title: str, org_name: str, period_label: str, width: int) -> None:
    sheet = out.sheet
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    out.write_title(title, width)
    row = [""] * width
    row[0], row[1], row[-1] = _("编制单位：%(o)s") % {"o": org_name}, period_label, _("单位：元")
    out.write_row(row)


def _signatures(out: SafeXlsxWriter, width: int) -> None:
    out.write_row([])
    row = [""] * width
    for i, label in enumerate(SIGNATURES):
        row[min(i * max(1, width // 3), width - 1)] = label
    out.write_row(row)


def _statement_sheet(out: SafeXlsxWriter, statement: Statement, org_name: str, period_label: str) -> None:
    width = 1 + len(statement.columns)
    out.set_columns([30] + [18] * len(statement.columns))
    _head(out, f"{statement.title}（{statement.code}）", org_name, period_label, width)
    out.write_header([_("项目"), *statement.columns], freeze=False)
    for line in statement.lines:
        out.write_row([("　" * line.indent) + line.name, *(line.values[c] for c in statement.columns)])
    _signatures(out, width)


def statements_xlsx(statements: Statements, target: Any) -> None:
    """Both statements, one sheet each."""
    label = statements.period.label
    with SafeXlsxWriter(target, sheet_name=statements.balance_sheet.code, constant_memory=False) as out:
        _statement_sheet(out, statements.balance_sheet, statements.org.name, label)
        out.add_sheet(statements.income.code)
        _statement_sheet(out, statements.income, statements.org.name, label)


BALANCE_COLUMNS = ("科目代码", "科目名称", "方向", "期初余额", "借方发生额", "贷方发生额", "期末余额")


def balance_row_values(row: BalanceRow) -> list:
    return [row.account.code, ("　" * row.depth) + row.account.name, row.side_label, row.opening, row.debit,
            row.credit, row.closing]


def trial_balance_xlsx(rows: list[BalanceRow], target: Any, *, org_name: str, period_label: str) -> None:
    with SafeXlsxWriter(target, sheet_name=_("科目余额表"), constant_memory=False) as out:
        out.set_columns([12, 28, 6, 16, 16, 16, 16], text_columns=[0])
        _head(out, _("科目余额表"), org_name, period_label, len(BALANCE_COLUMNS))
        out.write_header(list(BALANCE_COLUMNS), freeze=False)
        for row in rows:
            out.write_row(balance_row_values(row), text_columns={0})
        _signatures(out, len(BALANCE_COLUMNS))
