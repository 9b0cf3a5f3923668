"""The CLI reads (the API's: api/tests/test_funds_reads.py) of 福利发放, the 经审 findings and the fixed assets (issue 15 §4): one record shape
(funds/records.py), money to the fen, a reader outside the finance wing refused."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.cli.tests.helpers import run
from gonghui.funds.asset_services import asset_add
from gonghui.funds.audit_services import finding_add
from gonghui.funds.records import asset_records
from gonghui.funds.tests.helpers import post
from gonghui.funds.welfare_services import RecipientInput, welfare_issue


@pytest.fixture
def books(cast):
    issue = welfare_issue(actor=cast.finance_a, org=cast.ua, date=dt.date(2026, 2, 1), item="festival", form="goods",
                          summary="春节慰问品", recipients=[RecipientInput("张三", Decimal("200.50")),
                                                        RecipientInput("李四", Decimal("199.50"))])
    voucher = post(cast, "2026-03-01", "会议", [("50502", "120", ""), ("101", "", "120")])
    finding_add(actor=cast.auditor_a, voucher=voucher, result="issue", text="缺少会议签到表")
    asset_add(actor=cast.finance_a, org=cast.ua, name="打印机", category="office", cost=Decimal("3000"),
              acquired=dt.date(2026, 6, 20), life_years=6)
    return issue


def test_the_shell_prints_the_same_records(cast, books):
    out, _ = run("finance", "welfare", "--org", "UA", "--year", "2026", "--json")
    assert json.loads(out)[0]["合计金额"] == "400.00"
    out, _ = run("finance", "findings", "--org", "UA", "--year", "2026")
    assert "缺少会议签到表" in out and "共1条经审意见" in out
    out, _ = run("finance", "assets", "--org", "UA", "--on", "2026-12-31", "--json")
    assert json.loads(out)[0]["累计折旧"] == "291.69"


def test_a_reader_outside_the_finance_wing_is_refused(cast, books):
    with pytest.raises(PermissionDenied):
        asset_records(viewer=cast.officer_a1, org=cast.ua, on=dt.date(2026, 12, 31))
