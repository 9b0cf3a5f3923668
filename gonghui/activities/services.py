"""The writes of activities: publish, sign up (or join the waiting list) and cancel (the member), check in by
ticking, by ID number or by a scanned signed code, and close (the officer). Closing writes the ledger entry
through ledgers.services.entry_save, its participants those checked in, the 签到表 attached."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gonghui.activities.cards import EXPIRED, INVALID, VALID, own_card_check
from gonghui.activities.models import Activity, ActivityKind, Signup
from gonghui.activities.scan import decode_image
from gonghui.activities.selectors import activity_rows, signed_person
from gonghui.activities.sheet import sheet_upload
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
def signup_add(*, actor, activity: Activity, waitlist: bool = False) -> Signup:
    """Sign the member up. Over the quota: Refused("full"), or with `waitlist` a place on the waiting list
    (the row has waitlisted_at and no signed_up_at; `waiting_position` tells where). Idempotent."""
    person = _member_of(actor)
    activity = _locked(activity)
    if not may_sign_up(activity, person):
        raise PermissionDenied
    _open_for_signup(activity)
    if activity.women_only and person.gender != FEMALE:
        raise Refused(_("本活动仅限女职工报名。"), code="women_only")
    signup = _signup_of(activity, person.pk)
    if signup is not None and (signup.signed_up_at or signup.waitlisted_at):
        return signup
    if signup is None:
        signup = Signup(activity=activity, person=person)
    if activity.quota is not None and signed_up_count(activity) >= activity.quota:
        if not waitlist:
            raise Refused(_("名额已满（%(n)d人），不能再报名；可以登记候补，有人取消时按顺序递补。") % {
                "n": activity.quota}, code="full")
        signup.waitlisted_at = timezone.now()
        signup.save()
        audit.record(actor=actor, action="create", obj=signup, org_path=activity.org.path,
                     object_repr=f"{person.name} 候补 {activity.title}"[:200])
        return signup
    signup.signed_up_at = timezone.now()
    signup.save()
    audit.record(actor=actor, action="create", obj=signup, org_path=activity.org.path,
                 object_repr=f"{person.name} 报名 {activity.title}"[:200])
    return signup


def waiting_position(signup: Signup) -> int | None:
    """1 for the first on the waiting list; None when the row is not waiting."""
    if not signup.waiting:
        return None
    with unscoped("the waiting list of an activity the viewer may see"):
        ahead = Signup.objects.filter(activity_id=signup.activity_id, signed_up_at__isnull=True,
                                      waitlisted_at__isnull=False).filter(
            models.Q(waitlisted_at__lt=signup.waitlisted_at) | models.Q(waitlisted_at=signup.waitlisted_at,
                                                                        pk__lt=signup.pk)).count()
    return ahead + 1


def _promote(*, actor, activity: Activity) -> list[Signup]:
    """Move the first on the waiting list up while places are free (the activity is locked by the caller).
    Each move is audited on the promoted member's row; their /me/ shows 候补递补."""
    promoted = []
    free = None if activity.quota is None else activity.quota - signed_up_count(activity)
    with unscoped("the waiting list of an activity locked by the caller"):
        waiting = list(Signup.objects.filter(activity=activity, signed_up_at__isnull=True,
                                             waitlisted_at__isnull=False)
                       .select_related("person").order_by("waitlisted_at", "pk"))
    for row in waiting:
        if free is not None and free <= 0:
            break
        row.signed_up_at = row.promoted_at = timezone.now()
        row.save(update_fields=["signed_up_at", "promoted_at"])
        audit.record(actor=actor, action="update", obj=row, org_path=activity.org.path,
                     object_repr=f"{row.person.name} 候补递补 {activity.title}"[:200],
                     changes={"signed_up": [None, "promoted"]})
        promoted.append(row)
        free = None if free is None else free - 1
    return promoted


@transaction.atomic
def signup_cancel(*, actor, activity: Activity) -> None:
    """Cancel a signup (the first on the waiting list moves up) or leave the waiting list."""
    person = _member_of(actor)
    activity = _locked(activity)
    _open_for_signup(activity)
    signup = _signup_of(activity, person.pk)
    if signup is None or not (signup.signed_up_at or signup.waitlisted_at):
        raise Refused(_("您没有报名这个活动。"), code="not_signed_up")
    if signup.checked_in_at:
        raise Refused(_("您已签到，不能取消报名。"), code="checked_in")
    what = "退出候补" if signup.waiting else "取消报名"
    audit.record(actor=actor, action="delete", obj=signup, org_path=activity.org.path,
                 object_repr=f"{person.name} {what} {activity.title}"[:200])
    signup.delete()
    if what == "取消报名":
        _promote(actor=actor, activity=activity)


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


SCAN_MESSAGES = {
    "no_code": _lazy("没有识别到二维码：请把会员的签到码放在取景框中间，保持稳定再试。"),
    "not_member_code": _lazy("这不是本系统的会员签到码（可能是其他二维码，或其他单位的会员证）。"),
    "invalid": _lazy("签到码签名不符：可能是伪造或改动过的二维码，或是其他单位系统签发的会员证。"
                     "请会员打开本单位的“我的工会”重新出示。"),
    "expired": _lazy("签到码已过期：请会员打开“我的工会”刷新后重新出示。"),
    "other_activity": _lazy("这是另一个活动的签到码，不是本活动的。"),
    "unknown_person": _lazy("签到码对应的职工在本系统中不存在。"),
    "outside": _lazy("%(p)s不在本活动的范围（%(o)s）内。"),
    "waiting": _lazy("%(p)s在候补名单中，尚未递补为正式报名，不能扫码签到；如确需参加，请在签到名单中现场补登。"),
    "not_signed_up": _lazy("%(p)s没有报名本活动；如确需参加，请在签到名单中现场补登。"),
    "already": _lazy("%(p)s已于%(t)s签到过了。"),
}


def _scan_refused(code: str, **names) -> Refused:
    """The reason, formatted; `person_name` keeps the name for the page."""
    message = str(SCAN_MESSAGES[code])
    refused = Refused(message % names if names else message, code=code)
    refused.person_name = names.get("p", "")
    return refused


@transaction.atomic
def checkin_by_scan(*, actor, activity: Activity, code: str = "", image: bytes | None = None, key=None) -> Signup:
    """The officer's phone scanned a member's code: the text the browser decoded, or a camera frame (JPEG/PNG
    bytes) decoded here. A signed card of this install, for this activity (or any), of a member signed up and
    not yet checked in, is checked in through checkin_add; anything else is Refused with the reason's code."""
    _check_write(actor, activity.org)
    if image is not None and not code:
        code = decode_image(image) or ""
    if not code:
        raise _scan_refused("no_code")
    check = own_card_check(code, key=key)
    if check.status != VALID:
        raise _scan_refused({INVALID: "invalid", EXPIRED: "expired"}.get(check.status, "not_member_code"))
    card = check.card
    if card.activity_id is not None and card.activity_id != activity.pk:
        raise _scan_refused("other_activity")
    person = signed_person(card.person_id)
    if person is None:
        raise _scan_refused("unknown_person")
    activity = _locked(activity)
    if not may_sign_up(activity, person):
        raise _scan_refused("outside", p=person.name, o=activity.org.name)
    signup = _signup_of(activity, person.pk)
    if signup is not None and signup.checked_in_at:
        raise _scan_refused("already", p=person.name,
                            t=timezone.localtime(signup.checked_in_at).strftime("%H:%M"))
    if signup is not None and signup.waiting:
        raise _scan_refused("waiting", p=person.name)
    if signup is None or not signup.signed_up_at:
        raise _scan_refused("not_signed_up", p=person.name)
    return checkin_add(actor=actor, activity=activity, person=person)


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
    if signup.signed_up_at is None and signup.waitlisted_at is None:
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
    """Write the ledger entry (participants = those checked in, 人次 from them, the 签到表 attached as .xlsx)
    and close the activity."""
    _check_write(actor, activity.org)
    activity = _locked(activity)
    if activity.status == Activity.Status.CLOSED:
        raise Refused(_("活动已经结束，台账记录已生成。"), code="closed")
    rows = activity_rows(activity)
    people = sorted((r.person for r in rows if r.checked_in_at), key=lambda p: (p.name, p.pk))
    kind = get_kind(activity.kind)
    values = {"date": activity.date, kind.status_field: activity.category, TITLE_FIELD[activity.kind]: activity.title,
              "participant_count": len(people),
              "notes": _("由活动报名签到生成（%(p)s）") % {"p": activity.place} if activity.place else _("由活动报名签到生成")}
    entry = entry_save(actor=actor, kind=kind, org=activity.org, values=values, participants=people,
                       uploads=[sheet_upload(activity, rows)])  # the 签到表 attached to the entry
    activity.status = Activity.Status.CLOSED
    activity.entry_id = entry.pk
    activity.save(update_fields=["status", "entry_id"])
    audit.record(actor=actor, action="update", obj=activity, org_path=activity.org.path,
                 changes={"status": ["open", "closed"], "entry": [None, entry.pk]})
    return entry
