import datetime as dt

from django.urls import reverse

from gonghui.people import services


def test_it_shows_the_users_org_and_its_counts(cast, login):
    services.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1))
    response = login(cast.chair_a).get(reverse("web:home"))
    [(org, stats)] = response.context["summaries"]
    assert org == cast.ua
    assert stats.pop("members_url").startswith(reverse("web:report-trace", args=["members"]))
    assert stats == {"people_active": 2, "members": 1, "branches": 1, "groups": 2}
    html = response.content.decode()
    assert "文化局工会" in html and "在职职工" in html and "机械厂工会" not in html
    assert reverse("web:org-detail", args=[cast.ua.pk]) in html


def test_it_counts_the_whole_federation_for_its_viewer(cast, login):
    [(org, stats)] = login(cast.viewer_fed).get(reverse("web:home")).context["summaries"]
    assert org == cast.fed and stats["people_active"] == 3


def test_it_sends_a_member_to_their_own_pages(cast, login):
    response = login(cast.member_a).get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"] == reverse("me:home")


def test_it_shows_the_accounts_link_to_admins_only(cast, login):
    assert reverse("accounts:user-list") in login(cast.chair_a).get(reverse("web:home")).content.decode()
    assert reverse("accounts:user-list") not in login(cast.officer_a1).get(reverse("web:home")).content.decode()
