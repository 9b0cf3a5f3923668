"""Writes of 转会 requests. Each step is atomic and audited with who and why. The union left and the union
joined each approve (in either order); either may refuse with a written reason. The second approval writes
转出 (old org) and 转入 (new org) on the same date and moves the person (people.services.membership_transfer)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import scoping
from gonghui.accounts import services as accounts_services
from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core import audit
from gonghui.core.reviews import decider, review_due, written_reason
from gonghui.core.scope_guard import same_row, unscoped
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.tree import union_of
from gonghui.people import services as people_services
from gonghui.people.models import MemberStatus, Person, TransferRequest

Side = TransferRequest.Side
Status = TransferRequest.Status

NOT_ACTIVE = _("只有在册会员才能转会；%(name)s目前的会籍状态是“%(state)s”。")
NOT_A_UNION = _("请选择一个基层工会作为转入单位（“%(org)s”是%(kind)s）。")
DISSOLVED = _("“%(org)s”已撤销，不能转入。")
SAME_UNION = _("%(name)s已经在“%(org)s”，不需要转会。请选择另一个工会。")
ALREADY_PENDING = _("%(name)s已有一份转会申请正在审核（转入“%(org)s”），请等审核完成后再申请。")
NOT_PENDING = _("这份转会申请已经处理过（%(status)s），不能再次审核。")
NOT_PENDING_WITHDRAW = _("这份转会申请已经处理过（%(status)s），不能撤回。")
ALREADY_APPROVED = _("%(side)s已经同意过这份申请。")
REASON_MISSING = _("请写明不同意转会的理由，会员会看到这段话。")
MOVED_MEANWHILE = _("%(name)s的会籍或所在组织在申请后已有变动（现在是“%(org)s”，%(state)s），不能按这份申请转会；"
                    "请不同意本申请，并说明理由。")
NOTE_TOO_LONG = _("转会说明不超过300字。")


def _lock_person(person: Person) -> Person:
    with unscoped("the person of a request whose right to act is checked next"):
        return Person.objects.select_for_update().select_related("org").get(pk=person.pk)


def _may_request(actor, person: Person) -> bool:
    """The member themself, or an officer who may write the member's org."""
    return scoping.scope_of(actor).person_id == person.pk or scoping.can_write_org(actor, person.org)


