"""Every figure of the 科目余额表 and the 工会01/02表 opens the voucher lines behind it (issue 15 §3): on the
hand-computed year of helpers.py, each trace's lines (and opening rows) sum to the figure, to the fen, before
and after the year-end close."""

import pytest
from django.http import QueryDict

from gonghui.accounts.scoping import SYSTEM
from gonghui.funds.closing_services import year_close
from gonghui.funds.selectors import trace_lines
from gonghui.funds.statements import balances_for, statements_for
from gonghui.funds.tests.helpers import build_year
from gonghui.funds.trace import Trace


@pytest.fixture
def year(cast):
    build_year(cast)
    return cast


def traced(org, t):
    again = Trace.parse(QueryDict(t.query()))  # the trace survives its trip through the URL
    assert again == t
    return trace_lines(viewer=SYSTEM, org=org, trace=again).total


@pytest.mark.parametrize("period", ["2026", "2026-06"])
def test_every_statement_figure_sums_its_lines(year, period):
    st = statements_for(viewer=SYSTEM, org=year.ua, period=period)
    checked = 0
    for table in st.tables:
        for line in table.lines:
            assert set(line.traces) == set(table.columns), line.name
            for column, t in line.traces.items():
                assert traced(st.org, t) == line.values[column], (table.code, line.name, column)
                checked += 1
    assert checked >= 80


def test_every_trial_balance_figure_sums_its_lines(year):
    books, _period, rows = balances_for(viewer=SYSTEM, org=year.ua, period="2026-06")
    for row in rows:
        got = {k: traced(books, t) for k, t in row.traces.items()}
        assert got == {"opening": row.opening, "debit": row.debit, "credit": row.credit, "closing": row.closing}


def test_the_figures_still_trace_after_the_close(year, cast):
    year_close(actor=cast.finance_a, org=year.ua, year=2026)
    st = statements_for(viewer=SYSTEM, org=year.ua, period="2027-01")
    for line in st.balance_sheet.lines:
        assert traced(st.org, line.traces["年初余额"]) == line.values["年初余额"], line.name
    st = statements_for(viewer=SYSTEM, org=year.ua, period="2026")
    assert traced(st.org, st.income.lines[-1].traces["本期数"]) == st.income.lines[-1].values["本期数"]


def test_a_trace_names_its_lines_and_refuses_a_bad_query(year):
    st = statements_for(viewer=SYSTEM, org=year.ua, period="2026")
    line = next(ln for ln in st.income.lines if ln.name == "职工活动支出")
    result = trace_lines(viewer=SYSTEM, org=st.org, trace=line.traces["本期数"])
    assert [(ln.voucher.summary, ln.account.code, ln.debit) for ln in result.lines] == [
        ("文体活动报销冲借支", "50102", 2600)]
    with pytest.raises(Exception, match="查询条件不完整"):
        Trace.parse(QueryDict("a=50x&sign=D&from=2026-01-01&to=2026-12-31"))


def test_the_pages_link_each_figure_to_its_lines(year, login):
    from django.urls import reverse

    client = login(year.auditor_a)
    page = client.get(reverse("web:funds-statements") + "?org=UA&period=2026").content.decode()
    assert page.count(reverse("web:funds-trace") + "?org=UA&amp;a=") > 80
    page = client.get(reverse("web:funds-balances") + "?org=UA&period=2026").content.decode()
    assert reverse("web:funds-trace") + "?org=UA&amp;a=102&amp;sign=D&amp;at=2026-01-01&amp;incl=0" in page
    page = client.get(reverse("web:funds-ledger") + "?org=UA&account=102&period=2026").content.decode()
    assert reverse("web:funds-trace") + "?org=UA&amp;a=102&amp;sign=D&amp;at=2026-12-31&amp;incl=1" in page
    answer = client.get(reverse("web:funds-trace") + "?org=UA&a=501&sign=D&from=2026-01-01&to=2026-12-31&closing=0")
    text = answer.content.decode()
    assert answer.status_code == 200 and "2600.00" in text and "文体活动报销冲借支" in text
    assert client.get(reverse("web:funds-trace") + "?org=UA&a=501&sign=X").status_code == 400
