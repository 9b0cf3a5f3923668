"""福利发放 pages: the year's issues, the form (检查 flags every member above the limit before anything is saved),
the 签收单 (print page: members with a signature column), and the per-member limits (财务/管理员 edit).

Who: 财务 and the union's head (管理员) issue and set limits; 经审 and 上级查看 read (funds/rights.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.funds import welfare_services as welfare
from gonghui.funds.models import WelfareForm, WelfareItem
from gonghui.funds.rights import can_issue_welfare
from gonghui.people.selectors import people_named
from gonghui.web.views.funds import _books, _error_text


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


def welfare_index(request):
    """/funds/welfare/?org=UA&year=2026: the year's 福利发放."""
    org = _books(request)
    year = _year(request)
    return render(request, "web/funds/welfare_list.html", {
        "org": org, "year": year, "issues": welfare.issue_list(viewer=request.user, org=org, year=year),
        "can_write": can_issue_welfare(request.user, org)})


def welfare_create(request):
    """/funds/welfare/new/?org=UA: the form; 检查 (check=1) lists the problems without saving, 保存 saves and
    posts the draft voucher, refused while any member is above the limit."""
    org = _books(request)
    if not can_issue_welfare(request.user, org):
        raise PermissionDenied
    values = {"date": timezone.localdate().isoformat(), "item": WelfareItem.FESTIVAL, "form": WelfareForm.GOODS,
              "summary": "", "recipients": ""}
    errors: list[str] = []
    checked = False
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        values["recipients"] = request.POST.get("recipients", "")
        recipients, errors = welfare.parse_recipients(values["recipients"])
        try:
            date = dt.date.fromisoformat(values["date"])
        except ValueError:
            errors.append("请填写发放日期（如 2026-09-20）。")
        if not errors:
            errors = _on_roster(request.user, org, recipients)
        if not errors:
            args = {"actor": request.user, "org": org, "date": date, "item": values["item"], "form": values["form"],
                    "summary": values["summary"], "recipients": recipients}
            if request.POST.get("check"):
                errors = welfare.welfare_check(**args)
                checked = not errors
            else:
                try:
                    issue = welfare.welfare_issue(**args)
                except ValidationError as exc:
                    errors = [_error_text(exc)]
                else:
                    messages.success(request, f"已保存福利发放（{len(recipients)}人，合计{issue.total:.2f}元），"
                                              f"凭证{issue.voucher}待财务审核。")
                    return redirect("web:funds-welfare-detail", issue.pk)
    return render(request, "web/funds/welfare_form.html", {
        "org": org, "values": values, "errors": errors, "checked": checked,
        "items": WelfareItem.choices, "forms": WelfareForm.choices,
        "limit_rows": _limit_rows(org, values["date"])})


def _limit_rows(org, date_text: str) -> list:
    """(item label, limit in force or None) for the year of the date typed (this year when none)."""
    try:
        year = dt.date.fromisoformat(date_text).year
    except ValueError:
        year = timezone.localdate().year
    limits = welfare.limits_in_force(org, year)
    return [(label, limits.get(code)) for code, label in WelfareItem.choices]


def _on_roster(viewer, org, recipients) -> list[str]:
    """Ties each name to the member of the union's roster (the yearly limit is per person); a name nobody on
    the roster has is refused. Two members of one name stay keyed by the name."""
    found = people_named(viewer=viewer, within=org, names={r.name for r in recipients})
    problems = []
    for r in recipients:
        ids = found.get(r.name, [])
        if not ids:
            problems.append(f"“{r.name}”不在本会会员名册中，请核对姓名（福利只发给本会会员）。")
        elif len(ids) == 1:
            r.person_id = ids[0]
    return problems


def welfare_detail(request, pk: int):
    """/funds/welfare/<pk>/: the issue and its 签收单 (print from the browser)."""
    issue, recipients = welfare.issue_get(viewer=request.user, pk=pk)
    return render(request, "web/funds/welfare_sign.html", {
        "org": issue.org, "issue": issue, "recipients": recipients,
        "can_write": can_issue_welfare(request.user, issue.org), "blank_rows": range(max(0, 3 - len(recipients)))})


@require_POST
def welfare_delete(request, pk: int):
    """/funds/welfare/<pk>/delete/: withdraw an issue and its draft voucher (not once reviewed)."""
    issue, _recipients = welfare.issue_get(viewer=request.user, pk=pk)
    try:
        welfare.welfare_issue_delete(actor=request.user, issue=issue)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("web:funds-welfare-detail", issue.pk)
    messages.success(request, f"已撤销福利发放“{issue.summary}”及其凭证草稿。")
    return redirect(reverse("web:funds-welfare") + f"?org={issue.org.code}&year={issue.date.year}")


def welfare_limits(request):
    """/funds/welfare/limits/?org=UA: each item's yearly per-member limit from a year on; 财务/管理员 add or
    change a row (POST)."""
    org = _books(request)
    can_write = can_issue_welfare(request.user, org)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        try:
            year_from = int(request.POST.get("year_from", ""))
            amount = Decimal(request.POST.get("amount", "").strip())
        except (ValueError, InvalidOperation):
            messages.error(request, "请填写起始年度（如 2026）和限额金额（如 300 或 300.00）。")
        else:
            try:
                row = welfare.limit_set(actor=request.user, org=org, item=request.POST.get("item", ""),
                                        year_from=year_from, amount=amount,
                                        cash_allowed=bool(request.POST.get("cash_allowed")),
                                        basis=request.POST.get("basis", ""))
            except ValidationError as exc:
                messages.error(request, _error_text(exc))
            else:
                messages.success(request, f"已设置“{row.get_item_display()}”{row.year_from}年起每人每年限额"
                                          f"{row.amount:.2f}元。")
        return redirect(reverse("web:funds-welfare-limits") + f"?org={org.code}")
    return render(request, "web/funds/welfare_limits.html", {
        "org": org, "limits": welfare.limit_list(viewer=request.user, org=org), "can_write": can_write,
        "items": WelfareItem.choices, "this_year": timezone.localdate().year})
