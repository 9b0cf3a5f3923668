"""How report numbers are written (gonghui.indicators.formatting)."""

from decimal import Decimal

import pytest

from gonghui.indicators.formatting import fmt_count, fmt_money, fmt_rate


@pytest.mark.parametrize("n, text", [(0, "0"), (7, "7"), (1728, "1728"), (12345, "12345"), (1234567, "1234567"),
                                     (None, "0"), (Decimal(65), "65")])
def test_counts_have_no_separator(n, text):
    assert fmt_count(n) == text


def test_a_count_must_be_whole():
    with pytest.raises(ValueError):
        fmt_count(Decimal("1.5"))


@pytest.mark.parametrize("amount, text", [
    (Decimal("1000.00"), "1000元"),  # no .00
    (Decimal("1000.5"), "1000.50元"),  # 角/分 always as two decimals
    (Decimal("0.3"), "0.30元"),
    (Decimal("9999.99"), "9999.99元"),
    (Decimal("9999.995"), "1万元"),  # rounds to 10000.00 元, which is written in 万元
    (Decimal(10000), "1万元"),
    (Decimal("126000.00"), "12.6万元"),
    (Decimal("12345.67"), "1.23万元"),
    (Decimal("12355.00"), "1.24万元"),  # half up
    (Decimal("1391200.00"), "139.12万元"),
    (Decimal(100000000), "10000万元"),
    (0, "0元"),
    (None, "0元"),
    (1000, "1000元"),
    (1000.5, "1000.50元"),
])
def test_money(amount, text):
    assert fmt_money(amount) == text


@pytest.mark.parametrize("rate, text", [(Decimal("93.2"), "93.2%"), (Decimal("93.24"), "93.2%"),
                                        (Decimal("93.25"), "93.3%"), (Decimal("95.0"), "95%"), (100, "100%"),
                                        (Decimal(0), "0%"), (None, "0%"), (50.05, "50.1%")])
def test_rates(rate, text):
    assert fmt_rate(rate) == text


@pytest.mark.parametrize("fn", [fmt_count, fmt_money, fmt_rate])
def test_never_a_blank_none_or_separator(fn):
    for value in (None, 0, 12345, Decimal("123456.78")):
        try:
            text = fn(value)
        except ValueError:
            continue
        assert text and "None" not in text and "," not in text and " " not in text


# --- one formatter per kind, by indicator ------------------------------------------------------------------

def test_it_formats_each_kind_of_indicator_value_once():
    from gonghui.indicators.formatting import format_change, format_figure, format_value, number_format
    from gonghui.indicators.registry import INDICATORS

    members, money, rate = INDICATORS["members"], INDICATORS["aid_amount"], INDICATORS["membership_rate"]
    assert [format_value(members, 1728), format_value(money, Decimal(126000)),
            format_value(rate, Decimal("93.2"))] == ["1728人", "12.6万元", "93.2%"]
    assert [format_figure(members, 1728), format_figure(money, Decimal("13145.67")),
            format_figure(rate, Decimal("95.0"))] == ["1728", "13145.67", "95.0"]
    assert format_value(rate, None) == format_figure(rate, None) == "—"
    assert [format_change(members, -3), format_change(rate, Decimal("-2.5"))] == ["3人", "2.5个百分点"]
    assert [number_format(members), number_format(money), number_format(rate)] == ["0", "0.00", "0.0"]
