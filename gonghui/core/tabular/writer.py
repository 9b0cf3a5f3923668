"""The safe .xlsx writer every export uses (XlsxWriter underneath).

- User text never becomes a formula: strings_to_formulas is off, and a cell that starts with = + - @ (or a
  tab/CR) is written as a string with Excel's quote prefix, so even editing the cell later keeps it text,
  while the value read back is exactly what was written.
- ID numbers, phones and codes go into text cells ('@'), so Excel never turns them into numbers.
- Dates are real Excel dates; Decimals are numbers with two places.
- Rows stream out (constant_memory), so memory does not grow with the export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Self

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


class SafeXlsxWriter:
    def __init__(self, target: Any, *, sheet_name: str = "Sheet1", constant_memory: bool = True):
        options = {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "constant_memory": constant_memory,
        }
        if not isinstance(target, (str, bytes)) and not hasattr(target, "__fspath__"):
            options["in_memory"] = True
        self.workbook = xlsxwriter.Workbook(target, options)
        self.sheet = self.workbook.add_worksheet(sheet_name[:31])
        wb = self.workbook
        self.fmt_text = wb.add_format({"num_format": "@"})
        self.fmt_quoted = wb.add_format({"quote_prefix": True})
        self.fmt_text_quoted = wb.add_format({"num_format": "@", "quote_prefix": True})
        self.fmt_date = wb.add_format({"num_format": "yyyy-mm-dd"})
        self.fmt_datetime = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.fmt_money = wb.add_format({"num_format": "0.00"})
        self.fmt_header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                         "valign": "vcenter", "align": "center"})
        self.fmt_title = wb.add_format({"bold": True, "font_size": 14})
        self.row = 0

    def add_sheet(self, name: str):
        """Start another sheet of the same workbook (an export with one table per sheet); following calls
        write there, from its first row. Returns the XlsxWriter worksheet (print settings etc.)."""
        self.sheet = self.workbook.add_worksheet(name[:31])
        self.row = 0
        return self.sheet

    def set_columns(self, widths: Sequence[int], text_columns: Iterable[int] = ()) -> None:
        """Column widths; text columns get the '@' format for the whole column, so values typed in later
        (a template) stay text too. Call before writing rows."""
        text = set(text_columns)
        for index, width in enumerate(widths):
            self.sheet.set_column(index, index, width, self.fmt_text if index in text else None)

    def write_title(self, title: str, width: int) -> None:
        if width > 1:
            self.sheet.merge_range(self.row, 0, self.row, width - 1, title, self.fmt_title)
        else:
            self.sheet.write_string(self.row, 0, title, self.fmt_title)
        self.row += 1

    def write_header(self, labels: Sequence[str], *, freeze: bool = True) -> None:
        for col, label in enumerate(labels):
            self._cell(self.row, col, label, self.fmt_header)
        if freeze:
            self.sheet.freeze_panes(self.row + 1, 0)
        self.row += 1

    def write_row(self, values: Sequence[Any], *, text_columns: frozenset[int] | set[int] = frozenset()) -> None:
        row = self.row
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if col in text_columns:
                value = value if isinstance(value, str) else _plain(value)
                fmt = self.fmt_text_quoted if is_formula_like(value) else self.fmt_text
                self.sheet.write_string(row, col, value, fmt)
            else:
                self._cell(row, col, value)
        self.row += 1

    def _cell(self, row: int, col: int, value: Any, fmt=None) -> None:
        sheet = self.sheet
        if isinstance(value, bool):
            sheet.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float)):
            sheet.write_number(row, col, value, fmt)
        elif isinstance(value, Decimal):
            # An Excel cell holds a double; the 0.00 format shows the cents exactly as stored.
            sheet.write_number(row, col, float(value), fmt or self.fmt_money)
        elif isinstance(value, dt.datetime):
            sheet.write_datetime(row, col, value.replace(tzinfo=None), fmt or self.fmt_datetime)
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, col, value, fmt or self.fmt_date)
        else:
            text = str(value)
            if is_formula_like(text):
                fmt = self.fmt_quoted if fmt is None else fmt
                if fmt is self.fmt_header:
                    fmt = self.workbook.add_format({"bold": True, "quote_prefix": True})
            sheet.write_string(row, col, text, fmt)

    def close(self) -> None:
        self.workbook.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _plain(value: Any) -> str:
    from gonghui.core.tabular.cells import shown

    return shown(value)


def write_rows(target: Any, header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet_name: str = "Sheet1",
               text_columns: frozenset[int] = frozenset(), widths: Sequence[int] = ()) -> int:
    """Header plus rows into one sheet; returns the number of rows written."""
    n = 0
    with SafeXlsxWriter(target, sheet_name=sheet_name) as out:
        if widths:
            out.set_columns(widths, text_columns)
        out.write_header(header)
        for row in rows:
            out.write_row(row, text_columns=text_columns)
            n += 1
    return n


def write_refused(result, target: Any) -> int:
    """The refused rows of an ImportResult as they were, under the file's header, with a 错误原因 column
    added: the workbook a person fixes and imports again (the roster's and every ledger's)."""
    header = list(result.header_cells)
    width = max([len(header), *(len(r.cells) for r in result.refusals)])
    header += [""] * (width - len(header))
    with SafeXlsxWriter(target, sheet_name="未导入的行") as out:
        out.set_columns([14] * width + [60])
        out.write_header([*header, "错误原因"])
        for refusal in result.refusals:
            row = list(refusal.cells) + [None] * (width - len(refusal.cells))
            out.write_row([*row, refusal.reason])
    return len(result.refusals)
