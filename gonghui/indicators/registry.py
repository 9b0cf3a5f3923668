"""The indicator registry: every number a report shows is defined here once.

An indicator is (code, 名称, unit, one-line definition, a function of (org, period)). Summary, tables,
dashboard, API and CLI all read values through `compute` (one org) or `compute_breakdown` (each direct child
of an org, and the org's own level, at once).

The function returns a `Measure`: an unevaluated QuerySet of the rows of the org's subtree, what to aggregate
(count, sum or distinct count of a field, optionally under a `where` condition) and where a row's org path is.
The registry evaluates it either whole (`compute`) or grouped by the child whose path is a prefix of the row's
org path (`compute_breakdown`): one definition serves both, so a breakdown can never disagree with the value.
Measures over the same QuerySet (職工/女职工/派遣职工, the suggestion counts and sums, ...) are evaluated together
as one query with filtered aggregates. A function may also return a plain value (computed its own way); such
an indicator is computed per child in a breakdown (none does today: 入会率 is derived from members/workers).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Substr

from gonghui.core.periods import Period
from gonghui.orgs.models import Org

COUNT, MONEY, RATE = "count", "money", "rate"
UNITS = {COUNT: "", MONEY: "元", RATE: "%"}


@dataclass(frozen=True)
class Measure:
    """One aggregate over an unevaluated QuerySet of the rows in an org's subtree."""

    qs: QuerySet
    op: str = "count"  # count, sum or distinct (a distinct count of `field`)
    field: str = "pk"
    where: Q | None = None  # a condition on the rows, applied inside the aggregate
    path: str = "org__path"  # the lookup of a row's org path, for grouping by child

    def aggregate(self):
        if self.op == "sum":
            return Sum(self.field, filter=self.where)
        return Count(self.field, filter=self.where, distinct=self.op == "distinct")

    def key(self) -> tuple:
        """Measures with the same key are evaluated in one query."""
        return (self.qs.model, str(self.qs.query), self.path)


