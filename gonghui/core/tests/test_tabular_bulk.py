import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from gonghui.core.models import AuditEvent
from gonghui.core.tabular.bulk import insert_many, reserve_ids

pytestmark = pytest.mark.django_db


def _event(note, pk=None):
    fields = ("at", "actor_name", "source", "action", "object_type", "object_id", "object_repr", "org_path", "changes")
    values = (timezone.now(), "", "", "create", "x", "", note, "", {})
    if pk is not None:
        fields, values = ("id", *fields), (pk, *values)
    insert_many(AuditEvent, fields, [values])


def test_it_reserves_ids_above_every_id_ever_used_and_an_insert_uses_them():
    with transaction.atomic():
        first = reserve_ids(AuditEvent, 3)
        assert len(set(first)) == 3
        for pk in first:
            _event(f"甲{pk}", pk)
    with connection.cursor() as cursor:  # a deleted id is never handed out again (the model forbids deletes)
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [max(first)])
    with transaction.atomic():
        again = reserve_ids(AuditEvent, 2)
        assert min(again) > max(first)
        for pk in again:
            _event(f"丙{pk}", pk)
        _event("乙")  # an ordinary insert afterwards does not collide with the reserved ones
    assert sorted(AuditEvent.objects.values_list("object_repr", flat=True)) == sorted(
        [f"甲{pk}" for pk in first[:2]] + [f"丙{pk}" for pk in again] + ["乙"])
    assert reserve_ids(AuditEvent, 0) == []


def test_it_refuses_to_reserve_outside_a_transaction_on_sqlite(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL hands ids out from the sequence, in or out of a transaction")
    # pytest-django runs each test in an atomic block: pretend to be outside it to see the guard.
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    with pytest.raises(RuntimeError):
        reserve_ids(AuditEvent, 1)
