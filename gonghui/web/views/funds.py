"""工会经费 pages: vouchers (list, form, 审核, 记账, 红字冲销, delete), 科目余额表, 工会01表/02表 (+ .xlsx), month close.

Who: 财务 writes, the union's head (管理员) also reviews, 经审 and 上级查看 read (funds/rights.py). The org comes
from `?org=CODE` through `org_get` (404 outside the viewer's scope); the books are its union's, and a reader
of the org who does not read the books (干事) gets 403 from `books_of`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.periods import parse_period
from gonghui.core.tabular import FileUnreadable
from gonghui.funds import book_services, closing_services, voucher_services
from gonghui.funds.exporting import statements_xlsx, trial_balance_xlsx
from gonghui.funds.importing import voucher_import, voucher_summary
from gonghui.funds.rights import can_review_vouchers, can_write_books
from gonghui.funds.selectors import (
    account_list,
    account_paths,
    budget_execution,
    trace_lines,
    trial_balance_totals,
    voucher_files,
    voucher_get,
    voucher_lines,
    voucher_list,
)
from gonghui.funds.statements import balances_for, ledger_for, ledger_traces, statements_for
from gonghui.funds.trace import Trace
from gonghui.ledgers.kinds import KINDS
from gonghui.ledgers.selectors import voucher_entry_files
from gonghui.orgs.selectors import org_get, org_roots
from gonghui.web.views.imports import download, spooled

FORM_LINES = 8
PAGE_SIZE = 50


def _books(request):
    """The union whose books the page shows: ?org=CODE (404 outside the scope), else the viewer's first."""
    code = request.GET.get("org", "").strip() or request.POST.get("org", "").strip()
    org = org_get(viewer=request.user, code=code) if code else org_roots(viewer=request.user).first()
    if org is None:
        raise Http404
    return book_services.books_of(viewer=request.user, org=org)


def _period(request, default: str) -> tuple[str, str]:
    """(period code, error): the ?period= asked for, checked."""
    code = request.GET.get("period", "").strip() or default
    try:
        parse_period(code)
    except ValidationError as exc:
        return default, " ".join(exc.messages)
    return code, ""


def _error_text(exc: ValidationError) -> str:
    parts = [m for msgs in exc.message_dict.values() for m in msgs] if hasattr(exc, "error_dict") else exc.messages
    return " ".join(parts)


# --- vouchers --------------------------------------------------------------------------------------------

def voucher_index(request):
    """/funds/?org=UA&year=2026&month=6&state=draft: the vouchers of a union's books."""
    org = _books(request)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        month = int(request.GET.get("month") or 0)
    except ValueError:
        year, month = today.year, 0
    state = request.GET.get("state", "")
    vouchers = voucher_list(viewer=request.user, org=org, year=year, month=month or None, state=state)
    page = Paginator(vouchers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/funds/voucher_list.html", {
        "org": org, "page": page, "year": year, "month": month, "state": state, "months": range(1, 13),
        "states": [("draft", "制单"), ("reviewed", "已审核"), ("posted", "已记账")],
        "can_write": can_write_books(request.user, org), "today": today,
    })


def _form_lines(data) -> tuple[list[dict], list[voucher_services.LineInput], list[str], dict[int, str]]:
    """The lines typed in the form (blank rows skipped): rows to show again, inputs, and Chinese problems."""
    shown, inputs, problems = [], [], []
    accounts = {}
    for n in range(FORM_LINES):
        row = {k: (data.get(f"{k}-{n}") or "").strip() for k in ("account", "debit", "credit", "project", "summary")}
        row["earmarked"] = bool(data.get(f"earmarked-{n}"))
        shown.append(row)
        if not any(row[k] for k in ("account", "debit", "credit")):
            continue
        amounts = []
        for key in ("debit", "credit"):
            try:
                amounts.append(Decimal(row[key]) if row[key] else None)
            except InvalidOperation:
                problems.append(f"第{len(inputs) + 1}行分录的{'借方' if key == 'debit' else '贷方'}金额“{row[key]}”不是数字。")
                amounts.append(None)
        accounts[len(inputs)] = row["account"]
        inputs.append(voucher_services.LineInput(account=None, debit=amounts[0], credit=amounts[1],
                                                 earmarked=row["earmarked"], project=row["project"], summary=row["summary"]))
    return shown, inputs, problems, accounts


