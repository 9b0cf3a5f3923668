"""Report generation as background jobs: the summary (.docx) or the tables (.xlsx) of a big org (a federation
of many unions) written by the job worker while the page polls the Job row.

    job = report_job_start(actor=user, kind="summary", org=org, period=period)   # or kind="tables"
    ... poll report_job_get(viewer=user, pk=job.pk): status, done/total, message
    job.result == {"file": "<path>", "file_name": "某区总工会2026年上半年工作总结.docx", "summary": "..."}

The work runs through django-tasks like the roster import (people/roster/jobs.py); `run_now=True` runs it in
this process (tests, small orgs). The document is written with the starter's scope (`viewer` = the job's
creator), so named highlights are the ones they may read; only the creator gets the job and its file.

A user has at most GONGHUI_REPORT_JOBS_PER_USER jobs queued or running; asking again for a report that is
still being written returns that job. Every start first deletes the files older than GONGHUI_REPORT_KEEP_DAYS
(`report_files_expire`): the job row stays, its result marked `expired`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from gonghui.accounts import scoping
from gonghui.accounts.scoping import SYSTEM
from gonghui.core.jobs import job_create, job_run, job_update
from gonghui.core.models import Job
from gonghui.core.periods import Period, parse_period
from gonghui.core.scope_guard import unscoped
from gonghui.orgs.models import Org

KINDS = {"summary": "report_summary", "tables": "report_tables"}
SUFFIX = {"summary": ".docx", "tables": ".xlsx"}
STEPS = 3  # read the org, compute and write, store
PER_USER = 2
KEEP_DAYS = 7
# A job queued or running longer than this was lost (a worker killed mid-way): it no longer holds a place.
STALE_AFTER = dt.timedelta(hours=2)
ACTIVE = (Job.Status.QUEUED, Job.Status.RUNNING)

MSG_TOO_MANY = gettext_lazy("您已有%(n)d个报表正在生成，请等其中一个完成后再生成新的报表。")


def report_file_name(kind: str, org: Org, period: Period) -> str:
    what = _("工作总结") if kind == "summary" else _("统计报表")
    return f"{org.name}{period.label}{what}{SUFFIX[kind]}"


def report_write(kind: str, *, org: Org, period: Period, target, viewer=SYSTEM, builtin: bool = False) -> None:
    """The one body of every face: write the summary or the tables of org/period to `target`. The summary
    uses the officer's saved wording and chosen 落款 date (reports.drafts), its number fields recomputed now,
    in the Word template in force for org (reports.summary_templates) unless `builtin` asks for the built-in
    layout."""
    if kind == "summary":
        from gonghui.reports.drafts import draft_list, draft_signed_on
        from gonghui.reports.summary import summary_write
        from gonghui.reports.summary_templates import summary_template_open

        drafts = draft_list(viewer=viewer, org=org, period=period)
        signed_on = draft_signed_on(viewer=viewer, org=org, period=period)
        with contextlib.nullcontext() if builtin else summary_template_open(org) as template:
            summary_write(org=org, period=period, target=target, viewer=viewer, drafts=drafts,
                          template=template, signed_on=signed_on)
    elif kind == "tables":
        from gonghui.reports.tables import tables_write

        tables_write(org=org, period=period, target=target, viewer=viewer)
    else:
        raise ValueError(kind)


def _period_params(period: Period) -> dict:
    return {"period": period.code, "start": period.start.isoformat(), "end": period.end.isoformat()}


def _period_from(params: dict) -> Period:
    import datetime as dt

    if params.get("period"):
        return parse_period(params["period"])
    return parse_period(start=dt.date.fromisoformat(params["start"]), end=dt.date.fromisoformat(params["end"]))


def report_job_start(*, actor, kind: str, org: Org, period: Period, run_now: bool = False,
                     builtin: bool = False) -> Job:
    """Create the job (404 when the actor cannot read the org) and enqueue it, or run it now. `builtin`:
    the summary in the built-in layout instead of the template in force."""
    if kind not in KINDS:
        raise ValueError(kind)
    if not scoping.scope_of(actor).covers(org.path, scoping.READ_ROLES):
        raise Http404
    report_files_expire()
    params = {"report": kind, "org_id": org.pk, "org_code": org.code, **_period_params(period),
              **({"builtin": True} if builtin else {})}
    with transaction.atomic():
        _lock_user(actor)
        active = _active_jobs(actor)
        same = next((job for job in active if job.params == params), None)
        if same is not None:
            return same
        limit = int(getattr(settings, "GONGHUI_REPORT_JOBS_PER_USER", PER_USER))
        if getattr(actor, "pk", None) and len(active) >= limit:
            raise ValidationError(MSG_TOO_MANY % {"n": len(active)}, code="too_many_jobs")
        job = job_create(kind=KINDS[kind], actor=actor, org_path=org.path,
                         file_name=report_file_name(kind, org, period), params=params)
    if run_now:
        run_report_job(job)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: job_update(job, task_id=str(report_task.enqueue(job.pk).id)))
    return job


def _lock_user(actor) -> None:
    # Two starts by the same user at once are serialised on their user row, so both cannot pass the limit.
    if getattr(actor, "pk", None):
        get_user_model().objects.select_for_update().filter(pk=actor.pk).exists()


def _active_jobs(actor) -> list[Job]:
    since = timezone.now() - STALE_AFTER
    with unscoped("a user's own report jobs, counted against their limit whatever their org"):
        return list(Job.objects.filter(kind__in=KINDS.values(), status__in=ACTIVE, created_at__gte=since,
                                       created_by_id=getattr(actor, "pk", None)))


def report_files_expire(*, now=None) -> int:
    """Delete the files of report jobs finished more than GONGHUI_REPORT_KEEP_DAYS ago, and any file in the
    report folder as old (a failed or forgotten job's); the rows stay, marked expired. Returns the files deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=int(getattr(settings, "GONGHUI_REPORT_KEEP_DAYS",
                                                                      KEEP_DAYS)))
    deleted = 0
    with unscoped("retention applies to every user's report files"):
        old = list(Job.objects.filter(kind__in=KINDS.values(), status=Job.Status.DONE, finished_at__lt=cutoff,
                                      result__has_key="file"))
    for job in old:
        path = Path(job.result["file"] or "")
        if path.name:
            with contextlib.suppress(OSError):
                path.unlink()
                deleted += 1
        kept = {key: value for key, value in job.result.items() if key != "file"}
        job_update(job, result={**kept, "expired": True})
    for path in report_folder().iterdir():
        with contextlib.suppress(OSError):
            if path.is_file() and dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC) < cutoff:
                path.unlink()
                deleted += 1
    return deleted


