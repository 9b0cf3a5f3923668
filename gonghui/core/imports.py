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