def _voucher_form(request, org, voucher=None):
    if not can_write_books(request.user, org):
        raise PermissionDenied
    leaves = list(account_list(viewer=request.user, org=org, leaves_only=True))
    paths = account_paths(list(account_list(viewer=request.user, org=org)))
    by_pk = {str(a.pk): a for a in leaves}
    choices = [(str(a.pk), f"{a.code} {paths[a.pk]}") for a in leaves]
    errors: list[str] = []
    if request.method == "POST":
        shown, inputs, errors, picked = _form_lines(request.POST)
        for index, value in picked.items():
            inputs[index].account = by_pk.get(value)
        try:
            date = dt.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            date = None
            errors.append("请填写凭证日期（如 2026-06-30）。")
        if not errors:
            try:
                saved = voucher_services.voucher_save(actor=request.user, org=org, date=date,
                                                      summary=request.POST.get("summary", ""), lines=inputs, voucher=voucher,
                                                      attachments_count=int(request.POST.get("attachments") or 0))
            except ValidationError as exc:
                errors.append(_error_text(exc))
            except ValueError:
                errors.append("附件张数应为整数。")
            else:
                messages.success(request, f"凭证{saved.label}已保存，等待审核。")
                return redirect("web:funds-voucher-detail", saved.pk)
        values = {"date": request.POST.get("date", ""), "summary": request.POST.get("summary", ""),
                  "attachments": request.POST.get("attachments", "0")}
    elif voucher is not None:
        shown = [{"account": str(ln.account_id), "debit": f"{ln.debit:.2f}" if ln.debit else "",
                  "credit": f"{ln.credit:.2f}" if ln.credit else "", "earmarked": ln.earmarked,
                  "project": ln.project, "summary": ln.summary} for ln in voucher_lines(voucher=voucher)]
        values = {"date": voucher.date.isoformat(), "summary": voucher.summary, "attachments": voucher.attachments_count}
    else:
        shown = []
        values = {"date": timezone.localdate().isoformat(), "summary": "", "attachments": 0}
    shown += [{"account": "", "debit": "", "credit": "", "earmarked": False, "project": "", "summary": ""}] * (
        FORM_LINES - len(shown))
    return render(request, "web/funds/voucher_form.html", {
        "org": org, "voucher": voucher, "values": values, "rows": [(n, r) for n, r in enumerate(shown)],
        "choices": choices, "errors": errors,
    })


def voucher_create(request):
    return _voucher_form(request, _books(request))


def voucher_edit(request, pk: int):
    voucher = voucher_get(viewer=request.user, pk=pk, write=True)
    return _voucher_form(request, voucher.org, voucher)


def voucher_detail(request, pk: int):
    voucher = voucher_get(viewer=request.user, pk=pk)
    lines = list(voucher_lines(voucher=voucher))
    org = voucher.org
    return render(request, "web/funds/voucher_detail.html", {
        "org": org, "voucher": voucher, "lines": lines,
        "debit": sum((ln.debit for ln in lines), Decimal(0)), "credit": sum((ln.credit for ln in lines), Decimal(0)),
        "can_write": can_write_books(request.user, org), "can_review": can_review_vouchers(request.user, org),
        "reversed_by": getattr(voucher, "reversed_by", None) if voucher.state == "posted" else None,
        "source_url": source_url(voucher),
        "files": list(voucher_files(viewer=request.user, voucher=voucher)),
        "entry_files": voucher_entry_files(viewer=request.user, voucher=voucher),
    })


