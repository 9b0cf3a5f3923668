"""The reads of the 物资台账: the items of a union's books with quantity on hand and value, one item with its
movements and loans, the loans (open, overdue), and the 台账 as .xlsx (物资台账 and 出入库明细 sheets, the
signature lines of the funds exports). Every read starts from `scoped(..., roles=FUNDS_READ_ROLES)`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import scoped
from gonghui.core.tabular import SafeXlsxWriter
from gonghui.funds.models import BookLoan, StockItem, StockMovement
from gonghui.funds.rights import FUNDS_READ_ROLES
from gonghui.funds.services import ZERO
from gonghui.orgs.models import Org

SIGNATURES = ("单位负责人：", "会计主管：", "保管人：")


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _with_loans(qs: QuerySet[StockItem]) -> QuerySet[StockItem]:
    """`on_loan` (copies lent and not back) and `on_hand` (quantity − on_loan) on each item."""
    qs = qs.annotate(on_loan=Count("loans", filter=Q(loans__returned_on__isnull=True)))
    return qs.annotate(on_hand=F("quantity") - F("on_loan"))


def stock_list(*, viewer, org: Org, category: str = "") -> QuerySet[StockItem]:
    """The items of `org`'s books, each with `on_loan` (copies lent and not back) — on hand is quantity −
    on_loan."""
    qs = scoped(StockItem.objects.filter(org=org), viewer, roles=FUNDS_READ_ROLES)
    if category:
        qs = qs.filter(category=category)
    return _with_loans(qs).order_by("category", "name", "id")


@dataclass
class StockTotals:
    items: int
    quantity: int
    value: Decimal


def stock_totals(items) -> StockTotals:
    items = list(items)
    return StockTotals(len(items), sum(i.quantity for i in items), sum((i.value for i in items), ZERO))


def item_get(*, viewer, pk) -> StockItem:
    """One item of books the viewer reads (Http404 otherwise), with `on_loan`."""
    item = _with_loans(scoped(StockItem.objects.filter(pk=_pk(pk)), viewer, roles=FUNDS_READ_ROLES)
                       .select_related("org")).first()
    if item is None:
        raise Http404
    return item


def item_movements(item: StockItem) -> QuerySet[StockMovement]:
    """The item's 出入库 in order, with the voucher each drafted (an item read through the scope)."""
    return item.movements.select_related("voucher").order_by("date", "id")


def item_loans(item: StockItem) -> QuerySet[BookLoan]:
    return item.loans.order_by("-lent_on", "-id")


def loan_get(*, viewer, pk) -> BookLoan:
    loan = (scoped(BookLoan.objects.filter(pk=_pk(pk)), viewer, roles=FUNDS_READ_ROLES)
            .select_related("item__org").first())
    if loan is None:
        raise Http404
    return loan


def loan_list(*, viewer, org: Org, overdue_on: dt.date | None = None) -> QuerySet[BookLoan]:
    """The loans not returned of `org`'s books; with `overdue_on`, only those due before that day."""
    qs = scoped(BookLoan.objects.filter(item__org=org, returned_on__isnull=True), viewer, roles=FUNDS_READ_ROLES)
    if overdue_on is not None:
        qs = qs.filter(due_on__lt=overdue_on)
    return qs.select_related("item").order_by("due_on", "id")


# --- .xlsx ----------------------------------------------------------------------------------------------------

LEDGER_COLUMNS = ("类别", "品名/书名", "ISBN", "单位", "存放位置", "库存数量", "借出", "在库", "库存金额")
MOVEMENT_COLUMNS = ("日期", "品名/书名", "类型", "数量", "单价", "金额", "用途", "领用人/活动/来源", "说明",
                    "结存数量", "结存金额", "凭证")


def _head(out: SafeXlsxWriter, title: str, org_name: str, on: dt.date, width: int) -> None:
    out.sheet.set_paper(9)
    out.sheet.set_landscape()
    out.sheet.fit_to_pages(1, 0)
    out.write_title(title, width)
    row = [""] * width
    row[0], row[-1] = _("编制单位：%(o)s") % {"o": org_name}, _("截至%(d)s") % {"d": on.isoformat()}
    out.write_row(row)


def _signatures(out: SafeXlsxWriter, width: int) -> None:
    out.write_row([])
    row = [""] * width
    for i, label in enumerate(SIGNATURES):
        row[min(i * max(1, width // 3), width - 1)] = label
    out.write_row(row)


def stock_xlsx(*, viewer, org: Org, target: Any, on: dt.date) -> None:
    """The 物资台账 of `org`'s books: a sheet of items (quantity, on loan, on hand, value, with the totals) and a
    sheet of every movement in order with its voucher."""
    items = list(stock_list(viewer=viewer, org=org))
    totals = stock_totals(items)
    with SafeXlsxWriter(target, sheet_name=_("物资台账"), constant_memory=False) as out:
        out.set_columns([16, 30, 16, 6, 18, 10, 8, 8, 14], text_columns=[2])
        _head(out, _("物资台账（库存物品、职工书屋图书）"), org.name, on, len(LEDGER_COLUMNS))
        out.write_header(list(LEDGER_COLUMNS), freeze=False)
        for i in items:
            out.write_row([i.get_category_display(), i.name, i.isbn, i.unit, i.location, i.quantity, i.on_loan,
                           i.on_hand, i.value], text_columns={2})
        out.write_row([_("合计"), _("%(n)d种") % {"n": totals.items}, "", "", "", totals.quantity, "", "",
                       totals.value])
        _signatures(out, len(LEDGER_COLUMNS))
        out.add_sheet(_("出入库明细"))
        out.set_columns([12, 30, 10, 8, 10, 12, 10, 24, 24, 10, 12, 16])
        _head(out, _("出入库明细"), org.name, on, len(MOVEMENT_COLUMNS))
        out.write_header(list(MOVEMENT_COLUMNS), freeze=False)
        moves = (scoped(StockMovement.objects.filter(item__org=org), viewer, roles=FUNDS_READ_ROLES)
                 .select_related("item", "voucher").order_by("date", "id"))
        for m in moves:
            out.write_row([m.date, m.item.name, m.get_kind_display(), m.quantity, m.unit_price, m.amount,
                           m.get_purpose_display() if m.purpose else "", m.recipient, m.reason, m.quantity_after,
                           m.value_after, m.voucher.label_full if m.voucher else ""])
