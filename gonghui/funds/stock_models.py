"""The 物资台账's models (库存物品 and the 职工书屋's books), kept apart from the books' models; funds/models.py
imports them so Django registers them in the funds app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin
from gonghui.funds.models import MONEY, Voucher, WelfareIssue
from gonghui.orgs.models import Org

# --- 物资台账: 库存物品 and the 职工书屋's books ------------------------------------------------------------------

class StockCategory(models.TextChoices):
    GIFTS = "gifts", _("慰问品、礼品")
    SPORTS = "sports", _("体育器材")
    RECREATION = "recreation", _("娱乐用具")
    BOOKS = "books", _("图书（职工书屋）")
    OTHER = "other", _("其他物品")


class StockItem(ScopedModelMixin, models.Model):
    """One line of a union's 物资台账: a 库存物品 (gifts bought for a festival, sports equipment, 娱乐用具) or a
    title of the 职工书屋. `quantity` and `value` are what the movements left (kept by the services under a row
    lock: the list shows them without summing); the value is at cost (加权平均)."""

    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("类别"), max_length=12, choices=StockCategory.choices)
    name = models.CharField(_("品名/书名"), max_length=100)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    unit = models.CharField(_("单位"), max_length=10, default="件")
    location = models.CharField(_("存放位置"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("库存数量"), default=0)
    value = models.DecimalField(_("库存金额"), default=0, **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "category", "name", "isbn"], name="funds_stock_item_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="funds_stock_value_positive"),
            # Nothing left, nothing of value left (the last issue takes the rest of the value).
            models.CheckConstraint(condition=~Q(quantity=0) | Q(value=0), name="funds_stock_empty_no_value"),
        ]

    def __str__(self) -> str:
        return self.name


class StockMovement(ScopedModelMixin, models.Model):
    """入库 (purchase or donation), 出库 (to a person, an activity, a welfare issue) or a 盘点 difference of
    one item: `quantity` and `amount` signed (in positive, out negative), with the voucher it drafted."""

    class Kind(models.TextChoices):
        PURCHASE = "purchase", _("购入入库")
        DONATION = "donation", _("捐赠入库")
        ISSUE = "issue", _("领用出库")
        STOCKTAKE = "stocktake", _("盘点差异")

    class Purpose(models.TextChoices):
        PERSON = "person", _("发给个人")
        ACTIVITY = "activity", _("活动领用")
        WELFARE = "welfare", _("福利发放")
        OTHER = "other", _("其他")

    scope_org = "item__org__"
    scope_own = None
    objects = ScopedManager()

    item = models.ForeignKey(StockItem, on_delete=models.PROTECT, related_name="movements")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    quantity = models.IntegerField(_("数量"))
    unit_price = models.DecimalField(_("单价"), default=0, **MONEY)
    amount = models.DecimalField(_("金额"), default=0, **MONEY)
    purpose = models.CharField(_("用途"), max_length=10, choices=Purpose.choices, blank=True)
    recipient = models.CharField(_("领用人/活动/来源"), max_length=100, blank=True)
    person_id = models.PositiveIntegerField(null=True, blank=True)
    counted = models.PositiveIntegerField(_("实盘数量"), null=True, blank=True)
    recorded = models.PositiveIntegerField(_("账面数量"), null=True, blank=True)
    reason = models.CharField(_("说明"), max_length=200, blank=True)
    quantity_after = models.PositiveIntegerField(_("结存数量"))
    value_after = models.DecimalField(_("结存金额"), **MONEY)
    voucher = models.ForeignKey(Voucher, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A purchase already paid by a voucher of the books (entered by hand or imported): only the stock is drafted.
    paid_by = models.ForeignKey(Voucher, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("付款凭证"))
    # The 福利发放 the goods were given out in (its 签收单 and the per-member limits are the issue's).
    welfare_issue = models.ForeignKey(WelfareIssue, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="stock_movements")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=["purchase", "donation"], quantity__gt=0, amount__gte=0)
                           | Q(kind="issue", quantity__lt=0, amount__lte=0)
                           | (Q(kind="stocktake") & ~Q(quantity=0))),
                name="funds_stock_movement_sign"),
            models.CheckConstraint(condition=Q(unit_price__gte=0) & Q(value_after__gte=0),
                                   name="funds_stock_movement_positive"),
        ]


class BookLoan(ScopedModelMixin, models.Model):
    """A copy of a 职工书屋 title lent to a member of the union (`person_id` of people.Person, kept with the
    name: funds does not import people), due back on a date; returned once."""

    scope_org = "item__org__"
    scope_own = None
    objects = ScopedManager()

    item = models.ForeignKey(StockItem, on_delete=models.PROTECT, related_name="loans")
    person_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    borrower = models.CharField(_("借阅人"), max_length=50)
    lent_on = models.DateField(_("借出日期"))
    due_on = models.DateField(_("应还日期"))
    returned_on = models.DateField(_("归还日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-lent_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=F("lent_on")), name="funds_loan_due_after_lent"),
            models.CheckConstraint(condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("lent_on")),
                                   name="funds_loan_returned_after_lent"),
        ]
