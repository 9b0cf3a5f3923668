"""The writes of activities: publish, sign up and cancel (the member), check in and close (the officer).
Closing writes the ledger entry through ledgers.services.entry_save, its participants those checked in."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.activities.models import Activity, ActivityKind, Signup
from gonghui.core import audit
from gonghui.core.scope_guard import unscoped
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.rights import can_write_ledgers
from gonghui.ledgers.services import entry_save
from gonghui.orgs.models import Org
from gonghui.people.models import Person

# The kind's naming column (会议名称, 主题, 活动名称, 名称).
TITLE_FIELD = {"meeting": "title", "study": "topic", "culture": "title", "women": "title"}
FEMALE = "F"


class Refused(ValidationError):
    """The activity cannot take this step now (full, closed, past its deadline, not for this person):
    the API answers 409."""


def category_choices(kind: str):
    """The choices of the kind's type column (会议类型, 类型, 组织方式)."""
    ledger_kind = get_kind(kind)
    return ledger_kind.column(ledger_kind.status_field).choices


def _check_write(actor, org: Org) -> None:
    if not can_write_ledgers(actor, org):
        raise PermissionDenied


@transaction.atomic
def activity_publish(
    *, actor, org: Org, kind: str, title: str, date: dt.date, signup_until: dt.date, category: str = "",
    start_time: dt.time | None = None, place: str = "", women_only: bool = False, quota: int | None = None,
) -> Activity:
    _check_write(actor, org)
    errors: dict[str, str] = {}
    if kind not in ActivityKind.values:
        errors["kind"] = _("台账类别应为：%(all)s。") % {
            "all": "、".join(f"{v}（{label}）" for v, label in ActivityKind.choices)}
    else:
        choices = category_choices(kind)
        category = (category or "").strip() or choices.values[0]
        if category not in choices.values:
            errors["category"] = _("类型应为：%(all)s。") % {"all": "、".join(f"{v}（{lb}）" for v, lb in choices.choices)}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("请填写活动名称。")
    if date and signup_until and signup_until > date:
        errors["signup_until"] = _("报名截止日期不能晚于活动日期。")
    if quota is not None and quota < 1:
        errors["quota"] = _("名额至少为1；不限名额请不填。")
    if errors:
        raise ValidationError(errors)
    activity = Activity(org=org, kind=kind, category=category, title=title, date=date, signup_until=signup_until,
                        start_time=start_time, place=(place or "").strip(), women_only=women_only, quota=quota,
                        created_by=actor if getattr(actor, "pk", None) else None)
    activity.full_clean(exclude=["org", "created_by"])
    activity.save()
    audit.record(actor=actor, action="create", obj=activity, org_path=org.path,
                 changes={"title": [None, title], "kind": [None, kind], "date": [None, str(date)]})
    return activity


def _locked(activity: Activity) -> Activity:
    with unscoped("the activity was fetched through the viewer's scope; locked again to count its places"):
        return Activity.objects.select_for_update().select_related("org").get(pk=activity.pk)


def _signup_of(activity: Activity, person_id: int) -> Signup | None:
    with unscoped("the signup of one person at an activity already checked"):
        return Signup.objects.filter(activity=activity, person_id=person_id).first()


def signed_up_count(activity: Activity) -> int:
    with unscoped("places taken at an activity the viewer may see"):
        return Signup.objects.filter(activity=activity, signed_up_at__isnull=False).count()


def _open_for_signup(activity: Activity) -> None:
    if activity.status == Activity.Status.CLOSED:
        raise Refused(_("活动已结束，不能再报名或取消。"), code="closed")
    if timezone.localdate() > activity.signup_until:
        raise Refused(_("报名已于%(d)s截止。") % {"d": activity.signup_until.isoformat()}, code="deadline")


def _member_of(actor) -> Person:
    if not getattr(actor, "person_id", None):
        raise ValidationError(_("您的账号没有关联职工档案，不能报名；请联系工会干事。"), code="no_person")
    with unscoped("the actor's own person"):
        return Person.objects.select_related("org").get(pk=actor.person_id)


def may_sign_up(activity: Activity, person: Person) -> bool:
    """The person belongs to the activity's org or below it."""
    return person.org.path.startswith(activity.org.path)


@transaction.atomic
def signup_add(*, actor, activity: Activity) -> Signup:
    person = _member_of(actor)
    activity = _locked(activity)
    if not may_sign_up(activity, person):
        raise PermissionDenied
    _open_for_signup(activity)
    if activity.women_only and person.gender != FEMALE:
        raise Refused(_("本活动仅限女职工报名。"), code="women_only")
    signup = _signup_of(activity, person.pk)
    if signup is not None and signup.signed_up_at:
        return signup
    if activity.quota is not None and signed_up_count(activity) >= activity.quota:
        raise Refused(_("名额已满（%(n)d人），不能再报名。") % {"n": activity.quota}, code="full")
    if signup is None:
        signup = Signup(activity=activity, person=person)
    signup.signed_up_at = timezone.now()
    signup.save()
    audit.record(actor=actor, action="create", obj=signup, org_path=activity.org.path,
                 object_repr=f"{person.name} 报名 {activity.title}"[:200])
    return signup


