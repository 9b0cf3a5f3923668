"""The entry form: create with participants, Chinese errors next to the fields, edit, delete with an audit copy."""

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.core.models import AuditEvent
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.models import Aid, Hardship, Honour, Mediation, Meeting
from gonghui.ledgers.services import entry_save


def create_url(code, org=None):
    url = reverse("web:ledger-create", args=[code])
    return url + (f"?org={org.pk}" if org is not None else "")


def meeting_data(cast, **extra):
    data = {"date": "2026-03-05", "org": cast.ua.pk, "meeting_type": "committee", "title": "第三季度工会委员会会议",
            "participants": [cast.wang_person.pk, cast.zhou_person.pk], "participant_count": "5",
            "agenda": "学习《工会法》", "resolutions": "", "notes": ""}
    data.update(extra)
    return data


def field_errors(response, name):
    return [str(e) for e in response.context["form"].errors.get(name, [])]


def test_it_creates_a_meeting_with_participants_and_lists_it_with_totals(cast, login):
    client = login(cast.chair_a)
    response = client.post(create_url("meeting", cast.ua), meeting_data(cast))
    entry = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:ledger-detail", args=["meeting", entry.pk])
    assert set(entry.participants.all()) == {cast.wang_person, cast.zhou_person}
    assert entry.person_times == 5 and entry.created_by == cast.chair_a and entry.agenda == "学习《工会法》"

    listing = client.get(reverse("web:ledger-list", args=["meeting"]), {"period": "2026H1"})
    html = listing.content.decode()
    assert "第三季度工会委员会会议" in html and "工会委员会会议" in html
    assert dict(listing.context["totals"]) == {"条数": "1", "人次": "5"}
    assert client.get(reverse("web:ledger-list", args=["meeting"]), {"period": "2026H2"}).context["totals"][0] == (
        "条数", "0")

    detail = client.get(response["Location"]).content.decode()
    assert "王会员" in detail and "周师傅" in detail and "参加人员（2 人）" in detail


def test_it_saves_and_goes_on_to_the_next_entry(cast, login):
    response = login(cast.chair_a).post(create_url("meeting", cast.ua), {**meeting_data(cast), "another": "1"})
    assert response["Location"] == create_url("meeting", cast.ua)


def test_it_lists_totals_of_money_and_filters_by_org_period_and_status(cast, login):
    kind = get_kind("aid")
    for org, person, amount, aid_type, date in [
        (cast.ua_g1, cast.wang_person, "500.00", "visit", dt.date(2026, 1, 20)),
        (cast.ua_g2, cast.zhou_person, "300.50", "medical", dt.date(2026, 2, 1)),
        (cast.ua_g2, cast.zhou_person, "100.00", "visit", dt.date(2025, 12, 1)),
    ]:
        from decimal import Decimal
        entry_save(actor=cast.root, kind=kind, org=org, values={
            "date": date, "aid_type": aid_type, "recipient": person, "person_times": 1, "amount": Decimal(amount)})
    client = login(cast.chair_a)
    url = reverse("web:ledger-list", args=["aid"])
    assert dict(client.get(url, {"period": "2026Q1"}).context["totals"]) == {
        "条数": "2", "人次": "2", "金额(元)": "800.50", "物品折价(元)": "0.00"}
    assert dict(client.get(url, {"period": "2026Q1", "org": "UA-G2"}).context["totals"])["金额(元)"] == "300.50"
    assert dict(client.get(url, {"start": "2025-11-01", "end": "2026-01-31"}).context["totals"])["条数"] == "2"
    assert dict(client.get(url, {"status": "visit"}).context["totals"])["金额(元)"] == "600.00"
    bad = client.get(url, {"period": "2026H3"})
    assert "无法识别" in bad.content.decode() and dict(bad.context["totals"])["条数"] == "3"
    # The 小组长 sees their group's numbers only.
    assert dict(login(cast.leader_g1).get(url).context["totals"])["金额(元)"] == "500.00"


