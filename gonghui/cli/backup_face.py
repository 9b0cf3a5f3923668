"""What `gonghui backup` and `gonghui restore` share: they work on the data dir as a whole, as the system,
and do not migrate first (a backup reads the database as it is; a restore needs the target untouched)."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.cli.base import GonghuiCommand, file_error_text
from gonghui.core.backup import BackupError
from gonghui.core.backup.crypto import check_new_passphrase

PASSPHRASE_ENV = "GONGHUI_BACKUP_PASSPHRASE"


def given_passphrase(passphrase_file: str | None) -> str | None:
    """The passphrase a script gives: the first line of --passphrase-file, else $GONGHUI_BACKUP_PASSPHRASE."""
    if passphrase_file:
        lines = Path(passphrase_file).expanduser().read_text(encoding="utf-8-sig").splitlines()
        if not lines or not lines[0]:
            raise BackupError(_("密码文件“%(f)s”的第一行是空的，请把备份密码写在第一行。") % {"f": passphrase_file})
        return lines[0]
    return os.environ.get(PASSPHRASE_ENV) or None


def ask_passphrase(*, new: bool, interactive: bool) -> str:
    """Ask in the terminal, not echoed: twice for a new backup, once to restore."""
    if not interactive:
        raise BackupError(_("需要备份密码：请在终端里运行，或用 --passphrase-file 文件、环境变量 %(e)s 提供。")
                          % {"e": PASSPHRASE_ENV})
    first = getpass.getpass(_("备份密码：") if new else _("备份密码（备份时设的）："))
    if new:
        check_new_passphrase(first)
        if getpass.getpass(_("再输入一次：")) != first:
            raise BackupError(_("两次输入的备份密码不一致，未备份。"))
    return first


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def contents_text(manifest: dict) -> str:
    uploads = sum(1 for f in manifest["files"] if f["path"].startswith("uploads/"))
    rows = sum(manifest["tables"].values())
    return _("%(t)d张表共%(r)d行、%(u)d个上传文件和密钥") % {"t": len(manifest["tables"]), "r": rows, "u": uploads}


class DataDirCommand(GonghuiCommand):
    accepts_as_user = False

    def handle(self, *args, **options):
        self.verbosity = int(options.get("verbosity", 1))
        try:
            summary = self.run(*args, **options)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise CommandError(file_error_text(exc)) from None
        if summary and self.verbosity >= 1:
            self.stdout.write(summary)
