"""Forms that catch mistakes (issue 12 §4): an unusual amount or a date ahead of today is asked, not silently
saved; impossible dates are refused; every error of a form shows in one round; attachments go in with the entry."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.ledgers import plausibility
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.models import Aid, Attachment, Meeting, Task
from gonghui.ledgers.services import UNCONFIRMED, entry_save
from gonghui.ledgers.tests.test_attachments import EXE, PDF, png_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def create_url(code, org):
    return reverse("web:ledger-create", args=[code]) + f"?org={org.pk}"


def aid_data(cast, **extra):
    data = {"date": "2026-03-05", "org": cast.ua.pk, "aid_type": "visit", "recipient": cast.wang_person.pk,
            "person_times": "1", "amount": "99999999999", "goods_value": "", "fund_source": "", "visitors": "",
            "notes": ""}
    data.update(extra)
    return data


def errors(response, name):
    return [str(e) for e in response.context["form"].errors.get(name, [])]


def test_it_asks_to_confirm_an_amount_far_above_the_usual_and_saves_when_confirmed(cast, login):
    client = login(cast.chair_a)
    response = client.post(create_url("aid", cast.ua), aid_data(cast))
    assert response.status_code == 200 and not Aid.objects.exists()
    [message] = response.context["form"].unconfirmed
    assert message.startswith("金额 99,999,999,999.00 元远高于本工会此类记录的通常金额（一般不超过 20,000.00 元）")
    html = response.content.decode()
    assert "请核对：" in html and 'name="confirm"' in html and "确认并保存" in html

    response = client.post(create_url("aid", cast.ua), aid_data(cast, confirm="on"))
    assert response.status_code == 302
    assert Aid.objects.get().amount == Decimal(99999999999)


def test_an_ordinary_amount_needs_no_confirmation(cast, login):
    response = login(cast.chair_a).post(create_url("aid", cast.ua), aid_data(cast, amount="800"))
    assert response.status_code == 302


def test_the_usual_amount_follows_the_unions_own_history(cast):
    kind = get_kind("aid")
    for day in range(1, 7):
        entry_save(actor=cast.root, kind=kind, org=cast.ua, values={
            "date": dt.date(2026, 1, day), "aid_type": "visit", "recipient": cast.wang_person,
            "person_times": 1, "amount": Decimal(8000)})
    assert plausibility.usual_ceiling(kind, "amount", cast.ua) == Decimal(80000)
    warnings = plausibility.entry_warnings(kind, {"amount": Decimal(90000)}, cast.ua)
    assert "一般不超过 80,000.00 元" in warnings["amount"][0]
    assert plausibility.entry_warnings(kind, {"amount": Decimal(70000)}, cast.ua) == {}


def test_the_tables_can_list_unusual_amounts_of_a_subtree_and_period(cast):
    kind = get_kind("aid")
    entry_save(actor=cast.root, kind=kind, org=cast.ua_g1, values={
        "date": dt.date(2026, 2, 1), "aid_type": "visit", "recipient": cast.wang_person, "person_times": 1,
        "amount": Decimal(500)})
    big = entry_save(actor=cast.root, kind=kind, org=cast.ua_g1, values={
        "date": dt.date(2026, 2, 2), "aid_type": "medical", "recipient": cast.wang_person, "person_times": 1,
        "amount": Decimal(99999999999)})
    [found] = plausibility.unusual_entries(org=cast.ua, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
    assert (found.entry.pk, found.field, found.amount) == (big.pk, "amount", Decimal(99999999999))
    assert "远高于本工会此类记录的通常金额" in found.message
    assert plausibility.unusual_entries(org=cast.ua, start=dt.date(2026, 7, 1), end=dt.date(2026, 12, 31)) == []


def test_the_service_asks_only_when_told_to(cast):
    from django.core.exceptions import ValidationError

    values = {"date": dt.date(2026, 3, 1), "aid_type": "visit", "recipient": cast.wang_person, "person_times": 1,
              "amount": Decimal(99999999999)}
    with pytest.raises(ValidationError) as exc:
        entry_save(actor=cast.chair_a, kind=get_kind("aid"), org=cast.ua, values=values, confirmed=False)
    assert [e.code for e in exc.value.error_dict["amount"]] == [UNCONFIRMED]
    assert entry_save(actor=cast.chair_a, kind=get_kind("aid"), org=cast.ua, values=values).pk


def test_a_meeting_years_ahead_is_refused_and_one_next_week_is_confirmed(cast, login):
    client = login(cast.chair_a)
    data = {"org": cast.ua.pk, "meeting_type": "committee", "title": "工会委员会会议", "participant_count": "5"}
    response = client.post(create_url("meeting", cast.ua), {**data, "date": "2036-03-05"})
    assert errors(response, "date") == ["日期 2036-03-05 比今天晚一年以上，请核对年份。"]
    next_week = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(create_url("meeting", cast.ua), {**data, "date": next_week.isoformat()})
    assert response.context["form"].unconfirmed == [f"日期 {next_week.isoformat()} 晚于今天，请确认这是已安排的事项。"]
    assert client.post(create_url("meeting", cast.ua), {**data, "date": next_week.isoformat(), "confirm": "on"}
                       ).status_code == 302
    assert Meeting.objects.get().date == next_week


def test_a_task_cannot_be_completed_tomorrow(cast, login):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = login(cast.chair_a).post(create_url("task", cast.ua), {
        "date": "2026-03-01", "org": cast.ua.pk, "task": "报送统计年报", "due_on": "2026-03-31",
        "completed_on": tomorrow.isoformat()})
    assert errors(response, "completed_on") == [f"完成日期 {tomorrow.isoformat()} 晚于今天，还没有发生的事不能登记。"]
    assert not Task.objects.exists()


def test_it_shows_every_error_of_the_form_in_one_round(cast, login):
    """A number the form cannot read used to hide the rules' errors until the next submit."""
    response = login(cast.chair_a).post(create_url("mediation", cast.ua), {
        "case_no": "", "date": "2026-03-01", "org": cast.ua.pk, "dispute_type": "pay", "status": "mediating",
        "closed_on": "2026-02-01", "applicant": "x" * 200})
    form = response.context["form"]
    assert errors(response, "case_no") == ["“案号”必须填写。"]
    assert errors(response, "applicant") == ["“申请人”最多填写 100 个字。"]  # the form's own check
    assert errors(response, "closed_on") == ["结案日期不能早于受理日期。", "案件尚未结案（状态“调解中”），不应填写结案日期。"]
    assert "请修改或核对下面标出的 3 处后再保存。" in response.content.decode()
    assert len(form.errors) == 3


