"""候补: over the quota a member may join the waiting list; a cancellation moves the first up (audited, shown
on their /me/); leaving the list moves nobody."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.accounts.services import user_create
from gonghui.activities import services
from gonghui.conftest import PASSWORD
from gonghui.core.models import AuditEvent
from gonghui.core.scope_guard import unscoped


@pytest.fixture
def full(cast):
    today = timezone.localdate()
    activity = services.activity_publish(actor=SYSTEM, org=cast.ua, kind="culture", title="羽毛球赛", date=today,
                                         signup_until=today, quota=1)
    services.signup_add(actor=cast.member_a, activity=activity)
    cast.zhou = user_create(actor=SYSTEM, username="zhou", password=PASSWORD, person=cast.zhou_person,
                            grants=[(cast.ua, "member")])
    return activity


def test_a_full_activity_refuses_unless_asked_for_the_waiting_list(cast, full):
    with pytest.raises(services.Refused) as refused:
        services.signup_add(actor=cast.zhou, activity=full)
    assert refused.value.code == "full" and "候补" in refused.value.messages[0]
    waiting = services.signup_add(actor=cast.zhou, activity=full, waitlist=True)
    assert waiting.waiting and services.waiting_position(waiting) == 1
    assert services.signup_add(actor=cast.zhou, activity=full, waitlist=True).pk == waiting.pk  # again: the same
    assert services.signed_up_count(full) == 1


def test_a_cancellation_moves_the_first_waiting_member_up(cast, full, login):
    services.signup_add(actor=cast.zhou, activity=full, waitlist=True)
    home = login(cast.zhou).get(reverse("me:home")).content.decode()
    assert "候补第1位" in home and reverse("me:activity-cancel", args=[full.pk]) in home
    services.signup_cancel(actor=cast.member_a, activity=full)
    with unscoped("test"):
        row = full.signups.get(person=cast.zhou_person)
        moved = AuditEvent.objects.filter(object_repr__contains="候补递补").get()
    assert row.signed_up_at and row.promoted_at and not row.waiting and services.waiting_position(row) is None
    assert moved.object_repr == "周师傅 候补递补 羽毛球赛"
    home = login(cast.zhou).get(reverse("me:home")).content.decode()
    assert "已报名<small>（候补递补）</small>" in home
    # wang, now over the quota, is offered the waiting list on /me/
    home = login(cast.member_a).get(reverse("me:home")).content.decode()
    assert "登记候补" in home and reverse("me:activity-waitlist", args=[full.pk]) in home


def test_leaving_the_waiting_list_moves_nobody(cast, full, login):
    client = login(cast.zhou)
    r = client.post(reverse("me:activity-waitlist", args=[full.pk]), follow=True)
    assert "已登记“羽毛球赛”的候补" in r.content.decode()
    client.post(reverse("me:activity-cancel", args=[full.pk]))
    with unscoped("test"):
        assert not full.signups.filter(person=cast.zhou_person).exists()
        assert full.signups.get(person=cast.wang_person).signed_up_at
