"""花名册 pages: upload -> preview (a dry-run job) -> confirm (the real job) -> result; export; the template.

The work itself is the roster engine's (people.roster): these views save the upload, start a Job, and show it.
A job runs at once in this request when its file is small (≤ RUN_NOW_MAX_BYTES, so the officer sees the
preview straight away), otherwise through django-tasks (`gonghui serve` runs a db_worker) while the job page
polls `roster-job-progress` every second. Jobs are rows, so the page survives a reload and the officer can
leave and come back.

Who: importing, and everything about an import job (page, progress, errors file, confirm), needs a role that
may edit people in the job's org (管理员, 干事): the preview shows the file's cells in full. A job outside the
user's scope is a 404 like any record. Export: every reader of the org (masked unless 完整号码 and allowed).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.imports import import_job_errors, import_job_preview_check
from gonghui.core.models import Job
from gonghui.core.tabular import FileUnreadable
from gonghui.orgs.selectors import org_get, org_write_list
from gonghui.people.roster import jobs as roster_jobs
from gonghui.people.roster.columns import IMPORT_COLUMNS
from gonghui.people.roster.exporter import roster_export, roster_template
from gonghui.people.roster.jobs import roster_import_job_start, roster_job_get
from gonghui.people.roster.uploads import run_now_for, upload_check, upload_store
from gonghui.web.forms import RosterMappingForm, RosterUploadForm
from gonghui.web.views.imports import (
    download,
    import_job_context,
    job_org,
    job_progress_response,
    spooled,
)

# --- pages ------------------------------------------------------------------------------------------------

def _job(request, pk) -> Job:
    """A roster job the user may act on: 404 outside their scope, 403 for read-only roles in it."""
    return roster_job_get(viewer=request.user, pk=pk, write=True)


def roster_import(request):
    org = org_get(viewer=request.user, pk=request.GET["org"], write=True) if request.GET.get("org") else None
    orgs = org_write_list(viewer=request.user)
    if org is None and not orgs.exists():
        raise PermissionDenied
    bound = request.method == "POST"
    form = RosterUploadForm(request.POST if bound else None, request.FILES if bound else None, orgs=orgs,
                            initial={"org": org.pk if org else None})
    if bound and form.is_valid():
        data = form.cleaned_data
        path, name = upload_store(data["file"])
        try:
            upload_check(path, name)
        except FileUnreadable as exc:
            path.unlink(missing_ok=True)
            form.add_error("file", exc.message)
        else:
            job = roster_import_job_start(actor=request.user, org=data["org"], file_path=str(path), file_name=name,
                                          create_groups=data["create_groups"], dry_run=True,
                                          run_now=run_now_for(path.stat().st_size))
            return redirect("web:roster-job", pk=job.pk)
    return render(request, "web/roster_import.html", {"form": form, "org": org})


def _form(job: Job, data=None, *, confirming=False) -> RosterMappingForm:
    """The preview's decisions (columns, names, departments), as the job's result proposes them."""
    params, result = job.params or {}, job.result or {}
    return RosterMappingForm(data, columns=result.get("columns") or [], fields=IMPORT_COLUMNS,
                             conflicts=result.get("name_conflicts") or [], groups=result.get("group_mapping"),
                             confirming=confirming, initial={"create_groups": bool(params.get("create_groups"))})


def _job_page(request, job: Job, *, form=None, status=200):
    result = job.result or {}
    org = job_org(request, job)
    context = import_job_context(job)
    done, dry_run = context["done"], context["dry_run"]
    if done and dry_run and form is None:
        form = _form(job)
    return render(request, "web/roster_job.html", {
        **context, "org": org,
        "changes": result.get("changes") or [], "changes_total": int(result.get("changes_total") or 0),
        "name_conflicts": result.get("name_conflicts") or [],
        "nothing_written": done and not dry_run and not (result.get("created") or result.get("updated")),
        "groups_created": result.get("groups_created") or [],
        "form": form if done and dry_run else None,
        "import_url": reverse("web:roster-import") + (f"?org={org.pk}" if org else ""),
    }, status=status)


def roster_job(request, pk):
    return _job_page(request, _job(request, pk))


def roster_job_progress(request, pk):
    """What the job page polls every second: {id, status, status_label, done, total, percent, message,
    finished}."""
    return job_progress_response(_job(request, pk))


@require_POST
def roster_job_confirm(request, pk):
    """The preview's form: action=confirm starts the real import of the same file with the corrected mapping,
    the name decisions (each conflicting row needs one) and the department mapping; action=preview runs the
    dry run again with them."""
    job = _job(request, pk)
    try:
        import_job_preview_check(job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("web:roster-job", pk=job.pk)
    confirming = request.POST.get("action") == "confirm"
    form = _form(job, request.POST, confirming=confirming)
    if not form.is_valid():
        return _job_page(request, job, form=form)
    new = roster_jobs.roster_job_confirm(actor=request.user, job=job, mapping=form.mapping(),
                                        create_groups=form.cleaned_data["create_groups"], dry_run=not confirming,
                                        name_changes=form.name_changes(), group_map=form.group_map())
    return redirect("web:roster-job", pk=new.pk)


def roster_job_errors(request, pk):
    """The refused rows as they were, with a 错误原因 column (written by the job), for the job's writers."""
    return import_job_errors(_job(request, pk), "花名册")


def roster_export_view(request):
    """/people/export/?org=<code>[&unmasked=1]: the org's subtree as a roster the importer reads back.
    ID numbers and phones are masked unless unmasked=1, which the engine allows only to roles that see them
    in full (403 otherwise) and records in the audit trail."""
    code = request.GET.get("org", "").strip()
    if not code:
        raise Http404
    org = org_get(viewer=request.user, code=code)
    unmasked = request.GET.get("unmasked", "") in ("1", "true", "on")
    handle = spooled(lambda target: roster_export(actor=request.user, org=org, target=target, unmasked=unmasked))
    stamp = timezone.localdate().strftime("%Y%m%d")
    suffix = _("（完整号码）") if unmasked else ""
    return download(handle, f"{org.name}花名册{stamp}{suffix}.xlsx")


def roster_template_view(request):
    return download(spooled(lambda target: roster_template(target=target)), _("花名册模板.xlsx"))
