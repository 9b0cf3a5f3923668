"""Writes of 入会 applications: the worker's own (no account, so actor None) and the officers' review.
Atomic and audited like every service; the approval goes through people.services for the person and the
入会 event."""

from __future__ import annotations

import datetime as dt
import hashlib
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import scoping
from gonghui.core import audit
from gonghui.core.reviews import application_reject, decider, review_due
from gonghui.core.scope_guard import same_row, unscoped
from gonghui.orgs.models import Org
from gonghui.people import services as people_services
from gonghui.people import validation
from gonghui.people.joining.notice import NOTICE_VERSION
from gonghui.people.models import (
    EmploymentType,
    JoinApplication,
    MembershipEvent,
    MemberStatus,
    Person,
    PublicAttempt,
)

ALREADY_MEMBER = _("该身份证号码已是本系统中的工会会员，不能重复入会。如果您换了工作单位，请向现在所在的工会申请转会。")
ALREADY_PENDING = _("该身份证号码已有一份入会申请正在审核，请勿重复提交。请在下方用身份证号和手机号查询审核进度。")
CONSENT_MISSING = _("请阅读个人信息告知书，并勾选“我已阅读并同意”后再提交。")
NOTICE_CHANGED = _("个人信息告知书已更新，请重新阅读并勾选同意后再提交。")
REASON_MISSING = _("请写明不予批准的理由，申请人会看到这段话。")
NOT_PENDING = _("这份申请已经审核过（%(status)s），不能再次审核。")
PERSON_ELSEWHERE = _("身份证号码%(id)s已登记在“%(org)s”的名册中，不在本申请的工会之下。请先由该单位办理人员调动，或请申请人向该单位申请。")
THROTTLED = _("提交太频繁，请%(m)d分钟后再试。")
REQUIRED = _("请填写%(label)s。")

# What the form asks, and its Chinese label for "please fill in".
FIELDS = {
    "name": _("姓名"), "gender": _("性别"), "id_number": _("身份证号"), "mobile": _("手机号"),
    "ethnicity": _("民族"), "education": _("学历"), "political_status": _("政治面貌"),
    "workplace": _("工作单位/部门"), "employment_type": _("用工形式"),
}
MEMBER_STATES = (MemberStatus.ACTIVE, MemberStatus.RETAINED)


# Who the audit names for an application sent from the public page: nobody is logged in, so no account.
APPLICANT = SimpleNamespace(pk=None, username="申请人本人（网上入会）")


class AlreadyPending(ValidationError):
    """A pending application for this ID number exists: the page says so and points to the status check."""


class AlreadyMember(ValidationError):
    """The ID number is a member somewhere in the install: apply for a transfer instead (HTTP 409)."""


class Throttled(ValidationError):
    """Too many uses of a public form from one address (HTTP 429)."""


