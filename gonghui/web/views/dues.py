"""会费 pages: the month's roll (filter by 小组, collect by deduction, download the workbook), the policy, wage and
payment files, the arrears list. A thin face over gonghui.dues.

Who: every reader of the org sees the pages (ID numbers masked unless 管理员/干事); 管理员 and 财务 write
(policy, imports, collection): anyone else gets 403. An org outside the scope is a 404 like any record.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.tabular import FileUnreadable, ImportFailed
from gonghui.dues import imports, payloads, selectors, services
from gonghui.dues.excel import roll_workbook
from gonghui.dues.rules import month_label, parse_month
from gonghui.funds.rights import can_read_books
from gonghui.orgs.selectors import org_get, org_list, org_roots
from gonghui.people.selectors import person_get
from gonghui.web.forms import add_service_errors
from gonghui.web.forms.dues import CollectForm, DuesUploadForm, PolicyForm
from gonghui.web.views.imports import download, spooled

PAGE_SIZE = 100


def _org(request):
    code = request.GET.get("org") or request.POST.get("org")
    if code:
        return org_get(viewer=request.user, code=code)
    first = org_roots(viewer=request.user).first()
    if first is None:
        raise Http404
    return first


def _writer(request, org) -> None:
    if not services.can_write_dues(request.user, org):
        raise PermissionDenied


def _month(request, key: str = "month"):
    raw = request.GET.get(key) or request.POST.get(key)
    if not raw:
        return timezone.localdate().replace(day=1), ""
    try:
        return parse_month(raw), ""
    except ValidationError as exc:
        return timezone.localdate().replace(day=1), exc.messages[0]


def _base(request, org, **extra) -> dict:
    return {"org": org, "can_write": services.can_write_dues(request.user, org),
            "orgs": org_list(viewer=request.user, active_only=True).exclude(kind="group"), **extra}


def dues_roll(request):
    org = _org(request)
    month, error = _month(request)
    groups = org_list(viewer=request.user, under=org, active_only=True).exclude(pk=org.pk)
    target = org
    if request.GET.get("group"):
        target = next((g for g in groups if str(g.pk) == request.GET["group"]), None)
        if target is None:
            raise Http404
    roll = selectors.roll(org=target, month=month)
    page = Paginator(roll.lines, PAGE_SIZE).get_page(request.GET.get("page"))
    payload = payloads.roll_payload(roll, show_id=payloads.id_shower(request.user, org), lines=page.object_list)
    page.object_list = payload["lines"]  # the page's lines only are shaped for showing
    return render(request, "web/dues/roll.html", _base(
        request, org, roll=payload, page=page, month=month_label(month), error=error, groups=groups, group=target,
        collect_form=CollectForm(initial={"month": month_label(month), "paid_on": timezone.localdate()}),
        has_policy=any(roll.policies.values()),
        collections=selectors.collection_list(viewer=request.user, org=target).filter(month=month)[:PAGE_SIZE],
        can_read_books=can_read_books(request.user, org)))


def dues_roll_export(request):
    org = _org(request)
    month, _error = _month(request)
    roll = selectors.roll(org=org, month=month)
    handle = spooled(lambda target: roll_workbook(roll, target))
    return download(handle, f"{org.name}{month_label(month)}会费收缴表.xlsx")


@require_POST
def dues_collect(request):
    org = _org(request)
    _writer(request, org)
    form = CollectForm(request.POST)
    month, error = _month(request)
    back = reverse("web:dues-roll") + f"?org={org.code}&month={month_label(month)}"
    if error or not form.is_valid():
        messages.error(request, error or _("请填写有效的代扣日期。"))
        return redirect(back)
    try:
        collection = services.dues_collect(actor=request.user, org=org, month=month,
                                           paid_on=form.cleaned_data["paid_on"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已代扣%(n)d人，合计%(t)s元，已生成记账凭证草稿，待财务审核记账。") % {
            "n": collection.payments, "t": collection.total})
    return redirect(back)


def dues_policy(request):
    org = _org(request)
    policies = selectors.policy_list(viewer=request.user, org=org)
    form = None
    if services.can_write_dues(request.user, org):
        form = PolicyForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.policy_set(actor=request.user, org=org, month=parse_month(data["month"]),
                                    base_components=data["base_components"], rate=data["rate"],
                                    rounding=data["rounding"], frequency=data["frequency"],
                                    flat_amounts=form.flat_amounts(), note=data["note"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("会费标准已保存。"))
                return redirect(reverse("web:dues-policy") + f"?org={org.code}")
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "web/dues/policy.html", _base(request, org, policies=policies, form=form))


def _upload(request, fn, template: str, title: str):
    org = _org(request)
    _writer(request, org)
    form = DuesUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            month = parse_month(data["month"])
            result = fn(actor=request.user, org=org, month=month, source=data["file"].read(),
                        filename=data["file"].name, dry_run=data["dry_run"])
        except ValidationError as exc:
            add_service_errors(form, exc, "file")
        except (FileUnreadable, ImportFailed) as exc:
            form.add_error("file", exc.message)
    return render(request, template, _base(
        request, org, form=form, title=title, result=result, summary=imports.summary(result) if result else "",
        wage_months=selectors.wage_months(viewer=request.user, org=org)))


def dues_wages(request):
    return _upload(request, imports.wages_import, "web/dues/upload.html", _("导入工资数据"))


def dues_payments(request):
    return _upload(request, imports.payments_import, "web/dues/upload.html", _("导入缴费名单"))


def dues_arrears(request):
    org = _org(request)
    month, error = _month(request, "as_of")
    try:
        minimum = max(1, int(request.GET.get("min") or 1))
    except ValueError:
        minimum, error = 1, _("“至少欠缴月数”应为正整数。")
    items = selectors.arrears(org=org, as_of=month, min_months=minimum)
    payload = payloads.arrears_payload(items, show_id=payloads.id_shower(request.user, org))
    page = Paginator(payload["items"], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/dues/arrears.html", _base(
        request, org, page=page, total=len(payload["items"]), as_of=month_label(month), minimum=minimum,
        error=error))


def dues_person(request, pk):
    """One member's dues month by month: the member sees their own, readers of their org theirs."""
    person = person_get(viewer=request.user, pk=pk)
    history = payloads.history_payload(selectors.member_history(person=person))
    return render(request, "web/dues/person.html", {"person": person, "months": history["months"]})
