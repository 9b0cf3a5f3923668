"""What the import pages of the 花名册 (views/roster.py) and of the 工作台账 (views/ledger_excel.py) share, and
the downloads every page hands out (views/reports.py too): one Job page shape, one progress poll, one errors
workbook link, one way to stream a written file.

The job pages render web/_import_job_state.html (running / failed) and web/_import_preview.html (counts,
refused rows, notes) from the context `import_job_context(job)` builds; each page adds its own parts.
"""

from __future__ import annotations

import tempfile

from django.http import FileResponse, Http404, JsonResponse

from gonghui.core.imports import XLSX, attachment, import_job_errors, is_grouped, refusal_groups
from gonghui.core.models import Job
from gonghui.core.tabular.results import STATUS_LABELS, RowStatus
from gonghui.orgs.selectors import org_get

SHOWN_REFUSALS = 100
SHOWN_NOTES = 20
COUNT_KEYS = [s.value for s in RowStatus]  # created updated unchanged refused merged blank footer


def job_state(job: Job) -> dict:
    return {"id": job.pk, "status": job.status, "status_label": str(job.get_status_display()),
            "done": job.done, "total": job.total, "percent": job.percent, "message": job.message,
            "finished": job.finished}


def job_progress_response(job: Job) -> JsonResponse:
    """What a job page polls every second: {id, status, status_label, done, total, percent, message,
    finished}."""
    response = JsonResponse(job_state(job), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def counts(result: dict) -> list[tuple[str, str, int]]:
    return [(key, str(STATUS_LABELS[RowStatus(key)]), int(result.get(key) or 0)) for key in COUNT_KEYS]


def repeated(result: dict) -> list[dict]:
    """The problems that repeat over the refused rows, told once each ("28行：…"): the job's own count over
    every refused row when it stored one, else over the refused rows it kept."""
    if "refusal_groups" in result:
        return result["refusal_groups"] or []
    return refusal_groups(result.get("refusals") or [])


def refusal_rows(result: dict, groups: list[dict] = ()) -> list[dict]:
    """The refused rows' problems, row by row, without those told once in `groups`."""
    rows = []
    for refusal in (result.get("refusals") or [])[:SHOWN_REFUSALS]:
        problems = refusal.get("problems") or [{"column": "", "value": "", "message": refusal.get("reason", "")}]
        problems = [p for p in problems if not is_grouped(p, groups)]
        for n, problem in enumerate(problems):
            rows.append({"row": refusal["row"], "first": n == 0, "span": len(problems), **problem})
    return rows


def job_org(request, job: Job):
    """The org the job imports into, when the user may still read it (else None)."""
    try:
        return org_get(viewer=request.user, pk=(job.params or {}).get("org_id"))
    except Http404:
        return None


def import_job_context(job: Job) -> dict:
    """What both import job pages show: state, counts, the first refused rows, notes."""
    result = job.result or {}
    done = job.status == Job.Status.DONE
    groups = repeated(result) if done else []
    return {
        "job": job, "dry_run": bool((job.params or {}).get("dry_run")), "done": done,
        "failed": job.status == Job.Status.FAILED, "running": not job.finished,
        "result": result, "counts": counts(result) if done else [],
        "refusals": refusal_rows(result, groups) if done else [], "refusal_groups": groups,
        "refusals_total": int(result.get("refusals_total") or 0),
        "refusals_shown": min(SHOWN_REFUSALS, len(result.get("refusals") or [])),
        "notes": (result.get("notes") or [])[:SHOWN_NOTES],
        "has_errors_file": bool(result.get("errors_file")),
        "state": job_state(job),
    }


def errors_download(job: Job, default_name: str) -> FileResponse:
    """The refused rows as they were, with a 错误原因 column (written by the job); 404 when there are none."""
    return import_job_errors(job, default_name)


def download(handle, filename: str, content_type: str = XLSX) -> FileResponse:
    return attachment(handle, filename, content_type)


def spooled(write) -> object:
    """Run `write(target)` into a temporary file and hand it back rewound (FileResponse streams and closes
    it; it disappears on close)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    try:
        write(handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle
