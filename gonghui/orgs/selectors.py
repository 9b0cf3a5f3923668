"""The viewer-aware reads of the org tree: what a user may see of it. These sit above accounts (floor 3);
the tree itself, with no viewer, is orgs.tree (floor 1)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gonghui.accounts.roles import ACCOUNT_ROLES
from gonghui.accounts.scoping import get_for, home_org_paths, scope_of, scoped
from gonghui.orgs.models import Org, OrgRating
from gonghui.orgs.tree import ancestor_paths, subtree_q


def org_list(*, viewer, under: Org | None = None, kind: str = "", active_only: bool = False) -> QuerySet[Org]:
    qs = scoped(Org.objects.all(), viewer)
    if under is not None:
        qs = qs.filter(subtree_q(under.path))
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(status=Org.Status.ACTIVE)
    return qs.order_by("path")


def org_children(*, viewer, org: Org) -> QuerySet[Org]:
    return org_list(viewer=viewer, under=org).filter(depth=org.depth + 1)


def org_get(*, viewer, pk=None, code: str | None = None, write: bool = False) -> Org:
    """One org by id or code: 404 outside the viewer's scope, 403 when readable only."""
    if code is not None:
        found = scoped(Org.objects.filter(code=code.strip().upper()), viewer).values_list("pk", flat=True).first()
        if found is None:
            raise Http404
        pk = found
    return get_for(viewer, Org.objects.all(), pk, write=write)


def org_roots(*, viewer) -> QuerySet[Org]:
    """The top-most orgs the viewer can read: where the tree starts for them."""
    if scope_of(viewer).everything:
        return scoped(Org.objects.filter(depth=1), viewer).order_by("path")
    return scoped(Org.objects.filter(path__in=home_org_paths(viewer)), viewer).order_by("path")


def org_write_list(*, viewer, active_only: bool = True) -> QuerySet[Org]:
    """Orgs the viewer may write (admin/officer): choices for "move to" and "create under"."""
    qs = scoped(Org.objects.all(), viewer, write=True)
    if active_only:
        qs = qs.filter(status=Org.Status.ACTIVE)
    return qs.order_by("path")


def org_manage_list(*, viewer) -> QuerySet[Org]:
    """Active orgs where the viewer administers accounts: choices for a grant."""
    from gonghui.accounts.scoping import scoped

    return scoped(Org.objects.filter(status=Org.Status.ACTIVE), viewer, roles=ACCOUNT_ROLES).order_by("path")


def org_lineage(*, viewer, org: Org, write: bool = False) -> QuerySet[Org]:
    """The org and its ancestors, as far as the viewer reaches (write=True: those it may write)."""

    paths = ancestor_paths(org.path, including_self=True)
    return scoped(Org.objects.filter(path__in=paths), viewer, write=write).order_by("depth")


def org_ratings(org: Org) -> QuerySet:
    return OrgRating.objects.filter(org=org).order_by("-year", "home", "level")


FILTER_CHOICES_MAX = 200


def org_filter_choices(*, viewer, selected_code: str = "") -> list[Org]:
    """Orgs offered in a filter drop-down: the viewer's top orgs and two levels below (one level when
    that is too many for a drop-down — a federation of 50 unions), plus the one already chosen."""

    paths = home_org_paths(viewer)
    if not scope_of(viewer).everything and not paths:
        return []
    top = 1 if scope_of(viewer).everything else min(len(p) for p in paths) // Org.steplen
    orgs = list(org_list(viewer=viewer, active_only=True).filter(depth__lte=top + 2)[: FILTER_CHOICES_MAX + 1])
    if len(orgs) > FILTER_CHOICES_MAX:
        orgs = list(org_list(viewer=viewer, active_only=True).filter(depth__lte=top + 1)[:FILTER_CHOICES_MAX])
    if selected_code and all(o.code != selected_code.upper() for o in orgs):
        chosen = org_list(viewer=viewer).filter(code=selected_code.strip().upper()).first()
        if chosen is not None:
            orgs.append(chosen)
    return orgs
