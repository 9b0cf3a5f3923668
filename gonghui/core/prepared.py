"""Compiled queries kept and run again without the ORM.

Building a QuerySet and compiling its SQL is most of what a small query costs in Python (the query itself takes
a fraction of it). A caller that runs the same query again and again keeps a dict of plans, keyed by whatever
decides the SQL (the org, the period, the viewer's scope): a plan is the SQL Django compiled, its parameters and
Django's converters for the result columns, and the next run executes that SQL on the current connection and
converts the rows as Django would. The first run goes through Django itself (`aggregate()`) or compiles the
values() query as Django's iterator would, so the SQL and the results are exactly Django's. A query Django would
not run as one SELECT (an empty IN list, an aggregate over a subquery) is simply run through the ORM every
time. Only SQL that depends on nothing but its key may be kept this way (no ids read from the database).

Users: the indicator registry (plans kept with a kept Measure, indicators/registry.py) and the home page's
待办 (ledgers/todos.py).
"""

from __future__ import annotations

from collections.abc import Callable
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


def aggregate(qs: QuerySet, aggregates: dict, plans: dict | None = None, key=None) -> dict:
    """`qs.aggregate(**aggregates)`, from `plans[key]` when there is one (and kept there when it can be)."""
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


def values_rows(qs: QuerySet | Callable[[], QuerySet], plans: dict | None = None, key=None) -> list[dict]:
    """`list(qs)` of a values() QuerySet (dicts), from `plans[key]` when there is one (and kept there when it can
    be). `qs` may be a function that builds the QuerySet: it is called only when there is no plan."""
    plan = plans.get(key) if plans is not None else None
    if plan is None and not isinstance(qs, QuerySet):
        qs = qs()
    if plan is None and plans is not None:
        check = getattr(qs, "_check_scope", None)
        if check is not None:  # the scope guard sees the query once, as it would see it run (core/scope_guard)
            check()
        query = qs.query.chain()
        compiler = query.get_compiler(qs.db)
        plan = _plan(compiler, (*query.extra_select, *query.values_select, *query.annotation_select))
        if plan is not None:
            plans[key] = plan
    if plan is None:
        return list(qs)
    return [dict(zip(plan.names, row)) for row in plan.rows()]


class Plans(dict):
    """A dict of plans that forgets them all when it holds `size` (the keys are few in use; the bound is for a
    key that keeps changing, such as a date)."""

    def __init__(self, size: int = 2000):
        super().__init__()
        self.size = size

    def __setitem__(self, key, value):
        if len(self) >= self.size:
            self.clear()
        super().__setitem__(key, value)


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
