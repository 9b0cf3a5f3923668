import datetime as dt

from django.urls import reverse

from gonghui.conftest import make_id
from gonghui.people import services


def test_it_shows_the_users_org_and_its_counts(cast, login):
    services.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1))
    response = login(cast.chair_a).get(reverse("web:home"))
    [(org, stats)] = response.context["summaries"]
    assert org == cast.ua
    assert stats.pop("members_url").startswith(reverse("web:report-trace", args=["members"]))
    assert stats.pop("people_url").startswith(reverse("web:report-trace", args=["workers"]))
    assert stats == {"people_active": 2, "members": 1, "branches": 1, "groups": 2}
    html = response.content.decode()
    assert "文化局工会" in html and "职工人数" in html and "机械厂工会" not in html
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


def test_its_worker_count_is_the_reports_one(cast, login):
    """Someone hired in the future is not a worker yet, on the home page as in the reports (issue 12: 285 vs 282)."""
    from django.utils import timezone

    from gonghui.core.periods import parse_period
    from gonghui.indicators.registry import compute

    today = timezone.localdate()
    services.person_create(actor=cast.root, org=cast.ua_g1, name="将入职", id_number=make_id("19950101", 444),
                           hired_on=today + dt.timedelta(days=300))
    [(_org, stats)] = login(cast.chair_a).get(reverse("web:home")).context["summaries"]
    assert stats["people_active"] == 2
    assert compute(cast.ua, parse_period(start=today, end=today), ["workers"])["workers"] == 2


def test_it_lists_what_needs_doing(cast, login):
    from django.utils import timezone

    from gonghui.ledgers.kinds import get_kind
    from gonghui.ledgers.services import entry_save

    today = timezone.localdate()
    entry_save(actor=cast.root, kind=get_kind("task"), org=cast.ua, values={
        "date": today - dt.timedelta(days=30), "task": "报送年度统计报表", "due_on": today - dt.timedelta(days=2)})
    entry_save(actor=cast.root, kind=get_kind("task"), org=cast.ua, values={
        "date": today - dt.timedelta(days=30), "task": "明年的任务", "due_on": today + dt.timedelta(days=60)})
    entry_save(actor=cast.root, kind=get_kind("mediation"), org=cast.ua_g1, values={
        "case_no": "2026-07", "date": today - dt.timedelta(days=13), "applicant": "李某", "dispute_type": "pay",
        "status": "mediating"})
    entry_save(actor=cast.root, kind=get_kind("meeting"), org=cast.ua_b1, values={
        "date": today, "meeting_type": "committee", "title": "分会会议"})
    response = login(cast.chair_a).get(reverse("web:home"))
    [card] = response.context["cards"]
    assert [t.title for t in card["todos"].tasks] == ["报送年度统计报表"]
    assert card["todos"].tasks[0].days_late == 2
    assert [t.days_left for t in card["todos"].mediations] == [2]
    assert [o.name for o in card["todos"].silent_orgs] == [cast.ua_g2.name]
    html = response.content.decode()
    assert "已超过期限 2 天" in html and "还有 2 天满15日" in html and "还没有台账记录" in html


def test_it_offers_record_buttons_only_to_who_may_record(cast, login):
    create = reverse("web:ledger-create", args=["meeting"])
    assert f"{create}?org={cast.ua.pk}" in login(cast.chair_a).get(reverse("web:home")).content.decode()
    assert create not in login(cast.viewer_fed).get(reverse("web:home")).content.decode()
    assert create not in login(cast.auditor_a).get(reverse("web:home")).content.decode()
