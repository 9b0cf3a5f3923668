"""预算: a year's budget lines (编制 while a draft, then 批准 and fixed), and the 禁止超支 check that 记账
runs on every voucher.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.funds import chart
from gonghui.funds.book_services import (
    BOOKS,
    ZERO,
    book_org,
    fen,
    money,
    user_of,
)
from gonghui.funds.models import (
    Account,
    Budget,
    BudgetLine,
    Voucher,
)
from gonghui.funds.rights import can_review_vouchers, can_write_books, require
from gonghui.orgs.models import Org

BUDGET_FIXED = _("%(y)d年预算已批准，不能再修改。")
BUDGET_NOT_EXPENSE = _("预算科目“%(a)s”不是支出类科目。")
BUDGET_AMOUNT = _("预算科目“%(a)s”的金额应为不小于0、最多两位小数的数。")
BUDGET_DUPLICATE = _("预算科目“%(a)s”（%(k)s）重复。")
BUDGET_EMPTY = _("%(y)d年预算还没有任何项目，不能批准。")
BUDGET_MISSING = _("%(y)d年还没有编制预算。")
OVER_BUDGET = _("超出预算：%(a)s %(y)d年预算%(b)s元，已支出%(s)s元，本凭证%(v)s元，超出%(x)s元。该预算项目设为禁止超支，"
                "请调整预算或凭证。")


@dataclass
class BudgetInput:
    account: Account
    amount: Decimal
    kind: str = BudgetLine.Kind.BASIC
    control: str = BudgetLine.Control.WARN


def budget_set(*, actor, org: Org, year: int, lines: list[BudgetInput]) -> Budget:
    """编制预算: replace the lines of the year's budget while it is not approved."""
    org = book_org(org)
    require(can_write_books(actor, org))
    problems, seen = [], set()
    for line in lines:
        if line.account.org_id != org.pk or line.account.category != chart.EXPENSE:
            problems.append(BUDGET_NOT_EXPENSE % {"a": line.account})
        if line.amount is None or line.amount < 0 or line.amount != money(line.amount):
            problems.append(BUDGET_AMOUNT % {"a": line.account})
        key = (line.account.pk, line.kind)
        if key in seen:
            problems.append(BUDGET_DUPLICATE % {"a": line.account, "k": BudgetLine.Kind(line.kind).label})
        seen.add(key)
    if problems:
        raise ValidationError({"lines": problems})
    with transaction.atomic(), unscoped(BOOKS):
        budget, _created = Budget.objects.select_for_update().get_or_create(org=org, year=year)
        if budget.state == Budget.State.APPROVED:
            raise ValidationError({"year": BUDGET_FIXED % {"y": year}})
        before = {f"{b.account.code}/{b.kind}": [fen(b.amount), b.control] for b in budget.lines.select_related("account")}
        budget.lines.all().delete()
        BudgetLine.objects.bulk_create([BudgetLine(budget=budget, account=ln.account, kind=ln.kind, amount=money(ln.amount),
                                                   control=ln.control) for ln in lines])
        after = {f"{ln.account.code}/{ln.kind}": [fen(ln.amount), ln.control] for ln in lines}
        audit.record(actor=actor, action="update", obj=budget, object_type="funds_budget", org_path=org.path,
                     changes=audit.diff(before, after))
    return mark_fetched(budget)


def budget_approve(*, actor, org: Org, year: int) -> Budget:
    """批准预算: from now on the budget is fixed (a finance officer or the union's head approves)."""
    org = book_org(org)
    require(can_review_vouchers(actor, org))
    with transaction.atomic(), unscoped(BOOKS):
        budget = Budget.objects.select_for_update().filter(org=org, year=year).first()
        if budget is None:
            raise ValidationError({"year": BUDGET_MISSING % {"y": year}})
        if budget.state == Budget.State.APPROVED:
            raise ValidationError({"year": BUDGET_FIXED % {"y": year}})
        if not budget.lines.exists():
            raise ValidationError({"year": BUDGET_EMPTY % {"y": year}})
        budget.state, budget.approved_by, budget.approved_at = Budget.State.APPROVED, user_of(actor), timezone.now()
        budget.save(update_fields=["state", "approved_by", "approved_at"])
        audit.record(actor=actor, action="update", obj=budget, object_type="funds_budget", org_path=org.path,
                     changes={"状态": ["编制中", "已批准"]})
    return mark_fetched(budget)



def within_budget(voucher: Voucher) -> None:
    """Refuse (ValidationError) a voucher that takes an approved 禁止超支 line above its amount."""
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.funds.selectors import spent_by_prefix

    blocks = list(BudgetLine.objects.filter(budget__org=voucher.org, budget__year=voucher.year,
                                            budget__state=Budget.State.APPROVED,
                                            control=BudgetLine.Control.BLOCK).select_related("account"))
    if not blocks:
        return
    lines = list(voucher.lines.filter(account__category=chart.EXPENSE).select_related("account"))
    spent = spent_by_prefix(viewer=SYSTEM, org=voucher.org, start=dt.date(voucher.year, 1, 1),
                            end=dt.date(voucher.year, 12, 31), prefixes=sorted({b.account.code for b in blocks}))
    for block in blocks:
        amount = sum((ln.debit - ln.credit for ln in lines if ln.account.code.startswith(block.account.code)), ZERO)
        total = spent[block.account.code] + amount
        if amount > 0 and total > block.amount:
            raise ValidationError({"budget": OVER_BUDGET % {
                "a": block.account, "y": voucher.year, "b": fen(block.amount), "s": fen(spent[block.account.code]),
                "v": fen(amount), "x": fen(total - block.amount)}})


