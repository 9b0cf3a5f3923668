"""A 职工满意度测评 answered by members, dated where a test needs it (the answers are taken while it is open
today, then the survey is moved to `ends`)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.accounts.services import user_create
from gonghui.conftest import PASSWORD, make_id
from gonghui.core.scope_guard import unscoped
from gonghui.people.services import membership_event_add, person_create
from gonghui.surveys import services
from gonghui.surveys.models import Survey


def satisfaction(org, picks: list[list[str]], *, ends: dt.date | None = None, seq: int = 500) -> Survey:
    """A published 满意度测评 addressed to `org`, answered by len(picks) new members of `org` (each row: the
    level picked for the first dimensions, 满意 for the rest); its audience is those members plus `extra`."""
    today = timezone.localdate()
    people = []
    for i, _levels in enumerate(picks):
        person = person_create(actor=SYSTEM, org=org, name=f"测评{seq + i}", id_number=make_id("19910101", seq + i))
        membership_event_add(actor=SYSTEM, person=person, kind="join", date=dt.date(2020, 1, 1))
        people.append(person)
    survey = services.survey_create(actor=SYSTEM, org=org, kind="satisfaction", title="", opens_on=today,
                                    closes_on=today)
    services.survey_publish(actor=SYSTEM, survey=survey)
    dims = list(survey.questions.filter(satisfaction=True))
    for person, levels in zip(people, picks):
        user = user_create(actor=SYSTEM, username=f"ceping{person.pk}", password=PASSWORD, person=person,
                           grants=[(org, "member")])
        levels = list(levels) + ["满意"] * (len(dims) - len(levels))
        services.response_submit(actor=user, survey=survey, answers={
            q.pk: q.options.get(text=level).pk for q, level in zip(dims, levels)})
    if ends is not None:
        with unscoped("test data: the survey moved to its period"):
            Survey.objects.filter(pk=survey.pk).update(opens_on=ends, closes_on=ends)
        survey.refresh_from_db()
    return survey
