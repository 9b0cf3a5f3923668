"""What lies behind a number: the drill-down from any indicator value to its entries or people.

    trace = trace_entries(viewer=user, code="meetings", org=org, period=period)
    trace.items        # a queryset: ledger entries, people, 会籍 events, orgs or positions, in the viewer's scope
    len(trace)         # for a count indicator: equals registry.compute(org, period)[code]
    trace.total()      # the number the items add up to (the count, or the sum of `sum_field`)

Nothing is defined here a second time: the items are the rows of the indicator's own `Measure` (its QuerySet
under its `where`), read through the selector of their model in the viewer's scope — ledger entries through
`ledgers.selectors.entry_list` (the list pages' selector), people through `people.selectors.person_list`,
orgs through `orgs.selectors.org_list`, 会籍 events and positions through `scoped`. A sum lists the rows and
adds up the measure's field; a distinct count (帮扶户数) lists the distinct people the field points to.
An indicator without a Measure of its own (入会率, a rate of two others) has nothing to list. The ledger list
page is offered as the same list when its filter (org, period [, status]) is the measure's, condition for
condition.

Everything is read in the viewer's scope. A viewer who can read the org reads its whole subtree, so for
them the list is complete; a narrower viewer (or a person moved out of the subtree since) sees fewer rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Model, Q, QuerySet, Sum
from django.db.models.sql.where import AND, WhereNode

from gonghui.accounts.scoping import SYSTEM, scoped
from gonghui.core.periods import Period
from gonghui.indicators.registry import INDICATORS, MONEY, Indicator, Measure
from gonghui.ledgers.kinds import KINDS, PERSON, PERSON_OR_ORG, TEXT, Kind
from gonghui.ledgers.selectors import entry_list
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_list
from gonghui.people.models import MembershipEvent, Person, Position
from gonghui.people.selectors import person_list

# What the items of a trace are.
ENTRIES, PEOPLE, MEMBERS, EVENTS, ORGS, POSITIONS = "entries", "people", "members", "events", "orgs", "positions"

# 会籍 events are listed as members in force at period end (in name order), except for these flows, which
# are the events of the period (in date order). How the page shows them, not what they count.
FLOWS = frozenset({"members_joined", "members_transferred_in", "members_transferred_out", "members_left"})


class NotTraceable(LookupError):
    """The indicator has nothing to list by itself (入会率 is members ÷ workers: trace those two)."""


@dataclass
class Trace:
    indicator: Indicator
    subject: str  # ENTRIES, PEOPLE, MEMBERS (会籍 in force), EVENTS (会籍 events), ORGS or POSITIONS
    items: QuerySet
    kind: Kind | None = None  # the ledger kind, for ENTRIES
    sum_field: str = ""  # the value is the sum of this field over the items (人次, 金额, 覆盖职工数)
    ledger_status: str = ""  # the ledger list page shows the same entries with this status filter
    ledger_list: bool = False  # the ledger list page (org + period [+ status]) shows exactly these entries

    def __len__(self) -> int:
        return self.items.count()

    def total(self):
        """What the items add up to: their number, or the sum of `sum_field` (Decimal for money)."""
        if not self.sum_field:
            return len(self)
        total = self.items.order_by().aggregate(total=Sum(self.sum_field))["total"]
        if self.indicator.kind == MONEY:
            return Decimal(total or 0).quantize(Decimal("0.01"))
        return int(total or 0)


def traceable(code: str) -> bool:
    return code in INDICATORS and INDICATORS[code].ratio is None and INDICATORS[code].traceable


def trace_entries(*, viewer, code: str, org: Org, period: Period) -> Trace:
    """The entries (or people, orgs, positions) behind indicator `code` for the org's subtree and the period,
    in the viewer's scope. KeyError for an unknown code; NotTraceable for 入会率."""
    if not traceable(code):
        if code not in INDICATORS:
            raise KeyError(code)
        raise NotTraceable(code)
    ind = INDICATORS[code]
    measure = ind.fn(org, period)
    if not isinstance(measure, Measure):
        raise NotTraceable(code)
    viewer = SYSTEM if viewer is None else viewer  # None: the whole subtree of the org asked for
    rows = measure.qs if measure.where is None else measure.qs.filter(measure.where)
    if measure.op == "count" and measure.field != "pk":
        rows = rows.filter(**{f"{measure.field}__isnull": False})  # Count(field) skips empty ones
    subject, items, kind = _read(viewer, rows.model, code)
    items = items.filter(pk__in=rows.order_by().values("pk"))
    if measure.op == "distinct":  # the distinct things the field points to, each once
        subject, target, kind = _read(viewer, rows.model._meta.get_field(measure.field).related_model, code)
        return Trace(ind, subject, target.filter(pk__in=items.order_by().values(measure.field)), kind)
    trace = Trace(ind, subject, items, kind, sum_field=measure.field if measure.op == "sum" else "")
    if kind is not None:
        status = _status_of(measure.where, kind)
        page = entry_list(viewer=SYSTEM, kind=kind, org=org, start=period.start, end=period.end, status=status)
        trace.ledger_list = _conditions(rows) == _conditions(page)
        trace.ledger_status = status if trace.ledger_list else ""
    return trace




