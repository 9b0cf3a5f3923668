"""物资台账 pages: the list (quantity on hand and value; &format=xlsx downloads the 台账), an item's card (its
入库/出库/盘点 with their vouchers, its loans), the loans of the 职工书屋 (open and overdue), and the POSTs that
record each movement. 财务 and the union's head (管理员) keep it; 经审 and 上级查看 read (funds/rights.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.funds import stock_selectors as sel
from gonghui.funds import stock_services as stock
from gonghui.funds import welfare_services as welfare
from gonghui.funds.exporting import stock_xlsx
from gonghui.funds.models import StockCategory, StockMovement
from gonghui.funds.rights import can_keep_stock
from gonghui.people.selectors import people_named
from gonghui.web.views.funds import _books, _error_text
from gonghui.web.views.imports import download, spooled

BAD_DATE = "请填写日期（如 2026-09-20）。"
BAD_NUMBER = "请填写数量（整数）。"
BAD_PRICE = "单价应为金额（如 120.50）。"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationError({"date": BAD_DATE}) from None


def _int(value: str) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        raise ValidationError({"quantity": BAD_NUMBER}) from None


def _price(value: str) -> Decimal | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValidationError({"unit_price": BAD_PRICE}) from None


def _item_for_write(request, pk):
    item = sel.item_get(viewer=request.user, pk=pk)
    if not can_keep_stock(request.user, item.org):
        raise PermissionDenied
    return item


def _card(item):
    return redirect("web:funds-stock-item", item.pk)


def stock_index(request):
    """/funds/stock/?org=UA&category=books: the 物资台账; POST adds an item (财务/管理员)."""
    org = _books(request)
    can_write = can_keep_stock(request.user, org)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        try:
            item = stock.item_add(actor=request.user, org=org, category=request.POST.get("category", ""),
                                  name=request.POST.get("name", ""), unit=request.POST.get("unit", ""),
                                  isbn=request.POST.get("isbn", ""), location=request.POST.get("location", ""))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect(reverse("web:funds-stock") + f"?org={org.code}")
        messages.success(request, f"已建立“{item.name}”的台账，请登记入库。")
        return _card(item)
    today = timezone.localdate()
    if request.GET.get("format") == "xlsx":
        return download(spooled(lambda f: stock_xlsx(viewer=request.user, org=org, target=f, on=today)),
                        f"物资台账_{org.name}_{today.isoformat()}.xlsx")
    category = request.GET.get("category", "")
    category = category if category in StockCategory.values else ""
    items = list(sel.stock_list(viewer=request.user, org=org, category=category))
    return render(request, "web/funds/stock_list.html", {
        "org": org, "items": items, "totals": sel.stock_totals(items), "category": category,
        "categories": StockCategory.choices, "can_write": can_write,
        "overdue": sel.loan_list(viewer=request.user, org=org, overdue_on=today).count()})


def stock_item(request, pk: int):
    """/funds/stock/<pk>/: the item's card: its movements with their vouchers, its loans, and the forms."""
    item = sel.item_get(viewer=request.user, pk=pk)
    can_write = can_keep_stock(request.user, item.org)
    today = timezone.localdate()
    return render(request, "web/funds/stock_item.html", {
        "org": item.org, "item": item, "on_hand": item.on_hand,
        "movements": sel.item_movements(item), "loans": sel.item_loans(item),
        "is_book": item.category == StockCategory.BOOKS, "can_write": can_write,
        "today": today, "purposes": StockMovement.Purpose.choices, "due": today + dt.timedelta(days=30),
        "welfare_issues": welfare.issue_list(viewer=request.user, org=item.org, year=today.year) if can_write else []})


def _record(request, item, write, done: str):
    """Run `write()` (a service call); its ValidationError becomes the page's message."""
    try:
        write()
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, done)
    return _card(item)


