"""Minimal valid entries of every kind, derived from the declarations in ledgers.kinds (so a new kind or a
new required column is covered without touching the tests): typed values for `entry_save`, and the same
entry as an API body."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gonghui.ledgers import kinds as lk
from gonghui.ledgers.kinds import KINDS, Kind
from gonghui.ledgers.services import entry_save

DAY = dt.date(2026, 3, 1)


def sample_values(kind: Kind, person, n: int = 1) -> dict:
    """Typed values of the required columns; `n` makes texts (案号 included) differ between entries."""
    values: dict = {}
    for col in kind.columns:
        if not col.required or col.type == lk.ORG:
            continue
        if col.type == lk.DATE:
            values[col.field] = DAY
        elif col.type == lk.CHOICE:
            values[col.field] = col.choices.values[0]
        elif col.type == lk.INT:
            values[col.field] = 10
        elif col.type == lk.MONEY:
            values[col.field] = Decimal("100.00")
        elif col.type == lk.PERSON:
            values[col.field] = person
        elif col.type == lk.PERSON_OR_ORG:
            values["recipient_person"] = person
        else:
            values[col.field] = f"{col.header}{n}"
    return values


def sample_body(kind: Kind, person, org="UA", n: int = 1) -> dict:
    body: dict = {"org": org}
    for name, value in sample_values(kind, person, n).items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif hasattr(value, "pk"):
            value = value.pk
        body[name] = value
    return body


def make_entry(cast, code: str, org=None, n: int = 99, **values):
    kind = KINDS[code]
    participants = values.pop("participants", ())
    return entry_save(actor=cast.root, kind=kind, org=org or cast.ua,
                      values={**sample_values(kind, cast.wang_person, n), **values}, participants=list(participants))
