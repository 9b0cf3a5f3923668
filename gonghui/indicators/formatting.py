"""One formatter per kind of value (count, money, rate), beside the registry whose values it writes.

Two registers, each with one function for every face:

- `format_value(indicator, value)`: the number as officials write it in prose (the summary, the dashboard's
  cards, the evidence workbook's titles): with its unit, money in 万元 from 10000 up.
- `format_figure(indicator, value)`: the exact figure, without unit, for the pages that set a number beside
  the entries behind it (the report index, the drill-down's value and total): 12, 13145.67, 93.2.
- In .xlsx a value stays a number: `number_format(indicator)` is the cell format of its kind.

None (a rate without a denominator) is "—" in both. The prose rules, as in real summaries:

- Arabic digits, never a thousands separator (officials write 12345, not 12,345).
- Counts: ``fmt_count(1728)`` -> ``"1728"``.
- Money (the unit is part of the result):
  below 10000 元 in 元, with two decimals only when there are 角/分: ``1000`` -> ``"1000元"``,
  ``1000.5`` -> ``"1000.50元"``, ``0.3`` -> ``"0.30元"``;
  from 10000 元 up in 万元, rounded half-up to at most two decimals with trailing zeros dropped:
  ``126000`` -> ``"12.6万元"``, ``10000`` -> ``"1万元"``, ``12345.67`` -> ``"1.23万元"``.
- Rates (percentages, the value already × 100): one decimal, a trailing ``.0`` dropped, with the sign:
  ``93.24`` -> ``"93.2%"``, ``95`` -> ``"95%"``, ``100.0`` -> ``"100%"``.

The `fmt_*` functions write None (no data) as zero: a report never shows "None", "XX" or a blank where a
number belongs. Whether a sentence is written at all when the number is zero is the caller's decision.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["WAN", "fmt_count", "fmt_money", "fmt_rate", "format_change", "format_figure", "format_value",
           "number_format", "to_decimal"]

WAN = Decimal(10000)
_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")


def to_decimal(value) -> Decimal:
    """Any number (int, float, Decimal, numeric string, None) as a Decimal; None and "" are 0."""
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def _plain(d: Decimal) -> str:
    """A Decimal as plain digits (no exponent, no separator)."""
    return format(d, "f")


def _drop_zeros(d: Decimal) -> str:
    s = _plain(d)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def fmt_count(n) -> str:
    """A count as officials write it: ``1728`` -> ``"1728"``; None -> ``"0"``."""
    d = to_decimal(n)
    if d != d.to_integral_value():
        raise ValueError(f"a count must be whole: {n!r}")
    return _plain(d.quantize(Decimal(1)))


def fmt_money(d) -> str:
    """Money with its unit: ``"1000元"``, ``"1000.50元"``, ``"12.6万元"`` (see the module doc)."""
    amount = to_decimal(d).quantize(_CENT, rounding=ROUND_HALF_UP)
    if abs(amount) >= WAN:
        wan = (amount / WAN).quantize(_CENT, rounding=ROUND_HALF_UP)
        return _drop_zeros(wan) + "万元"
    yuan = amount
    if yuan == yuan.to_integral_value():
        s = _plain(yuan.quantize(Decimal(1)))
        return ("0" if s == "-0" else s) + "元"
    return _plain(yuan) + "元"


def fmt_rate(r) -> str:
    """A percentage (already × 100) with one decimal and the sign: ``"93.2%"``, ``"95%"``."""
    rate = to_decimal(r).quantize(_TENTH, rounding=ROUND_HALF_UP)
    return _drop_zeros(rate) + "%"


DASH = "—"
NUMBER_FORMATS = {"count": "0", "money": "0.00", "rate": "0.0"}


def _kind(indicator) -> str:
    return indicator.kind


def format_value(indicator, value) -> str:
    """A registry value as officials write it, with its unit: 1728人, 12.6万元, 93.2%; None is —."""
    if value is None:
        return DASH
    kind = _kind(indicator)
    if kind == "money":
        return fmt_money(value)
    if kind == "rate":
        return fmt_rate(value)
    return fmt_count(value) + indicator.unit


def format_figure(indicator, value) -> str:
    """A registry value exactly, without unit: 12, 13145.67, 93.2; None is —."""
    if value is None:
        return DASH
    kind = _kind(indicator)
    if kind == "money":
        return _plain(to_decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP))
    if kind == "rate":
        places = indicator.ratio.places if getattr(indicator, "ratio", None) else 1
        return _plain(to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
    return fmt_count(value)


def format_change(indicator, diff) -> str:
    """The size of a change, without sign: 12人, 1.5万元, 2.3个百分点."""
    kind = _kind(indicator)
    if kind == "rate":
        return fmt_rate(abs(diff)).removesuffix("%") + "个百分点"
    if kind == "money":
        return fmt_money(abs(diff))
    return fmt_count(abs(diff)) + indicator.unit


def number_format(indicator) -> str:
    """The .xlsx number format of the indicator's kind (the cell keeps the number)."""
    return NUMBER_FORMATS[_kind(indicator)]
