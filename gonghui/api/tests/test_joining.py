"""/join-applications: the contract of issue #16 (no login to apply or to check, 409 for a member, 422
without a reason, 429 when throttled)."""

import datetime as dt

import pytest

from gonghui.accounts.scoping import SYSTEM
from gonghui.conftest import make_id
from gonghui.people.models import JoinApplication
from gonghui.people.services import membership_event_add

pytestmark = pytest.mark.django_db

NEW_ID = make_id("19950615", 222)
BODY = {"org": "UA-B1", "name": "刘晓红", "gender": "女", "id_number": NEW_ID, "mobile": "13912345678",
        "ethnicity": "汉族", "education": "本科", "political_status": "群众", "workplace": "办公室",
        "employment_type": "劳务派遣", "is_migrant_worker": True, "consent": True}


def test_it_takes_an_application_without_login_and_answers_the_status(api, cast):
    anonymous = api()
    r = anonymous.post("/join-applications", BODY)
    assert r.status_code == 201, r.content
    assert r.json() == {"id": JoinApplication.objects.get().pk, "status": "pending"}
    r = anonymous.get("/join-applications/status", {"id_number": NEW_ID, "mobile": "13912345678"})
    assert r.status_code == 200 and r.json() == {"status": "pending", "reason": ""}
    assert anonymous.get("/join-applications/status", {"id_number": NEW_ID, "mobile": "13000000000"}
                         ).status_code == 404


def test_it_answers_409_for_a_member_and_a_duplicate_and_422_for_bad_fields(api, cast):
    anonymous = api()
    membership_event_add(actor=SYSTEM, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1))
    r = anonymous.post("/join-applications", {**BODY, "name": "王会员", "gender": "男",
                                              "id_number": cast.wang_person.id_number})
    assert r.status_code == 409 and "转会" in r.json()["message"]
    assert anonymous.post("/join-applications", BODY).status_code == 201
    assert anonymous.post("/join-applications", BODY).status_code == 409
    r = anonymous.post("/join-applications", {**BODY, "mobile": "139", "consent": False})
    assert r.status_code == 422 and {"mobile", "consent"} <= set(r.json()["fields"])
    r = anonymous.post("/join-applications", {**BODY, "org": "UA-B1-G1"})
    assert r.status_code == 422 and "org" in r.json()["fields"]


def test_it_throttles_per_address(api, cast, settings):
    settings.GONGHUI_JOIN_ADDRESS_LIMIT = 1
    anonymous = api()
    assert anonymous.get("/join-applications/status", {"id_number": NEW_ID, "mobile": "1"}).status_code == 404
    r = anonymous.get("/join-applications/status", {"id_number": NEW_ID, "mobile": "1"})
    assert r.status_code == 429 and "频繁" in r.json()["message"]


def test_officers_list_approve_and_reject(api, cast):
    api().post("/join-applications", BODY)
    api().post("/join-applications", {**BODY, "org": "UA", "name": "陈大伟", "gender": "男",
                                       "id_number": make_id("19900303", 331), "mobile": "13700001111"})
    officer = api(cast.officer_a1)
    r = officer.get("/join-applications", {"org": "UA-B1", "status": "pending"})
    assert r.status_code == 200 and r.json()["count"] == 1
    item = r.json()["items"][0]
    assert item["id_number"] == NEW_ID and item["overdue"] is False
    masked = api(cast.viewer_fed).get("/join-applications", {"status": "pending"}).json()
    assert masked["count"] == 2 and all("*" in i["id_number"] for i in masked["items"])
    r = officer.post(f"/join-applications/{item['id']}/approve", {"org": "UA-B1-G1"})
    assert r.status_code == 200 and r.json()["status"] == "approved" and r.json()["person"]
    other = JoinApplication.objects.get(org=cast.ua)
    assert officer.post(f"/join-applications/{other.pk}/reject", {"reason": "x"}).status_code == 404  # UA: not theirs
    chair = api(cast.chair_a)
    r = chair.post(f"/join-applications/{other.pk}/reject", {"reason": ""})
    assert r.status_code == 422 and "reason" in r.json()["fields"]
    assert chair.post(f"/join-applications/{other.pk}/reject", {"reason": "材料不全"}).json()["status"] == "rejected"
    assert api().get("/join-applications/status", {"id_number": other.id_number, "mobile": "13700001111"}
                     ).json() == {"status": "rejected", "reason": "材料不全"}
