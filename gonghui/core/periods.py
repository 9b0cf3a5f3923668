"""Reporting periods: 2026H1, 2026H2, 2026Q1..Q4, 2026, 2026-05, or an explicit from/to. Both ends inclusive."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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

    def same_period_last_year(self) -> "Period":
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


def parse_period(code: str | None = None, *, start: dt.date | None = None, end: dt.date | None = None) -> Period:
    if code:
        m = PATTERN.match(code.strip())
        if not m:
            raise ValidationError(
                _("期间“%(c)s”无法识别，可写作 2026H1、2026H2、2026Q1～2026Q4、2026 或 2026-05。") % {"c": code},
                code="bad_period",
            )
        year = int(m.group(1))
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
    return Period(start, end)
