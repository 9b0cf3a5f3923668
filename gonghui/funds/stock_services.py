"""物资台账: the union's 库存物品 (gifts bought for festivals, sports equipment, 娱乐用具) and the 职工书屋's books:
入库 (purchase or donation), 出库 (never below what is on hand), 盘点 (counted against recorded, the difference
with its reason), and for books loans and returns. Each movement that changes the books posts its draft voucher
through `services.voucher_draft_from` (source funds.stock:<movement pk>), as the rules of account 141 say
(工会会计制度 附录1, 第141号科目 库存物品; read in the text of 财会〔2021〕7号):

- purchase: 借 141 库存物品 / 贷 30101 资产基金—库存物品, and 借 the expense (50105 慰问品, 50102 文体器材,
  50304 职工书屋 …) / 贷 102 银行存款 — under 收付实现制 the spending is an expense when paid; a purchase already
  paid by a voucher of the books (`paid_by`) drafts the stock pair only;
- donation: 借 141 / 贷 30101 only (nothing paid);
- issue (领用、发放): 借 30101 / 贷 141 at cost (moving weighted average, 第31条 allows it); given out in a
  福利发放, that issue's own draft (50105 / 102) is withdrawn: the goods were spent when bought;
- 盘盈: 借 141 / 贷 182 待处理财产损溢, then 借 182 / 贷 30101; 盘亏: 借 182 / 贷 141, then 借 30101 / 贷 182 (the
  stocktake with its reason stands for the approval, so both steps are in one draft).

Finance or the union's head keep the ledger (rights.can_keep_stock); finance reviews and posts the drafts.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import SYSTEM
from gonghui.core import audit
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.funds import chart
from gonghui.funds.book_services import BOOKS, CENT, book_org, chart_ensure, fen
from gonghui.funds.models import (
    Account,
    BookLoan,
    StockCategory,
    StockItem,
    StockMovement,
    Voucher,
    WelfareIssue,
)
from gonghui.funds.rights import can_keep_stock, require
from gonghui.funds.voucher_services import voucher_delete, voucher_draft_from
from gonghui.orgs.models import Org

STOCK, FUND, PENDING, BANK = "141", "30101", "182", "102"
# The expense a purchase goes to unless the form names another (domain.md §5.2 sub-accounts).
EXPENSE_FOR = {StockCategory.GIFTS: "50105", StockCategory.SPORTS: "50102", StockCategory.RECREATION: "50102",
               StockCategory.BOOKS: "50304", StockCategory.OTHER: "50106"}
UNITS = {StockCategory.BOOKS: "本"}

NO_NAME = _("请填写品名或书名（不超过100个字）。")
BAD_CATEGORY = _("请选择物品类别。")
BAD_ISBN = _("ISBN应为10位或13位数字（最后一位可为X），可以不填。")
ITEM_TAKEN = _("台账中已有“%(n)s”，请在原物品上入库。")
BAD_QUANTITY = _("数量应为大于0的整数。")
BAD_PRICE = _("单价应为不小于0、最多两位小数的金额（元）。")
PURCHASE_PRICE = _("购入物品请填写单价（大于0）；无偿取得的请选“捐赠入库”。")
BAD_EXPENSE = _("支出科目“%(c)s”不是本账套的末级支出科目，请填写如 50105（会员活动）的支出科目代码。")
PAID_BY_OTHER = _("付款凭证应为本账套的记账凭证（不是红字冲销或结转凭证）。")
DONATION_PAID = _("捐赠入库没有付款凭证；购入的请选“购入”。")
NO_SOURCE = _("请填写捐赠单位或个人。")
BEFORE_LAST = _("日期不能早于该物品上一笔记录的日期%(d)s（台账按日期顺序登记）。")
OVER_STOCK = _("“%(n)s”在库%(h)d%(u)s，不能出库%(q)d%(u)s。")
NO_PURPOSE = _("请选择出库用途。")
NO_RECIPIENT = _("请填写领用人、活动名称或福利发放事项。")
WELFARE_OTHER_BOOKS = _("所选福利发放不属于本单位的账套。")
WELFARE_POSTED = _("该福利发放的凭证%(v)s已审核或记账：物品从库存发放时不应再列支出，请财务人员先红字冲销后再登记出库。")
NO_REASON = _("请填写盘点差异的原因。")
BAD_COUNT = _("实盘数量应为不小于0的整数。")
NO_DIFFERENCE = _("实盘数量与账面数量（%(n)d）一致，无需登记差异。")
GAIN_PRICE = _("“%(n)s”账面已无库存，盘盈请填写单价以确定成本。")
NOT_A_BOOK = _("只有职工书屋的图书可以借阅。")
NO_BORROWER = _("请填写借阅人（本会会员）。")
DUE_BEFORE = _("应还日期不能早于借出日期。")
NONE_LEFT = _("《%(n)s》在库%(h)d本（共%(t)d本，借出%(o)d本），暂无可借。")
ALREADY_LENT = _("%(p)s借阅的《%(n)s》尚未归还。")
RETURNED = _("这本书已于%(d)s归还。")
RETURN_BEFORE = _("归还日期不能早于借出日期%(d)s。")


def _price_ok(value) -> bool:
    return value is not None and value >= 0 and value == value.quantize(CENT)


def _isbn_ok(isbn: str) -> bool:
    digits = isbn.replace("-", "").upper()
    return len(digits) in (10, 13) and digits[:-1].isdigit() and (digits[-1].isdigit() or digits[-1] == "X")


def _locked(item: StockItem) -> StockItem:
    return StockItem.objects.select_for_update().get(pk=item.pk)


def _on_loan(item: StockItem) -> int:
    return BookLoan.objects.filter(item=item, returned_on__isnull=True).count()


def _check_date(item: StockItem, date: dt.date) -> None:
    last = StockMovement.objects.filter(item=item).order_by("-date").values_list("date", flat=True).first()
    if last is not None and date < last:
        raise ValidationError({"date": BEFORE_LAST % {"d": last.isoformat()}})


def _quantity(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValidationError({"quantity": BAD_QUANTITY})
    return value


def cost_of(item: StockItem, quantity: int) -> Decimal:
    """What `quantity` of the item costs at the moving weighted average; the last ones take the rest."""
    if quantity >= item.quantity:
        return item.value
    return (item.value * quantity / item.quantity).quantize(CENT, rounding=ROUND_HALF_UP)


def _move(*, actor, item: StockItem, date: dt.date, kind: str, quantity: int, amount: Decimal, lines: list[dict],
          summary: str, **fields) -> StockMovement:
    """Write one movement on the locked item, its running balance, its draft voucher and the audit row."""
    item.quantity += quantity
    item.value += amount
    item.save(update_fields=["quantity", "value"])
    movement = StockMovement.objects.create(item=item, date=date, kind=kind, quantity=quantity, amount=amount,
                                            quantity_after=item.quantity, value_after=item.value,
                                            created_by=actor if getattr(actor, "pk", None) else None, **fields)
    if amount:
        label = f"{StockMovement.Kind(kind).label} {item.name} {abs(quantity)}{item.unit}"
        movement.voucher = voucher_draft_from(actor=actor, org=item.org, source=f"funds.stock:{movement.pk}",
                                              source_label=label, date=date, summary=summary[:200], lines=lines)
        movement.save(update_fields=["voucher"])
    audit.record(actor=actor, action="create", obj=movement, object_type="funds_stock", org_path=item.org.path,
                 object_repr=f"{item.name} {StockMovement.Kind(kind).label}",
                 changes={"数量": [None, quantity], "金额": [None, fen(amount)], "结存": [None, item.quantity]})
    return mark_fetched(movement)


def item_add(*, actor, org: Org, category: str, name: str, unit: str = "", isbn: str = "",
             location: str = "") -> StockItem:
    """A new line of the 物资台账 (nothing in stock yet: 入库 brings it in)."""
    org = book_org(org)
    require(can_keep_stock(actor, org))
    name, isbn, location = (name or "").strip(), (isbn or "").strip(), (location or "").strip()
    errors = {}
    if not name or len(name) > 100:
        errors["name"] = NO_NAME
    if category not in StockCategory.values:
        errors["category"] = BAD_CATEGORY
    if isbn and not _isbn_ok(isbn):
        errors["isbn"] = BAD_ISBN
    if errors:
        raise ValidationError(errors)
    unit = (unit or "").strip()[:10] or UNITS.get(category, "件")
    with transaction.atomic(), unscoped(BOOKS):
        if StockItem.objects.filter(org=org, category=category, name=name, isbn=isbn).exists():
            raise ValidationError({"name": ITEM_TAKEN % {"n": name}})
        item = StockItem.objects.create(org=org, category=category, name=name, isbn=isbn, unit=unit,
                                        location=location[:100])
        audit.record(actor=actor, action="create", obj=item, object_type="funds_stock", org_path=org.path,
                     changes={"物品": [None, name], "类别": [None, str(StockCategory(category).label)]})
    return mark_fetched(item)


def stock_receive(*, actor, item: StockItem, date: dt.date, quantity: int, unit_price: Decimal,
                  donated: bool = False, source: str = "", expense_account: str = "",
                  paid_by: Voucher | None = None) -> StockMovement:
    """入库: bought (the draft pays it from the bank as an expense and records the stock with 资产基金) or
    donated (the stock with 资产基金 only; `source` names the giver). A purchase already paid by a voucher of
    these books (`paid_by`: entered by hand or imported, 借 the expense / 贷 银行存款) is linked to it, and only
    the stock with its 资产基金 is drafted."""
    org = book_org(item.org)
    require(can_keep_stock(actor, org))
    quantity = _quantity(quantity)
    if not _price_ok(unit_price):
        raise ValidationError({"unit_price": BAD_PRICE})
    if not donated and unit_price <= 0:
        raise ValidationError({"unit_price": PURCHASE_PRICE})
    source = (source or "").strip()
    if donated and not source:
        raise ValidationError({"source": NO_SOURCE})
    if donated and paid_by is not None:
        raise ValidationError({"paid_by": DONATION_PAID})
    amount = unit_price * quantity
    with transaction.atomic(), unscoped(BOOKS):
        chart_ensure(org=org)
        item = _locked(item)
        _check_date(item, date)
        lines = [{"account": STOCK, "debit": amount}, {"account": FUND, "credit": amount}]
        if paid_by is not None:
            if paid_by.org_id != org.pk or paid_by.kind != Voucher.Kind.NORMAL:
                raise ValidationError({"paid_by": PAID_BY_OTHER})
            source = source or f"{paid_by.label_full}"
        elif not donated:
            typed = (expense_account or "").strip()
            code = typed or EXPENSE_FOR[item.category]
            expense = Account.objects.filter(org=org, code=code, category=chart.EXPENSE).first()
            if expense is None or (typed and not expense.is_leaf):
                raise ValidationError({"expense_account": BAD_EXPENSE % {"c": code}})
            lines = [{"account": code, "debit": amount}, {"account": BANK, "credit": amount}, *lines]
        verb = _("接受捐赠") if donated else _("购入")
        return _move(actor=actor, item=item, date=date, quantity=quantity, amount=amount, lines=lines,
                     kind=StockMovement.Kind.DONATION if donated else StockMovement.Kind.PURCHASE,
                     summary=f"{verb}{item.name}{quantity}{item.unit}" + (f"（{source}）" if source else ""),
                     unit_price=unit_price, recipient=source[:100], paid_by=paid_by)


def stock_issue(*, actor, item: StockItem, date: dt.date, quantity: int, purpose: str, recipient: str = "",
                person_id: int | None = None, reason: str = "", welfare_issue: WelfareIssue | None = None
                ) -> StockMovement:
    """出库 to a person, an activity or a welfare issue: never more than is on hand (a book on loan is not on
    hand); the draft takes its cost off the stock and its 资产基金.

    Given a 福利发放 (`welfare_issue`, of the same books) the goods are that issue's: its limits and 签收单 stay
    the issue's, but the goods were an expense when they were bought, so the issue's own draft (借 50105 /
    贷 102) would spend them twice: it is withdrawn (refused once finance reviewed it) and the issue points to
    this movement's voucher instead."""
    org = book_org(item.org)
    require(can_keep_stock(actor, org))
    quantity = _quantity(quantity)
    if welfare_issue is not None:
        purpose = StockMovement.Purpose.WELFARE
        recipient = (recipient or "").strip() or welfare_issue.summary
    if purpose not in StockMovement.Purpose.values:
        raise ValidationError({"purpose": NO_PURPOSE})
    recipient = (recipient or "").strip()
    if not recipient:
        raise ValidationError({"recipient": NO_RECIPIENT})
    with transaction.atomic(), unscoped(BOOKS):
        item = _locked(item)
        _check_date(item, date)
        on_hand = item.quantity - _on_loan(item)
        if quantity > on_hand:
            raise ValidationError({"quantity": OVER_STOCK % {"n": item.name, "h": on_hand, "q": quantity,
                                                             "u": item.unit}})
        own = None
        if welfare_issue is not None:
            welfare_issue = WelfareIssue.objects.select_for_update().filter(pk=welfare_issue.pk, org=org).first()
            if welfare_issue is None:
                raise ValidationError({"welfare_issue": WELFARE_OTHER_BOOKS})
            own = Voucher.objects.filter(org=org, source=f"funds.welfare:{welfare_issue.pk}").exclude(
                kind=Voucher.Kind.REVERSAL).first()
            if own is not None and own.state != Voucher.State.DRAFT:
                raise ValidationError({"welfare_issue": WELFARE_POSTED % {"v": own}})
        amount = cost_of(item, quantity)
        movement = _move(actor=actor, item=item, date=date, kind=StockMovement.Kind.ISSUE, quantity=-quantity,
                         amount=-amount, summary=f"{item.name}{quantity}{item.unit}出库：{recipient}",
                         lines=[{"account": FUND, "debit": amount}, {"account": STOCK, "credit": amount}],
                         purpose=purpose, recipient=recipient[:100], person_id=person_id,
                         unit_price=(amount / quantity).quantize(CENT, rounding=ROUND_HALF_UP),
                         reason=(reason or "").strip()[:200], welfare_issue=welfare_issue)
        if welfare_issue is not None:
            if own is not None:
                voucher_delete(actor=SYSTEM, voucher=own)
            welfare_issue.voucher = movement.voucher
            welfare_issue.save(update_fields=["voucher"])
        return movement


