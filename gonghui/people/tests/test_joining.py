"""入会 applications: the public application, duplicates, the throttle, approval and rejection."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.scoping import SYSTEM
from gonghui.conftest import make_id
from gonghui.core.models import AuditEvent
from gonghui.core.workdays import add_working_days
from gonghui.people.joining import services
from gonghui.people.joining.notice import NOTICE_VERSION
from gonghui.people.joining.selectors import join_application_list, join_org, join_status
from gonghui.people.models import JoinApplication, MembershipEvent, Person

NEW_ID = make_id("19950615", 222)  # a woman (second to last digit even)


def form(**over):
    data = {"name": "刘晓红", "gender": "女", "id_number": NEW_ID, "mobile": "13912345678", "ethnicity": "汉族",
            "education": "大学本科", "political_status": "群众", "workplace": "办公室", "employment_type": "劳务派遣",
            "is_migrant_worker": True}
    data.update(over)
    return data


def apply(org, **over):
    return services.join_apply(org=org, data=form(**over), consent=True, notice_version=NOTICE_VERSION,
                               address="10.0.0.1")


def test_it_stores_the_application_with_consent_and_a_three_working_day_timer(cast):
    app = apply(cast.ua)
    assert app.status == "pending" and app.gender == "F" and app.birth_date == dt.date(1995, 6, 15)
    assert app.ethnicity == "01" and app.education == "20" and app.employment_type == "dispatched"
    assert app.notice_version == NOTICE_VERSION and app.consented_at is not None
    assert app.due_on == add_working_days(dt.date.today(), 3)
    assert AuditEvent.objects.filter(object_type="joinapplication", action="create").count() == 1


def test_it_counts_working_days_over_a_weekend():
    assert add_working_days(dt.date(2026, 12, 4), 3) == dt.date(2026, 12, 9)  # Fri -> Wed


def test_it_refuses_without_consent_and_checks_fields_as_the_roster(cast):
    with pytest.raises(ValidationError) as exc:
        services.join_apply(org=cast.ua, data=form(), consent=False, notice_version=NOTICE_VERSION)
    assert "勾选" in exc.value.message_dict["consent"][0]
    with pytest.raises(ValidationError) as exc:
        apply(cast.ua, id_number=NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1"), mobile="1391234", gender="男")
    errors = exc.value.message_dict
    assert "id_number" in errors and "mobile" in errors
    with pytest.raises(ValidationError) as exc:
        apply(cast.ua, gender="男")
    assert "性别与身份证号码不符" in exc.value.message_dict["gender"][0]
    with pytest.raises(ValidationError) as exc:
        apply(cast.ua, workplace="", ethnicity="火星族")
    assert exc.value.message_dict["workplace"] == ["请填写工作单位/部门。"]
    assert "民族" in exc.value.message_dict["ethnicity"][0]
    assert not JoinApplication.objects.exists()


def test_it_refuses_a_member_anywhere_and_says_to_transfer(cast):
    from gonghui.people.services import membership_event_add

    membership_event_add(actor=SYSTEM, person=cast.wu_person, kind="join", date=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        apply(cast.ua, name="吴工人", id_number=cast.wu_person.id_number, gender="男")
    assert "转会" in exc.value.message_dict["id_number"][0]
    assert "机械厂" not in exc.value.message_dict["id_number"][0]  # nothing about where


def test_it_does_not_create_a_pending_duplicate(cast):
    apply(cast.ua)
    with pytest.raises(services.AlreadyPending) as exc:
        apply(cast.ub)
    assert "正在审核" in exc.value.message_dict["id_number"][0]
    assert JoinApplication.objects.count() == 1


def test_it_throttles_an_address_counting_refused_attempts_too(cast, settings):
    settings.GONGHUI_JOIN_ADDRESS_LIMIT = 2
    for _ in range(2):
        with pytest.raises(ValidationError):
            apply(cast.ua, mobile="123")
    with pytest.raises(ValidationError) as exc:
        apply(cast.ua)
    assert "提交太频繁" in exc.value.messages[0]
    services.join_apply(org=cast.ua, data=form(), consent=True, notice_version=NOTICE_VERSION, address="10.0.0.2")


def test_it_approves_creating_the_person_with_a_join_event_and_member_number(cast):
    app = apply(cast.ua_b1)
    services.join_approve(actor=cast.officer_a1, application=app, org=cast.ua_g1)
    app.refresh_from_db()
    person = app.person
    assert app.status == "approved" and app.decided_by == cast.officer_a1
    assert person.org == cast.ua_g1 and person.member_status == "active" and person.member_no
    assert person.employment_type == "dispatched" and person.is_migrant_worker
    event = person.membership_events.get()
    assert event.kind == MembershipEvent.Kind.JOIN and event.date == dt.date.today()
    status = join_status(id_number=NEW_ID, mobile="13912345678")
    assert status.status == "approved" and status.org_name == "机关分会"


def test_it_matches_a_person_already_on_the_roster_by_id_number(cast):
    app = apply(cast.ua, name="王会员", id_number=cast.wang_person.id_number, gender="男")
    services.join_approve(actor=cast.chair_a, application=app)
    app.refresh_from_db()
    assert app.person_id == cast.wang_person.pk
    assert Person.objects.filter(id_number=cast.wang_person.id_number).count() == 1


def test_it_refuses_approval_outside_the_officers_scope_or_twice(cast):
    app = apply(cast.ua)
    with pytest.raises(PermissionDenied):
        services.join_approve(actor=cast.officer_a1, application=app)  # UA is above the branch officer
    services.join_approve(actor=cast.chair_a, application=app)
    with pytest.raises(ValidationError) as exc:
        services.join_reject(actor=cast.chair_a, application=app, reason="重复")
    assert "已经审核过" in exc.value.messages[0]


def test_it_rejects_only_with_a_reason_that_the_applicant_then_reads(cast):
    app = apply(cast.ua)
    with pytest.raises(ValidationError) as exc:
        services.join_reject(actor=cast.chair_a, application=app, reason="  ")
    assert exc.value.message_dict["reason"] == [services.REASON_MISSING]
    services.join_reject(actor=cast.chair_a, application=app, reason="请先提供劳动合同复印件。")
    assert join_status(id_number=NEW_ID, mobile="13800000000") is None  # the mobile must match too
    status = join_status(id_number=NEW_ID, mobile="13912345678")
    assert status.status == "rejected" and status.reason == "请先提供劳动合同复印件。"
    assert AuditEvent.objects.filter(object_type="joinapplication", action="update").count() == 1
    apply(cast.ua)  # a rejected applicant may apply again


def test_it_lists_the_queue_through_the_scope(cast):
    apply(cast.ua_b1)
    apply(cast.ub, id_number=make_id("19880808", 443), gender="男")
    assert [a.org.code for a in join_application_list(viewer=cast.officer_a1, status="pending")] == ["UA-B1"]
    assert [a.org.code for a in join_application_list(viewer=cast.admin_b)] == ["UB"]
    assert list(join_application_list(viewer=cast.member_a)) == []


def test_it_finds_only_unions_and_branches_for_a_join_page(cast):
    from django.http import Http404

    assert join_org("ua-b1") == cast.ua_b1
    for code in ("FED", "UA-B1-G1", "NOPE"):
        with pytest.raises(Http404):
            join_org(code)


def test_it_deletes_rejected_applications_a_year_after_review(cast):
    from django.utils import timezone

    old = apply(cast.ua)
    services.join_reject(actor=cast.chair_a, application=old, reason="材料不全")
    JoinApplication.objects.filter(pk=old.pk).update(decided_at=timezone.now() - dt.timedelta(days=366))
    recent = apply(cast.ub, id_number=make_id("19880808", 443), gender="男")  # a new application purges
    services.join_reject(actor=cast.admin_b, application=recent, reason="材料不全")
    assert list(JoinApplication.objects.values_list("pk", flat=True)) == [recent.pk]
    assert services.join_rejected_purge() == 0
