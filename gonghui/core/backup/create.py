"""Taking a backup: the database first (one snapshot), then the uploads and the secret key.

The database goes first so that every file a row of the snapshot points at is already in the uploads folder
when the folder is read; a file added after the snapshot is carried along unreferenced, which is harmless."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import gettext as _

import gonghui
from gonghui.core.backup import crypto, postgres, sqlite
from gonghui.core.backup.archive import (
    FORMAT,
    FORMAT_VERSION,
    BackupError,
    Progress,
    Writer,
    no_progress,
    phase,
)


def engine(alias: str = DEFAULT_DB_ALIAS) -> str:
    return connections[alias].vendor  # "sqlite", "postgresql"


def upload_files(root: Path, skip: set[Path]) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and p.resolve() not in skip)


def dump_database(kind: str, into: Path, progress: Progress) -> tuple[Path, dict[str, int], list[str]]:
    if kind == "sqlite":
        dumped = into / "database.sqlite3"
        sqlite.dump(Path(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]), dumped, progress)
        return dumped, *sqlite.snapshot_facts(dumped)
    if kind == "postgresql":
        dumped = into / "database.pgdump"
        return dumped, *postgres.dump(dumped, progress)
    raise BackupError(_("不支持备份 %(e)s 数据库（只支持 SQLite 和 PostgreSQL）。") % {"e": kind})


def size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def backup_create(out: Path, *, progress: Progress = no_progress, passphrase: str | None = None) -> dict:
    """Write the backup to `out`, encrypted with `passphrase` when given (core/backup/crypto.py); return its
    manifest. Raises BackupError, or OSError for `out` itself."""
    out = Path(out).expanduser().resolve()
    seal = None
    if passphrase is not None:
        crypto.check_new_passphrase(passphrase)

        def seal(handle):
            return crypto.Encryptor(handle, passphrase)

    writer = Writer(out, seal)  # opens `<out>.partial` now: an unwritable place fails before any work
    try:
        with tempfile.TemporaryDirectory(prefix="gonghui-backup-") as tmp:
            dumped, counts, migrations = dump_database(engine(), Path(tmp), phase(progress, 0, 50))
            files = upload_files(Path(settings.MEDIA_ROOT), {out, writer.partial})
            total = size_of(dumped) + sum(size_of(p) for p in files)
            done, packing = 0, phase(progress, 50, 100)

            def tick(n: int) -> None:
                nonlocal done
                done += n
                packing(done, total)

            writer.add_file(dumped.name, dumped, tick)
        media = Path(settings.MEDIA_ROOT)
        for path in files:
            try:
                writer.add_file("uploads/" + path.relative_to(media).as_posix(), path, tick)
            except FileNotFoundError:
                continue  # removed since the listing (a finished import's temporary file)
        writer.add_bytes("secret_key", settings.SECRET_KEY.encode("utf-8"))
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "gonghui_version": gonghui.__version__,
            "engine": engine(), "created_at": timezone.now().isoformat(timespec="seconds"),
            "database": dumped.name, "tables": counts, "migrations": migrations,
            "encrypted": passphrase is not None,
        }
        writer.finish(manifest)
    except BaseException:
        writer.abandon()
        raise
    progress(100, 100)
    return manifest
