"""attachment_add / attachment_delete: checked by content never by name, size-limited, thumbnails, audited."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core import attachment_check
from gonghui.core.models import AuditEvent
from gonghui.ledgers import attachments
from gonghui.ledgers.attachments import (
    attachment_add,
    attachment_delete,
    content_type_of,
)
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.models import Attachment, Meeting
from gonghui.ledgers.services import entry_delete, entry_save

KIND = get_kind("meeting")


def png_bytes(size=(640, 480), color=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes(size=(1200, 900)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="JPEG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def office_bytes(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, "<x/>")
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def entry(cast):
    return entry_save(actor=cast.root, kind=KIND, org=cast.ua_g1,
                      values={"date": dt.date(2026, 3, 5), "meeting_type": "group", "title": "小组会"})


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize("name,content,expected,stored_name", [
    ("photo.png", png_bytes(), "image/png", "photo.png"),
    ("签到表.JPG", jpeg_bytes(), "image/jpeg", "签到表.JPG"),
    ("纪要.pdf", PDF, "application/pdf", "纪要.pdf"),
    ("名单.docx", office_bytes("word/document.xml"), attachments.DOCX, "名单.docx"),
    ("统计.xlsx", office_bytes("xl/workbook.xml"), attachments.XLSX, "统计.xlsx"),
    ("no-extension", PDF, "application/pdf", "no-extension.pdf"),  # the name does not matter
    ("scan.pdf", png_bytes(), "image/png", "scan.png"),              # nor does a wrong extension
])
def test_it_accepts_by_content_and_records_the_real_type(cast, entry, name, content, expected, stored_name):
    att = attachment_add(actor=cast.leader_g1, kind=KIND, entry=entry, upload=upload(name, content))
    assert att.content_type == expected and att.original_name == stored_name and att.size == len(content)
    assert att.org == entry.org and att.kind == "meeting" and att.entry_id == entry.pk
    assert att.file.read() == content
    assert att.file.name.endswith(attachments.EXTENSIONS[expected]) and name not in att.file.name
    event = AuditEvent.objects.get(object_type="meeting", object_id=str(entry.pk), action="update")
    assert event.changes == {"附件": [None, stored_name]} and event.actor == cast.leader_g1


@pytest.mark.parametrize("name,content", [
    ("setup.jpg", EXE),                                     # an .exe renamed
    ("evil.docx", office_bytes("word/vbaProject.bin")),     # a zip that is not a Word file
    ("notes.pdf", b"just text, %PDF- later"),
    ("broken.xlsx", b"PK\x03\x04garbage"),
])
def test_it_refuses_what_the_content_says_is_none_of_the_accepted_kinds(cast, entry, media, name, content):
    with pytest.raises(ValidationError) as exc:
        attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=upload(name, content, "image/jpeg"))
    assert exc.value.message_dict["file"] == [
        f"只能上传 JPG、PNG 图片，PDF，Word（.docx）或 Excel（.xlsx）文件；“{name}”不是这些类型之一。"]
    assert not Attachment.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_it_refuses_a_file_over_the_limit(cast, entry, monkeypatch):
    monkeypatch.setattr(attachment_check, "MAX_BYTES", 1024)
    with pytest.raises(ValidationError) as exc:
        attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=upload("big.pdf", PDF + b"0" * 2000))
    assert "附件不能超过" in exc.value.message_dict["file"][0]
    assert attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=upload("small.pdf", PDF)).pk


def test_the_limit_is_20_mb(cast, entry):
    assert attachment_check.MAX_BYTES == 20 * 1024 * 1024
    big = upload("big.pdf", b"")
    big.size = 20 * 1024 * 1024 + 1  # the size Django reports; nothing that large needs to exist
    with pytest.raises(ValidationError) as exc:
        attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=big)
    assert "不能超过 20 MB" in exc.value.message_dict["file"][0]


def test_it_makes_a_thumbnail_of_at_most_240_px_for_images_only(cast, entry):
    from PIL import Image

    att = attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=upload("p.jpg", jpeg_bytes((1200, 900))))
    with Image.open(att.thumbnail) as thumb:
        assert thumb.size == (240, 180) and thumb.format == "JPEG"
    att = attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=upload("p.png", png_bytes((100, 400))))
    with Image.open(att.thumbnail) as thumb:
        assert thumb.size == (60, 240) and thumb.format == "PNG"
    att = attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=upload("x.pdf", PDF))
    assert not att.thumbnail


def test_it_refuses_an_image_that_cannot_be_read(cast, entry):
    with pytest.raises(ValidationError) as exc:
        attachment_add(actor=cast.chair_a, kind=KIND, entry=entry,
                       upload=upload("bad.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50))
    assert "无法读取" in exc.value.message_dict["file"][0]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("role", ["finance_a", "viewer_fed", "admin_b", "officer_a1"])
def test_it_refuses_who_may_not_write_the_entry(cast, role):
    entry = entry_save(actor=cast.root, kind=KIND, org=cast.ua_g2,
                       values={"date": dt.date(2026, 3, 5), "meeting_type": "group", "title": "后勤小组会"})
    with pytest.raises(PermissionDenied):
        attachment_add(actor=getattr(cast, role), kind=KIND, entry=entry, upload=upload("a.pdf", PDF))


def test_it_deletes_the_row_and_the_files_and_audits(cast, entry, media, django_capture_on_commit_callbacks):
    att = attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=upload("p.png", png_bytes()))
    assert len([p for p in media.rglob("*") if p.is_file()]) == 2
    with pytest.raises(PermissionDenied):
        attachment_delete(actor=cast.finance_a, attachment=att)
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(actor=cast.leader_g1, attachment=att)
    assert not Attachment.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]
    assert AuditEvent.objects.filter(object_type="meeting", object_id=str(entry.pk),
                                     changes={"附件": ["p.png", None]}).exists()


def test_deleting_an_entry_deletes_its_attachments_and_keeps_the_audit_copy(cast, entry,
                                                                              django_capture_on_commit_callbacks):
    attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=upload("a.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        entry_delete(actor=cast.chair_a, kind=KIND, entry=entry)
    assert not Meeting.objects.exists() and not Attachment.objects.exists()
    assert AuditEvent.objects.get(object_type="meeting", action="delete").changes["title"] == ["小组会", None]


def test_sniff_reads_only_the_zip_directory(tmp_path):
    # A zip whose member claims a huge size: listing names never inflates it.
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "0" * 5_000_000)
    data.seek(0)
    assert content_type_of(data) == attachments.XLSX
    assert data.tell() == 0
