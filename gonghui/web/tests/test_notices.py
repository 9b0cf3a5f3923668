"""通知公告 pages: publish, read receipts by name, the not-yet-read list printed and exported, edits audited,
withdrawing hides it from the members."""

import datetime as dt
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.models import AuditEvent
from gonghui.core.scope_guard import unscoped
from gonghui.notices.models import Notice
from gonghui.notices.services import notice_publish
from gonghui.people.services import membership_event_add


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


def _members(cast):
    for person in (cast.wang_person, cast.zhou_person, cast.wu_person):
        membership_event_add(actor=SYSTEM, person=person, kind="join", date=dt.date(2020, 1, 1))


def test_an_officer_publishes_a_notice_with_an_attachment_and_line_breaks(cast, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(cast.officer_a1)
    response = client.post(reverse("web:notice-create"), {
        "org": cast.ua_b1.pk, "title": "关于开展读书月的通知", "body": "第一行\n第二行<script>",
        "attachment": SimpleUploadedFile("安排.png", _png(), content_type="image/png")})
    with unscoped("test"):
        notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:notice-detail", args=[notice.pk])
    body = client.get(response["Location"]).content.decode()
    assert "第一行<br>第二行&lt;script&gt;" in body and "安排.png" in body
    download = client.get(reverse("web:notice-file", args=[notice.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == _png()
    assert download["Content-Disposition"].startswith("attachment")


def test_it_refuses_a_notice_outside_the_officers_subtree_and_a_bad_file(cast, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(cast.officer_a1)
    response = client.post(reverse("web:notice-create"), {"org": cast.ua.pk, "title": "全会通知", "body": "x"})
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()  # UA is not offered
    response = client.post(reverse("web:notice-create"), {
        "org": cast.ua_b1.pk, "title": "通知", "body": "x",
        "attachment": SimpleUploadedFile("a.pdf", b"<html><script>", content_type="application/pdf")})
    assert "不是这些类型之一" in response.content.decode()
    with unscoped("test"):
        assert not Notice.objects.exists()


def test_it_lists_who_has_read_and_exports_who_has_not(cast, login):
    _members(cast)
    notice = notice_publish(actor=SYSTEM, org=cast.ua, title="开会", body="周五开会")
    login(cast.member_a).get(reverse("me:notice-detail", args=[notice.pk]))
    client = login(cast.chair_a)
    body = client.get(reverse("web:notice-detail", args=[notice.pk])).content.decode()
    assert "已读 <b>1</b> 人，未读 <b>1</b> 人" in body  # wang read; zhou (UA-G2) not; wu is in UB
    assert "吴工人" not in body
    printed = client.get(reverse("web:notice-unread", args=[notice.pk])).content.decode()
    assert "周师傅" in printed and "王会员" not in printed
    export = client.get(reverse("web:notice-unread", args=[notice.pk]) + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "《开会》未读名单（1人）"
    assert rows[1] == ["序号", "姓名", "所在组织", "会员编号"]
    cast.zhou_person.refresh_from_db()
    assert rows[2] == [1, "周师傅", "后勤小组", cast.zhou_person.member_no]


def test_an_edit_is_audited_and_withdrawing_hides_the_notice(cast, login):
    _members(cast)
    notice = notice_publish(actor=SYSTEM, org=cast.ua_b1, title="旧标题", body="正文")
    client = login(cast.officer_a1)
    client.post(reverse("web:notice-edit", args=[notice.pk]), {"title": "新标题", "body": "正文"})
    with unscoped("test"):
        event = AuditEvent.objects.filter(object_type="notice", action="update").get()
    assert event.changes == {"title": ["旧标题", "新标题"]}
    member = login(cast.member_a)
    assert "新标题" in member.get(reverse("me:home")).content.decode()
    login(cast.officer_a1).post(reverse("web:notice-withdraw", args=[notice.pk]))
    member = login(cast.member_a)
    assert "新标题" not in member.get(reverse("me:home")).content.decode()
    assert member.get(reverse("me:notice-detail", args=[notice.pk])).status_code == 404
