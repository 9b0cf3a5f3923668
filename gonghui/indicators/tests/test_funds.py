"""funds_income / funds_expense and the expense by category, against the hand-computed year."""

from decimal import Decimal

from gonghui.core.periods import parse_period
from gonghui.funds.closing_services import year_close
from gonghui.funds.tests.helpers import build_year
from gonghui.indicators.registry import compute, compute_breakdown


def test_it_counts_the_books_of_the_unions_in_the_subtree(cast):
    build_year(cast)
    year_close(actor=cast.finance_a, org=cast.ua, year=2026)  # the close does not change the year's figures
    values = compute(cast.fed, parse_period("2026"))
    assert values["funds_income"] == Decimal("44000.00")
    assert values["funds_expense"] == Decimal("11850.00")
    assert (values["funds_expense_activities"], values["funds_expense_rights"], values["funds_expense_business"],
            values["funds_expense_capital"], values["funds_expense_services"]) == (
        Decimal("2600.00"), Decimal("5000.00"), Decimal("1200.00"), Decimal("3000.00"), Decimal("0.00"))
    assert compute(cast.ua, parse_period("2026-06"))["funds_expense"] == Decimal("6800.00")
    assert compute(cast.ub, parse_period("2026"))["funds_income"] == 0
    parts = compute_breakdown(cast.fed, parse_period("2026"), ["funds_income"])
    assert parts[cast.ua.pk]["funds_income"] == Decimal("44000.00")
    assert parts[cast.ub.pk]["funds_income"] == 0