def test_it_saves_the_attachments_chosen_in_the_entry_form(cast, login):
    client = login(cast.chair_a)
    data = {"date": "2026-03-05", "org": cast.ua.pk, "meeting_type": "committee", "title": "带签到表的会议",
            "files": [SimpleUploadedFile("签到表.pdf", PDF), SimpleUploadedFile("合影.png", png_bytes())]}
    response = client.post(create_url("meeting", cast.ua), data)
    assert response.status_code == 302
    entry = Meeting.objects.get()
    assert sorted(Attachment.objects.filter(entry_id=entry.pk).values_list("original_name", flat=True)) == [
        "合影.png", "签到表.pdf"]
    assert "附件（2）" in client.get(response["Location"]).content.decode()


def test_a_bad_attachment_refuses_the_whole_entry_with_the_other_errors(cast, login, media):
    response = login(cast.chair_a).post(create_url("meeting", cast.ua), {
        "date": "2026-03-05", "org": cast.ua.pk, "meeting_type": "committee", "title": "",
        "files": [SimpleUploadedFile("照片.jpg", EXE), SimpleUploadedFile("签到表.pdf", PDF)]})
    assert errors(response, "title") == ["“会议名称”必须填写。"]
    response = login(cast.chair_a).post(create_url("meeting", cast.ua), {
        "date": "2026-03-05", "org": cast.ua.pk, "meeting_type": "committee", "title": "会议",
        "files": [SimpleUploadedFile("照片.jpg", EXE), SimpleUploadedFile("签到表.pdf", PDF)]})
    assert "照片.jpg" in errors(response, "files")[0]
    assert "上次选择的附件没有保存，请重新选择。" in response.content.decode()
    assert not Meeting.objects.exists() and not Attachment.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]



def test_what_to_confirm_shows_with_the_forms_own_errors(cast, login):
    response = login(cast.chair_a).post(create_url("aid", cast.ua), aid_data(cast, goods_value="abc"))
    assert errors(response, "goods_value") == ["“物品折价(元)”请填写数字。"]
    assert "远高于本工会此类记录的通常金额" in response.context["form"].unconfirmed[0]
