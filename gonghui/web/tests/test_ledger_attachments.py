"""Attachments through the pages: upload (checked by content), thumbnails, downloads only in scope."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core import attachment_check
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.models import Attachment
from gonghui.ledgers.services import entry_save
from gonghui.ledgers.tests.test_attachments import EXE, PDF, png_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def entry(cast):
    return entry_save(actor=cast.root, kind=get_kind("meeting"), org=cast.ua_g1,
                      values={"date": dt.date(2026, 3, 5), "meeting_type": "group", "title": "小组会"})


def add_url(entry):
    return reverse("web:ledger-attachment-add", args=["meeting", entry.pk])


def post_file(client, entry, name, content):
    return client.post(add_url(entry), {"file": SimpleUploadedFile(name, content)})


def test_it_accepts_a_png_and_a_pdf_and_shows_them(cast, login, entry):
    client = login(cast.chair_a)
    response = post_file(client, entry, "活动照片.png", png_bytes())
    assert response.status_code == 302
    assert response["Location"].endswith("#attachments")
    assert post_file(client, entry, "会议纪要.pdf", PDF).status_code == 302
    png, pdf = Attachment.objects.order_by("id")
    html = client.get(reverse("web:ledger-detail", args=["meeting", entry.pk])).content.decode()
    assert "活动照片.png" in html and "会议纪要.pdf" in html and "附件（2）" in html
    assert f'src="{reverse("web:ledger-attachment-thumb", args=[png.pk])}"' in html
    assert reverse("web:ledger-attachment-thumb", args=[pdf.pk]) not in html
    assert png.file.url not in html  # never a public media URL


def test_it_refuses_an_exe_renamed_to_jpg_with_a_chinese_message(cast, login, entry):
    response = post_file(login(cast.chair_a), entry, "照片.jpg", EXE)
    assert response.status_code == 200
    assert response.context["attachment_form"].errors["file"] == [
        "只能上传 JPG、PNG 图片，PDF，Word（.docx）或 Excel（.xlsx）文件；“照片.jpg”不是这些类型之一。"]
    assert "不是这些类型之一" in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_refuses_a_file_over_the_limit(cast, login, entry, monkeypatch):
    monkeypatch.setattr(attachment_check, "MAX_BYTES", 100)
    response = post_file(login(cast.chair_a), entry, "大文件.pdf", PDF + b" " * 200)
    assert "附件不能超过" in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_asks_for_a_file(cast, login, entry):
    response = login(cast.chair_a).post(add_url(entry), {})
    assert response.context["attachment_form"].errors["file"] == ["请选择要上传的文件。"]


def test_it_serves_the_download_with_the_original_name_only_in_scope(cast, login, entry):
    post_file(login(cast.leader_g1), entry, "签到表.pdf", PDF)
    att = Attachment.objects.get()
    url = reverse("web:ledger-attachment", args=[att.pk])
    for role in ("chair_a", "leader_g1", "finance_a", "viewer_fed", "officer_a1"):
        response = login(getattr(cast, role)).get(url)
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert quote("签到表.pdf") in response["Content-Disposition"]
    for role in ("admin_b", "member_a"):
        assert login(getattr(cast, role)).get(url).status_code == 404, role
    assert login(cast.chair_a).get(reverse("web:ledger-attachment", args=[att.pk + 99])).status_code == 404


def test_it_serves_the_thumbnail_of_an_image(cast, login, entry):
    post_file(login(cast.chair_a), entry, "p.png", png_bytes((800, 400)))
    att = Attachment.objects.get()
    response = login(cast.finance_a).get(reverse("web:ledger-attachment-thumb", args=[att.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert login(cast.admin_b).get(reverse("web:ledger-attachment-thumb", args=[att.pk])).status_code == 404


def test_only_writers_upload_and_delete(cast, login, entry):
    for role, expected in (("finance_a", 403), ("viewer_fed", 403), ("admin_b", 404)):
        assert post_file(login(getattr(cast, role)), entry, "a.pdf", PDF).status_code == expected, role
    assert not Attachment.objects.exists()
    post_file(login(cast.chair_a), entry, "a.pdf", PDF)
    att = Attachment.objects.get()
    delete = reverse("web:ledger-attachment-delete", args=[att.pk])
    assert login(cast.finance_a).post(delete).status_code == 403
    assert login(cast.admin_b).post(delete).status_code == 404
    html = login(cast.finance_a).get(reverse("web:ledger-detail", args=["meeting", entry.pk])).content.decode()
    assert "上传附件" not in html and delete not in html
    response = login(cast.leader_g1).post(delete)
    assert response["Location"] == reverse("web:ledger-detail", args=["meeting", entry.pk]) + "#attachments"
    assert not Attachment.objects.exists()


def test_the_detail_page_takes_several_files_at_once_all_or_none(cast, login, entry):
    client = login(cast.chair_a)
    page = client.get(reverse("web:ledger-detail", args=["meeting", entry.pk])).content.decode()
    assert 'type="file" name="file"' in page and " multiple" in page.split('name="file"')[1].split(">")[0]
    files = [SimpleUploadedFile("活动照片.png", png_bytes()), SimpleUploadedFile("签到表.pdf", PDF)]
    response = client.post(add_url(entry), {"file": files}, follow=True)
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == ["活动照片.png", "签到表.pdf"]
    assert "已上传附件“活动照片.png”、“签到表.pdf”。" in response.content.decode() and "附件（2）" in response.content.decode()

    files = [SimpleUploadedFile("纪要.pdf", PDF), SimpleUploadedFile("照片.jpg", EXE)]
    response = client.post(add_url(entry), {"file": files})
    assert response.status_code == 200 and "“照片.jpg”不是这些类型之一" in response.content.decode()
    assert Attachment.objects.count() == 2  # the good file of a refused upload is not stored either
