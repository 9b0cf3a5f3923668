"""The arithmetic of 会费, one place: months, rates, and the amount owed on a base.

Pure functions of Decimals (never float): the roll, the tests and the pages all call these.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.dues.models import Rounding

FEN = Decimal("0.01")
YUAN = Decimal(1)
ZERO = Decimal("0.00")

MONTH_INVALID = _("“%(v)s”不是有效月份，请填写如 2026-03 的年月。")
RATE_INVALID = _("费率“%(v)s”无效：请填写小数（如 0.005）或百分数（如 0.5%%），应大于等于0且小于100%%。")

_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


def parse_month(value, field: str = "month") -> dt.date:
    """'2026-03' (or 2026/3, 2026年3月, a date) -> 2026-03-01; ValidationError in Chinese otherwise."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    m = _MONTH.match(str(value or ""))
    if m and 1900 <= int(m.group(1)) <= 2100 and 1 <= int(m.group(2)) <= 12:
        return dt.date(int(m.group(1)), int(m.group(2)), 1)
    raise ValidationError({field: MONTH_INVALID % {"v": value}}, code="month_invalid")


def month_label(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The firsts of the months from `first`'s month to `last`'s month, both included."""
    out, month, last = [], first.replace(day=1), last.replace(day=1)
    while month <= last:
        out.append(month)
        month = next_month(month)
    return out


def parse_rate(value) -> Decimal:
    """'0.005', '0.5%' or a Decimal -> Decimal('0.005')."""
    text = str(value if value is not None else "").strip().replace("％", "%")
    try:
        rate = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
    except InvalidOperation:
        raise ValidationError({"rate": RATE_INVALID % {"v": value}}, code="rate_invalid") from None
    if not rate.is_finite() or rate < 0 or rate >= 1:
        raise ValidationError({"rate": RATE_INVALID % {"v": value}}, code="rate_invalid")
    return rate


def dues_amount(base: Decimal, *, rate: Decimal, rounding: str) -> Decimal:
    """A month's dues on `base` under the policy's rate and rounding, to the fen.

    tail10: the part of the base under 10 元 is not counted (4368.90 -> 4360 -> 21.80); tail100: under 100 元;
    none: the dues rounded half-up to the fen; yuan: the dues rounded half-up to the whole 元."""
    fen = to_fen(base.quantize(FEN))
    return from_fen(DuesRule(rate, rounding).due_fen(fen))


class DuesRule:
    """The amount owed on a base, in whole fen (integers: exact, and fast enough for a roll of 100,000)."""

    __slots__ = ("num", "den", "tail", "yuan")

    def __init__(self, rate: Decimal, rounding: str):
        self.num, self.den = Decimal(rate).as_integer_ratio()
        self.tail = {Rounding.TAIL10: 1000, Rounding.TAIL100: 10000}.get(rounding, 1)  # in fen
        self.yuan = rounding == Rounding.YUAN

    def due_fen(self, base_fen: int) -> int:
        sign = -1 if base_fen < 0 else 1
        counted = abs(base_fen) // self.tail * self.tail  # the tail dropped toward zero
        unit = self.den * (100 if self.yuan else 1)  # round to the yuan or to the fen, half away from zero
        rounded = (2 * counted * self.num + unit) // (2 * unit)
        return sign * rounded * (100 if self.yuan else 1)


def base_key(components) -> str:
    """What a stored base is the sum of (WageRow.base_of): the counted components, sorted (the order of a sum
    does not matter), as JSON text — '["岗位工资", "薪级工资"]'."""
    return json.dumps(sorted(components), ensure_ascii=False)


def wage_base_fen(texts) -> int:
    """The base: the sum of the stored components that are numbers, in whole fen (blanks and text count as
    nothing). The import stores numbers with two decimals ("4368.90"): those are read as integers; anything
    else (more decimals, a number stored as a number) takes the Decimal way, rounded to the fen.
    The one definition: WageRow.base_fen is this, kept (the SQL of dues.bases is tested equal to it)."""
    total = 0
    for text in texts:
        if not text:
            continue
        if type(text) is str and text[-3:-2] == "." and text[:-3].isdecimal() and text[-2:].isdecimal():
            total += int(text[:-3]) * 100 + int(text[-2:])
        else:
            return _base_fen_exact(texts)
    return total


def _base_fen_exact(texts) -> int:
    values = (decimal_or_none(text) for text in texts)
    return to_fen(sum((v for v in values if v is not None and v.is_finite()), ZERO).quantize(FEN))


def decimal_or_none(value) -> Decimal | None:
    """A stored wage cell as a number (None for a blank or a text cell)."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def to_fen(amount: Decimal) -> int:
    """An amount with at most two decimals as whole fen."""
    return int(amount.scaleb(2))


def from_fen(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def fen_text(fen: int) -> str:
    """Whole fen as the CLI and the API write money ("4368.90"): money(from_fen(fen)), without the Decimals."""
    yuan, cents = divmod(abs(fen), 100)
    return f"{'-' if fen < 0 else ''}{yuan}.{cents:02d}"


def money(value: Decimal | None) -> str | None:
    """Money as the CLI and the API write it: "21.80"."""
    return None if value is None else str(Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP))
