"""The database before any `gonghui` command: created on a data dir that was never set up, migrated after an
upgrade, with one line on stderr saying so. Every command works on a bare install this way, not only
`serve` and `demo`."""

from __future__ import annotations

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _


def pending_migrations(database: str = DEFAULT_DB_ALIAS) -> list:
    connection = connections[database]
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def database_label(database: str = DEFAULT_DB_ALIAS) -> str:
    """The SQLite file, or host/name of a server database (never its password)."""
    conf = connections[database].settings_dict
    if conf["ENGINE"].endswith("sqlite3"):
        return str(conf["NAME"])
    return f"{conf.get('HOST') or 'localhost'}/{conf['NAME']}"


def migrate_if_needed(stderr=None, verbosity: int = 1, database: str = DEFAULT_DB_ALIAS) -> int:
    """Apply unapplied migrations and say so in one line on `stderr` (a brand-new database: 已初始化数据库);
    return how many there were (0: nothing to do, nothing written)."""
    plan = pending_migrations(database)
    if not plan:
        return 0
    new = "django_migrations" not in connections[database].introspection.table_names()
    call_command("migrate", database=database, interactive=False, verbosity=max(0, verbosity - 1))
    if stderr is not None and verbosity >= 1:
        if new:
            stderr.write(_("已初始化数据库：%(db)s") % {"db": database_label(database)})
        else:
            stderr.write(_("已更新数据库结构（%(n)d项迁移）：%(db)s") % {"n": len(plan), "db": database_label(database)})
    return len(plan)
