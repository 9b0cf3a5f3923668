"""The members' requests (see __init__.py). Scoped by the member's org at the time; a member reads their own."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.reviews import ReviewedApplication
from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin
from gonghui.ledgers import choices as c
from gonghui.orgs.models import Org
from gonghui.people.models import Person

MONEY = {"max_digits": 14, "decimal_places": 2}


class HelpRequest(ScopedModelMixin, ReviewedApplication):
    """帮扶申请: a member's application for hardship help, reviewed by the officers of the member's org."""

    scope_org = "org__"
    scope_own = "person_id"
    objects = ScopedManager()

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人"))
    # The member's org when applying; db_index off: (org, status) below leads with it.
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("所属组织"),
                            db_index=False)
    category = models.CharField(_("困难类别"), max_length=10, choices=c.HardshipCategory.choices)
    situation = models.TextField(_("困难情况"), max_length=1000)
    family_size = models.PositiveSmallIntegerField(_("家庭人口"))
    income_per_capita = models.DecimalField(_("家庭月人均收入(元)"), **MONEY)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    hardship = models.ForeignKey("ledgers.Hardship", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("困难职工档案"))
    aid = models.ForeignKey("ledgers.Aid", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                            verbose_name=_("帮扶慰问"))

    class Meta:
        verbose_name = _("帮扶申请")
        verbose_name_plural = _("帮扶申请")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["org", "status", "due_on"])]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="pending"),
                                    name="help_request_one_pending"),
            models.CheckConstraint(condition=~models.Q(status="rejected") | ~models.Q(reason=""),
                                   name="help_request_rejected_has_reason"),
            models.CheckConstraint(condition=models.Q(income_per_capita__gte=0), name="help_request_income_not_negative"),
        ]

    def __str__(self):
        return f"{self.person} 帮扶申请"


class HelpDocument(ScopedModelMixin, models.Model):
    """A document of a help request (证明材料: a photo, a scan, a PDF), checked by content like a ledger
    attachment; copied to the ledger entry on approval."""

    scope_org = "request__org__"
    scope_own = "request__person_id"
    objects = ScopedManager()

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="help/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class SuggestionSubmission(ScopedModelMixin, models.Model):
    """A 金点子/合理化建议 a member submitted: the suggestion ledger entry it became, so the member can follow it."""

    scope_org = "org__"
    scope_own = "person_id"
    objects = ScopedManager()

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    # Kept when officers delete the entry (the member then sees it was withdrawn from the ledger).
    entry = models.ForeignKey("ledgers.Suggestion", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["person", "submitted_at"])]

    def __str__(self):
        return self.title
