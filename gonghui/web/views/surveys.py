"""问卷、投票与满意度测评 pages for officers: the list, a new survey (or the built-in 职工满意度测评), its
questions while a draft, publishing and ending it, the results with a bar chart per question (an SVG drawn by
reports/charts.py, shown as an image) and the .xlsx export. Thin: surveys/ does the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.scoping import can_write_org
from gonghui.orgs.selectors import org_write_list
from gonghui.reports.charts import hbar_chart
from gonghui.surveys import services
from gonghui.surveys.exports import results_workbook
from gonghui.surveys.selectors import survey_get, survey_list, survey_results
from gonghui.web.forms import add_service_errors
from gonghui.web.forms.outreach import QuestionForm, SurveyForm
from gonghui.web.views.imports import download, spooled

LIST_ROWS = 200


def survey_index(request):
    return render(request, "web/survey_list.html", {
        "surveys": survey_list(viewer=request.user)[:LIST_ROWS],
        "can_publish": org_write_list(viewer=request.user).exists()})


def survey_create(request):
    orgs = org_write_list(viewer=request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = SurveyForm(request.POST or None, orgs=orgs, initial={"kind": request.GET.get("kind", "survey")})
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立“%(t)s”（草稿），请核对题目后发布。") % {"t": survey.title})
            return redirect("web:survey-detail", survey.pk)
    return render(request, "web/survey_form.html", {"form": form})


def survey_detail(request, pk):
    survey = survey_get(viewer=request.user, pk=pk)
    return render(request, "web/survey_detail.html", {
        "survey": survey, "results": survey_results(survey), "can_write": can_write_org(request.user, survey.org)})


def question_add(request, pk):
    survey = survey_get(viewer=request.user, pk=pk, write=True)
    form = QuestionForm(request.POST or None, initial={"required": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(actor=request.user, survey=survey, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc, fallback="text")
        else:
            messages.success(request, _("已添加题目。"))
            return redirect("web:survey-detail", survey.pk)
    return render(request, "web/survey_question.html", {"survey": survey, "form": form})


def _act(request, pk, act, done: str):
    survey = survey_get(viewer=request.user, pk=pk, write=True)
    try:
        act(survey)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("web:survey-detail", survey.pk)


@require_POST
def question_delete(request, pk, question_pk):
    return _act(request, pk, lambda s: services.question_delete(actor=request.user, survey=s,
                                                                question_id=question_pk), _("已删除题目。"))


@require_POST
def survey_publish(request, pk):
    return _act(request, pk, lambda s: services.survey_publish(actor=request.user, survey=s),
                _("已发布，会员可在“我的工会”填写。"))


@require_POST
def survey_close(request, pk):
    return _act(request, pk, lambda s: services.survey_close(actor=request.user, survey=s), _("已结束。"))


def survey_export(request, pk):
    survey = survey_get(viewer=request.user, pk=pk)
    results = survey_results(survey)
    return download(spooled(lambda out: results_workbook(out, results)), _("%(t)s-结果.xlsx") % {"t": survey.title[:40]})


def survey_chart(request, pk, number: int):
    """The bar chart of question `number` (options or ratings: how many chose each, and the share)."""
    results = survey_results(survey_get(viewer=request.user, pk=pk))
    found = [r for r in results.questions if r.number == number and r.rows]
    if not found:
        raise Http404
    rows = found[0].rows
    share_of = {row.count: row.share for row in rows}  # the same count is the same share of the respondents

    def label(count) -> str:
        share = share_of.get(count)
        return f"{count}人（{share}%）" if share is not None else f"{count}人"

    svg = hbar_chart(f"第{number}题", [row.label for row in rows], [row.count for row in rows],
                     subtitle=found[0].question.text, fmt=label, uid=f"q{number}", label_room=120)
    response = HttpResponse(('<?xml version="1.0" encoding="UTF-8"?>\n' + svg).encode(),
                            content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
