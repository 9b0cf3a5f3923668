"""Reporting tasks and the unions' submissions (issue #17 §1): who must report what by when, and the frozen
snapshots they sent up.

A federation's `ReportTask` names the report, the period and the deadline; one `ReportTarget` per org that must
report carries the state (未上报 / 已上报 / 已退回 / 已通过). Each submission is a new `Submission` version that
replaces the previous one until accepted: its indicator values, explanations and generated files
(`SubmissionFile`) are written once and never changed. Files are kept in the database (not MEDIA_ROOT) so a
submission is all-or-nothing in one transaction and serialises as plain JSON + blobs (snapshot.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin


class ReportContents(models.TextChoices):
    SUMMARY = "summary", _("工作总结")
    TABLES = "tables", _("统计报表")
    BOTH = "both", _("工作总结和统计报表")


class ReportTask(ScopedModelMixin, models.Model):
    """A reporting task issued by an org above the unions (a federation) to orgs below it."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="report_tasks",
                            verbose_name=_("布置单位"))
    title = models.CharField(_("任务名称"), max_length=100)
    contents = models.CharField(_("上报内容"), max_length=10, choices=ReportContents.choices)
    period_code = models.CharField(_("期间"), max_length=20)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    deadline = models.DateField(_("上报截止日期"))
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("布置人"))
    created_at = models.DateTimeField(_("布置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("上报任务")
        verbose_name_plural = _("上报任务")
        ordering = ["-deadline", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                              name="report_task_period_order")]

    def __str__(self) -> str:
        return self.title

    @property
    def wants_summary(self) -> bool:
        return self.contents in (ReportContents.SUMMARY, ReportContents.BOTH)

    @property
    def wants_tables(self) -> bool:
        return self.contents in (ReportContents.TABLES, ReportContents.BOTH)


class TargetState(models.TextChoices):
    MISSING = "missing", _("未上报")
    SUBMITTED = "submitted", _("已上报")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已通过")


class ReportTarget(ScopedModelMixin, models.Model):
    """One org that must report on a task, and where its submission stands."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    task = models.ForeignKey(ReportTask, on_delete=models.CASCADE, related_name="targets",
                             verbose_name=_("上报任务"))
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="report_targets",
                            verbose_name=_("上报单位"))
    state = models.CharField(_("状态"), max_length=10, choices=TargetState.choices, default=TargetState.MISSING)
    current = models.ForeignKey("Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("当前上报版本"))
    return_reason = models.TextField(_("退回原因"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("审核人"))
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("上报单位")
        verbose_name_plural = _("上报单位")
        ordering = ["org__path"]
        constraints = [models.UniqueConstraint(fields=["task", "org"], name="report_target_unique_org")]

    def __str__(self) -> str:
        return f"{self.task} · {self.org}"


class SubmissionSource(models.TextChoices):
    LIVE = "live", _("本系统上报")
    PACKAGE = "package", _("离线上报包")
    COUNTS = "counts", _("总工会直接录入")  # a union not yet on gonghui: its numbers entered or imported above


class Submission(ScopedModelMixin, models.Model):
    """One submitted version: the frozen indicator values, the explanations of the 核实性 checks, who and when.
    Written once by `submission_submit`; nothing changes it afterwards."""

    scope_org = "target__org__"
    scope_own = None
    objects = ScopedManager()

    target = models.ForeignKey(ReportTarget, on_delete=models.CASCADE, related_name="submissions",
                               verbose_name=_("上报单位"))
    version = models.PositiveIntegerField(_("版本"))
    # copied from the org and the task so the snapshot stands on its own (and serialises without joins)
    org_code = models.CharField(_("组织代码"), max_length=32)
    org_name = models.CharField(_("单位名称"), max_length=100)
    period_code = models.CharField(_("期间"), max_length=20)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    values = models.JSONField(_("指标值"), default=dict, blank=True)  # code -> int | "decimal string" | None (snapshot.py)
    explanations = models.JSONField(_("核实性检查说明"), default=list, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("上报人"))
    submitted_by_name = models.CharField(_("上报人"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("上报时间"))
    # where this version came from: submitted on this install, or received as a signed package (packages/services.py)
    source = models.CharField(_("来源"), max_length=10, choices=SubmissionSource.choices,
                              default=SubmissionSource.LIVE)
    package_sha256 = models.CharField(_("上报包SHA-256"), max_length=64, blank=True)
    signed_by = models.CharField(_("签名公钥指纹"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("上报版本")
        verbose_name_plural = _("上报版本")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["target", "version"], name="submission_unique_version")]

    def __str__(self) -> str:
        return f"{self.org_name} {self.period_code} 第{self.version}版"


class SubmissionFile(ScopedModelMixin, models.Model):
    """A document as generated at submission (the summary .docx, the tables .xlsx), kept byte for byte."""

    scope_org = "submission__target__org__"
    scope_own = None
    objects = ScopedManager()

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files",
                                   verbose_name=_("上报版本"))
    kind = models.CharField(_("类型"), max_length=10)  # "summary" | "tables"
    name = models.CharField(_("文件名"), max_length=200)
    data = models.BinaryField(_("内容"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("上报文件")
        verbose_name_plural = _("上报文件")
        constraints = [models.UniqueConstraint(fields=["submission", "kind"], name="submission_file_unique_kind")]

    def __str__(self) -> str:
        return self.name


class TrustedKey(ScopedModelMixin, models.Model):
    """Another install's public key, registered once for one org's code by an admin (trust on first
    registration): packages from that org (or return files from it) must be signed by this key."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.OneToOneField("orgs.Org", on_delete=models.PROTECT, related_name="trusted_key",
                               verbose_name=_("单位"))
    public_key = models.CharField(_("公钥"), max_length=64)  # base64 of the raw 32-byte Ed25519 key
    fingerprint = models.CharField(_("公钥指纹"), max_length=80)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("登记人"))
    registered_at = models.DateTimeField(_("登记时间"), auto_now=True)

    class Meta:
        verbose_name = _("信任的公钥")
        verbose_name_plural = _("信任的公钥")

    def __str__(self) -> str:
        return f"{self.org} · {self.fingerprint}"
