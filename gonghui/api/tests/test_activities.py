"""/activities through the API: publish, a member signs up (409 when full), cancels, is checked in; closing
writes the ledger entry with those checked in as participants."""

import datetime as dt

from django.utils import timezone

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.ledgers.models import Culture


def _publish(api, cast, **extra):
    today = timezone.localdate()
    body = {"org": "UA", "kind": "culture", "title": "职工趣味运动会", "date": today.isoformat(), "quota": 1,
            "signup_until": today.isoformat(), **extra}
    return api(cast.chair_a).post("/activities", body)


def test_it_runs_an_activity_from_publishing_to_the_ledger_entry(api, cast):
    r = _publish(api, cast)
    assert r.status_code == 201, r.content
    aid = r.json()["id"]
    assert r.json()["category"]  # the kind's first 组织方式 when none given
    member = api(cast.member_a)
    assert member.post(f"/activities/{aid}/signups", {}).status_code == 201
    assert member.post(f"/activities/{aid}/signups", {}).status_code == 201  # again: the same signup
    assert member.delete(f"/activities/{aid}/signups").status_code == 204
    assert member.delete(f"/activities/{aid}/signups").status_code == 409  # not signed up any more
    assert member.post(f"/activities/{aid}/signups", {}).status_code == 201
    chair = api(cast.chair_a)
    r = chair.post(f"/activities/{aid}/checkins", {"person": cast.wang_person.pk})
    assert r.status_code == 201 and r.json()["checked_in_at"]
    assert chair.post(f"/activities/{aid}/checkins", {"person": cast.zhou_person.pk}).status_code == 201  # walk-in
    assert chair.post(f"/activities/{aid}/checkins", {"person": cast.wu_person.pk}).status_code == 422  # other union
    r = chair.post(f"/activities/{aid}/close", {})
    assert r.status_code == 200, r.content
    entry = Culture.objects.get(pk=r.json()["entry"])
    assert set(entry.participants.all()) == {cast.wang_person, cast.zhou_person} and entry.person_times == 2
    assert entry.title == "职工趣味运动会" and entry.org == cast.ua
    today = timezone.localdate()
    half = parse_period(f"{today.year}H{1 if today.month <= 6 else 2}")
    assert compute(cast.ua, half, ["culture_person_times"])["culture_person_times"] == 2  # the half-year numbers
    assert chair.post(f"/activities/{aid}/close", {}).status_code == 409
    assert member.delete(f"/activities/{aid}/signups").status_code == 409  # closed


def test_it_refuses_a_signup_over_the_quota_past_the_deadline_or_for_women_only(api, cast):
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.accounts.services import user_create
    from gonghui.conftest import PASSWORD

    aid = _publish(api, cast)
    assert aid.status_code == 201
    aid = aid.json()["id"]
    zhou = user_create(actor=SYSTEM, username="zhou", password=PASSWORD, person=cast.zhou_person,
                       grants=[(cast.ua, "member")])
    assert api(cast.member_a).post(f"/activities/{aid}/signups", {}).status_code == 201
    r = api(zhou).post(f"/activities/{aid}/signups", {})
    assert r.status_code == 409 and "名额已满" in r.json()["message"]
    women = _publish(api, cast, women_only=True, kind="women", quota=None).json()["id"]
    r = api(cast.member_a).post(f"/activities/{women}/signups", {})
    assert r.status_code == 409 and "女职工" in r.json()["message"]
    past = timezone.localdate() - dt.timedelta(days=1)
    late = _publish(api, cast, date=past.isoformat(), signup_until=past.isoformat()).json()["id"]
    assert api(cast.member_a).post(f"/activities/{late}/signups", {}).json()["code"] == "deadline"
    # 外单位's member sees nothing of it
    assert api(cast.admin_b).post(f"/activities/{aid}/signups", {}).status_code == 404


def test_it_says_what_to_fix_in_a_bad_activity(api, cast):
    r = _publish(api, cast, kind="honour", quota=0)
    assert r.status_code == 422 and set(r.json()["fields"]) >= {"kind", "quota"}
    r = _publish(api, cast, signup_until=(timezone.localdate() + dt.timedelta(days=3)).isoformat())
    assert r.status_code == 422 and "报名截止日期不能晚于活动日期" in r.json()["fields"]["signup_until"][0]
    assert api(cast.viewer_fed).post("/activities", {"org": "UA", "kind": "culture", "title": "x",
                                                      "date": "2026-01-01", "signup_until": "2026-01-01"}
                                      ).status_code == 403


def test_a_full_activity_answers_409_unless_the_client_asks_for_the_waiting_list(api, cast):
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.accounts.services import user_create
    from gonghui.conftest import PASSWORD

    aid = _publish(api, cast).json()["id"]
    zhou = api(user_create(actor=SYSTEM, username="zhou", password=PASSWORD, person=cast.zhou_person,
                           grants=[(cast.ua, "member")]))
    member = api(cast.member_a)
    assert member.post(f"/activities/{aid}/signups", {}).status_code == 201
    assert zhou.post(f"/activities/{aid}/signups", {}).status_code == 409
    r = zhou.post(f"/activities/{aid}/signups?waitlist=true", {})
    assert r.status_code == 201 and r.json()["waiting"] is True and r.json()["position"] == 1
    assert member.delete(f"/activities/{aid}/signups").status_code == 204  # zhou moves up
    r = zhou.post(f"/activities/{aid}/signups", {})
    assert r.status_code == 201 and r.json()["waiting"] is False and r.json()["promoted_at"]
