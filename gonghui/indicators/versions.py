"""Data versions: which tables changed since a value was computed, seen at the one place every write passes.

Every SQL statement of every connection goes through `_observe` (a Django execute wrapper, added to each
connection when it opens). An INSERT, UPDATE or DELETE on a data table (people, ledgers, orgs, ...: not the
audit trail, sessions, tokens or jobs) replaces that table's token in `indicators_dataversion` with a random
one, right after the statement and on the same database connection, so in the same transaction: the new token
is seen exactly when the write is. Services, the importers' bulk statements, the CLI and the background worker
need nothing of their own.

`snapshot()` reads every token in one small query; `reading()` collects the tables the queries inside it
touch. The registry's cache (registry.py) keeps a value with the tokens of the tables it read, taken before
computing it, and uses it only while they are unchanged: a value is never newer than its tokens say, and a
write committed meanwhile changes a token, so at worst a value is computed again.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import secrets

from django.apps import apps
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

TABLE = "indicators_dataversion"
# Written on nearly every request, and never counted by an indicator.
UNCOUNTED_PREFIXES = ("django_", "auth_", "core_", "accounts_", "indicators_")
WRITE = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+'
                   r'["`]?(\w+)', re.IGNORECASE)
UPSERT = (f"INSERT INTO {TABLE} (name, version) VALUES (%s, %s) "
          "ON CONFLICT (name) DO UPDATE SET version = excluded.version")

_reads: contextvars.ContextVar[set | None] = contextvars.ContextVar("indicator_reads", default=None)
_ready: dict[str, bool] = {}  # per connection alias: the table exists (reset after every migrate)
_tables: list[str] = []


def data_tables() -> list[str]:
    """The tables whose writes change a version (every model's, the uncounted prefixes left out)."""
    if not _tables:
        names = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
        _tables.extend(sorted(t for t in names if not t.startswith(UNCOUNTED_PREFIXES)))
    return _tables


def ready(connection) -> bool:
    alias = connection.alias
    if alias not in _ready:
        _ready[alias] = TABLE in connection.introspection.table_names()
    return _ready[alias]


def _observe(execute, sql, params, many, context):
    reads = _reads.get()
    if reads is not None:
        reads.update(t for t in data_tables() if t in sql)
    result = execute(sql, params, many, context)
    written = WRITE.match(sql)
    if written:
        table = written.group(1).lower()
        if not table.startswith(UNCOUNTED_PREFIXES) and ready(context["connection"]):
            bump(context["connection"], table)
    return result


def bump(connection, table: str) -> None:
    """A new token for `table`, on the raw connection (same transaction; no wrapper, no debug log)."""
    sql = UPSERT.replace("%s", "?") if connection.vendor == "sqlite" else UPSERT
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, (table, secrets.randbits(62)))
    finally:
        cursor.close()


def snapshot(connection=None) -> dict[str, int] | None:
    """{table: token} of every table written so far; None when the table of versions does not exist yet."""
    connection = connection or connections["default"]
    if not ready(connection):
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, version FROM {TABLE}")
        return dict(cursor.fetchall())


@contextlib.contextmanager
def reading():
    """Collect into the yielded set the data tables that the queries run inside read."""
    tables: set[str] = set()
    outer = _reads.get()
    token = _reads.set(tables)
    try:
        yield tables
    finally:
        _reads.reset(token)
        if outer is not None:
            outer.update(tables)


def _attach(sender=None, connection=None, **kwargs):
    # First in the list: `connection.execute_wrapper()` blocks (CaptureQueriesContext, ...) pop the last one.
    if _observe not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _observe)


def _migrated(**kwargs):
    _ready.clear()


def install() -> None:
    """Observe every connection (those open already and those to come); called by IndicatorsConfig.ready()."""
    connection_created.connect(_attach, dispatch_uid="gonghui.indicators.versions")
    post_migrate.connect(_migrated, dispatch_uid="gonghui.indicators.versions")
    for connection in connections.all(initialized_only=True):
        _attach(connection=connection)
