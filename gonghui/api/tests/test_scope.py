import pytest

from gonghui.people.selectors import person_get

pytestmark = pytest.mark.django_db

NOT_FOUND = {"code": "not_found", "message": "记录不存在，或您无权查看。"}


def names(r):
    assert r.status_code == 200, r.content
    return {p["name"] for p in r.json()["items"]}


def test_it_lists_only_the_callers_union(api, cast):
    assert names(api(cast.admin_b).get("/people")) == {"吴工人"}
    assert names(api(cast.chair_a).get("/people")) == {"王会员", "周师傅"}
    assert names(api(cast.officer_a1).get("/people")) == {"王会员"}


def test_it_hides_another_unions_person_as_missing(api, cast):
    b = api(cast.admin_b)
    outside = b.get(f"/people/{cast.wang_person.pk}")
    missing = b.get("/people/999999")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json() == NOT_FOUND
    assert b.get(f"/people/{cast.wang_person.pk}/membership-events").status_code == 404


def test_it_refuses_updating_another_unions_person_as_missing(api, cast):
    r = api(cast.admin_b).patch(f"/people/{cast.wang_person.pk}", {"post": "被改了"})
    assert r.status_code == 404
    assert r.json() == NOT_FOUND
    assert person_get(viewer=cast.root, pk=cast.wang_person.pk).post == ""


def test_it_refuses_events_on_another_unions_person_as_missing(api, cast):
    r = api(cast.admin_b).post(f"/people/{cast.zhou_person.pk}/membership-events", {"kind": "join", "date": "2020-01-01"})
    assert r.status_code == 404


def test_it_answers_404_for_an_org_filter_outside_scope(api, cast):
    b = api(cast.admin_b)
    for path in ("/people", "/orgs", "/membership-events"):
        r = b.get(path, {"org": "UA"})
        assert r.status_code == 404, path
        assert r.json() == NOT_FOUND
    assert b.get("/people", {"org": "NO-SUCH"}).json() == NOT_FOUND
    assert b.get("/people", {"org": "UB"}).status_code == 200


def test_it_refuses_creating_in_another_union(api, cast):
    before = api(cast.root).get("/people").json()["count"]
    r = api(cast.admin_b).post("/people", {"name": "偷偷加", "gender": "男", "org": "UA"})
    assert r.status_code == 422
    assert r.json()["fields"]["org"] == ["组织“UA”不存在，或您无权访问。"]
    r = api(cast.admin_b).post("/people", {"name": "偷偷加", "gender": "男", "org": cast.ua.pk})
    assert r.status_code == 422
    assert api(cast.root).get("/people").json()["count"] == before


def test_it_lets_the_federation_viewer_read_everything_but_write_nothing(api, cast):
    v = api(cast.viewer_fed)
    assert names(v.get("/people")) == {"王会员", "周师傅", "吴工人"}
    assert v.get(f"/people/{cast.wu_person.pk}").status_code == 200
    r = v.post("/people", {"name": "新人", "gender": "男", "org": "UB"})
    assert r.status_code == 403
    assert r.json()["code"] == "forbidden"
    r = v.patch(f"/people/{cast.wu_person.pk}", {"post": "钳工"})
    assert r.status_code == 403
    assert r.json()["code"] == "forbidden"
    r = v.post(f"/people/{cast.wu_person.pk}/membership-events", {"kind": "join", "date": "2020-01-01"})
    assert r.status_code == 403
    assert api(cast.root).get("/people").json()["count"] == 3


def test_it_shows_a_member_only_their_own_record(api, cast):
    m = api(cast.member_a)
    assert names(m.get("/people")) == {"王会员"}
    assert m.get(f"/people/{cast.wang_person.pk}").status_code == 200
    assert m.get(f"/people/{cast.zhou_person.pk}").status_code == 404
    assert m.get("/orgs").json() == {"items": [], "count": 0}
    assert m.patch(f"/people/{cast.wang_person.pk}", {"post": "自己改"}).status_code == 403


def test_it_answers_404_for_guessed_ids(api, cast):
    b = api(cast.admin_b)
    for pk in (cast.wang_person.pk, cast.zhou_person.pk, cast.wu_person.pk + 1000, 0):
        assert b.get(f"/people/{pk}").status_code == 404
    for org in (cast.ua, cast.ua_b1, cast.fed):
        assert b.get(f"/orgs/{org.pk}").status_code == 404
        assert b.get(f"/orgs/{org.pk}/subtree").status_code == 404
    assert b.get("/people/abc").status_code == 404