def source_url(voucher) -> str:
    """The page of the entry a voucher came from: a page of the books (福利发放, 固定资产) or a ledger entry
    (帮扶慰问, 劳动竞赛, 文体活动: the entry's page shows its vouchers in turn)."""
    kind, _sep, pk = voucher.source.partition(":")
    if kind == "funds.welfare" and pk.isdigit():
        return reverse("web:funds-welfare-detail", args=[int(pk)])
    app, _dot, ledger = kind.partition(".")
    if app == "ledgers" and ledger in KINDS and pk.isdigit():
        return reverse("web:ledger-detail", args=[ledger, int(pk)])
    if kind in ("funds.asset", "funds.asset-disposal", "funds.depreciation"):
        return reverse("web:funds-assets") + f"?org={voucher.org.code}"
    return ""


def _act(request, pk: int, action, done: str):
    voucher = voucher_get(viewer=request.user, pk=pk)
    try:
        result = action(voucher)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("web:funds-voucher-detail", voucher.pk)
    messages.success(request, done)
    return redirect("web:funds-voucher-detail", result.pk) if result is not None else redirect(
        reverse("web:funds-vouchers") + f"?org={voucher.org.code}")


@require_POST
def voucher_review(request, pk: int):
    return _act(request, pk, lambda v: voucher_services.voucher_review(actor=request.user, voucher=v), "凭证已审核。")


@require_POST
def voucher_post(request, pk: int):
    return _act(request, pk, lambda v: voucher_services.voucher_post(actor=request.user, voucher=v), "凭证已记账。")


@require_POST
def voucher_reverse(request, pk: int):
    return _act(request, pk, lambda v: voucher_services.voucher_reverse(actor=request.user, voucher=v),
                "已生成红字冲销凭证，请审核、记账。")


@require_POST
def voucher_delete(request, pk: int):
    return _act(request, pk, lambda v: voucher_services.voucher_delete(actor=request.user, voucher=v), "凭证已删除。")


@require_POST
def month_close(request):
    org = _books(request)
    try:
        year, month = int(request.POST.get("year", "")), int(request.POST.get("month", ""))
        closing_services.month_close(actor=request.user, org=org, year=year, month=month)
    except ValueError:
        messages.error(request, "请选择要结账的年度和月份。")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"{year}年{month}月已结账。")
    return redirect(reverse("web:funds-vouchers") + f"?org={org.code}")


# --- books and statements ----------------------------------------------------------------------------------

def balances(request):
    """/funds/balances/?org=UA&period=2026-06: 科目余额表 for any period; &format=xlsx downloads it."""
    org = _books(request)
    code, error = _period(request, timezone.localdate().strftime("%Y-%m"))
    books, period, rows = balances_for(viewer=request.user, org=org, period=code)
    if request.GET.get("format") == "xlsx" and not error:
        return download(spooled(lambda f: trial_balance_xlsx(rows, f, org_name=books.name, period_label=period.label)),
                        f"科目余额表_{books.name}_{period.code}.xlsx")
    return render(request, "web/funds/balances.html", {
        "org": books, "period": period, "period_code": code, "error": error, "rows": rows,
        "totals": trial_balance_totals(rows)})


def statements(request):
    """/funds/statements/?org=UA&period=2026 (or 2026-06): 工会01表 and 工会02表; &format=xlsx downloads."""
    org = _books(request)
    code, error = _period(request, timezone.localdate().strftime("%Y-%m"))
    try:
        result = statements_for(viewer=request.user, org=org, period=code)
    except ValidationError as exc:
        error = _error_text(exc)
        code = timezone.localdate().strftime("%Y-%m")
        result = statements_for(viewer=request.user, org=org, period=code)
    if request.GET.get("format") == "xlsx" and not error:
        return download(spooled(lambda f: statements_xlsx(result, f)),
                        f"财务报表_{result.org.name}_{result.period.code}.xlsx")
    return render(request, "web/funds/statements.html", {
        "org": result.org, "result": result, "period_code": code, "error": error})


