"""工作总结 editor and 台账明细 download: the officer's wording per section with live number fields, and the
evidence workbook behind every number.

/reports/edit/?org=&period=       a textarea per section (the saved draft, or the generated text with each
                                  number as its {code} field), the legend of fields with their current values,
                                  save (POST action=save) and 恢复自动生成 (POST action=reset) per section
/reports/evidence.xlsx?org=&period=   the evidence workbook (reports.evidence.evidence_write)

Reading needs read scope on the org (org_get: 404 outside it); saving needs write scope (the service raises
PermissionDenied: 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gonghui.accounts.scoping import can_write_org
from gonghui.indicators.registry import all_indicators
from gonghui.reports.drafts import (
    OPENING,
    SECTION_KEYS,
    draft_delete,
    draft_save,
    drafts_info,
    hand_numbers,
)
from gonghui.reports.evidence import evidence_write
from gonghui.reports.summary.content import summary_build
from gonghui.reports.summary.draft_text import change_text, template_text
from gonghui.reports.summary.model import HEADINGS
from gonghui.reports.summary.wording import fmt_value
from gonghui.web.views.imports import XLSX, download, spooled
from gonghui.web.views.reports import BadPeriod, _bad, _org, period_from, report_query

OPENING_HEADING = _lazy("开篇")


def _legend(summary) -> list[dict]:
    rows = []
    for ind in all_indicators():
        value = summary.values.get(ind.code)
        before = summary.last_year.get(ind.code)
        rows.append({"code": ind.code, "name": ind.name, "value": fmt_value(ind.code, value) if value is not None
                     else "—", "change": change_text(ind.code, value, before) if before else ""})
    return rows


def report_edit(request):
    org = _org(request)
    try:
        period = period_from(request.GET)
    except BadPeriod as exc:
        return _bad(exc.message)
    errors: dict[str, list[str]] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        section = request.POST.get("section", "")
        action = request.POST.get("action", "save")
        anchor = f"#s-{section}" if section in SECTION_KEYS else ""
        url = reverse("web:report-edit") + report_query(org, period) + anchor
        try:
            if action == "reset":
                if draft_delete(actor=request.user, org=org, period=period, section=section):
                    messages.success(request, _("已恢复自动生成的文字。"))
                return redirect(url)
            draft_save(actor=request.user, org=org, period=period, section=section,
                       text=request.POST.get("text", ""))
            messages.success(request, _("已保存。生成 Word 时数字字段按台账重新计算。"))
            return redirect(url)
        except ValidationError as exc:
            errors[section] = exc.messages
            posted[section] = request.POST.get("text", "")

    summary = summary_build(org, period, request.user)
    values = {code: fmt_value(code, v) for code, v in summary.values.items() if v is not None}
    drafts = drafts_info(viewer=request.user, org=org, period=period)
    generated = {OPENING: ([summary.opening], OPENING_HEADING)}
    for s in summary.sections:
        generated[s.key] = (s.paragraphs, s.heading)
    for key in drafts:  # a drafted section that has nothing generated now
        generated.setdefault(key, ([], HEADINGS.get(key, key)))
    sections = []
    for key in SECTION_KEYS:
        if key not in generated:
            continue
        paragraphs, heading = generated[key]
        auto = template_text(paragraphs)
        draft = drafts.get(key)
        text = posted.get(key, draft.text if draft else auto)
        sections.append({
            "key": key, "heading": heading, "text": text, "draft": draft, "auto": auto,
            "rows": max(3, min(14, text.count("\n") + 2 + len(text) // 60)),
            "errors": errors.get(key, []),
            "hand": hand_numbers(text, auto, values) if (draft or key in posted) else [],
        })
    return render(request, "web/report_edit.html", {
        "org": org, "period": period, "sections": sections, "legend": _legend(summary),
        "can_write": can_write_org(request.user, org), "query": report_query(org, period),
    }, status=200)


def report_evidence(request):
    """/reports/evidence.xlsx?org=&period=: the entries behind every number, one sheet per indicator."""
    org = _org(request)
    try:
        period = period_from(request.GET)
    except BadPeriod as exc:
        return _bad(exc.message)
    handle = spooled(lambda target: evidence_write(org=org, period=period, target=target, viewer=request.user))
    return download(handle, f"{org.name}{period.label}台账明细.xlsx", XLSX)
