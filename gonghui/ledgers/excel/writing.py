"""Ledger import, step 4: the plan written set-based in one transaction (core.tabular.bulk).

New entries (their ids read back by key), changed entries, participant links, one audit row per created or
updated entry shaped like entry_save's, and one 'import' audit row. A failure anywhere rolls all of it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.models import AuditEvent
from gonghui.core.scope_guard import unscoped
from gonghui.core.tabular import ImportResult
from gonghui.core.tabular.bulk import insert_many, update_many
from gonghui.ledgers.excel.fields import CHUNK, through_of
from gonghui.ledgers.excel.lookup import OrgIndex, PeopleIndex
from gonghui.ledgers.excel.planning import Planner
from gonghui.ledgers.kinds import PERSON, PERSON_OR_ORG, Kind
from gonghui.ledgers.services import _audited
from gonghui.orgs.models import Org


@unscoped("the import writes the rows its plan checked, after can_write_ledgers")
def write_plan(*, actor, kind: Kind, org: Org, planner: Planner, result: ImportResult) -> None:
    plan = planner.plan
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    actor_name = getattr(actor, "username", "") or ""
    source = audit.current_source.get()
    fields = planner.fields
    m2m = planner.m2m
    orgs, people = planner.orgs, planner.people
    union_orgs = planner.union_orgs if kind.names_orgs else None
    audited = _audited(kind)
    fk_names = _fk_names(kind, people, union_orgs)

    def plain(name: str, value: Any) -> Any:
        if value is None:
            return None
        if name in fk_names:
            return fk_names[name](value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    def snapshot(values: dict[str, Any]) -> dict[str, Any]:
        return {name: plain(name, values.get(name)) for name in audited}

    with transaction.atomic():
        # 1. New entries; their ids read back by key (rows above the largest id before).
        insert_fields = (*fields, "created_by", "created_at", "updated_at")  # fields include 备注 (notes)
        floor_pk = kind.model.objects.aggregate(m=Max("pk"))["m"] or 0

        def entry_rows():
            for _row, merged, _people in plan.creates:
                yield (*(merged.get(f) for f in insert_fields[:-3]), actor_id, now, now)

        insert_many(kind.model, insert_fields, entry_rows())
        new_pk: dict[tuple, int] = {}
        if plan.creates:
            key = planner.key
            org_in_key = not kind.unique_in_union
            for pk, org_id, *values in (kind.model.objects.filter(pk__gt=floor_pk, created_at=now).order_by()
                                        .values_list("pk", "org", *key).iterator(chunk_size=5000)):
                new_pk[((org_id,) if org_in_key else ()) + tuple(values)] = pk

        # 2. Changed entries: one UPDATE statement shape per set of changed fields.
        groups: dict[tuple[str, ...], list[tuple]] = {}
        for _row, pk, stored, merged, _old, _new in plan.updates:
            changed = tuple(f for f in fields if merged[f] != stored[f])
            groups.setdefault((*changed, "updated_at"), []).append((*(merged[f] for f in changed), now, pk))
        for names, rows in groups.items():
            update_many(kind.model, names, rows)

        # 3. Participants: links of new entries, and a fresh set for entries whose list changed.
        if m2m:
            through, src, tgt = through_of(kind)
            replaced = [pk for _row, pk, _s, _m, old, new in plan.updates if new is not None and new != old]
            for start in range(0, len(replaced), CHUNK):
                through.objects.filter(**{f"{src}__in": replaced[start:start + CHUNK]})._raw_delete(
                    through.objects.db)

            def links():
                for row, _merged, persons in plan.creates:
                    entry_id = new_pk[row.key]
                    for person_id in persons:
                        yield (entry_id, person_id)
                for _row, pk, _s, _m, old, new in plan.updates:
                    if new is not None and new != old:
                        for person_id in new:
                            yield (pk, person_id)

            insert_many(through, (src, tgt), links())

        # 4. The audit trail, as entry_save writes it, plus one row for the import.
        audit_fields = ("at", "actor", "actor_name", "source", "action", "object_type", "object_id",
                        "object_repr", "org_path", "changes")

        def audit_rows():
            for row, merged, persons in plan.creates:
                changes = audit.diff({}, snapshot(merged))
                if m2m and persons:
                    changes[m2m] = [0, len(persons)]
                yield (now, actor_id, actor_name, source, AuditEvent.Action.CREATE, kind.code,
                       str(new_pk[row.key]), f"{kind.label} {merged['date']}"[:200], orgs.path(merged["org"]),
                       changes)
            for _row, pk, stored, merged, old, new in plan.updates:
                changes = audit.diff(snapshot(stored), snapshot(merged))
                if new is not None and new != old:
                    changes[m2m] = [len(old), len(new)]
                yield (now, actor_id, actor_name, source, AuditEvent.Action.UPDATE, kind.code, str(pk),
                       f"{kind.label} {merged['date']}"[:200], orgs.path(merged["org"]), changes)

        insert_many(AuditEvent, audit_fields, audit_rows())
        c = result.counts
        audit.record(actor=actor, action=AuditEvent.Action.IMPORT, object_type="ledger_import",
                     object_id=str(org.pk), object_repr=f"{org.name} {kind.label}台账导入 {result.filename}"[:200],
                     org_path=org.path,
                     changes={"kind": kind.code, "file": result.filename, "created": c["created"],
                              "updated": c["updated"], "unchanged": c["unchanged"], "refused": c["refused"]})


def _fk_names(kind: Kind, people: PeopleIndex, union_orgs: OrgIndex | None) -> dict[str, Callable[[int], str]]:
    """Audit rows name people and orgs as entry_save's snapshot does (str(): the name)."""
    from gonghui.people.models import Person

    def person(pk: int) -> str:
        if pk in people.info:
            return people.name(pk)
        return Person.objects.filter(pk=pk).values_list("name", flat=True).first() or str(pk)

    def org(pk: int) -> str:
        if union_orgs is not None and pk in union_orgs.by_id:
            return union_orgs.name(pk)
        return Org.objects.filter(pk=pk).values_list("name", flat=True).first() or str(pk)

    out: dict[str, Callable[[int], str]] = {}
    for col in kind.columns:
        if col.type == PERSON:
            out[col.field] = person
        elif col.type == PERSON_OR_ORG:
            out["recipient_person"], out["recipient_org"] = person, org
    return out

