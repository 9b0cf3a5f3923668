"""Every kind's list and new-entry form render; the index counts this period's entries; the calendar."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.ledgers.kinds import KINDS, get_kind
from gonghui.ledgers.services import entry_save


def meeting(cast, org=None, date=None, title="工会委员会会议", participants=(), **extra):
    values = {"date": date or timezone.localdate(), "meeting_type": "committee", "title": title, **extra}
    return entry_save(actor=cast.root, kind=get_kind("meeting"), org=org or cast.ua, values=values,
                      participants=list(participants))


@pytest.mark.parametrize("code", list(KINDS))
def test_it_renders_the_new_entry_form_of_every_kind(cast, login, code):
    kind = KINDS[code]
    response = login(cast.chair_a).get(reverse("web:ledger-create", args=[code]) + f"?org={cast.ua.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    for col in kind.columns:
        if col.type == "person_or_org":
            assert "获奖对象（个人）" in html and "获奖对象（集体）" in html
        else:
            assert col.header in html, col.header
    for col in kind.columns:
        if col.choices is not None:
            assert str(col.choices.choices[0][1]) in html  # the Chinese label, not the code


@pytest.mark.parametrize("code", list(KINDS))
def test_it_renders_the_list_of_every_kind(cast, login, code):
    response = login(cast.chair_a).get(reverse("web:ledger-list", args=[code]))
    assert response.status_code == 200
    assert KINDS[code].label in response.content.decode()
    assert "新增" in response.content.decode()


def test_it_has_a_ledger_entry_in_the_top_nav(cast, login):
    html = login(cast.finance_a).get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:ledger-index")}"' in html


def test_it_counts_this_periods_entries_of_the_users_subtree_on_the_index(cast, login):
    today = timezone.localdate()
    meeting(cast, org=cast.ua_g1, title="小组会")
    meeting(cast, org=cast.ua_g2, title="后勤会")
    meeting(cast, org=cast.ua, date=today.replace(year=today.year - 2), title="往年的会")
    entry_save(actor=cast.root, kind=get_kind("meeting"), org=cast.ub,
               values={"date": today, "meeting_type": "committee", "title": "B的会"})
    cards = {c["kind"].code: c["count"] for c in login(cast.chair_a).get(reverse("web:ledger-index")).context["cards"]}
    assert cards["meeting"] == 2 and cards["study"] == 0 and len(cards) == 16
    cards = {c["kind"].code: c["count"] for c in login(cast.leader_g1).get(reverse("web:ledger-index")).context["cards"]}
    assert cards["meeting"] == 1
    cards = {c["kind"].code: c["count"]
             for c in login(cast.chair_a).get(reverse("web:ledger-index"), {"period": str(today.year - 2)})
             .context["cards"]}
    assert cards["meeting"] == 1


def test_it_shows_a_month_calendar_across_kinds_scoped(cast, login):
    meeting(cast, org=cast.ua_g1, date=dt.date(2026, 5, 12), title="五月小组会")
    entry_save(actor=cast.root, kind=get_kind("publicity"), org=cast.ua,
               values={"date": dt.date(2026, 5, 20), "title": "职工运动会报道", "media_type": "wechat",
                       "media_name": "文化局公众号"})
    entry_save(actor=cast.root, kind=get_kind("meeting"), org=cast.ub,
               values={"date": dt.date(2026, 5, 12), "meeting_type": "committee", "title": "B厂的会"})
    meeting(cast, org=cast.ua, date=dt.date(2026, 6, 1), title="六月的会")
    response = login(cast.chair_a).get(reverse("web:ledger-calendar"), {"period": "2026-05"})
    html = response.content.decode()
    assert response.status_code == 200 and "2026年5月" in html
    assert "五月小组会" in html and "职工运动会报道" in html
    assert "B厂的会" not in html and "六月的会" not in html
    assert response.context["total"] == 2
    leader = login(cast.leader_g1).get(reverse("web:ledger-calendar"), {"period": "2026-05"}).content.decode()
    assert "五月小组会" in leader and "职工运动会报道" not in leader


def test_it_pins_the_query_count_of_the_list_page(cast, login):
    client = login(cast.chair_a)
    url = reverse("web:ledger-list", args=["aid"])
    client.get(url)  # warm the session

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"org": "UA", "period": "2026"}).status_code == 200
        return len(ctx)

    def aid(i):
        entry_save(actor=cast.root, kind=get_kind("aid"), org=cast.ua_g2 if i % 2 else cast.ua_g1,
                   values={"date": dt.date(2026, 1, 1) + dt.timedelta(days=i), "aid_type": "visit",
                           "recipient": cast.zhou_person if i % 2 else cast.wang_person, "person_times": 1,
                           "amount": None})

    aid(0)
    one = queries()
    for i in range(1, 31):
        aid(i)
    many = queries()
    # session, user, grants, filter orgs, org by code, org, count, totals, page rows, session save (3)
    assert one == many == 12
