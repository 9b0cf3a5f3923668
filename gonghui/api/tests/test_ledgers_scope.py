"""Who sees and who writes ledger entries through the API. Outside the scope is the same 404 as missing."""

import pytest

from gonghui.api.tests.ledger_samples import make_entry
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.selectors import entry_list

pytestmark = pytest.mark.django_db

NOT_FOUND = {"code": "not_found", "message": "记录不存在，或您无权查看。"}
FORBIDDEN = {"code": "forbidden", "message": "您没有权限执行此操作。"}
MEETING = {"date": "2026-03-01", "meeting_type": "工会小组会", "title": "小组会"}


def titles(r):
    assert r.status_code == 200, r.content
    return {i["title"] for i in r.json()["items"]}


@pytest.fixture
def meetings(cast):
    return {
        "ua": make_entry(cast, "meeting", cast.ua, title="UA 会议"),
        "b1": make_entry(cast, "meeting", cast.ua_b1, title="B1 会议"),
        "g1": make_entry(cast, "meeting", cast.ua_g1, title="G1 会议"),
        "g2": make_entry(cast, "meeting", cast.ua_g2, title="G2 会议"),
        "ub": make_entry(cast, "meeting", cast.ub, title="UB 会议"),
    }


def count(cast):
    return entry_list(viewer=cast.root, kind=get_kind("meeting")).count()


def test_it_lists_each_caller_their_subtree(api, cast, meetings):
    assert titles(api(cast.chair_a).get("/ledgers/meeting")) == {"UA 会议", "B1 会议", "G1 会议", "G2 会议"}
    assert titles(api(cast.officer_a1).get("/ledgers/meeting")) == {"B1 会议", "G1 会议"}
    assert titles(api(cast.leader_g1).get("/ledgers/meeting")) == {"G1 会议"}
    assert titles(api(cast.admin_b).get("/ledgers/meeting")) == {"UB 会议"}
    assert titles(api(cast.member_a).get("/ledgers/meeting")) == set()
    assert titles(api(cast.viewer_fed).get("/ledgers/meeting")) == {
        "UA 会议", "B1 会议", "G1 会议", "G2 会议", "UB 会议"}


def test_it_hides_union_a_from_admin_b_like_missing_entries(api, cast, meetings):
    b = api(cast.admin_b)
    pk = meetings["g1"].pk
    assert b.get("/ledgers/meeting", {"org": "UA"}).json() == NOT_FOUND
    for r, missing in ((b.get(f"/ledgers/meeting/{pk}"), b.get("/ledgers/meeting/999999")),
                       (b.patch(f"/ledgers/meeting/{pk}", {"title": "改"}), b.patch("/ledgers/meeting/999999", {})),
                       (b.delete(f"/ledgers/meeting/{pk}"), b.delete("/ledgers/meeting/999999"))):
        assert r.status_code == missing.status_code == 404
        assert r.json() == missing.json() == NOT_FOUND
    assert b.get(f"/ledgers/aid/{pk}").status_code == 404  # an id of another kind is no entry either
    r = b.post("/ledgers/meeting", {**MEETING, "org": "UA"})
    assert r.status_code == 422 and r.json()["fields"]["org"] == ["组织“UA”不存在，或您无权访问。"]
    assert count(cast) == 5
    assert api(cast.root).get(f"/ledgers/meeting/{pk}").json()["title"] == "G1 会议"


def test_it_lets_a_group_leader_write_in_their_group_only(api, cast, meetings):
    g = api(cast.leader_g1)
    r = g.post("/ledgers/meeting", {**MEETING, "org": "UA-B1-G1", "participants": [cast.wang_person.pk]})
    assert r.status_code == 201, r.content
    assert r.json()["org_code"] == "UA-B1-G1"
    assert g.patch(f"/ledgers/meeting/{meetings['g1'].pk}", {"title": "G1 会议（改）"}).status_code == 200
    # The union and the sibling group lie outside everything a group leader can read: the same 422 as a
    # code that does not exist (see the README); the service would refuse them with 403 anyway.
    for org in ("UA", "UA-G2", cast.ua.pk, cast.ua_g2.pk):
        r = g.post("/ledgers/meeting", {**MEETING, "org": org})
        assert r.status_code == 422, org
        assert r.json()["fields"]["org"] == [f"组织“{org}”不存在，或您无权访问。"]
    assert g.patch(f"/ledgers/meeting/{meetings['g1'].pk}", {"org": "UA"}).status_code == 422
    assert g.patch(f"/ledgers/meeting/{meetings['g2'].pk}", {"title": "改"}).json() == NOT_FOUND
    assert g.delete(f"/ledgers/meeting/{meetings['ua'].pk}").json() == NOT_FOUND
    r = g.post("/ledgers/meeting", {**MEETING, "org": "UA-B1-G1", "participants": [cast.zhou_person.pk]})
    assert r.status_code == 422 and "participants" in r.json()["fields"]  # 周师傅 is not in the group
    assert g.delete(f"/ledgers/meeting/{meetings['g1'].pk}").status_code == 204
    assert count(cast) == 5


def test_it_answers_403_to_those_who_read_the_org_but_may_not_write(api, cast, meetings):
    # 财务 and 经审 of union A, the federation viewer: they read union A, so a write is forbidden, not hidden.
    for user in (cast.finance_a, cast.auditor_a, cast.viewer_fed):
        c = api(user)
        assert c.get("/ledgers/meeting", {"org": "UA"}).status_code == 200
        assert c.get(f"/ledgers/meeting/{meetings['g1'].pk}").status_code == 200
        for r in (c.post("/ledgers/meeting", {**MEETING, "org": "UA"}),
                  c.post("/ledgers/meeting", {**MEETING, "org": "UA-B1-G1"}),
                  c.patch(f"/ledgers/meeting/{meetings['g1'].pk}", {"title": "改"}),
                  c.delete(f"/ledgers/meeting/{meetings['g1'].pk}")):
            assert r.status_code == 403, (user, r.content)
            assert r.json() == FORBIDDEN
    assert count(cast) == 5
    assert api(cast.root).get(f"/ledgers/meeting/{meetings['g1'].pk}").json()["title"] == "G1 会议"


def test_it_lets_an_officer_move_an_entry_only_inside_their_branch(api, cast, meetings):
    o = api(cast.officer_a1)
    assert o.patch(f"/ledgers/meeting/{meetings['b1'].pk}", {"org": "UA-B1-G1"}).status_code == 200
    r = o.patch(f"/ledgers/meeting/{meetings['g1'].pk}", {"org": "UA-G2"})
    assert r.status_code == 422 and "org" in r.json()["fields"]
    assert o.get(f"/ledgers/meeting/{meetings['g2'].pk}").status_code == 404


def test_it_shows_the_federation_viewer_every_union(api, cast, meetings):
    v = api(cast.viewer_fed)
    assert v.get(f"/ledgers/meeting/{meetings['ub'].pk}").json()["org_code"] == "UB"
    assert titles(v.get("/ledgers/meeting", {"org": "UB"})) == {"UB 会议"}
    assert v.get("/ledgers/meeting", {"org": "FED"}).json()["count"] == 5
