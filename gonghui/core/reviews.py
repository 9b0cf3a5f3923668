"""What every reviewed application shares (入会, 转会, 帮扶申请): the 3-working-day timer, the written reason a
refusal needs, and who decided. One home, so each queue counts its days and words its refusals alike."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.workdays import add_working_days

REVIEW_WORKING_DAYS = 3
REASON_MAX = 500
REASON_TOO_LONG = _("理由不超过500字。")


def review_due(start: dt.date | None = None) -> dt.date:
    """The day a review falls due: three working days after `start` (today)."""
    return add_working_days(start or timezone.localdate(), REVIEW_WORKING_DAYS)


def is_overdue(due_on: dt.date, pending: bool) -> bool:
    """Still waiting after its working days (the queues show it in red)."""
    return pending and due_on < timezone.localdate()


def written_reason(reason: str, *, missing: str, field: str = "reason") -> str:
    """The reason of a refusal, stripped; required (`missing` says whom it is for) and at most 500 characters."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: missing}, code="reason_missing")
    if len(reason) > REASON_MAX:
        raise ValidationError({field: REASON_TOO_LONG}, code="reason_long")
    return reason


def decider(actor):
    """The account a decision is stored under: None for the system (no account)."""
    return actor if getattr(actor, "pk", None) else None
