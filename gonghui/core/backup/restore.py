"""Restoring a backup into an empty data dir and database (or over them, when forced).

Order: the manifest and what it says about the target, then every member unpacked into a staging folder and
checked, and only then the writes: the database, the uploads folder (renamed into place), the secret key."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from gonghui.core.backup import crypto, postgres, sqlite
from gonghui.core.backup.archive import (
    BackupError,
    Progress,
    extract_verified,
    no_progress,
    phase,
    read_manifest,
    remove_tree,
)
from gonghui.core.backup.create import engine

# Filled by `migrate` itself on any database: rows here do not make a database "in use".
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def sqlite_file() -> Path:
    return Path(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])


def tables_with_rows() -> tuple[list[str], list[str]]:
    """(every table, the tables holding rows of their own)."""
    if engine() == "sqlite" and not sqlite_file().exists():
        return [], []
    connection = connections[DEFAULT_DB_ALIAS]
    found = []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            if table in BOOKKEEPING:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                found.append(table)
    connections.close_all()
    return tables, found


def occupied(tables: list[str]) -> list[str]:
    """What already lives in the target, in words; empty when there is nothing to lose."""
    reasons = []
    if tables:
        reasons.append(_("数据库中已有数据（%(n)d张表）") % {"n": len(tables)})
    media = Path(settings.MEDIA_ROOT)
    files = [p for p in media.rglob("*") if p.is_file()] if media.is_dir() else []
    if files:
        reasons.append(_("上传文件夹“%(d)s”中已有%(n)d个文件") % {"d": media, "n": len(files)})
    return reasons


def check_fits(manifest: dict, path: Path) -> None:
    theirs, ours = manifest.get("engine"), engine()
    if theirs != ours:
        raise BackupError(_("备份文件“%(f)s”来自 %(a)s 数据库，当前配置的是 %(b)s，不能直接恢复。")
                          % {"f": path, "a": ENGINE_NAMES.get(theirs, theirs), "b": ENGINE_NAMES.get(ours, ours)})
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    newer = [m for m in manifest.get("migrations", []) if m not in known]
    if newer:
        raise BackupError(_("备份文件“%(f)s”来自较新版本的 gonghui（%(v)s，数据库结构更新），请先升级 gonghui 再恢复。")
                          % {"f": path, "v": manifest.get("gonghui_version", "?")})


def place_uploads(staged: Path, media: Path, trash: Path) -> None:
    if media.exists():
        os.replace(media, trash / "replaced-uploads")
    if staged.is_dir():
        os.replace(staged, media)
    else:
        media.mkdir(parents=True, exist_ok=True)


def place_secret_key(key: bytes, data_dir: Path) -> None:
    tmp = data_dir / ".secret_key.restoring"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    os.replace(tmp, data_dir / "secret_key")


def data_dir_of(media: Path) -> Path:
    return Path(getattr(settings, "DATA_DIR", media.parent))


def backup_restore(path: Path, *, force: bool = False, progress: Progress = no_progress,
                   passphrase: str | None = None) -> dict:
    """Restore `path` into the configured database and data dir; return its manifest. Raises BackupError
    (nothing written) for a foreign, damaged or unfitting file, for an encrypted one without its passphrase
    or with a wrong one, and for a target in use without `force`.

    An encrypted backup is first decrypted whole, every chunk checked, into a 0600 file in the data dir (the
    zip needs to seek; memory stays one chunk), and only then restored like a plain one."""
    path = Path(path).expanduser()
    with open(path, "rb"):  # a missing or unreadable file: the caller's OSError message
        pass
    if not crypto.is_encrypted(path):
        return restore_zip(path, path, force, progress)
    if passphrase is None:
        raise BackupError(_("“%(f)s”是加密的备份文件，需要提供备份密码才能恢复。") % {"f": path})
    data_dir = data_dir_of(Path(settings.MEDIA_ROOT))
    data_dir.mkdir(parents=True, exist_ok=True)
    holder = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    try:
        plain = holder / "backup.zip"
        crypto.decrypt_file(path, plain, passphrase, phase(progress, 0, 30))
        return restore_zip(plain, path, force, phase(progress, 30, 100))
    finally:
        remove_tree(holder)


def restore_zip(zipped: Path, path: Path, force: bool, progress: Progress) -> dict:
    """Restore the plain backup zip `zipped`; messages name `path`, the user's file."""
    zf, manifest = read_manifest(zipped, path)
    with zf:
        check_fits(manifest, path)
        schema, in_use = tables_with_rows()
        reasons = occupied(in_use)
        if reasons and not force:
            raise BackupError(_("目标不是空的：%(r)s。恢复会覆盖这些数据；确认要覆盖请加 --force。")
                              % {"r": "；".join(reasons)})
        media = Path(settings.MEDIA_ROOT)
        data_dir = data_dir_of(media)
        data_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))  # same disk: renames, not copies
        try:
            extract_verified(zf, manifest, staging / "files", path, phase(progress, 0, 70))
            staged = staging / "files"
            database = staged / manifest["database"]
            connections.close_all()
            if manifest["engine"] == "sqlite":
                sqlite.load(database, sqlite_file(), phase(progress, 70, 100))
            else:
                # A database set up by `migrate` alone holds the tables already: pg_restore replaces them.
                postgres.load(database, clean=bool(schema), progress=phase(progress, 70, 100))
            place_uploads(staged / "uploads", media, staging)
            place_secret_key((staged / "secret_key").read_bytes(), data_dir)
        finally:
            remove_tree(staging)
    progress(100, 100)
    return manifest
