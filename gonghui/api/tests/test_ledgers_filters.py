"""Ledger list filters (org subtree, from/to inclusive, status) and the totals next to the items."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.api.tests.ledger_samples import make_entry
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.selectors import entry_list, entry_totals

pytestmark = pytest.mark.django_db

D = dt.date


def ids(r):
    assert r.status_code == 200, r.content
    return [i["id"] for i in r.json()["items"]]


@pytest.fixture
def aids(cast):
    def aid(day, org, amount, goods=None, person_times=1, aid_type="visit"):
        return make_entry(cast, "aid", org, date=day, recipient=cast.wang_person, amount=amount, goods_value=goods,
                          person_times=person_times, aid_type=aid_type).pk

    return {
        "before": aid(D(2025, 12, 31), cast.ua, Decimal("1.00")),
        "first": aid(D(2026, 1, 1), cast.ua, Decimal("100.00"), Decimal("50.50"), 2, "warmth"),
        "b1": aid(D(2026, 3, 15), cast.ua_b1, Decimal("200.25"), None, 3),
        "g1": aid(D(2026, 4, 1), cast.ua_g1, None, Decimal("30.00"), 1, "warmth"),
        "last": aid(D(2026, 6, 30), cast.ua_g2, Decimal("1000.00")),
        "after": aid(D(2026, 7, 1), cast.ua, Decimal("7.00")),
    }


def test_it_filters_by_dates_both_ends_inclusive(api, cast, aids):
    a = api(cast.chair_a)
    r = a.get("/ledgers/aid", {"from": "2026-01-01", "to": "2026-06-30"})
    assert ids(r) == [aids["last"], aids["g1"], aids["b1"], aids["first"]]  # newest first
    assert ids(a.get("/ledgers/aid", {"from": "2026-06-30"})) == [aids["after"], aids["last"]]
    assert ids(a.get("/ledgers/aid", {"to": "2025-12-31"})) == [aids["before"]]
    r = a.get("/ledgers/aid", {"from": "2026/01/01"})
    assert r.status_code == 422 and r.json()["fields"]["from"] == ["日期格式应为 YYYY-MM-DD。"]


def test_it_filters_by_org_subtree(api, cast, aids):
    a = api(cast.chair_a)
    assert set(ids(a.get("/ledgers/aid", {"org": "UA-B1"}))) == {aids["b1"], aids["g1"]}
    assert ids(a.get("/ledgers/aid", {"org": "UA-G2"})) == [aids["last"]]
    assert len(ids(a.get("/ledgers/aid", {"org": "UA"}))) == 6
    assert a.get("/ledgers/aid", {"org": "NOPE"}).status_code == 404


def test_it_filters_by_status_code_or_label(api, cast, aids):
    a = api(cast.chair_a)
    warmth = {aids["first"], aids["g1"]}
    assert set(ids(a.get("/ledgers/aid", {"status": "warmth"}))) == warmth
    assert set(ids(a.get("/ledgers/aid", {"status": "送温暖"}))) == warmth
    r = a.get("/ledgers/aid", {"status": "发红包"})
    assert r.status_code == 422
    assert r.json()["fields"]["status"][0].startswith("类型“发红包”不在可选范围内，请填写：走访慰问、送温暖")
    r = a.get("/ledgers/task", {"status": "done"})
    assert r.status_code == 422 and r.json()["fields"]["status"] == ["“上级交办任务”台账没有可筛选的状态。"]


def test_it_filters_mediation_by_its_status(api, cast):
    make_entry(cast, "mediation", case_no="1", status="received")
    closed = make_entry(cast, "mediation", case_no="2", status="succeeded", closed_on=D(2026, 3, 5)).pk
    a = api(cast.chair_a)
    assert ids(a.get("/ledgers/mediation", {"status": "调解成功"})) == [closed]
    assert ids(a.get("/ledgers/mediation", {"status": "succeeded"})) == [closed]
    assert a.get("/ledgers/mediation").json()["count"] == 2


def test_it_totals_the_filtered_list_over_all_pages(api, cast, aids):
    a = api(cast.chair_a)
    body = a.get("/ledgers/aid", {"from": "2026-01-01", "to": "2026-06-30", "page_size": 1, "page": 2}).json()
    assert body["count"] == 4 and len(body["items"]) == 1
    assert body["totals"] == {"count": 4, "person_times": 7, "amount": "1300.25", "goods_value": "80.50"}
    body = a.get("/ledgers/aid", {"org": "UA-B1"}).json()
    assert body["totals"] == {"count": 2, "person_times": 4, "amount": "200.25", "goods_value": "30.00"}
    body = a.get("/ledgers/aid", {"status": "其他"}).json()
    assert body == {"items": [], "count": 0,
                    "totals": {"count": 0, "person_times": 0, "amount": "0.00", "goods_value": "0.00"}}
    # The same numbers as the selector the pages use.
    qs = entry_list(viewer=cast.chair_a, kind=get_kind("aid"), start=D(2026, 1, 1), end=D(2026, 6, 30))
    assert entry_totals(qs, get_kind("aid"))["amount"] == Decimal("1300.25")


def test_it_totals_only_what_the_caller_sees(api, cast, aids):
    make_entry(cast, "aid", cast.ub, recipient=cast.wu_person, amount=Decimal("999.00"))
    assert api(cast.officer_a1).get("/ledgers/aid").json()["totals"]["amount"] == "200.25"
    assert api(cast.admin_b).get("/ledgers/aid").json()["totals"]["amount"] == "999.00"
    assert api(cast.viewer_fed).get("/ledgers/aid").json()["totals"]["amount"] == "2307.25"


def test_it_totals_person_times_of_kinds_with_participants(api, cast):
    make_entry(cast, "study", participants=[cast.wang_person, cast.zhou_person], participant_count=30, n=1)
    make_entry(cast, "study", participants=[cast.wang_person], n=2)
    body = api(cast.chair_a).get("/ledgers/study").json()
    assert body["totals"] == {"count": 2, "person_times": 31}
    assert api(cast.chair_a).get("/ledgers/competition").json()["totals"] == {
        "count": 0, "reward_amount": "0.00"}


def test_it_pages_with_the_list_contract(api, cast, aids):
    a = api(cast.chair_a)
    pages = [ids(a.get("/ledgers/aid", {"page": p, "page_size": 4})) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [4, 2, 0]
    assert a.get("/ledgers/aid", {"page_size": 501}).status_code == 422


def test_it_lists_a_page_in_a_fixed_number_of_queries(api, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a = api(cast.chair_a)
    a.get("/ledgers/meeting")  # the token's first use of the minute writes its last-used time

    def queries(path):
        with CaptureQueriesContext(connection) as ctx:
            assert a.get(path, {"page_size": 500}).status_code == 200
        return len(ctx.captured_queries)

    for n in range(2):
        make_entry(cast, "meeting", participants=[cast.wang_person, cast.zhou_person], n=n)
        make_entry(cast, "honour", recipient_person=cast.wang_person, honour_name=f"荣誉{n}")
        make_entry(cast, "aid", recipient=cast.zhou_person, aid_type="visit", date=D(2026, 1, n + 1))
    few = {code: queries(f"/ledgers/{code}") for code in ("meeting", "honour", "aid")}
    for n in range(2, 22):
        make_entry(cast, "meeting", participants=[cast.wang_person, cast.zhou_person], n=n)
        make_entry(cast, "honour", recipient_person=cast.wang_person, honour_name=f"荣誉{n}")
        make_entry(cast, "aid", recipient=cast.zhou_person, aid_type="visit", date=D(2026, 1, n + 1))
    assert {code: queries(f"/ledgers/{code}") for code in ("meeting", "honour", "aid")} == few