def report_job_expired(job: Job) -> bool:
    return bool((job.result or {}).get("expired"))


@task()
def report_task(job_id: int) -> dict:
    job = Job.objects.get(pk=job_id)
    run_report_job(job)
    job.refresh_from_db()
    return {"job": job.pk, "status": job.status}


def report_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_report_job(job: Job) -> Job:
    """The synchronous body: what the task runs, and what run_now uses."""
    params = job.params or {}
    kind = params.get("report", "summary")

    def body(progress):
        progress(0, STEPS)
        viewer = scoping.job_actor(job)
        scoping.forget_scope(viewer)
        org = scoping.get_for(viewer, Org.objects.all(), params["org_id"])  # the job acts for its creator
        period = _period_from(params)
        progress(1, STEPS)
        progress.phase(_("正在计算指标并写入文件…"))
        path = report_folder() / f"{uuid.uuid4().hex}{SUFFIX[kind]}"
        report_write(kind, org=org, period=period, target=path, viewer=viewer,
                     builtin=bool(params.get("builtin")))
        progress(STEPS, STEPS)
        return {"file": str(path), "file_name": job.file_name,
                "summary": _("已生成：%(name)s") % {"name": job.file_name}}

    return job_run(job, body, expected=(ValidationError, Org.DoesNotExist))


def report_job_get(*, viewer, pk) -> Job:
    """A report job of this viewer: 404 outside their scope or when someone else started it."""
    job = scoping.get_for(viewer, Job.objects.filter(kind__in=KINDS.values()), pk)
    if not getattr(viewer, "is_superuser", False) and job.created_by_id != getattr(viewer, "pk", None):
        raise Http404
    return job


def report_job_file(job: Job) -> Path | None:
    """The finished job's file, or None (not finished, failed, or cleaned away)."""
    if job.status != Job.Status.DONE:
        return None
    path = Path((job.result or {}).get("file") or "")
    return path if path.name and path.is_file() else None
