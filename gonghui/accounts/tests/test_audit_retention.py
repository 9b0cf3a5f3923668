"""Audit rows are kept: at least 180 days by configuration, and nothing in the code can delete one."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gonghui.accounts.models import User
from gonghui.core.models import AuditEvent
from gonghui.settings import audit_keep_days


def test_it_keeps_the_trail_180_days_by_default(monkeypatch):
    monkeypatch.delenv("GONGHUI_AUDIT_KEEP_DAYS", raising=False)
    assert audit_keep_days() == 180 and settings.GONGHUI_AUDIT_KEEP_DAYS >= 180
    monkeypatch.setenv("GONGHUI_AUDIT_KEEP_DAYS", "400")
    assert audit_keep_days() == 400


def test_it_refuses_to_start_with_less_than_180_days(monkeypatch):
    monkeypatch.setenv("GONGHUI_AUDIT_KEEP_DAYS", "30")
    with pytest.raises(ImproperlyConfigured, match="at least 180"):
        audit_keep_days()


def test_no_audit_row_can_be_deleted_or_changed(cast):
    event = AuditEvent.objects.filter(actor=cast.root).first() or AuditEvent.objects.first()
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEvent.objects.all().delete()
    with pytest.raises(RuntimeError, match="append-only"):
        event.delete()
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")


def test_deleting_an_account_keeps_its_rows(cast):
    before = AuditEvent.objects.count()
    User.objects.filter(pk=cast.viewer_fed.pk).delete()
    assert AuditEvent.objects.count() == before
