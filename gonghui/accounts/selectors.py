"""Reads of accounts and the audit trail, scoped like everything else."""

from __future__ import annotations

from django.db.models import QuerySet

from gonghui.accounts.models import Grant, User
from gonghui.accounts.roles import ACCOUNT_ROLES
from gonghui.accounts.scoping import scoped
from gonghui.core.models import AuditEvent


def user_list(*, viewer) -> QuerySet[User]:
    """Accounts holding a grant inside the subtrees the viewer administers."""
    ids = scoped(Grant.objects.all(), viewer, roles=ACCOUNT_ROLES).values("user_id")
    if viewer.is_superuser:
        return User.objects.order_by("username")
    return User.objects.filter(pk__in=ids).order_by("username")


def audit_for(*, viewer, obj) -> QuerySet[AuditEvent]:
    """The trail of one record, as far as the viewer's scope reaches."""
    qs = AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))
    return scoped(qs, viewer).order_by("-at", "-id")
