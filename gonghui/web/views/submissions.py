"""上报任务: a federation issues reporting tasks, unions submit frozen snapshots, the federation returns or
accepts them (issue #17 §1; the logic is in reports.submissions).

/submissions/                              GET: tasks the viewer's orgs issued, and the tasks their unions must report
/submissions/new/?org=FED                  GET/POST: issue a task (write scope on the federation)
/submissions/<pk>/                         GET: the federation's board of one task (read scope on the federation)
/submissions/targets/<pk>/                 GET: one union's task page: checks, submit, frozen vs live (read scope)
/submissions/targets/<pk>/submit/          POST: submit (write scope on the union)
/submissions/targets/<pk>/return/          POST reason: send back (write scope on the federation)
/submissions/targets/<pk>/accept/          POST: accept and lock (write scope on the federation)
/submissions/versions/<pk>/<kind>/         GET: a frozen .docx / .xlsx (read scope on the union)
/submissions/<pk>/counts/                  GET/POST: counts-only unions, one by form or a file of them (write scope
                                           on the federation)
/submissions/<pk>/counts/template/         GET: the .xlsx to fill in (read scope on the federation)
/submissions/<pk>/rollup/?basis=           GET: the federation's roll-up, submitted (frozen) or live, each union's
                                           source (read scope on the federation)
/submissions/<pk>/rollup/rows/<code>/      GET: the rows behind one number: each union's value and source
/submissions/<pk>/rollup/download/<kind>/  GET: the roll-up's tables (.xlsx) or summary (.docx), basis on the cover
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.indicators import registry
from gonghui.indicators.formatting import format_value
from gonghui.orgs.models import OrgKind
from gonghui.orgs.selectors import org_get, org_list, org_write_list
from gonghui.reports.submissions import counts_services, rollup_files
from gonghui.reports.submissions import selectors as sel
from gonghui.reports.submissions.rollup_selectors import LIVE, SUBMITTED, rollup
from gonghui.reports.submissions.services import (
    report_task_create,
    submission_accept,
    submission_return,
    submission_submit,
)
from gonghui.web.forms import add_service_errors
from gonghui.web.forms.submissions import TaskCreateForm
from gonghui.web.views.imports import download
from gonghui.web.views.reports import DOCX, XLSX

EXPLAIN_PREFIX = "explain-"


def task_list(request):
    viewer, today = request.user, timezone.localdate()
    tasks = [(t, sel.days_label(t.deadline, today)) for t in sel.task_list(viewer=viewer)[:100]]
    targets = [(t, sel.days_label(t.task.deadline, today)) for t in sel.target_list(viewer=viewer)[:100]]
    issuers = org_write_list(viewer=viewer).filter(kind=OrgKind.FEDERATION)[:20]
    return render(request, "web/submissions/task_list.html",
                  {"tasks": tasks, "targets": targets, "issuers": issuers})


def task_create(request):
    code = request.GET.get("org", "").strip()
    if not code:
        raise Http404
    org = org_get(viewer=request.user, code=code, write=True)
    unions = org_list(viewer=request.user, under=org, kind=OrgKind.UNION, active_only=True)
    form = TaskCreateForm(request.POST or None, unions=unions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = report_task_create(actor=request.user, org=org, title=data["title"], contents=data["contents"],
                                      period=data["period"], deadline=data["deadline"],
                                      targets=list(data["targets"]) or None, note=data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已布置“%(title)s”，%(n)d个单位需要上报。")
                             % {"title": task.title, "n": task.targets.count()})
            return redirect("web:submission-board", pk=task.pk)
    return render(request, "web/submissions/task_form.html", {"form": form, "org": org})


def task_board(request, pk):
    task = sel.task_get(viewer=request.user, pk=pk)
    board = sel.task_board(task=task, today=timezone.localdate())
    return render(request, "web/submissions/task_board.html", {
        "board": board, "task": task,
        "can_decide": sel.can_write_issuer(request.user, task)})


def _target_page(request, target, *, given=None, error=None, status=200):
    viewer = request.user
    can_submit = sel.can_submit(viewer, target)
    checks = sel.target_checks(viewer=viewer, target=target) if can_submit else []
    given = given or {}
    current = target.current
    return render(request, "web/submissions/target_detail.html", {
        "target": target, "task": target.task, "current": current,
        "days_label": sel.days_label(target.task.deadline, timezone.localdate()),
        "checks": [(c, EXPLAIN_PREFIX + c.key, given.get(c.key, "")) for c in checks],
        "blocked": any(c.mandatory for c in checks),
        "can_submit": can_submit, "can_decide": sel.can_decide(viewer, target),
        "differences": sel.target_differences(target=target, submission=current) if current else [],
        "versions": target.submissions.only("version", "submitted_at"),
        "files": current.files.defer("data") if current else [],
        "error": error}, status=status)


def target_detail(request, pk):
    return _target_page(request, sel.target_get(viewer=request.user, pk=pk))


@require_POST
def target_submit(request, pk):
    target = sel.target_get(viewer=request.user, pk=pk)
    given = {k.removeprefix(EXPLAIN_PREFIX): v for k, v in request.POST.items() if k.startswith(EXPLAIN_PREFIX)}
    try:
        sub = submission_submit(actor=request.user, target=target, explanations=given)
    except ValidationError as exc:
        return _target_page(request, target, given=given, error=" ".join(exc.messages))
    messages.success(request, _("已上报（第%(v)d版），上报的数字已冻结。") % {"v": sub.version})
    return redirect("web:submission-target", pk=target.pk)


@require_POST
def target_return(request, pk):
    target = sel.target_get(viewer=request.user, pk=pk)
    try:
        submission_return(actor=request.user, target=target, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已退回“%(org)s”的上报。") % {"org": target.org.name})
    return redirect("web:submission-board", pk=target.task_id)


@require_POST
def target_accept(request, pk):
    target = sel.target_get(viewer=request.user, pk=pk)
    try:
        submission_accept(actor=request.user, target=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已通过“%(org)s”的上报，该上报已锁定。") % {"org": target.org.name})
    return redirect("web:submission-board", pk=target.task_id)


def submission_file(request, pk, kind):
    f = sel.submission_file_get(viewer=request.user, pk=pk, kind=kind)
    return download(io.BytesIO(bytes(f.data)), f.name, DOCX if kind == "summary" else XLSX)


# --- counts-only unions and the roll-up (issue #17 §2) ------------------------------------------------------

VALUE_PREFIX = "v-"


def _counts_page(request, task, *, error=None, given=None, chosen=None, status=200):
    codes = counts_services.counts_codes()
    given = given or {}
    targets = [r.target for r in sel.task_board(task=task, today=timezone.localdate()).rows]
    return render(request, "web/submissions/counts.html", {
        "task": task, "targets": targets, "chosen": chosen, "error": error,
        "fields": [(registry.INDICATORS[c], VALUE_PREFIX + c, given.get(c, "")) for c in codes]}, status=status)


def task_counts(request, pk):
    task = sel.task_get(viewer=request.user, pk=pk, write=True)
    if request.method != "POST":
        return _counts_page(request, task)
    upload = request.FILES.get("file")
    try:
        if upload is not None:
            subs = counts_services.counts_import(actor=request.user, task=task, source=upload, name=upload.name)
        else:
            given = {k.removeprefix(VALUE_PREFIX): v for k, v in request.POST.items()
                     if k.startswith(VALUE_PREFIX) and v.strip()}
            chosen = request.POST.get("target", "")
            target = next((r.target for r in sel.task_board(task=task, today=timezone.localdate()).rows
                           if str(r.target.pk) == chosen), None)
            if target is None:
                return _counts_page(request, task, error=_("请选择要录入数字的单位。"), given=given, status=400)
            try:
                subs = [counts_services.counts_enter(actor=request.user, target=target, values=given)]
            except ValidationError as exc:
                return _counts_page(request, task, error="；".join(exc.messages), given=given,
                                    chosen=target.pk, status=400)
    except ValidationError as exc:
        return _counts_page(request, task, error="；".join(exc.messages), status=400)
    messages.success(request, _("已录入%(n)d个单位的数字（来源：总工会直接录入）：%(orgs)s") % {
        "n": len(subs), "orgs": "、".join(f"{s.org_name}第{s.version}版" for s in subs)})
    return redirect("web:submission-board", pk=task.pk)


def task_counts_template(request, pk):
    task = sel.task_get(viewer=request.user, pk=pk)
    data = counts_services.counts_template(task=task)
    return download(io.BytesIO(data), _("%(t)s-直接录入模板.xlsx") % {"t": task.title})


def _basis(request) -> str:
    basis = request.GET.get("basis", SUBMITTED)
    if basis not in (SUBMITTED, LIVE):
        raise Http404
    return basis


def _rollup(request, pk, codes=None):
    task = sel.task_get(viewer=request.user, pk=pk)
    return task, rollup(viewer=request.user, org=task.org, period=sel.task_period(task),
                        submitted=_basis(request) == SUBMITTED, codes=codes, task=task)


def task_rollup(request, pk):
    task, r = _rollup(request, pk)
    rows = [(registry.INDICATORS[c], format_value(registry.INDICATORS[c], v)) for c, v in r.values.items()]
    return render(request, "web/submissions/rollup.html", {
        "task": task, "r": r, "rows": rows,
        "cover": rollup_files.cover_lines(r)})


def task_rollup_rows(request, pk, code):
    if code not in registry.INDICATORS:
        raise Http404
    task, r = _rollup(request, pk, codes=[code])
    ind = registry.INDICATORS[code]
    rows = [(u, format_value(ind, v)) for u, v in r.unit_rows(code)]
    return render(request, "web/submissions/rollup_rows.html", {
        "task": task, "r": r, "ind": ind, "total": format_value(ind, r.values[code]), "rows": rows})


def task_rollup_download(request, pk, kind):
    if kind not in ("tables", "summary"):
        raise Http404
    _task, r = _rollup(request, pk)
    write = rollup_files.rollup_tables_write if kind == "tables" else rollup_files.rollup_summary_write
    buf = io.BytesIO()
    write(r, buf)
    buf.seek(0)
    return download(buf, rollup_files.rollup_file_name(r, kind), XLSX if kind == "tables" else DOCX)
