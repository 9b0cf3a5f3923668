"""`gonghui backup -o FILE`: the database, the uploads and the secret key in one file, while the server runs."""

from __future__ import annotations

import errno
from pathlib import Path

from django.utils.translation import gettext as _

from gonghui.cli.backup_face import DataDirCommand, contents_text, size_text
from gonghui.core.backup import BackupError, backup_create
from gonghui.core.backup.archive import read_manifest


class Command(DataDirCommand):
    help = "备份：把数据库、上传的附件和密钥打包成一个文件（系统运行时也可备份）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="备份文件，如 gonghui-2026-06-30.zip（已有同名备份文件时覆盖）")

    def run(self, *args, output, **options):
        out = Path(output).expanduser()
        if out.is_dir():
            raise IsADirectoryError(errno.EISDIR, "", str(out))
        if out.exists():
            # Overwrite yesterday's backup, never anything else (a slip of `-o gonghui.sqlite3`).
            try:
                read_manifest(out)[0].close()
            except BackupError:
                raise BackupError(_("“%(f)s”已存在且不是 gonghui 备份文件，不会覆盖它；请换一个文件名。")
                                  % {"f": out}) from None
        with self.progress(_("正在备份")) as progress:
            manifest = backup_create(out, progress=progress)
        return _("已备份到“%(f)s”（%(s)s）：%(c)s。") % {
            "f": out, "s": size_text(out.stat().st_size), "c": contents_text(manifest)}
