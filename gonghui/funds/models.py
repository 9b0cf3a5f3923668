"""The books of a union under the 工会会计制度: accounts, vouchers and their lines, opening balances, closed
periods. A small double-entry core in the spirit of django-hordak (a transaction of legs that must balance,
amounts as Decimal, the rules the database can hold written as CHECK constraints), on any database Django
supports (SQLite and PostgreSQL): the balance of a voucher is checked by the service, a line's shape by the
database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin
from gonghui.funds import chart
from gonghui.orgs.models import Org

MONEY = {"max_digits": 14, "decimal_places": 2}


class Account(ScopedModelMixin, models.Model):
    """A 会计科目 of one union's books: prescribed (from the chart) or the union's own sub-account."""

    class Category(models.TextChoices):
        ASSET = chart.ASSET, _("资产类")
        LIABILITY = chart.LIABILITY, _("负债类")
        NET = chart.NET, _("净资产类")
        INCOME = chart.INCOME, _("收入类")
        EXPENSE = chart.EXPENSE, _("支出类")

    class Side(models.TextChoices):
        DEBIT = chart.DEBIT, _("借")
        CREDIT = chart.CREDIT, _("贷")

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("上级科目"))
    code = models.CharField(_("科目代码"), max_length=20)
    name = models.CharField(_("科目名称"), max_length=60)
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    side = models.CharField(_("余额方向"), max_length=1, choices=Side.choices)
    prescribed = models.BooleanField(_("制度规定科目"), default=True)
    county = models.BooleanField(_("县级以上科目"), default=False)
    is_leaf = models.BooleanField(_("末级科目"), default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="funds_account_code_unique"),
            models.UniqueConstraint(fields=["org", "parent", "name"], name="funds_account_name_unique"),
            models.CheckConstraint(condition=Q(side__in=["D", "C"]), name="funds_account_side"),
        ]

    def __str__(self) -> str:  # an account is always shown with its name (附录1 总说明 四)
        return f"{self.code} {self.name}"


class Voucher(ScopedModelMixin, models.Model):
    """A 记账凭证: 制单 (draft) -> 审核 (reviewed) -> 记账 (posted). Posted vouchers are never changed; a red
    voucher (`reverses`) undoes one."""

    class State(models.TextChoices):
        DRAFT = "draft", _("制单")
        REVIEWED = "reviewed", _("已审核")
        POSTED = "posted", _("已记账")

    class Kind(models.TextChoices):
        NORMAL = "normal", _("记账凭证")
        REVERSAL = "reversal", _("红字冲销")
        CLOSING = "closing", _("年末结转")

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    date = models.DateField(_("日期"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    number = models.PositiveIntegerField(_("凭证号"))
    summary = models.CharField(_("摘要"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.NORMAL)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    attachments_count = models.PositiveSmallIntegerField(_("附件张数"), default=0)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by", verbose_name=_("冲销的凭证"))
    # Where a draft came from elsewhere in gonghui ("ledgers.aid:12"), with a label to show.
    source = models.CharField(_("来源"), max_length=80, blank=True, db_index=True)
    source_label = models.CharField(_("来源说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("制单人"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("审核人"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("记账人"))
    by_system = models.BooleanField(_("系统审核记账"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "month", "number"], name="funds_voucher_number_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="funds_voucher_month"),
            models.CheckConstraint(condition=Q(number__gte=1), name="funds_voucher_number_positive"),
            # Whoever made a voucher does not review it.
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | Q(created_by__isnull=True) | ~Q(reviewed_by=F("created_by")),
                name="funds_voucher_reviewer_not_maker"),
            models.CheckConstraint(condition=Q(state="draft") | Q(reviewed_by__isnull=False) | Q(by_system=True),
                                   name="funds_voucher_reviewed_has_reviewer"),
        ]
        indexes = [models.Index(fields=["org", "date"], name="funds_voucher_org_date")]

    @property
    def label(self) -> str:
        return f"记-{self.number}"

    @property
    def label_full(self) -> str:
        return f"{self.year}-{self.month:02d} 记-{self.number}"

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月 记-{self.number}"


class VoucherLine(ScopedModelMixin, models.Model):
    """One 分录 line: an account, a debit or a credit (exactly one, positive; negative only on a red voucher),
    the 专项 flag and, for 专项 money, the project."""

    scope_org = "voucher__org__"
    scope_own = None
    objects = ScopedManager()

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines", verbose_name=_("科目"))
    debit = models.DecimalField(_("借方金额"), default=0, **MONEY)
    credit = models.DecimalField(_("贷方金额"), default=0, **MONEY)
    earmarked = models.BooleanField(_("专项"), default=False)
    project = models.CharField(_("项目"), max_length=100, blank=True)
    red = models.BooleanField(_("红字"), default=False)

    class Meta:
        ordering = ["voucher", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit=0) & ~Q(credit=0)) | (~Q(debit=0) & Q(credit=0)),
                name="funds_line_one_side"),
            models.CheckConstraint(condition=Q(red=True) | (Q(debit__gte=0) & Q(credit__gte=0)),
                                   name="funds_line_positive_unless_red"),
            models.CheckConstraint(condition=Q(red=False) | (Q(debit__lte=0) & Q(credit__lte=0)),
                                   name="funds_line_red_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.account} 借{self.debit} 贷{self.credit}"


class OpeningBalance(ScopedModelMixin, models.Model):
    """A 期初余额 of one account at the start of the year the books begin (positive on the account's side,
    negative on the other)."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="openings")
    debit = models.DecimalField(_("借方余额"), default=0, **MONEY)
    credit = models.DecimalField(_("贷方余额"), default=0, **MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "account"], name="funds_opening_unique"),
            models.CheckConstraint(condition=Q(debit__gte=0) & Q(credit__gte=0), name="funds_opening_positive"),
            models.CheckConstraint(condition=Q(debit=0) | Q(credit=0), name="funds_opening_one_side"),
        ]


