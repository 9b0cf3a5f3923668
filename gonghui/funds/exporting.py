"""工会01表/02表 and the 科目余额表 as print-ready .xlsx (core.tabular's safe writer): title, 编制单位, period,
单位：元, the lines in the rules' order, and the signature lines (单位负责人, 会计主管, 制表; 工会会计制度 第64条);
the 物资台账 (items and movements) in the same frame, signed by its 保管人."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.tabular import SafeXlsxWriter
from gonghui.funds.selectors import BalanceRow
from gonghui.funds.statements import Statement, Statements
from gonghui.funds.stock_selectors import movement_list, stock_list, stock_totals

SIGNATURES = ("单位负责人：", "会计主管：", "制表：")


def _head(out: SafeXlsxWriter, title: str, org_name: str, period_label: str, width: int) -> None:
    sheet = out.sheet
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    out.write_title(title, width)
    row = [""] * width
    row[0], row[1], row[-1] = _("编制单位：%(o)s") % {"o": org_name}, period_label, _("单位：元")
    out.write_row(row)


def _signatures(out: SafeXlsxWriter, width: int, labels: tuple[str, ...] = SIGNATURES) -> None:
    out.write_row([])
    row = [""] * width
    for i, label in enumerate(labels):
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


# --- 物资台账 -------------------------------------------------------------------------------------------------

STOCK_SIGNATURES = ("单位负责人：", "会计主管：", "保管人：")
STOCK_COLUMNS = ("类别", "品名/书名", "ISBN", "单位", "存放位置", "库存数量", "借出", "在库", "库存金额")
MOVEMENT_COLUMNS = ("日期", "品名/书名", "类型", "数量", "单价", "金额", "用途", "领用人/活动/来源", "说明",
                    "结存数量", "结存金额", "凭证")


def stock_xlsx(*, viewer, org, target: Any, on) -> None:
    """The 物资台账 of `org`'s books on `on`: a sheet of items (quantity, on loan, on hand, value, the totals) and
    a sheet of every movement in order with its voucher; both with the signature lines."""
    items = list(stock_list(viewer=viewer, org=org))
    totals = stock_totals(items)
    label = _("截至%(d)s") % {"d": on.isoformat()}
    with SafeXlsxWriter(target, sheet_name=_("物资台账"), constant_memory=False) as out:
        out.set_columns([16, 30, 16, 6, 18, 10, 8, 8, 14], text_columns=[2])
        _head(out, _("物资台账（库存物品、职工书屋图书）"), org.name, label, len(STOCK_COLUMNS))
        out.write_header(list(STOCK_COLUMNS), freeze=False)
        for i in items:
            out.write_row([i.get_category_display(), i.name, i.isbn, i.unit, i.location, i.quantity, i.on_loan,
                           i.on_hand, i.value], text_columns={2})
        out.write_row([_("合计"), _("%(n)d种") % {"n": totals.items}, "", "", "", totals.quantity, "", "",
                       totals.value])
        _signatures(out, len(STOCK_COLUMNS), STOCK_SIGNATURES)
        out.add_sheet(_("出入库明细")).set_landscape()
        out.set_columns([12, 30, 10, 8, 10, 12, 10, 24, 24, 10, 12, 16])
        _head(out, _("出入库明细"), org.name, label, len(MOVEMENT_COLUMNS))
        out.write_header(list(MOVEMENT_COLUMNS), freeze=False)
        for m in movement_list(viewer=viewer, org=org):
            out.write_row([m.date, m.item.name, m.get_kind_display(), m.quantity, m.unit_price, m.amount,
                           m.get_purpose_display() if m.purpose else "", m.recipient, m.reason, m.quantity_after,
                           m.value_after, m.voucher.label_full if m.voucher else ""])
