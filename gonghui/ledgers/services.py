"""Writes to the ledgers: one body for the form, the importer, the API and the demo.

`entry_save` takes already-typed values (dates, Decimals, Person and Org objects); parsing text is the
importer's and the form's job. It applies the rules the numbers depend on (docs/ledgers.md), stores 人次,
and writes the audit row in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scope_guard import unscoped
from gonghui.ledgers import plausibility
from gonghui.ledgers.attachments import (
    attachments_check,
    attachments_delete,
    attachments_follow,
    attachments_store,
)
from gonghui.ledgers.kinds import PERSON_OR_ORG, PERSONS, Kind
from gonghui.ledgers.models import LedgerEntry
from gonghui.ledgers.rights import LEDGER_WRITE_ROLES, can_write_ledgers
from gonghui.ledgers.rules import LATER_DATES, check_entry, stored_rules
from gonghui.ledgers.vouchers import entry_voucher
from gonghui.orgs.models import Org
from gonghui.orgs.tree import subtree_q, union_of
from gonghui.people.models import Person

__all__ = ["LATER_DATES", "LEDGER_WRITE_ROLES", "UNCONFIRMED", "can_write_ledgers", "check_entry", "entry_delete",
           "entry_problems", "entry_review", "entry_save", "entry_warnings"]

# The code of a ValidationError that a confirmation clears (an unusual amount, a date ahead of today).
UNCONFIRMED = "unconfirmed"


def _case_holders(kind: Kind, union: Org, values: dict[str, Any], instance: LedgerEntry | None) -> list[int]:
    """Org ids of the other entries of the union holding this entry's 案号."""
    if not (kind.unique_in_union and values.get("case_no")):
        return []
    clash = kind.model.objects.filter(subtree_q(union.path, "org__"), case_no=values["case_no"])
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    with unscoped("a 案号 is unique in the whole union, whoever records it"):
        return list(clash.values_list("org_id", flat=True))


def entry_problems(*, kind: Kind, org: Org | None, values: dict[str, Any], participants: Iterable | None = None,
                   instance: LedgerEntry | None = None) -> dict[str, list[str]]:
    """Every rule entry_save applies, as {field: [Chinese message]} without writing (part of entry_review,
    which the form calls when some fields could not be read, so an officer sees all errors in one round).
    `values` may lack the fields the form could not read; sets values["person_times"] like entry_save."""
    people = list(dict.fromkeys(participants or []))
    errors = check_entry(kind, values, people, instance)
    if org is None:
        return errors
    union = union_of(org)
    for field, messages in stored_rules(kind, values, people,
                                        case_holders=_case_holders(kind, union, values, instance)).items():
        errors.setdefault(field, []).extend(messages)
    named = {field: [values[field]] for field in ("recipient", "person", "recipient_person")
             if isinstance(values.get(field), Person)}
    if kind.persons_field and people:
        named[kind.persons_field] = people
    for field, persons in named.items():
        outsiders = [p.name for p in persons if not p.org.path.startswith(union.path)]
        if outsiders:
            errors.setdefault(field, []).append(
                _("以下人员不在本工会名册中：%(names)s。") % {"names": "、".join(outsiders)})
    return errors


def entry_warnings(*, kind: Kind, org: Org, values: dict[str, Any]) -> dict[str, list[str]]:
    """What is allowed but unusual for the union (plausibility.entry_warnings): asked, not refused."""
    return plausibility.entry_warnings(kind, values, union_of(org))


def entry_review(*, kind: Kind, org: Org | None, values: dict[str, Any], participants: Iterable | None = None,
                 instance: LedgerEntry | None = None, confirmed: bool = True,
                 uploads: Iterable = ()) -> dict[str, list[ValidationError]]:
    """Everything entry_save would say about an entry, without writing: {field: [ValidationError]}, empty
    when it can be saved. Errors, the files' problems (under "files"), and unless `confirmed` what is
    unusual (code UNCONFIRMED; not on a field that is refused anyway). `org` None (not readable): the rules
    that need no org only."""
    errors = entry_problems(kind=kind, org=org, values=values, participants=participants, instance=instance)
    file_errors = attachments_check(uploads)
    if file_errors:
        errors.setdefault("files", []).extend(file_errors)
    review: dict[str, list[ValidationError]] = {f: [ValidationError(m) for m in ms] for f, ms in errors.items()}
    if not confirmed and org is not None:
        for field, messages in entry_warnings(kind=kind, org=org, values=values).items():
            if field not in errors:
                review[field] = [ValidationError(m, code=UNCONFIRMED) for m in messages]
    return review


