"""An attachment follows its entry: after the entry moves to another union, the new union downloads and
deletes its files and the old one no longer sees them."""

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.ledgers.attachments import attachment_add
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.models import Attachment
from gonghui.ledgers.services import entry_save
from gonghui.ledgers.tests.test_attachments import PDF, media, upload  # noqa: F401  (media: autouse)

KIND = get_kind("meeting")
VALUES = {"date": dt.date(2026, 3, 5), "meeting_type": "group", "title": "小组会"}


@pytest.fixture
def moved(cast):
    entry = entry_save(actor=cast.root, kind=KIND, org=cast.ua_g1, values=VALUES)
    att = attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=upload("a.pdf", PDF))
    entry_save(actor=cast.root, kind=KIND, org=cast.ub, values=VALUES, instance=entry)
    return att


def test_it_moves_the_attachment_with_its_entry(cast, moved):
    assert Attachment.objects.get(pk=moved.pk).org_id == cast.ub.pk


def test_the_old_union_can_neither_download_nor_delete(cast, login, moved):
    client = login(cast.chair_a)
    assert client.get(reverse("web:ledger-attachment", args=[moved.pk])).status_code == 404
    assert client.post(reverse("web:ledger-attachment-delete", args=[moved.pk])).status_code == 404
    assert Attachment.objects.filter(pk=moved.pk).exists()


def test_the_new_union_downloads_and_deletes(cast, login, moved):
    client = login(cast.admin_b)
    response = client.get(reverse("web:ledger-attachment", args=[moved.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client.post(reverse("web:ledger-attachment-delete", args=[moved.pk])).status_code == 302
    assert not Attachment.objects.filter(pk=moved.pk).exists()
