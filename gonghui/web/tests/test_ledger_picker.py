"""The participant picker's htmx partials: search by initials, Chinese, 工号 inside the entry's union only;
a whole group at once."""

import pytest
from django.urls import reverse

from gonghui.people import services

SEARCH = reverse("web:ledger-person-search")
GROUP = reverse("web:ledger-person-group")


@pytest.fixture
def people(cast):
    zhangsan = services.person_create(actor=cast.root, org=cast.ua_g2, name="张三", gender="M", employee_no="A777")
    # A namesake-by-initials in union B: zs, 工号 A7xx-like, must never show up for union A's entries.
    zhangsi = services.person_create(actor=cast.root, org=cast.ub, name="张四", gender="M", employee_no="A778")
    return zhangsan, zhangsi


def found(response):
    assert response.status_code == 200
    return sorted(p.name for p in response.context["people"])


@pytest.mark.parametrize("q,expected", [
    ("zs", ["周师傅", "张三"]),      # initials: zsf and zs
    ("zhangsan", ["张三"]),
    ("张", ["张三"]),
    ("王会员", ["王会员"]),
    ("A777", ["张三"]),
    ("A00", []),                    # 工号 prefixes need digits only; a letter code matches exactly
    ("A001", ["王会员"]),
    ("吴", []),                      # 吴工人 works in union B
    ("B001", []),
    ("", []),
])
def test_it_finds_people_of_the_union_by_initials_chinese_and_number(cast, login, people, q, expected):
    response = login(cast.chair_a).get(SEARCH, {"q": q, "org": cast.ua.pk, "field": "participants"})
    assert found(response) == expected


@pytest.mark.parametrize("user", ["root", "viewer_fed"])
def test_it_never_offers_another_unions_people_even_to_who_sees_both(cast, login, people, user):
    client = login(getattr(cast, user))
    assert found(client.get(SEARCH, {"q": "zs", "org": cast.ua_b1.pk})) == ["周师傅", "张三"]
    assert found(client.get(SEARCH, {"q": "zs", "org": cast.ub.pk})) == ["张四"]
    assert found(client.get(SEARCH, {"q": "A778", "org": cast.ua.pk})) == []


def test_it_answers_a_group_leader_with_their_group_only(cast, login, people):
    client = login(cast.leader_g1)
    assert found(client.get(SEARCH, {"q": "zs", "org": cast.ua_g1.pk})) == []
    assert found(client.get(SEARCH, {"q": "wang", "org": cast.ua_g1.pk})) == ["王会员"]
    assert client.get(SEARCH, {"q": "zs", "org": cast.ua.pk}).status_code == 404


def test_it_renders_results_as_checkboxes_of_the_field(cast, login, people):
    html = login(cast.chair_a).get(SEARCH, {"q": "zhangsan", "org": cast.ua.pk, "field": "proposers"}).content.decode()
    assert f'name="proposers" value="{people[0].pk}"' in html and "checked" not in html
    assert "A777" in html and "后勤小组" in html
    html = login(cast.chair_a).get(SEARCH, {"q": "nobody", "org": cast.ua.pk}).content.decode()
    assert "没有找到“nobody”" in html


def test_it_refuses_an_unknown_field_and_an_org_outside_the_scope(cast, login):
    client = login(cast.chair_a)
    assert client.get(SEARCH, {"q": "zs", "org": cast.ua.pk, "field": "x\"><script>"}).status_code == 404
    assert client.get(SEARCH, {"q": "zs", "org": cast.ub.pk}).status_code == 404
    assert client.get(SEARCH, {"q": "zs"}).status_code == 404


def test_it_adds_a_whole_group_as_checked_chips(cast, login, people):
    client = login(cast.chair_a)
    response = client.get(GROUP, {"group": cast.ua_g2.pk, "org": cast.ua.pk, "field": "participants"})
    assert found(response) == ["周师傅", "张三"]
    assert f'name="participants" value="{cast.zhou_person.pk}" checked' in response.content.decode()
    assert found(client.get(GROUP, {"group": cast.ua_b1.pk, "org": cast.ua.pk})) == ["王会员"]  # the subtree
    assert client.get(GROUP, {"group": cast.ub.pk, "org": cast.ua.pk}).status_code == 404
    # Who sees both unions still gets only the entry's union.
    assert found(login(cast.root).get(GROUP, {"group": cast.ub.pk, "org": cast.ua.pk})) == []


def test_it_leaves_out_people_who_left_when_adding_a_group(cast, login, people):
    services.person_update(actor=cast.root, person=people[0], work_status="left")
    assert found(login(cast.chair_a).get(GROUP, {"group": cast.ua_g2.pk, "org": cast.ua.pk})) == ["周师傅"]


def test_the_form_carries_the_picker_wired_to_the_partials(cast, login):
    html = login(cast.chair_a).get(reverse("web:ledger-create", args=["meeting"]) + f"?org={cast.ua.pk}").content.decode()
    assert f'hx-get="{SEARCH}"' in html and f'hx-get="{GROUP}"' in html
    assert 'hx-include="#id_org"' in html and "添加整组在职人员" in html
    assert 'form="picker-detached"' in html  # the search box is not posted with the entry
    assert "web/ledgers.js" in html
