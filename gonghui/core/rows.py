"""Big reads straight from the database cursor.

`plain_rows(qs)` runs a `values_list()` queryset and returns the driver's tuples as they come, for reads of
100,000 rows where Django's per-row iteration (converters, row factories, chunking) costs more than the query.
Only for columns that need no conversion: integers and text (on SQLite, dates and decimals would come back as
the driver gives them). The scope guard checks the queryset first, as it does when Django evaluates one.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet


def plain_rows(qs: QuerySet) -> list[tuple]:
    check = getattr(qs, "_check_scope", None)
    if check is not None:
        check()
    if qs.query.is_empty():
        return []
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
