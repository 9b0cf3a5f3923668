"""转会 pages for officers: the two queues (members leaving, members coming), one request with each side's
decision, and starting a transfer for a member of one's own union."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.selectors import audit_for
from gonghui.people.selectors import person_get
from gonghui.people.transfers import services
from gonghui.people.transfers.selectors import (
    IN,
    OUT,
    transfer_get,
    transfer_list,
    transfer_union_find,
    transfer_unions,
    union_label,
)
from gonghui.web.forms import add_service_errors
from gonghui.web.forms.requests import RejectForm, TransferQueueForm, TransferStartForm

PAGE_SIZE = 50


def transfer_queue(request):
    form = TransferQueueForm(request.GET or None, initial={"side": OUT, "status": "pending"})
    data = form.cleaned_data if form.is_valid() else {}
    side = data.get("side") or OUT
    status = data.get("status", "pending") if request.GET else "pending"
    page = Paginator(transfer_list(viewer=request.user, side=side, status=status),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/transfer_queue.html", {"form": form, "page": page, "side": side, "status": status,
                                                       "IN": IN})


def _review(request, transfer, *, reject_form=None, reject_side="", status=200):
    sides = services.sides_for(request.user, transfer)
    return render(request, "web/transfer_review.html", {
        "t": transfer, "sides": [(side, services.Side(side).label) for side in sides],
        "reject_form": reject_form or RejectForm(), "reject_side": reject_side,
        "audit": audit_for(viewer=request.user, obj=transfer)[:20],
    }, status=status)


def transfer_review(request, pk):
    return _review(request, transfer_get(viewer=request.user, pk=pk))


@require_POST
def transfer_approve(request, pk):
    transfer = transfer_get(viewer=request.user, pk=pk)
    try:
        transfer = services.transfer_approve(actor=request.user, transfer=transfer, side=request.POST.get("side", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("web:transfer-review", transfer.pk)
    if transfer.status == transfer.Status.APPROVED:
        messages.success(request, _("双方都已同意，%(name)s已转入“%(org)s”。") % {
            "name": transfer.person.name, "org": transfer.to_org.name})
    else:
        messages.success(request, _("已同意，等待另一方审核。"))
    return redirect("web:transfer-review", transfer.pk)


@require_POST
def transfer_reject(request, pk):
    transfer = transfer_get(viewer=request.user, pk=pk)
    form = RejectForm(request.POST)
    side = request.POST.get("side", "")
    if form.is_valid():
        try:
            services.transfer_reject(actor=request.user, transfer=transfer, side=side,
                                     reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已不同意%(name)s的转会申请，会员可看到理由。") % {"name": transfer.person.name})
            return redirect("web:transfer-review", transfer.pk)
    return _review(request, transfer, reject_form=form, reject_side=side)


def transfer_start(request, pk):
    person = person_get(viewer=request.user, pk=pk, write=True)
    form = TransferStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            to_org = transfer_union_find(form.cleaned_data["to_org"])
            transfer = services.transfer_request(actor=request.user, person=person, to_org=to_org,
                                                 note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已提交%(name)s的转会申请，等待双方审核。") % {"name": person.name})
            return redirect("web:transfer-review", transfer.pk)
    return render(request, "web/transfer_start.html", {
        "person": person, "form": form, "unions": [union_label(code, name) for code, name in transfer_unions()]})
