"""The indicator registry: every number a report shows is defined here once.

An indicator is (code, 名称, unit, one-line definition, a function of (org, period)). Summary, tables,
dashboard, API and CLI all read values through `compute` (one org), `compute_breakdown` (each direct child
of an org, and the org's own level, at once), `compute_with_breakdown` (both from the grouped queries alone)
or `compute_slices` (one org, several periods such as the months of a report).

The function returns a `Measure`: an unevaluated QuerySet of the rows of the org's subtree, what to aggregate
(count, sum or distinct count of a field, optionally under a `where` condition), where a row's org path is,
and for a flow (rows placed in the period by one date field alone) that field. The registry evaluates it
whole (`compute`), grouped by the child the row's org lies under (`compute_breakdown`), or for several
periods at once by filtered aggregates over their span (`compute_slices`, flows only): one definition serves
all, so a breakdown or a month can never disagree with the value. Measures over the same QuerySet
(职工/女职工/派遣职工, the suggestion counts and sums, ...) are evaluated together as one query with filtered
aggregates. A function may also return a plain value (computed its own way); such an indicator is computed per
child in a breakdown (none does today).

A rate (`rate(...)`) is declared by a numerator code, a denominator code and a precision. It is never queried
nor summed: every face (compute, the breakdown and its 本级, slices, a federation's total) computes the two
codes first and divides them last, so a rate of a sum is never a sum of rates.

A Measure and how measures become SQL (batched, grouped by part) are in measure.py.

The definitions register themselves when `IndicatorsConfig.ready()` loads `definitions/`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM, scoped
from gonghui.core import prepared
from gonghui.core.periods import Period
from gonghui.core.scope_guard import fetched_through_scope, unscoped
from gonghui.indicators import versions
from gonghui.indicators.cache import CACHE, MISS, scope_key, snapshot_for
from gonghui.indicators.measure import (
    Measure,
    batches,
    dated,
    evaluate,
    grouped,
    note_reads,
    parts_of,
)
from gonghui.orgs.models import Org
from gonghui.orgs.tree import parts_in_period

COUNT, MONEY, RATE = "count", "money", "rate"
UNITS = {COUNT: "", MONEY: "元", RATE: "%"}


def _coerce(kind: str, raw):
    if kind == COUNT:
        return int(raw or 0)
    if kind == MONEY:
        return Decimal(raw or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return raw


@dataclass(frozen=True)
class Ratio:
    """A rate's declaration: numerator ÷ denominator × 100, rounded half-up to `places` decimals."""

    numerator: str
    denominator: str
    places: int = 1

    def of(self, values: dict) -> Decimal | None:
        return percent(values[self.numerator], values[self.denominator], self.places)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str  # 个/人/次/人次/户/项/篇/元/%
    kind: str  # count, money or rate
    definition: str
    fn: Callable[[Org, Period], object] | None
    source: str = ""  # the ledger kind or table whose entries lie behind the number
    additive: bool = False  # the values of disjoint parts add up to the value of their union
    ratio: Ratio | None = None  # a rate: how it is derived from two other indicators
    traceable: bool = True  # its rows can be listed (a Measure); False for a value computed its own way

    def value(self, org: Org, period: Period):
        if self.ratio is not None:
            return compute(org, period, [self.code])[self.code]
        raw = self.fn(org, period)
        if isinstance(raw, Measure):
            raw = evaluate({self.code: raw})[self.code]
        return _coerce(self.kind, raw)


INDICATORS: dict[str, Indicator] = {}


def _register(ind: Indicator) -> None:
    if ind.code in INDICATORS:
        raise ValueError(f"indicator {ind.code} defined twice")
    INDICATORS[ind.code] = ind


def indicator(code: str, name: str, unit: str, definition: str, *, kind: str = COUNT, source: str = "",
              distinct: bool = False, traceable: bool = True):
    """Register a measure. `distinct`: it counts distinct values (recipients, ...), which the same value may
    have in two parts, so the parts do not add up. `traceable=False`: the function returns a value computed its
    own way (no rows behind it to list)."""

    def wrap(fn):
        _register(Indicator(code, name, unit, kind, definition, fn, source,
                            additive=kind in (COUNT, MONEY) and not distinct, traceable=traceable))
        return fn

    return wrap


PLACES = {0: "取整数", 1: "保留一位小数", 2: "保留两位小数"}