def test_it_shows_the_mediation_rule_next_to_the_closing_date_in_chinese(cast, login):
    data = {"case_no": "2026-001", "date": "2026-04-01", "org": cast.ua.pk, "applicant": "某职工",
            "dispute_type": "pay", "status": "succeeded", "closed_on": ""}
    response = login(cast.chair_a).post(create_url("mediation", cast.ua), data)
    assert response.status_code == 200
    assert field_errors(response, "closed_on") == ["状态为“调解成功”时必须填写结案日期。"]
    html = response.content.decode()
    # The message sits inside the 结案日期 field's box.
    box = html[html.index('for="id_closed_on"'):]
    assert box.index("状态为“调解成功”时必须填写结案日期。") < box.index("</div>")
    assert not Mediation.objects.exists()


def test_it_refuses_a_head_count_below_the_people_listed(cast, login):
    response = login(cast.chair_a).post(create_url("meeting", cast.ua), meeting_data(cast, participant_count="1"))
    assert field_errors(response, "participant_count") == ["参加人数1少于列出的参加人员2人。"]
    # The chosen people stay chosen.
    assert [p.name for p in response.context["form"].selected_people("participants")] == ["王会员", "周师傅"]
    assert f'name="participants" value="{cast.wang_person.pk}" checked' in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_asks_for_required_columns_in_chinese(cast, login):
    response = login(cast.chair_a).post(create_url("meeting", cast.ua), {"org": cast.ua.pk, "date": "昨天"})
    assert field_errors(response, "title") == ["“会议名称”必须填写。"]
    assert field_errors(response, "meeting_type") == ["“会议类型”必须填写。"]
    assert field_errors(response, "date") == ["“日期”请填写正确的日期，例如 2026-05-01。"]


def test_it_refuses_people_of_another_union(cast, login):
    response = login(cast.root).post(create_url("meeting", cast.ua), meeting_data(
        cast, participants=[cast.wang_person.pk, cast.wu_person.pk], participant_count=""))
    assert field_errors(response, "participants") == ["以下人员不在本工会名册中：吴工人。"]
    # chair_a cannot even name him: he is outside what they see.
    response = login(cast.chair_a).post(create_url("meeting", cast.ua), meeting_data(
        cast, participants=[cast.wu_person.pk], participant_count=""))
    assert field_errors(response, "participants") == ["所选人员不存在，或您无权选择。"]
    assert not Meeting.objects.exists()


def test_a_group_leader_records_for_their_own_group_only(cast, login):
    client = login(cast.leader_g1)
    form = client.get(create_url("meeting")).context["form"]
    assert list(form.fields["org"].queryset) == [cast.ua_g1]
    response = client.post(create_url("meeting"), meeting_data(cast, org=cast.ua_g2.pk, participants=[],
                                                                participant_count="3"))
    assert field_errors(response, "org") == ["所选组织不存在，或您无权选择。"]
    assert client.get(create_url("meeting", cast.ua_g2)).status_code == 404
    assert client.get(create_url("meeting", cast.ua)).status_code == 404  # above their group: not theirs to see
    response = client.post(create_url("meeting", cast.ua_g1), meeting_data(
        cast, org=cast.ua_g1.pk, participants=[cast.wang_person.pk], participant_count="3"))
    assert response.status_code == 302
    assert Meeting.objects.get().org == cast.ua_g1


def test_it_edits_an_entry_and_audits_the_change(cast, login):
    entry = entry_save(actor=cast.root, kind=get_kind("meeting"), org=cast.ua, values={
        "date": dt.date(2026, 3, 5), "meeting_type": "committee", "title": "旧名称"},
        participants=[cast.wang_person])
    client = login(cast.chair_a)
    form = client.get(reverse("web:ledger-edit", args=["meeting", entry.pk])).context["form"]
    assert form.initial["title"] == "旧名称" and form.initial["participants"] == [cast.wang_person.pk]
    response = client.post(reverse("web:ledger-edit", args=["meeting", entry.pk]),
                           meeting_data(cast, title="新名称", participants=[cast.zhou_person.pk], participant_count=""))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "新名称" and list(entry.participants.all()) == [cast.zhou_person]
    event = AuditEvent.objects.get(object_type="meeting", object_id=str(entry.pk), action="update")
    assert event.changes["title"] == ["旧名称", "新名称"] and event.actor == cast.chair_a
    detail = client.get(reverse("web:ledger-detail", args=["meeting", entry.pk])).content.decode()
    assert "旧名称 → 新名称" in detail and "会议名称" in detail


