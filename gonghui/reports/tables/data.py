"""The numbers behind the tables, all from the registry, gathered once and shared by sheets and checks.

The per-child parts (one column per union of a federation, per branch of a union) and the org's own total
come from `registry.compute_with_breakdown`: one grouped query per batch of indicators for all the children at
once, never one `compute` per child, and no second scan for the total. `Calc.prefetch` puts them in the
cache, so `Calc.get(org or child, ...)` then reads them. The months and quarters come from
`registry.compute_slices` (`Calc.slices`): a flow is one query for all of them.

Nothing here counts people or entries. The only arithmetic is on registry values: the "本级" part
(an org's value minus its children's), the 会员发展 "其他" row, and sums of months/quarters (which the
workbook also writes as formulas, and the checks compare with the registry's whole-period value).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import Period, parse_period
from gonghui.indicators import registry
from gonghui.orgs.models import Org, OrgKind

from .spec import (
    ACTIVITY,
    BASIC,
    DEMOCRACY,
    MEMBERSHIP,
    MONTHLY,
    NOT_TABLED,
    OPENING,
    OTHER,
    OTHER_SECTION,
    RATE,
    RIGHTS,
    SHEETS,
    Row,
    Sheet,
)


def defined(code: str) -> bool:
    return code in registry.INDICATORS


def unit_of(row: Row) -> str:
    if row.unit:
        return row.unit
    from .spec import PSEUDO_UNITS

    if row.code in PSEUDO_UNITS:
        return PSEUDO_UNITS[row.code]
    return registry.INDICATORS[row.code].unit if defined(row.code) else ""


def untabled_codes() -> list[str]:
    """Registry indicators that no sheet prints (a new area before it has rows of its own)."""
    on_sheets = {r.code for sheet in SHEETS for r in sheet.rows if r.code}
    return [ind.code for ind in registry.all_indicators() if ind.code not in on_sheets and ind.code not in NOT_TABLED]


def rows_for(sheet: Sheet, org: Org) -> list[Row]:
    """The rows of a sheet for this org; the last breakdown sheet ends with every indicator no sheet prints,
    so the workbook covers the whole registry."""
    rows = [r for r in sheet.rows if not r.only_for or org.kind in r.only_for]
    if sheet is RIGHTS:
        extra = untabled_codes()
        if extra:
            rows += [Row(OTHER_SECTION, section=True)] + [
                Row(registry.INDICATORS[c].name, c, kind=RATE if is_rate(c) else "value") for c in extra]
    return rows


def _key(org: Org, period: Period) -> tuple:
    return org.pk, period.start, period.end


class Calc:
    """The registry's values with a cache per (org, period): each indicator is computed once per workbook."""

    def __init__(self):
        self._cache: dict[tuple, dict] = {}

    def get(self, org: Org, period: Period, codes) -> dict:
        have = self._cache.setdefault(_key(org, period), {})
        missing = [c for c in dict.fromkeys(codes) if c not in have and defined(c)]
        if missing:
            have.update(registry.compute(org, period, missing))
        return {c: have[c] for c in codes if c in have}

    def _missing(self, codes, keys: list[tuple]) -> list[str]:
        """The defined codes that some of the (org, period) keys have no value for yet."""
        return [c for c in dict.fromkeys(codes)
                if defined(c) and any(c not in self._cache.get(k, {}) for k in keys)]

    def _put(self, key: tuple, values: dict) -> None:
        have = self._cache.setdefault(key, {})
        for code, value in values.items():
            have.setdefault(code, value)

    def slices(self, org: Org, periods: list[Period], codes) -> list[dict]:
        """get() for each period, what is missing computed for all of them at once (registry.compute_slices:
        a flow is one query for all the periods)."""
        missing = self._missing(codes, [_key(org, p) for p in periods])
        if missing:
            for p, values in zip(periods, registry.compute_slices(org, periods, missing)):
                self._put(_key(org, p), values)
        return [self.get(org, p, codes) for p in periods]

    def prefetch(self, org: Org, period: Period, codes, children: list[Org]) -> None:
        """The values of the children (direct children of org) and of org itself in one
        compute_with_breakdown: grouped queries, the org's counts and sums added up from its parts."""
        if not children:
            self.get(org, period, codes)
            return
        missing = self._missing(codes, [_key(o, period) for o in [org, *children]])
        if not missing:
            return
        total, parts = registry.compute_with_breakdown(org, period, missing, children=children)
        self._put(_key(org, period), total)
        for kid in children:
            self._put(_key(kid, period), parts[kid.pk])


# --- parts: one column per branch (a union) or per union (a federation) -----------------------------------

