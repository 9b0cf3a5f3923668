"""What every reviewed application shares (入会, 转会, 帮扶申请): the 3-working-day timer, the written reason a
refusal needs, and who decided. One home, so each queue counts its days and words its refusals alike."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit
from gonghui.core.workdays import add_working_days

REVIEW_WORKING_DAYS = 3
REASON_MAX = 500
REASON_TOO_LONG = _("理由不超过500字。")
REASON_NUL = _("理由中有不可见的控制字符（NUL），请删去后再提交。")


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
    if "\x00" in reason:  # PostgreSQL text cannot hold it (SQLite would)
        raise ValidationError({field: REASON_NUL}, code="reason_nul")
    return reason


def decider(actor):
    """The account a decision is stored under: None for the system (no account)."""
    return actor if getattr(actor, "pk", None) else None


class ReviewedApplication(models.Model):
    """What an application reviewed by officers holds (入会, 帮扶申请): pending, then approved or rejected with a
    reason, within three working days. Each model declares its own constraints (one pending per person, a
    rejection has its reason)."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("待审核")
        APPROVED = "approved", gettext_lazy("已批准")
        REJECTED = "rejected", gettext_lazy("未批准")
        WITHDRAWN = "withdrawn", gettext_lazy("已撤回")

    status = models.CharField(gettext_lazy("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(gettext_lazy("提交时间"))
    due_on = models.DateField(gettext_lazy("应审核日期"))  # three working days after submission
    decided_at = models.DateTimeField(gettext_lazy("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=gettext_lazy("审核人"))
    reason = models.CharField(gettext_lazy("未批准理由"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def overdue(self) -> bool:
        """Still pending after its working days (shown in red)."""
        return is_overdue(self.due_on, self.status == self.Status.PENDING)


def application_reject(*, actor, application: ReviewedApplication, reason: str, missing: str, org_path: str):
    """Refuse a pending application (already locked, the actor's right checked) with a written reason, audited."""
    reason = written_reason(reason, missing=missing)
    application.status = application.Status.REJECTED
    application.reason = reason
    application.decided_at = timezone.now()
    application.decided_by = decider(actor)
    application.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    audit.record(actor=actor, action="update", obj=application, org_path=org_path,
                 changes={"status": ["pending", "rejected"], "reason": [None, reason]})
    return application


def application_withdraw(*, actor, application: ReviewedApplication, org_path: str):
    """The applicant takes back a pending application (already locked, their right checked): it leaves the
    officers' queue, and the applicant may apply again. Audited."""
    application.status = application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    audit.record(actor=actor, action="update", obj=application, org_path=org_path,
                 changes={"status": ["pending", "withdrawn"]})
    return application