def test_it_deletes_after_confirmation_and_keeps_an_audit_copy(cast, login):
    entry = entry_save(actor=cast.root, kind=get_kind("meeting"), org=cast.ua, values={
        "date": dt.date(2026, 3, 5), "meeting_type": "committee", "title": "要删除的会", "agenda": "议题甲"})
    client = login(cast.chair_a)
    url = reverse("web:ledger-delete", args=["meeting", entry.pk])
    assert "确认删除" in client.get(url).content.decode()
    assert Meeting.objects.filter(pk=entry.pk).exists()
    response = client.post(url)
    assert response["Location"] == reverse("web:ledger-list", args=["meeting"])
    assert not Meeting.objects.filter(pk=entry.pk).exists()
    copy = AuditEvent.objects.get(object_type="meeting", object_id=str(entry.pk), action="delete")
    assert copy.changes["title"] == ["要删除的会", None] and copy.changes["agenda"] == ["议题甲", None]
    assert copy.actor == cast.chair_a
    assert client.get(reverse("web:ledger-detail", args=["meeting", entry.pk])).status_code == 404


def test_it_records_aid_to_one_person_and_honour_to_a_person_or_an_org(cast, login):
    client = login(cast.chair_a)
    response = client.post(create_url("aid", cast.ua), {
        "date": "2026-01-20", "org": cast.ua.pk, "aid_type": "visit", "recipient": cast.zhou_person.pk,
        "person_times": "1", "amount": "500", "goods_value": "", "fund_source": "工会经费", "visitors": "张主席"})
    assert response.status_code == 302, response.context["form"].errors
    aid = Aid.objects.get()
    assert aid.recipient == cast.zhou_person and str(aid.amount) == "500.00"
    # Money with three decimals: the service's message, next to the field.
    response = client.post(create_url("aid", cast.ua), {
        "date": "2026-01-21", "org": cast.ua.pk, "aid_type": "visit", "recipient": cast.zhou_person.pk,
        "amount": "1.005"})
    assert field_errors(response, "amount") == ["“金额(元)”最多两位小数。"]

    base = {"date": "2026-04-28", "org": cast.ua.pk, "honour_name": "先进工作者", "level": "city"}
    response = client.post(create_url("honour", cast.ua), base)
    assert field_errors(response, "recipient_person") == ["请填写获奖对象（人员或组织）。"]
    assert client.post(create_url("honour", cast.ua), {**base, "recipient_person": cast.wang_person.pk}).status_code == 302
    assert client.post(create_url("honour", cast.ua), {**base, "recipient_org": cast.ua_b1.pk}).status_code == 302
    assert {(h.recipient_person_id, h.recipient_org_id) for h in Honour.objects.all()} == {
        (cast.wang_person.pk, None), (None, cast.ua_b1.pk)}


def test_it_files_a_hardship_record_in_an_org_although_the_kind_has_no_org_column(cast, login):
    response = login(cast.chair_a).post(create_url("hardship", cast.ua_g2), {
        "org": cast.ua_g2.pk, "person": cast.zhou_person.pk, "category": "relative", "date": "2026-02-01",
        "family_size": "4", "income_per_capita": "900"})
    assert response.status_code == 302
    assert Hardship.objects.get().org == cast.ua_g2


@pytest.mark.parametrize("role", ["finance_a", "viewer_fed", "auditor_a"])
def test_read_only_roles_see_no_add_button_and_get_403(cast, login, role):
    client = login(getattr(cast, role))
    assert "新增" not in client.get(reverse("web:ledger-list", args=["meeting"])).content.decode()
    assert client.post(create_url("meeting", cast.ua), meeting_data(cast)).status_code == 403
    assert not Meeting.objects.exists()
