"""报表 pages: every indicator of an org and a period with last year's, each number a link to the entries
behind it (the drill-down); the work summary previewed in the browser; the summary (.docx) and the tables
(.xlsx) to download, generated in the request, or for a federation as a background job with progress.

Numbers come from `indicators.registry.compute`, the drill-down from `reports.trace.trace_entries`, the files
from `reports.summary` / `reports.tables` (through `reports.jobs.report_write`). The org must be readable by
the viewer (`org_get`: 404 otherwise, a 会员 included); everything below reads in the viewer's scope.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.models import Job
from gonghui.core.periods import Period, parse_period
from gonghui.indicators.formatting import format_figure
from gonghui.indicators.registry import INDICATORS, all_indicators, compute
from gonghui.ledgers.selectors import entry_related
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.selectors import org_filter_choices, org_get, org_roots
from gonghui.reports import jobs as report_jobs
from gonghui.reports.jobs import report_file_name, report_job_get, report_job_start, report_write
from gonghui.reports.trace import (
    ENTRIES,
    EVENTS,
    MEMBERS,
    ORGS,
    PEOPLE,
    POSITIONS,
    NotTraceable,
    trace_entries,
    traceable,
)
from gonghui.web.forms import org_label
from gonghui.web.views import ledger_display as display
from gonghui.web.views.imports import download, job_progress_response, job_state, spooled

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
DASH = "—"

# Indicator sources grouped as the summary's sections group them.
AREAS = [
    ("职工与会员", ("people", "membership", "")),
    ("组织建设", ("orgs", "positions")),
    ("民主管理与维权", ("rule", "meeting", "openness", "contract", "proposal", "mediation", "task")),
    ("思想引领与学习宣传", ("study", "publicity")),
    ("劳动竞赛与职工创新", ("competition", "suggestion", "honour")),
    ("帮扶与服务", ("hardship", "aid")),
    ("女职工工作与文体活动", ("women", "culture")),
]
OTHER_AREA = "其他"


# --- org and period from the query --------------------------------------------------------------------

class BadPeriod(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def default_period(today: dt.date) -> str:
    """The last complete half-year: what a summary is written for."""
    return f"{today.year - 1}H2" if today.month <= 6 else f"{today.year}H1"


def period_from(data) -> Period:
    """`period=2026H1` (half-year, quarter, year, month) or `from=`/`to=` dates from a QueryDict; the last
    complete half-year when neither is given; BadPeriod with the reason."""
    code = data.get("period", "").strip()
    start, end = data.get("from", "").strip(), data.get("to", "").strip()
    try:
        if code:
            return parse_period(code)
        if start or end:
            try:
                a = dt.date.fromisoformat(start or end)
                b = dt.date.fromisoformat(end or start)
            except ValueError:
                raise BadPeriod("日期格式应为 YYYY-MM-DD。") from None
            return parse_period(start=a, end=b)
    except ValidationError as exc:
        raise BadPeriod(" ".join(exc.messages)) from None
    return parse_period(default_period(timezone.localdate()))


def period_query(period: Period) -> dict:
    return {"period": period.code} if period.code else {"from": period.start.isoformat(),
                                                         "to": period.end.isoformat()}


def report_query(org: Org | str, period: Period, **extra) -> str:
    code = org if isinstance(org, str) else org.code
    return "?" + urlencode({"org": code, **period_query(period), **extra})


def _org(request) -> Org:
    code = request.GET.get("org", "").strip()
    if not code:
        raise Http404
    return org_get(viewer=request.user, code=code)


def _bad(message: str):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def uses_job(org: Org) -> bool:
    """A federation's files are written by a background job (many unions); a union's in the request."""
    return org.kind == OrgKind.FEDERATION


def trace_url(code: str, org: Org | str, period: Period) -> str:
    return reverse("web:report-trace", args=[code]) + report_query(org, period)


def show_value(indicator, value) -> str:
    """Exactly the registry's value: 12, 13145.67, 93.2 (— for a rate without workers): `format_figure`."""
    return format_figure(indicator, value)


# --- the page ------------------------------------------------------------------------------------------

