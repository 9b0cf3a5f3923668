"""The backup file itself: a zip with manifest.json, written atomically and read only after it checks out."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

FORMAT = "gonghui-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024

Progress = Callable[[int, int], None]


class BackupError(Exception):
    """A backup or restore refused for a reason the user can act on; the message is one Chinese line."""


def no_progress(done: int, total: int) -> None:
    pass


def phase(progress: Progress, start: int, end: int) -> Progress:
    """One stage's (done, total), in its own units (pages, bytes), as a share of one bar counted in percent."""

    def update(done: int, total: int) -> None:
        progress(start + (end - start) * min(done, total) // max(total, 1), 100)

    return update


class Writer:
    """Members go into `<out>.partial`; only a complete file is renamed to `out`, so a failed backup
    leaves nothing that looks like a backup."""

    def __init__(self, out: Path, seal: Callable | None = None):
        """`seal(handle)` gives the stream the zip is written into (crypto.Encryptor), or the file itself."""
        self.out = out
        self.partial = out.with_name(out.name + ".partial")
        # 0600 from the start: the file holds every ID number and the secret key.
        try:
            self.handle = open(self.partial, "wb", opener=lambda p, flags: os.open(p, flags, 0o600))  # noqa: SIM115
        except OSError as exc:
            exc.filename = str(out)  # the name the user gave, not our temporary one
            raise
        try:
            self.sealer = seal(self.handle) if seal else None
        except BaseException:
            self.handle.close()
            self.partial.unlink(missing_ok=True)
            raise
        self.zip = zipfile.ZipFile(self.sealer or self.handle, "w", compression=zipfile.ZIP_DEFLATED,
                                   compresslevel=6)
        self.files: list[dict] = []

    def add_file(self, name: str, source: Path, tick: Callable[[int], None] = lambda n: None) -> None:
        digest, size = hashlib.sha256(), 0
        with open(source, "rb") as src, self.zip.open(name, "w", force_zip64=True) as dst:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                dst.write(chunk)
                size += len(chunk)
                tick(len(chunk))
        self.files.append({"path": name, "size": size, "sha256": digest.hexdigest()})

    def add_bytes(self, name: str, data: bytes) -> None:
        self.zip.writestr(name, data)
        self.files.append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})

    def finish(self, manifest: dict) -> None:
        manifest["files"] = self.files
        self.zip.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        self.zip.close()
        if self.sealer:
            self.sealer.close()  # the last chunk: without it the file does not decrypt
        self.handle.close()
        os.replace(self.partial, self.out)

    def abandon(self) -> None:
        self.zip.close()
        self.handle.close()
        self.partial.unlink(missing_ok=True)


def not_a_backup(path: Path) -> BackupError:
    return BackupError(_("“%(f)s”不是 gonghui 备份文件（或已损坏），未写入任何数据。") % {"f": path})


def damaged(path: Path, member: str) -> BackupError:
    return BackupError(_("备份文件“%(f)s”已损坏或被改动（%(m)s 与清单不符），未写入任何数据。")
                       % {"f": path, "m": member})


def read_manifest(path: Path, shown: Path | None = None) -> tuple[zipfile.ZipFile, dict]:
    """Open the zip and read its manifest; refuse a foreign file, a newer format, or members the manifest
    does not list (or that point outside the data dir). Messages name `shown`: the user's file, when `path`
    is its decrypted copy."""
    with open(path, "rb"):  # a missing or unreadable file: the caller's OSError message
        pass
    shown = shown or path
    if not zipfile.is_zipfile(path):
        raise not_a_backup(shown)
    zf = zipfile.ZipFile(path)
    try:
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise not_a_backup(shown)
        if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
            raise BackupError(_("备份文件“%(f)s”由较新版本的 gonghui（%(v)s）生成，请先升级 gonghui。")
                              % {"f": shown, "v": manifest.get("gonghui_version", "?")})
        listed = {f["path"] for f in manifest["files"]}
        if not all(isinstance(f["path"], str) and isinstance(f["size"], int) and isinstance(f["sha256"], str)
                   for f in manifest["files"]):
            raise not_a_backup(shown)
        if not (isinstance(manifest["tables"], dict) and isinstance(manifest["migrations"], list)
                and isinstance(manifest["engine"], str) and isinstance(manifest["created_at"], str)
                and {manifest["database"], "secret_key"} <= listed):
            raise not_a_backup(shown)
        present = set(zf.namelist()) - {MANIFEST}
        for name in listed ^ present:
            raise damaged(shown, name)
        for name in listed:
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or "\\" in name or ":" in name:
                raise damaged(shown, name)
    except BackupError:
        zf.close()
        raise
    except (KeyError, ValueError, TypeError, AttributeError, zipfile.BadZipFile, UnicodeDecodeError):
        zf.close()
        raise not_a_backup(shown) from None
    return zf, manifest


def extract_verified(zf: zipfile.ZipFile, manifest: dict, into: Path, source: Path, progress: Progress) -> None:
    """Unpack every member into `into` (a staging folder), checking size and sha256 as it goes."""
    total = sum(int(f["size"]) for f in manifest["files"])
    done = 0
    for entry in manifest["files"]:
        target = into / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        try:
            with zf.open(entry["path"]) as src, open(target, "wb") as dst:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
                    size += len(chunk)
                    done += len(chunk)
                    progress(done, total)
        except (zipfile.BadZipFile, EOFError, ValueError):  # a bad CRC or a cut-off member
            raise damaged(source, entry["path"]) from None
        if size != int(entry["size"]) or digest.hexdigest() != entry["sha256"]:
            raise damaged(source, entry["path"])
    progress(total, total)


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
