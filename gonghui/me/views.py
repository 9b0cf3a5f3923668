"""The member's own pages. Thin: the person is read through the member's own scope, then the selectors of
people, dues and activities render what is theirs (or open to them) and nothing else."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.activities import services as activities
from gonghui.activities.cards import CHECKIN, card_for, card_qr, card_token
from gonghui.activities.selectors import activities_for_member, activity_get, my_signups
from gonghui.dues.payloads import history_payload
from gonghui.dues.selectors import member_history
from gonghui.me import pwa
from gonghui.me.notices_views import home_context as notices_context
from gonghui.people.selectors import person_get, person_membership_history

DUES_MONTHS = 12
ACTIVITIES = 20


def _card(person) -> dict:
    """The 会员证 (a member in force) or, for anyone else on the roster, a check-in code: one QR signed with
    the install's key (activities.cards), shown by officers' phones at the door and verifiable offline."""
    card = card_for(person) or card_for(person, kind=CHECKIN)
    return {"card": card, "checkin_qr": card_qr(card_token(card))}


def home(request):
    if not request.user.person_id:  # an officer's account without a person of its own
        return redirect("web:home")
    person = person_get(viewer=request.user, pk=request.user.person_id)
    mine = my_signups(viewer=request.user)
    return render(request, "me/home.html", {
        "person": person,
        "history": person_membership_history(person),
        "dues": history_payload(member_history(person=person))["months"][:DUES_MONTHS],
        "activities": [(a, mine.get(a.pk), activities.waiting_position(mine[a.pk]) if a.pk in mine else None)
                       for a in activities_for_member(viewer=request.user)[:ACTIVITIES]],
        **_card(person),
        **notices_context(request.user),
    })


def _act(request, pk, service, done):
    if not request.user.person_id:
        return redirect("web:home")
    activity = activity_get(viewer=request.user, pk=pk, member=True)
    try:
        service(actor=request.user, activity=activity)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done % {"t": activity.title})
    return redirect("me:home")


@require_POST
def activity_signup(request, pk):
    return _act(request, pk, activities.signup_add, _("已报名“%(t)s”。"))


@require_POST
def activity_cancel(request, pk):
    return _act(request, pk, activities.signup_cancel, _("已取消报名“%(t)s”。"))


@require_POST
def activity_waitlist(request, pk):
    return _act(request, pk, partial(activities.signup_add, waitlist=True),
                _("已登记“%(t)s”的候补；有人取消时按顺序递补，递补后会显示“已报名”。"))


# --- installable web app (issue #16 §5): manifest, service worker, icons; public like any static file --------

@login_not_required
def manifest(request):
    return JsonResponse(pwa.manifest(), content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})


@login_not_required
def service_worker(request):
    """Served from /me/ (not /static/) so that its scope covers the member pages."""
    response = HttpResponse(pwa.service_worker_js(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
def icon(request, size):
    if size not in pwa.ICON_SIZES:
        raise Http404
    response = HttpResponse(pwa.icon_png(size), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response