def rate(code: str, name: str, *, numerator: str, denominator: str, places: int = 1, definition: str = "",
         source: str = "") -> Indicator:
    """Register a rate: numerator ÷ denominator × 100 (percent), rounded half-up to `places` decimals, None
    when the denominator is 0. Both codes must be registered before it."""
    num, den = INDICATORS[numerator], INDICATORS[denominator]
    definition = definition or f"{num.name} ÷ {den.name} × 100，{PLACES.get(places, f'保留{places}位小数')}"
    ind = Indicator(code, name, "%", RATE, definition, None, source, ratio=Ratio(numerator, denominator, places))
    _register(ind)
    return ind


def _wanted(codes) -> list[str]:
    wanted = list(codes or INDICATORS)
    unknown = [c for c in wanted if c not in INDICATORS]
    if unknown:
        raise KeyError(unknown)
    return wanted


def _measures(org: Org, period: Period, codes, reads: dict | None = None, snap: dict | None = None
              ) -> tuple[dict[str, Measure], dict[str, object]]:
    """The Measures of the codes, and the raw values of those whose function computed a value itself.
    `reads` gets {code: the tables the function's own queries read} (for the cache). With `snap`, a Measure
    is kept like a value (per code, org, period and day, while the tables its function read are unchanged)
    and reused unevaluated: building the QuerySets and compiling their SQL is most of the cost of computing
    a value again after a write (the queries themselves take a tenth of it)."""
    measures, plain = {}, {}
    scope = scope_key(org, period) if snap is not None else None
    for code in codes:
        got = CACHE.get(("measure", code, *scope), snap) if scope else MISS
        if got is not MISS:
            got, tables = got
        else:
            with versions.reading() as tables:
                got = INDICATORS[code].fn(org, period)
            if scope and isinstance(got, Measure):
                object.__setattr__(got, "kept", True)  # its compiled queries are kept with it (plans())
                CACHE.put(("measure", code, *scope), tables, snap, (got, frozenset(tables)))
        if reads is not None:
            reads[code] = set(tables)
        (measures if isinstance(got, Measure) else plain)[code] = got
    return measures, plain


def _with_derived(codes: list[str]) -> list[str]:
    """The codes to query: the wanted ones without the rates, plus the numerators and denominators of those."""
    need = [c for c in codes if INDICATORS[c].ratio is None]
    for code in codes:
        ratio = INDICATORS[code].ratio
        for base in (ratio.numerator, ratio.denominator) if ratio else ():
            if base not in need:
                need.append(base)
    return need


def _derive(values: dict, wanted: list[str]) -> dict:
    return derive_rates(values, wanted)


def derive_rates(values: dict, codes) -> dict:
    """{code: value} for `codes`, each rate among them computed from the numerator and denominator in
    `values` (a part's, a sum's: never a sum of rates)."""
    out = {}
    for code in codes:
        ratio = INDICATORS[code].ratio if code in INDICATORS else None
        out[code] = ratio.of(values) if ratio is not None else values[code]
    return out


_call_memo: ContextVar[dict | None] = ContextVar("gonghui_indicator_call_memo", default=None)


def call_memo() -> dict | None:
    """A dict that lives for one call of compute / compute_slices / compute_breakdown / compute_with_breakdown
    (None outside one): indicators that compute their own values keep there what several of them share, so
    nothing outlives the call and goes stale."""
    return _call_memo.get()


def _counts_subtree(fn):
    """An indicator counts the subtree of `org`. An org read through the scope stands for permission to read
    that subtree (docs/architecture.md), so the measures' own queries need not start from the scope; an org
    from anywhere else gets no such pass, and the guard stops its queries."""

    @functools.wraps(fn)
    def counting(org, *args, **kwargs):
        token = _call_memo.set({}) if _call_memo.get() is None else None
        try:
            if not fetched_through_scope(org):
                return fn(org, *args, **kwargs)
            with unscoped("an indicator counts the subtree of an org read through the scope"):
                return fn(org, *args, **kwargs)
        finally:
            if token is not None:
                _call_memo.reset(token)

    return counting


@_counts_subtree
def compute(org: Org, period: Period, codes: list[str] | None = None) -> dict[str, object]:
    """Values of the indicators for the org's subtree and the period (all of them by default)."""
    wanted = _wanted(codes)
    need = _with_derived(wanted)
    values = {code: _coerce(INDICATORS[code].kind, raw) for code, raw in _raw(org, period, need).items()}
    return _derive(values, wanted)