def ledger(request):
    """/funds/ledger/?org=UA&account=102&period=2026: 明细账 (日记账 for 101 库存现金 and 102 银行存款)."""
    org = _books(request)
    code, error = _period(request, str(timezone.localdate().year))
    try:
        books, period, account, opening, rows = ledger_for(viewer=request.user, org=org,
                                                            code=request.GET.get("account", ""), period=code)
    except ValidationError as exc:
        raise Http404(_error_text(exc)) from None
    page = Paginator(rows, 200).get_page(request.GET.get("page"))
    return render(request, "web/funds/ledger.html", {
        "org": books, "period": period, "period_code": code, "error": error, "account": account,
        "opening": opening, "page": page, "closing": rows[-1].balance if rows else opening,
        "title": "日记账" if account.code in ("101", "102") else "明细账", "traces": ledger_traces(account, period)})


def accounts(request):
    """/funds/accounts/?org=UA: the chart (科目表); 财务 adds the union's own sub-accounts (POST)."""
    org = _books(request)
    all_accounts = list(account_list(viewer=request.user, org=org))
    paths = account_paths(all_accounts)
    can_write = can_write_books(request.user, org)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        parent = next((a for a in all_accounts if str(a.pk) == request.POST.get("parent", "")), None)
        if parent is None:
            messages.error(request, "请选择上级科目。")
        else:
            try:
                added = book_services.account_add(actor=request.user, org=org, parent=parent,
                                                  name=request.POST.get("name", ""), code=request.POST.get("code", ""))
            except ValidationError as exc:
                messages.error(request, _error_text(exc))
            else:
                messages.success(request, f"已增设明细科目“{added}”。")
        return redirect(reverse("web:funds-accounts") + f"?org={org.code}")
    rows = [(a, paths[a.pk], (len(a.code) - 3) // 2) for a in all_accounts]
    return render(request, "web/funds/accounts.html", {
        "org": org, "rows": rows, "can_write": can_write,
        "parents": [(a.pk, f"{a.code} {paths[a.pk]}") for a in all_accounts if not a.county]})


def vouchers_import(request):
    """/funds/import/?org=UA: upload a file of voucher lines (财务); 试导入 checks without writing, 导入即记账
    posts them reviewed by the system. The result lists every refused voucher with its number and reason."""
    org = _books(request)
    if not can_write_books(request.user, org):
        raise PermissionDenied
    result, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要导入的凭证文件（.xlsx、.xls 或 .csv）。"
        else:
            try:
                result = voucher_import(actor=request.user, org=org, source=upload, filename=upload.name,
                                        post=bool(request.POST.get("post")), dry_run=bool(request.POST.get("dry_run")))
            except FileUnreadable as exc:
                error = exc.message
    return render(request, "web/funds/vouchers_import.html", {
        "org": org, "result": result, "error": error, "summary": voucher_summary(result) if result else ""})


def budget(request):
    """/funds/budget/?org=UA&year=2026: 预算执行 (决算 against the budget) up to today, or the year's end."""
    org = _books(request)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    on = min(today, dt.date(year, 12, 31))
    found, rows = budget_execution(viewer=request.user, org=org, year=year, on=on)
    return render(request, "web/funds/budget.html", {"org": org, "year": year, "on": on, "budget": found,
                                                      "rows": rows, "can_write": can_write_books(request.user, org),
                                                      "can_review": can_review_vouchers(request.user, org)})


def trace(request):
    """/funds/lines/?org=UA&a=501&sign=D&from=2026-01-01&to=2026-12-31: the opening rows and posted voucher
    lines behind a figure of the 科目余额表, 明细账 or 工会01/02表 (funds/trace.py), summing to it; each line
    links to its voucher."""
    org = _books(request)
    try:
        spec = Trace.parse(request.GET)
    except ValidationError as exc:
        return render(request, "web/funds/trace.html", {"org": org, "error": _error_text(exc)}, status=400)
    result = trace_lines(viewer=request.user, org=org, trace=spec)
    page = Paginator(result.lines, 200).get_page(request.GET.get("page"))
    return render(request, "web/funds/trace.html", {
        "org": org, "trace": spec, "result": result, "page": page, "accounts": [code for code, _f in spec.parts]})
