import pytest

from gonghui.people.selectors import membership_event_list, person_get

pytestmark = pytest.mark.django_db


def test_it_records_and_lists_a_join(api, cast):
    a = api(cast.chair_a)
    r = a.post(f"/people/{cast.zhou_person.pk}/membership-events", {"kind": "join", "date": "2020-03-01",
                                                                     "note": "新入会"})
    assert r.status_code == 201, r.content
    event = r.json()
    assert event["kind"] == "join" and event["kind_label"] == "入会"
    assert event["date"] == "2020-03-01" and event["valid_until"] is None
    assert event["person"] == cast.zhou_person.pk and event["org_code"] == "UA-G2"
    assert event["member_no"]

    listed = a.get(f"/people/{cast.zhou_person.pk}/membership-events").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == event["id"]
    assert a.get(f"/people/{cast.zhou_person.pk}").json()["member_status"] == "active"
    assert a.get("/membership-events", {"org": "UA"}).json()["count"] == 1
    assert a.get("/membership-events", {"org": "UA-B1"}).json()["count"] == 0
    assert api(cast.admin_b).get("/membership-events").json()["count"] == 0
    assert api(cast.viewer_fed).get("/membership-events", {"org": "UA-G2"}).json()["count"] == 1


def test_it_accepts_the_chinese_kind(api, cast):
    a = api(cast.chair_a)
    assert a.post(f"/people/{cast.wang_person.pk}/membership-events",
                  {"kind": "入会", "date": "2019-01-01"}).status_code == 201
    r = a.post(f"/people/{cast.wang_person.pk}/membership-events", {"kind": "保留会籍", "date": "2021-01-01"})
    assert r.status_code == 201
    assert r.json()["kind"] == "retain"
    assert person_get(viewer=cast.root, pk=cast.wang_person.pk).member_status == "retained"


def test_it_refuses_an_impossible_sequence_and_writes_nothing(api, cast):
    r = api(cast.chair_a).post(f"/people/{cast.zhou_person.pk}/membership-events",
                               {"kind": "leave", "date": "2020-03-01"})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error"
    assert "“退会”不成立" in body["fields"]["kind"][0]
    assert "只有在册或保留会籍的会员才能退会" in body["fields"]["kind"][0]
    assert not membership_event_list(viewer=cast.root, person=cast.zhou_person).exists()
    assert person_get(viewer=cast.root, pk=cast.zhou_person.pk).member_status == "none"


def test_it_refuses_a_second_join(api, cast):
    a = api(cast.chair_a)
    url = f"/people/{cast.zhou_person.pk}/membership-events"
    assert a.post(url, {"kind": "join", "date": "2020-03-01"}).status_code == 201
    r = a.post(url, {"kind": "join", "date": "2021-03-01"})
    assert r.status_code == 422
    assert "已是会员的人不能再次入会" in r.json()["fields"]["kind"][0]
    assert a.get(url).json()["count"] == 1


def test_it_refuses_an_unknown_kind_and_a_future_date(api, cast):
    a = api(cast.chair_a)
    url = f"/people/{cast.zhou_person.pk}/membership-events"
    r = a.post(url, {"kind": "vanish", "date": "2020-03-01"})
    assert r.status_code == 422 and "会籍变动类型“vanish”不在可选范围内" in r.json()["fields"]["kind"][0]
    r = a.post(url, {"kind": "join", "date": "2999-01-01"})
    assert r.status_code == 422 and "在今天之后" in r.json()["fields"]["date"][0]
    r = a.post(url, {"kind": "join"})
    assert r.status_code == 422 and r.json()["fields"]["date"] == ["此项必填。"]


def test_it_lets_a_member_read_their_own_events_only(api, cast):
    api(cast.chair_a).post(f"/people/{cast.wang_person.pk}/membership-events", {"kind": "join", "date": "2019-01-01"})
    api(cast.chair_a).post(f"/people/{cast.zhou_person.pk}/membership-events", {"kind": "join", "date": "2019-01-01"})
    m = api(cast.member_a)
    body = m.get("/membership-events").json()
    assert body["count"] == 1 and body["items"][0]["person"] == cast.wang_person.pk
    assert m.get(f"/people/{cast.zhou_person.pk}/membership-events").status_code == 404
    r = m.post(f"/people/{cast.wang_person.pk}/membership-events", {"kind": "leave", "date": "2020-01-01"})
    assert r.status_code == 403
