"""What `gonghui backup` and `gonghui restore` share: they work on the data dir as a whole, as the system,
and do not migrate first (a backup reads the database as it is; a restore needs the target untouched)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.cli.base import GonghuiCommand, file_error_text
from gonghui.core.backup import BackupError


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