@transaction.atomic
def transfer_request(*, actor, person: Person, to_org: Org, note: str = "") -> TransferRequest:
    """Ask to move `person` to the union `to_org`. Refused: not an active member, a union the person is in
    already, a union that is not one (or dissolved), or a transfer already pending."""
    person = _lock_person(person)
    if not _may_request(actor, person):
        raise PermissionDenied
    if person.member_status != MemberStatus.ACTIVE:
        raise ValidationError(NOT_ACTIVE % {"name": person.name, "state": person.get_member_status_display()},
                              code="not_active")
    if to_org.kind != OrgKind.UNION:
        raise ValidationError({"to_org": NOT_A_UNION % {"org": to_org.name, "kind": to_org.get_kind_display()}},
                              code="not_a_union")
    if not to_org.is_active:
        raise ValidationError({"to_org": DISSOLVED % {"org": to_org.name}}, code="dissolved")
    if person.org.path.startswith(to_org.path):
        raise ValidationError({"to_org": SAME_UNION % {"name": person.name, "org": to_org.name}}, code="same_union")
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": NOTE_TOO_LONG}, code="note_long")
    with unscoped("the person's own pending transfer, whoever may see it"):
        pending = TransferRequest.objects.select_related("to_org").filter(person=person,
                                                                          status=Status.PENDING).first()
    if pending is not None:
        raise ValidationError(ALREADY_PENDING % {"name": person.name, "org": pending.to_org.name},
                              code="already_pending")
    transfer = TransferRequest(person=person, from_org=person.org, to_org=to_org, note=note,
                               requested_at=timezone.now(), requested_by=decider(actor), due_on=review_due())
    transfer.full_clean(exclude=["person", "from_org", "to_org", "requested_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError:  # two requests at once; the person row lock makes this rare
        raise ValidationError(ALREADY_PENDING % {"name": person.name, "org": to_org.name},
                              code="already_pending") from None
    audit.record(actor=actor, action="create", obj=transfer, org_path=person.org.path,
                 changes={"status": [None, Status.PENDING], "from_org": [None, person.org.name],
                          "to_org": [None, to_org.name], "note": [None, note]})
    return transfer


def side_org(transfer: TransferRequest, side: str) -> Org:
    """The org whose writers decide for `side`: the org the member leaves, or the union joined."""
    if side == Side.FROM:
        return transfer.from_org
    if side == Side.TO:
        return transfer.to_org
    raise ValidationError({"side": _("请说明是转出单位还是转入单位审核。")}, code="bad_side")


def sides_for(actor, transfer: TransferRequest) -> list[str]:
    """The sides this actor may still decide on a pending request (an officer above both may decide both)."""
    if transfer.status != Status.PENDING:
        return []
    done = {Side.FROM: transfer.from_approved_at, Side.TO: transfer.to_approved_at}
    return [side for side in (Side.FROM, Side.TO)
            if done[side] is None and scoping.can_write_org(actor, side_org(transfer, side))]


def _lock_pending(actor, transfer: TransferRequest, side: str) -> TransferRequest:
    transfer = same_row(transfer).select_for_update().select_related("from_org", "to_org", "person").get()
    scoping.require_write(actor, side_org(transfer, side))
    if transfer.status != Status.PENDING:
        raise ValidationError(NOT_PENDING % {"status": transfer.get_status_display()}, code="not_pending")
    return transfer


@transaction.atomic
def transfer_approve(*, actor, transfer: TransferRequest, side: str) -> TransferRequest:
    """One side agrees. When the other side has agreed already, the transfer is done: 转出 and 转入 dated today,
    the person moved to the union joined."""
    transfer = _lock_pending(actor, transfer, side)
    field = "from" if side == Side.FROM else "to"
    if getattr(transfer, f"{field}_approved_at") is not None:
        raise ValidationError(ALREADY_APPROVED % {"side": str(Side(side).label)}, code="already_approved")
    now = timezone.now()
    setattr(transfer, f"{field}_approved_at", now)
    setattr(transfer, f"{field}_approved_by", decider(actor))
    changes = {_("%(side)s意见") % {"side": Side(side).label}: [None, _("同意")]}
    updated = [f"{field}_approved_at", f"{field}_approved_by"]
    if transfer.from_approved_at and transfer.to_approved_at:
        person = _lock_person(transfer.person)
        if person.member_status != MemberStatus.ACTIVE or union_of(person.org).pk != union_of(transfer.from_org).pk:
            raise ValidationError(MOVED_MEANWHILE % {"name": person.name, "org": person.org.name,
                                                     "state": person.get_member_status_display()},
                                  code="moved_meanwhile")
        today = timezone.localdate()
        people_services.membership_transfer(
            actor=actor, person=person, to_org=transfer.to_org, date=today,
            note=_("转会：%(a)s → %(b)s") % {"a": union_of(transfer.from_org).name, "b": transfer.to_org.name})
        _member_role_follows(person, union_of(transfer.from_org), transfer.to_org)
        transfer.status = Status.APPROVED
        transfer.transferred_on = today
        updated += ["status", "transferred_on"]
        changes.update({"status": [Status.PENDING, Status.APPROVED], "transferred_on": [None, today.isoformat()]})
    transfer.save(update_fields=updated)
    audit.record(actor=actor, action="update", obj=transfer, org_path=side_org(transfer, side).path,
                 changes=changes)
    return transfer


def _member_role_follows(person: Person, left: Org, joined: Org) -> None:
    """The 会员 role of the person's own accounts moves from the union left to the union joined (granted by the
    system: the approvers need not manage accounts; each change is audited as the account pages' are)."""
    for user in User.objects.filter(person_id=person.pk):
        with unscoped("the member grants of the person's own accounts"):
            held = [g.org for g in user.grants.select_related("org").filter(role=Role.MEMBER)
                    if g.org.path.startswith(left.path)]
        for org in held:
            accounts_services.grant_revoke(actor=scoping.SYSTEM, user=user, org=org, role=Role.MEMBER)
        if held:
            accounts_services.grant_add(actor=scoping.SYSTEM, user=user, org=joined, role=Role.MEMBER)


@transaction.atomic
def transfer_reject(*, actor, transfer: TransferRequest, side: str, reason: str) -> TransferRequest:
    """One side refuses, with a written reason (required) that the member reads on their page."""
    transfer = _lock_pending(actor, transfer, side)
    reason = written_reason(reason, missing=REASON_MISSING)
    transfer.status = Status.REJECTED
    transfer.rejected_side = side
    transfer.rejected_at = timezone.now()
    transfer.rejected_by = decider(actor)
    transfer.reason = reason
    transfer.save(update_fields=["status", "rejected_side", "rejected_at", "rejected_by", "reason"])
    audit.record(actor=actor, action="update", obj=transfer, org_path=side_org(transfer, side).path,
                 changes={"status": [Status.PENDING, Status.REJECTED], "rejected_side": [None, side],
                          "reason": [None, reason]})
    return transfer


@transaction.atomic
def transfer_withdraw(*, actor, transfer: TransferRequest) -> TransferRequest:
    """The member takes back their own request while it waits (even after one side agreed: nothing has moved
    until both have); it leaves both unions' queues. Audited."""
    transfer = same_row(transfer).select_for_update().select_related("from_org").get()
    if scoping.scope_of(actor).person_id != transfer.person_id:
        raise PermissionDenied
    if transfer.status != Status.PENDING:
        raise ValidationError(NOT_PENDING_WITHDRAW % {"status": transfer.get_status_display()}, code="not_pending")
    transfer.status = Status.WITHDRAWN
    transfer.save(update_fields=["status"])
    audit.record(actor=actor, action="update", obj=transfer, org_path=transfer.from_org.path,
                 changes={"status": [Status.PENDING, Status.WITHDRAWN]})
    return transfer
