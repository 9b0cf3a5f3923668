"""Plausibility beyond validity: values a ledger entry may hold but that are unusual for this union.

An amount far above what the union usually records for that kind and field (99,999,999,999 元 of aid), or an
entry dated after today, is not wrong by itself: the form asks the officer to confirm it
(`entry_save(confirmed=False)` refuses it until they do), and the tables' logic checks list the entries whose
amounts were accepted anyway (`unusual_entries`).

"Usual" is read from the union's own records: UNUSUAL_FACTOR times the median of the last HISTORY non-zero
values of that kind and field, never below the field's floor (a union with no history yet is held to the
floor alone).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.core.scope_guard import unscoped
from gonghui.ledgers.columns import money_text
from gonghui.ledgers.kinds import KINDS, Kind
from gonghui.orgs.models import Org
from gonghui.orgs.tree import subtree_q, union_of

UNUSUAL_FACTOR = Decimal(10)
HISTORY = 200
MIN_HISTORY = 5
DEFAULT_FLOOR = Decimal(50000)
# Amounts that are ordinary for a base union whatever its history: one 慰问 of 2万, a 建议 worth millions.
FLOORS: dict[tuple[str, str], Decimal] = {
    ("aid", "amount"): Decimal(20000),
    ("aid", "goods_value"): Decimal(20000),
    ("women", "amount"): Decimal(50000),
    ("competition", "reward_amount"): Decimal(100000),
    ("suggestion", "economic_value"): Decimal(10000000),
    ("suggestion", "reward_amount"): Decimal(50000),
    ("hardship", "income_per_capita"): Decimal(20000),
}

MSG_AMOUNT = gettext_lazy("%(h)s %(v)s 元远高于本工会此类记录的通常金额（一般不超过 %(c)s 元），请核对是否多输了位数。")
MSG_FUTURE = gettext_lazy("%(h)s %(d)s 晚于今天，请确认这是已安排的事项。")


def _name(kind: Kind, field: str) -> str:
    """The column's header without its unit: 金额, not 金额(元) (the message says 元 after the amount)."""
    return kind.column(field).header.replace("(元)", "")


def floor_of(kind: Kind, field: str) -> Decimal:
    return FLOORS.get((kind.code, field), DEFAULT_FLOOR)


def usual_ceiling(kind: Kind, field: str, union: Org) -> Decimal:
    """The largest amount of `field` that reads as usual for `union`'s entries of this kind."""
    qs = kind.model.objects.filter(subtree_q(union.path, "org__"), **{f"{field}__gt": 0})
    with unscoped("plausibility reads the union's own history, whoever records"):
        values = sorted(qs.order_by("-date", "-id").values_list(field, flat=True)[:HISTORY])
    floor = floor_of(kind, field)
    if len(values) < MIN_HISTORY:
        return floor
    return max(floor, values[len(values) // 2] * UNUSUAL_FACTOR)


def entry_warnings(kind: Kind, values: dict[str, Any], union: Org, *,
                   today: dt.date | None = None) -> dict[str, list[str]]:
    """{field: [Chinese message]} of the allowed-but-unusual values of one entry: the officer confirms them."""
    today = today or timezone.localdate()
    warnings: dict[str, list[str]] = {}
    for field in kind.money_fields:
        amount = values.get(field)
        if amount is None or amount <= floor_of(kind, field):
            continue  # below the floor nothing is unusual: no query
        ceiling = usual_ceiling(kind, field, union)
        if amount > ceiling:
            warnings.setdefault(field, []).append(str(MSG_AMOUNT % {
                "h": _name(kind, field), "v": money_text(amount), "c": money_text(ceiling)}))
    date = values.get("date")
    if isinstance(date, dt.date) and date > today:
        warnings.setdefault("date", []).append(str(MSG_FUTURE % {"h": kind.date_header, "d": date.isoformat()}))
    return warnings


@dataclass(frozen=True)
class Unusual:
    kind: Kind
    entry: Any
    field: str
    amount: Decimal
    ceiling: Decimal

    @property
    def message(self) -> str:
        return str(MSG_AMOUNT % {"h": _name(self.kind, self.field), "v": money_text(self.amount),
                                 "c": money_text(self.ceiling)})


def unusual_entries(*, org: Org, start: dt.date, end: dt.date) -> list[Unusual]:
    """Entries of `org`'s subtree dated in [start, end] with an amount far above their union's usual one:
    the tables' logic checks (reports/) list them. One query per money field, plus one per union and field
    for the entries above the floor."""
    found: list[Unusual] = []
    ceilings: dict[tuple[str, str, int], Decimal] = {}
    for kind in KINDS.values():
        for field in kind.money_fields:
            qs = kind.model.objects.filter(subtree_q(org.path, "org__"), date__gte=start, date__lte=end,
                                           **{f"{field}__gt": floor_of(kind, field)}).select_related("org")
            with unscoped("the tables' logic checks read the whole subtree they report"):
                candidates = list(qs.order_by("date", "id"))
            for entry in candidates:
                union = union_of(entry.org)
                key = (kind.code, field, union.pk)
                if key not in ceilings:
                    ceilings[key] = usual_ceiling(kind, field, union)
                amount = getattr(entry, field)
                if amount > ceilings[key]:
                    found.append(Unusual(kind, entry, field, amount, ceilings[key]))
    return found
