"""转会: the member's request, each side's approval or refusal, the 转出/转入 pair, and the guards."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.models import AuditEvent
from gonghui.people.models import MembershipEvent, Person, TransferRequest
from gonghui.people.services import membership_event_add
from gonghui.people.transfers import selectors, services


@pytest.fixture
def member(cast):
    membership_event_add(actor=SYSTEM, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1))
    return cast.wang_person


def ask(cast, member, actor=None, to_org=None):
    return services.transfer_request(actor=actor or cast.member_a, person=member, to_org=to_org or cast.ub,
                                     note="调到机械厂工作")


def test_it_transfers_after_both_unions_approve(cast, member):
    transfer = ask(cast, member)
    assert transfer.status == "pending" and transfer.from_org == cast.ua_g1 and transfer.requested_by == cast.member_a
    transfer = services.transfer_approve(actor=cast.admin_b, transfer=transfer, side="to")  # either order
    assert transfer.status == "pending" and transfer.to_approved_by == cast.admin_b
    transfer = services.transfer_approve(actor=cast.officer_a1, transfer=transfer, side="from")
    assert transfer.status == "approved" and transfer.transferred_on == timezone.localdate()
    person = Person.objects.get(pk=member.pk)
    assert person.org == cast.ub and person.member_status == "active"
    assert [(g.org.code, g.role) for g in cast.member_a.grants.all()] == [("UB", "member")]  # the role follows
    events = list(MembershipEvent.objects.filter(person=person).order_by("date", "id"))
    assert [(e.kind, e.org.code, e.date) for e in events[1:]] == [
        ("transfer_out", "UA-B1-G1", timezone.localdate()), ("transfer_in", "UB", timezone.localdate())]
    trail = AuditEvent.objects.filter(object_type="transferrequest").order_by("id")
    assert [(a.actor_name, a.action) for a in trail] == [
        ("wanghuiyuan", "create"), ("waidanwei", "update"), ("liganshi", "update")]


def test_each_side_is_decided_by_its_own_officers(cast, member):
    transfer = ask(cast, member)
    with pytest.raises(PermissionDenied):
        services.transfer_approve(actor=cast.officer_a1, transfer=transfer, side="to")
    with pytest.raises(PermissionDenied):
        services.transfer_approve(actor=cast.admin_b, transfer=transfer, side="from")
    with pytest.raises(PermissionDenied):
        services.transfer_approve(actor=cast.member_a, transfer=transfer, side="from")
    assert services.sides_for(cast.chair_a, transfer) == ["from"]
    assert services.sides_for(cast.root, transfer) == ["from", "to"]
    services.transfer_approve(actor=cast.chair_a, transfer=transfer, side="from")
    with pytest.raises(ValidationError, match="已经同意过"):
        services.transfer_approve(actor=cast.chair_a, transfer=transfer, side="from")


def test_a_refusal_needs_a_reason_and_ends_the_request(cast, member):
    transfer = ask(cast, member)
    with pytest.raises(ValidationError) as exc:
        services.transfer_reject(actor=cast.admin_b, transfer=transfer, side="to", reason="  ")
    assert exc.value.message_dict["reason"] == [services.REASON_MISSING]
    with pytest.raises(ValidationError, match="NUL"):  # PostgreSQL would refuse it with a 500
        services.transfer_reject(actor=cast.admin_b, transfer=transfer, side="to", reason="暂不\x00接收")
    transfer = services.transfer_reject(actor=cast.admin_b, transfer=transfer, side="to", reason="本厂暂无此岗位")
    assert transfer.status == "rejected" and transfer.rejected_side == "to" and transfer.reason == "本厂暂无此岗位"
    with pytest.raises(ValidationError, match="已经处理过"):
        services.transfer_approve(actor=cast.officer_a1, transfer=transfer, side="from")
    assert Person.objects.get(pk=member.pk).org == cast.ua_g1
    ask(cast, member)  # a new request may follow a refused one


def test_it_refuses_what_cannot_be_a_transfer(cast, member):
    with pytest.raises(ValidationError, match="不需要转会"):
        ask(cast, member, to_org=cast.ua)
    with pytest.raises(ValidationError, match="基层工会"):
        ask(cast, member, to_org=cast.fed)
    ask(cast, member)
    with pytest.raises(ValidationError, match="正在审核"):
        ask(cast, member)
    with pytest.raises(ValidationError, match="只有在册会员"):  # 周师傅 has no 会籍
        services.transfer_request(actor=cast.chair_a, person=cast.zhou_person, to_org=cast.ub)
    with pytest.raises(PermissionDenied):  # another union's officer cannot start it
        services.transfer_request(actor=cast.admin_b, person=cast.zhou_person, to_org=cast.ub)
    assert TransferRequest.objects.count() == 1


def test_an_officer_may_start_it_and_the_second_approval_rolls_back_whole(cast, member, monkeypatch):
    transfer = ask(cast, member, actor=cast.officer_a1)
    assert transfer.requested_by == cast.officer_a1
    services.transfer_approve(actor=cast.officer_a1, transfer=transfer, side="from")

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.people_services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.transfer_approve(actor=cast.admin_b, transfer=transfer, side="to")
    assert TransferRequest.objects.get().status == "pending"
    assert Person.objects.get(pk=member.pk).org == cast.ua_g1
    assert not MembershipEvent.objects.filter(kind__in=["transfer_out", "transfer_in"]).exists()


def test_the_queues_show_each_side_its_own(cast, member):
    transfer = ask(cast, member)
    assert list(selectors.transfer_list(viewer=cast.officer_a1, side="out")) == [transfer]
    assert list(selectors.transfer_list(viewer=cast.officer_a1, side="in")) == []
    assert list(selectors.transfer_list(viewer=cast.admin_b, side="in")) == [transfer]
    assert list(selectors.transfer_list(viewer=cast.admin_b, side="out")) == []
    assert list(selectors.transfer_list(viewer=cast.member_a, side="out")) == []  # not an officer's queue
    assert list(selectors.my_transfers(viewer=cast.member_a)) == [transfer]
    assert selectors.transfer_get(viewer=cast.admin_b, pk=transfer.pk) == transfer
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.transfer_get(viewer=cast.finance_a.__class__.objects.get(username="waidanwei"), pk=0)
    membership_event_add(actor=SYSTEM, person=cast.zhou_person, kind="join", date=dt.date(2020, 1, 1))
    other = services.transfer_request(actor=cast.chair_a, person=cast.zhou_person, to_org=cast.ub)
    with pytest.raises(Http404):  # 后勤小组 is outside 机关分会: neither side for its officer
        selectors.transfer_get(viewer=cast.officer_a1, pk=other.pk)


def test_a_union_is_found_by_its_label_code_or_name(cast):
    assert selectors.transfer_union_find("机械厂工会（UB）") == cast.ub
    assert selectors.transfer_union_find("ub") == cast.ub
    assert selectors.transfer_union_find("文化局工会") == cast.ua
    with pytest.raises(ValidationError, match="没有找到"):
        selectors.transfer_union_find("火星工会")
    assert ("UB", "机械厂工会") in selectors.transfer_unions()
