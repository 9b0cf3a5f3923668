"""Reads of 入会 applications: the public side (an org's join page, the applicant's own status) and the
officers' review queue, which starts from the scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.roles import FULL_ID_ROLES, FULL_PHONE_ROLES
from gonghui.accounts.scoping import get_for, scope_of, scoped
from gonghui.core import idcard
from gonghui.core.masking import mask_id_number, mask_mobile
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.tree import subtree_q, within
from gonghui.people.models import JoinApplication

JOINABLE_KINDS = (OrgKind.UNION, OrgKind.BRANCH)


def join_org(code: str) -> Org:
    """The union or branch of a public join page, by its code: 404 for anything else. Only its name is shown,
    and anyone may apply, so nobody's scope is asked."""
    with unscoped("a union's public join page: its name is public"):
        org = Org.objects.filter(code=(code or "").strip().upper(), kind__in=JOINABLE_KINDS,
                                 status="active").first()
    if org is None:
        raise Http404
    return mark_fetched(org)


@dataclass(frozen=True)
class JoinStatus:
    """What the applicant sees of their own latest application, and nothing else."""

    status: str
    status_label: str
    org_name: str
    submitted_on: dt.date
    due_on: dt.date
    reason: str


def join_status(*, id_number: str, mobile: str) -> JoinStatus | None:
    """The latest application with this ID number *and* mobile, or None (also for malformed input)."""
    try:
        number = idcard.parse(id_number).number
    except ValidationError:  # a malformed number simply matches nothing
        return None
    mobile = "".join(ch for ch in str(mobile or "") if ch.isdigit())
    with unscoped("the applicant's own application, found by two facts only they know"):
        found = (JoinApplication.objects.select_related("org").filter(id_number=number, mobile=mobile)
                 .order_by("-submitted_at", "-id").first())
    if found is None:
        return None
    return JoinStatus(found.status, found.get_status_display(), found.org.name,
                      timezone.localtime(found.submitted_at).date(), found.due_on, found.reason)


def join_application_list(*, viewer, org: Org | None = None, status: str = "") -> QuerySet[JoinApplication]:
    """The review queue: applications to orgs the viewer may read (in `org`'s subtree when given), oldest due
    first."""
    qs = scoped(JoinApplication.objects.select_related("org", "decided_by"), viewer)
    if org is not None:
        qs = within(qs, org)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "id") if status == JoinApplication.Status.PENDING else qs.order_by(
        "-submitted_at", "-id")


def join_application_get(*, viewer, pk, write: bool = False) -> JoinApplication:
    return get_for(viewer, JoinApplication.objects.select_related("org", "decided_by", "person"), pk, write=write)


def shown_numbers(viewer, application: JoinApplication) -> tuple[str, str]:
    """(ID number, mobile) as this viewer may see them: in full for the roles that see them on the roster
    (accounts.roles), masked (core.masking) for everybody else."""
    scope = scope_of(viewer)
    path = application.org.path
    return (application.id_number if scope.covers(path, FULL_ID_ROLES) else mask_id_number(application.id_number),
            application.mobile if scope.covers(path, FULL_PHONE_ROLES) else mask_mobile(application.mobile))


def join_target_orgs(*, viewer, application: JoinApplication) -> QuerySet[Org]:
    """Where an approval may register the person: the applied-to org and its branches and groups that the
    viewer may write."""
    from gonghui.orgs.selectors import org_write_list

    return org_write_list(viewer=viewer).filter(subtree_q(application.org.path, ""))