@transaction.atomic
def entry_save(
    *, actor, kind: Kind, org: Org, values: dict[str, Any], participants: Iterable | None = None,
    instance: LedgerEntry | None = None, confirmed: bool = True, uploads: Iterable = (),
) -> LedgerEntry:
    """Write one entry (and `uploads`, files to attach, checked by content first) in one transaction.

    confirmed=False (the entry form until the officer ticks 已核对) refuses what is allowed but unusual
    (entry_warnings) with code "unconfirmed", together with every error, in one ValidationError. Faces that
    cannot ask (the demo, the API) pass the default; the tables' logic checks list unusual amounts anyway."""
    if not can_write_ledgers(actor, org):
        raise PermissionDenied
    if instance is not None and not can_write_ledgers(actor, instance.org):
        raise PermissionDenied
    people = list(dict.fromkeys(participants or []))
    values = dict(values)
    uploads = list(uploads or [])
    review = entry_review(kind=kind, org=org, values=values, participants=people, instance=instance,
                          confirmed=confirmed, uploads=uploads)
    if review:
        raise ValidationError(review)
    entry = instance or kind.model()
    before = audit.snapshot(entry, _audited(kind)) if instance is not None else {}
    moved = instance is not None and instance.org_id != org.pk
    entry.org = org
    # 获奖对象 arrives as recipient_person / recipient_org; the column itself is not a field.
    virtual = {col.field for col in kind.columns if col.type in (PERSON_OR_ORG, PERSONS)}
    for name, value in values.items():
        if name in virtual:
            continue
        setattr(entry, name, "" if value is None and _is_text(kind, name) else value)
    if instance is None and getattr(actor, "pk", None):
        entry.created_by = actor
    m2m = kind.persons_field
    entry.full_clean(exclude=["org", "created_by", "participants", "proposers"])
    entry.save()
    if moved:
        attachments_follow(kind=kind, entry=entry)
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
    attachments_store(actor=actor, kind=kind, entry=entry, uploads=uploads)  # rolls back with the entry
    # The draft voucher of the money the entry paid out, in the same transaction (ledgers/vouchers.py).
    entry_voucher(actor=actor, kind=kind, entry=entry, created=instance is None)
    return entry


@transaction.atomic
def entry_delete(*, actor, kind: Kind, entry: LedgerEntry) -> None:
    """Delete an entry and its attachments (rows now, files after commit); the audit row keeps a full copy
    of what the entry held. The one delete of the page, the API and the CLI."""
    if not can_write_ledgers(actor, entry.org):
        raise PermissionDenied
    attachments_delete(actor=actor, kind=kind, entry=entry)
    entry_voucher(actor=actor, kind=kind, entry=entry, deleted=True)
    copy = audit.snapshot(entry, _audited(kind))
    pk, org_path = entry.pk, entry.org.path
    entry.delete()
    audit.record(actor=actor, action="delete", object_type=kind.code, object_id=str(pk),
                 object_repr=f"{kind.label} {copy.get('date')}", org_path=org_path,
                 changes={k: [v, None] for k, v in copy.items()})


def _audited(kind: Kind) -> list[str]:
    names = []
    for col in kind.columns:
        if col.type == PERSON_OR_ORG:
            names += ["recipient_person", "recipient_org"]
        elif col.type != PERSONS and col.field != "org":
            names.append(col.field)
    return names + ["notes"]


def _is_text(kind: Kind, name: str) -> bool:
    field = kind.model._meta.get_field(name)
    return field.get_internal_type() in ("CharField", "TextField")
