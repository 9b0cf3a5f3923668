"""Writes to people, membership and positions. Atomic, audited, called by every face alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import scoping
from gonghui.core import audit
from gonghui.core.scope_guard import mark_fetched, same_row, unscoped
from gonghui.orgs.models import Org, OrgKind
from gonghui.people import membership, pinyin, validation
from gonghui.people.models import MembershipEvent, Person, Position

PERSON_FIELDS = (
    "name", "gender", "ethnicity", "id_number", "birth_date", "education", "political_status", "mobile",
    "employee_no", "hired_on", "employment_type", "post", "org", "is_migrant_worker", "model_worker_title",
    "model_worker_level", "base_salary", "work_status",
)
DUPLICATE_ID = _("身份证号码%(id)s已登记为“%(name)s”（%(org)s），同一号码只能对应一个人。请核对号码，或直接修改已有记录。")
ORG_NOT_ALLOWED = _("“%(org)s”是%(kind)s，人员只能挂在基层工会、分会或工会小组下。")


def clean_person_data(data: dict[str, Any], *, instance: Person | None = None) -> dict[str, Any]:
    """Normalise and validate; collect every field's problem at once so a form shows them together."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def run(field, fn, *args):
        try:
            out[field] = fn(*args)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)

    cleaners = {
        "name": validation.clean_name,
        "gender": validation.clean_gender,
        "employment_type": validation.clean_employment_type,
        "work_status": validation.clean_work_status,
        "model_worker_level": validation.clean_honour_level,
        "ethnicity": validation.clean_ethnicity,
        "education": validation.clean_education,
        "political_status": validation.clean_political_status,
        "base_salary": validation.clean_salary,
    }
    for field, fn in cleaners.items():
        if field in data:
            run(field, fn, data[field])
    for field in ("employee_no", "post", "model_worker_title"):
        if field in data:
            out[field] = str(data[field] or "").strip()
    for field in ("birth_date", "hired_on", "org", "is_migrant_worker"):
        if field in data:
            out[field] = data[field]
    if "mobile" in data:
        try:
            out["mobile"] = validation.clean_mobile(data["mobile"])
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                errors.setdefault(field, []).extend(msgs)
    if "id_number" in data or "gender" in data or "birth_date" in data:
        id_raw = data.get("id_number", instance.id_number if instance else "")
        gender = out.get("gender", instance.gender if instance else "")
        birth = out.get("birth_date", instance.birth_date if instance else None)
        if "gender" not in errors:
            try:
                out["id_number"], out["gender"], out["birth_date"] = validation.check_identity(id_raw, gender, birth)
            except ValidationError as exc:
                for field, msgs in exc.message_dict.items():
                    errors.setdefault(field, []).extend(msgs)
    if out.get("id_number"):
        # Repeating the partial index's condition lets SQLite use it (else it scans every person).
        with unscoped("an ID number is unique in the whole install"):
            clash = Person.objects.filter(id_number=out["id_number"]).exclude(id_number="").exclude(
                pk=instance.pk if instance else None)
            other = clash.select_related("org").first()
        if other:
            errors.setdefault("id_number", []).append(
                DUPLICATE_ID % {"id": out["id_number"], "name": other.name, "org": other.org.name})
    org = out.get("org")
    if org is not None and org.kind == OrgKind.FEDERATION:
        errors.setdefault("org", []).append(ORG_NOT_ALLOWED % {"org": org.name, "kind": org.get_kind_display()})
    if org is not None and not org.is_active:
        errors.setdefault("org", []).append(_("“%(org)s”已撤销，不能再加入人员。") % {"org": org.name})
    if out.get("hired_on") and out.get("birth_date") and out["hired_on"] < out["birth_date"]:
        errors.setdefault("hired_on", []).append(_("入职日期早于出生日期，请核对。"))
    if errors:
        raise ValidationError(errors)
    return out


def _apply_name_keys(person: Person) -> None:
    person.name_pinyin = pinyin.sort_key(person.name)
    person.search_key = pinyin.search_key(person.name)


