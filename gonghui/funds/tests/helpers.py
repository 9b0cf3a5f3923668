"""A hand-computed year of a 基层工会's books (文化局工会 UA, 2026), shared by the tests.

Opening (2026-01-01): 102 100 000, 101 2 000, 162 12 000 | 163 2 000, 30104 10 000, 215 5 000, 32104 3 000,
32205 94 000.
 1  01-10 会费               102 6 000        | 401 6 000
 2  01-20 拨缴经费 (自主拨缴)  102 50 000       | 402 30 000, 211 20 000 (the 40 % owed upward)
 3  01-25 上级专项补助         102 8 000        | 40302 8 000 (专项 送温暖)
 4  03-05 上缴上级经费         211 20 000       | 102 20 000
 5  03-10 送温暖              50405 5 000 (专项) | 102 5 000
 6  03-15 活动借支 (advance)   135 3 000        | 102 3 000
 7  06-10 报销冲借支           50102 2 600, 101 400 | 135 3 000
 8  06-12 委员会会议           50502 1 200      | 101 1 200
 9  06-20 购打印机 (non-cash)   50702 3 000, 162 3 000 | 102 3 000, 30104 3 000
10  12-31 计提折旧            30104 1 000      | 163 1 000
11  12-31 银行手续费          510 50           | 102 50
Year end: 货币资金 134 150; 固定资产 15 000 − 3 000; 负债 5 000; 资产基金 12 000; 结转 3 000 + 3 000;
结余 94 000 + (36 000 − 6 850) = 123 150; 资产总计 = 负债与净资产总计 = 146 150.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gonghui.core.scope_guard import unscoped
from gonghui.funds import book_services, opening_services, voucher_services
from gonghui.funds.models import Account
from gonghui.funds.voucher_services import LineInput

D = Decimal

OPENING = [("102", "100000", "0"), ("101", "2000", "0"), ("162", "12000", "0"), ("163", "0", "2000"),
           ("30104", "0", "10000"), ("215", "0", "5000"), ("32104", "0", "3000"), ("32205", "0", "94000")]

# (date, summary, [(code, debit, credit, earmarked/project)])
YEAR = [
    ("2026-01-10", "收到会费", [("102", "6000", ""), ("401", "", "6000")]),
    ("2026-01-20", "收到拨缴经费", [("102", "50000", ""), ("402", "", "30000"), ("211", "", "20000")]),
    ("2026-01-25", "上级专项补助（送温暖）", [("102", "8000", "", "送温暖"), ("40302", "", "8000", "送温暖")]),
    ("2026-03-05", "上缴上级经费", [("211", "20000", ""), ("102", "", "20000")]),
    ("2026-03-10", "春节送温暖", [("50405", "5000", "", "送温暖"), ("102", "", "5000", "送温暖")]),
    ("2026-03-15", "活动借支", [("135", "3000", ""), ("102", "", "3000")]),
    ("2026-06-10", "文体活动报销冲借支", [("50102", "2600", ""), ("101", "400", ""), ("135", "", "3000")]),
    ("2026-06-12", "委员会会议", [("50502", "1200", ""), ("101", "", "1200")]),
    ("2026-06-20", "购置打印机", [("50702", "3000", ""), ("162", "3000", ""), ("102", "", "3000"),
                              ("30104", "", "3000")]),
    ("2026-12-31", "计提折旧", [("30104", "1000", ""), ("163", "", "1000")]),
    ("2026-12-31", "银行手续费", [("510", "50", ""), ("102", "", "50")]),
]


def account(org, code) -> Account:
    book_services.chart_ensure(org=org)
    with unscoped("test fixture"):
        return Account.objects.get(org=org, code=code)


def lines_of(org, rows) -> list[LineInput]:
    out = []
    for row in rows:
        code, debit, credit = row[:3]
        project = row[3] if len(row) > 3 else ""
        out.append(LineInput(account=account(org, code), debit=D(debit) if debit else None,
                             credit=D(credit) if credit else None, earmarked=bool(project), project=project))
    return out


def post(cast, date, summary, rows, org=None):
    org = org or cast.ua
    voucher = voucher_services.voucher_save(actor=cast.finance_a, org=org, date=dt.date.fromisoformat(date),
                                            summary=summary, lines=lines_of(org, rows))
    voucher_services.voucher_review(actor=cast.chair_a, voucher=voucher)
    return voucher_services.voucher_post(actor=cast.finance_a, voucher=voucher)


def build_year(cast, *, upto: str = "2026-12-31"):
    org = cast.ua
    opening_services.opening_set(actor=cast.finance_a, org=org, year=2026,
                                 rows=[(account(org, c), D(d), D(cr)) for c, d, cr in OPENING])
    for date, summary, rows in YEAR:
        if date <= upto:
            post(cast, date, summary, rows)
