"""Cleaning of single cells from any reader: calamine gives str, float, bool, date and datetime; CSV gives str.

Each function returns the Python value, or raises CellError with a Chinese message that says what to fix.
Domain rules (ID numbers, codes, names) live with their domain; this module only knows cell shapes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.tabular.errors import CellError

_SPACES = " \t\r\n\u3000\u00a0\ufeff"


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip(_SPACES)
    return False


def shown(value: Any) -> str:
    """How a cell reads to a person: for messages and for writing rows back out."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).upper() if "e" in repr(value) else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value).strip(_SPACES)


def text(value: Any) -> str:
    """Plain text as written. A number cell that holds a code (工号 1001.0) reads as "1001"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip(_SPACES)
    return shown(value)


def code_text(value: Any) -> str:
    """Text for codes and numbers typed by hand: full-width forms folded, inner spaces removed."""
    plain = text(value)
    if plain.isascii() and plain.isalnum():
        return plain  # nothing to fold: most 工号 and codes
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", plain))


_WHITESPACE = re.compile(r"\s+")
_DATE_PATTERNS = [
    # 2020-01-05, 2020/1/5, 2020.01.05, 2020年1月5日 (a time part after the date is ignored)
    (re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"), "day"),
    # 20200105
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "day"),
    # 2020年1月, 2020-01, 2020/1, 2020.01 (a month only: the first of the month is stored)
    (re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$"), "month"),
]
MIN_YEAR, MAX_YEAR = 1900, 2100


def date_with_precision(value: Any) -> tuple[dt.date | None, str]:
    """(date, "day"|"month"), or (None, "") for an empty cell. "2020年1月" gives (2020-01-01, "month")."""
    if is_blank(value):
        return None, ""
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, bool):
        raise CellError(_("“%(v)s”不是日期，请填写如 2020-01-05 的日期。") % {"v": shown(value)}, "date_invalid")
    if isinstance(value, (int, float)):
        if 19000101 <= value <= 21001231 and value == int(value):
            value = str(int(value))  # 20200105 typed into a number cell (a date, never an amount)
        else:
            raise CellError(
                _("“%(v)s”是一个数字，不是日期：该单元格可能被设成了“常规/数值”格式。请把该列设置为“日期”格式，"
                  "或填写如 2020-01-05 的日期。") % {"v": shown(value)},
                "date_number",
            )
    raw = unicodedata.normalize("NFKC", str(value)).strip(_SPACES)
    for pattern, precision in _DATE_PATTERNS:
        m = pattern.match(raw)
        if not m:
            continue
        year, month = int(m.group(1)), int(m.group(2))
        day = int(m.group(3)) if precision == "day" else 1
        try:
            parsed = dt.date(year, month, day)
        except ValueError:
            break
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            break
        return parsed, precision
    raise CellError(
        _("“%(v)s”不是有效日期，请填写如 2020-01-05、2020/1/5、2020.01.05、2020年1月5日 的日期。") % {"v": raw},
        "date_invalid",
    )


def date(value: Any) -> dt.date | None:
    return date_with_precision(value)[0]


def decimal(value: Any) -> Decimal | None:
    """A number as Decimal (money never goes through binary float arithmetic here)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(v)s”不是数字。") % {"v": shown(value)}, "number_invalid")
    if isinstance(value, (int, float)):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    raw = unicodedata.normalize("NFKC", str(value)).strip(_SPACES).replace(",", "").replace("元", "")
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise CellError(_("“%(v)s”不是数字，请只填数字。") % {"v": str(value).strip()}, "number_invalid") from None


_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "对", "有", "是的"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "不是", "非", "无"}


def boolean(value: Any) -> bool | None:
    """是/否 and their usual spellings; None for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    raw = unicodedata.normalize("NFKC", str(value)).strip(_SPACES).lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise CellError(_("“%(v)s”应填“是”或“否”。") % {"v": str(value).strip()}, "bool_invalid")
