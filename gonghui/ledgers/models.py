"""The 16 work ledgers (工作台账). One model per kind with typed fields, so every number is one query.

Every kind names its first date column `date` (日期, 开始日期, 提出日期, 授予日期, 建档日期, 受理日期, 制定日期,
签订日期, 交办日期): an entry belongs to a period by it. `person_times` (人次) is stored by the service as
max(参加人数, people listed) so sums stay set-based.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin
from gonghui.ledgers import choices as c
from gonghui.orgs.models import Org
from gonghui.people.models import Person

MONEY = {"max_digits": 14, "decimal_places": 2}


class LedgerEntry(ScopedModelMixin, models.Model):
    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("所属组织"))
    date = models.DateField(_("日期"), db_index=True)
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"], name="%(app_label)s_%(class)s_org_date")]


class WithParticipants(LedgerEntry):
    participant_count = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    person_times = models.PositiveIntegerField(_("人次"), default=0, editable=False)

    class Meta(LedgerEntry.Meta):
        abstract = True


class Meeting(WithParticipants):
    meeting_type = models.CharField(_("会议类型"), max_length=20, choices=c.MeetingType.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    participants = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("参加人员"))
    agenda = models.TextField(_("议题"), blank=True)
    resolutions = models.TextField(_("决议事项"), blank=True)

    class Meta(WithParticipants.Meta):
        verbose_name = _("会议")


class Study(WithParticipants):
    study_type = models.CharField(_("类型"), max_length=20, choices=c.StudyType.choices)
    topic = models.CharField(_("主题"), max_length=200)
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1, null=True, blank=True)
    lecturer = models.CharField(_("主讲人"), max_length=100, blank=True)
    participants = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("参加人员"))
    employed_count = models.PositiveIntegerField(_("安置就业人数"), null=True, blank=True)

    class Meta(WithParticipants.Meta):
        verbose_name = _("学习培训")


class Culture(WithParticipants):
    title = models.CharField(_("活动名称"), max_length=200)
    mode = models.CharField(_("组织方式"), max_length=10, choices=c.CultureMode.choices)
    participants = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("参加人员"))
    awards = models.CharField(_("获奖情况"), max_length=300, blank=True)
    # What the event cost the union's funds (场地, 器材, 奖品, 必要的餐费): its draft voucher, 50102 文体活动.
    cost = models.DecimalField(_("活动费用(元)"), **MONEY, null=True, blank=True)

    class Meta(WithParticipants.Meta):
        verbose_name = _("文体活动")


class Competition(LedgerEntry):
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    title = models.CharField(_("竞赛名称"), max_length=200)
    competition_type = models.CharField(_("类型"), max_length=10, choices=c.CompetitionType.choices, blank=True)
    teams = models.CharField(_("参赛班组"), max_length=300, blank=True)
    participant_count = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    results = models.TextField(_("成果"), blank=True)
    reward_amount = models.DecimalField(_("奖励金额(元)"), **MONEY, null=True, blank=True)
    title_awarded = models.CharField(_("获得称号"), max_length=200, blank=True)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("劳动竞赛")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("date")),
                                   name="competition_end_after_start"),
        ]


class Suggestion(LedgerEntry):
    category = models.CharField(_("类别"), max_length=20, choices=c.SuggestionCategory.choices)
    title = models.CharField(_("标题"), max_length=200)
    proposers = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("提出人"))
    status = models.CharField(_("状态"), max_length=20, choices=c.SuggestionStatus.choices)
    economic_value = models.DecimalField(_("经济效益(元)"), **MONEY, null=True, blank=True)
    reward_amount = models.DecimalField(_("奖励金额(元)"), **MONEY, null=True, blank=True)
    rejection_reason = models.CharField(_("未采纳原因"), max_length=300, blank=True)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("合理化建议")


class Honour(LedgerEntry):
    recipient_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("获奖个人"))
    recipient_org = models.ForeignKey(Org, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("获奖集体"))
    honour_name = models.CharField(_("荣誉名称"), max_length=200)
    level = models.CharField(_("级别"), max_length=12, choices=c.Level.choices)
    granted_by = models.CharField(_("授予单位"), max_length=200, blank=True)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("荣誉")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient_person__isnull=False, recipient_org__isnull=True)
                | models.Q(recipient_person__isnull=True, recipient_org__isnull=False),
                name="honour_one_recipient",
            ),
        ]


class Hardship(LedgerEntry):
    """困难职工档案; `date` is 建档日期, in force until 解困日期."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("困难职工"))
    category = models.CharField(_("困难类别"), max_length=10, choices=c.HardshipCategory.choices)
    cause = models.CharField(_("致困原因"), max_length=300, blank=True)
    family_size = models.PositiveSmallIntegerField(_("家庭人口"), null=True, blank=True)
    income_per_capita = models.DecimalField(_("家庭月人均收入(元)"), **MONEY, null=True, blank=True)
    reviewed_on = models.DateField(_("复核日期"), null=True, blank=True)
    resolved_on = models.DateField(_("解困日期"), null=True, blank=True)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("困难职工档案")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_on__isnull=True) | models.Q(resolved_on__gte=models.F("date")),
                name="hardship_resolved_after_filed",
            ),
        ]


