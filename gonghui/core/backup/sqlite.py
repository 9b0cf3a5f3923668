"""SQLite through its online backup API: a page-by-page copy from one read snapshot, never a file copy
(the WAL holds committed pages the main file does not have yet)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.utils.translation import gettext as _

from gonghui.core.backup.archive import BackupError, Progress

STEP_PAGES = 64  # small steps: a steady progress bar; the pinned snapshot keeps them consistent


def copy(source: Path, target: Path, progress: Progress) -> None:
    """Copy database `source` into `target` (created, or overwritten as one write transaction)."""
    src = sqlite3.connect(source, timeout=20, isolation_level=None)
    dst = sqlite3.connect(target, timeout=20, isolation_level=None)
    try:
        # An open read transaction pins one snapshot for every step: writers go on (WAL), and the copy
        # neither restarts on their commits nor mixes pages from before and after them.
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()
        src.backup(dst, pages=STEP_PAGES,
                   progress=lambda status, remaining, total: progress(total - remaining, total))
        src.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        raise BackupError(_("复制 SQLite 数据库失败：%(e)s") % {"e": exc}) from None
    finally:
        src.close()
        dst.close()


def dump(database: Path, out: Path, progress: Progress) -> None:
    if not database.is_file():
        raise BackupError(_("找不到数据库文件“%(f)s”：这个数据目录还没有数据可备份。") % {"f": database})
    copy(database, out, progress)


def load(staged: Path, database: Path, progress: Progress) -> None:
    database.parent.mkdir(parents=True, exist_ok=True)
    copy(staged, database, progress)
    db = sqlite3.connect(database, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
    finally:
        db.close()


def snapshot_facts(database: Path) -> tuple[dict[str, int], list[str]]:
    """Row counts per table and applied migrations, read from the copy (so they describe exactly it)."""
    db = sqlite3.connect(database)
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        migrations = []
        if "django_migrations" in counts:
            migrations = [f"{a}.{n}" for a, n in db.execute("SELECT app, name FROM django_migrations ORDER BY id")]
        return counts, migrations
    finally:
        db.close()
