"""The member's own pages. Thin: the person is read through the member's own scope, then the selectors of
people, dues and activities render what is theirs (or open to them) and nothing else."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.activities import services as activities
from gonghui.activities.selectors import activities_for_member, activity_get, my_signups
from gonghui.dues.payloads import history_payload
from gonghui.dues.selectors import member_history
from gonghui.me.notices_views import home_context as notices_context
from gonghui.people.selectors import person_get, person_membership_history

DUES_MONTHS = 12
ACTIVITIES = 20


def _checkin_qr(person) -> str:
    """The member's check-in code (their person id in a fixed form), as an image the page shows inline."""
    return segno.make_qr(f"GONGHUI-P:{person.pk}", error="m").svg_data_uri(scale=6, border=2)


def home(request):
    if not request.user.person_id:  # an officer's account without a person of its own
        return redirect("web:home")
    person = person_get(viewer=request.user, pk=request.user.person_id)
    mine = my_signups(viewer=request.user)
    return render(request, "me/home.html", {
        "person": person,
        "history": person_membership_history(person),
        "dues": history_payload(member_history(person=person))["months"][:DUES_MONTHS],
        "activities": [(a, mine.get(a.pk)) for a in activities_for_member(viewer=request.user)[:ACTIVITIES]],
        "checkin_qr": _checkin_qr(person),
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
