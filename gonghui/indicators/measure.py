"""A Measure, and how measures become SQL: one aggregate over an unevaluated QuerySet of the rows in an org's
subtree; measures over the same QuerySet batched into one query (`batches`, `evaluate`), or grouped by the part of
the org a row lies under (`grouped`). Kept measures run their compiled SQL again (core/prepared.py). The registry
(registry.py) decides which measures to evaluate, keeps values, and derives rates."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Substr

from gonghui.core import prepared
from gonghui.core.periods import Period
from gonghui.indicators import versions
from gonghui.orgs.models import Org
from gonghui.orgs.tree import subtree


@dataclass(frozen=True)
class Measure:
    """One aggregate over an unevaluated QuerySet of the rows in an org's subtree."""

    qs: QuerySet
    op: str = "count"  # count, sum or distinct (a distinct count of `field`)
    field: str = "pk"
    where: Q | None = None  # a condition on the rows, applied inside the aggregate
    path: str = "org__path"  # the lookup of a row's org path, for grouping by child
    date: str = ""  # for a flow (the rows dated in the period, nothing else period-bound): that date field

    def aggregate(self, within: Q | None = None):
        """The aggregate over the rows meeting `where` (and `within`, when given)."""
        where = self.where
        if within is not None:
            where = within if where is None else where & within
        if self.op == "sum":
            return Sum(self.field, filter=where)
        return Count(self.field, filter=where, distinct=self.op == "distinct")

    def plans(self) -> dict | None:
        """The compiled queries of a kept Measure (core/prepared.py): None for one made for a single use."""
        if not self.__dict__.get("kept"):
            return None
        plans = self.__dict__.get("_plans")
        if plans is None:
            plans = {}
            object.__setattr__(self, "_plans", plans)
        return plans

    def key(self) -> tuple:
        """Measures with the same key are evaluated in one query (the SQL is compiled once per Measure: a kept
        Measure is batched again without compiling it again)."""
        got = self.__dict__.get("_key")
        if got is None:
            got = (self.qs.model, str(self.qs.query), self.path)
            object.__setattr__(self, "_key", got)
        return got


def batches(measures: dict[str, Measure]) -> list[dict[str, Measure]]:
    batches: dict[tuple, dict[str, Measure]] = {}
    for code, m in measures.items():
        batches.setdefault(m.key(), {})[code] = m
    return list(batches.values())


def evaluate(measures: dict[str, Measure], reads: dict | None = None) -> dict[str, object]:
    out = {}
    for batch in batches(measures):
        first = next(iter(batch.values()))
        names = {f"v{i}": code for i, code in enumerate(batch)}
        with versions.reading() as tables:
            row = prepared.aggregate(first.qs.order_by(), {n: batch[c].aggregate() for n, c in names.items()},
                                     first.plans(), ("value", *batch))
        out.update({c: row[n] for n, c in names.items()})
        note_reads(reads, batch, tables)
    return out


def note_reads(reads: dict | None, codes, tables: set) -> None:
    if reads is not None:
        for code in codes:
            reads.setdefault(code, set()).update(tables)


def dated(m: Measure, period: Period) -> Q:
    return Q(**{f"{m.date}__range": (period.start, period.end)})


def parts_of(org: Org, kids: list[Org]) -> dict[int, int]:
    """{pk of every org in the subtree: pk of the child it lies under, or org.pk (本级)}."""
    by_path = {kid.path: kid.pk for kid in kids}
    length = len(org.path) + Org.steplen
    rows = subtree(org).values_list("pk", "path")
    return {pk: by_path.get(path[:length], org.pk) for pk, path in rows}


def grouped(batch: dict[str, Measure], org: Org, kids: list[Org], part_of: dict[int, int]) -> dict:
    """The batch's raw values per part: {kid.pk or org.pk (本级): {code: value}}.

    Rows are grouped by their org id, read from the row itself (no join to the org table, and an index led
    by the org id yields the groups in order), and each org's values are added to its part in Python. A
    distinct count cannot be added up: a batch with one is grouped in SQL by the prefix of the row's org path
    of a child's length instead (children are at depth + 1, so their paths all have that length)."""
    first = next(iter(batch.values()))
    names = {f"v{i}": code for i, code in enumerate(batch)}
    aggregates = {n: batch[c].aggregate() for n, c in names.items()}
    qs = first.qs.order_by()
    out: dict[int, dict] = {}
    if any(m.op == "distinct" for m in batch.values()):
        by_path = {kid.path: kid.pk for kid in kids}
        prefix = Substr(first.path, 1, len(org.path) + Org.steplen)
        part = Value("", output_field=CharField())
        if by_path:
            part = Case(When(Q(_prefix__in=list(by_path)), then=F("_prefix")), default=part,
                        output_field=CharField())
        rows = qs.alias(_prefix=prefix).annotate(_part=part).values("_part").annotate(**aggregates)
        for row in prepared.values_rows(rows, first.plans(), ("parts", tuple(by_path.items()), *batch)):
            out[by_path.get(row["_part"], org.pk)] = {c: row[n] for n, c in names.items()}
        return out
    org_id = first.path.removesuffix("path") + "id"  # org__path -> org__id (the row's own column), path -> id
    rows = qs.values(org_id).annotate(**aggregates)
    for row in prepared.values_rows(rows, first.plans(), ("org rows", *batch)):
        have = out.setdefault(part_of.get(row[org_id], org.pk), {})
        for n, c in names.items():
            if row[n] is not None:
                have[c] = have.get(c, 0) + row[n]
    return out
