"""An uploaded roster file on its way to an import job: the shared body (core.uploads) with the roster's
columns. One body for the page and the API."""

from __future__ import annotations

from pathlib import Path

from gonghui.core import uploads
from gonghui.core.uploads import RUN_NOW_MAX_BYTES, file_size, run_now_for, upload_store
from gonghui.people.roster.columns import ROSTER

__all__ = ["RUN_NOW_MAX_BYTES", "file_size", "run_now_for", "upload_check", "upload_store"]


def upload_check(path: Path, name: str) -> None:
    """FileUnreadable now for a file over the size cap, or a small one the roster's header search refuses
    (core.uploads.upload_check)."""
    uploads.upload_check(path, name, ROSTER)
