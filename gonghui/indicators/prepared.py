"""Compiled queries kept with a kept Measure, run again without the ORM.

After a write, the values a page shows are computed again (cache.py): the Measures are kept (registry
`_measures`), but Django would still resolve and compile each batch's aggregate anew, which is most of the
cost (the queries themselves take a fraction of it). A kept Measure keeps the compiled SQL of each query made
from it, with its parameters and Django's converters for the result columns; the next evaluation executes that
SQL on the current connection and converts the row as Django would. The plan is made by Django itself (the
first evaluation goes through `aggregate()` or the values iterator, unchanged), so the SQL and the results are
exactly Django's. A query Django would not run as one SELECT (an empty IN list, an aggregate over a subquery)
is simply evaluated through the ORM every time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


@dataclass(frozen=True)
class Plan:
    alias: str
    sql: str
    params: tuple
    names: tuple[str, ...]
    converters: dict  # column index -> (converter functions, expression): Compiler.get_converters

    def rows(self) -> list[tuple]:
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            rows = cursor.fetchall()
        if not self.converters:
            return rows
        out = []
        for row in rows:
            row = list(row)
            for pos, (functions, expression) in self.converters.items():
                value = row[pos]
                for convert in functions:
                    value = convert(value, expression, connection)
                row[pos] = value
            out.append(row)
        return out


def _plans(holder) -> dict | None:
    if holder is None or not getattr(holder, "kept", False):
        return None
    plans = holder.__dict__.get("_plans")
    if plans is None:
        plans = {}
        object.__setattr__(holder, "_plans", plans)
    return plans


_recording: dict[type, type] = {}


def _recording_class(cls: type) -> type:
    """A subclass of the Query class that remembers the compiler Django executes the aggregate with."""
    if cls not in _recording:
        def get_compiler(self, using=None, connection=None, elide_empty=True):
            compiler = super(recording, self).get_compiler(using, connection, elide_empty)
            self._compilers.append(compiler)
            return compiler

        recording = type(f"Recording{cls.__name__}", (cls,), {"get_compiler": get_compiler})
        _recording[cls] = recording
    return _recording[cls]


def aggregate(qs: QuerySet, aggregates: dict, holder=None, key=None) -> dict:
    """`qs.aggregate(**aggregates)`, from the plan kept on `holder` under `key` when there is one."""
    plans = _plans(holder)
    plan = plans.get(key) if plans is not None else None
    if plan is not None:
        return dict(zip(plan.names, plan.rows()[0]))
    if plans is None:
        return qs.aggregate(**aggregates)
    qs = qs._chain()
    qs.query.__class__ = _recording_class(type(qs.query))
    compilers = qs.query._compilers = []  # Query.clone() copies __dict__: the clones append to this list
    result = qs.aggregate(**aggregates)
    # One compiler whose query selects exactly the aggregates: the plain aggregate (no subquery around it).
    if len(compilers) == 1 and tuple(compilers[0].query.annotation_select) == tuple(aggregates):
        ran = compilers[0]
        compiler = ran.query.get_compiler(ran.using, elide_empty=ran.elide_empty)
        plan = _plan(compiler, tuple(aggregates), list(ran.query.annotation_select.values()))
        if plan is not None:
            plans[key] = plan
    return result


def values_rows(qs: QuerySet, holder=None, key=None) -> list[dict]:
    """`list(qs)` of a values() QuerySet (dicts), from the plan kept on `holder` under `key` when there is one."""
    plans = _plans(holder)
    plan = plans.get(key) if plans is not None else None
    if plan is None and plans is not None:
        query = qs.query.chain()
        compiler = query.get_compiler(qs.db)
        plan = _plan(compiler, (*query.extra_select, *query.values_select, *query.annotation_select))
        if plan is not None:
            plans[key] = plan
    if plan is None:
        return list(qs)
    return [dict(zip(plan.names, row)) for row in plan.rows()]


def _plan(compiler, names: tuple, expressions: list | None = None) -> Plan | None:
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    if expressions is None:
        expressions = [s[0] for s in compiler.select[0:compiler.col_count]]
    if len(expressions) != len(names):
        return None
    return Plan(compiler.using, sql, tuple(params), names, compiler.get_converters(expressions))
