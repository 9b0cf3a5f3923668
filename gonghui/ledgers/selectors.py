"""Reads of the ledgers, scoped. The list pages, exports, API and the drill-down behind a report number
all use `entry_list`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from gonghui.accounts.scoping import get_for, scoped
from gonghui.ledgers.kinds import Kind
from gonghui.ledgers.models import WithParticipants
from gonghui.orgs.models import Org


def entry_list(
    *, viewer, kind: Kind, org: Org | None = None, start: dt.date | None = None, end: dt.date | None = None,
    status: str = "",
) -> QuerySet:
    qs = scoped(kind.model.objects.select_related("org"), viewer)
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    if status and kind.status_field:
        qs = qs.filter(**{kind.status_field: status})
    return qs.order_by("-date", "-id")


def entry_get(*, viewer, kind: Kind, pk, write: bool = False):
    return get_for(viewer, kind.model.objects.select_related("org"), pk, write=write)


def entry_totals(qs: QuerySet, kind: Kind) -> dict:
    """Count, 人次 and money sums of a filtered list, in one query."""
    aggregates = {"count": Count("id")}
    if issubclass(kind.model, WithParticipants) or kind.code == "aid":
        aggregates["person_times"] = Sum("person_times")
    for name in kind.money_fields:
        aggregates[name] = Sum(name)
    row = qs.order_by().aggregate(**aggregates)
    for name in kind.money_fields:
        row[name] = row[name] if row[name] is not None else Decimal("0.00")
    if "person_times" in row and row["person_times"] is None:
        row["person_times"] = 0
    return row
