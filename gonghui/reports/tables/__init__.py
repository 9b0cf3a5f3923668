"""The upper union's statistical tables as one .xlsx workbook.

    tables_write(org=..., period=..., target="out.xlsx")      # or a file-like object
    failures = tables_check(org, period)                      # 逻辑检查, [] when everything agrees
    failures = tables_cli_write(org, period, "out.xlsx")     # for `gonghui report tables`

Sheets: 基层工会基本情况统计表, 会员发展情况表, 活动统计季报, 月报, 民主管理情况表, 维权帮扶情况表 (ending with any
indicator no sheet prints yet), 逻辑检查. Every number is a value of
`gonghui.indicators.registry.compute` for the same org and period (or a month/quarter of it, or the day
before it for 期初); totals are Excel formulas written with their cached values. See docs/reports.md.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from gonghui.accounts.scoping import SYSTEM

from .failure import CheckFailure
from .spec import CHECK_SHEET_NAME, SHEETS

if TYPE_CHECKING:
    from gonghui.core.periods import Period
    from gonghui.orgs.models import Org

__all__ = ["SHEET_NAMES", "CheckFailure", "tables_check", "tables_cli_write", "tables_write"]

SHEET_NAMES = tuple(s.name for s in SHEETS) + (CHECK_SHEET_NAME,)


def tables_check(org: Org, period: Period, viewer=SYSTEM) -> list[CheckFailure]:
    """The 逻辑检查 an upper union runs: each failure names the rule and the numbers that disagree."""
    from . import data as d
    from .checks import check_data

    return check_data(d.gather(org, period, viewer))


def tables_write(*, org: Org, period: Period, target, viewer=SYSTEM, filled_on: dt.date | None = None) -> None:
    """Write the workbook to `target` (a path or a binary file object)."""
    _write(org, period, target, viewer, filled_on)


def _write(org, period, target, viewer=SYSTEM, filled_on=None) -> list[CheckFailure]:
    import xlsxwriter
    from django.utils import timezone

    from . import data as d
    from .checks import check_data
    from .spec import ACTIVITY, BASIC, DEMOCRACY, MEMBERSHIP, MONTHLY, RIGHTS
    from .writer import BreakdownSheet, Formats, TimeSheet, write_check_sheet

    t = d.gather(org, period, viewer)
    failures = check_data(t)
    filled_on = filled_on or timezone.localdate()
    wb = xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target), {
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
        "default_format_properties": {"font_name": "宋体", "font_size": 11},
    })
    wb.set_properties({"title": f"{org.name} {period.label} 统计报表", "author": "gonghui",
                       "comments": "数字来自指标登记册（docs/indicators.md）"})
    wb.set_calc_mode("auto")
    fmts = Formats(wb)
    BreakdownSheet(wb, fmts, BASIC, org, period, filled_on, d.rows_for(BASIC, org), t.basic).write()
    BreakdownSheet(wb, fmts, MEMBERSHIP, org, period, filled_on, d.rows_for(MEMBERSHIP, org), t.membership).write()
    TimeSheet(wb, fmts, ACTIVITY, org, period, filled_on, d.rows_for(ACTIVITY, org), t.activity).write()
    TimeSheet(wb, fmts, MONTHLY, org, period, filled_on, d.rows_for(MONTHLY, org), t.monthly).write()
    BreakdownSheet(wb, fmts, DEMOCRACY, org, period, filled_on, d.rows_for(DEMOCRACY, org), t.democracy).write()
    BreakdownSheet(wb, fmts, RIGHTS, org, period, filled_on, d.rows_for(RIGHTS, org), t.rights).write()
    write_check_sheet(wb, fmts, org, period, filled_on, failures, t.silent)
    wb.close()
    return failures


def tables_cli_write(org: Org, period: Period, path) -> list[CheckFailure]:
    """Write the workbook to `path` (atomically: a half-written file never replaces a good one) and return
    the 逻辑检查 failures, which are also listed on the workbook's last sheet."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=path.parent or None)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # as a plainly created file, not the temp file's 0600
    try:
        failures = _write(org, period, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return failures
