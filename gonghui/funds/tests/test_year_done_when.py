"""Issue #15 "done when", end to end: 文化局工会 (UA) enters its opening balances, keeps 2026 by hand, by import and
from its own dues, with 专项 money, a fixed asset bought and depreciated through the asset register, gifts bought
into stock and issued, an advance and its settlement, the 40 % owed upward, an approved budget, a welfare issue
refused above its limit (and one within it), closes the year, and gets 工会01表/02表 equal, line by line to the
fen, to the hand computation below; then the budget execution and the 经审 report.

(tests/helpers.py + test_statements.py already hand-compute a year entered by hand only; this one goes through
every road a voucher takes into the books. The dues import is local to this test: tests may cross the floors.)

Opening 2026-01-01: 101 2 000, 102 100 000, 162 12 000 | 163 2 000, 30104 10 000, 215 5 000, 32104 3 000,
32205 94 000.

| how      | date  | entry                                   | debit                         | credit                     |
| hand     | 01-20 | 拨缴经费, 40 % owed upward              | 102 50 000                    | 402 30 000, 211 20 000     |
| hand     | 01-25 | 上级专项补助 (专项 送温暖)              | 102 8 000                     | 40302 8 000                |
| dues     | 01-10 | January dues, 2 members × 10.00         | 102 20                        | 401 20                     |
| hand     | 03-05 | 上缴上级经费                            | 211 20 000                    | 102 20 000                 |
| import   | 03-10 | 送温暖 (专项)                           | 50405 5 000                   | 102 5 000                  |
| hand     | 03-15 | 活动借支 (advance, 其他应收款)          | 135 3 000                     | 102 3 000                  |
| hand     | 06-10 | 报销冲借支 (settlement)                 | 50102 2 600, 101 400          | 135 3 000                  |
| import   | 06-12 | 委员会会议                              | 50502 1 200                   | 101 1 200                  |
| asset    | 06-20 | 打印机 (office, 6 years)                | 50702 3 000, 162 3 000        | 102 3 000, 30104 3 000     |
| asset    | 06–12 | depreciation 7 × 41.67                  | 30104 291.69                  | 163 291.69                 |
| stock    | 09-01 | 40 月饼礼盒 × 150 bought                 | 50105 6 000, 141 6 000        | 102 6 000, 30101 6 000     |
| stock    | 09-20 | 38 boxes issued (中秋慰问)               | 30101 5 700                   | 141 5 700                  |
| stock    | 12-20 | stocktake: 1 box missing (盘亏)          | 182 150, 30101 150            | 141 150, 182 150           |
| welfare  | 10-08 | 生日蛋糕 王会员 200 (350 refused first)  | 50105 200                     | 102 200                    |
| import   | 12-31 | 银行手续费                              | 510 50                        | 102 50                     |

Year end: 101 1 200; 102 100 000 + 50 000 + 8 000 + 20 − 20 000 − 5 000 − 3 000 − 3 000 − 6 000 − 200 − 50 =
120 770; 141 150; 162 15 000; 163 2 291.69; 215 5 000; 301 = 30104 12 708.31 + 30101 150 = 12 858.31.
Income 38 020 (专项 8 000); expense 18 050 (专项 5 000): 结转 3 000 + 3 000 = 6 000; 结余 94 000 + 30 020 −
13 050 = 110 970. 资产总计 = 121 970 + 150 + 12 708.31 = 134 828.31 = 5 000 + 12 858.31 + 6 000 + 110 970.
"""

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.scope_guard import unscoped
from gonghui.core.tabular import SafeXlsxWriter
from gonghui.funds import (
    asset_services,
    budget_services,
    closing_services,
    opening_services,
    stock_services,
    voucher_services,
    welfare_services,
)
from gonghui.funds.audit_report import audit_report
from gonghui.funds.budget_services import BudgetInput
from gonghui.funds.importing import voucher_import
from gonghui.funds.models import Voucher
from gonghui.funds.selectors import budget_execution
from gonghui.funds.statements import statements_for
from gonghui.funds.tests.helpers import OPENING, account, post

D = Decimal
day = dt.date.fromisoformat

IMPORTED = [
    [day("2026-03-10"), "记-20", "春节送温暖", "维权支出—送温暖", D("5000"), None, "是", "送温暖"],
    [None, None, "春节送温暖", "银行存款", None, D("5000"), "是", "送温暖"],
    [day("2026-06-12"), "记-20", "委员会会议", "业务支出—会议", D("1200"), None, "否", ""],
    [None, None, "委员会会议", "库存现金", None, D("1200"), "否", ""],
    [day("2026-12-31"), "记-20", "银行手续费", "510 其他支出", D("50"), None, "", ""],
    [None, None, "银行手续费", "102", None, D("50"), "", ""],
]

