"""The reads of the books, through the scope of the finance wing (`scoped(..., roles=FUNDS_READ_ROLES)`):
accounts, vouchers, and the sums every book and statement is made of (posted vouchers only).

Balances are cumulative from the start of the books: the 期初余额 rows of the first year plus every posted line
up to the date. Income and expense accounts therefore hold the year's running amounts until the year-end
close empties them (a year not yet closed shows its residue in the next year's 期初 of those accounts).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from gonghui.accounts.scoping import scoped
from gonghui.core.scope_guard import unscoped
from gonghui.funds import chart
from gonghui.funds.book_services import book_org
from gonghui.funds.models import (
    Account,
    Budget,
    ClosedPeriod,
    OpeningBalance,
    Voucher,
    VoucherAttachment,
    VoucherLine,
)
from gonghui.funds.rights import FUNDS_READ_ROLES, FUNDS_WRITE_ROLES, can_read_books
from gonghui.orgs.models import Org

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _fen(value) -> Decimal:
    """A database sum as exact money. SQLite keeps decimals as doubles and sums them as doubles: the error
    stays far below half a fen for any book (50,000 lines of millions), so rounding to the fen gives the
    exact sum; PostgreSQL's numeric is exact already."""
    return (value or ZERO).quantize(CENT)


def _books(qs: QuerySet, viewer) -> QuerySet:
    return scoped(qs, viewer, roles=FUNDS_READ_ROLES)


def account_list(*, viewer, org: Org, leaves_only: bool = False, basic_only: bool = False) -> QuerySet[Account]:
    qs = _books(Account.objects.filter(org=org), viewer).select_related("parent").order_by("code")
    if leaves_only:
        qs = qs.filter(is_leaf=True)
    if basic_only:
        qs = qs.filter(county=False)
    return qs


def account_paths(accounts) -> dict[int, str]:
    """account id -> "上级—下级" names (业务支出—会议)."""
    by_id = {a.pk: a for a in accounts}
    out = {}
    for account in by_id.values():
        names, node = [], account
        while node is not None:
            names.append(node.name)
            node = by_id.get(node.parent_id)
        out[account.pk] = "—".join(reversed(names))
    return out


def voucher_list(*, viewer, org: Org, year: int | None = None, month: int | None = None,
                 state: str = "") -> QuerySet[Voucher]:
    qs = _books(Voucher.objects.filter(org=org), viewer).select_related("created_by", "reviewed_by", "posted_by")
    if year:
        qs = qs.filter(year=year)
    if month:
        qs = qs.filter(month=month)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("year", "month", "number")


