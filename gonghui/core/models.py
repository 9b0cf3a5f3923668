from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin, ScopedQuerySet


class AuditQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise RuntimeError("audit events are append-only")

    def delete(self):
        raise RuntimeError("audit events are append-only")


class AuditEvent(ScopedModelMixin, models.Model):
    """One row per create/update/delete, login, failed login or export. Append-only."""

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")
        EXPORT = "export", _("导出")
        IMPORT = "import", _("导入")

    scope_org = "org_"  # the string field org_path
    scope_own = None

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    source = models.CharField(_("来源"), max_length=64, blank=True, help_text="IP address, or 'cli'")
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=32)  # indexed with object_id below
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    # Materialised path of the org the record belongs to, so the trail is scoped like the record.
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit events are append-only")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}:{self.object_id}"


class Job(ScopedModelMixin, models.Model):
    """A long piece of work (an import, a big export) run in the background. The page and the API poll it:
    `done`/`total` give the progress, `result` the outcome. Scoped like the audit trail, by `org_path`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    scope_org = "org_"  # the string field org_path
    scope_own = None
    objects = ScopedManager()

    kind = models.CharField(_("类型"), max_length=32, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Materialised path of the org the work is about (core sits below orgs/, so no foreign key).
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    file_path = models.CharField(max_length=500, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self):
        return f"{self.kind}#{self.pk} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(self.done * 100 / self.total)) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
