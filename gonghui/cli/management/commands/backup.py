"""`gonghui backup -o FILE`: the database, the uploads and the secret key in one file, while the server runs."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

from django.utils.translation import gettext as _

from gonghui.cli.backup_face import (
    PASSPHRASE_ENV,
    DataDirCommand,
    ask_passphrase,
    contents_text,
    given_passphrase,
    size_text,
)
from gonghui.core.backup import BackupError, backup_create
from gonghui.core.backup.archive import read_manifest
from gonghui.core.backup.crypto import is_encrypted


class Command(DataDirCommand):
    help = "备份：把数据库、上传的附件和密钥打包成一个文件（系统运行时也可备份）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="备份文件，如 gonghui-2026-06-30.zip（已有同名备份文件时覆盖）")
        parser.add_argument("--encrypt", action="store_true",
                            help="加密备份：在终端里输入两次备份密码（至少10个字符）；恢复时需要同一个密码")
        parser.add_argument("--passphrase-file", metavar="F",
                            help=f"从文件第一行读取备份密码（供定时任务用，隐含 --encrypt）；也可用环境变量 {PASSPHRASE_ENV}")

    def run(self, *args, output, encrypt=False, passphrase_file=None, **options):
        out = Path(output).expanduser()
        if out.is_dir():
            raise IsADirectoryError(errno.EISDIR, "", str(out))
        if out.exists() and not is_encrypted(out):
            # Overwrite yesterday's backup, never anything else (a slip of `-o gonghui.sqlite3`).
            try:
                read_manifest(out)[0].close()
            except BackupError:
                raise BackupError(_("“%(f)s”已存在且不是 gonghui 备份文件，不会覆盖它；请换一个文件名。")
                                  % {"f": out}) from None
        # A passphrase given by a file or the environment encrypts even without --encrypt: never a plain copy
        # where the operator meant an encrypted one.
        passphrase = given_passphrase(passphrase_file)
        if encrypt and passphrase is None:
            passphrase = ask_passphrase(new=True, interactive=sys.stdin.isatty())
        with self.progress(_("正在备份")) as progress:
            manifest = backup_create(out, progress=progress, passphrase=passphrase)
        return _("已备份到“%(f)s”（%(k)s，%(s)s）：%(c)s。") % {
            "f": out, "k": _("已加密") if passphrase is not None else _("未加密，请像数据库一样妥善保管"),
            "s": size_text(out.stat().st_size), "c": contents_text(manifest)}
