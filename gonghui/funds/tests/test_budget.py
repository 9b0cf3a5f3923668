"""The year's budget: set, approved and fixed; execution at a date; a line set to 禁止超支 refuses a voucher."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.scoping import SYSTEM
from gonghui.funds import budget_services, voucher_services
from gonghui.funds.budget_services import BudgetInput
from gonghui.funds.selectors import budget_execution
from gonghui.funds.tests.helpers import account, build_year, lines_of

D = Decimal


def budget(cast, **controls):
    lines = [BudgetInput(account(cast.ua, "501"), D("3000"), control=controls.get("501", "warn")),
             BudgetInput(account(cast.ua, "50502"), D("1000"), control=controls.get("50502", "warn")),
             BudgetInput(account(cast.ua, "50405"), D("6000"), kind="project")]
    budget_services.budget_set(actor=cast.finance_a, org=cast.ua, year=2026, lines=lines)
    return budget_services.budget_approve(actor=cast.chair_a, org=cast.ua, year=2026)


def test_the_execution_compares_spending_with_the_budget(cast):
    budget(cast)
    build_year(cast)
    _budget, rows = budget_execution(viewer=SYSTEM, org=cast.ua, year=2026, on=dt.date(2026, 12, 31))
    got = {(r.line.account.code, r.line.kind): (r.spent, r.remaining, r.over) for r in rows}
    assert got == {("501", "basic"): (D("2600"), D("400"), False),
                   ("50502", "basic"): (D("1200"), D("-200"), True),
                   ("50405", "project"): (D("5000"), D("1000"), False)}
    _budget, rows = budget_execution(viewer=SYSTEM, org=cast.ua, year=2026, on=dt.date(2026, 3, 31))
    assert [r.spent for r in rows] == [D("0"), D("5000"), D("0")]


def test_an_approved_budget_is_fixed(cast):
    budget(cast)
    with pytest.raises(ValidationError) as err:
        budget_services.budget_set(actor=cast.finance_a, org=cast.ua, year=2026, lines=[])
    assert "2026年预算已批准，不能再修改。" in str(err.value)
    with pytest.raises(PermissionDenied):
        budget_services.budget_set(actor=cast.auditor_a, org=cast.ua, year=2027, lines=[])
    with pytest.raises(ValidationError) as err:
        budget_services.budget_set(actor=cast.finance_a, org=cast.ua, year=2027,
                                   lines=[BudgetInput(account(cast.ua, "102"), D("1"))])
    assert "不是支出类科目" in str(err.value)


def test_a_blocked_line_refuses_the_voucher_that_exceeds_it(cast):
    budget(cast, **{"50502": "block"})
    voucher = voucher_services.voucher_save(actor=cast.finance_a, org=cast.ua, date=dt.date(2026, 6, 12), summary="会议",
                                            lines=lines_of(cast.ua, [("50502", "1200", ""), ("101", "", "1200")]))
    voucher_services.voucher_review(actor=cast.chair_a, voucher=voucher)
    with pytest.raises(ValidationError) as err:
        voucher_services.voucher_post(actor=cast.finance_a, voucher=voucher)
    assert ("超出预算：50502 会议 2026年预算1000.00元，已支出0.00元，本凭证1200.00元，超出200.00元。"
            in str(err.value))