BALANCE_SHEET = {  # 工会01表: 年初余额, 期末余额
    "货币资金": ("102000.00", "121970.00"), "其他应收款": ("0.00", "0.00"), "库存物品": ("0.00", "150.00"),
    "流动资产合计": ("102000.00", "122120.00"), "固定资产原值": ("12000.00", "15000.00"),
    "累计折旧": ("2000.00", "2291.69"), "固定资产净值": ("10000.00", "12708.31"),
    "待处理财产损溢": ("0.00", "0.00"), "资产总计": ("112000.00", "134828.31"),
    "应付上级经费": ("0.00", "0.00"), "其他应付款": ("5000.00", "5000.00"), "负债合计": ("5000.00", "5000.00"),
    "资产基金": ("10000.00", "12858.31"), "工会资金结转": ("3000.00", "6000.00"),
    "工会资金结余": ("94000.00", "110970.00"), "净资产合计": ("107000.00", "129828.31"),
    "负债与净资产总计": ("112000.00", "134828.31"),
}
INCOME_STATEMENT = {  # 工会02表 of the year: 本期数 = 本年累计数
    "年初资金结转结余": "97000.00", "年初资金结转": "3000.00", "年初资金结余": "94000.00",
    "资金结转结余调整及变动": "0.00", "收入合计": "38020.00", "会费收入": "20.00", "拨缴经费收入": "30000.00",
    "上级补助收入": "8000.00", "行政补助收入": "0.00", "其他收入": "0.00", "支出合计": "18050.00",
    "职工活动支出": "8800.00", "职工服务支出": "0.00", "维权支出": "5000.00", "业务支出": "1200.00",
    "资本性支出": "3000.00", "其他支出": "50.00", "本期收支差额": "19970.00", "年末资金结转结余": "116970.00",
    "年末资金结转": "6000.00", "年末资金结余": "110970.00",
}


def _xlsx(rows) -> bytes:
    out = io.BytesIO()
    writer = SafeXlsxWriter(out, constant_memory=False)
    writer.write_header(["日期", "凭证号", "摘要", "科目", "借方金额", "贷方金额", "专项", "项目"])
    for row in rows:
        writer.write_row(row)
    writer.workbook.close()
    return out.getvalue()


def _approve(cast, voucher):
    voucher_services.voucher_review(actor=cast.chair_a, voucher=voucher)
    return voucher_services.voucher_post(actor=cast.finance_a, voucher=voucher)


def _post_drafts(cast):
    """Finance reviews (the chair) and posts every draft that arrived from elsewhere, oldest first."""
    with unscoped("test: the drafts waiting for finance"):
        drafts = list(Voucher.objects.filter(org=cast.ua, state=Voucher.State.DRAFT).order_by("date", "id"))
    for voucher in drafts:
        _approve(cast, voucher)
    return len(drafts)


def _dues(cast):
    from gonghui.dues import services as dues
    from gonghui.people.services import membership_event_add

    for person in (cast.wang_person, cast.zhou_person):
        membership_event_add(actor=cast.root, person=person, kind="join", date=day("2025-01-01"))
    dues.policy_set(actor=cast.chair_a, org=cast.ua, month=day("2026-01-01"), base_components="岗位工资",
                    flat_amounts={"regular": "10", "dispatched": "10"})
    return dues.dues_collect(actor=cast.chair_a, org=cast.ua, month=day("2026-01-01"), paid_on=day("2026-01-10"))


