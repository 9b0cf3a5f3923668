"""我的工会: notices addressed to the member's org chain, unread first with a badge; opening one records the
receipt once; nothing addressed elsewhere."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.scope_guard import unscoped
from gonghui.notices.models import NoticeRead
from gonghui.notices.selectors import notices_for_member
from gonghui.notices.services import notice_publish


def test_it_lists_notices_of_the_members_orgs_unread_first_with_a_badge(cast, login):
    old = notice_publish(actor=SYSTEM, org=cast.fed, title="区总工会通知", body="一")
    branch = notice_publish(actor=SYSTEM, org=cast.ua_b1, title="分会通知", body="二")
    notice_publish(actor=SYSTEM, org=cast.ua_g2, title="后勤小组通知", body="别人的")
    notice_publish(actor=SYSTEM, org=cast.ub, title="B厂通知", body="别人的")
    client = login(cast.member_a)
    client.get(reverse("me:notice-detail", args=[branch.pk]))
    client.get(reverse("me:notice-detail", args=[branch.pk]))  # a second opening keeps the first time
    with unscoped("test"):
        assert NoticeRead.objects.filter(notice=branch).count() == 1
    assert [n.title for n in notices_for_member(viewer=cast.member_a)] == ["区总工会通知", "分会通知"]  # unread first
    home = client.get(reverse("me:home")).content.decode()
    assert '<span class="me-badge" title="未读">1</span>' in home
    assert "后勤小组通知" not in home and "B厂通知" not in home
    body = client.get(reverse("me:notice-detail", args=[old.pk])).content.decode()
    assert "区总工会通知" in body
    assert 'class="me-badge"' not in client.get(reverse("me:home")).content.decode()


def test_the_body_keeps_its_line_breaks_and_escapes_markup(cast, login):
    notice = notice_publish(actor=SYSTEM, org=cast.ua, title="放假安排", body="元旦放假\n1月1日<b>休息</b>")
    body = login(cast.member_a).get(reverse("me:notice-detail", args=[notice.pk])).content.decode()
    assert "元旦放假<br>1月1日&lt;b&gt;休息&lt;/b&gt;" in body


def test_a_member_sees_no_survey_before_it_opens(cast, login):
    from gonghui.surveys import services

    today = timezone.localdate()
    survey = services.survey_create(actor=SYSTEM, org=cast.ua, kind="survey", title="明天的问卷",
                                    opens_on=today + dt.timedelta(days=1), closes_on=today + dt.timedelta(days=2))
    services.question_add(actor=SYSTEM, survey=survey, text="建议", kind="text")
    services.survey_publish(actor=SYSTEM, survey=survey)
    client = login(cast.member_a)
    assert "明天的问卷" not in client.get(reverse("me:home")).content.decode()
    assert "不在填写时间内" in client.get(reverse("me:survey-answer", args=[survey.pk])).content.decode()
