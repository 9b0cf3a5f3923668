"""Voucher and opening-balance import through the one importer."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.tabular import SafeXlsxWriter
from gonghui.funds.importing import opening_import, voucher_import
from gonghui.funds.selectors import voucher_lines, voucher_list
from gonghui.funds.statements import statements_for

D = Decimal
HEADER = ["日期", "凭证号", "摘要", "科目", "借方金额", "贷方金额", "专项", "项目"]


def xlsx(rows, header=HEADER) -> bytes:
    out = io.BytesIO()
    writer = SafeXlsxWriter(out, constant_memory=False)
    writer.write_title("记账凭证", len(header))
    writer.write_header(header)
    for row in rows:
        writer.write_row(row)
    writer.workbook.close()
    return out.getvalue()


GOOD = [
    [dt.date(2026, 1, 10), "记-1", "收到会费", "102", D("6000"), None, "否", ""],
    [None, None, "收到会费", "401 会费收入", None, D("6000"), "", ""],
    [dt.date(2026, 1, 25), "记-2", "上级专项补助", "银行存款", D("8000"), None, "是", "送温暖"],
    [dt.date(2026, 1, 25), "记-2", "上级专项补助", "上级补助收入—专项转移支付补助", None, D("8000"), "专项", "送温暖"],
    [dt.date(2026, 2, 3), "2", "会议", "业务支出-会议", D("300"), None, "", ""],
    [dt.date(2026, 2, 3), "2", "会议", "库存现金", None, D("300"), "", ""],
    ["合计", None, None, None, D("14300"), D("14300"), None, None],
]


def test_it_imports_vouchers_and_a_second_time_changes_nothing(cast):
    data = xlsx(GOOD)
    result = voucher_import(actor=cast.finance_a, org=cast.ua, source=data, post=True)
    assert {k: result.counts[k] for k in ("created", "updated", "unchanged", "refused", "footer")} == {
        "created": 3, "updated": 0, "unchanged": 0, "refused": 0, "footer": 1}
    vouchers = list(voucher_list(viewer=SYSTEM, org=cast.ua))
    assert [(v.year, v.month, v.label, v.state, v.by_system) for v in vouchers] == [
        (2026, 1, "记-1", "posted", True), (2026, 1, "记-2", "posted", True), (2026, 2, "记-2", "posted", True)]
    lines = list(voucher_lines(voucher=vouchers[1]))
    assert [(ln.account.code, ln.earmarked, ln.project) for ln in lines] == [
        ("102", True, "送温暖"), ("40302", True, "送温暖")]
    st = statements_for(viewer=SYSTEM, org=cast.ua, period="2026")
    assert st.income.value("收入合计", "本期数") == D("14000")
    again = voucher_import(actor=cast.finance_a, org=cast.ua, source=data, post=True)
    assert (again.counts["created"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 3)


def test_a_wrong_voucher_is_refused_whole_with_its_number_and_reason(cast):
    rows = [
        [dt.date(2026, 3, 1), "记-1", "不平", "102", D("100"), None, "", ""],
        [dt.date(2026, 3, 1), "记-1", "不平", "401", None, D("90"), "", ""],
        [dt.date(2026, 3, 2), "记-2", "未知科目", "102", D("100"), None, "", ""],
        [dt.date(2026, 3, 2), "记-2", "未知科目", "会费收入x", None, D("100"), "", ""],
        [dt.date(2026, 3, 3), "记-3", "两边都填", "102", D("100"), D("100"), "", ""],
        [dt.date(2026, 3, 3), "记-3", "两边都填", "401", None, D("100"), "", ""],
        [dt.date(2026, 3, 4), "记-4", "好的", "102", D("50"), None, "", ""],
        [dt.date(2026, 3, 4), "记-4", "好的", "401", None, D("50"), "", ""],
    ]
    result = voucher_import(actor=cast.finance_a, org=cast.ua, source=xlsx(rows))
    assert (result.counts["created"], result.counts["refused"]) == (1, 3)
    reasons = [r.reason for r in result.refusals]
    assert "2026年3月 记-1" in reasons[0] and "借贷不平衡：借方合计100.00元，贷方合计90.00元" in reasons[0]
    assert "2026年3月 记-2" in reasons[1] and "找不到科目“会费收入x”" in reasons[1]
    assert "第3行分录" not in reasons[2] and "借方和贷方只能填一个" in reasons[2]
    assert [v.label for v in voucher_list(viewer=SYSTEM, org=cast.ua)] == ["记-4"]
    assert voucher_list(viewer=SYSTEM, org=cast.ua).get().state == "draft"


def test_a_name_that_is_not_unique_asks_for_the_parent(cast):
    rows = [[dt.date(2026, 3, 4), "记-1", "x", "其他", D("50"), None, "", ""],
            [dt.date(2026, 3, 4), "记-1", "x", "401", None, D("50"), "", ""]]
    result = voucher_import(actor=cast.finance_a, org=cast.ua, source=xlsx(rows), dry_run=True)
    assert "科目名称“其他”不唯一" in result.refusals[0].reason


def test_only_finance_imports(cast):
    with pytest.raises(PermissionDenied):
        voucher_import(actor=cast.auditor_a, org=cast.ua, source=xlsx(GOOD))


OPENING_HEADER = ["科目代码", "科目名称", "借方余额", "贷方余额"]


def test_it_imports_opening_balances_with_subtotals(cast):
    rows = [["102", "银行存款", D("1000"), None], ["322", "工会资金结余", None, D("1000")],
            ["32205", "累计结余", None, D("1000")]]
    out = opening_import(actor=cast.finance_a, org=cast.ua, year=2026, source=xlsx(rows, OPENING_HEADER))
    assert out == {"accounts": 2, "debit": "1000.00", "credit": "1000.00"}
    st = statements_for(viewer=SYSTEM, org=cast.ua, period="2026-01")
    assert st.balance_sheet.value("工会资金结余", "年初余额") == D("1000")


def test_an_unbalanced_opening_file_is_refused_whole(cast):
    rows = [["102", "银行存款", D("1000"), None], ["32205", "累计结余", None, D("900")]]
    with pytest.raises(ValidationError) as err:
        opening_import(actor=cast.finance_a, org=cast.ua, year=2026, source=xlsx(rows, OPENING_HEADER))
    assert "借方合计1000.00元，贷方合计900.00元，相差100.00元" in str(err.value)
    rows = [["102", "库存现金", D("1000"), None], ["322", "工会资金结余", None, D("1000")]]
    with pytest.raises(ValidationError) as err:
        opening_import(actor=cast.finance_a, org=cast.ua, year=2026, source=xlsx(rows, OPENING_HEADER))
    text = str(err.value)
    assert "科目代码102是“102 银行存款”，与所写名称“库存现金”不符" in text
    assert "第4行科目“322 工会资金结余”有明细科目" in text


def test_a_changed_draft_is_updated_and_a_posted_one_refused(cast):
    voucher_import(actor=cast.finance_a, org=cast.ua, source=xlsx(GOOD))
    changed = [list(r) for r in GOOD]
    changed[4][4] = changed[5][5] = D("350")
    result = voucher_import(actor=cast.finance_a, org=cast.ua, source=xlsx(changed))
    assert (result.counts["updated"], result.counts["unchanged"]) == (1, 2)
    lines = list(voucher_lines(voucher=voucher_list(viewer=SYSTEM, org=cast.ua, month=2).get()))
    assert [ln.debit for ln in lines] == [D("350"), 0]
    voucher_import(actor=cast.finance_a, org=cast.ua, source=xlsx(changed), post=True)
    result = voucher_import(actor=cast.finance_a, org=cast.ua, source=xlsx(GOOD), post=True)
    assert (result.counts["refused"], result.counts["unchanged"]) == (1, 2)
    assert "已审核或记账" in result.refusals[0].reason
