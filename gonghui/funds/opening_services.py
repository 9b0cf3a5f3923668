"""期初余额: the opening balances of the first year of a union's books."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scope_guard import unscoped
from gonghui.funds import chart
from gonghui.funds.book_services import (
    BOOKS,
    YEAR_CLOSED,
    ZERO,
    book_org,
    chart_ensure,
    closed_state,
    fen,
    money,
)
from gonghui.funds.models import (
    Account,
    OpeningBalance,
    Voucher,
)
from gonghui.funds.rights import can_write_books, require
from gonghui.orgs.models import Org

OPENING_UNBALANCED = _("期初余额借贷不平衡：借方合计%(d)s元，贷方合计%(c)s元，相差%(x)s元。整份期初余额未导入。")
OPENING_INCOME = _("科目“%(a)s”是收入或支出类科目，年初没有余额。")
OPENING_OTHER_YEAR = _("本账套已有%(y)d年的期初余额；以后年度的年初余额由上年结转得出，不必再导入。")
OPENING_AFTER_VOUCHERS = _("本账套在%(y)d年之前已有凭证，期初余额只能录入账套启用的第一年。")


def opening_set(*, actor, org: Org, year: int, rows: list[tuple[Account, Decimal, Decimal]]) -> int:
    """Replace the 期初余额 of `year` (the first year of the books) by `rows` of (account, debit, credit);
    refused whole when debits and credits differ. Returns the number of accounts with a balance."""
    org = book_org(org)
    require(can_write_books(actor, org))
    debit = sum((money(d) for _a, d, _c in rows), ZERO)
    credit = sum((money(c) for _a, _d, c in rows), ZERO)
    if debit != credit:
        raise ValidationError({"rows": OPENING_UNBALANCED % {"d": fen(debit), "c": fen(credit),
                                                             "x": fen(abs(debit - credit))}})
    for account, d, c in rows:
        if account.category in (chart.INCOME, chart.EXPENSE) and (d or c):
            raise ValidationError({"rows": OPENING_INCOME % {"a": account}})
    year_closed, _months = closed_state(org, year)
    if year_closed:
        raise ValidationError({"year": YEAR_CLOSED % {"y": year}})
    with transaction.atomic(), unscoped(BOOKS):
        chart_ensure(org=org)
        other = OpeningBalance.objects.filter(org=org).exclude(year=year).values_list("year", flat=True).first()
        if other is not None:
            raise ValidationError({"year": OPENING_OTHER_YEAR % {"y": other}})
        if Voucher.objects.filter(org=org, year__lt=year).exists():
            raise ValidationError({"year": OPENING_AFTER_VOUCHERS % {"y": year}})
        before = {o.account.code: [fen(o.debit), fen(o.credit)]
                  for o in OpeningBalance.objects.filter(org=org, year=year).select_related("account")}
        OpeningBalance.objects.filter(org=org, year=year).delete()
        kept = [OpeningBalance(org=org, year=year, account=a, debit=money(d), credit=money(c))
                for a, d, c in rows if money(d) or money(c)]
        OpeningBalance.objects.bulk_create(kept)
        after = {o.account.code: [fen(o.debit), fen(o.credit)] for o in kept}
        audit.record(actor=actor, action="import", object_type="funds_opening", object_id=str(year),
                     object_repr=_("%(y)d年期初余额") % {"y": year}, org_path=org.path,
                     changes=audit.diff(before, after))
    return len(kept)


