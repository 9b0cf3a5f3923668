"""会员账号 pages: an admin picks a union, branch or group (or one person) and gets the invitation sheet, one
slip per member with the login and the first password, shown this once and printed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gonghui.orgs.selectors import org_get, org_manage_list
from gonghui.people.invitations.selectors import uninvited_members
from gonghui.people.invitations.services import member_invite, members_invite
from gonghui.people.selectors import person_get

BATCH = 50  # slips per request: each first password is hashed on purpose slowly (~0.5 s)


def _orgs(request):
    orgs = org_manage_list(viewer=request.user)
    if not orgs.exists():
        raise PermissionDenied
    return orgs


def member_invite_page(request):
    rows = [(org, uninvited_members(org=org).filter(org=org).count()) for org in _orgs(request)]
    return render(request, "web/member_invite.html", {"rows": rows})


def _sheet(request, invitations, error="", org=None):
    response = render(request, "web/member_invite_sheet.html", {
        "invitations": invitations, "error": error, "login_url": request.build_absolute_uri("/"), "org": org,
        "remaining": uninvited_members(org=org).count() if org is not None else 0})
    response["Cache-Control"] = "no-store"  # first passwords stay off every cache
    return response


@require_POST
def member_invite_send(request):
    _orgs(request)
    org = None
    try:
        if request.POST.get("person"):
            invitations = [member_invite(actor=request.user,
                                         person=person_get(viewer=request.user, pk=request.POST["person"]))]
        else:
            org = org_get(viewer=request.user, pk=request.POST.get("org"))
            invitations = members_invite(actor=request.user, org=org, limit=BATCH)
    except ValidationError as exc:
        return _sheet(request, [], "；".join(exc.messages))
    return _sheet(request, invitations, org=org)
