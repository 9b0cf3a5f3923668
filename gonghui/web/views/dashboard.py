"""数据看板: key numbers with 同比, monthly trends, the breakdown per union/branch, the silent ones.

`?org=<code>&period=<2026H1…>` or `from=`/`to=` dates — the same parameters as the report pages
(views/reports.period_from). The org comes through `org_get` (404 outside the viewer's scope); by default the
viewer's top org and the current half-year. Every number comes from reports.dashboard (the indicator
registry) and links to its entries (web:report-trace); the charts are our own SVG, downloadable as .svg here
and as .png by static/web/dashboard.js.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from gonghui.core.periods import current_half, parse_period
from gonghui.orgs.models import OrgKind
from gonghui.orgs.selectors import org_filter_choices, org_get, org_roots
from gonghui.reports.dashboard import BREAKDOWN_CODES, chart_by_name, dashboard_data, fmt_value, page_charts
from gonghui.reports.dashboard.charts import breakdown_rows
from gonghui.reports.dashboard.data import SILENT_CODES, indicator_of
from gonghui.reports.trace import traceable
from gonghui.web.forms import Form, org_label
from gonghui.web.forms.periods import PeriodSelect
from gonghui.web.views.reports import BadPeriod, period_from, report_query, trace_url

PERIOD_KEYS = ("period", "from", "to")


class DashboardForm(Form):
    """The org select and the period picker (web/forms/periods.py); the from/to dates are plain inputs named as
    on the report pages, used when the picker is left on 按日期."""

    org = forms.CharField(label=_("组织"), required=False, widget=forms.Select)
    period = forms.CharField(label=_("期间"), required=False, max_length=12, widget=PeriodSelect(blank=_("按日期")))

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].widget.choices = [(o.code, org_label(o)) for o in orgs]


def _choose(request):
    """(form, org or None, period, today) from the query; 404 when the org is outside the viewer's scope.
    A period that cannot be read is kept as the form's error and the current half-year is shown."""
    viewer = request.user
    today = timezone.localdate()
    code = request.GET.get("org", "").strip()
    if code:
        org = org_get(viewer=viewer, code=code)
    else:
        top = org_roots(viewer=viewer).first()
        org = org_get(viewer=viewer, pk=top.pk) if top is not None else None
    period, error = None, ""
    if any(request.GET.get(k, "").strip() for k in PERIOD_KEYS):
        try:
            period = period_from(request.GET)
        except BadPeriod as exc:
            error = exc.message
    if period is None:
        period = parse_period(current_half(today))
    orgs = org_filter_choices(viewer=viewer, selected_code=org.code if org else "")
    shown_code = request.GET.get("period", "").strip() if error else period.code
    form = DashboardForm({"org": org.code if org else "", "period": shown_code}, orgs=orgs)
    form.is_valid()
    if error:
        form.add_error("period", error)
    return form, org, period, today


def _query(org, period) -> str:
    return report_query(org, period)[1:]  # without the "?"


def _breakdown_table(dash, query_for):
    bd = dash.breakdown
    if bd is None or not bd.parts:
        return None
    ordered = breakdown_rows(bd, BREAKDOWN_CODES[0])
    by_label = {p.label: p for p in bd.parts}
    rows = []
    for label, _v in ordered:
        part = by_label[label]
        link = (reverse("web:dashboard") + "?" + query_for(part.org)) if part.org is not None else ""
        rows.append({"label": label, "link": link, "cells": [fmt_value(c, part.values.get(c)) for c in BREAKDOWN_CODES],
                     "own": part.org is None})
    total = [fmt_value(c, bd.total.get(c)) for c in BREAKDOWN_CODES]
    return {"heads": [indicator_of(c).name for c in BREAKDOWN_CODES], "rows": rows, "total": total}


def dashboard(request):
    form, org, period, today = _choose(request)
    context = {"form": form, "org": org, "period": period, "today": today,
               "date_from": request.GET.get("from", ""), "date_to": request.GET.get("to", "")}
    if org is None:
        return render(request, "web/dashboard.html", context)
    dash = dashboard_data(org, period, viewer=request.user, today=today)
    trends, parts = page_charts(dash)
    query = _query(org, period)
    chart_url = lambda name: reverse("web:dashboard-chart", args=[name]) + "?" + query
    for chart in trends + parts:
        chart.svg_url = chart_url(chart.name)
        chart.filename = f"{org.name}-{period.label}-{chart.title}"
    cards = [{"card": c, "trace": trace_url(c.code, org, period) if traceable(c.code) else ""} for c in dash.cards]
    context.update({
        "dash": dash, "cards": cards, "trends": trends, "parts": parts,
        "table": _breakdown_table(dash, lambda o: _query(o, period)),
        "silent": [{"org": o, "link": reverse("web:dashboard") + "?" + _query(o, period)} for o in dash.silent],
        "is_federation": org.kind == OrgKind.FEDERATION,
        "has_parts": org.kind in (OrgKind.FEDERATION, OrgKind.UNION),
        "last_label": dash.last_period.label,
        "silent_basis": "、".join(indicator_of(c).name for c in SILENT_CODES),
    })
    return render(request, "web/dashboard.html", context)


def chart_svg(request, name: str):
    """One chart as an .svg file (the fallback of the page's PNG button)."""
    _form, org, period, today = _choose(request)
    if org is None:
        raise Http404
    try:
        chart = chart_by_name(name, org, period, viewer=request.user, today=today)
    except KeyError:
        raise Http404 from None
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + chart.svg
    response = HttpResponse(body.encode(), content_type="image/svg+xml; charset=utf-8")
    filename = f"{org.name}-{period.label}-{chart.title}.svg"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
