import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.conftest import make_id
from gonghui.people import services

URL = reverse("web:person-list")


@pytest.fixture
def zhangsan(cast):
    return services.person_create(actor=cast.root, org=cast.ua_g2, name="张三", id_number=make_id("19920303", 444),
                                  mobile="13912345678", employee_no="A777")


def names(response):
    return [p.name for p in response.context["page"]]


@pytest.mark.parametrize("q", ["zs", "zhangsan", "ZhangSan", "张三", "张", "A777", "5678", "13912345678"])
def test_it_finds_a_person_by_every_kind_of_search(cast, login, zhangsan, q):
    response = login(cast.chair_a).get(URL, {"q": q})
    assert response.status_code == 200
    assert "张三" in names(response)
    assert "王会员" not in names(response)


def test_it_matches_initials_of_other_people_too(cast, login, zhangsan):
    # 周师傅 is zsf: "zs" is a prefix of both.
    assert sorted(names(login(cast.chair_a).get(URL, {"q": "zs"}))) == ["周师傅", "张三"]
    assert names(login(cast.chair_a).get(URL, {"q": "zhangsan"})) == ["张三"]


def test_it_sorts_by_pinyin(cast, login, zhangsan):
    assert names(login(cast.chair_a).get(URL)) == ["王会员", "张三", "周师傅"]  # wang < zhang < zhou


def test_it_filters_by_org_subtree(cast, login, zhangsan):
    assert names(login(cast.chair_a).get(URL, {"org": "UA-B1"})) == ["王会员"]
    assert names(login(cast.chair_a).get(URL, {"org": "ua-g2"})) == ["张三", "周师傅"]


@pytest.mark.parametrize("params,expected", [
    ({"employment_type": "dispatched"}, ["周师傅"]),
    ({"migrant": "1"}, ["周师傅"]),
    ({"migrant": "0"}, ["王会员", "张三"]),
    ({"gender": "M"}, ["王会员"]),  # the 17th digit of the ID decides: 111 odd, 222 and 444 even
    ({"gender": "F"}, ["张三", "周师傅"]),
    ({"member_status": "active"}, ["王会员"]),
    ({"member_status": "none"}, ["张三", "周师傅"]),
    ({"work_status": "left"}, []),
])
def test_it_filters_by_each_field(cast, login, zhangsan, params, expected):
    import datetime as dt

    services.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1))
    assert names(login(cast.chair_a).get(URL, params)) == expected


def test_it_ignores_a_nonsense_filter_value(cast, login):
    response = login(cast.chair_a).get(URL, {"gender": "X"})
    assert response.status_code == 200


def test_it_answers_404_for_an_org_outside_the_scope(cast, login):
    assert login(cast.admin_b).get(URL, {"org": "UA"}).status_code == 404
    assert login(cast.chair_a).get(URL, {"org": "NOPE"}).status_code == 404


def test_it_paginates_by_50_and_keeps_the_filters_in_the_links(cast, login):
    for i in range(55):
        services.person_create(actor=cast.root, org=cast.ua_g2, name=f"测试{i:02d}", gender="F",
                               employment_type="temporary")
    response = login(cast.chair_a).get(URL, {"employment_type": "temporary"})
    assert len(response.context["page"]) == 50
    assert response.context["page"].paginator.count == 55
    assert "?employment_type=temporary&amp;page=2" in response.content.decode()
    assert len(login(cast.chair_a).get(URL, {"employment_type": "temporary", "page": 2}).context["page"]) == 5


def _queries(client, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return len(ctx)


def test_it_runs_a_fixed_number_of_queries_however_many_rows(cast, login, django_assert_max_num_queries):
    client = login(cast.viewer_fed)
    few = _queries(client)
    for i in range(40):
        services.person_create(actor=cast.root, org=[cast.ua_g1, cast.ua_g2, cast.ub][i % 3], name=f"人员{i}",
                               id_number=make_id("19800101", 500 + i), mobile=f"1370000{i:04d}")
    many = _queries(client)
    assert few == many  # no N+1: rows, orgs and masking add no query per row
    # session, user, grants, orgs for the filter, org by code (2), count, page, the page's orgs; then the
    # session save (SESSION_SAVE_EVERY_REQUEST: savepoint, update, release).
    with django_assert_max_num_queries(12):
        client.get(URL, {"q": "ry", "org": "FED", "gender": "M", "page": 1})
