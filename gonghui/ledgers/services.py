"""Writes to the ledgers: one body for the form, the importer, the API and the demo.

`entry_save` takes already-typed values (dates, Decimals, Person and Org objects); parsing text is the
importer's and the form's job. It applies the rules the numbers depend on (docs/ledgers.md), stores 人次,
and writes the audit row in the same transaction.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import Role
from gonghui.accounts.scoping import scope_of
from gonghui.core import audit
from gonghui.ledgers import choices as c
from gonghui.ledgers.kinds import CHOICE, MONEY, PERSON_OR_ORG, PERSONS, Kind
from gonghui.ledgers.models import LedgerEntry, WithParticipants
from gonghui.orgs.models import Org
from gonghui.orgs.tree import subtree_q, union_of
from gonghui.people.models import Person

# A 小组长 records the work of their own group; 干事 and 管理员 of their subtree.
LEDGER_WRITE_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.GROUP_LEADER})


def can_write_ledgers(user, org: Org) -> bool:
    return user is None or scope_of(user).covers(org.path, LEDGER_WRITE_ROLES)


# Dates that may not come before the entry's date (labels translated only when a message is written).
LATER_DATES = (("end_date", gettext_lazy("结束日期")), ("resolved_on", gettext_lazy("解困日期")),
               ("closed_on", gettext_lazy("结案日期")), ("completed_on", gettext_lazy("完成日期")))


@cache
def _choice_values(choices) -> frozenset[str]:
    return frozenset(choices.values)


def check_entry(kind: Kind, values: dict[str, Any], participants: list, instance: LedgerEntry | None = None
                ) -> dict[str, list[str]]:
    """The rules of one entry that need no database: {field: [Chinese message, ...]}, empty when all pass.

    `values` are typed as for entry_save (a PERSON column may hold a Person or its pk; 获奖对象 arrives as
    recipient_person / recipient_org); `participants` is the list of people named (only its length is used).
    entry_save applies it to every write; the Excel importer applies it to every row before its bulk write.
    One 案号 per union and "people of this union only" need the database and stay in entry_save (the
    importer checks them against what it loaded)."""
    errors: dict[str, list[str]] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    for col in kind.columns:
        value = values.get(col.field)
        if col.required and col.type not in (PERSONS, PERSON_OR_ORG) and value in (None, ""):
            err(col.field, _("“%(h)s”必须填写。") % {"h": col.header})
        if col.type == MONEY and value is not None:
            if value < 0:
                err(col.field, _("“%(h)s”不能是负数。") % {"h": col.header})
            elif value != value.quantize(Decimal("0.01")):
                err(col.field, _("“%(h)s”最多两位小数。") % {"h": col.header})
        if col.type == CHOICE and value not in (None, "") and value not in _choice_values(col.choices):
            err(col.field, _("“%(h)s”的值“%(v)s”不在可选范围内。") % {"h": col.header, "v": value})
    date = values.get("date")
    for later, label in LATER_DATES:
        if date and values.get(later) and values[later] < date:
            err(later, _("%(l)s不能早于%(d)s。") % {"l": label, "d": kind.date_header})
    if values.get("start_on") and values.get("end_on") and values["end_on"] < values["start_on"]:
        err("end_on", _("期限结束不能早于期限开始。"))
    if kind.code == "mediation":
        closed = values.get("status") in c.MEDIATION_CLOSED
        if closed and not values.get("closed_on"):
            err("closed_on", _("状态为“%(s)s”时必须填写结案日期。") % {"s": c.MediationStatus(values["status"]).label})
        if not closed and values.get("closed_on"):
            err("closed_on", _("案件尚未结案（状态“%(s)s”），不应填写结案日期。")
                % {"s": c.MediationStatus(values["status"]).label if values.get("status") else ""})
    if kind.code == "suggestion" and values.get("status") == c.SuggestionStatus.REJECTED:
        if not (values.get("rejection_reason") or "").strip():
            err("rejection_reason", _("状态为“未采纳”时请填写未采纳原因。"))
    if kind.code == "honour" and not (values.get("recipient_person") or values.get("recipient_org")):
        err("recipient", _("请填写获奖对象（人员或组织）。"))
    if kind.code == "honour" and values.get("recipient_person") and values.get("recipient_org"):
        err("recipient", _("获奖对象只能是一个人员或一个组织。"))
    count = values.get("participant_count")
    if count is not None and participants and count < len(participants):
        err("participant_count", _("参加人数%(n)d少于列出的参加人员%(m)d人。") % {"n": count, "m": len(participants)})
    return errors


@transaction.atomic
def entry_save(
    *, actor, kind: Kind, org: Org, values: dict[str, Any], participants: Iterable | None = None,
    instance: LedgerEntry | None = None,
) -> LedgerEntry:
    if not can_write_ledgers(actor, org):
        raise PermissionDenied
    if instance is not None and not can_write_ledgers(actor, instance.org):
        raise PermissionDenied
    people = list(dict.fromkeys(participants or []))
    errors = check_entry(kind, values, people, instance)
    if kind.code == "mediation" and values.get("case_no"):
        union = union_of(org)
        clash = kind.model.objects.filter(subtree_q(union.path, "org__"), case_no=values["case_no"])
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.setdefault("case_no", []).append(_("案号“%(n)s”在本工会已存在。") % {"n": values["case_no"]})
    union = union_of(org)
    named = {field: [values[field]] for field in ("recipient", "person", "recipient_person")
             if isinstance(values.get(field), Person)}
    m2m_field = next((col.field for col in kind.columns if col.type == PERSONS), None)
    if m2m_field and people:
        named[m2m_field] = people
    for field, persons in named.items():
        outsiders = [p.name for p in persons if not p.org.path.startswith(union.path)]
        if outsiders:
            errors.setdefault(field, []).append(
                _("以下人员不在本工会名册中：%(names)s。") % {"names": "、".join(outsiders)})
    if errors:
        raise ValidationError(errors)
    entry = instance or kind.model()
    before = audit.snapshot(entry, _audited(kind)) if instance is not None else {}
    entry.org = org
    # 获奖对象 arrives as recipient_person / recipient_org; the column itself is not a field.
    virtual = {col.field for col in kind.columns if col.type in (PERSON_OR_ORG, PERSONS)}
    for name, value in values.items():
        if name in virtual:
            continue
        setattr(entry, name, "" if value is None and _is_text(kind, name) else value)
    if instance is None and actor is not None:
        entry.created_by = actor
    m2m = next((col.field for col in kind.columns if col.type == PERSONS), None)
    if isinstance(entry, WithParticipants):
        entry.person_times = max(values.get("participant_count") or 0, len(people))
    entry.full_clean(exclude=["org", "created_by", "participants", "proposers"])
    entry.save()
    m2m_before = set(getattr(entry, m2m).values_list("pk", flat=True)) if (m2m and instance) else set()
    if m2m is not None:
        getattr(entry, m2m).set(people)
    after = audit.snapshot(entry, _audited(kind))
    changes = audit.diff(before, after)
    if m2m is not None and m2m_before != {p.pk for p in people}:
        changes[m2m] = [len(m2m_before), len(people)]
    if changes or instance is None:
        audit.record(actor=actor, action="update" if instance else "create", obj=entry, object_type=kind.code,
                     object_repr=f"{kind.label} {entry.date}", org_path=org.path, changes=changes)
    return entry


@transaction.atomic
def entry_delete(*, actor, kind: Kind, entry: LedgerEntry) -> None:
    """Delete an entry; the audit row keeps a full copy of what it held."""
    if not can_write_ledgers(actor, entry.org):
        raise PermissionDenied
    copy = audit.snapshot(entry, _audited(kind))
    pk, org_path = entry.pk, entry.org.path
    entry.delete()
    audit.record(actor=actor, action="delete", object_type=kind.code, object_id=str(pk),
                 object_repr=f"{kind.label} {copy.get('date')}", org_path=org_path,
                 changes={k: [v, None] for k, v in copy.items()})


def _audited(kind: Kind) -> list[str]:
    names = [col.field for col in kind.columns if col.type not in (PERSONS, PERSON_OR_ORG) and col.field != "org"]
    if kind.code == "honour":
        names += ["recipient_person", "recipient_org"]
    return names + ["notes"]


def _is_text(kind: Kind, name: str) -> bool:
    field = kind.model._meta.get_field(name)
    return field.get_internal_type() in ("CharField", "TextField")
