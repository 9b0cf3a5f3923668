import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gonghui.people import selectors, services
from gonghui.people.models import MembershipEvent, Person

D = dt.date


def add(cast, person, kind, date, org=None):
    return services.membership_event_add(actor=cast.root, person=person, kind=kind, date=date, org=org)


def test_member_counts_at_past_dates_follow_the_history(cast):
    add(cast, cast.wang_person, "join", D(2020, 3, 1))
    add(cast, cast.zhou_person, "join", D(2024, 5, 1))
    add(cast, cast.zhou_person, "retain", D(2024, 8, 1))
    add(cast, cast.wu_person, "join", D(2019, 1, 1))
    add(cast, cast.wu_person, "transfer_out", D(2024, 6, 30))
    assert selectors.member_count_at(cast.ua, D(2020, 2, 29)) == 0
    assert selectors.member_count_at(cast.ua, D(2020, 3, 1)) == 1
    assert selectors.member_count_at(cast.ua, D(2024, 6, 30)) == 2
    assert selectors.member_count_at(cast.ua, D(2024, 8, 1)) == 1  # retained is not an active member
    assert selectors.member_count_at(cast.ua_b1, D(2024, 6, 30)) == 1
    assert selectors.member_count_at(cast.ub, D(2024, 6, 29)) == 1
    assert selectors.member_count_at(cast.ub, D(2024, 6, 30)) == 0  # out on the day of the transfer
    assert selectors.member_count_at(cast.fed, D(2024, 6, 30)) == 2


def test_a_transfer_between_unions_counts_in_each_at_its_time(cast):
    add(cast, cast.wu_person, "join", D(2019, 1, 1))
    add(cast, cast.wu_person, "transfer_out", D(2024, 6, 30))
    services.person_update(actor=cast.root, person=cast.wu_person, org=cast.ua_g2)
    add(cast, cast.wu_person, "transfer_in", D(2024, 6, 30), org=cast.ua_g2)
    assert selectors.member_count_at(cast.ub, D(2024, 6, 29)) == 1
    assert selectors.member_count_at(cast.ua, D(2024, 6, 29)) == 0
    assert selectors.member_count_at(cast.ub, D(2024, 6, 30)) == 0
    assert selectors.member_count_at(cast.ua, D(2024, 6, 30)) == 1
    assert selectors.member_count_at(cast.fed, D(2024, 6, 30)) == 1


def test_joined_between_counts_events_in_the_window(cast):
    add(cast, cast.wang_person, "join", D(2024, 1, 1))
    add(cast, cast.zhou_person, "join", D(2024, 7, 1))
    joined = selectors.membership_events_between(cast.ua, ["join"], D(2024, 1, 1), D(2024, 6, 30))
    assert joined.count() == 1


def test_impossible_sequences_are_refused_and_nothing_is_written(cast):
    add(cast, cast.wang_person, "join", D(2020, 3, 1))
    with pytest.raises(ValidationError) as exc:
        add(cast, cast.wang_person, "join", D(2021, 3, 1))
    assert "已是会员" in str(exc.value)
    with pytest.raises(ValidationError):
        add(cast, cast.zhou_person, "transfer_out", D(2021, 3, 1))
    assert MembershipEvent.objects.count() == 1


def test_backdated_events_restamp_the_history(cast):
    add(cast, cast.wang_person, "join", D(2020, 3, 1))
    add(cast, cast.wang_person, "leave", D(2024, 1, 1))
    add(cast, cast.wang_person, "retain", D(2023, 1, 1))  # recorded late, dated in between
    person = Person.objects.get(pk=cast.wang_person.pk)
    assert person.member_status == "out"
    assert selectors.member_count_at(cast.ua, D(2022, 12, 31)) == 1
    assert selectors.member_count_at(cast.ua, D(2023, 6, 1)) == 0
    join = person.membership_events.get(kind="join")
    assert join.valid_until == D(2023, 1, 1)


def test_member_number_is_kept_on_the_person(cast):
    add(cast, cast.wang_person, "join", D(2020, 3, 1))
    person = Person.objects.get(pk=cast.wang_person.pk)
    assert person.member_status == "active" and person.member_no
