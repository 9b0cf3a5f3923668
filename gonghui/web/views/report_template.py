"""The work summary's Word template, managed from the 报表 page (the form sits there; these views take its
posts and send the officer back to it with a message).

/reports/template/upload/?org=&period=    POST file: upload or replace the org's own template (write scope)
/reports/template/delete/?org=&period=    POST: drop the org's own choice, what applies from above applies
/reports/template/builtin/?org=&period=   POST: the built-in layout here, even under a federation's template
/reports/template/file/?org=              GET: the template in force for the org (read scope)
/reports/template/example.docx            GET: an example template to start from (anyone logged in)
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core.periods import last_complete_half, period_from_params
from gonghui.orgs.selectors import org_get
from gonghui.reports.summary.example import example_document
from gonghui.reports.summary_templates import (
    summary_template_delete,
    summary_template_in_force,
    summary_template_upload,
    summary_template_use_builtin,
)
from gonghui.web.views.imports import download, spooled
from gonghui.web.views.reports import DOCX, report_query


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Word 模板（.docx）"), required=False)


def _org_for_write(request):
    code = request.GET.get("org", "").strip()
    if not code:
        raise Http404
    return org_get(viewer=request.user, code=code, write=True)


def _back(request, org):
    """The 报表 page of the same org and period, at the template card."""
    try:
        period = period_from_params(request.GET, default=last_complete_half)
    except ValidationError:
        period = period_from_params({}, default=last_complete_half)
    query = report_query(org, period)
    return redirect(reverse("web:report-index") + query + "#template")


def _refused(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_POST
def report_template_upload(request):
    org = _org_for_write(request)
    form = TemplateUploadForm(request.POST, request.FILES)
    form.is_valid()
    try:
        row = summary_template_upload(actor=request.user, org=org, upload=form.cleaned_data.get("file"))
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已启用工作总结模板“%(name)s”：%(org)s及其下级生成工作总结时使用它。")
                         % {"name": row.name, "org": org.name})
    return _back(request, org)


@require_POST
def report_template_delete(request):
    org = _org_for_write(request)
    if summary_template_delete(actor=request.user, org=org):
        messages.success(request, _("已删除本单位的模板设置。"))
    else:
        messages.info(request, _("本单位没有自己的模板设置。"))
    return _back(request, org)


@require_POST
def report_template_builtin(request):
    org = _org_for_write(request)
    summary_template_use_builtin(actor=request.user, org=org)
    messages.success(request, _("%(org)s及其下级生成工作总结时使用内置格式。") % {"org": org.name})
    return _back(request, org)


def report_template_file(request):
    code = request.GET.get("org", "").strip()
    if not code:
        raise Http404
    org = org_get(viewer=request.user, code=code)
    row = summary_template_in_force(org)
    if row is None or row.is_builtin:
        raise Http404
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    name = row.name if row.name.lower().endswith(".docx") else f"{row.name}.docx"
    return download(handle, name, DOCX)


def report_template_example(request):
    handle = spooled(lambda target: example_document().save(target))
    return download(handle, _("工作总结模板（示例）.docx"), DOCX)
