"""Ledger entries through the API: create, list, detail, update, delete, with the service's rules as 422s."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.api.tests.ledger_samples import DAY, sample_body
from gonghui.core.models import AuditEvent
from gonghui.ledgers import kinds as lk
from gonghui.ledgers.kinds import KINDS, get_kind
from gonghui.ledgers.selectors import entry_get, entry_list

pytestmark = pytest.mark.django_db

NOT_FOUND = {"code": "not_found", "message": "记录不存在，或您无权查看。"}


def stored(cast, code):
    return entry_list(viewer=cast.root, kind=get_kind(code))


def created(r):
    assert r.status_code == 201, r.content
    return r.json()


# ---- every kind -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", list(KINDS))
def test_it_creates_lists_and_shows_an_entry_of_every_kind(api, cast, code):
    kind = KINDS[code]
    a = api(cast.chair_a)
    body = sample_body(kind, cast.wang_person, org="UA-B1")
    data = created(a.post(f"/ledgers/{code}", body))
    assert data["kind"] == code
    assert data["org"] == cast.ua_b1.pk and data["org_code"] == "UA-B1" and data["org_name"] == "机关分会"
    for col in kind.columns:
        if col.type == lk.ORG:
            continue
        if col.type == lk.PERSON_OR_ORG:
            assert data["recipient_person"] == cast.wang_person.pk and data["recipient_org"] is None
        elif col.type == lk.PERSONS:
            assert data[col.field] == []
        elif col.type == lk.CHOICE:
            assert data[col.field] == body.get(col.field, "")
            assert data[f"{col.field}_label"] == (str(col.choices(body[col.field]).label) if col.field in body else "")
        else:
            assert col.field in data, col.field
            if col.field in body:
                assert data[col.field] == body[col.field], col.field
    assert data["notes"] == "" and data["created_at"]
    entry = entry_get(viewer=cast.root, kind=kind, pk=data["id"])
    assert entry.org == cast.ua_b1

    listed = a.get(f"/ledgers/{code}").json()
    assert listed["count"] == 1 and [i["id"] for i in listed["items"]] == [data["id"]]
    assert listed["totals"]["count"] == 1
    assert listed["items"][0] == data
    assert a.get(f"/ledgers/{code}/{data['id']}").json() == data


@pytest.mark.parametrize("code", list(KINDS))
def test_it_refuses_an_entry_without_its_required_columns(api, cast, code):
    kind = KINDS[code]
    body = sample_body(kind, cast.wang_person)
    del body["date"]
    r = api(cast.chair_a).post(f"/ledgers/{code}", body)
    assert r.status_code == 422
    assert r.json()["fields"]["date"] == ["此项必填。"]
    assert stored(cast, code).count() == 0


def test_it_answers_an_unknown_kind_with_a_json_404(api, cast):
    a = api(cast.chair_a)
    for r in (a.get("/ledgers/nosuch"), a.get("/ledgers/nosuch/1"), a.post("/ledgers/nosuch", {}),
              a.delete("/ledgers/nosuch/1"), a.get("/ledgers/meeting/abc"), a.get("/ledgers/meeting/999999")):
        assert r.status_code == 404
        assert r.json() == NOT_FOUND


def test_it_lists_the_kinds_with_their_columns(api, cast):
    body = api(cast.member_a).get("/ledgers/kinds").json()
    assert body["count"] == 16 and [k["code"] for k in body["items"]] == list(KINDS)
    mediation = next(k for k in body["items"] if k["code"] == "mediation")
    assert mediation["label"] == "劳动争议调解"
    assert mediation["natural_key"] == ["case_no"] and mediation["status_field"] == "status"
    status = next(c for c in mediation["columns"] if c["field"] == "status")
    assert status["header"] == "状态" and status["type"] == "choice" and status["required"] is True
    assert {"code": "succeeded", "label": "调解成功"} in status["choices"]
    openness = next(k for k in body["items"] if k["code"] == "openness")
    assert openness["status_field"] is None
    aid = next(k for k in body["items"] if k["code"] == "aid")
    assert aid["money_fields"] == ["amount", "goods_value"]


# ---- meeting: participants and 人次 ------------------------------------------------------------------------

def test_it_round_trips_a_meeting_with_participants(api, cast):
    a = api(cast.chair_a)
    data = created(a.post("/ledgers/meeting", {
        "org": "UA", "date": "2026-03-01", "meeting_type": "工会委员会会议", "title": "第一次委员会",
        "participants": [cast.wang_person.pk, cast.zhou_person.pk], "participant_count": 5, "agenda": "换届",
        "notes": "会议室",
    }))
    assert data["meeting_type"] == "committee" and data["meeting_type_label"] == "工会委员会会议"
    assert data["participants"] == [{"id": cast.wang_person.pk, "name": "王会员"},
                                    {"id": cast.zhou_person.pk, "name": "周师傅"}]
    assert data["person_times"] == 5 and data["participant_count"] == 5
    assert data["notes"] == "会议室"
    url = f"/ledgers/meeting/{data['id']}"

    # A PATCH changes only what it sends: the participants stay.
    r = a.patch(url, {"title": "第一次委员会（扩大）"})
    assert r.status_code == 200, r.content
    assert r.json()["title"] == "第一次委员会（扩大）"
    assert len(r.json()["participants"]) == 2 and r.json()["person_times"] == 5
    assert r.json()["agenda"] == "换届"

    r = a.patch(url, {"participants": [cast.wang_person.pk], "participant_count": None, "meeting_type": "group"})
    assert r.status_code == 200, r.content
    assert r.json()["participants"] == [{"id": cast.wang_person.pk, "name": "王会员"}]
    assert r.json()["person_times"] == 1 and r.json()["meeting_type_label"] == "工会小组会"
    entry = entry_get(viewer=cast.root, kind=get_kind("meeting"), pk=data["id"])
    assert list(entry.participants.all()) == [cast.wang_person]

    r = a.delete(url)
    assert r.status_code == 204 and r.content == b""
    assert a.get(url).json() == NOT_FOUND
    deleted = AuditEvent.objects.get(object_type="meeting", object_id=str(data["id"]), action="delete")
    assert deleted.changes["title"][0] == "第一次委员会（扩大）"


def test_it_refuses_a_head_count_below_the_list(api, cast):
    r = api(cast.chair_a).post("/ledgers/meeting", {
        "org": "UA", "date": "2026-03-01", "meeting_type": "committee", "title": "会",
        "participants": [cast.wang_person.pk, cast.zhou_person.pk], "participant_count": 1})
    assert r.status_code == 422
    assert r.json()["fields"]["participant_count"] == ["参加人数1少于列出的参加人员2人。"]


def test_it_refuses_participants_the_caller_cannot_see_or_of_another_union(api, cast):
    body = {"org": "UA", "date": "2026-03-01", "meeting_type": "committee", "title": "会",
            "participants": [cast.wang_person.pk, cast.wu_person.pk]}
    r = api(cast.chair_a).post("/ledgers/meeting", body)
    assert r.status_code == 422
    assert r.json()["fields"]["participants"] == [f"人员 id {cast.wu_person.pk} 不存在，或您无权访问。"]
    r = api(cast.root).post("/ledgers/meeting", body)  # root sees 吴工人, but he is not in union A
    assert r.status_code == 422
    assert r.json()["fields"]["participants"] == ["以下人员不在本工会名册中：吴工人。"]
    assert stored(cast, "meeting").count() == 0


def test_it_reports_every_problem_of_a_body_at_once(api, cast):
    r = api(cast.chair_a).post("/ledgers/meeting", {
        "org": "NOPE", "date": "2026-03-01", "meeting_type": "茶话会", "title": "会", "participants": [999999]})
    assert r.status_code == 422
    fields = r.json()["fields"]
    assert fields["org"] == ["组织“NOPE”不存在，或您无权访问。"]
    assert fields["meeting_type"][0].startswith("会议类型“茶话会”不在可选范围内，请填写：工会委员会会议、")
    assert fields["participants"] == ["人员 id 999999 不存在，或您无权访问。"]


def test_it_refuses_unknown_fields_and_bad_types(api, cast):
    r = api(cast.chair_a).post("/ledgers/meeting", {
        "org": "UA", "date": "2026/03/01", "meeting_type": "committee", "title": "会", "person_times": 9,
        "participant_count": -1})
    assert r.status_code == 422
    fields = r.json()["fields"]
    assert fields["date"] == ["日期格式应为 YYYY-MM-DD。"]
    assert fields["person_times"] == ["不认识或不可修改的字段。"]  # computed, never sent
    assert fields["participant_count"] == ["不能小于0。"]


# ---- aid: money ---------------------------------------------------------------------------------------------

def test_it_round_trips_aid_with_money_as_strings(api, cast):
    a = api(cast.chair_a)
    data = created(a.post("/ledgers/aid", {
        "org": "UA-G2", "date": "2026-01-20", "aid_type": "送温暖", "recipient": cast.zhou_person.pk,
        "amount": "1000.5", "goods_value": 200, "fund_source": "工会经费"}))
    assert data["aid_type"] == "warmth" and data["aid_type_label"] == "送温暖"
    assert data["recipient"] == cast.zhou_person.pk and data["recipient_name"] == "周师傅"
    assert data["amount"] == "1000.50" and data["goods_value"] == "200.00"
    assert data["person_times"] == 1
    entry = entry_get(viewer=cast.root, kind=get_kind("aid"), pk=data["id"])
    assert entry.amount == Decimal("1000.50")

    url = f"/ledgers/aid/{data['id']}"
    r = a.patch(url, {"amount": 12.34, "goods_value": None, "person_times": 2})
    assert r.status_code == 200, r.content
    assert r.json()["amount"] == "12.34" and r.json()["goods_value"] is None and r.json()["person_times"] == 2
    assert r.json()["recipient_name"] == "周师傅"

    assert a.delete(url).status_code == 204
    assert stored(cast, "aid").count() == 0


@pytest.mark.parametrize(("amount", "message"), [
    (1.005, "“金额(元)”最多两位小数。"),
    ("1.005", "“金额(元)”最多两位小数。"),
    ("-1", "“金额(元)”不能是负数。"),
    ("一千", "应为金额数字，如 \"4500.00\"。"),
])
def test_it_refuses_bad_money(api, cast, amount, message):
    r = api(cast.chair_a).post("/ledgers/aid", {
        "org": "UA", "date": "2026-01-20", "aid_type": "visit", "recipient": cast.zhou_person.pk, "amount": amount})
    assert r.status_code == 422
    assert r.json()["fields"]["amount"] == [message]
    assert stored(cast, "aid").count() == 0


def test_it_refuses_a_recipient_the_caller_cannot_see(api, cast):
    r = api(cast.chair_a).post("/ledgers/aid", {
        "org": "UA", "date": "2026-01-20", "aid_type": "visit", "recipient": cast.wu_person.pk})
    assert r.status_code == 422
    assert r.json()["fields"]["recipient"] == [f"人员 id {cast.wu_person.pk} 不存在，或您无权访问。"]


# ---- mediation: the closing-date rule and 案号 --------------------------------------------------------------

def test_it_round_trips_a_mediation_case_with_its_closing_rule(api, cast):
    a = api(cast.chair_a)
    base = {"org": "UA", "case_no": "2026-001", "date": "2026-02-01", "dispute_type": "劳动报酬"}
    r = a.post("/ledgers/mediation", {**base, "status": "调解成功"})
    assert r.status_code == 422
    assert r.json()["fields"]["closed_on"] == ["状态为“调解成功”时必须填写结案日期。"]
    r = a.post("/ledgers/mediation", {**base, "status": "受理", "closed_on": "2026-02-05"})
    assert r.status_code == 422
    assert r.json()["fields"]["closed_on"] == ["案件尚未结案（状态“受理”），不应填写结案日期。"]
    r = a.post("/ledgers/mediation", {**base, "status": "succeeded", "closed_on": "2026-01-05"})
    assert r.status_code == 422
    assert r.json()["fields"]["closed_on"] == ["结案日期不能早于受理日期。"]
    assert stored(cast, "mediation").count() == 0

    data = created(a.post("/ledgers/mediation", {**base, "status": "mediating", "applicant": "周师傅"}))
    assert data["status"] == "mediating" and data["status_label"] == "调解中" and data["closed_on"] is None
    url = f"/ledgers/mediation/{data['id']}"
    r = a.patch(url, {"status": "调解成功"})  # closing without the date: refused, nothing changes
    assert r.status_code == 422
    assert r.json()["fields"]["closed_on"] == ["状态为“调解成功”时必须填写结案日期。"]
    assert a.get(url).json()["status"] == "mediating"
    r = a.patch(url, {"status": "调解成功", "closed_on": "2026-02-10"})
    assert r.status_code == 200, r.content
    assert r.json()["status_label"] == "调解成功" and r.json()["closed_on"] == "2026-02-10"
    r = a.patch(url, {"status": "mediating"})  # reopened: the closing date must go too
    assert r.status_code == 422
    r = a.patch(url, {"status": "mediating", "closed_on": None})
    assert r.status_code == 200 and r.json()["closed_on"] is None

    r = a.post("/ledgers/mediation", {**base, "org": "UA-B1", "status": "received"})  # one 案号 per union
    assert r.status_code == 422
    assert r.json()["fields"]["case_no"] == ["案号“2026-001”在本工会已存在。"]
    assert a.patch(url, {"case_no": "2026-001", "applicant": "周"}).status_code == 200  # itself is no clash
    assert a.delete(url).status_code == 204


# ---- honour: a person or an org ----------------------------------------------------------------------------

def test_it_round_trips_an_honour_to_a_person_and_to_an_org(api, cast):
    a = api(cast.chair_a)
    base = {"org": "UA", "date": "2026-04-28", "honour_name": "五一劳动奖章", "level": "市"}
    data = created(a.post("/ledgers/honour", {**base, "recipient_person": cast.wang_person.pk}))
    assert data["recipient_person"] == cast.wang_person.pk and data["recipient_person_name"] == "王会员"
    assert data["recipient_org"] is None and data["recipient_org_code"] == ""
    assert data["level"] == "city" and data["level_label"] == "市"
    url = f"/ledgers/honour/{data['id']}"

    r = a.patch(url, {"recipient_org": "UA-B1"})  # now a collective honour: the person goes
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["recipient_org"] == cast.ua_b1.pk and out["recipient_org_code"] == "UA-B1"
    assert out["recipient_org_name"] == "机关分会"
    assert out["recipient_person"] is None and out["recipient_person_name"] == ""

    org_honour = created(a.post("/ledgers/honour", {**base, "honour_name": "模范职工之家",
                                                    "recipient_org": cast.ua.pk}))
    assert org_honour["recipient_org_code"] == "UA"

    r = a.post("/ledgers/honour", {**base, "recipient_person": cast.wang_person.pk, "recipient_org": "UA"})
    assert r.status_code == 422
    assert r.json()["fields"]["recipient"] == ["获奖对象只能填一个：个人（recipient_person）或集体（recipient_org）。"]
    r = a.post("/ledgers/honour", base)
    assert r.status_code == 422
    assert r.json()["fields"]["recipient"] == ["请填写获奖对象（人员或组织）。"]
    r = a.post("/ledgers/honour", {**base, "recipient_org": "UB"})
    assert r.status_code == 422
    assert r.json()["fields"]["recipient_org"] == ["组织“UB”不存在，或您无权访问。"]
    assert stored(cast, "honour").count() == 2

    assert a.delete(url).status_code == 204
    assert a.get(url).status_code == 404


# ---- contract ----------------------------------------------------------------------------------------------

def test_it_round_trips_a_collective_contract(api, cast):
    a = api(cast.chair_a)
    base = {"org": "UA", "date": "2026-01-10", "contract_type": "工资专项集体合同", "start_on": "2026-01-01",
            "workers_covered": 120}
    r = a.post("/ledgers/contract", {**base, "end_on": "2025-12-31"})
    assert r.status_code == 422
    assert r.json()["fields"]["end_on"] == ["期限结束不能早于期限开始。"]
    data = created(a.post("/ledgers/contract", {**base, "end_on": "2028-12-31"}))
    assert data["contract_type"] == "wages" and data["contract_type_label"] == "工资专项集体合同"
    assert data["start_on"] == "2026-01-01" and data["end_on"] == "2028-12-31" and data["workers_covered"] == 120
    url = f"/ledgers/contract/{data['id']}"
    r = a.patch(url, {"workers_covered": 130, "org": "UA-B1"})
    assert r.status_code == 200, r.content
    assert r.json()["workers_covered"] == 130 and r.json()["org_code"] == "UA-B1"
    assert r.json()["end_on"] == "2028-12-31"
    r = a.patch(url, {"workers_covered": None})
    assert r.status_code == 422
    assert r.json()["fields"]["workers_covered"] == ["“覆盖职工数”必须填写。"]
    r = a.patch(url, {"org": None})
    assert r.status_code == 422 and r.json()["fields"]["org"] == ["所属组织不能为空。"]
    listed = a.get("/ledgers/contract", {"org": "UA-B1"}).json()
    assert [i["id"] for i in listed["items"]] == [data["id"]]
    assert a.delete(url).status_code == 204
    assert a.get("/ledgers/contract").json() == {"items": [], "count": 0, "totals": {"count": 0}}


def test_it_keeps_the_decimal_places_of_study_hours(api, cast):
    data = created(api(cast.chair_a).post("/ledgers/study", {
        "org": "UA", "date": DAY.isoformat(), "study_type": "法律法规学习", "topic": "《工会法》", "hours": "2.5"}))
    assert data["hours"] == "2.5" and data["study_type"] == "law"


def test_it_stores_the_dates_sent(api, cast):
    data = created(api(cast.chair_a).post("/ledgers/task", {
        "org": "UA", "date": "2026-02-01", "task": "报送半年总结", "due_on": "2026-07-10",
        "completed_on": "2026-07-08", "assigned_by": "区总工会"}))
    entry = entry_get(viewer=cast.root, kind=get_kind("task"), pk=data["id"])
    assert entry.due_on == dt.date(2026, 7, 10) and entry.completed_on == dt.date(2026, 7, 8)


def test_an_amount_too_large_for_the_column_is_a_422_not_a_500(api, cast):
    # schemathesis found it: 3.4e53 made the two-decimals check raise inside the service.
    body = {**sample_body(KINDS["aid"], cast.wang_person), "amount": 3.4574218517633026e+53}
    r = api(cast.chair_a).post("/ledgers/aid", body)
    assert r.status_code == 422
    assert r.json()["fields"]["amount"] == ["“金额(元)”太大，不能超过 999999999999.99 元。"]
    body["amount"] = "999999999999.99"
    assert api(cast.chair_a).post("/ledgers/aid", body).status_code == 201


def test_confirm_false_asks_about_an_unusual_amount_and_the_default_saves_it(api, cast):
    a = api(cast.chair_a)
    body = {"org": "UA", "date": "2026-01-20", "aid_type": "visit", "recipient": cast.zhou_person.pk,
            "amount": "99999999999"}
    r = a.post("/ledgers/aid", {**body, "confirm": False})
    assert r.status_code == 422
    [message] = r.json()["fields"]["amount"]
    assert "远高于本工会此类记录的通常金额" in message
    assert stored(cast, "aid").count() == 0
    data = created(a.post("/ledgers/aid", body))  # no confirm: saved, as the API always did
    assert data["amount"] == "99999999999.00"
    r = a.patch(f"/ledgers/aid/{data['id']}", {"amount": "88888888888", "confirm": False})
    assert r.status_code == 422 and "通常金额" in r.json()["fields"]["amount"][0]
    assert a.patch(f"/ledgers/aid/{data['id']}", {"amount": "500", "confirm": False}).status_code == 200
    schema = a.get("/openapi.json").json()["components"]["schemas"]
    assert schema["AidCreate"]["properties"]["confirm"]["default"] is True
    assert "返回 422" in schema["AidUpdate"]["properties"]["confirm"]["description"]