class Aid(LedgerEntry):
    aid_type = models.CharField(_("类型"), max_length=12, choices=c.AidType.choices)
    nature = models.CharField(_("性质"), max_length=12, choices=c.AidNature.choices, blank=True)
    recipient = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("受助人"))
    person_times = models.PositiveIntegerField(_("人次"), default=1)
    amount = models.DecimalField(_("金额(元)"), **MONEY, null=True, blank=True)
    goods_value = models.DecimalField(_("物品折价(元)"), **MONEY, null=True, blank=True)
    fund_source = models.CharField(_("资金来源"), max_length=200, blank=True)
    visitors = models.CharField(_("慰问人"), max_length=200, blank=True)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("帮扶慰问")


class Mediation(LedgerEntry):
    """劳动争议调解; `date` is 受理日期. 案号 is unique per union (checked by the service)."""

    case_no = models.CharField(_("案号"), max_length=50)
    applicant = models.CharField(_("申请人"), max_length=100, blank=True)
    dispute_type = models.CharField(_("争议类型"), max_length=12, choices=c.DisputeType.choices)
    status = models.CharField(_("状态"), max_length=12, choices=c.MediationStatus.choices)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("劳动争议调解")


class Women(WithParticipants):
    women_type = models.CharField(_("类型"), max_length=12, choices=c.WomenType.choices)
    title = models.CharField(_("名称"), max_length=200)
    participants = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("参加人员"))
    amount = models.DecimalField(_("金额(元)"), **MONEY, null=True, blank=True)

    class Meta(WithParticipants.Meta):
        verbose_name = _("女职工工作")


class Publicity(LedgerEntry):
    title = models.CharField(_("标题"), max_length=300)
    author = models.CharField(_("作者"), max_length=100, blank=True)
    media_type = models.CharField(_("媒体类型"), max_length=12, choices=c.MediaType.choices)
    media_name = models.CharField(_("媒体名称"), max_length=200)
    level = models.CharField(_("级别"), max_length=12, choices=c.Level.choices, blank=True)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("宣传报道")


class Rule(LedgerEntry):
    """制度建设; `date` is 制定日期, in force until 废止日期."""

    title = models.CharField(_("制度名称"), max_length=200)
    category = models.CharField(_("类别"), max_length=16, choices=c.RuleCategory.choices)
    revised_on = models.DateField(_("修订日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("制度建设")


class Openness(LedgerEntry):
    matter = models.CharField(_("公开事项"), max_length=300)
    form = models.CharField(_("公开形式"), max_length=100, blank=True)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("厂务公开")


class Contract(LedgerEntry):
    """集体合同; `date` is 签订日期, in force from 期限开始 to 期限结束."""

    contract_type = models.CharField(_("合同类型"), max_length=10, choices=c.ContractType.choices)
    start_on = models.DateField(_("期限开始"))
    end_on = models.DateField(_("期限结束"))
    workers_covered = models.PositiveIntegerField(_("覆盖职工数"))

    class Meta(LedgerEntry.Meta):
        verbose_name = _("集体合同")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_on__gte=models.F("start_on")), name="contract_term_order"),
        ]


class Proposal(LedgerEntry):
    title = models.CharField(_("标题"), max_length=300)
    proposer = models.CharField(_("提案人"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=c.ProposalStatus.choices)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("职代会提案")


class Task(LedgerEntry):
    """上级交办任务; `date` is 交办日期."""

    task = models.CharField(_("任务"), max_length=300)
    assigned_by = models.CharField(_("交办单位"), max_length=200, blank=True)
    due_on = models.DateField(_("期限"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("上级交办任务")


class Attachment(ScopedModelMixin, models.Model):
    """A photo, scanned sign-in sheet or PDF of a ledger entry; checked by content, served only in scope."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16)
    entry_id = models.BigIntegerField()
    file = models.FileField(upload_to="attachments/%Y/%m/")
    thumbnail = models.FileField(upload_to="attachments/thumbs/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "entry_id"])]


# The members' requests that become entries (ledgers/requests/), registered with the app here.
from gonghui.ledgers.requests.models import HelpDocument, HelpRequest, SuggestionSubmission  # noqa: E402, F401