def _raw(org: Org, period: Period, codes: list[str]) -> dict[str, object]:
    snap = snapshot_for(org)
    if snap is None:
        measures, plain = _measures(org, period, codes)
        return {**plain, **evaluate(measures)}
    scope = scope_key(org, period)
    out, missing = {}, []
    for code in codes:
        got = CACHE.get(("value", code, *scope), snap)
        if got is MISS:
            missing.append(code)
        else:
            out[code] = got
    if missing:
        reads: dict[str, set] = {}
        measures, plain = _measures(org, period, missing, reads, snap)
        out.update(plain)
        values = evaluate(measures, reads)
        out.update(values)
        for code, value in values.items():  # a plain value computed its own way is not kept
            CACHE.put(("value", code, *scope), reads[code], snap, value)
    return out


@_counts_subtree
def compute_slices(org: Org, periods: list[Period], codes: list[str] | None = None) -> list[dict]:
    """[compute(org, p, codes) for p in periods] (the months or quarters of a report, say).

    A flow (a Measure with a `date`) of all the periods is one query per batch: the rows dated in the span
    from the first start to the last end, each period's value a filtered aggregate of them. The rest (stocks
    such as 会员人数, rules that depend on the period's end such as 调解超期) is computed period by period."""
    wanted = _wanted(codes)
    need = _with_derived(wanted)
    if len(periods) < 2:
        return [compute(org, p, wanted) for p in periods]
    span = Period(min(p.start for p in periods), max(p.end for p in periods))
    raw: list[dict] = [{} for _ in periods]
    snap = snapshot_for(org)
    key = ("slices", org.pk, org.path, tuple((p.start, p.end) for p in periods), timezone.localdate())
    todo = need
    if snap is not None:  # the flows kept from an earlier call (the rest is kept period by period by _raw)
        todo = []
        for code in need:
            got = CACHE.get((*key, code), snap)
            if got is MISS:
                todo.append(code)
            else:
                for values, value in zip(raw, got):
                    values[code] = value
    reads: dict[str, set] = {}
    flows = {code: m for code, m in _measures(org, span, todo, reads, snap)[0].items() if m.date} if todo else {}
    for batch in batches(flows):
        names = {(i, code): f"v{i}_{j}" for i in range(len(periods)) for j, code in enumerate(batch)}
        aggregates = {name: batch[code].aggregate(dated(batch[code], periods[i]))
                      for (i, code), name in names.items()}
        first = next(iter(batch.values()))
        with versions.reading() as tables:
            row = prepared.aggregate(first.qs.order_by(), aggregates, first.plans(),
                                     ("slices", tuple((p.start, p.end) for p in periods), *batch))
        note_reads(reads, batch, tables)
        for (i, code), name in names.items():
            raw[i][code] = row[name]
    if snap is not None:
        for code in flows:
            CACHE.put((*key, code), reads[code], snap, [values[code] for values in raw])
    rest = [code for code in todo if code not in flows]
    out = []
    for period, values in zip(periods, raw):
        if rest:
            values.update(_raw(org, period, rest))
        out.append(_derive({code: _coerce(INDICATORS[code].kind, values[code]) for code in need}, wanted))
    return out


def part_orgs(org: Org, period: Period, viewer=SYSTEM) -> list[Org]:
    """The parts a breakdown of `org` lists for the period (`tree.parts_in_period`: the direct children that
    existed in it; below a union only its branches), within the viewer's sight."""
    return list(parts_in_period(org, period.start, period.end, scoped(Org.objects.all(), viewer)))


@_counts_subtree
def compute_breakdown(org: Org, period: Period, codes: list[str] | None = None, *,
                      children: list[Org] | None = None) -> dict[int, dict[str, object]]:
    """{child.pk: values of the child's subtree, ..., org.pk: values of the org's own level (本级)}.

    `children` are direct children of `org` (default: `part_orgs(org, period)`). 本级 is everything in the org's subtree
    outside those children: entries on the org itself (and under a child left out of `children`, such as a
    union's direct groups when only its branches are listed). For each child the values equal
    `compute(child, period, codes)`; for a count or money code the parts add up to `compute(org, ...)`.

    One query per batch of measures for all the children at once (see `measure.grouped`)."""
    wanted = _wanted(codes)
    parts, _, _ = _parts(org, period, wanted, children)
    return {pk: _derive(values, wanted) for pk, values in parts.items()}


