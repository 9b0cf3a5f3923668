"""工作台账 in Excel on the pages: the template of a kind, import (upload -> preview, a dry-run job -> confirm,
the real job -> result), and export of a period (one kind from its list page, every kind from the index).

The work is the ledger Excel engine's (ledgers.excel); the jobs are ledgers.excel.jobs, shaped like the
roster's: a small file runs in this request (the preview shows at once), a larger one through django-tasks
while the job page polls `ledger-job-progress` every second (web/roster.js).

Who: importing, and everything about an import job (page, progress, errors file, confirm), needs a role that
may write ledgers where the job imports (管理员/干事 their subtree, 小组长 their own group): the preview shows the
file's cells in full. Read-only roles in scope get 403, everybody outside 404. Export: every reader of the
org (ledger_export checks it again and writes the audit row). The template: anyone signed in.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.models import Job
from gonghui.core.periods import current_half
from gonghui.core.tabular import FileUnreadable
from gonghui.core.uploads import run_now_for, upload_store
from gonghui.ledgers.excel import jobs as ledger_jobs
from gonghui.ledgers.excel import ledger_export, ledger_template
from gonghui.ledgers.excel.jobs import ledger_import_job_start, ledger_job_get, ledger_upload_check
from gonghui.ledgers.kinds import KINDS, Kind, get_kind
from gonghui.ledgers.selectors import ledger_write_orgs
from gonghui.ledgers.services import can_write_ledgers
from gonghui.orgs.selectors import org_filter_choices, org_get, org_roots
from gonghui.web.forms.ledger_excel import LedgerExportForm, LedgerUploadForm
from gonghui.web.views.imports import (
    download,
    errors_download,
    import_job_context,
    job_org,
    job_progress_response,
    spooled,
)

# --- template ---------------------------------------------------------------------------------------------

def ledger_template_view(request, kind: Kind):
    """The kind's empty sheet: headers (required ones marked *), one example row, dropdowns, 可选值 sheet."""
    handle = spooled(lambda target: ledger_template(kind=kind, target=target))
    return download(handle, _("%(k)s台账模板.xlsx") % {"k": kind.label})


# --- import -----------------------------------------------------------------------------------------------

def ledger_import_view(request, kind: Kind):
    """/ledgers/<kind>/import/[?org=<pk>]: the upload form; a valid upload starts the dry run (the preview)."""
    viewer = request.user
    org = None
    if request.GET.get("org"):
        org = org_get(viewer=viewer, pk=request.GET["org"])
        if not can_write_ledgers(viewer, org):
            raise PermissionDenied
    orgs = ledger_write_orgs(viewer=viewer)
    if org is None and not orgs.exists():
        raise PermissionDenied
    bound = request.method == "POST"
    form = LedgerUploadForm(request.POST if bound else None, request.FILES if bound else None, kind=kind,
                            orgs=orgs, initial={"org": org.pk if org else (orgs.first().pk if orgs.count() == 1
                                                                            else None)})
    if bound and form.is_valid():
        data = form.cleaned_data
        path, name = upload_store(data["file"])
        try:
            ledger_upload_check(path, name, kind)
        except FileUnreadable as exc:
            path.unlink(missing_ok=True)
            form.add_error("file", exc.message)
        else:
            job = ledger_import_job_start(actor=viewer, kind=kind, org=data["org"], file_path=str(path),
                                          file_name=name, dry_run=True, run_now=run_now_for(path.stat().st_size))
            return redirect("web:ledger-job", pk=job.pk)
    natural_key = "＋".join(kind.column(name).header for name in kind.natural_key)
    return render(request, "web/ledger_import.html", {"form": form, "org": org, "kind": kind,
                                                      "natural_key": natural_key})


def _job(request, pk) -> Job:
    """A ledger job the user may act on: 404 outside their scope, 403 for who may not write ledgers there."""
    return ledger_job_get(viewer=request.user, pk=pk, write=True)