def voucher_get(*, viewer, pk, write: bool = False) -> Voucher:
    """One voucher: 404 outside the finance scope (or missing), 403 when the viewer only reads the books."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    voucher = _books(Voucher.objects.all(), viewer).select_related("org", "reverses").filter(pk=pk).first()
    if voucher is None:
        raise Http404
    if write and not scoped(Voucher.objects.filter(pk=pk), viewer, roles=FUNDS_WRITE_ROLES).exists():
        raise PermissionDenied
    return voucher


def voucher_lines(*, voucher: Voucher) -> QuerySet[VoucherLine]:
    return voucher.lines.select_related("account").order_by("position", "id")


@dataclass
class StoredVoucher:
    """What an import compares a voucher of its file with (read as values, not objects: a year is 20,000)."""

    pk: int
    state: str
    kind: str
    date: dt.date
    summary: str
    lines: list[list[str]]  # services.lines_snapshot's shape


def voucher_snapshots(*, viewer, org: Org, keys: set[tuple[int, int, int]]) -> dict[tuple[int, int, int], StoredVoucher]:
    """(year, month, number) -> the stored voucher with its lines, for the keys asked."""
    if not keys:
        return {}
    years = sorted({k[0] for k in keys})
    found: dict[int, StoredVoucher] = {}
    by_key = {}
    rows = _books(Voucher.objects.filter(org=org, year__in=years), viewer).values_list(
        "pk", "year", "month", "number", "state", "kind", "date", "summary")
    for pk, year, month, number, state, kind, date, summary in rows:
        if (year, month, number) in keys:
            found[pk] = by_key[(year, month, number)] = StoredVoucher(pk, state, kind, date, summary, [])
    lines = _books(VoucherLine.objects.filter(voucher__org=org, voucher__year__in=years), viewer).order_by(
        "voucher_id", "position", "id").values_list("voucher_id", "account__code", "debit", "credit", "earmarked",
                                                    "project", "summary")
    for voucher_id, code, debit, credit, earmarked, project, summary in lines:
        stored = found.get(voucher_id)
        if stored is not None:
            stored.lines.append([code, f"{_fen(debit):.2f}", f"{_fen(credit):.2f}", "专项" if earmarked else "",
                                 project.strip(), summary.strip()])
    return by_key


def vouchers_by_pk(*, viewer, org: Org, pks: list[int]) -> dict[int, Voucher]:
    return {v.pk: v for v in _books(Voucher.objects.filter(org=org, pk__in=pks), viewer)}


def closed_periods(*, viewer, org: Org) -> set[tuple[int, int]]:
    return set(_books(ClosedPeriod.objects.filter(org=org), viewer).values_list("year", "month"))


def opening_years(*, viewer, org: Org) -> list[int]:
    return sorted(set(_books(OpeningBalance.objects.filter(org=org), viewer).values_list("year", flat=True)))


# --- sums ------------------------------------------------------------------------------------------------

def _posted(viewer, org: Org) -> QuerySet[VoucherLine]:
    return _books(VoucherLine.objects.filter(voucher__org=org, voucher__state=Voucher.State.POSTED), viewer)


def net_before(*, viewer, org: Org, date: dt.date, by_earmark: bool = False, inclusive: bool = False) -> dict:
    """Debit minus credit of every account before `date` (opening rows of years <= date's year, then posted
    lines dated before it, or up to it when `inclusive`): {account_id: Decimal}, or {(account_id, earmarked):
    Decimal}."""
    out: dict = defaultdict(lambda: ZERO)
    openings = _books(OpeningBalance.objects.filter(org=org, year__lte=date.year), viewer)
    for account_id, d, c in openings.values_list("account_id", "debit", "credit"):
        out[(account_id, False) if by_earmark else account_id] += d - c
    keys = ("account_id", "earmarked") if by_earmark else ("account_id",)
    lines = _posted(viewer, org).filter(**{"voucher__date__lte" if inclusive else "voucher__date__lt": date})
    rows = lines.values(*keys).annotate(d=Sum("debit"), c=Sum("credit"))
    for row in rows:
        key = (row["account_id"], row["earmarked"]) if by_earmark else row["account_id"]
        out[key] += _fen(row["d"]) - _fen(row["c"])
    return out


def movements(*, viewer, org: Org, start: dt.date, end: dt.date, exclude_closing: bool = False,
              by_earmark: bool = False) -> dict:
    """(debit, credit) posted to every account from `start` to `end`: {account_id: (d, c)} (or keyed by
    (account_id, earmarked)). `exclude_closing` leaves out the year-end close (for 收入支出表)."""
    qs = _posted(viewer, org).filter(voucher__date__gte=start, voucher__date__lte=end)
    if exclude_closing:
        qs = qs.exclude(voucher__kind=Voucher.Kind.CLOSING)
    keys = ("account_id", "earmarked") if by_earmark else ("account_id",)
    out = {}
    for row in qs.values(*keys).annotate(d=Sum("debit"), c=Sum("credit")):
        key = (row["account_id"], row["earmarked"]) if by_earmark else row["account_id"]
        out[key] = (_fen(row["d"]), _fen(row["c"]))
    return out


@dataclass
class BalanceRow:
    account: Account
    depth: int
    opening: Decimal  # on the account's side (negative when on the other)
    debit: Decimal
    credit: Decimal
    closing: Decimal
    traces: dict = field(default_factory=dict)  # figure -> funds.trace.Trace (statements.balances_for)

    @property
    def indent_text(self) -> str:
        return "\u3000" * self.depth

    @property
    def side_label(self) -> str:
        return chart.SIDE_LABELS[self.account.side]


def trial_balance(*, viewer, org: Org, start: dt.date, end: dt.date, include_empty: bool = False) -> list[BalanceRow]:
    """科目余额表: per account (parents summing their sub-accounts), 期初, 借方发生额, 贷方发生额, 期末."""
    accounts = list(account_list(viewer=viewer, org=org))
    by_id = {a.pk: a for a in accounts}
    before = net_before(viewer=viewer, org=org, date=start)
    moved = movements(viewer=viewer, org=org, start=start, end=end)
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])  # net before, debit, credit
    for account_id in set(before) | set(moved):
        d, c = moved.get(account_id, (ZERO, ZERO))
        node = by_id.get(account_id)
        while node is not None:
            acc = sums[node.pk]
            acc[0] += before.get(account_id, ZERO)
            acc[1] += d
            acc[2] += c
            node = by_id.get(node.parent_id)
    rows = []
    for account in accounts:
        net, d, c = sums.get(account.pk, (ZERO, ZERO, ZERO))
        if not include_empty and not (net or d or c):
            continue
        sign = 1 if account.side == chart.DEBIT else -1
        depth = (len(account.code) - 3) // 2
        rows.append(BalanceRow(account=account, depth=depth, opening=sign * net, debit=d, credit=c,
                               closing=sign * (net + d - c)))
    return rows


def trial_balance_totals(rows: list[BalanceRow]) -> dict[str, Decimal]:
    """The totals over main accounts: 借方发生额 and 贷方发生额 must agree."""
    top = [r for r in rows if r.account.parent_id is None]
    return {"debit": sum((r.debit for r in top), ZERO), "credit": sum((r.credit for r in top), ZERO)}



@dataclass
class LedgerRow:
    line: VoucherLine
    balance: Decimal  # after this line, on the account's side


def account_ledger(*, viewer, org: Org, account: Account, start: dt.date, end: dt.date) -> tuple[Decimal, list[LedgerRow]]:
    """明细账 of an account and its sub-accounts (日记账 for 101/102): the opening balance at `start` and every
    posted line to `end`, each with the running balance, on the account's side."""
    sign = 1 if account.side == chart.DEBIT else -1
    ids = set(_books(Account.objects.filter(org=org, code__startswith=account.code), viewer).values_list("pk", flat=True))
    before = net_before(viewer=viewer, org=org, date=start)
    balance = sign * sum((net for account_id, net in before.items() if account_id in ids), ZERO)
    opening = balance
    rows = []
    lines = (_posted(viewer, org).filter(account_id__in=ids, voucher__date__gte=start, voucher__date__lte=end)
             .select_related("voucher", "account").order_by("voucher__date", "voucher__year", "voucher__month",
                                                             "voucher__number", "position", "id"))
    for line in lines:
        balance += sign * (line.debit - line.credit)
        rows.append(LedgerRow(line, balance))
    return opening, rows


