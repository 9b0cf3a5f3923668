"""The officer's wording of the work summary, per org, period and section (the browser editor's drafts)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin


class SummaryDraft(ScopedModelMixin, models.Model):
    """One section's text with {indicator_code} number fields, recomputed when the summary is generated."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="summary_drafts",
                            verbose_name=_("组织"))
    period_code = models.CharField(_("期间"), max_length=20, blank=True)  # "" for --from/--to periods
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    section = models.CharField(_("部分"), max_length=20)
    text = models.TextField(_("文字"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("修改人"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作总结草稿")
        verbose_name_plural = _("工作总结草稿")
        constraints = [models.UniqueConstraint(fields=["org", "period_start", "period_end", "section"],
                                               name="summary_draft_unique_section")]

    def __str__(self) -> str:
        return f"{self.org} {self.period_code or f'{self.period_start}~{self.period_end}'} {self.section}"


class SummaryTemplate(ScopedModelMixin, models.Model):
    """An org's own Word layout for the work summary: a .docx with {{placeholders}}, checked when uploaded.

    It applies to the org and every org below it that has none of its own (the nearest one up the tree wins),
    so a federation can give all its unions one layout. A row without a file is an org's choice of the
    built-in layout, which stops a template from above reaching it and its subtree.
    """

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.OneToOneField("orgs.Org", on_delete=models.CASCADE, related_name="summary_template",
                               verbose_name=_("组织"))
    file = models.FileField(_("模板文件"), upload_to="summary_templates/%Y/%m/", blank=True)
    name = models.CharField(_("文件名"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("大小"), default=0)
    placeholders = models.JSONField(_("占位符"), default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作总结模板")
        verbose_name_plural = _("工作总结模板")

    def __str__(self) -> str:
        return f"{self.org} {self.name or _('内置格式')}"

    @property
    def is_builtin(self) -> bool:
        return not self.file


# Reporting tasks and submissions live in their own module (issue #17); Django finds models here.
from gonghui.reports.submissions.models import (  # noqa: F401
    ReportTarget,
    ReportTask,
    Submission,
    SubmissionFile,
)
