"""会费: a union's policy, the wage rows it is worked out from, and what was collected.

What a member owes is not stored: the month's roll is worked out from these rows and the 会籍 history
whenever it is asked for (selectors.roll), so a late wage file or a corrected 会籍 event shows at once.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin
from gonghui.orgs.models import Org
from gonghui.people.models import Person

DEFAULT_RATE = Decimal("0.005")


class Rounding(models.TextChoices):
    TAIL10 = "tail10", _("工资尾数不足10元不计")
    TAIL100 = "tail100", _("工资尾数不足100元不计")
    NONE = "none", _("不舍尾数，会费四舍五入到分")
    YUAN = "yuan", _("会费四舍五入到元")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("按月")
    HALF_YEARLY = "half_yearly", _("按半年")
    YEARLY = "yearly", _("按年")


class Method(models.TextChoices):
    DEDUCTION = "deduction", _("代扣")
    CASH = "cash", _("现金")
    TRANSFER = "transfer", _("转账")


class DuesPolicy(ScopedModelMixin, models.Model):
    """A union's 会费 rule from `effective_from` (the first of a month) until the next policy's month.
    Branches and groups have none of their own: they follow their union's."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="dues_policies", verbose_name=_("基层工会"))
    effective_from = models.DateField(_("起始月份"))
    base_components = models.JSONField(_("缴费基数构成"), default=list)  # wage column names, e.g. ["岗位工资", "薪级工资"]
    rate = models.DecimalField(_("费率"), max_digits=7, decimal_places=5, default=DEFAULT_RATE)
    rounding = models.CharField(_("舍入方式"), max_length=16, choices=Rounding.choices, default=Rounding.TAIL10)
    frequency = models.CharField(_("收缴频次"), max_length=16, choices=Frequency.choices, default=Frequency.MONTHLY)
    # {用工形式 value: "10.00"}: a flat monthly amount for that category instead of the rate
    flat_amounts = models.JSONField(_("定额会费"), default=dict, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("会费标准")
        verbose_name_plural = _("会费标准")
        ordering = ["org_id", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["org", "effective_from"], name="dues_policy_org_month_unique"),
            models.CheckConstraint(condition=models.Q(rate__gte=0) & models.Q(rate__lt=1), name="dues_policy_rate_range"),
        ]

    def __str__(self):
        return f"{self.org} {self.effective_from:%Y-%m} 起会费标准"


class WageRow(ScopedModelMixin, models.Model):
    """One person's payroll line of one month, every column kept ({header: "1234.50" or the text as written}),
    so a later policy may count another component.

    `base_fen` keeps the counted base in whole fen (the sum of the components named by `base_of`, a
    rules.base_key) so that the roll reads an integer rather than the JSON: written by the import for the
    policy in force that month, recomputed when a policy is set for the row's months. A row whose `base_of`
    is not the key of the policy a roll follows is worked out from `columns` instead (never trusted blindly)."""

    scope_org = "org__"
    scope_own = "person_id"
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("导入单位"),
                            db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(_("工资月份"))
    columns = models.JSONField(_("工资项目"), default=dict)
    base_fen = models.BigIntegerField(_("缴费基数（分）"), null=True, blank=True)
    base_of = models.TextField(_("缴费基数构成"), blank=True, default="")  # rules.base_key of the components summed
    source = models.CharField(_("来源文件"), max_length=200, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("工资数据")
        verbose_name_plural = _("工资数据")
        ordering = ["month", "person_id"]
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="dues_wage_person_month_unique")]
        indexes = [models.Index(fields=["org", "month"], name="dues_wage_org_month")]


class DuesCollection(ScopedModelMixin, models.Model):
    """One act of collecting (a month's payroll deduction, a payment file, a refund): what a voucher needs —
    the union, the date, the total and how the money came (代扣/转账 -> 银行存款, 现金 -> 库存现金; credit
    401 会费收入). `voucher_ref` is left for funds/ to fill when it posts the draft voucher."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    class Kind(models.TextChoices):
        DEDUCTION = "deduction", _("工资代扣")
        FILE = "file", _("缴费名单导入")
        REFUND = "refund", _("退款/更正")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("基层工会"))
    kind = models.CharField(_("方式"), max_length=16, choices=Kind.choices)
    month = models.DateField(_("所属月份"))
    paid_on = models.DateField(_("缴费日期"))
    method = models.CharField(_("缴费方式"), max_length=16, choices=Method.choices)
    total = models.DecimalField(_("金额合计"), max_digits=14, decimal_places=2, default=Decimal(0))
    payments = models.PositiveIntegerField(_("笔数"), default=0)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    voucher_ref = models.CharField(_("凭证号"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会费收缴")
        verbose_name_plural = _("会费收缴")
        ordering = ["-paid_on", "-id"]

    @property
    def voucher_id(self) -> int | None:
        """The pk of the draft voucher in the books (`voucher_ref` "funds.voucher:12"), None before it is posted."""
        head, _sep, pk = self.voucher_ref.partition(":")
        return int(pk) if head == "funds.voucher" and pk.isdigit() else None

    @property
    def debit_account(self) -> str:
        return "库存现金" if self.method == Method.CASH else "银行存款"

    def __str__(self):
        return f"{self.org} {self.month:%Y-%m} {self.get_kind_display()} {self.total}"


class DuesPayment(ScopedModelMixin, models.Model):
    """Money received for one member's dues of one month; a refund or correction is negative with a reason.
    `org` is where the member's 会籍 sat that month (so a breakdown by 分会 adds up)."""

    scope_org = "org__"
    scope_own = "person_id"
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", db_index=False)
    month = models.DateField(_("所属月份"))
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("缴费日期"))
    method = models.CharField(_("缴费方式"), max_length=16, choices=Method.choices)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    collection = models.ForeignKey(DuesCollection, on_delete=models.CASCADE, related_name="lines")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("会费缴纳")
        verbose_name_plural = _("会费缴纳")
        ordering = ["month", "person_id", "id"]
        indexes = [
            models.Index(fields=["org", "month"], name="dues_payment_org_month"),
            models.Index(fields=["person", "month"], name="dues_payment_person_month"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="dues_payment_not_zero"),
        ]
