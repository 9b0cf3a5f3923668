"""编制预算: the form that sets a year's budget lines while it is a draft (财务), and its approval (财务 or the
union's head). The execution page is funds.budget."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.funds import budget_services
from gonghui.funds.models import BudgetLine
from gonghui.funds.rights import can_write_books
from gonghui.funds.selectors import account_list, account_paths, budget_execution
from gonghui.web.views.funds import _books, _error_text
from gonghui.web.views.funds_welfare import _year

ROWS = 15


def _back(org, year):
    return redirect(reverse("web:funds-budget") + f"?org={org.code}&year={year}")


def budget_edit(request):
    """/funds/budget/edit/?org=UA&year=2026: up to 15 lines (expense account, 基本/项目, amount, control)."""
    org = _books(request)
    if not can_write_books(request.user, org):
        raise PermissionDenied
    year = _year(request)
    expense = [a for a in account_list(viewer=request.user, org=org, basic_only=True) if a.category == "expense"]
    paths = account_paths(list(account_list(viewer=request.user, org=org)))
    by_pk = {str(a.pk): a for a in expense}
    errors: list[str] = []
    found, current = budget_execution(viewer=request.user, org=org, year=year, on=dt.date(year, 12, 31))
    if request.method == "POST":
        rows = [{k: request.POST.get(f"{k}-{n}", "").strip() for k in ("account", "kind", "amount", "control")}
                for n in range(ROWS)]
        lines = []
        for n, row in enumerate(rows, start=1):
            if not row["account"] and not row["amount"]:
                continue
            account = by_pk.get(row["account"])
            if account is None:
                errors.append(f"第{n}行没有选择支出科目。")
                continue
            try:
                amount = Decimal(row["amount"])
            except InvalidOperation:
                errors.append(f"第{n}行的预算金额“{row['amount']}”不是数字。")
                continue
            lines.append(budget_services.BudgetInput(account=account, amount=amount,
                                                     kind=row["kind"] if row["kind"] in BudgetLine.Kind.values else "basic",
                                                     control=row["control"] if row["control"] in BudgetLine.Control.values
                                                     else "warn"))
        if not lines and not errors:
            errors.append("请至少填写一个预算项目（支出科目和金额）。")
        if not errors:
            try:
                budget_services.budget_set(actor=request.user, org=org, year=year, lines=lines)
            except ValidationError as exc:
                errors.append(_error_text(exc))
            else:
                messages.success(request, f"{year}年预算已保存（{len(lines)}项），批准后生效。")
                return _back(org, year)
    else:
        rows = [{"account": str(r.line.account_id), "kind": r.line.kind, "amount": f"{r.line.amount:.2f}",
                 "control": r.line.control} for r in current]
    rows += [{"account": "", "kind": "basic", "amount": "", "control": "warn"}] * (ROWS - len(rows))
    return render(request, "web/funds/budget_form.html", {
        "org": org, "year": year, "budget": found, "rows": list(enumerate(rows)), "errors": errors,
        "accounts": [(str(a.pk), f"{a.code} {paths[a.pk]}") for a in expense],
        "kinds": BudgetLine.Kind.choices, "controls": BudgetLine.Control.choices})


@require_POST
def budget_approve(request):
    """/funds/budget/approve/?org=UA&year=2026: 批准 (finance or the union's head); afterwards it is fixed."""
    org = _books(request)
    year = _year(request)
    try:
        budget_services.budget_approve(actor=request.user, org=org, year=year)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"{year}年预算已批准，不能再修改。")
    return _back(org, year)