KIND_OF_MODEL = {kind.model: kind for kind in KINDS.values()}


def _read(viewer, model: type[Model], code: str) -> tuple[str, QuerySet, Kind | None]:
    """(subject, every row of `model` the viewer may read, in the order the page lists them, ledger kind)."""
    if model in KIND_OF_MODEL:
        return ENTRIES, entry_list(viewer=viewer, kind=KIND_OF_MODEL[model]), KIND_OF_MODEL[model]
    if model is Person:
        return PEOPLE, person_list(viewer=viewer), None
    if model is Org:
        return ORGS, org_list(viewer=viewer), None
    if model is Position:
        qs = scoped(Position.objects.select_related("person", "org"), viewer)
        return POSITIONS, qs.order_by("org__path", "person__name_pinyin", "id"), None
    if model is MembershipEvent:
        # A 会籍 row belongs to the org that holds the 会籍 (the event's org, which the registry counts by) as
        # well as to the person's current org: a reader of either sees it, so the list matches the number
        # after a person was moved without a 转出 event.
        qs = MembershipEvent.objects.select_related("person", "person__org", "org")
        qs = scoped(qs, viewer) | qs.filter(org__in=scoped(Org.objects.all(), viewer).values("pk"))
        if code in FLOWS:
            return EVENTS, qs.order_by("date", "id"), None
        return MEMBERS, qs.order_by("person__name_pinyin", "id"), None
    raise NotTraceable(code)


def _conditions(qs: QuerySet) -> frozenset:
    """The conditions a query ANDs together, each compiled to SQL: two queries of a model with the same set
    select the same rows, whatever order their filters were written in."""
    compiler = qs.query.get_compiler(qs.db)
    out, todo = set(), [qs.query.where]
    while todo:
        node = todo.pop()
        if isinstance(node, WhereNode) and node.connector == AND and not node.negated:
            todo += node.children
        else:
            sql, params = compiler.compile(node)
            out.add((sql, tuple(map(str, params))))
    return frozenset(out)


def _status_of(where: Q | None, kind: Kind) -> str:
    """The value when the measure's `where` is only `status == value` (the ledger page's filter), else ""."""
    children = where.children if isinstance(where, Q) and not where.negated else []
    if kind.status_field and len(children) == 1 and isinstance(children[0], tuple):
        field, value = children[0]
        if field in (kind.status_field, f"{kind.status_field}__exact"):
            return str(value)
    return ""


# --- labels shared by the page and the API ---------------------------------------------------------------

def entry_label(kind: Kind, entry) -> str:
    """A short name of an entry: its required naming columns (会议名称, 主题, 受助人 …), else the kind."""
    parts = []
    for col in kind.columns:
        if not col.required or col.type not in (TEXT, PERSON, PERSON_OR_ORG):
            continue
        if col.type == PERSON:
            target = getattr(entry, col.field)
            parts.append(target.name if target else "")
        elif col.type == PERSON_OR_ORG:
            target = entry.recipient_person or entry.recipient_org
            parts.append(target.name if target else "")
        else:
            parts.append(str(getattr(entry, col.field) or ""))
        if len(parts) == 2:
            break
    return " · ".join(p for p in parts if p) or kind.label


__all__ = [
    "ENTRIES",
    "EVENTS",
    "MEMBERS",
    "ORGS",
    "PEOPLE",
    "POSITIONS",
    "NotTraceable",
    "Trace",
    "entry_label",
    "trace_entries",
    "traceable",
]