@dataclass
class Part:
    label: str
    org: Org | None  # None: the org's own level (本级), derived as total − Σ children
    values: dict


@dataclass
class Breakdown:
    total: dict  # registry values for the whole org subtree
    parts: list[Part] = field(default_factory=list)

    @property
    def children(self) -> list[Part]:
        return [p for p in self.parts if p.org is not None]

    @property
    def own(self) -> Part | None:
        return next((p for p in self.parts if p.org is None), None)


def part_orgs(org: Org, period: Period, viewer=SYSTEM) -> list[Org]:
    """The parts of the org in the period (`registry.part_orgs`: tree.parts_in_period), within the viewer's sight."""
    return registry.part_orgs(org, period, viewer)


def own_label(org: Org) -> str:
    return {OrgKind.UNION: "工会本级（含直属小组）", OrgKind.FEDERATION: "本级（直属）"}.get(org.kind, "本级")


def additive(code: str) -> bool:
    """Values of disjoint subtrees add up: the registry says so of each indicator (not of rates nor distinct
    counts); the tables' own codes (期初, 其他) are counts."""
    return registry.INDICATORS[code].additive if defined(code) else True


def is_rate(code: str) -> bool:
    return defined(code) and registry.INDICATORS[code].ratio is not None


def breakdown(org: Org, period: Period, fetch, viewer=SYSTEM, *, always_own: bool | None = None,
              prefetch=None) -> Breakdown:
    """fetch(org) -> {code: value}; prefetch(children), when given, first computes the children's values at
    once (Calc.prefetch: grouped queries), so fetch(child) reads them. The 本级 part is always shown for a
    union or branch; for a federation (whose counts should equal the sum of its unions) only when it is not
    all zero."""
    children = part_orgs(org, period, viewer)
    if prefetch is not None:
        prefetch(children)
    total = fetch(org)
    result = Breakdown(total)
    for child in children:
        result.parts.append(Part(child.name, child, fetch(child)))
    if not result.parts:
        return result
    own = {}
    for code, value in total.items():
        if additive(code) and value is not None:
            own[code] = value - sum((p.values.get(code) or 0) for p in result.parts)
    rates = [code for code in total if is_rate(code)]
    own.update(registry.derive_rates(own, rates))
    show = always_own if always_own is not None else org.kind != OrgKind.FEDERATION
    if show or any(v for c, v in own.items() if not is_rate(c)):
        result.parts.append(Part(own_label(org), None, own))
    return result


def codes_of(rows) -> list[str]:
    return [r.code for r in rows if r.code and not r.section]


def sheet_codes(sheet: Sheet, org: Org) -> list[str]:
    codes = [c for c in codes_of(rows_for(sheet, org)) if defined(c)]
    for code in [c for c in codes if is_rate(c)]:  # the 本级 rate is derived from its numerator and denominator
        ratio = registry.INDICATORS[code].ratio
        codes += [c for c in (ratio.numerator, ratio.denominator) if c not in codes]
    return codes


def basic_codes(org: Org) -> list[str]:
    return sheet_codes(BASIC, org)


def sheet_breakdown(calc: Calc, org: Org, period: Period, sheet: Sheet, viewer=SYSTEM) -> Breakdown:
    """A sheet of registry values with one column per part (BASIC, DEMOCRACY, RIGHTS)."""
    codes = sheet_codes(sheet, org)
    return breakdown(org, period, lambda o: calc.get(o, period, codes), viewer,
                     prefetch=lambda kids: calc.prefetch(org, period, codes, kids))


def basic_breakdown(calc: Calc, org: Org, period: Period, viewer=SYSTEM) -> Breakdown:
    return sheet_breakdown(calc, org, period, BASIC, viewer)


def opening_period(period: Period) -> Period:
    day = period.start - dt.timedelta(days=1)
    return parse_period(start=day, end=day)


FLOWS = ["members_joined", "members_transferred_in", "members_transferred_out", "members_left", "members"]


def membership_codes() -> list[str]:
    return FLOWS + [c for c in codes_of(MEMBERSHIP.rows) if defined(c) and c not in FLOWS]


def membership_values(calc: Calc, o: Org, period: Period) -> dict:
    v = calc.get(o, period, membership_codes())
    v[OPENING] = calc.get(o, opening_period(period), ["members"])["members"]
    v[OTHER] = v["members"] - (v[OPENING] + v["members_joined"] + v["members_transferred_in"]
                               - v["members_transferred_out"] - v["members_left"])
    return v