@transaction.atomic
def signup_cancel(*, actor, activity: Activity) -> None:
    person = _member_of(actor)
    activity = _locked(activity)
    _open_for_signup(activity)
    signup = _signup_of(activity, person.pk)
    if signup is None or not signup.signed_up_at:
        raise Refused(_("您没有报名这个活动。"), code="not_signed_up")
    if signup.checked_in_at:
        raise Refused(_("您已签到，不能取消报名。"), code="checked_in")
    audit.record(actor=actor, action="delete", obj=signup, org_path=activity.org.path,
                 object_repr=f"{person.name} 取消报名 {activity.title}"[:200])
    signup.delete()


@transaction.atomic
def checkin_add(*, actor, activity: Activity, person: Person) -> Signup:
    _check_write(actor, activity.org)
    activity = _locked(activity)
    if activity.status == Activity.Status.CLOSED:
        raise Refused(_("活动已结束，签到名单不能再改。"), code="closed")
    if not may_sign_up(activity, person):
        raise ValidationError({"person": _("%(p)s不在本活动的范围（%(o)s）内。") % {
            "p": person.name, "o": activity.org.name}})
    signup = _signup_of(activity, person.pk) or Signup(activity=activity, person=person)
    if signup.checked_in_at is None:
        signup.checked_in_at = timezone.now()
        signup.checked_in_by = actor if getattr(actor, "pk", None) else None
        signup.save()
        audit.record(actor=actor, action="update", obj=signup, org_path=activity.org.path,
                     object_repr=f"{person.name} 签到 {activity.title}"[:200])
    return signup


@transaction.atomic
def checkin_remove(*, actor, activity: Activity, person: Person) -> None:
    _check_write(actor, activity.org)
    activity = _locked(activity)
    if activity.status == Activity.Status.CLOSED:
        raise Refused(_("活动已结束，签到名单不能再改。"), code="closed")
    signup = _signup_of(activity, person.pk)
    if signup is None or signup.checked_in_at is None:
        return
    audit.record(actor=actor, action="update", obj=signup, org_path=activity.org.path,
                 object_repr=f"{person.name} 撤销签到 {activity.title}"[:200])
    if signup.signed_up_at is None:
        signup.delete()
    else:
        signup.checked_in_at = None
        signup.checked_in_by = None
        signup.save()


@transaction.atomic
def checkins_set(*, actor, activity: Activity, persons) -> None:
    """The list page: exactly `persons` are checked in among those listed (signed up or checked in)."""
    _check_write(actor, activity.org)
    wanted = {p.pk: p for p in persons}
    with unscoped("the rows of an activity the officer may write"):
        rows = list(Signup.objects.filter(activity=activity).select_related("person"))
    for row in rows:
        if row.checked_in_at and row.person_id not in wanted:
            checkin_remove(actor=actor, activity=activity, person=row.person)
    for person in wanted.values():
        checkin_add(actor=actor, activity=activity, person=person)


@transaction.atomic
def activity_close(*, actor, activity: Activity):
    """Write the ledger entry (participants = those checked in, 人次 from them) and close the activity."""
    _check_write(actor, activity.org)
    activity = _locked(activity)
    if activity.status == Activity.Status.CLOSED:
        raise Refused(_("活动已经结束，台账记录已生成。"), code="closed")
    with unscoped("the people checked in at an activity the officer may write"):
        people = [s.person for s in Signup.objects.filter(activity=activity, checked_in_at__isnull=False)
                  .select_related("person").order_by("person__name")]
    kind = get_kind(activity.kind)
    values = {"date": activity.date, kind.status_field: activity.category, TITLE_FIELD[activity.kind]: activity.title,
              "participant_count": len(people),
              "notes": _("由活动报名签到生成（%(p)s）") % {"p": activity.place} if activity.place else _("由活动报名签到生成")}
    entry = entry_save(actor=actor, kind=kind, org=activity.org, values=values, participants=people)
    activity.status = Activity.Status.CLOSED
    activity.entry_id = entry.pk
    activity.save(update_fields=["status", "entry_id"])
    audit.record(actor=actor, action="update", obj=activity, org_path=activity.org.path,
                 changes={"status": ["open", "closed"], "entry": [None, entry.pk]})
    return entry
