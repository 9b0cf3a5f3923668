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


# --- period_from_params: one reading of period / from-to for every face --------------------------------------

from django.http import QueryDict

from gonghui.core.periods import current_half, last_complete_half, period_from_params


@pytest.mark.parametrize("query, start, end", [
    ("period=2026Q2", D(2026, 4, 1), D(2026, 6, 30)),
    ("period=+2026-05+", D(2026, 5, 1), D(2026, 5, 31)),
    ("from=2026-03-01&to=2026-03-15", D(2026, 3, 1), D(2026, 3, 15)),
    ("period=&from=2026-03-01&to=2026-03-15", D(2026, 3, 1), D(2026, 3, 15)),
])
def test_it_reads_a_query_string(query, start, end):
    p = period_from_params(QueryDict(query))
    assert (p.start, p.end) == (start, end)


def test_it_reads_command_options_and_dates():
    p = period_from_params({"period": None, "start": D(2026, 1, 2), "end": "2026-02-03"}, default=None)
    assert (p.start, p.end, p.code) == (D(2026, 1, 2), D(2026, 2, 3), "")


def test_the_default_is_the_current_half_year(settings):
    settings.USE_TZ = True
    from django.utils import timezone

    today = timezone.localdate()
    assert period_from_params({}).code == current_half(today)
    assert period_from_params(QueryDict("period=&from=")).code == current_half(today)
    assert period_from_params({}, default="2025").code == "2025"
    assert period_from_params({}, default=last_complete_half).code == last_complete_half(today)


def test_the_halves():
    assert (current_half(D(2026, 6, 30)), current_half(D(2026, 7, 1))) == ("2026H1", "2026H2")
    assert (last_complete_half(D(2026, 6, 30)), last_complete_half(D(2026, 7, 1))) == ("2025H2", "2026H1")


@pytest.mark.parametrize("params, message", [
    ({}, "请给出期间（如 2026H1），或同时给出开始和结束日期。"),
    ({"period": "2026H1", "from": "2026-01-01"}, "期间（如 2026H1）与开始、结束日期只能二选一。"),
    ({"from": "2026-01-01"}, "请同时给出开始和结束日期，或填写期间（如 2026H1）。"),
    ({"from": "2026/1/1", "to": "2026-02-01"}, "开始日期“2026/1/1”格式不对，请写成 YYYY-MM-DD，如 2020-05-01。"),
    ({"from": "2026-03-01", "to": "2026-02-01"}, "结束日期不能早于开始日期。"),
    ({"period": "2026H3"}, "期间“2026H3”无法识别，可写作 2026H1、2026H2、2026Q1～2026Q4、2026 或 2026-05。"),
])
def test_it_refuses_with_a_chinese_message_on_period(params, message):
    with pytest.raises(ValidationError) as caught:
        period_from_params(params, default=None)
    assert caught.value.message_dict == {"period": [message]}
