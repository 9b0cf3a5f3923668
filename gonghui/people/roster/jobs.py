"""Roster imports as background jobs: the web page and the API start one, then poll the Job row.

    job = roster_import_job_start(actor=user, org=org, file_path=saved_path, file_name="花名册.xlsx",
                                  dry_run=True)        # preview; then again with dry_run=False to commit
    ... poll roster_job_get(viewer=user, pk=job.pk): status, done/total (percent), message, result
    new = roster_job_confirm(actor=user, job=roster_job_get(viewer=user, pk=job.pk, write=True))

The work runs through django-tasks (TASKS backend django_tasks_db: `gonghui db_worker` picks it up);
`run_now=True` runs it synchronously in this process instead (small files, tests).
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied
from django_tasks import task

from gonghui.accounts import scoping
from gonghui.accounts.roles import WRITE_ROLES
from gonghui.core.imports import import_job_confirm, import_job_preview_check, refusal_groups
from gonghui.core.jobs import import_job_result, job_enqueue, job_run, job_start, job_task_run
from gonghui.core.models import Job
from gonghui.core.tabular import FileUnreadable
from gonghui.orgs.models import Org
from gonghui.people.roster.importer import RosterImportError, roster_import

KIND = "roster_import"


def roster_import_job_start(*, actor, org: Org, file_path: str, file_name: str = "", create_groups: bool = False,
                            dry_run: bool = False, mapping: dict[str, int | None] | None = None,
                            name_changes: dict[int, str] | None = None,
                            group_map: dict[str, int | None] | None = None, run_now: bool = False) -> Job:
    """Create the Job and enqueue it (or run it now). The file must stay at `file_path` until the job ends.
    `name_changes` ({row: "keep"/"take"}) and `group_map` ({部门名称: org id or None}) are the preview's
    decisions (importer.roster_import)."""
    scoping.require_write(actor, org)
    return job_start(kind=KIND, actor=actor, org_path=org.path, file_path=file_path, file_name=file_name,
                     params={"org_id": org.pk, "org_code": org.code, "create_groups": bool(create_groups),
                             "dry_run": bool(dry_run), "mapping": mapping or {},
                             "name_changes": {str(k): v for k, v in (name_changes or {}).items()},
                             "group_map": group_map or {}},
                     task=roster_import_task, run=run_roster_import_job, run_now=run_now)


def enqueue_roster_import(job: Job) -> Job:
    """Queue the job once the surrounding transaction (if any) has committed."""
    return job_enqueue(job, roster_import_task)


@task()
def roster_import_task(job_id: int) -> dict:
    return job_task_run(job_id, run_roster_import_job)


def run_roster_import_job(job: Job) -> Job:
    """The synchronous body: what the task runs, and what run_now uses."""
    params = job.params or {}

    def body(progress):
        org = scoping.get_for(scoping.job_actor(job), Org.objects.all(), params["org_id"])  # acts for its creator
        mapping = {k: (None if v is None else int(v)) for k, v in (params.get("mapping") or {}).items()}
        names = {int(k): v for k, v in (params.get("name_changes") or {}).items()}
        result = roster_import(actor=scoping.job_actor(job), org=org, source=job.file_path, filename=job.file_name or None,
                               create_groups=params.get("create_groups", False),
                               dry_run=params.get("dry_run", False), mapping=mapping or None, progress=progress,
                               name_changes=names, group_map=params.get("group_map") or None)
        return {**import_job_result(job, result, summary=result.summary()), **result.preview(),
                "refusal_groups": refusal_groups(r.as_dict() for r in result.refusals)}

    return job_run(job, body, expected=(FileUnreadable, RosterImportError, PermissionDenied))


def roster_job_get(*, viewer, pk, write: bool = False) -> Job:
    """One roster-import job the viewer may see (404 outside their scope, like every single fetch); with
    `write`, 403 unless they may edit people where the job imports (管理员, 干事): its page shows the file's
    cells in full, and only they may confirm it."""
    job = scoping.get_for(viewer, Job.objects.filter(kind=KIND), pk)
    if write and not scoping.scope_of(viewer).covers(job.org_path, WRITE_ROLES):
        raise PermissionDenied
    return job


def roster_job_confirm(*, actor, job: Job, mapping: dict[str, int | None] | None = None,
                       create_groups: bool | None = None, dry_run: bool = False,
                       name_changes: dict[int, str] | None = None,
                       group_map: dict[str, int | None] | None = None) -> Job:
    """The real import of a finished preview (`dry_run=True`: another preview) of the same file into the same
    org, with the preview's mapping, create_groups, name decisions and department mapping unless given here.
    The org is fetched for writing (404 outside the actor's scope, 403 read-only); ValidationError when `job`
    is not a finished preview."""
    import_job_preview_check(job)  # before the org: a finished real import is told as such
    params = job.params or {}
    pk = params.get("org_id")
    org = scoping.get_for(actor, Org.objects.all(), pk, write=True)
    start = partial(roster_import_job_start, actor=actor, org=org,
                    create_groups=params.get("create_groups", False) if create_groups is None else create_groups,
                    mapping=(params.get("mapping") if mapping is None else mapping) or None,
                    name_changes=(params.get("name_changes") if name_changes is None else name_changes) or None,
                    group_map=(params.get("group_map") if group_map is None else group_map) or None)
    return import_job_confirm(job, start=start, dry_run=dry_run)
