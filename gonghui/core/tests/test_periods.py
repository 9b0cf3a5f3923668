import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.periods import parse_period

D = dt.date


@pytest.mark.parametrize(
    "code, start, end, label",
    [
        ("2026H1", D(2026, 1, 1), D(2026, 6, 30), "2026年上半年"),
        ("2026h2", D(2026, 7, 1), D(2026, 12, 31), "2026年下半年"),
        ("2026Q1", D(2026, 1, 1), D(2026, 3, 31), "2026年第一季度"),
        ("2024Q1", D(2024, 1, 1), D(2024, 3, 31), "2024年第一季度"),
        ("2026Q4", D(2026, 10, 1), D(2026, 12, 31), "2026年第四季度"),
        ("2026", D(2026, 1, 1), D(2026, 12, 31), "2026年"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "2024年2月"),
        ("2026-5", D(2026, 5, 1), D(2026, 5, 31), "2026年5月"),
    ],
)
def test_it_parses_period_codes(code, start, end, label):
    p = parse_period(code)
    assert (p.start, p.end, p.label) == (start, end, label)


def test_same_period_last_year_handles_leap_days():
    p = parse_period("2024-02").same_period_last_year()
    assert (p.start, p.end, p.code) == (D(2023, 2, 1), D(2023, 2, 28), "2023-02")


@pytest.mark.parametrize("code", ["2026H3", "26H1", "2026-13", "上半年"])
def test_it_refuses_unknown_codes_in_chinese(code):
    with pytest.raises(ValidationError) as exc:
        parse_period(code)
    assert "期间" in exc.value.messages[0] or "月份" in exc.value.messages[0]


def test_explicit_dates_must_be_in_order():
    assert parse_period(start=D(2026, 1, 5), end=D(2026, 1, 5)).label == "2026-01-05至2026-01-05"
    with pytest.raises(ValidationError):
        parse_period(start=D(2026, 2, 1), end=D(2026, 1, 1))
