"""入会 pages. Public (no login): a union's join page (apply, check the status) and its printable QR poster.
Officers: the review queue, one application, approve and reject."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts import scoping
from gonghui.accounts.selectors import audit_for
from gonghui.core.middleware import client_ip
from gonghui.orgs.selectors import org_filter_choices, org_get
from gonghui.people.joining import services
from gonghui.people.joining.notice import NOTICE, NOTICE_VERSION
from gonghui.people.joining.selectors import (
    join_application_get,
    join_application_list,
    join_org,
    join_target_orgs,
    shown_numbers,
)
from gonghui.web.forms import add_service_errors
from gonghui.web.forms.joining import JoinApproveForm, JoinForm, JoinQueueForm, JoinRejectForm, JoinStatusForm

PAGE_SIZE = 50
NOT_FOUND = _("没有查到与该身份证号和手机号对应的入会申请。请核对后再试，或重新提交申请。")


# --- public ------------------------------------------------------------------------------------------

def _join_url(request, org) -> str:
    return request.build_absolute_uri(reverse("web:join", args=[org.code]))


@login_not_required
def join_page(request, code):
    org = join_org(code)
    action = request.POST.get("action") if request.method == "POST" else ""
    form = JoinForm(request.POST if action == "apply" else None)
    status_form = JoinStatusForm(request.POST if action == "status" else None)
    context = {"org": org, "form": form, "status_form": status_form, "notice": NOTICE,
               "notice_version": NOTICE_VERSION, "not_found": NOT_FOUND, "submitted": None, "status": None, "status_missing": False}
    if action == "apply" and form.is_valid():
        try:
            context["submitted"] = services.join_apply(
                org=org, data=form.application_data(), consent=form.cleaned_data["consent"],
                notice_version=form.cleaned_data["notice_version"], address=client_ip(request))
        except services.AlreadyPending as exc:
            context["pending_again"] = True
            add_service_errors(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
    elif action == "status" and status_form.is_valid():
        try:
            context["status"] = services.join_status_check(
                id_number=status_form.cleaned_data["id_number"], mobile=status_form.cleaned_data["mobile"],
                address=client_ip(request))
        except ValidationError as exc:
            add_service_errors(status_form, exc)
        else:
            context["status_missing"] = context["status"] is None
    response = render(request, "web/join_page.html", context)
    response["Cache-Control"] = "no-store"  # what the applicant typed stays off shared caches
    return response


@login_not_required
def join_poster(request, code):
    org = join_org(code)
    return render(request, "web/join_poster.html", {"org": org, "join_url": _join_url(request, org)})


@login_not_required
def join_qr(request, code):
    org = join_org(code)
    buffer = io.BytesIO()
    segno.make(_join_url(request, org), error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False,
                                                         svgns=True, title=f"{org.name} 入会二维码")
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


# --- officers ----------------------------------------------------------------------------------------

def join_queue(request):
    orgs = org_filter_choices(viewer=request.user, selected_code=request.GET.get("org", ""))
    form = JoinQueueForm(request.GET or None, orgs=orgs, initial={"status": "pending"})
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status", "pending") if request.GET else "pending"
    org = org_get(viewer=request.user, code=data["org"]) if data.get("org") else None
    page = Paginator(join_application_list(viewer=request.user, org=org, status=status),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for app in page:
        id_number, mobile = shown_numbers(request.user, app)
        rows.append({"app": app, "id_number": id_number, "mobile": mobile})
    return render(request, "web/join_queue.html", {"form": form, "page": page, "rows": rows, "status": status})


def _review(request, app, *, approve_form=None, reject_form=None, status=200):
    can_write = app.status == "pending" and scoping.can_write_org(request.user, app.org)
    id_number, mobile = shown_numbers(request.user, app)
    context = {
        "app": app, "can_write": can_write, "id_number": id_number, "mobile": mobile,
        "audit": audit_for(viewer=request.user, obj=app)[:20],
    }
    if can_write:
        context["approve_form"] = approve_form or JoinApproveForm(
            orgs=join_target_orgs(viewer=request.user, application=app), initial={"org": app.org_id})
        context["reject_form"] = reject_form or JoinRejectForm()
    return render(request, "web/join_review.html", context, status=status)


def join_review(request, pk):
    return _review(request, join_application_get(viewer=request.user, pk=pk))


@require_POST
def join_approve(request, pk):
    app = join_application_get(viewer=request.user, pk=pk, write=True)
    form = JoinApproveForm(request.POST, orgs=join_target_orgs(viewer=request.user, application=app))
    if form.is_valid():
        try:
            app = services.join_approve(actor=request.user, application=app, org=form.cleaned_data["org"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已批准“%(name)s”入会，会员编号%(no)s。") % {
                "name": app.name, "no": app.person.member_no})
            return redirect("web:join-queue")
    return _review(request, app, approve_form=form)


@require_POST
def join_reject(request, pk):
    app = join_application_get(viewer=request.user, pk=pk, write=True)
    form = JoinRejectForm(request.POST)
    if form.is_valid():
        try:
            services.join_reject(actor=request.user, application=app, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已退回“%(name)s”的入会申请，申请人查询时可看到理由。") % {"name": app.name})
            return redirect("web:join-queue")
    return _review(request, app, reject_form=form)
