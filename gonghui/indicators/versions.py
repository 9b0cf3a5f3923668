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
import functools
import re
import secrets

from django.apps import apps
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

TABLE = "indicators_dataversion"
# Written on nearly every request, and never counted by an indicator. reports_ (drafts, templates, report
# tasks and submissions) sits above the indicators, which cannot read it: a received package bumped three
# tokens for nothing (three extra statements, on PostgreSQL three extra transactions after its commit).
UNCOUNTED_PREFIXES = ("django_", "auth_", "core_", "accounts_", "indicators_", "reports_")
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


_named: dict[str, frozenset] = {}  # SQL text -> the data tables it names (the same texts come again and again)


def tables_in(sql: str) -> frozenset:
    """The data tables an SQL statement names."""
    got = _named.get(sql)
    if got is None:
        got = frozenset(t for t in data_tables() if t in sql)
        if len(_named) >= 2000:
            _named.clear()
        _named[sql] = got
    return got


def _observe(execute, sql, params, many, context):
    reads = _reads.get()
    if reads is not None:
        reads.update(tables_in(sql))
    result = execute(sql, params, many, context)
    written = WRITE.match(sql)
    if written:
        table = written.group(1).lower()
        connection = context["connection"]
        if not table.startswith(UNCOUNTED_PREFIXES) and ready(connection):
            if connection.vendor == "sqlite" or not connection.in_atomic_block:
                bump(connection, table)
            else:
                bump_on_commit(connection, table)
    return result


def bump(connection, table: str) -> None:
    """A new token for `table`, on the raw connection (same transaction; no wrapper, no debug log)."""
    sql = UPSERT.replace("%s", "?") if connection.vendor == "sqlite" else UPSERT
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, (table, secrets.randbits(62)))
    finally:
        cursor.close()


def bump_on_commit(connection, table: str) -> None:
    """PostgreSQL, in a transaction: the new tokens right after the commit, not inside it. A token row updated
    inside would stay locked until the commit, so every other writer of the table would wait for this
    transaction (an import holding people_person for seconds) and two of them could deadlock. After the commit
    is as safe for the cache: a value computed between the commit and the bump is kept under the old token,
    which the bump then retires; inside the transaction, `snapshot()` gives the tables it wrote a token of
    their own, so its own reads neither use nor leave a reusable value. (SQLite has one writer at a time
    anyway: there the token changes inside the transaction.)"""
    pending = _pending(connection)
    if table in pending:
        return
    if not pending:
        connection.on_commit(functools.partial(_flush, connection, pending))
    pending.add(table)


def _pending(connection) -> set:
    """The tables this connection's open transaction wrote and whose tokens wait for the commit."""
    pending = connection.__dict__.setdefault("_gh_versions_pending", set())
    if pending and not any(getattr(item[1], "func", None) is _flush for item in connection.run_on_commit):
        pending.clear()  # the transaction (or the savepoint that registered the flush) was rolled back
    return pending


def _flush(connection, pending: set) -> None:
    for table in sorted(pending):
        bump(connection, table)
    pending.clear()


def snapshot(connection=None) -> dict[str, int] | None:
    """{table: token} of every table written so far; None when the table of versions does not exist yet."""
    connection = connection or connections["default"]
    if not ready(connection):
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, version FROM {TABLE}")
        tokens = dict(cursor.fetchall())
    for table in _pending(connection) if connection.in_atomic_block else ():
        tokens[table] = -1 - secrets.randbits(62)  # written, not committed: a token no one will see again
    return tokens


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
