"""帮扶申请 pages for officers: the queue with its 3-working-day timer, one request with its documents, approve
with the help given (困难职工档案 / 帮扶慰问 written through the ledger rules) or refuse with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts import scoping
from gonghui.accounts.selectors import audit_for
from gonghui.ledgers.requests import services
from gonghui.ledgers.requests.selectors import (
    help_document_get,
    help_documents,
    help_request_get,
    help_request_list,
)
from gonghui.orgs.selectors import org_filter_choices, org_get
from gonghui.web.forms import add_service_errors
from gonghui.web.forms.requests import HelpApproveForm, HelpQueueForm, HelpRejectForm

PAGE_SIZE = 50


def help_queue(request):
    orgs = org_filter_choices(viewer=request.user, selected_code=request.GET.get("org", ""))
    form = HelpQueueForm(request.GET or None, orgs=orgs, initial={"status": "pending"})
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status", "pending") if request.GET else "pending"
    org = org_get(viewer=request.user, code=data["org"]) if data.get("org") else None
    page = Paginator(help_request_list(viewer=request.user, org=org, status=status),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/help_queue.html", {"form": form, "page": page, "status": status})


def _review(request, help_request, *, approve_form=None, reject_form=None, status=200):
    can_write = help_request.status == "pending" and scoping.can_write_org(request.user, help_request.org)
    return render(request, "web/help_review.html", {
        "r": help_request, "can_write": can_write, "documents": help_documents(help_request),
        "approve_form": approve_form or HelpApproveForm(), "reject_form": reject_form or HelpRejectForm(),
        "audit": audit_for(viewer=request.user, obj=help_request)[:20],
    }, status=status)


def help_review(request, pk):
    return _review(request, help_request_get(viewer=request.user, pk=pk))


@require_POST
def help_approve(request, pk):
    help_request = help_request_get(viewer=request.user, pk=pk, write=True)
    form = HelpApproveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.help_approve(actor=request.user, request=help_request, date=data["date"],
                                  file_hardship=data["file_hardship"], aid_type=data["aid_type"],
                                  amount=data["amount"], fund_source=data["fund_source"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已批准%(name)s的帮扶申请，已记入台账。") % {"name": help_request.person.name})
            return redirect("web:help-review", help_request.pk)
    return _review(request, help_request, approve_form=form)


@require_POST
def help_reject(request, pk):
    help_request = help_request_get(viewer=request.user, pk=pk, write=True)
    form = HelpRejectForm(request.POST)
    if form.is_valid():
        try:
            services.help_reject(actor=request.user, request=help_request, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已退回%(name)s的帮扶申请，申请人可看到理由。") % {"name": help_request.person.name})
            return redirect("web:help-queue")
    return _review(request, help_request, reject_form=form)


def help_document(request, pk):
    doc = help_document_get(viewer=request.user, pk=pk)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name,
                        content_type=doc.content_type)
