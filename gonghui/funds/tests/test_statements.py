"""工会01表/02表 and the 科目余额表 against the hand-computed year of helpers.py, to the fen."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.accounts.scoping import SYSTEM
from gonghui.funds import closing_services
from gonghui.funds.selectors import trial_balance, trial_balance_totals
from gonghui.funds.statements import BALANCE_SHEET, EXPENSE_LINES, INCOME_LINES, statements_for
from gonghui.funds.tests.helpers import build_year, post

D = Decimal


def bs(st, name, col="期末余额"):
    return st.balance_sheet.value(name, col)


def inc(st, name, col="本期数"):
    return st.income.value(name, col)


@pytest.fixture
def year(cast):
    build_year(cast)
    return cast


def test_it_lists_every_line_of_the_rules_in_order(year):
    st = statements_for(viewer=SYSTEM, org=year.ua, period="2026")
    assert [line.name for line in st.balance_sheet.lines] == [name for name, _how in BALANCE_SHEET]
    names = [line.name for line in st.income.lines]
    assert names[:4] == ["年初资金结转结余", "年初资金结转", "年初资金结余", "资金结转结余调整及变动"]
    assert names[4:5] + names[5:14] == ["收入合计"] + [n for n, _c in INCOME_LINES]
    assert names[14:26] == ["支出合计"] + [n for n, _c in EXPENSE_LINES]
    assert names[26:] == ["本期收支差额", "年末资金结转结余", "年末资金结转", "年末资金结余"]
    month = statements_for(viewer=SYSTEM, org=year.ua, period="2026-06")
    assert "年初资金结转" not in [line.name for line in month.income.lines]


def test_the_year_equals_the_hand_computation(year):
    st = statements_for(viewer=SYSTEM, org=year.ua, period="2026")
    expected_bs = {
        "货币资金": ("102000.00", "134150.00"), "其他应收款": ("0.00", "0.00"), "流动资产合计": ("102000.00", "134150.00"),
        "固定资产原值": ("12000.00", "15000.00"), "累计折旧": ("2000.00", "3000.00"),
        "固定资产净值": ("10000.00", "12000.00"), "资产总计": ("112000.00", "146150.00"),
        "应付上级经费": ("0.00", "0.00"), "其他应付款": ("5000.00", "5000.00"), "负债合计": ("5000.00", "5000.00"),
        "资产基金": ("10000.00", "12000.00"), "工会资金结转": ("3000.00", "6000.00"),
        "工会资金结余": ("94000.00", "123150.00"), "净资产合计": ("107000.00", "141150.00"),
        "负债与净资产总计": ("112000.00", "146150.00"),
    }
    got = st.as_dict()["工会01表"]
    for name, (start, end) in expected_bs.items():
        assert (got[name]["年初余额"], got[name]["期末余额"]) == (start, end), name
    expected_is = {
        "年初资金结转结余": "97000.00", "年初资金结转": "3000.00", "年初资金结余": "94000.00",
        "资金结转结余调整及变动": "0.00", "收入合计": "44000.00", "会费收入": "6000.00", "拨缴经费收入": "30000.00",
        "上级补助收入": "8000.00", "支出合计": "11850.00", "职工活动支出": "2600.00", "维权支出": "5000.00",
        "业务支出": "1200.00", "资本性支出": "3000.00", "其他支出": "50.00", "本期收支差额": "32150.00",
        "年末资金结转结余": "129150.00", "年末资金结转": "6000.00", "年末资金结余": "123150.00",
    }
    got = st.as_dict()["工会02表"]
    for name, value in expected_is.items():
        assert got[name] == {"本期数": value, "本年累计数": value}, name


def test_the_balance_sheet_balances_at_every_month_end_with_the_running_difference(year):
    for month in range(1, 13):
        st = statements_for(viewer=SYSTEM, org=year.ua, period=f"2026-{month:02d}")
        assert bs(st, "资产总计") == bs(st, "负债与净资产总计"), month
    jan = statements_for(viewer=SYSTEM, org=year.ua, period="2026-01")
    # January: the 40 % owed upward is a liability, the running 收支差额 sits in the two funds lines.
    assert bs(jan, "应付上级经费") == D("20000")
    assert bs(jan, "工会资金结转") == D("3000") + D("8000")
    assert bs(jan, "工会资金结余") == D("94000") + D("36000")
    assert inc(jan, "拨缴经费收入") == D("30000")
    june = statements_for(viewer=SYSTEM, org=year.ua, period="2026-06")
    assert inc(june, "支出合计") == D("6800")
    assert inc(june, "支出合计", "本年累计数") == D("11800")
    assert bs(june, "其他应收款") == 0  # the advance settled
    march = statements_for(viewer=SYSTEM, org=year.ua, period="2026-03")
    assert bs(march, "其他应收款") == D("3000")


def test_the_close_changes_no_figure_and_empties_income_and_expense(year):
    before = statements_for(viewer=SYSTEM, org=year.ua, period="2026").as_dict()
    made = closing_services.year_close(actor=year.finance_a, org=year.ua, year=2026)
    assert [v.summary for v in made] == ["2026年本年收支结转", "2026年收支结转转入累计结转结余"]
    assert statements_for(viewer=SYSTEM, org=year.ua, period="2026").as_dict() == before
    rows = {r.account.code: r for r in trial_balance(viewer=SYSTEM, org=year.ua, start=dt.date(2026, 1, 1),
                                                     end=dt.date(2026, 12, 31))}
    for code in ("401", "402", "403", "501", "504", "505", "507", "510", "32103", "32203"):
        assert rows[code].closing == 0, code
    assert rows["32104"].closing == D("6000")
    assert rows["32205"].closing == D("123150")
    assert rows["321"].closing == D("6000")
    with pytest.raises(ValidationError) as err:
        post(year, "2026-12-31", "补记", [("510", "1", ""), ("102", "", "1")])
    assert "2026年已年末结账" in str(err.value)
    nxt = statements_for(viewer=SYSTEM, org=year.ua, period="2027-01")
    assert bs(nxt, "工会资金结余", "年初余额") == D("123150")
    assert bs(nxt, "资产总计", "年初余额") == D("146150")


def test_the_trial_balance_has_opening_movements_and_closing(year):
    rows = trial_balance(viewer=SYSTEM, org=year.ua, start=dt.date(2026, 3, 1), end=dt.date(2026, 6, 30))
    by = {r.account.code: r for r in rows}
    bank = by["102"]
    assert (bank.opening, bank.debit, bank.credit, bank.closing) == (D("164000"), 0, D("31000"), D("133000"))
    assert (by["501"].debit, by["50102"].debit, by["501"].closing) == (D("2600"), D("2600"), D("2600"))
    assert by["163"].opening == D("2000")  # a credit account shows its balance positive
    totals = trial_balance_totals(rows)
    assert totals["debit"] == totals["credit"] == D("38200")


def test_the_api_gives_the_statements_in_the_cli_shape(year, client, login):
    login(year.auditor_a)
    payload = client.get("/api/v1/funds/statements", {"org": "UA", "period": "2026"}).json()
    assert payload["工会01表"]["资产总计"] == {"年初余额": "112000.00", "期末余额": "146150.00"}
    assert payload["工会02表"]["本期收支差额"] == {"本期数": "32150.00", "本年累计数": "32150.00"}
    officer = login(year.officer_a1)
    assert officer.get("/api/v1/funds/balances", {"org": "UA-B1", "period": "2026"}).status_code == 403