def membership_breakdown(calc: Calc, org: Org, period: Period, viewer=SYSTEM) -> Breakdown:
    def prefetch(kids):
        calc.prefetch(org, period, membership_codes(), kids)
        calc.prefetch(org, opening_period(period), ["members"], kids)

    return breakdown(org, period, lambda o: membership_values(calc, o, period), viewer, prefetch=prefetch)


# --- slices: one column per month or quarter --------------------------------------------------------------

@dataclass
class Slice:
    label: str
    period: Period
    values: dict


def _slices(period: Period, months: int) -> list[tuple[str, Period]]:
    out = []
    multi_year = period.start.year != period.end.year
    y, m = period.start.year, ((period.start.month - 1) // months) * months + 1
    while dt.date(y, m, 1) <= period.end:
        last_m = m + months - 1
        first, last = dt.date(y, m, 1), dt.date(y, last_m, calendar.monthrange(y, last_m)[1])
        s, e = max(first, period.start), min(last, period.end)
        if (s, e) == (first, last):
            p = parse_period(f"{y}-{m:02d}" if months == 1 else f"{y}Q{(m - 1) // 3 + 1}")
        else:
            p = parse_period(start=s, end=e)
        name = f"{m}月" if months == 1 else f"第{'一二三四'[(m - 1) // 3]}季度"
        if multi_year:
            name = f"{y}年{name}"
        if (s, e) != (first, last):
            name += f"（{s.month}.{s.day}–{e.month}.{e.day}）"
        out.append((name, p))
        m += months
        if m > 12:
            y, m = y + 1, 1
    return out


def month_slices(period: Period) -> list[tuple[str, Period]]:
    return _slices(period, 1)


def quarter_slices(period: Period) -> list[tuple[str, Period]]:
    return _slices(period, 3)


@dataclass
class TimeTable:
    slices: list[Slice]
    total: dict  # the registry's whole-period values
    year_to_date: Slice | None = None  # 本年累计, when the period is a single slice


def time_table(calc: Calc, org: Org, period: Period, sheet: Sheet, slicer) -> TimeTable:
    codes = [c for c in codes_of(sheet.rows) if defined(c)]
    total = calc.get(org, period, codes)
    cuts = slicer(period)
    if len(cuts) <= 1:
        ytd = Period(dt.date(period.end.year, 1, 1), period.end)
        return TimeTable([Slice("本期", period, total)], total,
                         Slice("本年累计", ytd, calc.get(org, ytd, codes)))
    values = calc.slices(org, [p for _, p in cuts], codes)
    return TimeTable([Slice(label, p, v) for (label, p), v in zip(cuts, values)], total)


def activity_table(calc, org, period):
    return time_table(calc, org, period, ACTIVITY, quarter_slices)


def monthly_table(calc, org, period):
    return time_table(calc, org, period, MONTHLY, month_slices)


def slice_sum(slices: list[Slice], code: str):
    values = [s.values.get(code) for s in slices]
    if any(isinstance(v, Decimal) for v in values):
        return sum((Decimal(v or 0) for v in values), Decimal("0.00"))
    return sum(v or 0 for v in values)


@dataclass
class TablesData:
    org: Org
    period: Period
    basic: Breakdown
    membership: Breakdown
    activity: TimeTable
    monthly: TimeTable
    democracy: Breakdown = field(default_factory=lambda: Breakdown({}))
    rights: Breakdown = field(default_factory=lambda: Breakdown({}))
    silent: list[Org] = field(default_factory=list)  # parts with nothing recorded in the period


def gather(org: Org, period: Period, viewer=SYSTEM) -> TablesData:
    from .spec import ACTIVITY_CODES

    calc = Calc()
    # Every value of the period, for the org and its parts, at once: one grouped query per batch of codes
    # (the 职工 and 会员 batches read the people tables once for all the sheets).
    codes = [*basic_codes(org), *membership_codes(), *ACTIVITY_CODES, *codes_of(ACTIVITY.rows),
             *codes_of(MONTHLY.rows), *sheet_codes(DEMOCRACY, org), *sheet_codes(RIGHTS, org)]
    calc.prefetch(org, period, codes, part_orgs(org, period, viewer))
    basic = basic_breakdown(calc, org, period, viewer)
    data = TablesData(org, period, basic, membership_breakdown(calc, org, period, viewer),
                      activity_table(calc, org, period), monthly_table(calc, org, period),
                      sheet_breakdown(calc, org, period, DEMOCRACY, viewer),
                      sheet_breakdown(calc, org, period, RIGHTS, viewer))
    calc.prefetch(org, period, ACTIVITY_CODES, [part.org for part in basic.children])
    for part in basic.children:
        values = calc.get(part.org, period, ACTIVITY_CODES)
        if not any(values.values()):
            data.silent.append(part.org)
    return data
