"""The shapes of Measure the definitions are built from.

"In force at a date": started on or before it and not ended before it (an end date equal to it still
counts). Ledger entries belong to the org subtree by the entry's org; people by their current org;
membership by the org that held the 会籍 at the event.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from gonghui.indicators.registry import Measure
from gonghui.orgs.tree import subtree_q


def in_period(model, org, period, field="date"):
    return model.objects.filter(subtree_q(org.path, "org__"), **{f"{field}__gte": period.start,
                                                                   f"{field}__lte": period.end})


def in_force(model, org, on: dt.date, start="date", end=None):
    q = subtree_q(org.path, "org__") & Q(**{f"{start}__lte": on})
    if end:
        q &= Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on})
    return model.objects.filter(q)


def sum_of(qs, field, where=None):
    return Measure(qs, "sum", field, where)


def count(qs, where=None, path="org__path"):
    return Measure(qs, where=where, path=path)


def flow(model, org, period, where=None, op="count", field="pk"):
    """The entries dated in the period: a flow (`date`), so the registry may count several periods at once."""
    return Measure(in_period(model, org, period), op, field, where, date="date")
