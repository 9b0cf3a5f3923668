"""/indicators: the registry's numbers for an org and a period, as JSON, never computed a second time."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.accounts.scoping import SYSTEM
from gonghui.api.tests.ledger_samples import make_entry
from gonghui.core.periods import Period, parse_period
from gonghui.indicators.registry import COUNT, MONEY, RATE, all_indicators, compute
from gonghui.orgs import services as orgs
from gonghui.people import services as people

pytestmark = pytest.mark.django_db

D = dt.date
NOT_FOUND = {"code": "not_found", "message": "记录不存在，或您无权查看。"}


@pytest.fixture
def recorded(cast):
    people.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join", date=D(2025, 3, 1))
    people.membership_event_add(actor=cast.root, person=cast.zhou_person, kind="join", date=D(2026, 2, 1))
    make_entry(cast, "aid", cast.ua_g2, date=D(2026, 1, 20), recipient=cast.zhou_person, amount=Decimal(1000),
               goods_value=Decimal("150.5"), person_times=2)
    make_entry(cast, "aid", cast.ua, date=D(2026, 7, 1), recipient=cast.wang_person, amount=Decimal(7))
    make_entry(cast, "meeting", cast.ua_b1, date=D(2026, 6, 30), participants=[cast.wang_person])
    make_entry(cast, "meeting", cast.ub, date=D(2026, 3, 1))
    make_entry(cast, "mediation", cast.ua, date=D(2026, 2, 1), case_no="M1", status="succeeded",
               closed_on=D(2026, 2, 10))


def as_json(value, kind):
    if kind == MONEY:
        return f"{value:.2f}"
    if kind == RATE:
        return None if value is None else float(value)
    return value


def test_it_answers_what_compute_answers(api, cast, recorded):
    r = api(cast.chair_a).get("/indicators", {"org": "UA", "period": "2026H1"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["org"] == "UA" and body["org_name"] == "文化局工会"
    assert body["period"] == {"code": "2026H1", "start": "2026-01-01", "end": "2026-06-30", "label": "2026年上半年"}
    expected = compute(cast.ua, parse_period("2026H1"))
    kinds = {i.code: i.kind for i in all_indicators()}
    assert body["values"] == {code: as_json(value, kinds[code]) for code, value in expected.items()}
    values = body["values"]
    # ... and what that is, counted by hand:
    assert values["aid_amount"] == "1000.00" and values["aid_goods_value"] == "150.50"
    assert values["aid_person_times"] == 2 and values["aid_households"] == 1
    assert values["meetings"] == 1 and values["mediation_succeeded"] == 1
    assert values["members"] == 2 and values["workers"] == 2 and values["membership_rate"] == 100.0
    assert values["members_joined"] == 1
    for code, kind in kinds.items():
        # a rate over nothing (no 会费 owed here) is null, as the registry's percent() says
        assert isinstance(values[code], {COUNT: int, MONEY: str, RATE: (float, type(None))}[kind]), code


def test_it_takes_from_and_to_instead_of_a_period(api, cast, recorded):
    r = api(cast.chair_a).get("/indicators", {"org": "UA-B1", "from": "2026-06-30", "to": "2026-07-01"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["period"] == {"code": None, "start": "2026-06-30", "end": "2026-07-01",
                              "label": "2026-06-30至2026-07-01"}
    assert body["values"]["meetings"] == compute(cast.ua_b1, Period(D(2026, 6, 30), D(2026, 7, 1)))["meetings"] == 1
    whole = api(cast.chair_a).get("/indicators", {"org": "UA", "from": "2026-01-01", "to": "2026-12-31"}).json()
    assert whole["values"]["aid_amount"] == "1007.00"


def test_it_answers_null_for_a_rate_without_workers(api, cast):
    orgs.org_create(actor=SYSTEM, parent=cast.ua, kind="group", name="新小组", code="UA-G3")
    values = api(cast.chair_a).get("/indicators", {"org": "UA-G3", "period": "2026"}).json()["values"]
    assert values["workers"] == 0 and values["membership_rate"] is None


def test_it_hides_another_unions_org_like_a_missing_one(api, cast, recorded):
    b = api(cast.admin_b)
    assert b.get("/indicators", {"org": "UA", "period": "2026H1"}).json() == NOT_FOUND
    assert b.get("/indicators", {"org": "NOPE", "period": "2026H1"}).json() == NOT_FOUND
    assert b.get("/indicators", {"org": "UB", "period": "2026H1"}).json()["values"]["meetings"] == 1
    assert api(cast.member_a).get("/indicators", {"org": "UA", "period": "2026H1"}).status_code == 404
    fed = api(cast.viewer_fed).get("/indicators", {"org": "FED", "period": "2026H1"}).json()
    assert fed["values"]["meetings"] == 2


@pytest.mark.parametrize(("params", "message"), [
    ({"period": "2026H3"}, "期间“2026H3”无法识别，可写作 2026H1、2026H2、2026Q1～2026Q4、2026 或 2026-05。"),
    ({"period": "2026-13"}, "月份应在1到12之间。"),
    ({}, "请给出期间（如 2026H1），或同时给出开始和结束日期。"),
    ({"from": "2026-01-01"}, "请给出期间（如 2026H1），或同时给出开始和结束日期。"),
    ({"from": "2026-02-01", "to": "2026-01-01"}, "结束日期不能早于开始日期。"),
    ({"period": "2026", "from": "2026-01-01", "to": "2026-02-01"}, "请只给出一种期间：period，或 from 和 to。"),
])
def test_it_refuses_a_bad_period_with_the_chinese_message(api, cast, params, message):
    r = api(cast.chair_a).get("/indicators", {"org": "UA", **params})
    assert r.status_code == 422
    assert r.json()["fields"] == {"period": [message]}


def test_it_needs_an_org(api, cast):
    r = api(cast.chair_a).get("/indicators", {"period": "2026H1"})
    assert r.status_code == 422 and r.json()["fields"]["org"] == ["此项必填。"]


def test_it_lists_the_definitions_of_the_registry(api, cast):
    body = api(cast.member_a).get("/indicators/definitions").json()
    registry = all_indicators()
    assert body["count"] == len(registry) == len(body["items"])
    assert [d["code"] for d in body["items"]] == [i.code for i in registry]
    aid = next(d for d in body["items"] if d["code"] == "aid_amount")
    assert aid == {"code": "aid_amount", "name": "帮扶金额", "unit": "元", "kind": "money",
                   "definition": "期间内困难帮扶的金额之和（不含会员福利性慰问）", "source": "aid"}
