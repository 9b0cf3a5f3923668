"""工会01表 资产负债表 and 工会02表 收入支出表 (工会会计制度 附录1 第四、五部分; domain.md §5.3), for a month or
a year, built from the sums of selectors.py (posted vouchers only).

Every line of §5.3 is listed, in that order and with those names; a 基层工会 fills only the rows its accounts
feed, the others show 0.00.

The running 收支差额 before the close. Until the year-end close moves them, the year's income and expense sit
in their own accounts, which the balance sheet has no line for. The balance sheet shows them inside net assets,
split by the 专项 flag as the close will split them: 工会资金结转 = 321's balance + (专项 income − 专项 expense not
yet closed), 工会资金结余 = 322's balance + (非专项 income − 非专项 expense not yet closed). So the balance sheet
balances at every month end, and the close (which moves exactly those amounts into 32103/32203) changes no
figure on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core.periods import Period, parse_period
from gonghui.funds import chart, trace
from gonghui.funds.book_services import books_of
from gonghui.funds.selectors import (
    BalanceRow,
    account_ledger,
    account_list,
    movements,
    net_before,
    trial_balance,
)
from gonghui.funds.trace import Trace
from gonghui.orgs.models import Org

ZERO = Decimal("0.00")

UNKNOWN_ACCOUNT = _("本账套没有代码为“%(c)s”的科目。")
BAD_PERIOD = _("财务报表的期间应为某月（如 2026-06）或某年（如 2026）。")

BS_COLUMNS = ("年初余额", "期末余额")
IS_COLUMNS = ("本期数", "本年累计数")

# 工会01表: (name, how) — how is a list of main account codes, or ("sum", names), ("net", a, b), ("fund", flag).
BALANCE_SHEET: list[tuple[str, object]] = [
    ("货币资金", ["101", "102"]),
    ("零余额账户用款额度", ["111"]),
    ("财政应返还额度", ["121"]),
    ("应收上级经费", ["131"]),
    ("应收下级经费", ["132"]),
    ("其他应收款", ["135"]),
    ("库存物品", ["141"]),
    ("流动资产合计", ("sum", ["货币资金", "零余额账户用款额度", "财政应返还额度", "应收上级经费", "应收下级经费",
                        "其他应收款", "库存物品"])),
    ("投资", ["151"]),
    ("在建工程", ["161"]),
    ("固定资产原值", ["162"]),
    ("累计折旧", ["163"]),
    ("固定资产净值", ("net", "固定资产原值", "累计折旧")),
    ("无形资产原值", ["171"]),
    ("累计摊销", ["172"]),
    ("无形资产净值", ("net", "无形资产原值", "累计摊销")),
    ("长期待摊费用", ["181"]),
    ("待处理财产损溢", ["182"]),
    ("资产总计", ("sum", ["流动资产合计", "投资", "在建工程", "固定资产净值", "无形资产净值", "长期待摊费用",
                      "待处理财产损溢"])),
    ("应付职工薪酬", ["201"]),
    ("应付上级经费", ["211"]),
    ("应付下级经费", ["212"]),
    ("其他应付款", ["215"]),
    ("代管经费", ["221"]),
    ("负债合计", ("sum", ["应付职工薪酬", "应付上级经费", "应付下级经费", "其他应付款", "代管经费"])),
    ("资产基金", ["301"]),
    ("专用基金", ["311"]),
    ("工会资金结转", ("fund", True)),
    ("工会资金结余", ("fund", False)),
    ("财政拨款结转", ["331"]),
    ("财政拨款结余", ["332"]),
    ("预算稳定调节基金", ["341"]),
    ("净资产合计", ("sum", ["资产基金", "专用基金", "工会资金结转", "工会资金结余", "财政拨款结转", "财政拨款结余",
                        "预算稳定调节基金"])),
    ("负债与净资产总计", ("sum", ["负债合计", "净资产合计"])),
]
BS_TOTALS = {"流动资产合计", "资产总计", "负债合计", "净资产合计", "负债与净资产总计"}

INCOME_LINES = [("会费收入", "401"), ("拨缴经费收入", "402"), ("上级补助收入", "403"), ("政府补助收入", "404"),
                ("行政补助收入", "405"), ("附属单位上缴收入", "406"), ("投资收益", "407"), ("其他收入", "408"),
                ("动用预算稳定调节基金", "411")]
EXPENSE_LINES = [("职工活动支出", "501"), ("职工活动组织支出", "502"), ("职工服务支出", "503"), ("维权支出", "504"),
                 ("业务支出", "505"), ("行政支出", "506"), ("资本性支出", "507"), ("补助下级支出", "508"),
                 ("对附属单位的支出", "509"), ("其他支出", "510"), ("安排预算稳定调节基金", "521")]
# The lines a year's statement has and a month's has not (§5.3: "yearly only").
YEAR_ONLY_START = ["年初资金结转结余", "年初资金结转", "年初资金结余"]
YEAR_ONLY_END = ["年末资金结转结余", "年末资金结转", "年末资金结余"]
IS_TOTALS = {"年初资金结转结余", "收入合计", "支出合计", "本期收支差额", "年末资金结转结余"}


@dataclass
class Line:
    name: str
    values: dict[str, Decimal]
    total: bool = False
    indent: int = 0
    traces: dict[str, Trace] = field(default_factory=dict)  # column -> what is behind the figure (trace.py)

    @property
    def indent_text(self) -> str:
        return "\u3000" * self.indent

    @property
    def cells(self) -> list[tuple[Decimal, Trace | None]]:
        """(figure, what is behind it) per column, for the page."""
        return [(value, self.traces.get(column)) for column, value in self.values.items()]


@dataclass
class Statement:
    code: str  # 工会01表 / 工会02表
    title: str
    columns: tuple[str, ...]
    lines: list[Line] = field(default_factory=list)

    def value(self, name: str, column: str) -> Decimal:
        return next(line.values[column] for line in self.lines if line.name == name)

    def as_dict(self) -> dict:
        return {line.name: {c: f"{line.values[c]:.2f}" for c in self.columns} for line in self.lines}


@dataclass
class Statements:
    org: Org
    period: Period
    balance_sheet: Statement
    income: Statement

    @property
    def tables(self) -> list[Statement]:
        return [self.balance_sheet, self.income]

    def as_dict(self) -> dict:
        return {"工会01表": self.balance_sheet.as_dict(), "工会02表": self.income.as_dict()}


def statement_period(code: str | Period) -> Period:
    period = code if isinstance(code, Period) else parse_period(code)
    if not period.code or ("H" in period.code or "Q" in period.code):
        raise ValidationError({"period": BAD_PERIOD})
    return period


def is_year(period: Period) -> bool:
    return len(period.code) == 4


class _Books:
    """The account facts the statements need, read once."""

    def __init__(self, *, viewer, org: Org):
        self.viewer, self.org = viewer, org
        accounts = list(account_list(viewer=viewer, org=org))
        self.main = {a.pk: a.code[:3] for a in accounts}
        self.category = {a.pk: a.category for a in accounts}
        self.side = {a.code: a.side for a in accounts if a.parent_id is None}

    def balances(self, date: dt.date, *, inclusive: bool) -> dict[str, Decimal]:
        """Balance sheet figures of the accounts at `date`: main code -> amount on its side, plus the two
        funds lines with the running 收支差额 (module docstring)."""
        nets = net_before(viewer=self.viewer, org=self.org, date=date, by_earmark=True, inclusive=inclusive)
        by_code: dict[str, Decimal] = {}
        residue = {True: ZERO, False: ZERO}
        for (account_id, earmarked), net in nets.items():
            code = self.main[account_id]
            if self.category[account_id] in (chart.INCOME, chart.EXPENSE):
                residue[earmarked] -= net  # income − expense not yet closed
                continue
            by_code[code] = by_code.get(code, ZERO) + net
        out = {code: (net if self.side.get(code, chart.DEBIT) == chart.DEBIT else -net)
               for code, net in by_code.items()}
        out["fund:True"] = out.get("321", ZERO) + residue[True]
        out["fund:False"] = out.get("322", ZERO) + residue[False]
        return out

    def flows(self, start: dt.date, end: dt.date) -> dict[str, Decimal]:
        """收入支出表 figures from `start` to `end` (the close left out): main code -> income (credit − debit)
        or expense (debit − credit), and "adjust": the movement of 321/322 other than the close."""
        out: dict[str, Decimal] = {"adjust": ZERO}
        for account_id, (d, c) in movements(viewer=self.viewer, org=self.org, start=start, end=end,
                                            exclude_closing=True).items():
            code, category = self.main[account_id], self.category[account_id]
            if category == chart.INCOME:
                out[code] = out.get(code, ZERO) + c - d
            elif category == chart.EXPENSE:
                out[code] = out.get(code, ZERO) + d - c
            elif code in ("321", "322"):
                out["adjust"] += c - d
        return out


def _balance_sheet(start_figures: dict, end_figures: dict) -> Statement:
    statement = Statement("工会01表", _("资产负债表"), BS_COLUMNS)
    values: dict[str, dict[str, Decimal]] = {}
    for name, how in BALANCE_SHEET:
        row = {}
        for column, figures in zip(BS_COLUMNS, (start_figures, end_figures), strict=True):
            if isinstance(how, list):
                row[column] = sum((figures.get(code, ZERO) for code in how), ZERO)
            elif how[0] == "sum":
                row[column] = sum((values[n][column] for n in how[1]), ZERO)
            elif how[0] == "net":
                row[column] = values[how[1]][column] - values[how[2]][column]
            else:  # ("fund", flag)
                row[column] = figures[f"fund:{how[1]}"]
        values[name] = row
        statement.lines.append(Line(name, row, total=name in BS_TOTALS))
    return statement


def _income_statement(period_flows: dict, year_flows: dict, *, yearly: bool, start_bs: dict, end_bs: dict) -> Statement:
    statement = Statement("工会02表", _("收入支出表"), IS_COLUMNS)
    both = (period_flows, year_flows)

    def add(name: str, values: list[Decimal], *, indent: int = 0) -> dict[str, Decimal]:
        row = dict(zip(IS_COLUMNS, values, strict=True))
        statement.lines.append(Line(name, row, total=name in IS_TOTALS, indent=indent))
        return row

    if yearly:
        carried, free = start_bs["fund:True"], start_bs["fund:False"]
        add("年初资金结转结余", [carried + free] * 2)
        add("年初资金结转", [carried] * 2, indent=1)
        add("年初资金结余", [free] * 2, indent=1)
    add("资金结转结余调整及变动", [f["adjust"] for f in both])
    income = add("收入合计", [sum((f.get(code, ZERO) for _n, code in INCOME_LINES), ZERO) for f in both])
    for name, code in INCOME_LINES:
        add(name, [f.get(code, ZERO) for f in both], indent=1)
    expense = add("支出合计", [sum((f.get(code, ZERO) for _n, code in EXPENSE_LINES), ZERO) for f in both])
    for name, code in EXPENSE_LINES:
        add(name, [f.get(code, ZERO) for f in both], indent=1)
    add("本期收支差额", [income[c] - expense[c] for c in IS_COLUMNS])
    if yearly:
        carried, free = end_bs["fund:True"], end_bs["fund:False"]
        add("年末资金结转结余", [carried + free] * 2)
        add("年末资金结转", [carried] * 2, indent=1)
        add("年末资金结余", [free] * 2, indent=1)
    return statement


def statements_for(*, viewer, org: Org, period: str | Period) -> Statements:
    """工会01表 and 工会02表 of the books `org` keeps (its union's) for a month or a year; PermissionDenied when
    the viewer does not read those books."""
    period = statement_period(period)
    org = books_of(viewer=viewer, org=org)
    books = _Books(viewer=viewer, org=org)
    year_start = dt.date(period.start.year, 1, 1)
    start_bs = books.balances(year_start, inclusive=False)
    end_bs = books.balances(period.end, inclusive=True)
    period_flows = books.flows(period.start, period.end)
    year_flows = period_flows if period.start == year_start else books.flows(year_start, period.end)
    result = Statements(org=org, period=period, balance_sheet=_balance_sheet(start_bs, end_bs),
                        income=_income_statement(period_flows, year_flows, yearly=is_year(period),
                                                 start_bs=start_bs, end_bs=end_bs))
    _attach_traces(result, year_start)
    return result


def _bs_parts(name: str) -> tuple[list[trace.Part], str]:
    """The accounts behind a 工会01表 line and the side it is shown on."""
    how = dict(BALANCE_SHEET)[name]
    if isinstance(how, list):
        return [(code, None) for code in how], chart.MAIN[how[0]].side
    if how[0] == "fund":  # 321/322 and the year's income − expense not yet closed (module docstring)
        return [("321" if how[1] else "322", None), ("4", how[1]),
                ("5", how[1])], chart.CREDIT
    names = how[1] if how[0] == "sum" else how[1:]
    parts, side = [], None
    for sub in names:
        sub_parts, sub_side = _bs_parts(sub)
        parts += sub_parts
        side = side or sub_side
    return parts, side


def _attach_traces(result: Statements, year_start: dt.date) -> None:
    """Every figure's `Trace`: the voucher lines (and opening rows) that sum to it."""
    end, start = result.period.end, result.period.start
    for line in result.balance_sheet.lines:
        parts, side = _bs_parts(line.name)
        line.traces = {"年初余额": trace.balance(parts, side, year_start, inclusive=False),
                       "期末余额": trace.balance(parts, side, end, inclusive=True)}
    income = [(code, None) for _n, code in INCOME_LINES]
    expense = [(code, None) for _n, code in EXPENSE_LINES]
    flows = {"资金结转结余调整及变动": ([("321", None), ("322", None)], chart.CREDIT), "收入合计": (income, chart.CREDIT),
             "支出合计": (expense, chart.DEBIT), "本期收支差额": (income + expense, chart.CREDIT)}
    flows |= {name: ([(code, None)], chart.CREDIT) for name, code in INCOME_LINES}
    flows |= {name: ([(code, None)], chart.DEBIT) for name, code in EXPENSE_LINES}
    funds = {"资金结转结余": [("321", None), ("322", None), ("4", None), ("5", None)], "资金结转": _bs_parts("工会资金结转")[0],
             "资金结余": _bs_parts("工会资金结余")[0]}
    for line in result.income.lines:
        if line.name in flows:
            parts, side = flows[line.name]
            line.traces = {"本期数": trace.flow(parts, side, start, end, closing=False),
                           "本年累计数": trace.flow(parts, side, year_start, end, closing=False)}
        elif line.name[2:] in funds:  # 年初/年末资金结转结余 (a year's statement only)
            first = line.name.startswith("年初")
            one = trace.balance(funds[line.name[2:]], chart.CREDIT, year_start if first else end,
                                inclusive=not first)
            line.traces = dict.fromkeys(IS_COLUMNS, one)


def balances_for(*, viewer, org: Org, period: str | Period) -> tuple[Org, Period, list[BalanceRow]]:
    """科目余额表 of the books `org` keeps for any period (a month, quarter, half-year, year, or from–to)."""
    period = period if isinstance(period, Period) else parse_period(period)
    org = books_of(viewer=viewer, org=org)
    rows = trial_balance(viewer=viewer, org=org, start=period.start, end=period.end)
    for row in rows:  # every figure opens its lines (trace.py)
        parts, side = [(row.account.code, None)], row.account.side
        row.traces = {"opening": trace.balance(parts, side, period.start, inclusive=False),
                      "debit": trace.flow(parts, chart.DEBIT, period.start, period.end, amount="debit"),
                      "credit": trace.flow(parts, chart.DEBIT, period.start, period.end, amount="credit"),
                      "closing": trace.balance(parts, side, period.end, inclusive=True)}
    return org, period, rows


def ledger_traces(account, period: Period) -> dict[str, Trace]:
    """What is behind the 明细账's 期初余额 and 期末余额 (each of its rows links to its own voucher)."""
    parts = [(account.code, None)]
    return {"opening": trace.balance(parts, account.side, period.start, inclusive=False),
            "closing": trace.balance(parts, account.side, period.end, inclusive=True)}


def ledger_for(*, viewer, org: Org, code: str, period: str | Period):
    """明细账 of the account `code` in the books `org` keeps, for any period: (books, period, account, opening,
    rows)."""
    period = period if isinstance(period, Period) else parse_period(period)
    org = books_of(viewer=viewer, org=org)
    account = account_list(viewer=viewer, org=org).filter(code=(code or "").strip()).first()
    if account is None:
        raise ValidationError({"account": UNKNOWN_ACCOUNT % {"c": code}})
    opening, rows = account_ledger(viewer=viewer, org=org, account=account, start=period.start, end=period.end)
    return org, period, account, opening, rows