@transaction.atomic
def person_create(*, actor, org: Org, **data) -> Person:
    scoping.require_write(actor, org)
    cleaned = clean_person_data({**data, "org": org})
    person = Person(**cleaned)
    _apply_name_keys(person)
    person.full_clean(exclude=["org"], validate_constraints=False)
    person.save()
    audit.record(actor=actor, action="create", obj=person, org_path=org.path,
                 changes=audit.diff({}, audit.snapshot(person, PERSON_FIELDS)))
    return mark_fetched(person)  # the actor just wrote it here, so may read it


@transaction.atomic
def person_update(*, actor, person: Person, **data) -> Person:
    person = same_row(person).select_for_update().select_related("org").get()
    scoping.require_write(actor, person.org)
    if "org" in data and data["org"] is not None:
        scoping.require_write(actor, data["org"])
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = audit.snapshot(person, PERSON_FIELDS)
    cleaned = clean_person_data(data, instance=person)
    for key, value in cleaned.items():
        setattr(person, key, value)
    _apply_name_keys(person)
    person.full_clean(exclude=["org"], validate_constraints=False)
    changes = audit.diff(before, audit.snapshot(person, PERSON_FIELDS))
    if changes:
        person.save()
        audit.record(actor=actor, action="update", obj=person, org_path=person.org.path, changes=changes)
    return person


def _sync_membership(person: Person) -> None:
    events = membership.ordered(list(person.membership_events.all()))
    state = membership.replay(events)
    changed = membership.restamp(person, events)
    if changed:
        with unscoped("the person's own events, read through the person"):
            MembershipEvent.objects.bulk_update(changed, ["valid_until"])
    person.member_status = state
    person.member_no = membership.current_member_no(events)
    person.save(update_fields=["member_status", "member_no", "updated_at"])


@transaction.atomic
def membership_event_add(
    *, actor, person: Person, kind: str, date: dt.date, member_no: str = "", note: str = "", org: Org | None = None
) -> MembershipEvent:
    person = same_row(person).select_for_update().select_related("org").get()
    scoping.require_write(actor, person.org)
    return _event_write(actor=actor, person=person, kind=kind, date=date, member_no=member_no, note=note, org=org)


def _event_write(*, actor, person: Person, kind: str, date: dt.date, member_no: str = "", note: str = "",
                 org: Org | None = None) -> MembershipEvent:
    """One event of a person already locked, whose writing the caller has allowed."""
    org = org or person.org
    if kind not in MembershipEvent.Kind.values:
        raise ValidationError({"kind": _("会籍变动类型“%(k)s”无效。") % {"k": kind}}, code="bad_kind")
    if date is None:
        raise ValidationError({"date": _("请填写变动日期。")}, code="date_missing")
    if date > timezone.localdate():
        raise ValidationError({"date": _("变动日期%(d)s在今天之后，请核对。") % {"d": date.isoformat()}},
                              code="date_future")
    if person.birth_date and date < person.birth_date:
        raise ValidationError({"date": _("变动日期早于此人的出生日期，请核对。")}, code="date_before_birth")
    if kind in (MembershipEvent.Kind.JOIN, MembershipEvent.Kind.TRANSFER_IN) and not member_no:
        member_no = person.member_no or f"{org.code[-6:]}{person.pk:07d}"
    event = MembershipEvent(person=person, org=org, kind=kind, date=date, member_no=member_no.strip(),
                            note=note.strip())
    event.full_clean(exclude=["person", "org"])
    event.save()
    _sync_membership(person)
    audit.record(actor=actor, action="create", obj=event, org_path=person.org.path,
                 object_repr=str(event), changes={"kind": [None, kind], "date": [None, date.isoformat()],
                                                  "member_no": [None, event.member_no]})
    return event


