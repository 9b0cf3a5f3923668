"""Reads of the org tree. Callers pass a queryset already narrowed by accounts.scoping."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from gonghui.orgs.models import Org


def subtree_q(path: str, prefix: str = "") -> Q:
    """"This org and everything below it" as one indexed prefix filter on the materialised path."""
    return Q(**{f"{prefix}path__startswith": path})


def orgs_in_force_q(on: dt.date, prefix: str = "") -> Q:
    """Orgs existing on a date: founded on or before it (or unknown), not dissolved before it."""
    p = prefix
    return (Q(**{f"{p}founded_on__isnull": True}) | Q(**{f"{p}founded_on__lte": on})) & (
        Q(**{f"{p}dissolved_on__isnull": True}) | Q(**{f"{p}dissolved_on__gte": on})
    )


def org_ancestors(org: Org) -> QuerySet[Org]:
    steplen = Org.steplen
    paths = [org.path[:i] for i in range(steplen, len(org.path), steplen)]
    return Org.objects.filter(path__in=paths).order_by("depth")
