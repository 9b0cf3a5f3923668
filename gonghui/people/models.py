from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.reviews import ReviewedApplication, is_overdue
from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin
from gonghui.orgs.models import Org
from gonghui.people.codes import EDUCATIONS, ETHNICITIES, POLITICAL_STATUSES


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class EmploymentType(models.TextChoices):
    REGULAR = "regular", _("正式")
    DISPATCHED = "dispatched", _("劳务派遣")
    TEMPORARY = "temporary", _("临时用工")
    CONTRACT = "contract", _("合同制(签约)")
    REHIRED = "rehired", _("退休返聘")
    PART_TIME = "part_time", _("非全日制(兼职)")
    INTERN = "intern", _("实习")
    SECONDED = "seconded", _("外派")
    OTHER = "other", _("其他")


class WorkStatus(models.TextChoices):
    ACTIVE = "active", _("在职")
    RETIRED = "retired", _("退休")
    LEFT = "left", _("离职")


class HonourLevel(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    COUNTY = "county", _("县区")
    CITY = "city", _("市")
    PROVINCE = "province", _("省")
    NATIONAL = "national", _("全国")


class MemberStatus(models.TextChoices):
    """Current 会籍 state, kept in step with the event history by the membership service."""

    NONE = "none", _("非会员")
    ACTIVE = "active", _("在册")
    RETAINED = "retained", _("保留会籍")
    OUT = "out", _("已离会")


class Person(ScopedModelMixin, models.Model):
    """A worker (职工) on the roster; membership is in MembershipEvent."""

    scope_org = "org__"
    scope_own = "pk"
    objects = ScopedManager()

    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    search_key = models.CharField(max_length=400, blank=True, editable=False)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=2, choices=ETHNICITIES, blank=True)
    id_number = models.CharField(_("公民身份号码"), max_length=18, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    education = models.CharField(_("学历"), max_length=2, choices=EDUCATIONS, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=2, choices=POLITICAL_STATUSES, blank=True)
    mobile = models.CharField(_("手机号"), max_length=11, blank=True)
    employee_no = models.CharField(_("工号"), max_length=32, blank=True)
    hired_on = models.DateField(_("入职日期"), null=True, blank=True)
    employment_type = models.CharField(
        _("用工形式"), max_length=16, choices=EmploymentType.choices, default=EmploymentType.REGULAR
    )
    post = models.CharField(_("岗位"), max_length=100, blank=True)
    # Indexed through (org, name_pinyin) below; a second index on org alone only slows imports.
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="people", verbose_name=_("所在组织"),
                            db_index=False)
    is_migrant_worker = models.BooleanField(_("农民工"), default=False)
    model_worker_title = models.CharField(_("劳模称号"), max_length=100, blank=True)
    model_worker_level = models.CharField(_("劳模级别"), max_length=16, choices=HonourLevel.choices, blank=True)
    base_salary = models.DecimalField(_("基本工资"), max_digits=14, decimal_places=2, null=True, blank=True)
    work_status = models.CharField(_("在职状态"), max_length=16, choices=WorkStatus.choices, default=WorkStatus.ACTIVE)
    member_status = models.CharField(
        _("会籍状态"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.NONE, editable=False
    )
    member_no = models.CharField(_("会员编号"), max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("职工")
        verbose_name_plural = _("职工")
        ordering = ["name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="person_id_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(base_salary__isnull=True) | models.Q(base_salary__gte=0),
                name="person_base_salary_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "name_pinyin"]),
            models.Index(fields=["employee_no"]),
            # No index on mobile: people are found by the *last* digits, which no b-tree index serves.
        ]

    def __str__(self):
        return self.name


class MembershipEvent(ScopedModelMixin, models.Model):
    """One dated change of 会籍. `valid_until` is the date of the person's next event (None for the
    latest), so "members on date D" is one indexed filter: date <= D < valid_until."""

    scope_org = "person__org__"
    scope_own = "person_id"
    objects = ScopedManager()

    class Kind(models.TextChoices):
        JOIN = "join", _("入会")
        TRANSFER_IN = "transfer_in", _("转入")
        TRANSFER_OUT = "transfer_out", _("转出")
        LEAVE = "leave", _("退会")
        RETAIN = "retain", _("保留会籍")
        RESTORE = "restore", _("恢复")
        EXPEL = "expel", _("除名")

    # Both keys lead a composite index below, which serves their lookups too.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="membership_events", db_index=False)
    # The org that held the 会籍 at this event (the person's org then); counts of the past use it.
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="membership_events", db_index=False)
    kind = models.CharField(_("变动类型"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("日期"))
    member_no = models.CharField(_("会员编号"), max_length=32, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    valid_until = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会籍变动")
        verbose_name_plural = _("会籍变动")
        ordering = ["person_id", "date", "id"]
        indexes = [
            # Covers "members of a subtree on a date": org_id IN (subtree) AND kind AND date, no table reads,
            # and with the person the join to people (女会员, 农民工会员 ...) reads no event rows either.
            models.Index(fields=["org", "kind", "date", "valid_until", "person"], name="membership_org_kind_person"),
            models.Index(fields=["person", "date"]),
        ]

    def __str__(self):
        return f"{self.person} {self.get_kind_display()} {self.date}"


ACTIVE_KINDS = (MembershipEvent.Kind.JOIN, MembershipEvent.Kind.TRANSFER_IN, MembershipEvent.Kind.RESTORE)


class Position(ScopedModelMixin, models.Model):
    """A post (职务) held in an org for a term."""

    scope_org = "org__"
    scope_own = "person_id"
    objects = ScopedManager()

    class Title(models.TextChoices):
        CHAIR = "chair", _("主席")
        VICE_CHAIR = "vice_chair", _("副主席")
        COMMITTEE = "committee", _("委员")
        AUDIT_CHAIR = "audit_chair", _("经费审查委员会主任")
        AUDIT_MEMBER = "audit_member", _("经费审查委员会委员")
        WOMEN_CHAIR = "women_chair", _("女职工委员会主任")
        WOMEN_MEMBER = "women_member", _("女职工委员会委员")
        BRANCH_CHAIR = "branch_chair", _("分会主席")
        GROUP_LEADER = "group_leader", _("工会小组长")
        SAFETY_MONITOR = "safety_monitor", _("劳动保护监督员")
        PUBLICITY = "publicity", _("宣传委员")
        ORGANISATION = "organisation", _("组织委员")
        OTHER = "other", _("其他")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(_("职务"), max_length=16, choices=Title.choices)
    title_other = models.CharField(_("其他职务名称"), max_length=50, blank=True)
    start_on = models.DateField(_("任职日期"))
    end_on = models.DateField(_("离任日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["org_id", "title", "start_on"]
        indexes = [models.Index(fields=["title", "start_on", "end_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True) | models.Q(end_on__gte=models.F("start_on")),
                name="position_end_after_start",
            ),
        ]

    @property
    def title_label(self) -> str:
        return self.title_other if self.title == self.Title.OTHER and self.title_other else self.get_title_display()

    def __str__(self):
        return f"{self.org} {self.title_label} {self.person}"


class GroupAlias(ScopedModelMixin, models.Model):
    """What an org's roster files call one of its groups (办公室 for 办公室小组): the department mapping an
    officer chose in a roster import preview, remembered for that org's next import."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+", verbose_name=_("导入到的组织"))
    name = models.CharField(_("文件中的写法"), max_length=100)
    target = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+", verbose_name=_("对应的组织"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("小组对应")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="group_alias_unique")]

    def __str__(self) -> str:
        return f"{self.name} → {self.target_id}"


class JoinApplication(ScopedModelMixin, ReviewedApplication):
    """A worker's own application to join a union (网上入会 / 码上入会), sent from the union's public join page
    without an account, reviewed by the union's officers (people/joining/)."""

    scope_org = "org__"
    scope_own = "person_id"
    objects = ScopedManager()

    # The union or branch whose join page it came from; db_index off: (org, status) below leads with it.
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="join_applications",
                            verbose_name=_("申请加入"), db_index=False)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    id_number = models.CharField(_("公民身份号码"), max_length=18)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    mobile = models.CharField(_("手机号"), max_length=11)
    ethnicity = models.CharField(_("民族"), max_length=2, choices=ETHNICITIES)
    education = models.CharField(_("学历"), max_length=2, choices=EDUCATIONS)
    political_status = models.CharField(_("政治面貌"), max_length=2, choices=POLITICAL_STATUSES)
    workplace = models.CharField(_("工作单位/部门"), max_length=100)
    employment_type = models.CharField(_("用工形式"), max_length=16, choices=EmploymentType.choices)
    is_migrant_worker = models.BooleanField(_("农民工"), default=False)
    # 个人信息保护法 第14、17条: which notice the applicant agreed to, and when.
    notice_version = models.CharField(_("告知书版本"), max_length=16)
    consented_at = models.DateTimeField(_("同意时间"))
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="join_applications", verbose_name=_("登记为"))

    class Meta:
        verbose_name = _("入会申请")
        verbose_name_plural = _("入会申请")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["org", "status", "due_on"]),
            models.Index(fields=["id_number", "mobile"]),
        ]
        constraints = [
            # One pending application per person in the whole install.
            models.UniqueConstraint(fields=["id_number"], condition=models.Q(status="pending"),
                                    name="join_application_one_pending"),
            models.CheckConstraint(condition=~models.Q(status="rejected") | ~models.Q(reason=""),
                                   name="join_application_rejected_has_reason"),
        ]

    def __str__(self):
        return f"{self.name} 入会申请"


class TransferRequest(ScopedModelMixin, models.Model):
    """转会: a member's move from their union to another union of the install (people/transfers/). The union
    left and the union joined each approve; either may refuse with a written reason. The second approval
    writes 转出 and 转入 on one date and moves the person.

    Scoped by the union left (`from_org`, the person's org when asked); the union joined reads its incoming
    requests through `transfers.selectors.transfer_list(side="in")`, which filters on `to_org` itself."""

    scope_org = "from_org__"
    scope_own = "person_id"
    objects = ScopedManager()

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已转会")
        REJECTED = "rejected", _("未同意")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Side(models.TextChoices):
        FROM = "from", _("转出单位")
        TO = "to", _("转入单位")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="transfer_requests",
                               verbose_name=_("会员"))
    # db_index off: the (org, status) indexes below lead with them.
    from_org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("转出组织"),
                                 db_index=False)
    to_org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("转入工会"),
                               db_index=False)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(_("转会说明"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("申请时间"))
    requested_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("申请人"))
    due_on = models.DateField(_("应审核日期"))
    from_approved_at = models.DateTimeField(_("转出单位同意时间"), null=True, blank=True)
    from_approved_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="+", verbose_name=_("转出单位审核人"))
    to_approved_at = models.DateTimeField(_("转入单位同意时间"), null=True, blank=True)
    to_approved_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("转入单位审核人"))
    rejected_side = models.CharField(_("不同意的一方"), max_length=8, choices=Side.choices, blank=True)
    rejected_at = models.DateTimeField(_("不同意时间"), null=True, blank=True)
    rejected_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("不同意的审核人"))
    reason = models.CharField(_("不同意的理由"), max_length=500, blank=True)
    transferred_on = models.DateField(_("转会日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("转会申请")
        verbose_name_plural = _("转会申请")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["from_org", "status", "due_on"]),
            models.Index(fields=["to_org", "status", "due_on"]),
        ]
        constraints = [
            # One pending transfer per person.
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="pending"),
                                    name="transfer_one_pending"),
            models.CheckConstraint(condition=~models.Q(status="rejected") | ~models.Q(reason=""),
                                   name="transfer_rejected_has_reason"),
            models.CheckConstraint(condition=~models.Q(from_org=models.F("to_org")), name="transfer_other_org"),
        ]

    @property
    def overdue(self) -> bool:
        return is_overdue(self.due_on, self.status == self.Status.PENDING)

    def __str__(self):
        return f"{self.person} 转会申请"


class PublicAttempt(models.Model):
    """One use of a public (no-login) form, by a hashed client address: the join page throttles on it. The
    address itself is not kept (个人信息保护法 第6条: no more than needed)."""

    class Kind(models.TextChoices):
        APPLY = "apply", _("提交入会申请")
        STATUS = "status", _("查询入会申请")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    address_key = models.CharField(max_length=32)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["address_key", "kind", "at"])]
