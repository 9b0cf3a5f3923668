"""Background jobs with progress: one body, two faces (STYLE rule 9).

A service takes `progress(done, total)`. The CLI passes a rich progress bar; a background job passes
`JobProgress(job)`, which writes done/total to the Job row about every 1% (and at most a few times a second),
so a page or the API can poll it. `job_run` wraps the body: marks the job running, stores the result, and
marks it done or failed with a Chinese message. Domain apps define their own task (django-tasks) that loads
the Job and calls `job_run` (`job_task_run` does that); `job_start` creates the Job and enqueues that task or
runs the body now; `import_job_result` is what an import job stores. See people/roster/jobs.py.

Progress written inside a transaction is invisible to the poller until it commits, so long services report
progress from the phase before their one write transaction (reading and checking a file), then call
`progress.phase("正在写入…")` just before it.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.models import Job
from gonghui.core.scope_guard import unscoped
from gonghui.core.tabular.writer import write_refused

log = logging.getLogger(__name__)

MAX_REFUSALS = 1000  # refused rows an import job keeps in its result (all of them go to the errors workbook)

FAILED_UNEXPECTED = _("处理时出现意外错误，未写入任何数据。请联系系统管理员查看日志（任务编号 %(id)s）。")


def job_create(*, kind: str, actor=None, org_path: str = "", file_path: str = "", file_name: str = "",
               params: dict | None = None, message: str = "") -> Job:
    return Job.objects.create(
        kind=kind, created_by=actor if getattr(actor, "pk", None) else None, org_path=org_path,
        file_path=file_path, file_name=file_name, params=params or {}, message=message or _("排队等待处理"),
    )


def job_update(job: Job, **fields) -> None:
    """Write a few fields of the job row at once (never through save(): another process may poll it)."""
    for key, value in fields.items():
        setattr(job, key, value)
    with unscoped("a job writes its own row"):
        Job.objects.filter(pk=job.pk).update(**fields)


class JobProgress:
    """progress(done, total) that writes the Job row about every `step` of the total (1%)."""

    def __init__(self, job: Job, *, step: float = 0.01, min_interval: float = 0.25):
        self.job = job
        self.step = step
        self.min_interval = min_interval
        self._last_done = -1
        self._last_at = 0.0
        self.writes = 0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        threshold = max(1, int(total * self.step)) if total else 1
        final = total and done >= total
        if not final and (done - self._last_done < threshold or now - self._last_at < self.min_interval):
            return
        self._last_done, self._last_at = done, now
        self.writes += 1
        job_update(self.job, done=done, total=total)

    def phase(self, message: str) -> None:
        """A new phase of the work ("正在写入数据库…"): shown on the page while the numbers stand still."""
        job_update(self.job, message=message[:500])


def job_run(job: Job, body: Callable[[JobProgress], dict[str, Any]], *,
            expected: tuple[type[BaseException], ...] = ()) -> Job:
    """Run `body(progress)`, store what it returns as the result. Exceptions of the `expected` types carry a
    user-facing message (str(exc)); anything else is logged and reported with a generic message."""
    job_update(job, status=Job.Status.RUNNING, started_at=timezone.now(), message=_("正在处理"))
    progress = JobProgress(job)
    try:
        result = body(progress)
    except expected as exc:
        message = str(exc) or _("没有权限执行此操作。")
        job_update(job, status=Job.Status.FAILED, finished_at=timezone.now(), message=message[:500],
                   result={"error": message, "code": getattr(exc, "code", "") or type(exc).__name__})
        return job
    except Exception:  # noqa: BLE001 - a job must end as failed, never stay "running"
        log.error("job %s failed:\n%s", job.pk, traceback.format_exc())
        message = FAILED_UNEXPECTED % {"id": job.pk}
        job_update(job, status=Job.Status.FAILED, finished_at=timezone.now(), message=message,
                   result={"error": message, "code": "unexpected"})
        return job
    job_update(job, status=Job.Status.DONE, finished_at=timezone.now(), result=result,
               message=str(result.get("summary", ""))[:500] if isinstance(result, dict) else "",
               done=max(job.done, job.total))
    return job


def job_enqueue(job: Job, task) -> Job:
    """Queue `task` (a django-tasks task taking the job's pk) once the surrounding transaction (if any) has
    committed, and keep its id on the job."""

    def enqueue():
        result = task.enqueue(job.pk)
        job_update(job, task_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def job_start(*, kind: str, actor, org_path: str, params: dict, task, run: Callable[[Job], Job],
              file_path: str = "", file_name: str = "", run_now: bool = False) -> Job:
    """Create the Job, then enqueue `task` for it, or with `run_now` call `run(job)` (the task's synchronous
    body) in this process and return the job as it ended. Permission checks are the caller's, before this."""
    job = job_create(kind=kind, actor=actor, org_path=org_path, file_path=str(file_path), file_name=file_name,
                     params=params)
    if run_now:
        run(job)
        job.refresh_from_db()
    else:
        job_enqueue(job, task)
    return job


def job_task_run(job_id: int, run: Callable[[Job], Job]) -> dict:
    """The body of a domain's task: load the job, run it, report its end."""
    with unscoped("the worker runs the job it was handed"):
        job = Job.objects.get(pk=job_id)
    run(job)
    job.refresh_from_db()
    return {"job": job.pk, "status": job.status}


def import_job_result(job: Job, result, *, summary: str, max_refusals: int = MAX_REFUSALS) -> dict[str, Any]:
    """What an import job stores: the ImportResult's counts and first refusals, the one-line summary, and
    when rows were refused the path of the workbook of those rows as they were plus 错误原因 (written beside
    the uploaded file, for the page's download link)."""
    out = {**result.as_dict(max_refusals=max_refusals), "summary": summary, "errors_file": ""}
    if result.refusals:
        errors_path = f"{job.file_path}.errors.xlsx"
        write_refused(result, errors_path)
        out["errors_file"] = errors_path
    return out
