import datetime as dt

from django.urls import reverse

from gonghui.orgs.models import Org
from gonghui.orgs.services import org_rating_set
from gonghui.people import services as people


def test_it_starts_the_tree_at_the_users_roots(cast, login):
    html = login(cast.officer_a1).get(reverse("web:org-tree")).content.decode()
    assert "机关分会" in html and "第一小组" in html
    assert "文化局工会" not in html and "机械厂工会" not in html
    html = login(cast.viewer_fed).get(reverse("web:org-tree")).content.decode()
    assert "某区总工会" in html and "文化局工会" in html and "机械厂工会" in html


def test_it_loads_children_lazily_through_htmx(cast, login):
    html = login(cast.viewer_fed).get(reverse("web:org-tree")).content.decode()
    assert f'hx-get="{reverse("web:org-children", args=[cast.ua.pk])}"' in html
    assert "htmx" in html  # the script is on the page
    partial = login(cast.viewer_fed).get(reverse("web:org-children", args=[cast.ua.pk]),
                                         headers={"HX-Request": "true"}).content.decode()
    assert "机关分会" in partial and "后勤小组" in partial and "<html" not in partial


def test_it_shows_an_org_with_officers_ratings_counts_and_audit(cast, login):
    people.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1))
    people.position_add(actor=cast.root, person=cast.wang_person, org=cast.ua, title="chair",
                        start_on=dt.date(2020, 1, 1))
    org_rating_set(actor=cast.root, org=cast.ua, year=2024, home="home", grade="model", level="city")
    response = login(cast.finance_a).get(reverse("web:org-detail", args=[cast.ua.pk]))
    html = response.content.decode()
    for text in ("文化局工会", "UA", "2010-01-01", "机关分会", "后勤小组", "主席", "王会员", "2024年", "模范",
                 "职工之家", "操作记录"):
        assert text in html, text
    stats = dict(response.context["stats"])
    assert stats.pop("members_url").startswith(reverse("web:report-trace", args=["members"]))
    assert stats.pop("people_url").startswith(reverse("web:report-trace", args=["workers"]))
    assert stats == {"people_active": 2, "members": 1, "branches": 1, "groups": 2}
    assert reverse("web:org-edit", args=[cast.ua.pk]) not in html  # finance cannot write


def test_it_creates_a_child_org_with_only_allowed_kinds(cast, login):
    client = login(cast.chair_a)
    url = reverse("web:org-create", args=[cast.ua.pk])
    kinds = [k for k, _label in client.get(url).context["form"].fields["kind"].choices]
    assert sorted(kinds) == ["branch", "group"]
    response = client.post(url, {"name": "新分会", "code": "ua-b9", "kind": "branch"})
    new = Org.objects.get(code="UA-B9")
    assert response.status_code == 302 and Org.objects.get_parent(new) == cast.ua


def test_it_refuses_a_kind_the_parent_cannot_hold_in_chinese(cast, login):
    response = login(cast.chair_a).post(reverse("web:org-create", args=[cast.ua.pk]),
                                        {"name": "x", "code": "X1", "kind": "union"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.context["form"].errors["kind"][0]
    assert not Org.objects.filter(code="X1").exists()


def test_it_says_a_group_cannot_hold_children(cast, login):
    html = login(cast.chair_a).get(reverse("web:org-create", args=[cast.ua_g2.pk])).content.decode()
    assert "下面不能再建下级组织" in html


def test_it_refuses_a_taken_code_next_to_the_field(cast, login):
    response = login(cast.chair_a).post(reverse("web:org-create", args=[cast.ua.pk]),
                                        {"name": "重复", "code": "UB", "kind": "group"})
    assert response.context["form"].errors["code"] == ["组织代码“UB”已被使用，请换一个。"]


def test_it_edits_an_org(cast, login):
    client = login(cast.officer_a1)
    url = reverse("web:org-edit", args=[cast.ua_b1.pk])
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v not in (None, False)}
    data.update(name="机关第一分会", contact_person="李干事")
    assert client.post(url, data).status_code == 302
    org = Org.objects.get(pk=cast.ua_b1.pk)
    assert org.name == "机关第一分会" and org.contact_person == "李干事"


def test_it_refuses_a_term_that_ends_before_it_starts(cast, login):
    client = login(cast.chair_a)
    url = reverse("web:org-edit", args=[cast.ua.pk])
    response = client.post(url, {"name": "文化局工会", "code": "UA", "term_start": "2024-01-01",
                                 "term_end": "2020-01-01"})
    assert response.status_code == 200 and response.context["form"].errors


def test_it_moves_an_org_among_orgs_the_user_writes(cast, login):
    client = login(cast.chair_a)
    url = reverse("web:org-move", args=[cast.ua_g2.pk])
    offered = set(client.get(url).context["form"].fields["new_parent"].queryset.values_list("code", flat=True))
    assert offered == {"UA", "UA-B1", "UA-B1-G1"}  # not itself, nothing outside union A
    assert client.post(url, {"new_parent": cast.ua_b1.pk}).status_code == 302
    assert Org.objects.get_parent(Org.objects.get(pk=cast.ua_g2.pk)) == cast.ua_b1


def test_it_refuses_to_move_an_org_into_its_own_subtree(cast, login):
    response = login(cast.chair_a).post(reverse("web:org-move", args=[cast.ua_b1.pk]),
                                        {"new_parent": cast.ua_g1.pk})
    assert response.status_code == 200
    assert "不能把“机关分会”移到它自己或它的下级组织下面" in response.context["form"].errors["new_parent"][0]


def test_it_refuses_to_move_into_an_org_outside_the_users_scope(cast, login):
    response = login(cast.chair_a).post(reverse("web:org-move", args=[cast.ua_g2.pk]), {"new_parent": cast.ub.pk})
    assert response.status_code == 200 and response.context["form"].errors["new_parent"]
    assert Org.objects.get_parent(Org.objects.get(pk=cast.ua_g2.pk)) == cast.ua


def test_it_refuses_to_dissolve_an_org_with_people_at_work(cast, login):
    response = login(cast.chair_a).post(reverse("web:org-dissolve", args=[cast.ua_b1.pk]),
                                        {"on": "2025-01-01", "confirm": "on"})
    assert response.status_code == 200
    assert "还有1名在职人员" in response.content.decode()
    assert Org.objects.get(pk=cast.ua_b1.pk).is_active


def test_it_needs_the_confirmation_to_dissolve(cast, login):
    response = login(cast.chair_a).post(reverse("web:org-dissolve", args=[cast.ub.pk]), {"on": "2025-01-01"})
    assert response.status_code == 404  # chair_a is not in union B
    response = login(cast.root).post(reverse("web:org-dissolve", args=[cast.ua_g1.pk]), {"on": "2025-01-01"})
    assert response.context["form"].errors["confirm"]


def test_it_dissolves_an_empty_org(cast, login):
    people.person_update(actor=cast.root, person=cast.zhou_person, work_status="left")
    response = login(cast.chair_a).post(reverse("web:org-dissolve", args=[cast.ua_g2.pk]),
                                        {"on": "2025-01-01", "confirm": "on"})
    assert response.status_code == 302
    assert Org.objects.get(pk=cast.ua_g2.pk).status == "dissolved"


def test_it_records_a_rating(cast, login):
    response = login(cast.chair_a).post(reverse("web:org-rating-add", args=[cast.ua.pk]),
                                        {"year": 2025, "home": "home", "grade": "advanced", "level": "county"})
    assert response.status_code == 302
    assert cast.ua.ratings.get().grade == "advanced"