# --- budget ----------------------------------------------------------------------------------------------

def spent_by_prefix(*, viewer, org: Org, start: dt.date, end: dt.date, prefixes: list[str]) -> dict[str, Decimal]:
    """Expense (debit − credit, the close left out) posted from `start` to `end` on the accounts under each
    code prefix: {prefix: Decimal}."""
    out = {p: ZERO for p in prefixes}
    if not prefixes:
        return out
    rows = (_posted(viewer, org).filter(voucher__date__gte=start, voucher__date__lte=end,
                                        account__category=chart.EXPENSE)
            .exclude(voucher__kind=Voucher.Kind.CLOSING).values("account__code").annotate(d=Sum("debit"), c=Sum("credit")))
    for row in rows:
        for prefix in prefixes:
            if row["account__code"].startswith(prefix):
                out[prefix] += _fen(row["d"]) - _fen(row["c"])
    return out


@dataclass
class BudgetRow:
    line: object  # BudgetLine
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.line.amount - self.spent

    @property
    def rate(self) -> Decimal | None:
        if not self.line.amount:
            return None
        return (self.spent * 100 / self.line.amount).quantize(Decimal("0.1"))

    @property
    def over(self) -> bool:
        return self.spent > self.line.amount


def budget_execution(*, viewer, org: Org, year: int, on: dt.date):
    """决算 against the year's budget at `on`: (budget or None, [BudgetRow]). Spending is matched by account
    (an account's sub-accounts count); 基本支出/项目支出 is the budget's own classification."""
    budget = _books(Budget.objects.filter(org=org, year=year), viewer).first()
    if budget is None:
        return None, []
    lines = list(budget.lines.select_related("account"))
    spent = spent_by_prefix(viewer=viewer, org=org, start=dt.date(year, 1, 1), end=on,
                            prefixes=sorted({ln.account.code for ln in lines}))
    return budget, [BudgetRow(ln, spent[ln.account.code]) for ln in lines]


