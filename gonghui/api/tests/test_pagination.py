import pytest

from gonghui.people.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(cast):
    for i in range(7):
        person_create(actor=cast.root, org=cast.ub, name=f"员工{i}", gender="M", base_salary="3000")
    return cast


def test_it_pages_with_items_and_count(api, many):
    b = api(many.admin_b)
    first = b.get("/people", {"page_size": 3}).json()
    assert set(first) == {"items", "count"}
    assert first["count"] == 8
    assert len(first["items"]) == 3
    ids = [p["id"] for p in first["items"]]
    third = b.get("/people", {"page_size": 3, "page": 3}).json()
    assert len(third["items"]) == 2 and third["count"] == 8
    assert not set(ids) & {p["id"] for p in third["items"]}
    assert b.get("/people", {"page_size": 3, "page": 9}).json() == {"items": [], "count": 8}


def test_it_defaults_to_50_and_caps_page_size_at_500(api, many):
    b = api(many.admin_b)
    assert len(b.get("/people").json()["items"]) == 8
    assert b.get("/people", {"page_size": 500}).status_code == 200
    r = b.get("/people", {"page_size": 501})
    assert r.status_code == 422
    assert r.json()["fields"]["page_size"] == ["不能大于500。"]
    assert b.get("/people", {"page": 0}).json()["fields"]["page"] == ["不能小于1。"]
    assert b.get("/orgs", {"page_size": 501}).status_code == 422
    assert b.get("/membership-events", {"page_size": 501}).status_code == 422


def test_it_gives_every_item_an_id(api, many):
    r = api(many.root)
    for path in ("/people", "/orgs", f"/orgs/{many.fed.pk}/subtree", "/membership-events"):
        body = r.get(path).json()
        assert all(isinstance(item["id"], int) for item in body["items"]), path


def test_it_sends_money_as_a_decimal_string(api, many):
    r = api(many.admin_b).get("/people", {"q": "员工0"})
    assert b'"base_salary": "3000.00"' in r.content or b'"base_salary":"3000.00"' in r.content


def test_it_filters_like_the_roster_page(api, cast):
    a = api(cast.chair_a)

    def names(**params):
        r = a.get("/people", params)
        assert r.status_code == 200, r.content
        return {p["name"] for p in r.json()["items"]}

    assert names(org="UA-B1") == {"王会员"}
    assert names(org="ua-g2") == {"周师傅"}
    assert names(employment_type="劳务派遣") == {"周师傅"}
    assert names(employment_type="regular") == {"王会员"}
    assert names(migrant="true") == {"周师傅"}
    assert names(migrant="false") == {"王会员"}
    assert names(q="王") == {"王会员"}
    assert names(q="A002") == {"周师傅"}
    assert names(member_status="非会员") == {"王会员", "周师傅"}
    assert names(member_status="active") == set()
    assert names(work_status="在职") == {"王会员", "周师傅"}
    r = a.get("/people", {"gender": "未知"})
    assert r.status_code == 422 and "性别" in r.json()["fields"]["gender"][0]
    r = a.get("/people", {"migrant": "maybe"})
    assert r.status_code == 422 and r.json()["fields"]["migrant"] == ["应为 true 或 false。"]


def test_it_lists_people_in_a_fixed_number_of_queries(api, many, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    b = api(many.admin_b)
    b.get("/people", {"page_size": 1})  # the token's first use of the minute writes its last-used time
    with CaptureQueriesContext(connection) as one:
        assert len(b.get("/people", {"page_size": 1}).json()["items"]) == 1
    with CaptureQueriesContext(connection) as eight:
        assert len(b.get("/people", {"page_size": 8}).json()["items"]) == 8
    assert len(eight) == len(one)
    with django_assert_max_num_queries(len(one)):
        b.get("/membership-events", {"page_size": 50})
