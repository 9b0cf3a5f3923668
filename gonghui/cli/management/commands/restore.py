"""`gonghui restore FILE [--force]`: a backup back into an empty data dir and database, checked first."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.cli.backup_face import (
    PASSPHRASE_ENV,
    DataDirCommand,
    ask_passphrase,
    contents_text,
    given_passphrase,
)
from gonghui.cli.database import migrate_if_needed
from gonghui.core.backup import backup_restore
from gonghui.core.backup.crypto import is_encrypted


def local_time(iso: str) -> str:
    try:
        return timezone.localtime(dt.datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return str(iso)


class Command(DataDirCommand):
    help = "恢复：把 gonghui backup 生成的备份文件恢复到空的数据目录和数据库（请先停止服务）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", metavar="FILE", help="gonghui backup 生成的备份文件")
        parser.add_argument("--force", action="store_true",
                            help="目标已有数据时仍然恢复，覆盖现有的数据库、上传文件和密钥")
        parser.add_argument("--passphrase-file", metavar="F",
                            help=f"加密备份：从文件第一行读取备份密码；也可用环境变量 {PASSPHRASE_ENV}，都没有时在终端里询问")

    def run(self, *args, file, force=False, passphrase_file=None, **options):
        passphrase = None
        if is_encrypted(Path(file).expanduser()):
            passphrase = given_passphrase(passphrase_file) or ask_passphrase(new=False, interactive=sys.stdin.isatty())
        with self.progress(_("正在校验并恢复")) as progress:
            manifest = backup_restore(Path(file), force=force, progress=progress, passphrase=passphrase)
        migrate_if_needed(self.stderr, self.verbosity)  # a backup from an older version: bring it up to date
        return _("已从“%(f)s”恢复（备份于 %(t)s，gonghui %(v)s）：%(c)s。") % {
            "f": file, "t": local_time(manifest["created_at"]), "v": manifest["gonghui_version"], "c": contents_text(manifest)}
