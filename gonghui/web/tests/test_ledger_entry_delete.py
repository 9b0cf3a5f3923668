"""One delete for an entry: the page and the API both remove the entry's attachment rows and files."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from gonghui.accounts.services import token_create
from gonghui.api.tests.conftest import ApiClient
from gonghui.core.models import AuditEvent
from gonghui.ledgers.attachments import attachment_add
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.models import Attachment, Meeting
from gonghui.ledgers.services import entry_save
from gonghui.ledgers.tests.test_attachments import PDF, media, png_bytes, upload  # noqa: F401  (media: autouse)

KIND = get_kind("meeting")


def files_in():
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def entry_with_files(cast):
    entry = entry_save(actor=cast.root, kind=KIND, org=cast.ua_g1,
                       values={"date": dt.date(2026, 3, 5), "meeting_type": "group", "title": "小组会"})
    attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=upload("p.png", png_bytes()))
    attachment_add(actor=cast.chair_a, kind=KIND, entry=entry, upload=upload("a.pdf", PDF))
    return entry


def test_it_deletes_rows_and_files_from_the_page(cast, login, django_capture_on_commit_callbacks):
    entry = entry_with_files(cast)
    assert len(files_in()) == 3  # the png, its thumbnail, the pdf
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.chair_a).post(reverse("web:ledger-delete", args=["meeting", entry.pk]))
    assert response.status_code == 302
    assert not Meeting.objects.exists() and not Attachment.objects.exists()
    assert files_in() == []
    assert AuditEvent.objects.filter(object_type="meeting", action="delete").exists()


def test_it_deletes_rows_and_files_from_the_api(cast, client, django_capture_on_commit_callbacks):
    entry = entry_with_files(cast)
    with django_capture_on_commit_callbacks(execute=True):
        response = ApiClient(client, token_create(actor=cast.chair_a, user=cast.chair_a)).delete(f"/ledgers/meeting/{entry.pk}")
    assert response.status_code == 204
    assert not Meeting.objects.exists() and not Attachment.objects.exists()
    assert files_in() == []
    assert AuditEvent.objects.filter(object_type="meeting", action="delete").exists()