@pytest.fixture
def year(cast):
    ua, fin = cast.ua, cast.finance_a
    opening_services.opening_set(actor=fin, org=ua, year=2026, rows=[(account(ua, c), D(d), D(cr)) for c, d, cr in OPENING])
    lines = [BudgetInput(account(ua, "501"), D("10000")), BudgetInput(account(ua, "50502"), D("1000")),
             BudgetInput(account(ua, "50405"), D("6000"), kind="project", control="block")]
    budget_services.budget_set(actor=fin, org=ua, year=2026, lines=lines)
    budget_services.budget_approve(actor=cast.chair_a, org=ua, year=2026)
    # By hand.
    post(cast, "2026-01-20", "收到拨缴经费", [("102", "50000", ""), ("402", "", "30000"), ("211", "", "20000")])
    post(cast, "2026-01-25", "上级专项补助（送温暖）", [("102", "8000", "", "送温暖"), ("40302", "", "8000", "送温暖")])
    post(cast, "2026-03-05", "上缴上级经费", [("211", "20000", ""), ("102", "", "20000")])
    post(cast, "2026-03-15", "活动借支", [("135", "3000", ""), ("102", "", "3000")])
    post(cast, "2026-06-10", "文体活动报销冲借支", [("50102", "2600", ""), ("101", "400", ""), ("135", "", "3000")])
    # From its own dues (a draft for finance).
    assert _dues(cast).total == D("20.00")
    # By import, posted by the system.
    result = voucher_import(actor=fin, org=ua, source=io.BytesIO(_xlsx(IMPORTED)), filename="凭证.xlsx", post=True)
    assert (result.counts["created"], result.counts["refused"]) == (3, 0), [r.reason for r in result.refusals]
    # A fixed asset and its depreciation, June to December.
    asset_services.asset_add(actor=fin, org=ua, name="打印机", category="office", cost=D("3000"),
                             acquired=day("2026-06-20"), life_years=6, custodian="张三", place="工会办公室")
    for month in range(6, 13):
        asset_services.depreciation_post(actor=fin, org=ua, year=2026, month=month)
    # Festival gifts into stock, issued, and the year's stocktake.
    gifts = stock_services.item_add(actor=fin, org=ua, category="gifts", name="月饼礼盒", unit="盒", location="仓库")
    stock_services.stock_receive(actor=fin, item=gifts, date=day("2026-09-01"), quantity=40, unit_price=D("150"))
    stock_services.stock_issue(actor=fin, item=gifts, date=day("2026-09-20"), quantity=38, purpose="welfare",
                               recipient="中秋节慰问会员")
    stock_services.stocktake(actor=fin, item=gifts, date=day("2026-12-20"), counted=1, reason="盘点短少1盒，保管人说明")
    # A welfare issue above its limit is refused whole; within it, it is saved with its draft.
    with pytest.raises(ValidationError) as err:
        welfare_services.welfare_issue(actor=fin, org=ua, date=day("2026-10-08"), item="birthday", form="goods",
                                       summary="生日蛋糕", recipients=[welfare_services.RecipientInput("王会员", D("350"))])
    cast.welfare_refusal = " ".join(err.value.messages)
    welfare_services.welfare_issue(actor=fin, org=ua, date=day("2026-10-08"), item="birthday", form="goods",
                                   summary="生日蛋糕", recipients=[welfare_services.RecipientInput("王会员", D("200"))])
    assert _post_drafts(cast) == 1 + 1 + 7 + 3 + 1  # dues, asset, depreciation, stock, welfare
    return cast


def test_the_year_through_every_road_equals_the_hand_computation(year):
    assert year.welfare_refusal == ("王会员：2026年“生日慰问”每人限额300.00元，本年已发0.00元，本次350.00元，"
                                    "合计350.00元，超出50.00元。")
    before = statements_for(viewer=SYSTEM, org=year.ua, period="2026").as_dict()
    made = closing_services.year_close(actor=year.finance_a, org=year.ua, year=2026)
    assert len(made) == 2
    got = statements_for(viewer=SYSTEM, org=year.ua, period="2026").as_dict()
    assert got == before  # the close changes no figure
    for name, (start, end) in BALANCE_SHEET.items():
        assert (got["工会01表"][name]["年初余额"], got["工会01表"][name]["期末余额"]) == (start, end), name
    for name, value in INCOME_STATEMENT.items():
        assert got["工会02表"][name] == {"本期数": value, "本年累计数": value}, name
    for month in range(1, 13):
        st = statements_for(viewer=SYSTEM, org=year.ua, period=f"2026-{month:02d}").as_dict()["工会01表"]
        assert st["资产总计"]["期末余额"] == st["负债与净资产总计"]["期末余额"], month
    march = statements_for(viewer=SYSTEM, org=year.ua, period="2026-03").as_dict()["工会01表"]
    assert march["其他应收款"]["期末余额"] == "3000.00"  # the advance, settled in June


def test_the_budget_execution_and_the_audit_report_tell_the_same_year(year):
    closing_services.year_close(actor=year.finance_a, org=year.ua, year=2026)
    _budget, rows = budget_execution(viewer=year.auditor_a, org=year.ua, year=2026, on=day("2026-12-31"))
    got = {r.line.account.code: (r.spent, r.remaining, r.over) for r in rows}
    assert got == {"501": (D("8800"), D("1200"), False), "50502": (D("1200"), D("-200"), True),
                   "50405": (D("5000"), D("1000"), False)}
    out = io.BytesIO()
    audit_report(viewer=year.auditor_a, org=year.ua, year=2026, target=out, today=day("2027-01-15"))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.getvalue())).paragraphs)
    assert "本年收入合计38,020.00元，支出合计18,050.00元，本年收支差额19,970.00元" in text
    assert "资产总计134,828.31元，其中货币资金121,970.00元" in text
    assert "2026年预算已批准，共3个项目" in text and "50502 会议超支200.00元" in text
