import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEvent
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.models import Aid, Mediation, Meeting
from gonghui.ledgers.services import entry_delete, entry_save

D = dt.date


def meeting(cast, actor, org=None, participants=(), **values):
    base = {"date": D(2026, 3, 1), "meeting_type": "committee", "title": "工会委员会第一次会议"}
    return entry_save(actor=actor, kind=get_kind("meeting"), org=org or cast.ua, values={**base, **values},
                      participants=list(participants))


def test_it_records_a_meeting_with_participants_and_person_times(cast):
    entry = meeting(cast, cast.chair_a, participants=[cast.wang_person, cast.zhou_person], participant_count=5)
    assert entry.person_times == 5
    assert set(entry.participants.all()) == {cast.wang_person, cast.zhou_person}
    assert AuditEvent.objects.filter(object_type="meeting", object_id=str(entry.pk), action="create").exists()


def test_person_times_is_at_least_the_people_listed(cast):
    entry = meeting(cast, cast.chair_a, participants=[cast.wang_person, cast.zhou_person])
    assert entry.person_times == 2


def test_a_head_count_below_the_list_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        meeting(cast, cast.chair_a, participants=[cast.wang_person, cast.zhou_person], participant_count=1)
    assert "少于列出的参加人员" in str(exc.value)
    assert Meeting.objects.count() == 0


def test_people_of_another_union_are_refused_by_name(cast):
    with pytest.raises(ValidationError) as exc:
        meeting(cast, cast.chair_a, participants=[cast.wu_person])
    assert "吴工人" in str(exc.value)


def test_a_group_leader_records_for_their_own_group_only(cast):
    assert meeting(cast, cast.leader_g1, org=cast.ua_g1).pk
    with pytest.raises(PermissionDenied):
        meeting(cast, cast.leader_g1, org=cast.ua_g2)
    with pytest.raises(PermissionDenied):
        meeting(cast, cast.finance_a, org=cast.ua)


def test_mediation_needs_a_closing_date_exactly_when_closed(cast):
    kind = get_kind("mediation")
    base = {"case_no": "2026-001", "date": D(2026, 2, 1), "dispute_type": "pay"}
    with pytest.raises(ValidationError) as exc:
        entry_save(actor=cast.chair_a, kind=kind, org=cast.ua, values={**base, "status": "succeeded"})
    assert "结案日期" in str(exc.value)
    with pytest.raises(ValidationError):
        entry_save(actor=cast.chair_a, kind=kind, org=cast.ua,
                   values={**base, "status": "mediating", "closed_on": D(2026, 2, 5)})
    entry_save(actor=cast.chair_a, kind=kind, org=cast.ua,
               values={**base, "status": "succeeded", "closed_on": D(2026, 2, 5)})
    with pytest.raises(ValidationError) as exc:  # one 案号 per union, also from a branch
        entry_save(actor=cast.chair_a, kind=kind, org=cast.ua_b1, values={**base, "status": "received"})
    assert "已存在" in str(exc.value)
    entry_save(actor=cast.admin_b, kind=kind, org=cast.ub, values={**base, "status": "received"})
    assert Mediation.objects.count() == 2


def test_money_is_not_negative_and_has_two_decimals(cast):
    kind = get_kind("aid")
    base = {"date": D(2026, 1, 20), "aid_type": "visit", "recipient": None, "person_times": 1}
    base["recipient"] = cast.zhou_person
    with pytest.raises(ValidationError):
        entry_save(actor=cast.chair_a, kind=kind, org=cast.ua, values={**base, "amount": Decimal(-1)})
    with pytest.raises(ValidationError):
        entry_save(actor=cast.chair_a, kind=kind, org=cast.ua, values={**base, "amount": Decimal("1.005")})
    entry = entry_save(actor=cast.chair_a, kind=kind, org=cast.ua, values={**base, "amount": Decimal("500.00")})
    assert Aid.objects.get(pk=entry.pk).amount == Decimal("500.00")


def test_delete_keeps_a_copy_in_the_audit_trail(cast):
    entry = meeting(cast, cast.chair_a)
    entry_delete(actor=cast.chair_a, kind=get_kind("meeting"), entry=entry)
    row = AuditEvent.objects.get(object_type="meeting", action="delete")
    assert row.changes["title"] == ["工会委员会第一次会议", None]
    assert Meeting.objects.count() == 0


def test_single_person_columns_are_checked_against_the_union_too(cast):
    kind = get_kind("aid")
    with pytest.raises(ValidationError) as exc:
        entry_save(actor=cast.chair_a, kind=kind, org=cast.ua,
                   values={"date": D(2026, 1, 20), "aid_type": "visit", "recipient": cast.wu_person})
    assert "吴工人" in str(exc.value.message_dict["recipient"])


def test_an_honour_goes_to_one_person_or_one_org(cast):
    kind = get_kind("honour")
    base = {"date": D(2026, 4, 1), "honour_name": "先进工作者", "level": "city"}
    with pytest.raises(ValidationError) as exc:
        entry_save(actor=cast.chair_a, kind=kind, org=cast.ua,
                   values={**base, "recipient_person": cast.wang_person, "recipient_org": cast.ua_g1})
    assert "只能是一个" in str(exc.value)
    assert entry_save(actor=cast.chair_a, kind=kind, org=cast.ua, values={**base, "recipient_org": cast.ua_g1}).pk