def _coerce(kind: str, raw):
    if kind == COUNT:
        return int(raw or 0)
    if kind == MONEY:
        return Decimal(raw or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return raw


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
        if isinstance(raw, Measure):
            raw = _evaluate({self.code: raw})[self.code]
        return _coerce(self.kind, raw)


INDICATORS: dict[str, Indicator] = {}


def indicator(code: str, name: str, unit: str, definition: str, *, kind: str = COUNT, source: str = ""):
    def wrap(fn):
        if code in INDICATORS:
            raise ValueError(f"indicator {code} defined twice")
        INDICATORS[code] = Indicator(code, name, unit, kind, definition, fn, source)
        return fn

    return wrap


def _wanted(codes) -> list[str]:
    from gonghui.indicators import definitions  # noqa: F401  registers the indicators

    wanted = list(codes or INDICATORS)
    unknown = [c for c in wanted if c not in INDICATORS]
    if unknown:
        raise KeyError(unknown)
    return wanted


DERIVED = {"membership_rate": ("members", "workers")}  # computed from other indicators, never queried


def _measures(org: Org, period: Period, codes) -> tuple[dict[str, Measure], dict[str, object]]:
    """The Measures of the codes, and the raw values of those whose function computed a value itself."""
    measures, plain = {}, {}
    for code in codes:
        got = INDICATORS[code].fn(org, period)
        (measures if isinstance(got, Measure) else plain)[code] = got
    return measures, plain


def _batches(measures: dict[str, Measure]) -> list[dict[str, Measure]]:
    batches: dict[tuple, dict[str, Measure]] = {}
    for code, m in measures.items():
        batches.setdefault(m.key(), {})[code] = m
    return list(batches.values())


def _evaluate(measures: dict[str, Measure]) -> dict[str, object]:
    out = {}
    for batch in _batches(measures):
        qs = next(iter(batch.values())).qs
        names = {f"v{i}": code for i, code in enumerate(batch)}
        row = qs.order_by().aggregate(**{n: batch[c].aggregate() for n, c in names.items()})
        out.update({c: row[n] for n, c in names.items()})
    return out


def _with_derived(codes: list[str]) -> list[str]:
    """The codes to query: the wanted ones without the derived, plus what the derived need."""
    need = [c for c in codes if c not in DERIVED]
    for code in codes:
        for base in DERIVED.get(code, ()):
            if base not in need:
                need.append(base)
    return need


def _derive(values: dict, wanted: list[str]) -> dict:
    if "membership_rate" in wanted:
        values["membership_rate"] = rate(values["members"], values["workers"])
    return {code: values[code] for code in wanted}


def compute(org: Org, period: Period, codes: list[str] | None = None) -> dict[str, object]:
    """Values of the indicators for the org's subtree and the period (all of them by default)."""
    wanted = _wanted(codes)
    need = _with_derived(wanted)
    measures, plain = _measures(org, period, need)
    raw = {**plain, **_evaluate(measures)}
    values = {code: _coerce(INDICATORS[code].kind, raw[code]) for code in need}
    return _derive(values, wanted)


def direct_children(org: Org) -> list[Org]:
    return list(Org.objects.filter(path__startswith=org.path, depth=org.depth + 1).order_by("path"))


def compute_breakdown(org: Org, period: Period, codes: list[str] | None = None, *,
                      children: list[Org] | None = None) -> dict[int, dict[str, object]]:
    """{child.pk: values of the child's subtree, ..., org.pk: values of the org's own level (本级)}.

    `children` are direct children of `org` (default: all of them). 本级 is everything in the org's subtree
    outside those children: entries on the org itself (and under a child left out of `children`, such as a
    union's direct groups when only its branches are listed). For each child the values equal
    `compute(child, period, codes)`; for a count or money code the parts add up to `compute(org, ...)`.

    One query per batch of measures for all the children at once, rows grouped by the prefix of their org
    path of a child's length (children are at depth + 1, so their paths all have that length)."""
    wanted = _wanted(codes)
    need = _with_derived(wanted)
    kids = direct_children(org) if children is None else list(children)
    for kid in kids:
        if kid.depth != org.depth + 1 or not kid.path.startswith(org.path):
            raise ValueError(f"{kid} is not a direct child of {org}")
    by_path = {kid.path: kid.pk for kid in kids}
    buckets = [kid.pk for kid in kids] + [org.pk]
    raw: dict[int, dict] = {pk: {} for pk in buckets}
    measures, plain = _measures(org, period, need)
    length = len(org.path) + Org.steplen
    for batch in _batches(measures):
        first = next(iter(batch.values()))
        names = {f"v{i}": code for i, code in enumerate(batch)}
        for row in _grouped(first.qs, first.path, length, list(by_path), names, batch):
            pk = by_path.get(row["_part"], org.pk)
            raw[pk].update({c: row[n] for n, c in names.items()})
    for code in plain:  # computed its own way: once per child, the org's own level as the rest
        ind = INDICATORS[code]
        for kid in kids:
            raw[kid.pk][code] = ind.value(kid, period)
        if ind.kind in (COUNT, MONEY):
            raw[org.pk][code] = ind.value(org, period) - sum(raw[k.pk][code] for k in kids)
        else:
            raw[org.pk][code] = None
    out = {}
    for pk in buckets:
        values = {code: _coerce(INDICATORS[code].kind, raw[pk].get(code)) for code in need}
        out[pk] = _derive(values, wanted)
    return out


def _grouped(qs: QuerySet, path: str, length: int, child_paths: list[str], names: dict, batch: dict):
    """Rows of qs aggregated per part: `_part` is the child path, or "" for everything else (本级)."""
    prefix = Substr(path, 1, length)
    part = Value("", output_field=CharField())
    if child_paths:
        part = Case(When(Q(_prefix__in=child_paths), then=F("_prefix")), default=part, output_field=CharField())
    return (qs.order_by().alias(_prefix=prefix).annotate(_part=part).values("_part")
            .annotate(**{n: batch[c].aggregate() for n, c in names.items()}))


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def all_indicators() -> list[Indicator]:
    from gonghui.indicators import definitions  # noqa: F401

    return list(INDICATORS.values())
