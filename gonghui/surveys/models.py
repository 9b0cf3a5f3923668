"""Surveys and votes members answer on their phones, and the 职工满意度测评 whose score feeds the 职工之家 rating.

Anonymity: a `Response` of an anonymous survey carries no person and no time; who has answered is kept apart
in `Participation` (one row per person and survey, which is what refuses a second answer). Responses and their
answers have random keys, so nothing the application shows orders them like the participations."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin
from gonghui.orgs.models import Org
from gonghui.people.models import Person


class Survey(ScopedModelMixin, models.Model):
    """Addressed to `org` and everyone below it."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    class Kind(models.TextChoices):
        SURVEY = "survey", _("问卷调查")
        VOTE = "vote", _("投票")
        SATISFACTION = "satisfaction", _("职工满意度测评")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("已结束")
        WITHDRAWN = "withdrawn", _("已撤回")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("发送范围"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.SURVEY)
    title = models.CharField(_("标题"), max_length=200)
    intro = models.TextField(_("说明"), blank=True, max_length=4000)
    anonymous = models.BooleanField(_("匿名"), default=True)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    audience_size = models.PositiveIntegerField(_("应参与人数"), default=0,
                                                help_text=_("发布时发送范围内在册会员人数"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("问卷")
        indexes = [models.Index(fields=["org", "closes_on"], name="surveys_org_closes")]
        constraints = [models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")),
                                              name="surveys_closes_after_opens")]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """Read through its survey (fetched in scope)."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("单选")
        MULTI = "multi", _("多选")
        RATING = "rating", _("评分（1–5）")
        TEXT = "text", _("填空")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("题目"), max_length=300)
    kind = models.CharField(_("题型"), max_length=8, choices=Kind.choices)
    required = models.BooleanField(_("必答"), default=True)
    min_picks = models.PositiveSmallIntegerField(_("最少选"), default=1)
    max_picks = models.PositiveSmallIntegerField(_("最多选"), default=1)
    satisfaction = models.BooleanField(_("计入满意率"), default=False,
                                       help_text=_("满意度测评的一个维度：满意/基本满意计为满意"))

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("选项"), max_length=200)
    positive = models.BooleanField(default=False)  # 满意 / 基本满意 of a satisfaction question

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Participation(ScopedModelMixin, models.Model):
    """That a person has answered a survey (named or anonymous): one per person and survey."""

    scope_org = "survey__org__"
    scope_own = "person_id"
    objects = ScopedManager()

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="surveys_answer_once")]


class Response(ScopedModelMixin, models.Model):
    """One member's answers. `person` and `submitted_at` only when the survey is named."""

    scope_org = "survey__org__"
    scope_own = "person_id"
    objects = ScopedManager()

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)


class Answer(models.Model):
    """One question's answer in a response: a picked option (one row per pick), a rating, or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "option"], name="surveys_answer_option")]
