"""The indicator registry: every number a report shows is defined here once.

An indicator is (code, 名称, unit, one-line definition, a function of (org, period) that runs set-based
queries). Summary, tables, dashboard, API and CLI all read values through `compute`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from gonghui.core.periods import Period
from gonghui.orgs.models import Org

COUNT, MONEY, RATE = "count", "money", "rate"
UNITS = {COUNT: "", MONEY: "元", RATE: "%"}


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str  # 个/人/次/人次/户/项/篇/元/%
    kind: str  # count, money or rate
    definition: str
    fn: Callable[[Org, Period], object]
    source: str = ""  # the ledger kind or table whose entries lie behind the number

    def value(self, org: Org, period: Period):
        raw = self.fn(org, period)
        if self.kind == COUNT:
            return int(raw or 0)
        if self.kind == MONEY:
            return Decimal(raw or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return raw


INDICATORS: dict[str, Indicator] = {}


def indicator(code: str, name: str, unit: str, definition: str, *, kind: str = COUNT, source: str = ""):
    def wrap(fn):
        if code in INDICATORS:
            raise ValueError(f"indicator {code} defined twice")
        INDICATORS[code] = Indicator(code, name, unit, kind, definition, fn, source)
        return fn

    return wrap


def compute(org: Org, period: Period, codes: list[str] | None = None) -> dict[str, object]:
    """Values of the indicators for the org's subtree and the period (all of them by default)."""
    from gonghui.indicators import definitions  # noqa: F401  registers the indicators

    wanted = codes or list(INDICATORS)
    unknown = [c for c in wanted if c not in INDICATORS]
    if unknown:
        raise KeyError(unknown)
    values: dict[str, object] = {}
    for code in wanted:
        if code == "membership_rate":
            continue
        values[code] = INDICATORS[code].value(org, period)
    if "membership_rate" in wanted:
        # Not values.get(code, default): the default would be computed even when the value is there.
        members = values["members"] if "members" in values else INDICATORS["members"].value(org, period)
        workers = values["workers"] if "workers" in values else INDICATORS["workers"].value(org, period)
        values["membership_rate"] = rate(members, workers)
    return {code: values[code] for code in wanted}


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def all_indicators() -> list[Indicator]:
    from gonghui.indicators import definitions  # noqa: F401

    return list(INDICATORS.values())
