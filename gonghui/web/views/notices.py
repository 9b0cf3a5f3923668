"""通知公告 pages for officers: the list with read counts, publishing, editing (audited), withdrawing, who has
read it and who not yet, the not-yet-read list to print or export. Thin: notices/ does the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.scoping import can_write_org
from gonghui.accounts.selectors import audit_for
from gonghui.notices import services
from gonghui.notices.downloads import attachment_response
from gonghui.notices.exports import unread_workbook
from gonghui.notices.selectors import notice_get, notice_list, notice_readers
from gonghui.orgs.selectors import org_write_list
from gonghui.web.forms import add_service_errors
from gonghui.web.forms.outreach import NoticeForm
from gonghui.web.views.imports import download, spooled

LIST_ROWS = 200


def notice_index(request):
    return render(request, "web/notice_list.html", {
        "notices": notice_list(viewer=request.user)[:LIST_ROWS],
        "can_publish": org_write_list(viewer=request.user).exists()})


def notice_create(request):
    orgs = org_write_list(viewer=request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = NoticeForm(request.POST or None, request.FILES or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = services.notice_publish(actor=request.user, org=data["org"], title=data["title"],
                                             body=data["body"], upload=data["attachment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已发布通知“%(t)s”，会员可在“我的工会”查看。") % {"t": notice.title})
            return redirect("web:notice-detail", notice.pk)
    return render(request, "web/notice_form.html", {"form": form, "notice": None})


def notice_detail(request, pk):
    notice = notice_get(viewer=request.user, pk=pk)
    read, unread = notice_readers(notice)
    return render(request, "web/notice_detail.html", {
        "notice": notice, "read": read, "unread": unread, "can_write": can_write_org(request.user, notice.org),
        "audit": audit_for(viewer=request.user, obj=notice).select_related("actor")[:50]})


def notice_edit(request, pk):
    notice = notice_get(viewer=request.user, pk=pk, write=True)
    form = NoticeForm(request.POST or None, request.FILES or None, editing=True,
                      initial={"title": notice.title, "body": notice.body})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.notice_update(actor=request.user, notice=notice, title=data["title"], body=data["body"],
                                   upload=data["attachment"], remove_attachment=data["remove_attachment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存修改（修改记录见页面下方）。"))
            return redirect("web:notice-detail", notice.pk)
    return render(request, "web/notice_form.html", {"form": form, "notice": notice})


@require_POST
def notice_withdraw(request, pk):
    notice = notice_get(viewer=request.user, pk=pk, write=True)
    services.notice_withdraw(actor=request.user, notice=notice)
    messages.success(request, _("已撤回，会员不再看到这条通知。"))
    return redirect("web:notice-detail", notice.pk)


def notice_unread(request, pk):
    """The not-yet-read list: a page to print, or .xlsx with ?format=xlsx."""
    notice = notice_get(viewer=request.user, pk=pk)
    _read, unread = notice_readers(notice)
    if request.GET.get("format") == "xlsx":
        name = _("%(t)s-未读名单.xlsx") % {"t": notice.title[:40]}
        return download(spooled(lambda out: unread_workbook(out, notice, unread)), name)
    return render(request, "web/notice_unread.html", {"notice": notice, "unread": unread,
                                                      "today": timezone.localdate()})


def notice_file(request, pk):
    return attachment_response(notice_get(viewer=request.user, pk=pk))
