"""The officer's wording of the work summary, per org, period and section (the browser editor's drafts)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SummaryDraft(models.Model):
    """One section's text with {indicator_code} number fields, recomputed when the summary is generated."""

    scope_org = "org__"
    scope_own = None

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
