"""我的工会: a member's own 会籍 and dues, nothing of anyone else, no officers' menu; login routing."""

import datetime as dt

from django.urls import reverse

from gonghui.accounts.scoping import SYSTEM
from gonghui.conftest import PASSWORD
from gonghui.people.services import membership_event_add


def test_it_shows_the_members_own_membership_and_dues_only(cast, login):
    from gonghui.dues.services import policy_set

    membership_event_add(actor=SYSTEM, person=cast.wang_person, kind="join", date=dt.date(2025, 6, 1))
    membership_event_add(actor=SYSTEM, person=cast.zhou_person, kind="join", date=dt.date(2025, 1, 1))
    policy_set(actor=SYSTEM, org=cast.ua, month=dt.date(2026, 1, 1), base_components="岗位工资", rate="0.5%")
    body = login(cast.member_a).get(reverse("me:home")).content.decode()
    cast.wang_person.refresh_from_db()
    assert "王会员" in body and cast.wang_person.member_no in body and "在册" in body
    assert "2025年6月1日" in body and "入会" in body
    assert "2026-01" in body and "工资数据未到" in body  # their dues months
    assert "周师傅" not in body and "后勤小组" not in body  # nobody else
    assert reverse("web:person-list") not in body and reverse("web:org-tree") not in body  # no officers' menu


def test_it_sends_a_member_from_the_officers_home_to_their_own(cast, client):
    response = client.post(reverse("accounts:login"), {"username": "wanghuiyuan", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("me:home")


def test_it_sends_an_officer_without_a_person_to_the_officers_home(cast, login):
    response = login(cast.officer_a1).get(reverse("me:home"))
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert login(cast.officer_a1).get(reverse("web:home")).status_code == 200
