"""Ledger (台账) imports as background jobs, like the roster's (people/roster/jobs.py): the web page (and the
API) start one, then poll the Job row.

    job = ledger_import_job_start(actor=user, kind="meeting", org=org, file_path=saved_path,
                                  file_name="会议台账.xlsx", dry_run=True)    # preview; then dry_run=False
    ... poll ledger_job_get(viewer=user, pk=job.pk): status, done/total (percent), message, result

The work runs through django-tasks (`gonghui db_worker` picks it up); `run_now=True` runs it synchronously in
this process instead (small files, tests). The Job's params carry the kind code; its org_path scopes it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django_tasks import task

from gonghui.accounts import scoping
from gonghui.accounts.scoping import get_for, job_actor
from gonghui.core import uploads
from gonghui.core.imports import import_job_confirm, import_job_preview_check
from gonghui.core.jobs import import_job_result, job_enqueue, job_run, job_start, job_task_run
from gonghui.core.models import Job
from gonghui.core.tabular import FileUnreadable
from gonghui.ledgers.excel.importer import LedgerImportError, ledger_import, ledger_summary, open_ledger_table
from gonghui.ledgers.excel.spec import layout_of
from gonghui.ledgers.kinds import Kind, get_kind
from gonghui.ledgers.services import LEDGER_WRITE_ROLES, can_write_ledgers
from gonghui.orgs.models import Org

KIND = "ledger_import"


def _kind(kind: Kind | str) -> Kind:
    return get_kind(kind) if isinstance(kind, str) else kind


def ledger_upload_check(path: Path, name: str, kind: Kind | str) -> None:
    """FileUnreadable now for a file over the size cap, or a small one whose sheet for `kind` (the sheet
    named after the kind when the workbook has one, as the import picks it) has no recognisable header."""
    kind = _kind(kind)

    def opener(p, n):
        return open_ledger_table(p, filename=n, sheet=None, kind=kind)

    uploads.upload_check(path, name, layout_of(kind).spec, opener=opener)


def ledger_import_job_start(*, actor, kind: Kind | str, org: Org, file_path: str, file_name: str = "",
                            dry_run: bool = False, run_now: bool = False) -> Job:
    """Create the Job and enqueue it (or run it now). The file must stay at `file_path` until the job ends.
    Raises PermissionDenied when the actor may not write ledgers in `org`."""
    kind = _kind(kind)
    if not can_write_ledgers(actor, org):
        raise PermissionDenied
    return job_start(kind=KIND, actor=actor, org_path=org.path, file_path=file_path, file_name=file_name,
                     params={"kind": kind.code, "org_id": org.pk, "org_code": org.code, "dry_run": bool(dry_run)},
                     task=ledger_import_task, run=run_ledger_import_job, run_now=run_now)


def enqueue_ledger_import(job: Job) -> Job:
    """Queue the job once the surrounding transaction (if any) has committed."""
    return job_enqueue(job, ledger_import_task)


@task()
def ledger_import_task(job_id: int) -> dict:
    return job_task_run(job_id, run_ledger_import_job)


def run_ledger_import_job(job: Job) -> Job:
    """The synchronous body: what the task runs, and what run_now uses."""
    params = job.params or {}

    def body(progress):
        org = get_for(job_actor(job), Org.objects.all(), params["org_id"])  # the job acts for its creator
        result = ledger_import(actor=job_actor(job), kind=params["kind"], org=org, source=job.file_path,
                               filename=job.file_name or None, dry_run=params.get("dry_run", False),
                               progress=progress)
        return import_job_result(job, result, summary=ledger_summary(result))

    return job_run(job, body, expected=(FileUnreadable, LedgerImportError, PermissionDenied))


def ledger_job_get(*, viewer, pk, write: bool = False) -> Job:
    """One ledger-import job the viewer may see: 404 outside their scope (like every single fetch); with
    `write`, 403 unless they may write ledgers where the job imports (管理员/干事 its subtree, 小组长 its group):
    the preview shows the file's cells in full."""
    job = scoping.get_for(viewer, Job.objects.filter(kind=KIND), pk)
    if write and not scoping.scope_of(viewer).covers(job.org_path, LEDGER_WRITE_ROLES):
        raise PermissionDenied
    return job


def ledger_job_confirm(*, actor, job: Job, dry_run: bool = False) -> Job:
    """The real import of a finished preview (`dry_run=True`: another preview) of the same file into the same
    org. The org is read (not written: a 小组长 writes ledgers in their group without writing the org itself);
    ledger_import_job_start checks the right to write ledgers there. ValidationError when `job` is not a
    finished preview."""
    import_job_preview_check(job)  # before the org: a finished real import is told as such
    params = job.params or {}
    org = get_for(actor, Org.objects.all(), params.get("org_id"))
    start = partial(ledger_import_job_start, actor=actor, kind=params["kind"], org=org)
    return import_job_confirm(job, start=start, dry_run=dry_run)
