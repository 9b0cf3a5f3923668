import pytest

pytestmark = pytest.mark.django_db


def codes(r):
    assert r.status_code == 200, r.content
    return [o["code"] for o in r.json()["items"]]


def test_it_lists_the_orgs_in_scope(api, cast):
    assert codes(api(cast.chair_a).get("/orgs")) == ["UA", "UA-B1", "UA-B1-G1", "UA-G2"]
    assert codes(api(cast.admin_b).get("/orgs")) == ["UB"]
    assert len(codes(api(cast.viewer_fed).get("/orgs"))) == 6
    assert codes(api(cast.chair_a).get("/orgs", {"org": "UA-B1"})) == ["UA-B1", "UA-B1-G1"]
    assert codes(api(cast.chair_a).get("/orgs", {"kind": "group"})) == ["UA-B1-G1", "UA-G2"]


def test_it_shows_one_org(api, cast):
    data = api(cast.chair_a).get(f"/orgs/{cast.ua.pk}").json()
    assert data["id"] == cast.ua.pk and data["code"] == "UA" and data["name"] == "文化局工会"
    assert data["kind"] == "union" and data["kind_label"] == "基层工会"
    assert data["founded_on"] == "2010-01-01"
    assert data["status"] == "active" and data["status_label"] == "正常"


def test_it_lists_a_subtree(api, cast):
    a = api(cast.chair_a)
    assert codes(a.get(f"/orgs/{cast.ua_b1.pk}/subtree")) == ["UA-B1", "UA-B1-G1"]
    assert codes(a.get(f"/orgs/{cast.ua.pk}/subtree", {"org": "UA-B1"})) == ["UA-B1", "UA-B1-G1"]
    assert a.get(f"/orgs/{cast.ua_b1.pk}/subtree", {"org": "UA-G2"}).status_code == 404
    # The chair cannot see the federation above, even though UA lies in its subtree.
    assert a.get(f"/orgs/{cast.fed.pk}/subtree").status_code == 404
    assert codes(api(cast.viewer_fed).get(f"/orgs/{cast.fed.pk}/subtree", {"page_size": 2})) == ["FED", "UA"]
