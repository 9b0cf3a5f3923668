"""An uploaded table file on its way to an import job: one body for every import (roster, ledgers) and both
faces (page, API).

    path, name = upload_store(request.FILES["file"])      # saved under MEDIA_ROOT/imports/, random name
    upload_check(path, name, spec)                          # FileUnreadable now, for what can be told cheaply
    job = ..._job_start(..., file_path=str(path), file_name=name, run_now=run_now_for(path.stat().st_size))
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from gonghui.core.tabular import TableReader, TableSpec, open_table

RUN_NOW_MAX_BYTES = 2 * 1024 * 1024
MAX_BYTES = 50 * 1024 * 1024

Opener = Callable[[Path, str], AbstractContextManager[Any]]


def run_now_for(size: int) -> bool:
    """Small files run in the request (the preview shows at once); larger ones go to the job worker.
    settings.GONGHUI_IMPORT_RUN_NOW_BYTES overrides the 2 MB threshold (0: always in the background)."""
    return size <= int(getattr(settings, "GONGHUI_IMPORT_RUN_NOW_BYTES", RUN_NOW_MAX_BYTES))


def upload_store(upload) -> tuple[Path, str]:
    """Save an uploaded file under MEDIA_ROOT/imports/ with a random name (the uploaded name is only shown,
    never used as a path). Returns (path, display name)."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.upload"
    with open(path, "wb") as out:
        out.writelines(upload.chunks())
    name = os.path.basename((upload.name or "").replace("\\", "/"))[:255] or _("上传的文件")
    return path, name


def upload_check(path: Path, name: str, spec: TableSpec, *, opener: Opener | None = None) -> None:
    """Raise FileUnreadable now for what can be told cheaply: a file over the size cap (from its size alone)
    and, for a small file, anything opening it or the header search for `spec` refuses. A larger file is
    checked by its job, whose page then shows the message. `opener(path, name)` opens the table the way the
    import will (default: open_table, the first visible sheet)."""
    size = path.stat().st_size
    if size > int(getattr(settings, "GONGHUI_IMPORT_MAX_BYTES", MAX_BYTES)) or run_now_for(size):
        with (opener or _first_sheet)(path, name) as table:
            TableReader(table, spec)


def _first_sheet(path: Path, name: str):
    return open_table(path, name=name)


def file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # gone: run now, so the job fails at once with the engine's "找不到文件" message
