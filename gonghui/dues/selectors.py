"""Reads of 会费: the policy in force, a month's roll, the arrears, the totals the indicators report.

A roll is worked out, never stored: the members whose 会籍 is active on the month's last day
(people.selectors.members_at: 保留会籍 and leavers drop out by themselves; sorted by the database), each with
the base of their latest wage row up to that month (one scan of the month's rows on the (org, month) index,
reading the integer WageRow.base_fen kept for the policy in force — the JSON components only for a row whose
kept base is for other components), plus one grouped query of what was paid; the rows come straight from the
cursor (core.rows.plain_rows). Python then applies rules.DuesRule in whole fen per line (integers: exact).
The components themselves are read only for the 明细表 (`wage_components`).

Every function takes an `org` read through the scope (orgs.selectors.org_get), which stands for its subtree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from gonghui.accounts.scoping import scoped
from gonghui.core.rows import plain_rows
from gonghui.core.scope_guard import unscoped
from gonghui.dues.models import DuesCollection, DuesPayment, DuesPolicy, WageRow
from gonghui.dues.rules import (
    FEN,
    ZERO,
    DuesRule,
    decimal_or_none,
    from_fen,
    month_end,
    months_between,
    wage_base_fen,
)
from gonghui.dues.wage_sql import CodePointOrder, WageText, base_read, no_gc
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.tree import subtree, union_of, within
from gonghui.people.selectors import members_at, retained_at

DUE, MISSING = "due", "missing_wages"


def unions_of(org: Org) -> list[Org]:
    """The 基层工会 whose policies a roll of `org` follows: its own union, or the unions below a federation."""
    if org.kind == OrgKind.FEDERATION:
        return list(subtree(org).filter(kind=OrgKind.UNION).order_by("path"))
    return [union_of(org)]


def policy_in_force(union: Org, month: dt.date) -> DuesPolicy | None:
    with unscoped("the policy of the union above an org read through the scope (branches follow it)"):
        return (DuesPolicy.objects.filter(org_id=union.pk, effective_from__lte=month)
                .order_by("-effective_from").first())


def policy_union_paths() -> set[str]:
    """The paths of every union that has set a policy: what can owe dues at all (one small query)."""
    with unscoped("which unions have a dues policy: paths only, to skip the rest without a query each"):
        return set(DuesPolicy.objects.order_by().values_list("org__path", flat=True).distinct())


def policy_list(*, viewer, org: Org) -> QuerySet[DuesPolicy]:
    """The policies of `org`'s union (newest first), as the viewer may see them."""
    return scoped(DuesPolicy.objects.filter(org_id=union_of(org).pk), viewer).order_by("-effective_from")


@dataclass(slots=True)
class RollLine:
    person_id: int
    org_id: int
    name: str
    id_number: str
    employee_no: str
    status: str  # DUE or MISSING
    wage_id: int | None  # the wage row the base comes from (its components: wage_components)
    base_fen: int | None  # the sum of the counted components in fen (None: no wage row)
    due: Decimal
    paid: Decimal = ZERO
    wage_month: dt.date | None = None
    flat: bool = False

    @property
    def owed(self) -> Decimal:
        """What is still unpaid (never below 0)."""
        return max(self.due - self.paid, ZERO)

    @property
    def base(self) -> Decimal | None:
        """The base as paid, before any rounding (4368.90)."""
        return None if self.base_fen is None else from_fen(self.base_fen)


@dataclass
class Roll:
    org: Org
    month: dt.date
    policies: dict[int, DuesPolicy | None]  # union pk -> policy in force
    lines: list[RollLine] = field(default_factory=list)
    exempt: int = 0
    orgs: dict[int, tuple[str, str]] = field(default_factory=dict)  # org pk -> (name, path)

    @property
    def components(self) -> list[str]:
        """The counted components (of the first union with a policy: a union's roll has one)."""
        for policy in self.policies.values():
            if policy is not None:
                return list(policy.base_components)
        return []

    @property
    def due_total(self) -> Decimal:
        return sum((line.due for line in self.lines), ZERO)

    @property
    def paid_total(self) -> Decimal:
        return sum((line.paid for line in self.lines), ZERO)

    @property
    def owed_total(self) -> Decimal:
        return sum((line.owed for line in self.lines), ZERO)

    @property
    def members_due(self) -> int:
        return sum(1 for line in self.lines if line.status == DUE)

    @property
    def missing_wages(self) -> int:
        return sum(1 for line in self.lines if line.status == MISSING)

    def line_of(self, person_id: int) -> RollLine | None:
        for line in self.lines:
            if line.person_id == person_id:
                return line
        return None

    def org_name(self, org_id: int) -> str:
        return self.orgs.get(org_id, ("", ""))[0]


