"""How officials write numbers in 工作总结 and reports.

Shared by every report (the work summary and the upper union's tables). The rules, as in real summaries:

- Arabic digits, never a thousands separator (officials write 12345, not 12,345).
- Counts: ``fmt_count(1728)`` -> ``"1728"``.
- Money (the unit is part of the result):
  below 10000 元 in 元, with two decimals only when there are 角/分: ``1000`` -> ``"1000元"``,
  ``1000.5`` -> ``"1000.50元"``, ``0.3`` -> ``"0.30元"``;
  from 10000 元 up in 万元, rounded half-up to at most two decimals with trailing zeros dropped:
  ``126000`` -> ``"12.6万元"``, ``10000`` -> ``"1万元"``, ``12345.67`` -> ``"1.23万元"``.
- Rates (percentages, the value already × 100): one decimal, a trailing ``.0`` dropped, with the sign:
  ``93.24`` -> ``"93.2%"``, ``95`` -> ``"95%"``, ``100.0`` -> ``"100%"``.

None (no data) is written as zero: a report never shows "None", "XX" or a blank where a number belongs.
Whether a sentence is written at all when the number is zero is the caller's decision.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["WAN", "fmt_count", "fmt_money", "fmt_rate", "to_decimal"]

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
