"""Which model fields a ledger kind's columns fill, what a blank one stores, and its participants' link table."""

from __future__ import annotations

from typing import Any

from gonghui.ledgers.kinds import PERSON_OR_ORG, PERSONS, Kind

CHUNK = 900  # ids per IN (...) query


def model_fields(col) -> tuple[str, ...]:
    """The model fields a column fills (获奖对象 fills two; 参加人员 none: it is a many-to-many)."""
    if col.type == PERSON_OR_ORG:
        return ("recipient_person", "recipient_org")
    if col.type == PERSONS:
        return ()
    return (col.field,)


def key_fields(kind: Kind) -> tuple[str, ...]:
    out: list[str] = []
    for name in kind.natural_key:
        out.extend(model_fields(kind.column(name)))
    return tuple(out)


def m2m_field(kind: Kind) -> str | None:
    return kind.persons_field


def _is_text(kind: Kind, name: str) -> bool:
    return kind.model._meta.get_field(name).get_internal_type() in ("CharField", "TextField")


def empty_value(kind: Kind, name: str) -> Any:
    """What a field holds when blank or not in the file (for a new entry): "" for text, else None; aid counts 1."""
    if name in kind.defaults:
        return kind.defaults[name]
    return "" if _is_text(kind, name) else None


def through_of(kind: Kind):
    """The participants' link model and its two column names (entry, person)."""
    name = m2m_field(kind)
    f = kind.model._meta.get_field(name)
    return f.remote_field.through, f.m2m_field_name(), f.m2m_reverse_field_name()