@require_POST
def stock_receive(request, pk: int):
    """/funds/stock/<pk>/receive/: 入库 (购入 with its expense account or the voucher that paid it, or 捐赠 with
    its giver)."""
    item = _item_for_write(request, pk)
    post = request.POST

    def write():
        paid_by = post.get("paid_by", "").strip()
        if paid_by:
            paid_by = sel.voucher_numbered(viewer=request.user, org=item.org, text=paid_by)
        stock.stock_receive(actor=request.user, item=item, date=_date(post.get("date")),
                            quantity=_int(post.get("quantity")), unit_price=_price(post.get("unit_price")),
                            donated=post.get("donated") == "1", source=post.get("source", ""),
                            expense_account=post.get("expense_account", ""), paid_by=paid_by or None)

    return _record(request, item, write, "已入库，凭证草稿待财务审核。")


@require_POST
def stock_issue(request, pk: int):
    """/funds/stock/<pk>/issue/: 出库 to a person (tied to the roster when the name is found), an activity or a
    福利发放 of this year (then the goods are that issue's and its own expense draft is withdrawn)."""
    item = _item_for_write(request, pk)
    post = request.POST

    def write():
        recipient = post.get("recipient", "").strip()
        person_id = None
        if post.get("purpose") == StockMovement.Purpose.PERSON and recipient:
            ids = people_named(viewer=request.user, within=item.org, names={recipient}).get(recipient, [])
            person_id = ids[0] if len(ids) == 1 else None
        issue = None
        if post.get("welfare_issue", "").strip():
            issue, _recipients = welfare.issue_get(viewer=request.user, pk=post["welfare_issue"])
        stock.stock_issue(actor=request.user, item=item, date=_date(post.get("date")),
                          quantity=_int(post.get("quantity")), purpose=post.get("purpose", ""), recipient=recipient,
                          person_id=person_id, reason=post.get("reason", ""), welfare_issue=issue)

    return _record(request, item, write, "已出库，凭证草稿待财务审核。")


@require_POST
def stock_stocktake(request, pk: int):
    """/funds/stock/<pk>/stocktake/: 盘点: the quantity counted and the reason of the difference."""
    item = _item_for_write(request, pk)
    post = request.POST

    def write():
        stock.stocktake(actor=request.user, item=item, date=_date(post.get("date")),
                        counted=_int(post.get("counted")), reason=post.get("reason", ""),
                        unit_price=_price(post.get("unit_price")))

    return _record(request, item, write, "已登记盘点差异，凭证草稿待财务审核。")


@require_POST
def stock_lend(request, pk: int):
    """/funds/stock/<pk>/lend/: 借阅 to a member of the union's roster (a name not on it is refused)."""
    item = _item_for_write(request, pk)
    post = request.POST

    def write():
        borrower = post.get("borrower", "").strip()
        ids = people_named(viewer=request.user, within=item.org, names={borrower}).get(borrower, []) if borrower else []
        if borrower and not ids:
            raise ValidationError({"borrower": f"“{borrower}”不在本会会员名册中，请核对姓名（书屋图书借给本会会员）。"})
        try:
            due = dt.date.fromisoformat(post.get("due_on", "").strip())
        except ValueError:
            raise ValidationError({"due_on": "请填写应还日期（如 2026-10-20）。"}) from None
        stock.book_lend(actor=request.user, item=item, borrower=borrower, person_id=ids[0] if len(ids) == 1 else None,
                        lent_on=_date(post.get("date")), due_on=due)

    return _record(request, item, write, "已登记借阅。")


@require_POST
def loan_return(request, pk: int):
    """/funds/stock/loans/<pk>/return/: 归还 on a date (today when none is given)."""
    loan = sel.loan_get(viewer=request.user, pk=pk)
    if not can_keep_stock(request.user, loan.item.org):
        raise PermissionDenied
    date = request.POST.get("date", "").strip() or timezone.localdate().isoformat()
    return _record(request, loan.item, lambda: stock.book_return(actor=request.user, loan=loan, date=_date(date)),
                   f"《{loan.item.name}》已归还。")


def loans(request):
    """/funds/stock/loans/?org=UA&overdue=1: the 职工书屋's books on loan (overdue first by due date)."""
    org = _books(request)
    today = timezone.localdate()
    overdue = request.GET.get("overdue") == "1"
    return render(request, "web/funds/stock_loans.html", {
        "org": org, "today": today, "overdue": overdue, "can_write": can_keep_stock(request.user, org),
        "loans": sel.loan_list(viewer=request.user, org=org, overdue_on=today if overdue else None)})
