"""The audit writer. Services call it inside their own transaction, so a write and its trail commit together."""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models

from gonghui.core.masking import mask_id_number, mask_mobile
from gonghui.core.models import AuditEvent

# Set by the web middleware (client IP) or the CLI ("cli"); read by every audit row.
current_source: contextvars.ContextVar[str] = contextvars.ContextVar("audit_source", default="")



def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    out = {}
    for name in fields:
        value = getattr(instance, name)
        if name == "id_number":
            value = mask_id_number(value or "")
        elif name == "mobile":
            value = mask_mobile(value or "")
        out[name] = _plain(value)
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


ACTION_MAX = AuditEvent._meta.get_field("action").max_length


def record(**fields) -> AuditEvent:
    """Write one audit row: the keyword arguments of `event()`."""
    row = event(**fields)
    row.save()
    return row


def record_many(rows: list[AuditEvent]) -> None:
    """Rows built with `event()`, written in one statement (a batch of imports in one transaction)."""
    AuditEvent.objects.bulk_create(rows)


def event(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    org_path: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """The audit row `record()` writes, not yet saved."""
    if len(action) > ACTION_MAX:  # SQLite would store it; PostgreSQL refuses it
        raise ValueError(f"audit action {action!r} is longer than {ACTION_MAX} characters")
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        source=current_source.get(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        org_path=org_path,
        changes=changes or {},
    )