def roll(*, org: Org, month: dt.date, person_id: int | None = None) -> Roll:
    """The month's roll of `org`'s subtree: one line per member who owes or whose wages are missing (only
    `person_id`'s, when given)."""
    month = month.replace(day=1)
    on = month_end(month)
    out = Roll(org=org, month=month, policies={})
    with unscoped("the names of the orgs of a subtree read through the scope"):
        out.orgs = {pk: (name, path) for pk, name, path in subtree(org).values_list("pk", "name", "path")}
    for union in unions_of(org):
        policy = out.policies[union.pk] = policy_in_force(union, month)
        if policy is None:
            continue
        part = mark_scoped_org(union, org) if org.kind == OrgKind.FEDERATION else org
        _add_lines(out, part, union, policy, month, on, person_id)
        retained = retained_at(part, on)
        out.exempt += (retained if person_id is None else retained.filter(person_id=person_id)).count()
    return out


def mark_scoped_org(union: Org, org: Org) -> Org:
    """A union below a federation read through the scope stands for its subtree as the federation does."""
    from gonghui.core.scope_guard import fetched_through_scope, mark_fetched

    return mark_fetched(union) if fetched_through_scope(org) else union


def _add_lines(out: Roll, org: Org, union: Org, policy: DuesPolicy, month: dt.date, on: dt.date,
               person_id: int | None = None) -> None:
    members = members_at(org, on) if person_id is None else members_at(org, on).filter(person_id=person_id)
    members = plain_rows(members.order_by("org__path", CodePointOrder("person__name"), "person_id").values_list(
        "person_id", "org_id", "person__name", "person__id_number", "person__employee_no", "person__employment_type"))
    wages = _latest_wages(union, month, list(policy.base_components), {row[0] for row in members})
    paid = _paid(org, month, person_id)
    flats = {k: Decimal(v) for k, v in (policy.flat_amounts or {}).items()}
    rule = DuesRule(policy.rate, policy.rounding)
    tail = rule.tail
    counted: dict[int, Decimal] = {}  # base // tail -> due (the due depends on nothing else): a few hundred
    amounts: dict[int, Decimal] = {}  # due in fen -> due, when every fen of the base counts
    append = out.lines.append
    no_wages = (None, None, None)
    with no_gc():
        for person_id, org_id, name, id_number, employee_no, employment in members:
            wage_id, wage_month, base_fen = wages.get(person_id, no_wages)
            flat = flats.get(employment) if flats else None
            if flat is not None:
                due, status = flat, DUE
            elif base_fen is None:
                due, status = ZERO, MISSING
            else:
                status = DUE
                if tail > 1 and base_fen >= 0:
                    due = counted.get(base_fen // tail)
                    if due is None:
                        due = counted[base_fen // tail] = from_fen(rule.due_fen(base_fen))
                else:
                    due_fen = rule.due_fen(base_fen)
                    due = amounts.get(due_fen)
                    if due is None:
                        due = amounts[due_fen] = from_fen(due_fen)
            append(RollLine(person_id, org_id, name, id_number, employee_no, status, wage_id, base_fen, due,
                            paid.get(person_id, ZERO) if paid else ZERO, wage_month, flat is not None))


FEW = 2000  # members left without a wage row: looked up by person rather than by scanning a month's rows


def _latest_wages(union: Org, month: dt.date, names: list[str], persons: set[int]):
    """{person: (wage row pk, wage month, base in fen)} from each person's latest wage row up to `month`
    among the rows imported into the union: the month's own file in one scan of the (org, month) index (for
    many members; a few are looked up by person); those left without a row there by person, or (many left:
    a month without a file) by scanning the next older month. Each base is `base_read`'s, or
    rules.wage_base_fen of the stored components (the same definition) where the database left it NULL."""
    read = {"b": base_read(names)}
    found: dict[int, tuple] = {}
    with unscoped("the wage rows of the members of an org read through the scope"):
        months = list(WageRow.objects.filter(org_id=union.pk, month__lte=month).order_by("-month")
                      .values_list("month", flat=True).distinct())
        for wage_month in months:
            missing = persons - found.keys() if found else persons
            if not missing:
                break
            if len(missing) <= FEW:
                _by_person(found, union, wage_month, sorted(missing), read)
                break
            rows = plain_rows(WageRow.objects.filter(org_id=union.pk, month=wage_month).order_by().annotate(**read)
                              .values_list("person_id", "pk", "b"))
            if found:
                found.update({p: (pk, wage_month, base) for p, pk, base in rows if p in missing})
            else:  # the first month: rows of non-members too (never asked for)
                found = {p: (pk, wage_month, base) for p, pk, base in rows}
        unknown = [pk for pk, _month, base in found.values() if base is None]
        if unknown:
            bases = bases_by_pk(unknown, names)
            found = {p: (pk, m, bases[pk] if base is None else base) for p, (pk, m, base) in found.items()}
    return found


def _by_person(found: dict, union: Org, upto: dt.date, persons: list[int], read: dict) -> None:
    for start in range(0, len(persons), 900):
        rows = (WageRow.objects.filter(org_id=union.pk, person_id__in=persons[start:start + 900], month__lte=upto)
                .annotate(**read).order_by("person_id", "-month"))
        for person_id, wage_month, wage_id, base in rows.values_list("person_id", "month", "pk", "b"):
            if person_id not in found:
                found[person_id] = (wage_id, wage_month, base)


def bases_by_pk(pks: list[int], names: list[str]) -> dict[int, int]:
    """{wage row pk: rules.wage_base_fen of its components `names` as stored}: the rows whose components the
    database does not add up (a number stored with more decimals, as a JSON number, ...)."""
    extract = {f"c{i}": WageText("columns", name) for i, name in enumerate(names)}
    out = {}
    for start in range(0, len(pks), 900):
        rows = WageRow.objects.filter(pk__in=pks[start:start + 900]).order_by().annotate(**extract)
        out.update({pk: wage_base_fen(raw) for pk, *raw in plain_rows(rows.values_list("pk", *extract))})
    return out


def wage_components(roll: Roll) -> dict[int, tuple[Decimal | None, ...]]:
    """{wage row pk: the roll's counted components as numbers (None for a blank or a text cell)} for the lines
    of `roll` that have a wage row: what the 明细表 shows beside the base (read only when asked for). A month
    many lines come from is read in one scan of its rows, the few other rows by pk."""
    names = roll.components
    extract = {f"c{i}": WageText("columns", name) for i, name in enumerate(names)}
    wanted = {line.wage_id: line.wage_month for line in roll.lines if line.wage_id is not None}
    months = Counter(wanted.values())
    out: dict[int, tuple] = {}
    with unscoped("the wage rows behind the lines of a roll read through the scope"):
        for month in (m for m, n in months.items() if n > FEW):
            rows = WageRow.objects.filter(org_id__in=list(roll.policies), month=month).order_by().annotate(**extract)
            out.update({pk: tuple(decimal_or_none(value) for value in raw)
                        for pk, *raw in plain_rows(rows.values_list("pk", *extract)) if pk in wanted})
        ids = sorted(pk for pk in wanted if pk not in out)
        for start in range(0, len(ids), 900):
            rows = WageRow.objects.filter(pk__in=ids[start:start + 900]).order_by().annotate(**extract)
            out.update({pk: tuple(decimal_or_none(value) for value in raw)
                        for pk, *raw in plain_rows(rows.values_list("pk", *extract))})
    return out


def _paid(org: Org, month: dt.date, person_id: int | None = None) -> dict[int, Decimal]:
    qs = within(DuesPayment.objects.filter(month=month), org).order_by()
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return {pk: Decimal(total).quantize(FEN) for pk, total in
            qs.values("person_id").annotate(total=Sum("amount")).values_list("person_id", "total")}


# --- over several months ------------------------------------------------------------------------------------

def first_policy_month(org: Org) -> dt.date | None:
    with unscoped("the policies of the unions of an org read through the scope"):
        found = (DuesPolicy.objects.filter(org_id__in=[u.pk for u in unions_of(org)])
                 .order_by("effective_from").values_list("effective_from", flat=True).first())
    return found


def months_owed(org: Org, start: dt.date, end: dt.date) -> list[dt.date]:
    """The months of [start, end] that can owe: from the first policy on, up to the current month."""
    first = first_policy_month(org)
    if first is None:
        return []
    today = timezone.localdate()
    last = min(end, month_end(today))
    return [m for m in months_between(max(start, first), last) if month_end(m) >= start and m <= last]


@dataclass
class ArrearsItem:
    person_id: int
    name: str
    id_number: str
    org_id: int
    months: list[dt.date] = field(default_factory=list)
    owed: Decimal = ZERO


def arrears(*, org: Org, as_of: dt.date, min_months: int = 1) -> list[ArrearsItem]:
    """Members who owe for `min_months` months or more up to and including `as_of`'s month: a month counts
    when what was paid for it is less than owed. A list for the officer (the 章程's six-month review is
    min_months=6), never an automatic 退会."""
    first = first_policy_month(org)
    if first is None:
        return []
    items: dict[int, ArrearsItem] = {}
    for month in months_between(first, as_of):
        for line in roll(org=org, month=month).lines:
            if line.status == DUE and line.paid < line.due:
                item = items.get(line.person_id)
                if item is None:
                    item = items[line.person_id] = ArrearsItem(line.person_id, line.name, line.id_number,
                                                               line.org_id)
                item.months.append(month)
                item.owed += line.due - line.paid
                item.org_id = line.org_id
    found = [item for item in items.values() if len(item.months) >= max(1, min_months)]
    return sorted(found, key=lambda item: (-len(item.months), item.name, item.person_id))


@dataclass
class Totals:
    due: Decimal = ZERO
    paid: Decimal = ZERO
    members_due: int = 0
    members_paid: int = 0


def totals(*, org: Org, start: dt.date, end: dt.date) -> Totals:
    """What the indicators report for (org's subtree, period): the months of the period up to this month."""
    owed_by: dict[int, bool] = {}  # person -> paid in full for every month owed so far
    out = Totals()
    for month in months_owed(org, start, end):
        for line in roll(org=org, month=month).lines:
            if line.status != DUE or line.due <= 0:
                continue
            out.due += line.due
            out.paid += line.paid
            owed_by[line.person_id] = owed_by.get(line.person_id, True) and line.paid >= line.due
    out.members_due = len(owed_by)
    out.members_paid = sum(1 for full in owed_by.values() if full)
    return out


def collection_list(*, viewer, org: Org) -> QuerySet[DuesCollection]:
    return scoped(within(DuesCollection.objects.all(), org), viewer).order_by("-paid_on", "-id")


def wage_months(*, viewer, org: Org) -> list[tuple[dt.date, int]]:
    """The months with wage rows imported into `org`'s subtree, newest first, with their row counts."""
    from django.db.models import Count

    qs = scoped(within(WageRow.objects.all(), org), viewer).order_by()
    return [(m, n) for m, n in qs.values("month").annotate(n=Count("pk")).order_by("-month")
            .values_list("month", "n")]


@dataclass
class HistoryMonth:
    month: dt.date
    line: RollLine | None  # None: owed nothing that month (not a member, 保留会籍, left)
    payments: list[DuesPayment]


def member_history(*, person, start: dt.date | None = None, end: dt.date | None = None) -> list[HistoryMonth]:
    """One person's dues month by month (newest first): what was owed, on which base, what was paid.
    `person` was read through the scope (the member themself, or an officer of theirs): their own lines are
    read whatever org their 会籍 sat in."""
    union = union_of(person.org)
    end = end or timezone.localdate()
    with unscoped("the dues lines of one person read through the scope"):
        first = first_policy_month(union)
        if first is None:
            return []
        payments: dict[dt.date, list[DuesPayment]] = {}
        for payment in DuesPayment.objects.filter(person_id=person.pk).order_by("month", "paid_on", "id"):
            payments.setdefault(payment.month, []).append(payment)
        out = []
        for month in months_between(max(first, start or first), end):
            line = roll(org=union, month=month, person_id=person.pk).line_of(person.pk)
            if line is not None or month in payments:
                out.append(HistoryMonth(month, line, payments.get(month, [])))
    return out[::-1]
