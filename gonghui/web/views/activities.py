"""活动 pages for officers: the list, publishing one, the check-in list (tick names), the printable 签到表,
and closing it into the ledger. Thin: the services of gonghui.activities do the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.activities import services
from gonghui.activities.scan import MAX_BYTES as SCAN_MAX_BYTES
from gonghui.activities.selectors import activity_get, activity_list, activity_rows, waiting_rows
from gonghui.core.middleware import PERMISSIONS_POLICY
from gonghui.ledgers.rights import can_write_ledgers
from gonghui.ledgers.selectors import ledger_write_orgs
from gonghui.people.selectors import person_by_id_number
from gonghui.web.forms import add_service_errors
from gonghui.web.forms.activities import ActivityForm


def activity_index(request):
    return render(request, "web/activity_list.html", {
        "activities": activity_list(viewer=request.user)[:200],
        "can_publish": ledger_write_orgs(viewer=request.user).exists()})


def activity_create(request):
    orgs = ledger_write_orgs(viewer=request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = ActivityForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_publish(actor=request.user, **form.publish_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已发布活动“%(t)s”，会员可在“我的工会”报名。") % {"t": activity.title})
            return redirect("web:activity-detail", activity.pk)
    return render(request, "web/activity_form.html", {"form": form})


def activity_detail(request, pk):
    activity = activity_get(viewer=request.user, pk=pk)
    rows = activity_rows(activity)
    return render(request, "web/activity_detail.html", {
        "activity": activity, "rows": rows, "waiting": waiting_rows(activity), "can_write": can_write_ledgers(request.user, activity.org),
        "signed_up": sum(1 for r in rows if r.signed_up_at), "checked_in": sum(1 for r in rows if r.checked_in_at)})


def activity_sheet(request, pk):
    activity = activity_get(viewer=request.user, pk=pk)
    return render(request, "web/activity_sheet.html", {"activity": activity, "rows": activity_rows(activity)})


@require_POST
def activity_checkins(request, pk):
    activity = activity_get(viewer=request.user, pk=pk)
    ticked = set(request.POST.getlist("person"))
    persons = [r.person for r in activity_rows(activity) if str(r.person_id) in ticked]
    walk_in = request.POST.get("id_number", "").strip()
    try:
        if walk_in:  # someone who came without signing up, found by 身份证号 in the officer's scope
            try:
                persons.append(person_by_id_number(viewer=request.user, id_number=walk_in))
            except Http404:
                raise ValidationError(_("没有找到身份证号为%(n)s的职工，请核对。") % {"n": walk_in}) from None
        services.checkins_set(actor=request.user, activity=activity, persons=persons)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已保存签到：%(n)d人。") % {"n": len(persons)})
    return redirect("web:activity-detail", activity.pk)


@require_POST
def activity_close(request, pk):
    activity = activity_get(viewer=request.user, pk=pk)
    try:
        entry = services.activity_close(actor=request.user, activity=activity)
    except ValidationError as exc:
        messages.error(request, _("不能结束：%(m)s") % {"m": "；".join(exc.messages)})
        return redirect("web:activity-detail", activity.pk)
    messages.success(request, _("活动已结束，已写入台账（参加人员%(n)d人）。") % {"n": entry.person_times})
    return redirect("web:ledger-detail", activity.kind, entry.pk)


CAMERA_POLICY = PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")


def activity_scan(request, pk):
    """The officer's phone at the door: the camera reads members' codes (static/web/qrscan.js)."""
    activity = activity_get(viewer=request.user, pk=pk)
    if not can_write_ledgers(request.user, activity.org):
        raise PermissionDenied
    rows = activity_rows(activity)
    response = render(request, "web/activity_scan.html", {
        "activity": activity, "signed_up": sum(1 for r in rows if r.signed_up_at),
        "checked_in": sum(1 for r in rows if r.checked_in_at)})
    response["Permissions-Policy"] = CAMERA_POLICY
    return response


@require_POST
def activity_scan_check(request, pk):
    """One scan: `code` (the text the browser decoded) or `frame` (a camera frame the server decodes).
    200 {"ok": true, "name", "org"} / 409 {"ok": false, "code", "message"}."""
    activity = activity_get(viewer=request.user, pk=pk)
    frame = request.FILES.get("frame")
    image = frame.read(SCAN_MAX_BYTES + 1) if frame is not None else None
    try:
        signup = services.checkin_by_scan(actor=request.user, activity=activity,
                                          code=request.POST.get("code", "")[:2000], image=image)
    except services.Refused as exc:
        return JsonResponse({"ok": False, "code": exc.code, "message": exc.messages[0],
                             "name": getattr(exc, "person_name", "")}, status=409)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "code": "invalid", "message": "；".join(exc.messages)}, status=409)
    return JsonResponse({"ok": True, "name": signup.person.name, "org": signup.person.org.name,
                         "message": _("%(p)s 签到成功") % {"p": signup.person.name}})
