"""工作总结 editor and 台账明细 download: the officer's wording per section with live number fields, and the
evidence workbook behind every number.

/reports/edit/?org=&period=       one form: a textarea per section (the saved draft, or the generated text
                                  with each number as its {{code}} field) and the 落款 date; one 保存 (POST
                                  action=save) keeps every section at once; 恢复自动生成 of one section (POST
                                  action=reset:<key>) saves the others as typed and gives that one back its
                                  generated text. The page's script (static web/report_edit.js) warns before
                                  leaving with unsaved changes and resets a section in place.
/reports/evidence.xlsx?org=&period=   the evidence workbook (reports.evidence.evidence_write)

Reading needs read scope on the org (org_get: 404 outside it); saving needs write scope (the service raises
PermissionDenied: 403).
"""

from __future__ import annotations

import datetime as dt

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
    SIGNED_ON,
    draft_signed_on,
    drafts_info,
    drafts_save,
    hand_numbers,
)
from gonghui.reports.evidence import evidence_write
from gonghui.reports.summary.content import summary_build
from gonghui.reports.summary.draft_text import change_text, field_placeholder, template_text
from gonghui.reports.summary.model import HEADINGS
from gonghui.reports.summary.wording import fmt_value
from gonghui.web.views.imports import XLSX, download, spooled
from gonghui.web.views.reports import BadPeriod, _bad, _org, period_from, report_query

OPENING_HEADING = _lazy("开篇")
RESET = "reset:"
MSG_BAD_DATE = _lazy("落款日期格式应为 YYYY-MM-DD，如 2026-07-10。")


def _legend(summary) -> list[dict]:
    rows = []
    for ind in all_indicators():
        value = summary.values.get(ind.code)
        before = summary.last_year.get(ind.code)
        rows.append({"code": ind.code, "field": field_placeholder(ind.code),
                     "change_field": field_placeholder(ind.code, change=True), "name": ind.name,
                     "value": fmt_value(ind.code, value) if value is not None else "—",
                     "change": change_text(ind.code, value, before) if before else ""})
    return rows


def _generated(summary, drafts) -> dict[str, tuple[str, str]]:
    """{section key: (generated text in template form, heading)} in the editor's order."""
    generated = {OPENING: (template_text([summary.opening]), OPENING_HEADING)}
    for s in summary.sections:
        generated[s.key] = (template_text(s.paragraphs), s.heading)
    for key in drafts:  # a drafted section that has nothing generated now
        generated.setdefault(key, ("", HEADINGS.get(key, key)))
    return {key: generated[key] for key in SECTION_KEYS if key in generated}


def _parse_date(text: str) -> dt.date | None:
    text = (text or "").strip()
    return dt.date.fromisoformat(text) if text else None


def report_edit(request):
    org = _org(request)
    try:
        period = period_from(request.GET)
    except BadPeriod as exc:
        return _bad(exc.message)
    summary = summary_build(org, period, request.user)
    drafts = drafts_info(viewer=request.user, org=org, period=period)
    generated = _generated(summary, drafts)
    signed_on = draft_signed_on(viewer=request.user, org=org, period=period)
    errors: dict[str, list[str]] = {}
    posted: dict[str, str] = {}
    signed_text = signed_on.isoformat() if signed_on else ""
    if request.method == "POST":
        action = request.POST.get("action", "save")
        posted = {key: request.POST[f"text-{key}"] for key in generated if f"text-{key}" in request.POST}
        reset = action.removeprefix(RESET) if action.startswith(RESET) else ""
        if reset in generated:
            posted[reset] = ""  # back to the generated text
        signed_text = request.POST.get(SIGNED_ON, "").strip()
        try:
            chosen = _parse_date(signed_text)
        except ValueError:
            errors[SIGNED_ON] = [str(MSG_BAD_DATE)]
        if not errors:
            try:
                drafts_save(actor=request.user, org=org, period=period, texts=posted, signed_on=chosen,
                            generated={key: auto for key, (auto, _h) in generated.items()})
            except ValidationError as exc:
                errors = {key: list(msgs) for key, msgs in exc.message_dict.items()}
        if not errors:
            messages.success(request, _("已保存全部文字。生成 Word 时数字字段按台账重新计算。")
                             if not reset else _("已恢复该部分自动生成的文字，其他部分已保存。"))
            anchor = f"#s-{reset}" if reset else ""
            return redirect(reverse("web:report-edit") + report_query(org, period) + anchor)
        if reset:
            posted[reset] = generated[reset][0]

    values = {code: fmt_value(code, v) for code, v in summary.values.items() if v is not None}
    sections = []
    for key, (auto, heading) in generated.items():
        draft = drafts.get(key)
        text = posted[key] if key in posted else (draft.text if draft else auto)
        sections.append({
            "key": key, "heading": heading, "text": text, "draft": draft, "auto": auto,
            "rows": max(4, min(18, text.count("\n") + 2 + len(text) // 40)),
            "errors": errors.get(key, []),
            "hand": hand_numbers(text, auto, values) if text.strip() != auto.strip() else [],
        })
    return render(request, "web/report_edit.html", {
        "org": org, "period": period, "sections": sections, "legend": _legend(summary),
        "can_write": can_write_org(request.user, org), "query": report_query(org, period),
        "signed_on": signed_text, "signed_errors": errors.get(SIGNED_ON, []), "has_errors": bool(errors),
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