def report_index(request):
    """/reports/?org=<code>&period=2026H1: every indicator with last year's, the 逻辑检查, the downloads."""
    viewer = request.user
    code = request.GET.get("org", "").strip()
    org = org_get(viewer=viewer, code=code) if code else org_roots(viewer=viewer).first()
    error = ""
    try:
        period = period_from(request.GET)
    except BadPeriod as exc:
        error, period = exc.message, None
    context = {
        "org": org, "period": period, "error": error,
        "orgs": [(o.code, org_label(o)) for o in org_filter_choices(viewer=viewer, selected_code=code)],
        "period_code": request.GET.get("period", "").strip() if error else (period.code if period else ""),
        "date_from": request.GET.get("from", ""), "date_to": request.GET.get("to", ""),
    }
    if org is None or period is None:
        return render(request, "web/report_index.html", context)
    last_period = period.same_period_last_year()
    values, last = compute(org, period), compute(org, last_period)
    from gonghui.reports.tables import tables_check

    context.update({
        **_template_context(viewer, org),
        "areas": _areas(org, period, values, last),
        "last_period": last_period,
        "query": report_query(org, period),
        "use_job": uses_job(org),
        "failures": [str(f) for f in tables_check(org, period, viewer)],
        "period_params": period_query(period),
    })
    return render(request, "web/report_index.html", context)


def _template_context(viewer, org) -> dict:
    """The Word template in force for the summary: own, inherited from which org, or the built-in layout."""
    from gonghui.accounts.scoping import can_write_org
    from gonghui.reports.summary_templates import summary_template_in_force

    row = summary_template_in_force(org)
    return {"template": row, "template_own": row is not None and row.org_id == org.pk,
            "template_file": row is not None and not row.is_builtin,
            "can_write": can_write_org(viewer, org)}


def _areas(org, period, values, last) -> list[dict]:
    groups: dict[str, list] = {label: [] for label, _sources in AREAS}
    groups[OTHER_AREA] = []
    area_of = {src: label for label, sources in AREAS for src in sources}
    for ind in all_indicators():
        value = values[ind.code]
        row = {"code": ind.code, "name": ind.name, "unit": ind.unit, "definition": ind.definition,
               "value": show_value(ind, value), "last": show_value(ind, last[ind.code]), "links": []}
        if ind.ratio is not None:  # a rate has no entries: link to those of its numerator and denominator
            row["links"] = [(INDICATORS[code].name, trace_url(code, org, period))
                            for code in (ind.ratio.numerator, ind.ratio.denominator) if traceable(code)]
        elif traceable(ind.code):  # not a value computed its own way (会费) or read from the books (经费)
            row["url"] = trace_url(ind.code, org, period)
        groups[area_of.get(ind.source, OTHER_AREA)].append(row)
    return [{"label": label, "rows": rows} for label, rows in groups.items() if rows]


# --- the summary in the browser ------------------------------------------------------------------------

def report_preview(request):
    """The work summary as it will be written, each number highlighted and linked to its entries."""
    org = _org(request)
    try:
        period = period_from(request.GET)
    except BadPeriod as exc:
        return _bad(exc.message)
    from gonghui.reports.drafts import OPENING, draft_list, split_hand_numbers
    from gonghui.reports.summary import summary_build
    from gonghui.reports.summary.draft_text import apply_drafts, template_text

    summary = summary_build(org, period, request.user)
    # The officer's saved wording, as the Word file will have it; a number typed by hand is marked.
    drafts = draft_list(viewer=request.user, org=org, period=period)
    generated = {OPENING: template_text([summary.opening]),
                 **{s.key: template_text(s.paragraphs) for s in summary.sections}}
    summary = apply_drafts(summary, drafts)

    def paragraph(p, key=""):
        runs = []
        for run in p.runs:
            if isinstance(run, str):
                if key in drafts:
                    runs += [{"text": t, "hand": hand} for t, hand in split_hand_numbers(run, generated.get(key, ""))]
                else:
                    runs.append({"text": run})
            else:
                url = trace_url(run.code, run.org or org, period) if traceable(run.code) else ""
                runs.append({"text": run.text, "field": run.code, "role": run.role, "url": url,
                             "value": str(run.value)})
        return {"runs": runs, "placeholder": p.placeholder}

    sections = []
    for n, section in enumerate(summary.sections):
        paras = [{"sub": section.subheadings.get(i, ""), **paragraph(p, section.key)}
                 for i, p in enumerate(section.paragraphs)]
        sections.append({"heading": summary.numbered_headings()[n], "paragraphs": paras})
    return render(request, "web/report_preview.html", {
        "org": org, "period": period, "title": summary.title, "opening": paragraph(summary.opening, OPENING),
        "sections": sections, "query": report_query(org, period), "use_job": uses_job(org),
        "period_params": period_query(period),
    })


