"""The 会员 count on the home and org pages, and the list under it, are the registry's `members`.

The real definition is the registry's (indicators/definitions/people.py, the one every report uses): a member
counts for the org that holds the 会籍, i.e. the org of the person's 会籍 event in force, not the person's
current org. A person moved to another org without a 转出 event still counts for the old union, so the link
under the count lists the same 会籍 rows (the `members` drill-down), not the people whose current org lies
there."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from gonghui.people import services

COUNT = re.compile(r'<a class="stat" href="([^"]+)"><b>(\d+)</b>会员')


@pytest.fixture
def moved(cast):
    """周师傅 joined in 后勤小组 (文化局工会) and was then moved to 机械厂工会 without a 转出 event."""
    services.membership_event_add(actor=cast.root, person=cast.zhou_person, kind="join", date=dt.date(2020, 1, 1))
    services.person_update(actor=cast.root, person=cast.zhou_person, org=cast.ub)
    return cast


def _count_and_list(client, url):
    body = client.get(url).content.decode()
    href, shown = COUNT.search(body).groups()
    listed = client.get(href.replace("&amp;", "&"))
    assert listed.status_code == 200
    return int(shown), listed


@pytest.mark.parametrize("page", ["home", "org"])
def test_it_lists_the_members_it_counts_after_a_move_without_transfer(moved, login, page):
    client = login(moved.chair_a)
    url = reverse("web:home") if page == "home" else reverse("web:org-detail", args=[moved.ua.pk])
    shown, listed = _count_and_list(client, url)
    assert shown == 1
    assert "周师傅" in listed.content.decode()
    assert listed.context["count"] == 1 and listed.context["complete"]
