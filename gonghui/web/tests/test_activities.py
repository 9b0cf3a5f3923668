"""活动 pages: an officer publishes one, ticks the names of those who came, prints the 签到表 and closes it
into the ledger; a member signs up and cancels on /me/."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gonghui.activities.models import Activity
from gonghui.ledgers.models import Meeting


def test_it_takes_an_activity_from_the_form_to_the_ledger(cast, login):
    today = timezone.localdate()
    officer = login(cast.officer_a1)
    form = officer.get(reverse("web:activity-create")).content.decode()
    assert "meeting:group" in form and "工会小组会" in form
    r = officer.post(reverse("web:activity-create"), {
        "org": cast.ua_b1.pk, "kind": "meeting:group", "title": "分会小组会", "date": today.isoformat(),
        "signup_until": (today + dt.timedelta(days=2)).isoformat(), "quota": "0"})
    body = r.content.decode()
    assert r.status_code == 200 and "报名截止日期不能晚于活动日期" in body and "名额至少为1" in body
    r = officer.post(reverse("web:activity-create"), {
        "org": cast.ua_b1.pk, "kind": "meeting:group", "title": "分会小组会", "date": today.isoformat(),
        "start_time": "14:30", "place": "三楼会议室", "signup_until": today.isoformat(), "quota": "30"})
    activity = Activity.objects.get()
    assert r.status_code == 302 and activity.category == "group" and activity.quota == 30

    member = login(cast.member_a)
    home = member.get(reverse("me:home")).content.decode()
    assert "分会小组会" in home and reverse("me:activity-signup", args=[activity.pk]) in home
    assert "data:image/svg+xml" in home  # the check-in code
    r = member.post(reverse("me:activity-signup", args=[activity.pk]), follow=True)
    assert "已报名“分会小组会”" in r.content.decode() and reverse("me:activity-cancel", args=[activity.pk]) in \
        r.content.decode()

    officer = login(cast.officer_a1)
    detail = officer.get(reverse("web:activity-detail", args=[activity.pk])).content.decode()
    assert "王会员" in detail and "已报名 1 人" in detail
    sheet = officer.get(reverse("web:activity-sheet", args=[activity.pk])).content.decode()
    assert "签到表" in sheet and "王会员" in sheet and "第一小组" in sheet and "签名" in sheet
    r = officer.post(reverse("web:activity-checkins", args=[activity.pk]), {"id_number": "110101199001019999"},
                     follow=True)
    assert "没有找到身份证号为110101199001019999的职工" in r.content.decode()
    officer.post(reverse("web:activity-checkins", args=[activity.pk]), {"person": [cast.wang_person.pk]})
    r = officer.post(reverse("web:activity-close", args=[activity.pk]))
    entry = Meeting.objects.get()
    assert r["Location"] == reverse("web:ledger-detail", args=["meeting", entry.pk])
    assert list(entry.participants.all()) == [cast.wang_person] and entry.person_times == 1
    assert entry.meeting_type == "group" and entry.title == "分会小组会" and entry.org == cast.ua_b1

    home = login(cast.member_a).get(reverse("me:home")).content.decode()
    assert "已参加" in home


def test_it_refuses_a_late_signup_and_hides_other_unions_activities(cast, login):
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.activities.services import activity_publish

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    activity = activity_publish(actor=SYSTEM, org=cast.ua, kind="study", title="安全培训", date=yesterday,
                                signup_until=yesterday)
    member = login(cast.member_a)
    r = member.post(reverse("me:activity-signup", args=[activity.pk]), follow=True)
    assert "报名已于" in r.content.decode() and "截止" in r.content.decode()
    other = activity_publish(actor=SYSTEM, org=cast.ub, kind="study", title="外单位培训", date=yesterday,
                             signup_until=yesterday)
    assert "外单位培训" not in member.get(reverse("me:home")).content.decode()
    assert member.post(reverse("me:activity-signup", args=[other.pk])).status_code == 404


def test_it_prints_the_invitation_sheet_for_a_groups_members_once(cast, login):
    from gonghui.accounts.models import User
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.people.services import membership_event_add

    membership_event_add(actor=SYSTEM, person=cast.zhou_person, kind="join", date=dt.date(2024, 3, 1))
    chair = login(cast.chair_a)
    page = chair.get(reverse("web:member-invite")).content.decode()
    assert "后勤小组" in page and "开通并打印邀请单" in page
    r = chair.post(reverse("web:member-invite-send"), {"org": cast.ua_g2.pk})
    body = r.content.decode()
    assert r["Cache-Control"] == "no-store" and "周师傅" in body and "13800138002" in body
    user = User.objects.get(username="13800138002")
    assert user.must_change_password and user.person == cast.zhou_person
    body = chair.post(reverse("web:member-invite-send"), {"person": cast.wang_person.pk}).content.decode()
    assert "已有账号（wanghuiyuan）" in body  # one by one: 王会员 already has one
