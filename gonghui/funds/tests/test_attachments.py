"""Voucher attachments (issue 15 §1): checked by content as the ledgers' are, stored with the sniffed extension,
counted on the voucher, removed only from a draft; the voucher page and the entry page link each other, and a
voucher drafted from an entry shows the entry's attachments too."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.scope_guard import unscoped
from gonghui.funds import voucher_services
from gonghui.funds.attachment_services import voucher_attachment_delete, voucher_attachments_add
from gonghui.funds.models import Voucher, VoucherAttachment
from gonghui.funds.tests.helpers import lines_of
from gonghui.ledgers.attachments import attachment_add
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png(name):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def voucher(cast):
    return voucher_services.voucher_save(actor=cast.finance_a, org=cast.ua, date=dt.date(2026, 2, 1), summary="购奖品",
                                         lines=lines_of(cast.ua, [("50102", "80", ""), ("102", "", "80")]))


def test_files_are_stored_by_what_they_are_and_counted(cast, voucher):
    added = voucher_attachments_add(actor=cast.finance_a, voucher=voucher,
                                    uploads=[png("发票.pdf"), SimpleUploadedFile("签到表.pdf", PDF)])
    assert [(a.original_name, a.content_type) for a in added] == [("发票.png", "image/png"),
                                                                  ("签到表.pdf", "application/pdf")]
    assert added[0].file.name.endswith(".png") and added[1].file.name.endswith(".pdf")
    with unscoped("test"):
        assert Voucher.objects.get(pk=voucher.pk).attachments_count == 2
    # A draft's change from its maker keeps the count of what is uploaded on it.
    voucher_services.voucher_save(actor=cast.finance_a, org=cast.ua, date=dt.date(2026, 2, 1), summary="购奖品",
                                  lines=lines_of(cast.ua, [("50102", "80", ""), ("102", "", "80")]), voucher=voucher)
    with unscoped("test"):
        assert Voucher.objects.get(pk=voucher.pk).attachments_count == 2


def test_a_file_that_is_not_what_it_claims_is_refused_with_nothing_stored(cast, voucher, media):
    uploads = [png("发票.png"), SimpleUploadedFile("发票.pdf", b"<html><script>alert(1)</script></html>"),
               SimpleUploadedFile("签到表.pdf", PDF[:-7])]
    with pytest.raises(ValidationError) as err:
        voucher_attachments_add(actor=cast.finance_a, voucher=voucher, uploads=uploads)
    text = " ".join(err.value.messages)
    assert "“发票.pdf”不是这些类型之一" in text and "“签到表.pdf”不是完整的 PDF 文件" in text
    with unscoped("test"):
        assert not VoucherAttachment.objects.exists()
    assert not list(media.rglob("*.png"))


def test_only_finance_uploads_and_a_fixed_voucher_keeps_its_files(cast, voucher):
    with pytest.raises(PermissionDenied):
        voucher_attachments_add(actor=cast.auditor_a, voucher=voucher, uploads=[png("a.png")])
    att = voucher_attachments_add(actor=cast.finance_a, voucher=voucher, uploads=[png("a.png")])[0]
    voucher_services.voucher_review(actor=cast.chair_a, voucher=voucher)
    with pytest.raises(ValidationError, match="它的附件不能删除"):
        voucher_attachment_delete(actor=cast.finance_a, attachment=att)
    voucher_services.voucher_unreview(actor=cast.chair_a, voucher=voucher)
    voucher_attachment_delete(actor=cast.finance_a, attachment=att)
    with unscoped("test"):
        assert Voucher.objects.get(pk=voucher.pk).attachments_count == 0


def test_entry_and_voucher_pages_link_each_other(cast, login):
    kind = get_kind("aid")
    entry = entry_save(actor=cast.chair_a, kind=kind, org=cast.ua, values={
        "date": dt.date(2026, 2, 1), "aid_type": "visit", "recipient": cast.zhou_person, "amount": Decimal(500)})
    sheet = attachment_add(actor=cast.chair_a, kind=kind, entry=entry, upload=png("签收单.png"))
    with unscoped("test"):
        voucher = Voucher.objects.get(source=f"ledgers.aid:{entry.pk}")
    entry_url = reverse("web:ledger-detail", args=["aid", entry.pk])
    voucher_url = reverse("web:funds-voucher-detail", args=[voucher.pk])
    page = login(cast.finance_a).get(voucher_url).content.decode()
    assert f'href="{entry_url}"' in page and "签收单.png" in page
    file_url = reverse("web:funds-voucher-entry-file", args=[voucher.pk, sheet.pk])
    assert f'href="{file_url}"' in page
    assert login(cast.auditor_a).get(file_url).status_code == 200  # the 经审 sees the evidence
    page = login(cast.chair_a).get(entry_url).content.decode()
    assert f'href="{voucher_url}"' in page and voucher.label in page
