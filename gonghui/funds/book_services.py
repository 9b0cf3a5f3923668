"""The books of one union: which union keeps them, its chart (seeded, and its own sub-accounts), which
periods are open, and the money helpers every funds service shares.

Queries run inside `unscoped(BOOKS)` after the service has checked the actor's right on the union's books
(rights.py): the books are one union's, and the check is the scope for them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import is_system
from gonghui.core import audit
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.funds import chart
from gonghui.funds.models import (
    Account,
    ClosedPeriod,
)
from gonghui.funds.rights import can_read_books, can_write_books, require
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.tree import union_of

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
BOOKS = "the books of one union, after the service checked the actor's right on them (funds/rights.py)"

NOT_A_UNION = _("“%(org)s”不是工会（分会、小组的经费记在所属基层工会的账上）。")
YEAR_CLOSED = _("%(y)d年已年末结账，不能再录入、修改或记账凭证。")
MONTH_CLOSED = _("%(y)d年%(m)d月已结账，不能再录入、修改或记账凭证。")
ACCOUNT_PARENT_USED = _("科目“%(a)s”已有凭证或期初余额，不能再增设明细科目。")
ACCOUNT_NAME = _("请填写科目名称（不超过30个字）。")
ACCOUNT_NAME_TAKEN = _("“%(p)s”下已有名为“%(n)s”的明细科目。")
ACCOUNT_CODE = _("明细科目代码应以上级科目代码“%(p)s”开头，再加两位数字，如 %(p)s01。")
ACCOUNT_CODE_TAKEN = _("科目代码“%(c)s”已被使用。")


def money(value) -> Decimal:
    return (value or ZERO).quantize(CENT)


def fen(value: Decimal) -> str:
    """Money as text with two decimals (for messages and JSON)."""
    return f"{money(value):.2f}"


def user_of(actor):
    """The user to record as maker/reviewer: None for the system or nobody."""
    return actor if getattr(actor, "pk", None) and not is_system(actor) else None


def book_org(org: Org) -> Org:
    """The org that keeps the books of `org`: its 基层工会 (a branch or group keeps none of its own)."""
    books = union_of(org)
    if books.kind not in (OrgKind.UNION, OrgKind.FEDERATION):
        raise ValidationError({"org": NOT_A_UNION % {"org": org.name}})
    return books


# --- chart -----------------------------------------------------------------------------------------------

def chart_ensure(*, org: Org) -> None:
    """Seed the prescribed chart into `org`'s books, once (idempotent; called by every service that needs it).
    No actor: the chart is the rules' data, not a choice of anybody's."""
    subs = chart.subaccounts()
    expected = len(chart.MAIN) + len(subs)
    with unscoped(BOOKS):
        if Account.objects.filter(org=org, prescribed=True).count() >= expected:
            return
        with transaction.atomic():
            have = {a.code: a for a in Account.objects.filter(org=org)}
            Account.objects.bulk_create([
                Account(org=org, code=item.code, name=item.name, category=item.category, side=item.side,
                        county=item.county, prescribed=True, is_leaf=True)
                for item in chart.MAIN.values() if item.code not in have])
            have = {a.code: a for a in Account.objects.filter(org=org)}
            parents = {parent_code for parent_code, _item in subs}
            Account.objects.bulk_create([
                Account(org=org, parent=have[parent_code], code=item.code, name=item.name, category=item.category,
                        side=item.side, county=item.county, prescribed=True, is_leaf=True)
                for parent_code, item in subs if item.code not in have])
            Account.objects.filter(org=org, code__in=parents).update(is_leaf=False)


def account_add(*, actor, org: Org, parent: Account, name: str, code: str = "") -> Account:
    """A union's own sub-account under a prescribed (or own) account: code = parent's code + two digits."""
    org = book_org(org)
    require(can_write_books(actor, org))
    name = (name or "").strip()
    if not name or len(name) > 30:
        raise ValidationError({"name": ACCOUNT_NAME})
    with transaction.atomic(), unscoped(BOOKS):
        chart_ensure(org=org)
        parent = Account.objects.select_for_update().get(pk=parent.pk, org=org)
        siblings = Account.objects.filter(org=org, parent=parent)
        if siblings.filter(name=name).exists():
            raise ValidationError({"name": ACCOUNT_NAME_TAKEN % {"p": parent, "n": name}})
        if parent.is_leaf and (parent.lines.exists() or parent.openings.exists()):
            raise ValidationError({"parent": ACCOUNT_PARENT_USED % {"a": parent}})
        code = (code or "").strip()
        if not code:
            taken = {a.code for a in Account.objects.filter(org=org, code__startswith=parent.code)}
            code = next(f"{parent.code}{n:02d}" for n in range(1, 100) if f"{parent.code}{n:02d}" not in taken)
        if not (code.startswith(parent.code) and len(code) == len(parent.code) + 2 and code.isdigit()):
            raise ValidationError({"code": ACCOUNT_CODE % {"p": parent.code}})
        if Account.objects.filter(org=org, code=code).exists():
            raise ValidationError({"code": ACCOUNT_CODE_TAKEN % {"c": code}})
        account = Account.objects.create(org=org, parent=parent, code=code, name=name, category=parent.category,
                                         side=parent.side, county=parent.county, prescribed=False, is_leaf=True)
        if parent.is_leaf:
            parent.is_leaf = False
            parent.save(update_fields=["is_leaf"])
        audit.record(actor=actor, action="create", obj=account, object_type="funds_account", org_path=org.path,
                     changes={"科目": [None, str(account)]})
    return mark_fetched(account)


# --- periods ---------------------------------------------------------------------------------------------

def closed_state(org: Org, year: int) -> tuple[bool, set[int]]:
    """(year closed, closed months) of `org`'s books."""
    with unscoped(BOOKS):
        months = set(ClosedPeriod.objects.filter(org=org, year=year).values_list("month", flat=True))
    return 0 in months, months - {0}


def check_open(org: Org, date: dt.date) -> None:
    year_closed, months = closed_state(org, date.year)
    if year_closed:
        raise ValidationError({"date": YEAR_CLOSED % {"y": date.year}})
    if date.month in months:
        raise ValidationError({"date": MONTH_CLOSED % {"y": date.year, "m": date.month}})



def books_of(*, viewer, org: Org) -> Org:
    """The union whose books `viewer` reads for `org` (PermissionDenied when not a reader of them)."""
    books = book_org(org)
    require(can_read_books(viewer, books))
    chart_ensure(org=books)
    return books

