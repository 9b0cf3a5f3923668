"""Reporting periods: 2026H1, 2026H2, 2026Q1..Q4, 2026, 2026-05, or an explicit from/to. Both ends inclusive.

    parse_period("2026H1") / parse_period(start=d1, end=d2)          # a Period, or ValidationError
    period_from_params(request.GET)                                    # what a page, the API or a command asks for
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIRST_YEAR, LAST_YEAR = 1900, 2100
PATTERN = re.compile(r"^(\d{4})(?:(H[12])|(Q[1-4])|-(\d{1,2}))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    code: str = ""

    @property
    def label(self) -> str:
        y = self.start.year
        code = self.code.upper()
        if code.endswith("H1"):
            return _("%(y)d年上半年") % {"y": y}
        if code.endswith("H2"):
            return _("%(y)d年下半年") % {"y": y}
        if "Q" in code:
            return _("%(y)d年第%(q)s季度") % {"y": y, "q": "一二三四"[int(code[-1]) - 1]}
        if re.fullmatch(r"\d{4}", code):
            return _("%(y)d年") % {"y": y}
        if re.fullmatch(r"\d{4}-\d{1,2}", code):
            return _("%(y)d年%(m)d月") % {"y": y, "m": self.start.month}
        return _("%(a)s至%(b)s") % {"a": self.start.isoformat(), "b": self.end.isoformat()}

    def same_period_last_year(self) -> Period:
        def back(d: dt.date) -> dt.date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:  # 29 February
                return d.replace(year=d.year - 1, day=28)

        code = ""
        if self.code:
            m = PATTERN.match(self.code)
            code = str(int(m.group(1)) - 1) + self.code[4:] if m else ""
        return Period(back(self.start), back(self.end), code)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _check_years(first: int, last: int, low: int = FIRST_YEAR, high: int = LAST_YEAR) -> None:
    # Year 0 is no date at all, and the reports step a year back and forth (year 1 has no day before it):
    # both were a 500. Asked-for periods keep to FIRST_YEAR..LAST_YEAR; the ranges that code derives from them
    # (the day before 1900-01-01) only to what a date can hold with a year to spare.
    if first < low or last > high:
        raise ValidationError(_("年份应在%(a)d到%(b)d之间。") % {"a": low, "b": high}, code="bad_period")


def parse_period(code: str | None = None, *, start: dt.date | None = None, end: dt.date | None = None) -> Period:
    if code:
        m = PATTERN.match(code.strip())
        if not m:
            raise ValidationError(
                _("期间“%(c)s”无法识别，可写作 2026H1、2026H2、2026Q1～2026Q4、2026 或 2026-05。") % {"c": code},
                code="bad_period",
            )
        year = int(m.group(1))
        _check_years(year, year)
        half, quarter, month = m.group(2), m.group(3), m.group(4)
        if half:
            first = 1 if half.upper() == "H1" else 7
            return Period(dt.date(year, first, 1), _month_end(year, first + 5), code.strip().upper())
        if quarter:
            first = (int(quarter[1]) - 1) * 3 + 1
            return Period(dt.date(year, first, 1), _month_end(year, first + 2), code.strip().upper())
        if month:
            mm = int(month)
            if not 1 <= mm <= 12:
                raise ValidationError(_("月份应在1到12之间。"), code="bad_period")
            return Period(dt.date(year, mm, 1), _month_end(year, mm), f"{year}-{mm:02d}")
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))
    if start is None or end is None:
        raise ValidationError(_("请给出期间（如 2026H1），或同时给出开始和结束日期。"), code="period_missing")
    if end < start:
        raise ValidationError(_("结束日期不能早于开始日期。"), code="period_order")
    _check_years(start.year, end.year, dt.MINYEAR + 1, dt.MAXYEAR - 1)
    return Period(start, end)


BOTH_GIVEN = gettext_lazy("期间（如 2026H1）与开始、结束日期只能二选一。")
ONE_DATE = gettext_lazy("请同时给出开始和结束日期，或填写期间（如 2026H1）。")
BAD_DATE = gettext_lazy("%(label)s“%(v)s”格式不对，请写成 YYYY-MM-DD，如 2020-05-01。")


def current_half(today: dt.date) -> str:
    """The half-year that holds `today`: 2026H1 from January to June, 2026H2 after."""
    return f"{today.year}H{1 if today.month <= 6 else 2}"


def last_complete_half(today: dt.date) -> str:
    """The last half-year that has ended: 2025H2 from January to June 2026, 2026H1 after."""
    return f"{today.year - 1}H2" if today.month <= 6 else f"{today.year}H1"


def _given(params: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = params.get(key)
        if isinstance(value, str):
            value = value.strip()
        if value:
            return value
    return None


def _date(value: Any, label: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({"period": [BAD_DATE % {"label": label, "v": value}]}, code="bad_date") from None


def period_from_params(params: Mapping[str, Any], *,
                       default: str | Callable[[dt.date], str] | None = current_half) -> Period:
    """The period a page, an API call or a command asks for: `period` (2026H1, 2026Q2, 2026, 2026-05), or
    `from` and `to` (also spelt `start`/`end`; dates or YYYY-MM-DD text), never both, never one date alone.

    When neither is given, `default`: a code, a function of today giving one, or None when the caller must
    name a period (a command, the API). One default for every page: the current half-year, the half that
    holds today. An officer opens a page to see the work in hand, which is recorded in the current half; the
    ledgers and the dashboard already open on it, and one default means the period stays the same from page
    to page. The last finished half (`last_complete_half`) suits only writing about a finished period.

    Raises ValidationError({"period": [Chinese message]})."""
    code = str(_given(params, "period") or "")
    start, end = _given(params, "from", "start"), _given(params, "to", "end")
    if code and (start or end):
        raise ValidationError({"period": [BOTH_GIVEN]}, code="period_both")
    if not code and not (start or end):
        if default is None:
            raise ValidationError({"period": [_("请给出期间（如 2026H1），或同时给出开始和结束日期。")]},
                                  code="period_missing")
        code = default(timezone.localdate()) if callable(default) else default
    try:
        if code:
            return parse_period(code)
        first, last = _date(start, _("开始日期")), _date(end, _("结束日期"))
        if first is None or last is None:
            raise ValidationError(str(ONE_DATE), code="period_half_open")
        _check_years(first.year, last.year)
        return parse_period(start=first, end=last)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise ValidationError({"period": exc.messages}, code=exc.code) from None
