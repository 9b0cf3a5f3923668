"""固定资产: recorded at cost with 资产基金, depreciated monthly on the straight line with no residual value from
the month acquired (工会会计制度 第32、35条; a month's disposal is not depreciated that month), disposed once.
Each step posts its draft voucher through `services.voucher_draft_from`:

- acquisition (source funds.asset:<pk>): 借 507xx 资本性支出 / 贷 102 银行存款, and 借 162 固定资产 / 贷 30104 资产基金;
- a month's depreciation (funds.depreciation:<yyyy-mm>): 借 30104 资产基金 / 贷 163 累计折旧;
- disposal (funds.asset-disposal:<pk>): 借 163 (what was depreciated), 借 30104 (the net value) / 贷 162 (cost).

Thresholds and minimum lives are the rules' (domain.md §5.1): 通用设备 ≥ 1 000 元, 专用设备 ≥ 1 500 元;
computers and office equipment ≥ 6 years, vehicles ≥ 8, furniture ≥ 15. 专用设备 ≥ 5 is not in domain.md
(附录2 gives ranges per kind of special equipment; 5 is its shortest) [U].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import scoped
from gonghui.core import audit
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.funds.book_services import BOOKS, CENT, ZERO, book_org, fen, money
from gonghui.funds.models import AssetCategory, FixedAsset
from gonghui.funds.rights import FUNDS_READ_ROLES, can_write_books, require
from gonghui.funds.voucher_services import voucher_draft_from
from gonghui.orgs.models import Org

THRESHOLD = {AssetCategory.SPECIAL: Decimal("1500.00")}  # every other category is 通用: 1 000
GENERAL_THRESHOLD = Decimal("1000.00")
MIN_LIFE_YEARS = {AssetCategory.OFFICE: 6, AssetCategory.VEHICLE: 8, AssetCategory.FURNITURE: 15,
                  AssetCategory.SPECIAL: 5}
PURCHASE_ACCOUNT = {AssetCategory.OFFICE: "50702", AssetCategory.VEHICLE: "50704",
                    AssetCategory.FURNITURE: "50707", AssetCategory.SPECIAL: "50703"}
FUND = "30104"  # 资产基金—固定资产

NO_NAME = _("请填写资产名称。")
BAD_CATEGORY = _("请选择资产类别。")
BAD_COST = _("原值应为大于0、最多两位小数的金额。")
BELOW = _("“%(c)s”单价%(v)s元，低于固定资产标准（%(t)s元），请作为库存物品或直接列支出。")
SHORT_LIFE = _("“%(c)s”的折旧年限不得短于%(n)d年。")
DISPOSED = _("“%(a)s”已于%(d)s处置。")
DISPOSE_BEFORE = _("处置日期不能早于取得日期%(d)s。")
NOTHING = _("%(y)d年%(m)d月没有需要计提折旧的固定资产。")


def _months(date: dt.date) -> int:
    return date.year * 12 + date.month - 1


def monthly_depreciation(asset: FixedAsset, year: int, month: int) -> Decimal:
    """The depreciation of `asset` in the month: cost / (life × 12) to the fen, the last month taking what
    rounding left over; nothing before the month acquired, after its life, or from the month disposed."""
    total = asset.life_years * 12
    k = year * 12 + month - 1 - _months(asset.acquired)
    if k < 0 or k >= total:
        return ZERO
    if asset.disposed_on is not None and year * 12 + month - 1 >= _months(asset.disposed_on):
        return ZERO
    base = (asset.cost / total).quantize(CENT, rounding=ROUND_HALF_UP)
    return asset.cost - base * (total - 1) if k == total - 1 else base


def accumulated(asset: FixedAsset, year: int, month: int) -> Decimal:
    """Depreciation from the month acquired through (year, month) inclusive."""
    start = _months(asset.acquired)
    end = year * 12 + month - 1
    return sum((monthly_depreciation(asset, m // 12, m % 12 + 1) for m in range(start, end + 1)), ZERO)


@dataclass
class AssetRow:
    asset: FixedAsset
    accumulated: Decimal

    @property
    def net(self) -> Decimal:
        return self.asset.cost - self.accumulated if not self.asset.disposed_on else ZERO


def asset_list(*, viewer, org: Org, on: dt.date) -> list[AssetRow]:
    """The assets of the books with their depreciation through the month of `on`."""
    assets = scoped(FixedAsset.objects.filter(org=org), viewer, roles=FUNDS_READ_ROLES).order_by("acquired", "id")
    return [AssetRow(a, accumulated(a, on.year, on.month)) for a in assets]


def asset_add(*, actor, org: Org, name: str, category: str, cost, acquired: dt.date, life_years: int,
              custodian: str = "", place: str = "") -> FixedAsset:
    """Record a fixed asset and post its acquisition draft (capital expense paid from the bank, and the asset
    with its 资产基金)."""
    org = book_org(org)
    require(can_write_books(actor, org))
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = NO_NAME
    if category not in AssetCategory.values:
        errors["category"] = BAD_CATEGORY
    elif cost is None or cost <= 0 or cost != money(cost):
        errors["cost"] = BAD_COST
    else:
        label = str(AssetCategory(category).label)
        threshold = THRESHOLD.get(category, GENERAL_THRESHOLD)
        if cost < threshold:
            errors["cost"] = BELOW % {"c": label, "v": fen(cost), "t": fen(threshold)}
        if not life_years or life_years < MIN_LIFE_YEARS[category]:
            errors["life_years"] = SHORT_LIFE % {"c": label, "n": MIN_LIFE_YEARS[category]}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), unscoped(BOOKS):
        asset = FixedAsset.objects.create(org=org, name=name[:100], category=category, cost=money(cost),
                                          acquired=acquired, life_years=life_years,
                                          custodian=(custodian or "").strip()[:50], place=(place or "").strip()[:100])
        voucher_draft_from(actor=actor, org=org, source=f"funds.asset:{asset.pk}",
                           source_label=f"固定资产 {name}", date=acquired, summary=f"购置{name}",
                           lines=[{"account": PURCHASE_ACCOUNT[category], "debit": asset.cost},
                                  {"account": "102", "credit": asset.cost},
                                  {"account": "162", "debit": asset.cost},
                                  {"account": FUND, "credit": asset.cost}])
        audit.record(actor=actor, action="create", obj=asset, object_type="funds_asset", org_path=org.path,
                     changes={"资产": [None, name], "原值": [None, fen(asset.cost)], "年限": [None, life_years]})
    return mark_fetched(asset)


def depreciation_post(*, actor, org: Org, year: int, month: int):
    """计提折旧 of a month: one draft voucher for every asset's depreciation of that month (again: the draft
    is updated)."""
    org = book_org(org)
    require(can_write_books(actor, org))
    with unscoped(BOOKS):
        assets = list(FixedAsset.objects.filter(org=org))
    total = sum((monthly_depreciation(a, year, month) for a in assets), ZERO)
    if not total:
        raise ValidationError({"month": NOTHING % {"y": year, "m": month}})
    end = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    return voucher_draft_from(actor=actor, org=org, source=f"funds.depreciation:{year}-{month:02d}",
                              source_label=f"{year}年{month}月计提折旧", date=end,
                              summary=f"{year}年{month}月计提固定资产折旧",
                              lines=[{"account": FUND, "debit": total}, {"account": "163", "credit": total}])


def asset_dispose(*, actor, asset: FixedAsset, date: dt.date) -> FixedAsset:
    """处置 (scrapped, sold, given away): depreciation stops from that month; the draft takes the asset, its
    depreciation and the rest of its 资产基金 off the books."""
    org = book_org(asset.org)
    require(can_write_books(actor, org))
    with transaction.atomic(), unscoped(BOOKS):
        asset = FixedAsset.objects.select_for_update().get(pk=asset.pk, org=org)
        if asset.disposed_on:
            raise ValidationError({"date": DISPOSED % {"a": asset.name, "d": asset.disposed_on.isoformat()}})
        if date < asset.acquired:
            raise ValidationError({"date": DISPOSE_BEFORE % {"d": asset.acquired.isoformat()}})
        before = _months(date) - 1
        done = accumulated(asset, before // 12, before % 12 + 1) if before >= _months(asset.acquired) else ZERO
        asset.disposed_on = date
        asset.save(update_fields=["disposed_on"])
        lines = [{"account": "163", "debit": done}, {"account": FUND, "debit": asset.cost - done},
                 {"account": "162", "credit": asset.cost}]
        voucher_draft_from(actor=actor, org=org, source=f"funds.asset-disposal:{asset.pk}",
                           source_label=f"处置固定资产 {asset.name}", date=date, summary=f"处置{asset.name}",
                           lines=[ln for ln in lines if ln.get("debit", 1)])
        audit.record(actor=actor, action="update", obj=asset, object_type="funds_asset", org_path=org.path,
                     changes={"处置日期": [None, date.isoformat()], "已提折旧": [None, fen(done)]})
    return mark_fetched(asset)


def asset_get(*, viewer, pk) -> FixedAsset:
    """One asset of books the viewer reads (Http404 otherwise)."""
    from django.http import Http404

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    asset = scoped(FixedAsset.objects.filter(pk=pk), viewer, roles=FUNDS_READ_ROLES).select_related("org").first()
    if asset is None:
        raise Http404
    return asset
