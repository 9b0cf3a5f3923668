"""Activities members sign up for and are checked in at. Closing one writes the ledger entry of its kind
(会议, 学习培训, 文体活动, 女职工工作) through the ledger rules, its participants those checked in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin
from gonghui.orgs.models import Org
from gonghui.people.models import Person


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("会议")
    STUDY = "study", _("学习培训")
    CULTURE = "culture", _("文体活动")
    WOMEN = "women", _("女职工工作")


class Activity(ScopedModelMixin, models.Model):
    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    class Status(models.TextChoices):
        OPEN = "open", _("报名中")
        CLOSED = "closed", _("已结束")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("报名范围"))
    kind = models.CharField(_("台账类别"), max_length=20, choices=ActivityKind.choices)
    category = models.CharField(_("类型"), max_length=20, help_text=_("该台账的类型列，如会议类型、组织方式"))
    title = models.CharField(_("名称"), max_length=200)
    date = models.DateField(_("日期"))
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    women_only = models.BooleanField(_("仅限女职工"), default=False)
    quota = models.PositiveIntegerField(_("名额"), null=True, blank=True, help_text=_("不填为不限"))
    signup_until = models.DateField(_("报名截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    entry_id = models.PositiveIntegerField(_("台账记录"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("活动")
        indexes = [models.Index(fields=["org", "date"], name="activities_org_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class Signup(ScopedModelMixin, models.Model):
    """One person at one activity: signed up (signed_up_at), checked in (checked_in_at), or both.
    A walk-in checked in without signing up has signed_up_at None. On the waiting list (候补): waitlisted_at
    set and signed_up_at None, the position by waitlisted_at; moved up on a cancellation: signed_up_at and
    promoted_at set, waitlisted_at kept (when they joined the list)."""

    scope_org = "activity__org__"
    scope_own = "person_id"
    objects = ScopedManager()

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("职工"))
    signed_up_at = models.DateTimeField(_("报名时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    waitlisted_at = models.DateTimeField(_("候补登记时间"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("候补递补时间"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="activities_signup_once")]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.person_id}"

    @property
    def waiting(self) -> bool:
        return self.signed_up_at is None and self.waitlisted_at is not None
