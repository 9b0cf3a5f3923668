"""Set-based writes for imports: many rows in a few statements, without building a model instance per row.

Django's bulk_create costs about 8x a raw executemany (perf-floors.md), mostly in per-object, per-field
Python work. Imports of 100,000 rows use these two helpers instead. They still go through Django's
connection (so the transaction, the parameter style and value adaptation are Django's own) and they take the
column list from the model's meta, so they stay database-neutral. No signals, no save(): the caller fills
auto_now fields and writes its audit rows itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 2000


def _memo(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Dates and timestamps repeat a lot in a roster: adapt each distinct value once."""
    cache: dict = {}

    def adapt(value):
        try:
            return cache[value]
        except KeyError:
            out = cache[value] = fn(value)
            if len(cache) > 100_000:
                cache.clear()
            return out
        except TypeError:
            return fn(value)

    return adapt


def _adapters(model: type[models.Model], fields: Sequence[str]) -> list[Callable[[Any], Any] | None]:
    ops = connection.ops
    out: list[Callable[[Any], Any] | None] = []
    for name in fields:
        field = model._meta.get_field(name)
        internal = field.get_internal_type()
        if internal == "DateField":
            out.append(_memo(ops.adapt_datefield_value))
        elif internal == "DateTimeField":
            out.append(_memo(ops.adapt_datetimefield_value))
        elif internal == "DecimalField":
            out.append(_memo(lambda v, f=field: ops.adapt_decimalfield_value(v, f.max_digits, f.decimal_places)))
        elif internal in ("CharField", "TextField", "BooleanField", "IntegerField", "BigIntegerField",
                          "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField",
                          "BigAutoField", "AutoField") or field.is_relation:
            out.append(None)  # the driver takes these as they are
        elif internal == "JSONField":
            out.append(lambda v, f=field: ops.adapt_json_value(v, f.encoder))
        else:
            out.append(lambda v, f=field: f.get_db_prep_save(v, connection))
    return out


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    qn = connection.ops.quote_name
    return [qn(model._meta.get_field(name).column) for name in fields]


def _adapt(rows: Iterable[Sequence[Any]], adapters) -> Iterable[tuple]:
    active = [(i, a) for i, a in enumerate(adapters) if a is not None]
    if not active:
        yield from (tuple(r) for r in rows)
        return
    for row in rows:
        row = list(row)
        for i, adapt in active:
            if row[i] is not None:
                row[i] = adapt(row[i])
        yield tuple(row)


def _batches(rows: Iterable[tuple], size: int) -> Iterable[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert_many(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]],
                *, batch_size: int = BATCH) -> int:
    """INSERT rows (tuples in `fields` order, Python values). Returns the number of rows inserted."""
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(_columns(model, fields))}) VALUES ({', '.join(['%s'] * len(fields))})"
    n = 0
    with connection.cursor() as cursor:
        for batch in _batches(_adapt(rows, _adapters(model, fields)), batch_size):
            cursor.executemany(sql, batch)
            n += len(batch)
    return n


def update_many(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]],
                *, batch_size: int = BATCH) -> int:
    """UPDATE ... SET fields WHERE pk = last item, for rows (values..., pk). Returns the number of rows."""
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{c} = %s" for c in _columns(model, fields))
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"
    adapters = [*_adapters(model, fields), None]
    n = 0
    with connection.cursor() as cursor:
        for batch in _batches(_adapt(rows, adapters), batch_size):
            cursor.executemany(sql, batch)
            n += len(batch)
    return n


def rows_by_key(model: type[models.Model], key: str, keys: Sequence[Any], fields: Sequence[str], *,
                chunk: int = 900, skip_empty_key: bool = True) -> Iterable[tuple]:
    """SELECT fields FROM model WHERE key IN (...), a chunk of keys per query, values converted as Django
    would (dates, decimals, booleans). Compiling an ORM query with 900 parameters costs more than running
    it, which is why this skips the ORM. `skip_empty_key` repeats the `key <> ''` condition of a partial
    unique index, which SQLite needs to see before it uses that index."""
    from django.db.models.expressions import Col

    meta = model._meta
    qn = connection.ops.quote_name
    table = meta.db_table
    model_fields = [meta.pk if name == "pk" else meta.get_field(name) for name in fields]
    converters = []
    for field in model_fields:
        expression = Col(table, field)
        found = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
        converters.append((expression, found))
    active = [(i, e, c) for i, (e, c) in enumerate(converters) if c]
    columns = ", ".join(qn(f.column) for f in model_fields)
    key_column = qn(meta.get_field(key).column)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), chunk):
            part = list(keys[start:start + chunk])
            where = f"{key_column} IN ({', '.join(['%s'] * len(part))})"
            if skip_empty_key:
                where += f" AND NOT ({key_column} = %s)"
                part.append("")
            cursor.execute(f"SELECT {columns} FROM {qn(table)} WHERE {where}", part)
            for row in cursor.fetchall():
                if active:
                    row = list(row)
                    for i, expression, funcs in active:
                        value = row[i]
                        for func in funcs:
                            value = func(value, expression, connection)
                        row[i] = value
                yield tuple(row)


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """Primary keys for n rows the caller is about to INSERT with explicit ids in the open transaction.

    Knowing the ids before the INSERT spares reading the rows back for everything that refers to them
    (events, member numbers, audit rows). PostgreSQL hands them out from the table's sequence. On SQLite the
    transaction is IMMEDIATE (settings), so it holds the write lock and nobody else can take ids meanwhile; the
    ids start above both the largest id and AUTOINCREMENT's high-water mark, so a deleted row's id is never
    reused."""
    if n <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, pk, n])
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            if not connection.in_atomic_block:
                raise RuntimeError("reserve_ids needs the transaction that will insert the rows")
            qn = connection.ops.quote_name
            cursor.execute(f"SELECT MAX({qn(pk)}) FROM {qn(table)}")
            top = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(top, row[0] if row else 0) + 1
            return list(range(start, start + n))
    raise NotImplementedError(f"reserve_ids on {connection.vendor}")
