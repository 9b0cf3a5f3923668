"""What every face of an import job shares (page, API; roster and ledgers): confirming a preview, and the
workbook of the rows it refused.

    new = import_job_confirm(job, start=functools.partial(roster_import_job_start, actor=user, org=org))
    return import_job_errors(job, "花名册")        # FileResponse: the refused rows with 错误原因; 404 if none

Who may act on a job is the domain's question, asked before these are called: the face fetches the job with
write rights (403 for read-only roles, the preview holds the file's cells in full) and the domain's job
start checks again that the actor may write where it imports.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.models import Job
from gonghui.core.uploads import file_size, run_now_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_A_PREVIEW = gettext_lazy("只有已完成的试导入（预览）才能确认导入。")


def import_job_preview_check(job: Job) -> None:
    """ValidationError (code "not_a_preview") unless `job` is a finished dry run: only a preview is confirmed,
    so a real import never runs twice. A face that reads more input first (a corrected mapping) asks early."""
    if job.status != Job.Status.DONE or not (job.params or {}).get("dry_run"):
        raise ValidationError({"__all__": [NOT_A_PREVIEW]}, code="not_a_preview")


def import_job_confirm(job: Job, *, start: Callable[..., Job], dry_run: bool = False) -> Job:
    """Start the import that the finished preview `job` (a dry-run import job) showed, on the same file.

    `start(file_path=, file_name=, dry_run=, run_now=)` is the domain's job start, bound to its actor, org and
    options (the corrected mapping…). `dry_run=True` previews again instead. A small file runs now, a large one
    in the job worker, as on upload. Raises ValidationError unless `job` is a finished preview
    (import_job_preview_check)."""
    import_job_preview_check(job)
    return start(file_path=job.file_path, file_name=job.file_name, dry_run=dry_run,
                 run_now=run_now_for(file_size(job.file_path)))


def attachment(handle, filename: str, content_type: str = XLSX) -> FileResponse:
    """A file handed out as a download that no cache keeps (FileResponse closes `handle`)."""
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def import_job_errors(job: Job, default_name: str) -> FileResponse:
    """The rows the job refused, as they were, with a 错误原因 column (written by the job beside the upload),
    named after the uploaded file (or `default_name`); Http404 when there are none or the file is gone."""
    path = (job.result or {}).get("errors_file") or ""
    if not path:
        raise Http404
    try:
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError:
        raise Http404 from None
    stem = os.path.splitext(job.file_name or default_name)[0]
    return attachment(handle, _("%(name)s-未导入的行.xlsx") % {"name": stem})


REPEATED = 3  # a problem on this many rows is told once, with the count, not row by row
ROWS_NAMED = 10


def refusal_groups(refusals, *, at_least: int = REPEATED) -> list[dict]:
    """The problems that repeat over refused rows (the same column, value and message: "28行：找不到…"), most
    rows first: [{rows, row_numbers (the first ROWS_NAMED), column, value, message, text}]. `refusals` are
    Refusal.as_dict() dicts. Faces show these once and the rest of each row's problems row by row."""
    seen: dict[tuple[str, str, str], list[int]] = {}
    for refusal in refusals:
        for p in refusal.get("problems") or ():
            seen.setdefault((p.get("column", ""), p.get("value", ""), p.get("message", "")), []).append(refusal["row"])
    out = []
    for (column, value, message), rows in seen.items():
        if len(rows) >= at_least:
            named = "、".join(str(n) for n in rows[:ROWS_NAMED]) + ("……" if len(rows) > ROWS_NAMED else "")
            out.append({"rows": len(rows), "row_numbers": rows[:ROWS_NAMED], "column": column, "value": value,
                        "message": message,
                        "text": _("%(n)d行：〈%(c)s〉“%(v)s” — %(m)s（第%(r)s行）") % {
                            "n": len(rows), "c": column, "v": value, "m": message, "r": named}})
    out.sort(key=lambda g: -g["rows"])
    return out


def is_grouped(problem: dict, groups: list[dict]) -> bool:
    """Is this problem (a Refusal.as_dict() problem) one of `groups` (told once, not on its row)?"""
    key = (problem.get("column", ""), problem.get("value", ""), problem.get("message", ""))
    return any(key == (g["column"], g["value"], g["message"]) for g in groups)
