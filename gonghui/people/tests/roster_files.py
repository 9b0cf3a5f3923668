"""Roster files the tests build themselves: xlsx (XlsxWriter), xls (xlwt) and csv in any encoding."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from gonghui.conftest import make_id

HEADER = ["序号", "姓名", "性别", "民族", "身份证号码", "出生日期", "学历", "政治面貌", "手机号码", "工号", "入职日期",
          "入会日期", "用工形式", "所在班组"]


def person_row(i: int, name: str = "", *, birth: str = "19900101", group: str = "", join: Any = None,
               area: str = "110101", **over) -> list[Any]:
    seq = 100 + i
    id_number = make_id(birth, seq, area)
    gender = "男" if seq % 2 else "女"
    row = {"序号": i, "姓名": name or f"测试{i}", "性别": gender, "民族": "汉族", "身份证号码": id_number,
           "出生日期": None, "学历": "本科", "政治面貌": "群众", "手机号码": f"1390000{i:04d}", "工号": f"T{i:04d}",
           "入职日期": dt.date(2015, 7, 1), "入会日期": join, "用工形式": "正式", "所在班组": group}
    row.update(over)
    return [row.get(h) for h in HEADER]


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, header: Sequence[str] = HEADER,
               above: Sequence[Sequence[Any]] = (), below: Sequence[Sequence[Any]] = (),
               text_columns: Sequence[str] = ("身份证号码", "手机号码", "工号"), sheet: str = "花名册") -> Path:
    """Rows are written as given: str as text, numbers as numbers, dates as real Excel dates."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = wb.add_worksheet(sheet)
    text = wb.add_format({"num_format": "@"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    r = 0
    for line in above:
        ws.write_row(r, 0, line)
        r += 1
    ws.write_row(r, 0, header)
    r += 1
    text_idx = {header.index(h) for h in text_columns if h in header}
    for row in rows:
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, v, date)
            elif isinstance(v, str):
                ws.write_string(r, c, v, text if c in text_idx else None)
            else:
                ws.write(r, c, v)
        r += 1
    for line in below:
        ws.write_row(r, 0, line)
        r += 1
    wb.close()
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], *, encoding: str = "gbk", header=HEADER,
              delimiter: str = ",") -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(header)
    for row in rows:
        w.writerow(["" if v is None else (v.isoformat() if isinstance(v, dt.date) else v) for v in row])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xls(path: Path, rows: Sequence[Sequence[Any]], *, header=HEADER) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("花名册")
    date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for c, h in enumerate(header):
        ws.write(0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, dt.date):
                ws.write(r, c, v, date)
            else:
                ws.write(r, c, v)
    wb.save(str(path))
    return path
