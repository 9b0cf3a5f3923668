"""The SQL expressions of the roll: a wage row's JSON components read as text and in whole fen, the base kept
for a policy or else added up by the database, text in code-point order on every database; and the roll's
pause of the cyclic garbage collector. Each is tested equal to its Python definition (dues/tests)."""

from __future__ import annotations

import contextlib
import gc
import operator
from functools import reduce

from django.db.models import BigIntegerField, Case, F, Func, TextField, When
from django.db.models.fields.json import compile_json_path
from django.db.models.functions import Coalesce

from gonghui.dues.rules import base_key


@contextlib.contextmanager
def no_gc():
    """No cyclic garbage collection while 100,000 lines are made (none of them is garbage, and the collector
    would walk them again and again: a fifth of the roll). Left as it was found, for other threads too."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class CodePointOrder(Func):
    """Text ordered by code point, as Python sorts it, on every database (SQLite's BINARY collation does;
    PostgreSQL's default collation does not)."""

    template = "%(expressions)s"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template='%(expressions)s COLLATE "C"', **extra)


class WageText(Func):
    """One key of a wage row's JSON columns, as stored, read the cheapest way each database offers (Django's
    KeyTextTransform asks SQLite for the value's JSON type twice before extracting it: a third of the roll)."""

    output_field = TextField()

    def __init__(self, field: str, key: str):
        super().__init__(F(field))
        self.key = key

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"JSON_EXTRACT({sql}, %s)", (*params, compile_json_path([self.key]))

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL (jsonb)
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} ->> %s)", (*params, self.key)


class WageFen(Func):
    """One component of a wage row in whole fen, worked out by the database for the text the import writes
    for a number ("4368.90": digits, a point, two digits; at most 12 digits before the point): 0 for a blank,
    NULL for anything else (a row with a NULL is then worked out the Python way). Tested equal to
    rules.wage_base_fen on every kind of text; used to keep WageRow.base_fen when a policy changes."""

    output_field = BigIntegerField()

    def __init__(self, field: str, key: str):
        super().__init__(WageText(field, key))

    SQLITE = ("CASE WHEN {v} IS NULL OR {v} = '' THEN 0 WHEN typeof({v}) = 'text' AND length({v}) BETWEEN 4 AND 15"
              " AND instr({v}, '.') = length({v}) - 2 AND replace({v}, '.', '') NOT GLOB '*[^0-9]*'"
              " THEN CAST(replace({v}, '.', '') AS INTEGER) END")
    POSTGRESQL = ("CASE WHEN {v} IS NULL OR {v} = '' THEN 0 WHEN {v} ~ '^[0-9]{{1,12}}[.][0-9]{{2}}$'"
                  " THEN CAST(replace({v}, '.', '') AS BIGINT) END")

    def _sql(self, compiler, template: str):
        v, params = compiler.compile(self.source_expressions[0])
        return template.format(v=v), tuple(params) * template.count("{v}")

    def as_sqlite(self, compiler, connection, **extra):
        return self._sql(compiler, self.SQLITE)

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        return self._sql(compiler, self.POSTGRESQL)


def wage_fen_sum(names: list[str]):
    """The database's sum in fen of the components `names` of a wage row (NULL unless each is stored as the
    import writes a number: WageFen)."""
    return reduce(operator.add, (WageFen("columns", name) for name in names))


def base_read(names: list[str]):
    """A wage row's base for a policy counting `names`: the kept base when it was kept for those components,
    else the database's sum of them (WageFen), else NULL: then worked out the Python way (bases_by_pk)."""
    kept = Case(When(base_of=base_key(names), then=F("base_fen")), output_field=BigIntegerField())
    return Coalesce(kept, wage_fen_sum(names), output_field=BigIntegerField())