class ClosedPeriod(ScopedModelMixin, models.Model):
    """A closed month (1-12) or a closed year (month 0): no voucher is dated, changed or posted in it."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"), help_text="0: the whole year (year-end close)")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "month"], name="funds_closed_unique"),
            models.CheckConstraint(condition=Q(month__gte=0, month__lte=12), name="funds_closed_month"),
        ]


class Budget(ScopedModelMixin, models.Model):
    """A year's 预算 of one union's books: drafted, then approved and fixed."""

    class State(models.TextChoices):
        DRAFT = "draft", _("编制中")
        APPROVED = "approved", _("已批准")

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="funds_budget_unique")]

    def __str__(self) -> str:
        return f"{self.year}年预算"


class BudgetLine(ScopedModelMixin, models.Model):
    """One line of a budget: an expense account (any level: its sub-accounts count), 基本支出 or 项目支出, the
    amount, and what a voucher that would exceed it meets: nothing, a warning, or a refusal."""

    class Kind(models.TextChoices):
        BASIC = "basic", _("基本支出")
        PROJECT = "project", _("项目支出")

    class Control(models.TextChoices):
        NONE = "none", _("不控制")
        WARN = "warn", _("提示")
        BLOCK = "block", _("禁止超支")

    scope_org = "budget__org__"
    scope_own = None
    objects = ScopedManager()

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("科目"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.BASIC)
    amount = models.DecimalField(_("预算金额"), **MONEY)
    control = models.CharField(_("超支控制"), max_length=10, choices=Control.choices, default=Control.WARN)

    class Meta:
        ordering = ["account__code", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "account", "kind"], name="funds_budget_line_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funds_budget_amount_positive"),
        ]


# --- 福利发放 (welfare issue) and the province's per-member limits ---------------------------------------------

class WelfareItem(models.TextChoices):
    """What a welfare issue is for (《基层工会经费收支管理办法》 and the provinces' rules, domain.md §4.3)."""

    FESTIVAL = "festival", _("节日慰问品")
    BIRTHDAY = "birthday", _("生日慰问")
    WEDDING = "wedding", _("结婚慰问")
    BIRTH = "birth", _("生育慰问")
    HOSPITAL = "hospital", _("生病住院慰问")
    DEATH_MEMBER = "death_member", _("会员去世慰问")
    DEATH_RELATIVE = "death_relative", _("直系亲属去世慰问")
    RETIREMENT = "retirement", _("退休离岗纪念品")


class WelfareForm(models.TextChoices):
    GOODS = "goods", _("实物")
    COUPON = "coupon", _("指定商品提货券")
    CASH = "cash", _("现金")
    CARD = "card", _("购物卡")


class WelfareLimit(ScopedModelMixin, models.Model):
    """A yearly per-member limit of one welfare item in one union's books, in force from `year_from` until a
    later row (the province's rules change by edition). Data, edited by 财务/管理员, never code."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("项目"), max_length=20, choices=WelfareItem.choices)
    year_from = models.PositiveSmallIntegerField(_("起始年度"))
    amount = models.DecimalField(_("每人每年限额"), **MONEY)
    cash_allowed = models.BooleanField(_("可发现金、购物卡"), default=False)
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        ordering = ["item", "year_from"]
        constraints = [
            models.UniqueConstraint(fields=["org", "item", "year_from"], name="funds_welfare_limit_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funds_welfare_limit_positive"),
        ]


class WelfareIssue(ScopedModelMixin, models.Model):
    """One 福利发放 to members: the item, the form (goods, coupon, cash, card), and a line per member."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("发放日期"))
    item = models.CharField(_("项目"), max_length=20, choices=WelfareItem.choices)
    form = models.CharField(_("发放形式"), max_length=10, choices=WelfareForm.choices, default=WelfareForm.GOODS)
    summary = models.CharField(_("摘要"), max_length=200)
    total = models.DecimalField(_("合计金额"), **MONEY)
    voucher = models.ForeignKey(Voucher, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.summary}"


class WelfareRecipient(ScopedModelMixin, models.Model):
    """A member of an issue. `person_id` is the people app's person when the face knew it (funds does not
    import people: floor 4 beside it); the name is kept as printed on the 签收单."""

    scope_org = "issue__org__"
    scope_own = None
    objects = ScopedManager()

    issue = models.ForeignKey(WelfareIssue, on_delete=models.CASCADE, related_name="recipients")
    position = models.PositiveSmallIntegerField(default=0)
    person_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    name = models.CharField(_("姓名"), max_length=50)
    amount = models.DecimalField(_("金额"), **MONEY)

    class Meta:
        ordering = ["issue", "position", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funds_welfare_amount_positive")]


# --- 经审 (the audit committee's findings) ---------------------------------------------------------------------

class AuditFinding(ScopedModelMixin, models.Model):
    """What the 经审 found checking one voucher of the sample: in order, or a problem described."""

    class Result(models.TextChoices):
        OK = "ok", _("无问题")
        ISSUE = "issue", _("有问题")

    scope_org = "voucher__org__"
    scope_own = None
    objects = ScopedManager()

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="findings")
    result = models.CharField(_("结论"), max_length=10, choices=Result.choices)
    text = models.CharField(_("审查意见"), max_length=500, blank=True)
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["voucher", "created_at", "id"]


# --- 固定资产 ----------------------------------------------------------------------------------------------------

class AssetCategory(models.TextChoices):
    OFFICE = "office", _("计算机及办公设备")
    VEHICLE = "vehicle", _("交通工具")
    FURNITURE = "furniture", _("家具、用具")
    SPECIAL = "special", _("专用设备")


class FixedAsset(ScopedModelMixin, models.Model):
    """A 固定资产 of a union's books: recorded at cost with 资产基金 (30104), depreciated monthly, straight
    line, no residual value, from the month acquired (工会会计制度 第32、35条); disposed once."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("资产名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=12, choices=AssetCategory.choices)
    cost = models.DecimalField(_("原值"), **MONEY)
    acquired = models.DateField(_("取得日期"))
    life_years = models.PositiveSmallIntegerField(_("折旧年限"))
    custodian = models.CharField(_("保管人"), max_length=50, blank=True)
    place = models.CharField(_("存放地点"), max_length=100, blank=True)
    disposed_on = models.DateField(_("处置日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["acquired", "id"]
        constraints = [models.CheckConstraint(condition=Q(cost__gt=0) & Q(life_years__gt=0),
                                              name="funds_asset_cost_life_positive")]

    def __str__(self) -> str:
        return self.name


class VoucherAttachment(ScopedModelMixin, models.Model):
    """A file of a voucher (invoice, the activity's 签到表 or 签收单): checked by content like the ledgers'
    attachments (core.attachment_check), stored under a random name with the type's extension, served only
    to readers of the books."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="vouchers/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["voucher", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


# The 物资台账's models live in stock_models.py (imported last: they refer to Voucher and WelfareIssue above).
from gonghui.funds.stock_models import BookLoan, StockCategory, StockItem, StockMovement  # noqa: E402, F401