@dataclass
class SourceVoucher:
    """A voucher an entry elsewhere in gonghui made, as the entry's page shows it."""

    pk: int
    label: str  # 2026年3月 记-4
    state: str  # 制单 / 已审核 / 已记账
    summary: str
    readable: bool  # the viewer reads the books: the label links to the voucher


def vouchers_of_source(*, viewer, org: Org, source: str) -> list[SourceVoucher]:
    """The vouchers an entry made (`Voucher.source`, e.g. "ledgers.aid:12"), with their red reversals. Whoever
    sees the entry sees their numbers and states (the officer who recorded it knows finance has it); only a
    reader of the books gets the link. The caller has fetched the entry through its own scope."""
    try:
        books = book_org(org)
    except ValidationError:
        return []
    readable = can_read_books(viewer, books)
    with unscoped("the numbers of the vouchers of an entry the viewer was allowed to see"):
        made = Voucher.objects.filter(org=books, source=source)
        vouchers = list(Voucher.objects.filter(Q(pk__in=made) | Q(reverses__in=made)).order_by("date", "pk"))
    return [SourceVoucher(pk=v.pk, label=str(v), state=v.get_state_display(), summary=v.summary, readable=readable)
            for v in vouchers]


def voucher_files(*, viewer, voucher: Voucher) -> QuerySet[VoucherAttachment]:
    """The files of a voucher the viewer fetched through `voucher_get`."""
    return _books(VoucherAttachment.objects.filter(voucher=voucher), viewer).order_by("uploaded_at", "id")


def voucher_file_get(*, viewer, pk, write: bool = False) -> VoucherAttachment:
    """One voucher file: 404 outside the finance scope (or missing), 403 for a reader who would change it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    att = _books(VoucherAttachment.objects.filter(pk=pk), viewer).select_related("org", "voucher").first()
    if att is None:
        raise Http404
    if write and not scoped(VoucherAttachment.objects.filter(pk=pk), viewer, roles=FUNDS_WRITE_ROLES).exists():
        raise PermissionDenied
    return att


@dataclass
class TraceResult:
    openings: list[tuple[Account, Decimal]]  # opening rows counted (期初余额 of the books' first year)
    lines: QuerySet[VoucherLine]  # the posted lines, in book order
    count: int
    total: Decimal  # what the figure shows: openings and lines counted as the trace says


def trace_lines(*, viewer, org: Org, trace) -> TraceResult:
    """The opening rows and posted voucher lines behind a figure (funds/trace.py), and their total, which equals
    the figure on the page it came from."""
    sign = 1 if trace.sign == chart.DEBIT else -1
    match = Q(pk__in=[])
    for code, flag in trace.parts:
        part = Q(account__code__startswith=code)
        match |= part if flag is None else part & Q(earmarked=flag)
    lines = _posted(viewer, org).filter(match)
    openings: list[tuple[Account, Decimal]] = []
    if trace.is_balance:
        lines = lines.filter(**{"voucher__date__lte" if trace.inclusive else "voucher__date__lt": trace.at})
        codes = Q(pk__in=[])
        for code, flag in trace.parts:
            if flag is not True:  # opening rows carry no 专项 flag: they count as 非专项
                codes |= Q(account__code__startswith=code)
        rows = _books(OpeningBalance.objects.filter(codes, org=org, year__lte=trace.at.year), viewer)
        openings = [(row.account, sign * (row.debit - row.credit))
                    for row in rows.select_related("account").order_by("year", "account__code")]
    else:
        lines = lines.filter(voucher__date__gte=trace.start, voucher__date__lte=trace.end)
    if not trace.closing:
        lines = lines.exclude(voucher__kind=Voucher.Kind.CLOSING)
    sums = lines.aggregate(d=Sum("debit"), c=Sum("credit"), n=Count("id"))
    d, c = _fen(sums["d"]), _fen(sums["c"])
    moved = d if trace.amount == "debit" else c if trace.amount == "credit" else sign * (d - c)
    lines = lines.select_related("voucher", "account").order_by(
        "voucher__date", "voucher__year", "voucher__month", "voucher__number", "position", "id")
    return TraceResult(openings=openings, lines=lines, count=sums["n"],
                       total=moved + sum((amount for _a, amount in openings), ZERO))
