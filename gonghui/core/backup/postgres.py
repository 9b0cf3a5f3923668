"""PostgreSQL through pg_dump -Fc / pg_restore. The row counts of the manifest are read in the very snapshot
pg_dump copies (pg_export_snapshot), so they describe the dump exactly while the server keeps writing."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.translation import gettext as _

from gonghui.core.backup.archive import BackupError, Progress


def tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            _("找不到 %(t)s：在 PostgreSQL 上备份和恢复需要 PostgreSQL 客户端程序（pg_dump、pg_restore，版本不低于"
              "数据库服务器）。请安装（Debian/Ubuntu：apt-get install postgresql-client；Windows：安装 PostgreSQL "
              "并把其 bin 目录加入 PATH）后重试。") % {"t": name})
    return found


def client_env(alias: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The connection as libpq variables: the password never appears on a command line."""
    conf = connections[alias].settings_dict
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                     ("PGDATABASE", "NAME")):
        if conf.get(key):
            env[var] = str(conf[key])
    if (conf.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = conf["OPTIONS"]["sslmode"]
    return env


def run(args: list[str], what: str) -> None:
    done = subprocess.run(args, env=client_env(), capture_output=True, text=True, check=False,
                          stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        detail = " ".join(done.stderr.strip().splitlines()[-3:]) or f"exit {done.returncode}"
        raise BackupError(_("%(what)s失败：%(d)s") % {"what": what, "d": detail})


def facts(cursor) -> tuple[dict[str, int], list[str]]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [f"{a}.{n}" for a, n in cursor.fetchall()]
    return counts, migrations


def dump(out: Path, progress: Progress) -> tuple[dict[str, int], list[str]]:
    pg_dump = tool("pg_dump")
    progress(0, 1)
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts, migrations = facts(cursor)
        # pg_dump reads the snapshot this transaction exported; it must stay open until pg_dump is done.
        run([pg_dump, "-Fc", f"--snapshot={snapshot}", "-f", str(out)], _("pg_dump 导出数据库"))
    progress(1, 1)
    return counts, migrations


def load(staged: Path, *, clean: bool, progress: Progress) -> None:
    pg_restore = tool("pg_restore")
    connections.close_all()
    progress(0, 1)
    args = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if clean:
        args += ["--clean", "--if-exists"]
    run([*args, "-d", client_env()["PGDATABASE"], str(staged)], _("pg_restore 恢复数据库"))
    progress(1, 1)
