"""结账: month close, and the year-end close into 321 工会资金结转 / 322 工会资金结余."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
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
    money,
    user_of,
)
from gonghui.funds.models import (
    Account,
    ClosedPeriod,
    Voucher,
    VoucherLine,
)
from gonghui.funds.rights import can_write_books, require
from gonghui.funds.voucher_services import LineInput, line_problems, next_number, write_lines
from gonghui.orgs.models import Org

OPEN_VOUCHERS_MONTH = _("%(y)d年%(m)d月还有%(n)d张凭证未记账，请先审核、记账或删除后再结账。")
OPEN_VOUCHERS_YEAR = _("%(y)d年还有%(n)d张凭证未记账，请先审核、记账或删除后再年末结账。")
ALREADY_CLOSED_MONTH = _("%(y)d年%(m)d月已经结账。")
PREVIOUS_YEAR_OPEN = _("%(y)d年尚未年末结账，请先结上一年度。")


def month_close(*, actor, org: Org, year: int, month: int) -> None:
    """结账 of one month: every voucher of it posted; afterwards nothing is dated, changed or posted in it."""
    org = book_org(org)
    require(can_write_books(actor, org))
    with transaction.atomic(), unscoped(BOOKS):
        year_closed, months = closed_state(org, year)
        if year_closed:
            raise ValidationError({"year": YEAR_CLOSED % {"y": year}})
        if month in months:
            raise ValidationError({"month": ALREADY_CLOSED_MONTH % {"y": year, "m": month}})
        n = Voucher.objects.filter(org=org, year=year, month=month).exclude(state=Voucher.State.POSTED).count()
        if n:
            raise ValidationError({"month": OPEN_VOUCHERS_MONTH % {"y": year, "m": month, "n": n}})
        ClosedPeriod.objects.create(org=org, year=year, month=month, closed_by=user_of(actor))
        audit.record(actor=actor, action="update", object_type="funds_period", object_id=f"{year}-{month:02d}",
                     object_repr=_("%(y)d年%(m)d月结账") % {"y": year, "m": month}, org_path=org.path,
                     changes={"结账": [None, f"{year}-{month:02d}"]})


def _net_by(org: Org, end: dt.date, qs_filter: dict, keys: tuple[str, ...]) -> dict:
    """Posted lines up to `end`, net (credit - debit) grouped by `keys`."""
    rows = (VoucherLine.objects.filter(voucher__org=org, voucher__state=Voucher.State.POSTED, voucher__date__lte=end,
                                       **qs_filter)
            .values(*keys).annotate(d=Sum("debit"), c=Sum("credit")))
    return {tuple(r[k] for k in keys): money(r["c"]) - money(r["d"]) for r in rows}


def _closing_voucher(org: Org, date: dt.date, summary: str, lines: list[LineInput], actor) -> Voucher | None:
    if not lines:
        return None
    problems = line_problems(lines, org)
    assert not problems, problems  # built from balanced books, so balanced itself
    voucher = Voucher.objects.create(
        org=org, date=date, year=date.year, month=date.month, number=next_number(org, date.year, date.month),
        summary=summary, kind=Voucher.Kind.CLOSING, state=Voucher.State.POSTED, by_system=True,
        created_by=user_of(actor), posted_by=user_of(actor), posted_at=timezone.now(), reviewed_at=timezone.now())
    write_lines(voucher, lines)
    return voucher


def _side(amount: Decimal) -> dict:
    """A net credit amount as one positive line side."""
    return {"credit": amount} if amount > 0 else {"debit": -amount}


def year_close(*, actor, org: Org, year: int) -> list[Voucher]:
    """年末结账: every income and expense balance goes to 321 工会资金结转 (专项) or 322 工会资金结余 (非专项)
    through their 本年收支结转 sub-accounts, which are then carried into 累计结转/累计结余; the year (and every
    month of it) is closed. Refused while a voucher of the year is not posted or the year before is open."""
    org = book_org(org)
    require(can_write_books(actor, org))
    end = dt.date(year, 12, 31)
    with transaction.atomic(), unscoped(BOOKS):
        chart_ensure(org=org)
        year_closed, months = closed_state(org, year)
        if year_closed:
            raise ValidationError({"year": YEAR_CLOSED % {"y": year}})
        if Voucher.objects.filter(org=org, year=year - 1).exists() and not closed_state(org, year - 1)[0]:
            raise ValidationError({"year": PREVIOUS_YEAR_OPEN % {"y": year - 1}})
        n = Voucher.objects.filter(org=org, year=year).exclude(state=Voucher.State.POSTED).count()
        if n:
            raise ValidationError({"year": OPEN_VOUCHERS_YEAR % {"y": year, "n": n}})
        accounts = {a.code: a for a in Account.objects.filter(org=org)}
        by_id = {a.pk: a for a in accounts.values()}
        nets = _net_by(org, end, {"account__category__in": [chart.INCOME, chart.EXPENSE]},
                       ("account_id", "earmarked", "project"))
        lines: list[LineInput] = []
        carried: dict[tuple[bool, str], Decimal] = defaultdict(lambda: ZERO)
        for (account_id, earmarked, project), net in sorted(nets.items(), key=lambda kv: by_id[kv[0][0]].code):
            if not net:
                continue
            # Close the account: the opposite side of its net balance.
            lines.append(LineInput(account=by_id[account_id], earmarked=earmarked, project=project,
                                   summary=_("本年收支结转"), **_side(-net)))
            carried[(earmarked, project if earmarked else "")] += net
        for (earmarked, project), net in sorted(carried.items()):
            if net:
                target = accounts[chart.CARRY_EARMARKED if earmarked else chart.CARRY_FREE]
                lines.append(LineInput(account=target, earmarked=earmarked, project=project,
                                       summary=_("本年收支结转"), **_side(net)))
        made = []
        first = _closing_voucher(org, end, _("%(y)d年本年收支结转") % {"y": year}, lines, actor)
        if first:
            made.append(first)
        carry = _net_by(org, end, {"account__code__in": [chart.CARRY_EARMARKED, chart.CARRY_FREE]},
                        ("account__code", "earmarked", "project"))
        lines = []
        for (code, earmarked, project), net in sorted(carry.items()):
            if not net:
                continue
            target = accounts[chart.ACCUM_EARMARKED if code == chart.CARRY_EARMARKED else chart.ACCUM_FREE]
            lines.append(LineInput(account=accounts[code], earmarked=earmarked, project=project,
                                   summary=_("转入累计结转结余"), **_side(-net)))
            lines.append(LineInput(account=target, earmarked=earmarked, project=project,
                                   summary=_("转入累计结转结余"), **_side(net)))
        second = _closing_voucher(org, end, _("%(y)d年收支结转转入累计结转结余") % {"y": year}, lines, actor)
        if second:
            made.append(second)
        ClosedPeriod.objects.bulk_create(
            [ClosedPeriod(org=org, year=year, month=m, closed_by=user_of(actor)) for m in range(13)
             if m not in months])
        audit.record(actor=actor, action="update", object_type="funds_period", object_id=str(year),
                     object_repr=_("%(y)d年年末结账") % {"y": year}, org_path=org.path,
                     changes={"年末结账": [None, year], "结转凭证": [None, [str(v) for v in made]]})
    return made


