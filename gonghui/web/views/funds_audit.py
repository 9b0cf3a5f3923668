"""经审 pages: the year's sample of vouchers with their attachments and sources, the findings (the 经审 writes
them, every reader of the books sees them), and the 经审 report (.docx).

Who: readers of the books (财务, 管理员, 经审, 上级查看) see the sample and download the report; only the 经审
records findings (funds/rights.py `can_audit_books`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.funds.audit_report import audit_report
from gonghui.funds.audit_services import audit_sample, finding_add
from gonghui.funds.models import AuditFinding
from gonghui.funds.rights import can_audit_books
from gonghui.funds.selectors import voucher_get
from gonghui.web.views.funds import _books, _error_text, source_url
from gonghui.web.views.funds_welfare import _year
from gonghui.web.views.imports import download, spooled

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def audit_index(request):
    """/funds/audit/?org=UA&year=2026: the sample to check, with findings and (for the 经审) the form."""
    org = _books(request)
    year = _year(request)
    rows = audit_sample(viewer=request.user, org=org, year=year)
    return render(request, "web/funds/audit.html", {
        "org": org, "year": year, "rows": [(r, source_url(r.voucher)) for r in rows],
        "can_audit": can_audit_books(request.user, org), "results": AuditFinding.Result.choices})


@require_POST
def audit_finding(request, pk: int):
    """/funds/audit/<voucher pk>/finding/: the 经审 records a finding on a voucher of the sample."""
    voucher = voucher_get(viewer=request.user, pk=pk)
    try:
        finding_add(actor=request.user, voucher=voucher, result=request.POST.get("result", ""),
                    text=request.POST.get("text", ""))
    except ValidationError as exc:
        messages.error(request, f"{voucher}：{_error_text(exc)}")
    else:
        messages.success(request, f"已记录凭证{voucher}的审查结论。")
    return redirect(reverse("web:funds-audit") + f"?org={voucher.org.code}&year={voucher.year}#v{voucher.pk}")


def audit_report_download(request):
    """/funds/audit/report/?org=UA&year=2026: the 经审 report (.docx)."""
    org = _books(request)
    year = _year(request)
    handle = spooled(lambda f: audit_report(viewer=request.user, org=org, year=year, target=f,
                                            today=timezone.localdate()))
    return download(handle, f"经费审查报告_{org.name}_{year}.docx", DOCX)
