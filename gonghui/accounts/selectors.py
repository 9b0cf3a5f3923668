"""Reads of accounts and the audit trail, scoped like everything else."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.accounts.models import ApiToken, Grant, User
from gonghui.accounts.roles import ACCOUNT_ROLES
from gonghui.accounts.scoping import scoped
from gonghui.core.models import AuditEvent
from gonghui.core.periods import Period
from gonghui.orgs.tree import subtree_q


def user_list(*, viewer) -> QuerySet[User]:
    """Accounts holding a grant inside the subtrees the viewer administers."""
    ids = scoped(Grant.objects.all(), viewer, roles=ACCOUNT_ROLES).values("user_id")
    if viewer.is_superuser:
        return User.objects.order_by("username")
    return User.objects.filter(pk__in=ids).order_by("username")


def token_list(*, viewer, user: User | None = None) -> QuerySet[ApiToken]:
    """API tokens the viewer may see: their own, and those of the accounts they administer (`user_list`).
    `user` narrows to one account."""
    own = ApiToken.objects.filter(user_id=viewer.pk) if viewer.pk else ApiToken.objects.none()
    managed = ApiToken.objects.filter(user__in=user_list(viewer=viewer))
    qs = (own | managed).select_related("user")
    if user is not None:
        qs = qs.filter(user=user)
    return qs.order_by("revoked", "-created_at")


def audit_for(*, viewer, obj) -> QuerySet[AuditEvent]:
    """The trail of one record, as far as the viewer's scope reaches."""
    qs = AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))
    return scoped(qs, viewer).order_by("-at", "-id")


def audit_list(*, viewer, period: Period, org=None) -> QuerySet[AuditEvent]:
    """The trail of the subtrees the viewer administers (or of `org` within them), `period` in local dates,
    oldest first."""
    qs = scoped(AuditEvent.objects.all(), viewer, roles=ACCOUNT_ROLES)
    if org is not None:
        qs = qs.filter(subtree_q(org.path, AuditEvent.scope_org))
    start = timezone.make_aware(dt.datetime.combine(period.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min))
    return qs.filter(at__gte=start, at__lt=end).order_by("at", "id")


def user_get(*, viewer, pk) -> User:
    """One account the viewer administers: 404 otherwise (same answer as a missing one)."""
    from django.http import Http404

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    user = user_list(viewer=viewer).filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


def grant_list(*, viewer, user: User) -> QuerySet[Grant]:
    """The user's grants on orgs the viewer administers (grants elsewhere stay hidden)."""
    qs = Grant.objects.filter(user=user).select_related("org")
    return scoped(qs, viewer, roles=ACCOUNT_ROLES).order_by("org__path", "role")


def grant_get(*, viewer, user: User, pk) -> Grant:
    from django.http import Http404

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    grant = grant_list(viewer=viewer, user=user).filter(pk=pk).first()
    if grant is None:
        raise Http404
    return grant