def address_key(address: str) -> str:
    """A keyed digest of the client address: enough to count attempts, useless to recover the address."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def throttle(*, kind: str, address: str) -> None:
    """Count one use of a public form by this address; refuse with a Chinese message over the limit
    (settings.GONGHUI_JOIN_ADDRESS_LIMIT uses per kind in GONGHUI_JOIN_ADDRESS_WINDOW_MINUTES)."""
    now = timezone.now()
    window = dt.timedelta(minutes=settings.GONGHUI_JOIN_ADDRESS_WINDOW_MINUTES)
    key = address_key(address)
    PublicAttempt.objects.filter(at__lt=now - window).delete()
    recent = list(PublicAttempt.objects.filter(address_key=key, kind=kind, at__gte=now - window)
                  .order_by("at").values_list("at", flat=True)[: settings.GONGHUI_JOIN_ADDRESS_LIMIT])
    if len(recent) >= settings.GONGHUI_JOIN_ADDRESS_LIMIT:
        minutes = max(1, int((recent[0] + window - now).total_seconds() // 60) + 1)
        raise Throttled(THROTTLED % {"m": minutes}, code="throttled")
    PublicAttempt.objects.create(kind=kind, address_key=key, at=now)


REJECTED_KEPT_DAYS = 365  # the notice promises: a rejected application is deleted a year after its review


@transaction.atomic
def join_rejected_purge(*, now: dt.datetime | None = None) -> int:
    """Delete rejected applications reviewed more than a year ago (the notice's retention period); run on each
    new application, like the login failures' clean-up. Audited with the count."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=REJECTED_KEPT_DAYS)
    with unscoped("retention: old rejected applications of every union"):
        deleted, _per_model = JoinApplication.objects.filter(
            status=JoinApplication.Status.REJECTED, decided_at__lt=cutoff).delete()
    if deleted:
        audit.record(actor=scoping.SYSTEM, action="delete", object_type="joinapplication",
                     object_repr=_("删除审核满一年的未批准入会申请%(n)d份") % {"n": deleted},
                     changes={"deleted": [deleted, 0]})
    return deleted


def clean_application(data: dict[str, Any]) -> dict[str, Any]:
    """The roster's cleaning (people/validation.py) of every field, all problems at once."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    for field, label in FIELDS.items():
        if not str(data.get(field) or "").strip():
            errors.setdefault(field, []).append(REQUIRED % {"label": label})
    cleaners = {
        "name": validation.clean_name, "gender": validation.clean_gender,
        "ethnicity": validation.clean_ethnicity, "education": validation.clean_education,
        "political_status": validation.clean_political_status,
        "employment_type": validation.clean_employment_type,
    }
    for field, clean in cleaners.items():
        if field not in errors:
            try:
                out[field] = clean(data[field])
            except ValidationError as exc:
                errors.setdefault(field, []).extend(exc.messages)
    workplace = str(data.get("workplace") or "").strip()
    if len(workplace) > 100:
        errors.setdefault("workplace", []).append(_("工作单位/部门不超过100个字，请简写。"))
    out["workplace"] = workplace
    out["is_migrant_worker"] = bool(data.get("is_migrant_worker"))
    if "mobile" not in errors:
        try:
            out["mobile"] = validation.clean_mobile(data["mobile"])
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                errors.setdefault(field, []).extend(msgs)
    if "id_number" not in errors and "gender" not in errors:
        try:
            out["id_number"], out["gender"], out["birth_date"] = validation.check_identity(
                data["id_number"], out["gender"], None)
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                errors.setdefault(field, []).extend(msgs)
    if errors:
        raise ValidationError(errors)
    if out["employment_type"] not in EmploymentType.values:  # pragma: no cover - clean_employment_type ensures
        raise ValidationError({"employment_type": REQUIRED % {"label": FIELDS["employment_type"]}})
    return out


def join_apply(*, org: Org, data: dict[str, Any], consent: bool, notice_version: str,
               address: str = "") -> JoinApplication:
    """A worker applies to join `org` (a union or branch, from its public page). No actor: nobody is logged in.
    Refused when the ID number is a member anywhere in the install (apply for a transfer instead) or has a
    pending application already (AlreadyPending). The attempt is counted for the address first, outside the
    transaction, so that refused attempts count too (probing ID numbers is what the limit is for)."""
    throttle(kind=PublicAttempt.Kind.APPLY, address=address)
    join_rejected_purge()
    with transaction.atomic():
        return _apply(org=org, data=data, consent=consent, notice_version=notice_version)


def _apply(*, org: Org, data: dict[str, Any], consent: bool, notice_version: str) -> JoinApplication:
    consent_error = None if consent else CONSENT_MISSING
    if consent and notice_version != NOTICE_VERSION:
        consent_error = NOTICE_CHANGED
    try:
        cleaned = clean_application(data)
    except ValidationError as exc:  # every problem at once, the consent's too
        raise ValidationError({**exc.message_dict, **({"consent": [consent_error]} if consent_error else {})}) from None
    if consent_error:
        raise ValidationError({"consent": consent_error}, code="consent_missing")
    with unscoped("an ID number is one person in the whole install; nothing of them is shown"):
        if Person.objects.filter(id_number=cleaned["id_number"], member_status__in=MEMBER_STATES).exists():
            raise AlreadyMember({"id_number": ALREADY_MEMBER}, code="already_member")
        if JoinApplication.objects.filter(id_number=cleaned["id_number"], status=JoinApplication.Status.PENDING
                                          ).exists():
            raise AlreadyPending({"id_number": ALREADY_PENDING}, code="already_pending")
    now = timezone.now()
    application = JoinApplication(
        org=org, notice_version=notice_version, consented_at=now, submitted_at=now,
        due_on=review_due(), **cleaned)
    application.full_clean(exclude=["org", "decided_by", "person"], validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same person pressed submit twice at once
        raise AlreadyPending({"id_number": ALREADY_PENDING}, code="already_pending") from None
    audit.record(actor=APPLICANT, action="create", obj=application, org_path=org.path,
                 changes={"status": [None, application.status], "notice_version": [None, notice_version],
                          "consented_at": [None, timezone.localtime(now).strftime("%Y-%m-%d %H:%M:%S")]})
    return application


def _lock_pending(actor, application: JoinApplication) -> JoinApplication:
    application = same_row(application).select_for_update().select_related("org").get()
    scoping.require_write(actor, application.org)
    if application.status != JoinApplication.Status.PENDING:
        raise ValidationError(NOT_PENDING % {"status": application.get_status_display()}, code="not_pending")
    return application


@transaction.atomic
def join_approve(*, actor, application: JoinApplication, org: Org | None = None) -> JoinApplication:
    """Approve: the person is matched by ID number (or created in `org`, default the applied-to org), gets a
    入会 event dated today and a member number (people.services.membership_event_add)."""
    application = _lock_pending(actor, application)
    target = org or application.org
    if not target.path.startswith(application.org.path):
        raise ValidationError({"org": _("只能登记到所申请的工会或其下属组织。")}, code="org_outside")
    scoping.require_write(actor, target)
    with unscoped("an ID number is one person in the whole install"):
        person = Person.objects.select_related("org").filter(id_number=application.id_number).first()
    if person is not None:
        if person.member_status in MEMBER_STATES:
            raise ValidationError(ALREADY_MEMBER, code="already_member")
        if not person.org.path.startswith(application.org.path):
            raise ValidationError(PERSON_ELSEWHERE % {"id": application.id_number, "org": person.org.name},
                                  code="person_elsewhere")
        scoping.require_write(actor, person.org)
    else:
        person = people_services.person_create(
            actor=actor, org=target, name=application.name, gender=application.gender,
            id_number=application.id_number, mobile=application.mobile, ethnicity=application.ethnicity,
            education=application.education, political_status=application.political_status,
            employment_type=application.employment_type, is_migrant_worker=application.is_migrant_worker)
    today = timezone.localdate()
    people_services.membership_event_add(actor=actor, person=person, kind=MembershipEvent.Kind.JOIN, date=today,
                                         note=_("网上入会申请（%(d)s提交）") % {
                                             "d": timezone.localtime(application.submitted_at).date().isoformat()})
    application.status = JoinApplication.Status.APPROVED
    application.decided_at = timezone.now()
    application.decided_by = decider(actor)
    application.person = person
    application.save(update_fields=["status", "decided_at", "decided_by", "person"])
    audit.record(actor=actor, action="update", obj=application, org_path=application.org.path,
                 changes={"status": ["pending", "approved"], "person": [None, person.pk]})
    return application


@transaction.atomic
def join_reject(*, actor, application: JoinApplication, reason: str) -> JoinApplication:
    """Reject with a written reason (required): the applicant reads it on the join page."""
    application = _lock_pending(actor, application)
    return application_reject(actor=actor, application=application, reason=reason, missing=REASON_MISSING,
                              org_path=application.org.path)


def join_status_check(*, id_number: str, mobile: str, address: str = ""):
    """The applicant's own check (ID number + mobile, no login), counted against the address like an
    application. Returns people.joining.selectors.JoinStatus or None."""
    from gonghui.people.joining.selectors import join_status

    throttle(kind=PublicAttempt.Kind.STATUS, address=address)
    return join_status(id_number=id_number, mobile=mobile)