def stocktake(*, actor, item: StockItem, date: dt.date, counted: int, reason: str,
              unit_price: Decimal | None = None) -> StockMovement:
    """盘点 of one item: `counted` on the shelf against what the ledger says is there (books on loan are not
    on the shelf); the difference is recorded with its reason and its draft (盘盈 at the average cost, or at
    `unit_price` when nothing is left to average; 盘亏 at the average cost)."""
    org = book_org(item.org)
    require(can_keep_stock(actor, org))
    if not isinstance(counted, int) or isinstance(counted, bool) or counted < 0:
        raise ValidationError({"counted": BAD_COUNT})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": NO_REASON})
    if unit_price is not None and not _price_ok(unit_price):
        raise ValidationError({"unit_price": BAD_PRICE})
    with transaction.atomic(), unscoped(BOOKS):
        item = _locked(item)
        _check_date(item, date)
        recorded = item.quantity - _on_loan(item)
        diff = counted - recorded
        if not diff:
            raise ValidationError({"counted": NO_DIFFERENCE % {"n": recorded}})
        if diff > 0:
            price = unit_price
            if price is None:
                if not item.quantity:
                    raise ValidationError({"unit_price": GAIN_PRICE % {"n": item.name}})
                price = (item.value / item.quantity).quantize(CENT, rounding=ROUND_HALF_UP)
            amount = price * diff
            lines = [{"account": STOCK, "debit": amount}, {"account": PENDING, "credit": amount},
                     {"account": PENDING, "debit": amount}, {"account": FUND, "credit": amount}]
        else:
            amount = cost_of(item, -diff)
            lines = [{"account": PENDING, "debit": amount}, {"account": STOCK, "credit": amount},
                     {"account": FUND, "debit": amount}, {"account": PENDING, "credit": amount}]
        word = _("盘盈") if diff > 0 else _("盘亏")
        return _move(actor=actor, item=item, date=date, kind=StockMovement.Kind.STOCKTAKE, quantity=diff,
                     amount=amount if diff > 0 else -amount, lines=lines,
                     summary=f"{item.name}{word}{abs(diff)}{item.unit}：{reason}", counted=counted,
                     recorded=recorded, reason=reason[:200],
                     unit_price=(amount / abs(diff)).quantize(CENT, rounding=ROUND_HALF_UP))