# --- the drill-down ------------------------------------------------------------------------------------

def report_trace(request, code: str):
    """/reports/trace/<code>/?org=&period=: the entries (or people, orgs, positions) behind one number."""
    org = _org(request)
    try:
        period = period_from(request.GET)
    except BadPeriod as exc:
        return _bad(exc.message)
    try:
        trace = trace_entries(viewer=request.user, code=code, org=org, period=period)
    except (KeyError, NotTraceable):
        raise Http404 from None
    value = compute(org, period, [code])[code]
    total = trace.total()
    ind = trace.indicator
    qs = trace.items
    if trace.subject == ENTRIES:
        qs = entry_related(qs, trace.kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    headers, rows = _trace_table(trace, page)
    ledger_url = ""
    if trace.ledger_list:
        params = {"org": org.code, **({"period": period.code} if period.code else
                                      {"start": period.start.isoformat(), "end": period.end.isoformat()})}
        if trace.ledger_status:
            params["status"] = trace.ledger_status
        ledger_url = reverse("web:ledger-list", args=[trace.kind.code]) + "?" + urlencode(params)
    return render(request, "web/report_trace.html", {
        "org": org, "period": period, "ind": ind, "trace": trace, "page": page, "headers": headers, "rows": rows,
        "value": show_value(ind, value), "total": show_value(ind, total), "count": page.paginator.count,
        "complete": total == value, "sum_label": _sum_label(trace), "ledger_url": ledger_url,
        "back": reverse("web:report-index") + report_query(org, period),
    })


SUM_LABELS = {"person_times": "人次之和", "workers_covered": "覆盖职工数之和", "reward_amount": "奖励金额之和（元）",
              "economic_value": "经济效益之和（元）", "amount": "金额之和（元）", "goods_value": "物品折价之和（元）"}


def _sum_label(trace) -> str:
    return SUM_LABELS.get(trace.sum_field, "") if trace.sum_field else ""


def _person_link(person) -> tuple[str, str]:
    return person.name, reverse("web:person-detail", args=[person.pk])


def _trace_table(trace, page) -> tuple[list[str], list[list[tuple[str, str]]]]:
    """Headers and rows of (text, url) cells. No ID numbers or phones: a drill-down never needs them."""
    if trace.subject == ENTRIES:
        kind = trace.kind
        headers = [head for head, _cls in display.list_headers(kind)]
        rows = []
        for entry in page:
            row = display.list_row(kind, entry)
            rows.append([(text, row["url"] if link else "") for text, link, _cls in row["cells"]])
        return headers, rows
    if trace.subject == PEOPLE:
        return ["姓名", "工号", "所属组织", "性别", "用工形式", "在职状态", "会籍"], [
            [_person_link(p), (p.employee_no or DASH, ""), (p.org.name, ""), (p.get_gender_display() or DASH, ""),
             (p.get_employment_type_display() or DASH, ""), (p.get_work_status_display() or DASH, ""),
             (p.get_member_status_display() or DASH, "")] for p in page]
    if trace.subject in (MEMBERS, EVENTS):
        first = "在册依据" if trace.subject == MEMBERS else "会籍变动"
        return ["姓名", first, "日期", "会籍所在组织", "现所在组织"], [
            [_person_link(e.person), (e.get_kind_display(), ""), (e.date.isoformat(), ""), (e.org.name, ""),
             (e.person.org.name, "")] for e in page]
    if trace.subject == ORGS:
        return ["名称", "代码", "类型", "成立日期", "撤销日期"], [
            [(o.name, reverse("web:org-detail", args=[o.pk])), (o.code, ""), (o.get_kind_display(), ""),
             (o.founded_on.isoformat() if o.founded_on else DASH, ""),
             (o.dissolved_on.isoformat() if o.dissolved_on else DASH, "")] for o in page]
    if trace.subject == POSITIONS:
        return ["姓名", "职务", "所在组织", "任职日期", "离任日期"], [
            [_person_link(p.person), (p.get_title_display(), ""), (p.org.name, ""), (p.start_on.isoformat(), ""),
             (p.end_on.isoformat() if p.end_on else DASH, "")] for p in page]
    raise ValueError(trace.subject)


# --- downloads -----------------------------------------------------------------------------------------

def _report_download(request, kind: str):
    org = _org(request)
    try:
        period = period_from(request.GET)
    except BadPeriod as exc:
        return _bad(exc.message)
    builtin = request.GET.get("builtin") == "1"
    try:
        handle = spooled(lambda target: report_write(kind, org=org, period=period, target=target,
                                                     viewer=request.user, builtin=builtin))
    except ValidationError as exc:  # the template file went missing from the data dir
        return _bad(" ".join(exc.messages))
    return download(handle, report_file_name(kind, org, period), DOCX if kind == "summary" else XLSX)


def report_summary(request):
    """/reports/summary.docx?org=&period=: the work summary, written now, in the Word template in force for
    the org (&builtin=1: the built-in layout)."""
    return _report_download(request, "summary")


def report_tables(request):
    """/reports/tables.xlsx?org=&period=: the upper union's tables, written now."""
    return _report_download(request, "tables")


# --- background generation -----------------------------------------------------------------------------

def run_now() -> bool:
    return bool(getattr(settings, "GONGHUI_REPORT_JOBS_RUN_NOW", False))


@require_POST
def report_job_start_view(request):
    """POST kind=summary|tables, org, period (or from/to), builtin=1 for the summary in the built-in layout:
    start a background job, go to its page."""
    kind = request.POST.get("kind", "")
    code = request.POST.get("org", "").strip()
    if not code:
        raise Http404
    org = org_get(viewer=request.user, code=code)
    if kind not in ("summary", "tables"):
        return _bad("kind 应为 summary 或 tables。")
    try:
        period = period_from(request.POST)
    except BadPeriod as exc:
        return _bad(exc.message)
    try:
        job = report_job_start(actor=request.user, kind=kind, org=org, period=period, run_now=run_now(),
                               builtin=request.POST.get("builtin") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("web:report-index") + "?" + urlencode(_period_query(org, request.POST)))
    return redirect("web:report-job", pk=job.pk)


def _period_query(org, data) -> dict:
    keys = ("period",) if data.get("period") else ("from", "to")
    return {"org": org.code, **{key: data.get(key, "") for key in keys}}


def report_job(request, pk):
    job = report_job_get(viewer=request.user, pk=pk)
    params = job.params or {}
    back = ""
    if params.get("org_code"):
        query = {"org": params["org_code"], **({"period": params["period"]} if params.get("period") else
                                               {"from": params.get("start"), "to": params.get("end")})}
        back = reverse("web:report-index") + "?" + urlencode(query)
    return render(request, "web/report_job.html", {
        "job": job, "state": job_state(job), "running": not job.finished,
        "failed": job.status == Job.Status.FAILED, "done": job.status == Job.Status.DONE,
        "has_file": report_jobs.report_job_file(job) is not None, "back": back,
        "expired": report_jobs.report_job_expired(job),
        "keep_days": getattr(settings, "GONGHUI_REPORT_KEEP_DAYS", report_jobs.KEEP_DAYS),
        "what": "工作总结（Word）" if params.get("report") == "summary" else "统计报表（Excel）",
    })


def report_job_progress(request, pk):
    """What the job page polls every second: {id, status, status_label, done, total, percent, message,
    finished}."""
    return job_progress_response(report_job_get(viewer=request.user, pk=pk))


def report_job_file(request, pk):
    job = report_job_get(viewer=request.user, pk=pk)
    path = report_jobs.report_job_file(job)
    if path is None:
        raise Http404
    kind = (job.params or {}).get("report")
    return download(open(path, "rb"), job.file_name or path.name,
                     DOCX if kind == "summary" else XLSX)

