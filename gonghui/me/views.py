"""The member's own pages. Thin: the person is read through the member's own scope, then the selectors of
people and dues render what is theirs and nothing else."""

from django.shortcuts import redirect, render

from gonghui.dues.payloads import history_payload
from gonghui.dues.selectors import member_history
from gonghui.people.selectors import person_get, person_membership_history

DUES_MONTHS = 12


def home(request):
    if not request.user.person_id:  # an officer's account without a person of its own
        return redirect("web:home")
    person = person_get(viewer=request.user, pk=request.user.person_id)
    return render(request, "me/home.html", {
        "person": person,
        "history": person_membership_history(person),
        "dues": history_payload(member_history(person=person))["months"][:DUES_MONTHS],
    })
