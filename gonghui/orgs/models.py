from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gonghui.core.scope_guard import ScopedModelMixin, ScopedQuerySet


class OrgKind(models.TextChoices):
    FEDERATION = "federation", _("总工会/工会工作委员会")
    UNION = "union", _("基层工会")
    BRANCH = "branch", _("分会/车间工会")
    GROUP = "group", _("工会小组")


# What each kind may hold directly; None is the top of the tree.
ALLOWED_CHILDREN = {
    None: {OrgKind.FEDERATION, OrgKind.UNION},
    OrgKind.FEDERATION: {OrgKind.FEDERATION, OrgKind.UNION},
    OrgKind.UNION: {OrgKind.BRANCH, OrgKind.GROUP},
    OrgKind.BRANCH: {OrgKind.GROUP},
    OrgKind.GROUP: set(),
}


class OrgQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    pass


class OrgManager(MP_NodeManager):
    def get_queryset(self):
        return OrgQuerySet(self.model).order_by("path")


class Org(ScopedModelMixin, MP_Node):
    """A node of the union tree. `path` (materialised) makes "this org and below" one prefix filter."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("正常")
        DISSOLVED = "dissolved", _("已撤销")

    scope_org = ""
    scope_own = None
    objects = OrgManager()

    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(
        _("组织代码"), max_length=32, unique=True, help_text=_("统一社会信用代码，没有时由系统或上级分配")
    )
    kind = models.CharField(_("类型"), max_length=16, choices=OrgKind.choices)
    is_joint = models.BooleanField(_("联合基层工会"), default=False)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    term_number = models.PositiveSmallIntegerField(_("届次"), null=True, blank=True)
    term_start = models.DateField(_("本届开始"), null=True, blank=True)
    term_end = models.DateField(_("本届届满"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        indexes = [
            models.Index(fields=["kind", "status"]),
            # On PostgreSQL a prefix LIKE needs pattern ops unless the collation is C.
            models.Index(fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_start__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="org_term_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class OrgRating(models.Model):
    """职工之家 / 职工小家 rating awarded to an org for a year."""

    class Home(models.TextChoices):
        HOME = "home", _("职工之家")
        SMALL_HOME = "small_home", _("职工小家")

    class Grade(models.TextChoices):
        QUALIFIED = "qualified", _("合格")
        ADVANCED = "advanced", _("先进")
        MODEL = "model", _("模范")

    class Level(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        COUNTY = "county", _("县（区）")
        CITY = "city", _("市")
        PROVINCE = "province", _("省")
        NATIONAL = "national", _("全国")

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("年度"))
    home = models.CharField(_("类别"), max_length=16, choices=Home.choices)
    grade = models.CharField(_("等级"), max_length=16, choices=Grade.choices)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "home", "level"], name="org_rating_unique"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_level_display()}{self.get_grade_display()}{self.get_home_display()}"
