"""固定资产: thresholds and minimum lives; monthly straight-line depreciation from the month acquired with no
residual value (hand-computed); the acquisition, depreciation and disposal drafts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.scope_guard import unscoped
from gonghui.funds import asset_services as a
from gonghui.funds.models import FixedAsset, Voucher

D = Decimal


def add(cast, **kw):
    args = {"name": "打印机", "category": "office", "cost": D("3000"), "acquired": dt.date(2026, 6, 20),
            "life_years": 6, "custodian": "张三", "place": "工会办公室"}
    return a.asset_add(actor=cast.finance_a, org=cast.ua, **{**args, **kw})


def lines(source):
    with unscoped("test"):
        voucher = Voucher.objects.get(source=source)
        return [(ln.account.code, ln.debit, ln.credit) for ln in voucher.lines.select_related("account")]


def test_the_depreciation_is_monthly_straight_line_from_the_month_acquired():
    asset = FixedAsset(cost=D("3000"), acquired=dt.date(2026, 6, 20), life_years=6)
    # 3 000 / 72 = 41.666… -> 41.67 a month; the 72nd month (2032-05) takes 3 000 − 71 × 41.67 = 41.43.
    assert a.monthly_depreciation(asset, 2026, 5) == D("0")
    assert a.monthly_depreciation(asset, 2026, 6) == D("41.67")
    assert a.monthly_depreciation(asset, 2032, 5) == D("41.43")
    assert a.monthly_depreciation(asset, 2032, 6) == D("0")
    assert a.accumulated(asset, 2026, 12) == D("291.69")  # June to December: 7 × 41.67
    assert a.accumulated(asset, 2032, 12) == D("3000")  # no residual value


def test_thresholds_and_minimum_lives_are_the_rules(cast):
    with pytest.raises(ValidationError) as err:
        add(cast, cost=D("999.99"))
    assert "低于固定资产标准（1000.00元）" in " ".join(err.value.messages)
    with pytest.raises(ValidationError) as err:
        add(cast, category="special", cost=D("1499"), life_years=5)
    assert "1500.00元" in " ".join(err.value.messages)
    with pytest.raises(ValidationError) as err:
        add(cast, category="vehicle", cost=D("150000"), life_years=7)
    assert "“交通工具”的折旧年限不得短于8年" in " ".join(err.value.messages)
    add(cast, category="special", cost=D("1500"), life_years=5)


def test_the_acquisition_depreciation_and_disposal_post_their_drafts(cast):
    asset = add(cast)
    assert lines(f"funds.asset:{asset.pk}") == [("50702", D("3000"), D("0")), ("102", D("0"), D("3000")),
                                                 ("162", D("3000"), D("0")), ("30104", D("0"), D("3000"))]
    a.depreciation_post(actor=cast.finance_a, org=cast.ua, year=2026, month=7)
    assert lines("funds.depreciation:2026-07") == [("30104", D("41.67"), D("0")), ("163", D("0"), D("41.67"))]
    with pytest.raises(ValidationError):
        a.depreciation_post(actor=cast.finance_a, org=cast.ua, year=2026, month=5)
    # Disposed in 2027-01: depreciated June–December 2026 (291.69), nothing from January.
    a.asset_dispose(actor=cast.finance_a, asset=asset, date=dt.date(2027, 1, 10))
    assert lines(f"funds.asset-disposal:{asset.pk}") == [("163", D("291.69"), D("0")), ("30104", D("2708.31"), D("0")),
                                                          ("162", D("0"), D("3000"))]
    rows = a.asset_list(viewer=cast.auditor_a, org=cast.ua, on=dt.date(2027, 3, 1))
    assert [(r.accumulated, r.net) for r in rows] == [(D("291.69"), D("0"))]