def _columns(result: dict) -> tuple[list[dict], list[dict]]:
    """The file's columns the importer recognised (with the header they feed) and the ones it ignores."""
    used, ignored = [], []
    for col in result.get("columns") or []:
        if col.get("key") == "seq" or (col.get("header") or "").strip() == "序号":
            continue  # the row numbers: never imported, not worth a mention
        (used if col.get("key") else ignored).append(col)
    return used, ignored


def _job_page(request, job: Job):
    params, result = job.params or {}, job.result or {}
    kind = get_kind(params.get("kind", "meeting"))
    org = job_org(request, job)
    context = import_job_context(job)
    done, dry_run = context["done"], context["dry_run"]
    used, ignored = _columns(result) if done else ([], [])
    changes = int(result.get("created") or 0) + int(result.get("updated") or 0)
    list_url = reverse("web:ledger-list", args=[kind.code]) + (f"?org={org.code}" if org else "")
    import_url = reverse("web:ledger-import", args=[kind.code]) + (f"?org={org.pk}" if org else "")
    return render(request, "web/ledger_job.html", {
        **context, "kind": kind, "org": org,
        "columns_used": used, "columns_ignored": ignored,
        "can_confirm": done and dry_run and changes > 0,
        "nothing_to_do": done and dry_run and changes == 0,
        "nothing_written": done and not dry_run and changes == 0,
        "list_url": list_url, "import_url": import_url,
    })


def ledger_job(request, pk):
    return _job_page(request, _job(request, pk))


def ledger_job_progress(request, pk):
    """What the job page polls every second: {id, status, status_label, done, total, percent, message,
    finished}."""
    return job_progress_response(_job(request, pk))


@require_POST
def ledger_job_confirm(request, pk):
    """确认导入: the real import of the previewed file, into the same org."""
    job = _job(request, pk)
    try:
        new = ledger_jobs.ledger_job_confirm(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("web:ledger-job", pk=job.pk)
    return redirect("web:ledger-job", pk=new.pk)


def ledger_job_errors(request, pk):
    """The refused rows as they were, with a 错误原因 column (written by the job), for the job's writers."""
    job = _job(request, pk)
    kind = get_kind((job.params or {}).get("kind", "meeting"))
    return errors_download(job, f"{kind.label}台账")


# --- export -----------------------------------------------------------------------------------------------

def _default_org(viewer):
    """The viewer's own top org when there is exactly one (a union's officer); None asks them to choose."""
    roots = list(org_roots(viewer=viewer)[:2])
    return roots[0] if len(roots) == 1 else None


def _export(request, kind: Kind | None) -> FileResponse:
    """?org=<code>&period=<code> (or &start=&end=), the list's own filters: the org's subtree in the period
    as a workbook. Without an org the viewer's own top org; without a period the current half year. What
    cannot be told (several top orgs, a bad period) shows a small form to choose."""
    viewer = request.user
    code = request.GET.get("org", "").strip()
    form = LedgerExportForm(request.GET, orgs=org_filter_choices(viewer=viewer, selected_code=code))
    org = period = None
    if form.is_valid():
        org = org_get(viewer=viewer, code=code) if code else _default_org(viewer)
        period = form.period_or(current_half(timezone.localdate()))
    if org is None or period is None:
        if form.is_valid() and not code and org is None:
            form.add_error("org", _("请选择要导出的组织。"))
        return render(request, "web/ledger_export.html", {"form": form, "kind": kind})
    kinds = [kind] if kind else list(KINDS.values())
    handle = spooled(lambda target: ledger_export(actor=viewer, org=org, start=period.start, end=period.end,
                                                   target=target, kinds=kinds))
    what = kind.label if kind else _("工作")
    return download(handle, _("%(org)s%(what)s台账（%(period)s）.xlsx")
                     % {"org": org.name, "what": what, "period": period.label})


def ledger_export_view(request, kind: Kind):
    return _export(request, kind)


def ledger_export_all_view(request):
    return _export(request, None)
