"""Union B's admin cannot list, open, edit or guess the URL of union A's people or orgs: page by page."""

import datetime as dt
import re

from django.urls import reverse

from gonghui.people import services
from gonghui.people.models import Person

NOT_FOUND = "页面不存在，或者您无权查看这条记录。"


def test_it_lists_only_union_bs_people(cast, login):
    response = login(cast.admin_b).get(reverse("web:person-list"))
    assert [p.name for p in response.context["page"]] == ["吴工人"]
    for q in ("王", "wang", "A001", "8001", "zsf"):
        assert list(login(cast.admin_b).get(reverse("web:person-list"), {"q": q}).context["page"]) == []


def test_it_keeps_union_as_orgs_out_of_the_tree_and_home(cast, login):
    client = login(cast.admin_b)
    for url in (reverse("web:org-tree"), reverse("web:home"), reverse("web:person-list")):
        html = client.get(url).content.decode()
        assert "文化局工会" not in html and "机关分会" not in html and "王会员" not in html


def test_it_answers_404_on_every_page_of_union_as_people(cast, login):
    client = login(cast.admin_b)
    event = services.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join",
                                          date=dt.date(2020, 1, 1))
    position = services.position_add(actor=cast.root, person=cast.wang_person, org=cast.ua_g1, title="group_leader",
                                     start_on=dt.date(2020, 1, 1))
    pk = cast.wang_person.pk
    gets = [reverse("web:person-detail", args=[pk]), reverse("web:person-edit", args=[pk]),
            reverse("web:person-create") + f"?org={cast.ua_g1.pk}"]
    posts = [
        (reverse("web:person-edit", args=[pk]), {"name": "改名", "org": cast.ub.pk}),
        (reverse("web:membership-add", args=[pk]), {"kind": "leave", "date": "2021-01-01"}),
        (reverse("web:membership-delete", args=[pk, event.pk]), {}),
        (reverse("web:position-add", args=[pk]), {"org": cast.ua_g1.pk, "title": "chair", "start_on": "2021-01-01"}),
        (reverse("web:position-end", args=[pk, position.pk]), {"end_on": "2021-01-01"}),
        (reverse("web:person-create") + f"?org={cast.ua_g1.pk}", {"name": "混入", "org": cast.ua_g1.pk}),
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code == 404 and NOT_FOUND in response.content.decode(), url
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    wang = Person.objects.get(pk=pk)
    assert wang.name == "王会员" and wang.member_status == "active" and wang.positions.get().end_on is None
    assert not Person.objects.filter(name="混入").exists()


def test_it_answers_404_on_every_page_of_union_as_orgs(cast, login):
    client = login(cast.admin_b)
    for org in (cast.ua, cast.ua_b1, cast.ua_g1, cast.ua_g2, cast.fed):
        for name in ("web:org-detail", "web:org-children", "web:org-create", "web:org-edit", "web:org-move",
                     "web:org-dissolve"):
            assert client.get(reverse(name, args=[org.pk])).status_code == 404, (name, org.code)
        assert client.post(reverse("web:org-rating-add", args=[org.pk]),
                           {"year": 2025, "home": "home", "grade": "model", "level": "city"}).status_code == 404
    assert client.get(reverse("web:person-list"), {"org": "UA"}).status_code == 404


def test_it_cannot_move_its_own_org_under_union_a(cast, login):
    # UB may not be moved under UA: UA is not offered (and the POST is refused by the form).
    response = login(cast.admin_b).post(reverse("web:org-move", args=[cast.ub.pk]), {"new_parent": cast.ua.pk})
    assert response.status_code == 200 and response.context["form"].errors["new_parent"]


def _page(response) -> str:
    # The CSRF token is masked afresh for every response; everything else must match byte for byte.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_guessed_id_looks_exactly_like_a_missing_one(cast, login):
    client = login(cast.admin_b)
    existing = client.get(reverse("web:person-detail", args=[cast.wang_person.pk]))
    missing = client.get(reverse("web:person-detail", args=[999999]))
    assert existing.status_code == missing.status_code == 404
    assert _page(existing) == _page(missing)
    existing = client.get(reverse("web:org-detail", args=[cast.ua.pk]))
    missing = client.get(reverse("web:org-detail", args=[999999]))
    assert existing.status_code == missing.status_code == 404 and _page(existing) == _page(missing)


def test_it_does_not_reach_union_as_accounts(cast, login):
    client = login(cast.admin_b)
    users = [u.username for u in client.get(reverse("accounts:user-list")).context["page"]]
    assert users == ["waidanwei"]
    assert client.get(reverse("accounts:user-detail", args=[cast.chair_a.pk])).status_code == 404
    assert client.post(reverse("accounts:password-reset", args=[cast.chair_a.pk])).status_code == 404
    offered = client.get(reverse("accounts:user-create")).context["form"].fields["org"].queryset
    assert [o.code for o in offered] == ["UB"]