@transaction.atomic
def membership_transfer(*, actor, person: Person, to_org: Org, date: dt.date, note: str = "",
                        ) -> tuple[MembershipEvent, MembershipEvent]:
    """转会 done: 转出 from the person's org and 转入 to `to_org` on one date, and the person moved there, in one
    transaction. No permission check of its own: people.transfers.services calls it once both unions have
    approved (the second approver may write only one of the two orgs). Audited with the approver."""
    with unscoped("a transfer both unions approved: the caller checked the approver's side"):
        person = Person.objects.select_for_update().select_related("org").get(pk=person.pk)
    from_org = person.org
    out = _event_write(actor=actor, person=person, kind=MembershipEvent.Kind.TRANSFER_OUT, date=date, note=note,
                       org=from_org)
    person.org = to_org
    person.save(update_fields=["org", "updated_at"])
    audit.record(actor=actor, action="update", obj=person, org_path=to_org.path,
                 changes={"org": [from_org.name, to_org.name]})
    into = _event_write(actor=actor, person=person, kind=MembershipEvent.Kind.TRANSFER_IN, date=date, note=note,
                        org=to_org)
    return out, into


@transaction.atomic
def membership_event_delete(*, actor, event: MembershipEvent) -> None:
    """Undo a wrongly recorded event; the rest of the history must still make sense without it."""
    with unscoped("the event's person is locked first; require_write decides next"):
        person = Person.objects.select_for_update().select_related("org").get(pk=event.person_id)
    scoping.require_write(actor, person.org)
    snapshot = {"kind": [event.kind, None], "date": [event.date.isoformat(), None]}
    repr_ = str(event)
    pk = event.pk
    event.delete()
    _sync_membership(person)
    audit.record(actor=actor, action="delete", object_type="membershipevent", object_id=str(pk),
                 object_repr=repr_, org_path=person.org.path, changes=snapshot)


@transaction.atomic
def position_add(
    *, actor, person: Person, org: Org, title: str, start_on: dt.date, end_on: dt.date | None = None,
    title_other: str = "", note: str = "",
) -> Position:
    scoping.require_write(actor, org)
    if not person.org.path.startswith(org.path):
        raise ValidationError({"org": _("任职组织应是此人所在单位或其上级组织。")}, code="position_org")
    if title == Position.Title.OTHER and not title_other.strip():
        raise ValidationError({"title_other": _("职务选“其他”时请填写职务名称。")}, code="title_other_missing")
    position = Position(person=person, org=org, title=title, start_on=start_on, end_on=end_on,
                        title_other=title_other.strip(), note=note.strip())
    if end_on and end_on < start_on:
        raise ValidationError({"end_on": _("离任日期不能早于任职日期。")}, code="end_before_start")
    position.full_clean(exclude=["person", "org"])
    position.save()
    audit.record(actor=actor, action="create", obj=position, org_path=org.path,
                 changes={"title": [None, position.title_label], "start_on": [None, start_on.isoformat()]})
    return position


@transaction.atomic
def position_end(*, actor, position: Position, end_on: dt.date) -> Position:
    position = same_row(position).select_for_update().select_related("org").get()
    scoping.require_write(actor, position.org)
    if end_on < position.start_on:
        raise ValidationError({"end_on": _("离任日期不能早于任职日期%(d)s。") % {"d": position.start_on}},
                              code="end_before_start")
    before = position.end_on
    position.end_on = end_on
    position.save(update_fields=["end_on"])
    audit.record(actor=actor, action="update", obj=position, org_path=position.org.path,
                 changes={"end_on": [before.isoformat() if before else None, end_on.isoformat()]})
    return position


@transaction.atomic
def own_mobile_set(*, actor, mobile: str) -> Person:
    """A member corrects the mobile number on their own roster record (我的工会): cleaned as the roster's,
    audited (masked, like every mobile in the trail). Only the person linked to the actor's account."""
    person_id = scoping.scope_of(actor).person_id
    if not person_id:
        raise ValidationError(_("您的账号没有关联职工档案；请联系工会干事。"), code="no_person")
    with unscoped("the actor's own person"):
        person = Person.objects.select_for_update().select_related("org").get(pk=person_id)
    cleaned = validation.clean_mobile(mobile)
    if not cleaned:
        raise ValidationError({"mobile": _("请填写手机号。")}, code="mobile_missing")
    before = audit.snapshot(person, ["mobile"])
    if cleaned != person.mobile:
        person.mobile = cleaned
        person.save(update_fields=["mobile", "updated_at"])
        audit.record(actor=actor, action="update", obj=person, org_path=person.org.path,
                     changes=audit.diff(before, audit.snapshot(person, ["mobile"])))
    return mark_fetched(person)
