"""Attachments through the page: a file goes out as the type it was found to be, and a file that is more than
it looks (a page behind an image head, a truncated picture, a PDF that runs scripts) is refused."""

import datetime as dt
import io
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.models import Attachment
from gonghui.ledgers.services import entry_save
from gonghui.ledgers.tests.test_attachments import PDF, jpeg_bytes, office_bytes, png_bytes

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def entry(cast):
    return entry_save(actor=cast.root, kind=get_kind("meeting"), org=cast.ua_g1,
                      values={"date": dt.date(2026, 3, 5), "meeting_type": "group", "title": "小组会"})


def post_file(client, entry, name, content):
    return client.post(reverse("web:ledger-attachment-add", args=["meeting", entry.pk]),
                       {"file": SimpleUploadedFile(name, content, content_type="text/html")})


def refusal(response) -> str:
    assert response.status_code == 200
    assert not Attachment.objects.exists()
    return response.context["attachment_form"].errors["file"][0]


def pdf(body: bytes) -> bytes:
    return b"%PDF-1.7\n" + body + b"\ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"


def png_with_text(text: bytes) -> bytes:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text.decode())
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (1, 2, 3)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def test_it_stores_and_serves_a_file_under_its_sniffed_type(cast, login, entry, media):
    client = login(cast.chair_a)
    assert post_file(client, entry, "poly.html", png_bytes()).status_code == 302
    att = Attachment.objects.get()
    assert att.file.name.endswith(".png") and att.original_name == "poly.png"
    response = client.get(reverse("web:ledger-attachment", args=[att.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;") and "poly.png" in response["Content-Disposition"]
    assert "html" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert [p.suffix for p in media.rglob("*") if p.is_file()] == [".png", ".png"]  # the file and its thumb


def test_it_serves_an_office_file_as_a_download(cast, login, entry):
    client = login(cast.chair_a)
    post_file(client, entry, "名单.doc.exe", office_bytes("word/document.xml"))
    response = client.get(reverse("web:ledger-attachment", args=[Attachment.objects.get().pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".docx" in response["Content-Disposition"] and ".exe" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n" + HTML,                 # an image head on a page
    png_bytes()[:-12],                           # a PNG cut before its end
    png_bytes()[: len(png_bytes()) // 2],
    jpeg_bytes()[: len(jpeg_bytes()) // 2],      # a photo cut in half
])
def test_it_refuses_an_image_that_does_not_decode_whole(cast, login, entry, content):
    assert "无法读取" in refusal(post_file(login(cast.chair_a), entry, "照片.png", content))


@pytest.mark.parametrize("content", [png_bytes() + HTML, jpeg_bytes() + HTML, png_with_text(HTML)])
def test_it_refuses_an_image_carrying_a_page(cast, login, entry, content):
    assert "夹带了其他内容" in refusal(post_file(login(cast.chair_a), entry, "照片.jpg", content))


def _object_stream(text: bytes) -> bytes:
    packed = zlib.compress(text)
    return (b"5 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
            + packed + b"\nendstream\nendobj")


@pytest.mark.parametrize("body", [
    b"1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj",
    b"1 0 obj << /Type /Catalog /Names << /JavaScript 3 0 R >> >> endobj",
    b"2 0 obj << /Type /Page /AA << /O 4 0 R >> >> endobj",
    b"4 0 obj << /S /Launch /F (cmd.exe) >> endobj",
    b"6 0 obj << /Type /EmbeddedFile /Length 3 >> stream\nabc\nendstream endobj",
    b"1 0 obj << /Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (x) >> >> endobj",  # names spelled in hex
    _object_stream(b"7 0 << /S /JavaScript /JS (app.alert(1)) >>"),                     # inside a deflated stream
])
def test_it_refuses_a_pdf_with_scripts_actions_or_embedded_files(cast, login, entry, body):
    message = refusal(post_file(login(cast.chair_a), entry, "通知.pdf", pdf(body)))
    assert "含有脚本、自动执行的动作或嵌入的文件" in message


def test_it_refuses_a_truncated_pdf_and_accepts_a_plain_one(cast, login, entry):
    client = login(cast.chair_a)
    assert "不是完整的 PDF" in refusal(post_file(client, entry, "纪要.pdf", PDF[:40]))
    plain = pdf(b"1 0 obj << /Type /Catalog /OpenAction [3 0 R /Fit] >> endobj\n"
                + _object_stream(b"3 0 << /Type /Page /Contents 8 0 R >>"))
    assert post_file(client, entry, "纪要.pdf", plain).status_code == 302
    assert post_file(client, entry, "纪要2.pdf", PDF).status_code == 302
