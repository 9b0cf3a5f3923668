"""Reads of activities. An officer reads those of their scope; a member reads those open to them: published
for their own org or one above it (not a subtree read, so they are fetched by the member's own org's lineage)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from gonghui.accounts.scoping import get_for, scoped
from gonghui.activities.models import Activity, Signup
from gonghui.core.scope_guard import mark_scoped, unscoped
from gonghui.orgs.tree import ancestor_paths
from gonghui.people.models import MembershipEvent, Person

JOIN_KINDS = (MembershipEvent.Kind.JOIN, MembershipEvent.Kind.TRANSFER_IN, MembershipEvent.Kind.RESTORE)

COUNTS = {"signed_up": Count("signups", filter=Q(signups__signed_up_at__isnull=False)),
          "checked_in": Count("signups", filter=Q(signups__checked_in_at__isnull=False))}


def activity_list(*, viewer, status: str = "") -> QuerySet[Activity]:
    qs = scoped(Activity.objects.select_related("org"), viewer).annotate(**COUNTS)
    return qs.filter(status=status) if status else qs


def _member_person(viewer) -> Person | None:
    if not getattr(viewer, "person_id", None):
        return None
    with unscoped("the viewer's own person"):
        return Person.objects.select_related("org").filter(pk=viewer.person_id).first()


def activities_for_member(*, viewer) -> QuerySet[Activity]:
    """Activities published for the member's org or an org above it (newest first)."""
    person = _member_person(viewer)
    if person is None:
        return mark_scoped(Activity.objects.none())
    with unscoped("activities published for the member's own org and the orgs above it"):
        qs = Activity.objects.filter(org__path__in=ancestor_paths(person.org.path, including_self=True))
    return mark_scoped(qs.select_related("org").annotate(**COUNTS))


def activity_get(*, viewer, pk, member: bool = False) -> Activity:
    """An activity of the viewer's read scope (the services check writing); with `member`, also one open to
    the member (published for their org or above). 404 otherwise."""
    try:
        return get_for(viewer, Activity.objects.select_related("org"), pk)
    except Http404:
        if not member:
            raise
    found = activities_for_member(viewer=viewer).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


def activity_rows(activity: Activity) -> list[Signup]:
    """Everybody at an activity (signed up or checked in; not those only waiting) with their org, by name:
    the check-in list and the 签到表. The activity was fetched through the viewer's scope."""
    with unscoped("the rows of an activity the viewer may read"):
        return list(Signup.objects.filter(activity=activity).filter(
            Q(signed_up_at__isnull=False) | Q(checked_in_at__isnull=False))
            .select_related("person", "person__org").order_by("person__org__path", "person__name"))


def waiting_rows(activity: Activity) -> list[Signup]:
    """The waiting list (候补) in order."""
    with unscoped("the waiting list of an activity the viewer may read"):
        return list(Signup.objects.filter(activity=activity, signed_up_at__isnull=True, waitlisted_at__isnull=False)
                    .select_related("person", "person__org").order_by("waitlisted_at", "pk"))


def my_signups(*, viewer) -> dict[int, Signup]:
    """The member's own rows by activity id."""
    if not getattr(viewer, "person_id", None):
        return {}
    return {s.activity_id: s for s in scoped(Signup.objects.all(), viewer).filter(person_id=viewer.person_id)}


def member_since(person: Person):
    """The date of the person's latest 入会/转入/恢复 (their current 会籍 began then), for the 会员证."""
    with unscoped("the membership events of a person the caller read through the scope"):
        return (MembershipEvent.objects.filter(person=person, kind__in=JOIN_KINDS)
                .order_by("-date", "-id").values_list("date", flat=True).first())


def signed_person(pk: int) -> Person | None:
    """The person a code this install signed names (the signature stands for the right to read them), or None."""
    with unscoped("the person named by a code this install signed"):
        return Person.objects.select_related("org").filter(pk=pk).first()
