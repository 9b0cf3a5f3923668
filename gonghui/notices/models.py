"""通知公告: an officer publishes a notice to an org and everyone below it; a member opening it leaves a read
receipt. Withdrawing hides it from the members (the notice and its receipts stay)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin
from gonghui.orgs.models import Org
from gonghui.people.models import Person


class Notice(ScopedModelMixin, models.Model):
    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    class Status(models.TextChoices):
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("发送范围"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), max_length=20000)
    attachment = models.FileField(upload_to="notices/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    published_at = models.DateTimeField(_("发布时间"))
    updated_at = models.DateTimeField(_("修改时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("通知公告")
        indexes = [models.Index(fields=["org", "published_at"], name="notices_org_published")]

    def __str__(self) -> str:
        return self.title


class NoticeRead(ScopedModelMixin, models.Model):
    """A member opened the notice (the first time)."""

    scope_org = "notice__org__"
    scope_own = "person_id"
    objects = ScopedManager()

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(_("阅读时间"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "person"], name="notices_read_once")]
