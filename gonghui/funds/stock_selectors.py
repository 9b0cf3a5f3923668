"""The reads of the 物资台账: the items of a union's books with quantity on hand and value, one item with its
movements and loans, the loans (open, overdue), and the movements of the books (the 台账 .xlsx in exporting.py).
Every read starts from `scoped(..., roles=FUNDS_READ_ROLES)`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import scoped
from gonghui.funds.book_services import ZERO
from gonghui.funds.models import BookLoan, StockItem, StockMovement, Voucher
from gonghui.funds.rights import FUNDS_READ_ROLES
from gonghui.orgs.models import Org


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
    return item.movements.select_related("voucher", "paid_by").order_by("date", "id")


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


def movement_list(*, viewer, org: Org) -> QuerySet[StockMovement]:
    """Every 出入库 of `org`'s books in order, with item and voucher."""
    return (scoped(StockMovement.objects.filter(item__org=org), viewer, roles=FUNDS_READ_ROLES)
            .select_related("item", "voucher").order_by("date", "id"))


VOUCHER_TEXT = re.compile(r"^\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*月?\s*记?\s*[-－—]?\s*(\d+)\s*号?\s*$")
BAD_VOUCHER_TEXT = _("付款凭证请写成“年-月 记-号”，如 2026-09 记-3。")
NO_VOUCHER = _("本账套没有%(y)d年%(m)d月记-%(n)d号凭证。")


def voucher_numbered(*, viewer, org: Org, text: str) -> Voucher:
    """The voucher of `org`'s books written as people write it ("2026-09 记-3", "2026年9月记3号");
    ValidationError when the text is not such a number or there is no such voucher."""
    match = VOUCHER_TEXT.match(text or "")
    if not match:
        raise ValidationError({"paid_by": BAD_VOUCHER_TEXT})
    year, month, number = (int(g) for g in match.groups())
    voucher = scoped(Voucher.objects.filter(org=org, year=year, month=month, number=number), viewer,
                     roles=FUNDS_READ_ROLES).first()
    if voucher is None:
        raise ValidationError({"paid_by": NO_VOUCHER % {"y": year, "m": month, "n": number}})
    return voucher