def book_lend(*, actor, item: StockItem, borrower: str, lent_on: dt.date, due_on: dt.date,
              person_id: int | None = None) -> BookLoan:
    """借阅: a copy of a 职工书屋 title to a member (the face ties the name to the union's roster)."""
    org = book_org(item.org)
    require(can_keep_stock(actor, org))
    borrower = (borrower or "").strip()
    if item.category != StockCategory.BOOKS:
        raise ValidationError({"item": NOT_A_BOOK})
    if not borrower:
        raise ValidationError({"borrower": NO_BORROWER})
    if due_on < lent_on:
        raise ValidationError({"due_on": DUE_BEFORE})
    with transaction.atomic(), unscoped(BOOKS):
        item = _locked(item)
        out = _on_loan(item)
        if out >= item.quantity:
            raise ValidationError({"item": NONE_LEFT % {"n": item.name, "h": item.quantity - out,
                                                        "t": item.quantity, "o": out}})
        mine = BookLoan.objects.filter(item=item, returned_on__isnull=True, borrower=borrower)
        if (mine.filter(person_id=person_id) if person_id else mine).exists():
            raise ValidationError({"borrower": ALREADY_LENT % {"p": borrower, "n": item.name}})
        loan = BookLoan.objects.create(item=item, borrower=borrower[:50], person_id=person_id, lent_on=lent_on,
                                       due_on=due_on, created_by=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, action="create", obj=loan, object_type="funds_book_loan", org_path=org.path,
                     object_repr=f"《{item.name}》 {borrower}",
                     changes={"借阅人": [None, borrower], "应还日期": [None, due_on.isoformat()]})
    return mark_fetched(loan)


def book_return(*, actor, loan: BookLoan, date: dt.date) -> BookLoan:
    """归还 of a loan, once."""
    org = book_org(loan.item.org)
    require(can_keep_stock(actor, org))
    with transaction.atomic(), unscoped(BOOKS):
        loan = BookLoan.objects.select_for_update().select_related("item").get(pk=loan.pk)
        if loan.returned_on:
            raise ValidationError({"returned_on": RETURNED % {"d": loan.returned_on.isoformat()}})
        if date < loan.lent_on:
            raise ValidationError({"returned_on": RETURN_BEFORE % {"d": loan.lent_on.isoformat()}})
        loan.returned_on = date
        loan.save(update_fields=["returned_on"])
        audit.record(actor=actor, action="update", obj=loan, object_type="funds_book_loan", org_path=org.path,
                     object_repr=f"《{loan.item.name}》 {loan.borrower}",
                     changes={"归还日期": [None, date.isoformat()]})
    return mark_fetched(loan)