@_counts_subtree
def compute_with_breakdown(org: Org, period: Period, codes: list[str] | None = None, *,
                           children: list[Org] | None = None) -> tuple[dict[str, object], dict[int, dict]]:
    """(compute(org, period, codes), compute_breakdown(org, period, codes, children=children)) from the
    grouped queries alone: a count or money total is the sum of the parts (本级 included), a rate is derived
    from those sums. Only a distinct count (the same recipient may lie in two parts) is queried whole."""
    wanted = _wanted(codes)
    parts, whole_codes, whole = _parts(org, period, wanted, children)
    whole.update(_raw(org, period, [code for code in whole_codes if code not in whole]))
    totals = {}
    for code in _with_derived(wanted):
        kind = INDICATORS[code].kind
        if code in whole:
            totals[code] = _coerce(kind, whole[code])
        else:
            zero = Decimal(0) if kind == MONEY else 0
            totals[code] = _coerce(kind, sum((p[code] for p in parts.values()), zero))
    return _derive(totals, wanted), {pk: _derive(values, wanted) for pk, values in parts.items()}


def _parts(org: Org, period: Period, wanted: list[str], children: list[Org] | None):
    """({part pk: coerced values, not yet derived}, the codes whose whole is not the sum of the parts (a
    distinct count), {code: the org's whole raw value} of the codes computed their own way)."""
    need = _with_derived(wanted)
    kids = part_orgs(org, period) if children is None else list(children)
    for kid in kids:
        if kid.depth != org.depth + 1 or not kid.path.startswith(org.path):
            raise ValueError(f"{kid} is not a direct child of {org}")
    buckets = [kid.pk for kid in kids] + [org.pk]
    raw: dict[int, dict] = {pk: {} for pk in buckets}
    snap = snapshot_for(org)
    key = ("parts", *scope_key(org, period), tuple((kid.pk, kid.path) for kid in kids))
    todo, whole_codes = need, set()
    if snap is not None:  # the codes kept from an earlier call: {part pk: raw value} and whether additive
        todo = []
        for code in need:
            got = CACHE.get((*key, code), snap)
            if got is MISS:
                todo.append(code)
                continue
            values, additive = got
            for pk in buckets:
                raw[pk][code] = values.get(pk)
            if not additive:
                whole_codes.add(code)
    reads: dict[str, set] = {}
    measures, plain = _measures(org, period, todo, reads, snap)
    part_of = parts_of(org, kids) if measures else {}
    for batch in batches(measures):
        with versions.reading() as tables:
            by_part = grouped(batch, org, kids, part_of)
        note_reads(reads, batch, tables)
        for pk, values in by_part.items():
            raw[pk].update(values)
    whole_codes.update(code for code, m in measures.items() if not _additive(code, m))
    if snap is not None:
        for code, m in measures.items():
            CACHE.put((*key, code), reads[code], snap,
                      ({pk: raw[pk][code] for pk in buckets if code in raw[pk]}, _additive(code, m)))
    whole = {code: INDICATORS[code].value(org, period) for code in plain}
    for code in plain:  # computed its own way: once per child, the org's own level as the rest
        ind = INDICATORS[code]
        for kid in kids:
            raw[kid.pk][code] = ind.value(kid, period)
        if ind.additive:
            raw[org.pk][code] = whole[code] - sum(raw[k.pk][code] for k in kids)
        else:
            raw[org.pk][code] = None
    parts = {pk: {code: _coerce(INDICATORS[code].kind, raw[pk].get(code)) for code in need} for pk in buckets}
    return parts, whole_codes, whole


def _additive(code: str, m: Measure) -> bool:
    """Whether the values of disjoint sets of rows add up to the value of their union."""
    return m.op != "distinct" and INDICATORS[code].additive


def percent(part, whole, places: int = 1) -> Decimal | None:
    """part ÷ whole × 100, rounded half-up to `places` decimals; None when whole is 0 or unknown."""
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def all_indicators() -> list[Indicator]:
    return list(INDICATORS.values())


def get(code: str) -> Indicator:
    return INDICATORS[code]
