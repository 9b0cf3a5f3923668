"""经审: the sample of vouchers, findings written by the 经审 only, and the report (.docx) with the year's
figures (the hand-computed year of helpers.py), budget execution and the findings."""

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.funds import budget_services
from gonghui.funds.audit_report import audit_report
from gonghui.funds.audit_services import audit_sample, finding_add, pick_sample
from gonghui.funds.budget_services import BudgetInput
from gonghui.funds.tests.helpers import account, build_year

D = Decimal


def test_the_sample_takes_the_largest_then_spreads_over_the_year():
    amounts = {pk: D(pk) for pk in range(1, 31)}  # voucher n of amount n
    # The 2 largest (30, 29), then 3 evenly over the other 28: positions 0, 9.33, 18.67 -> ids 1, 10, 19.
    assert pick_sample(amounts, size=5, largest=2) == [1, 10, 19, 29, 30]
    assert pick_sample({1: D(1), 2: D(2)}, size=5) == [1, 2]


def test_the_auditor_records_findings_and_nobody_else(cast):
    build_year(cast)
    rows = audit_sample(viewer=cast.auditor_a, org=cast.ua, year=2026)
    assert len(rows) == 11  # fewer than the sample size: every voucher
    printer = next(r for r in rows if r.voucher.summary == "购置打印机")
    assert printer.amount == D("6000.00")
    with pytest.raises(PermissionDenied):
        finding_add(actor=cast.finance_a, voucher=printer.voucher, result="ok", text="")
    with pytest.raises(ValidationError) as err:
        finding_add(actor=cast.auditor_a, voucher=printer.voucher, result="issue", text="")
    assert "请写明问题" in " ".join(err.value.messages)
    finding_add(actor=cast.auditor_a, voucher=printer.voucher, result="issue", text="缺少固定资产验收单")
    rows = audit_sample(viewer=cast.chair_a, org=cast.ua, year=2026)
    assert [f.text for r in rows for f in r.findings] == ["缺少固定资产验收单"]


def test_the_report_states_the_figures_the_budget_and_the_findings(cast):
    budget_services.budget_set(actor=cast.finance_a, org=cast.ua, year=2026,
                               lines=[BudgetInput(account(cast.ua, "50502"), D("1000"))])
    build_year(cast)
    rows = audit_sample(viewer=cast.auditor_a, org=cast.ua, year=2026)
    meeting = next(r.voucher for r in rows if r.voucher.summary == "委员会会议")
    fee = next(r.voucher for r in rows if r.voucher.summary == "银行手续费")
    finding_add(actor=cast.auditor_a, voucher=meeting, result="issue", text="缺少会议签到表")
    finding_add(actor=cast.auditor_a, voucher=fee, result="ok", text="")
    out = io.BytesIO()
    audit_report(viewer=cast.auditor_a, org=cast.ua, year=2026, target=out, today=dt.date(2027, 1, 15))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.getvalue())).paragraphs)
    table = [[c.text for c in row.cells] for row in docx.Document(io.BytesIO(out.getvalue())).tables[0].rows]
    assert "文化局工会2026年度经费审查报告" in text
    # Income 6 000 + 30 000 + 8 000 = 44 000; expense 5 000 + 2 600 + 1 200 + 3 000 + 50 = 11 850.
    assert "本年收入合计44,000.00元，支出合计11,850.00元，本年收支差额32,150.00元" in text
    assert "资产总计146,150.00元，其中货币资金134,150.00元" in text
    # The budget of 50502 会议 is 1 000, spent 1 200 (still a draft: 尚未批准).
    assert "2026年预算尚未批准，共1个项目" in text and "超支200.00元" in text
    assert table[1] == ["50502 会议", "基本支出", "1,000.00", "1,200.00", "120.0%"]
    assert "审查的2张凭证中，发现问题1项" in text
    assert "（1）2026年6月记-2号“委员会会议”：缺少会议签到表" in text
