"""XlsxWriter layout of the tables: header block, numbered rows, formulas with cached values, print setup."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from gonghui.indicators import registry
from gonghui.indicators.formatting import NUMBER_FORMATS

from . import data as d
from .failure import CheckFailure, fmt_value
from .spec import CHECK, CHECK_SHEET_NAME, OPENING, OTHER, OWN_NOTE, RATE, SUM, Row, Sheet

MISSING = "待补充"
DASH = "—"
NAME_WIDTH, VALUE_WIDTH = 30, 12
FIXED_WIDTH = 5 + NAME_WIDTH + 8  # 序号, 指标名称, 计量单位
MIN_TABLE_WIDTH = 96
FIT_WIDTH_MAX = 16  # more value columns than this: print across pages with the row labels repeated
BALANCE_TERMS = ((OPENING, "+"), ("members_joined", "+"), ("members_transferred_in", "+"),
                 ("members_transferred_out", "-"), ("members_left", "-"), (OTHER, "+"), ("members", "-"))


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lines(text: str, col_width: float) -> int:
    return max(1, math.ceil(width(text) / max(1.0, col_width - 1)))


def num(value):
    """A registry value as a cell value: Decimal money/rates as float, None as a dash."""
    if value is None:
        return DASH
    if isinstance(value, Decimal):
        return float(value)
    return value


def kind_of(code: str) -> str:
    if d.defined(code):
        return registry.INDICATORS[code].kind
    return registry.COUNT


@dataclass
class ValueColumn:
    header: str
    values: dict | None  # None: a formula column (合计 = SUM of the parts/slices)
    group: str = ""  # printed over several columns ("其中")
    total: bool = False


class Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_size": 11, "valign": "vcenter"}
        cell = {**base, "border": 1}
        self.title = wb.add_format({**base, "bold": True, "font_size": 16, "align": "center",
                                    "font_name": "黑体"})
        self.info = wb.add_format({**base, "font_size": 10})
        self.info_right = wb.add_format({**base, "font_size": 10, "align": "right"})
        self.header = wb.add_format({**cell, "bold": True, "align": "center", "text_wrap": True,
                                     "bg_color": "#F2F2F2"})
        self.text = wb.add_format({**cell, "text_wrap": True})
        self.text_indent = wb.add_format({**cell, "text_wrap": True, "indent": 1})
        self.section = wb.add_format({**cell, "bold": True})
        self.center = wb.add_format({**cell, "align": "center"})
        self.missing = wb.add_format({**cell, "align": "center", "font_color": "#C00000"})
        self.note = wb.add_format({**base, "font_size": 9, "text_wrap": True, "valign": "top"})
        self.footer = wb.add_format({**base, "font_size": 11})
        self.nums = {}
        for kind, pattern in NUMBER_FORMATS.items():
            for bold in (False, True):
                self.nums[kind, bold] = wb.add_format({**cell, "num_format": pattern, "bold": bold})
        self.dash = wb.add_format({**cell, "align": "center"})


def filled_on_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class TableSheet:
    """One statistical table on one worksheet."""

    def __init__(self, wb, fmts: Formats, spec: Sheet, org, period, filled_on: dt.date, rows: list[Row],
                 columns: list[ValueColumn], *, sum_of: list[int] | None = None, extra_notes=()):
        self.wb, self.f, self.spec, self.org, self.period = wb, fmts, spec, org, period
        self.rows, self.columns = rows, columns
        self.sum_of = sum_of or []  # value-column indexes summed by the formula columns
        self.ws = wb.add_worksheet(spec.name)
        self.filled_on = filled_on
        self.extra_notes = list(extra_notes)
        self.last_col = 2 + len(columns)
        self.value_width = VALUE_WIDTH if len(columns) <= 8 else VALUE_WIDTH - 2
        if len(columns) <= 6 and any(width(c.header) > 16 for c in columns):  # long branch/union names
            self.value_width = VALUE_WIDTH + 2
        # a narrow table is widened so the header lines and the signature line fit across it
        self.value_width = max(self.value_width, math.ceil((MIN_TABLE_WIDTH - FIXED_WIDTH) / len(columns)))
        self.row_of: dict[str, int] = {}

    # column index of value column i
    @staticmethod
    def vcol(i: int) -> int:
        return 3 + i

    def write(self):
        ws, _f = self.ws, self.f
        ws.set_column(0, 0, 5)
        ws.set_column(1, 1, NAME_WIDTH)
        ws.set_column(2, 2, 8)
        ws.set_column(3, self.last_col, self.value_width)
        r = self.header_block()
        first_header = r
        r = self.column_headers(r)
        ws.repeat_rows(first_header, r - 1)
        ws.freeze_panes(r, 3)
        r = self.body(r)
        r = self.notes(r + 1)
        self.footer_line(r + 1)
        self.print_setup()

    def merge(self, r, c1, c2, text, fmt):
        if c2 > c1:
            self.ws.merge_range(r, c1, r, c2, text, fmt)
        else:
            self.ws.write_string(r, c1, text, fmt)

    def header_block(self) -> int:
        ws, f, last = self.ws, self.f, self.last_col
        ws.set_row(0, 30)
        self.merge(0, 0, last, self.spec.title, f.title)
        p = self.period
        unit = "填报单位（盖章）：" + self.org.name
        span = f"统计期间：{p.label}（{p.start.isoformat()} 至 {p.end.isoformat()}）"
        filled = "填报日期：" + filled_on_text(self.filled_on)
        money = any(kind_of(row.code) == registry.MONEY for row in self.rows if row.code)
        units = "金额单位：元" if money else ""
        if last >= 6:
            mid = max(3, last // 2)
            self.merge(1, 0, mid - 1, unit, f.info)
            self.merge(1, mid, last, span, f.info_right)
            self.merge(2, 0, mid - 1, filled, f.info)
            self.merge(2, mid, last, units, f.info_right)
            return 3
        for i, text in enumerate((unit, span, filled + ("　　" + units if units else ""))):
            self.merge(1 + i, 0, last, text, f.info)
        return 4

    def column_headers(self, r: int) -> int:
        ws, f = self.ws, self.f
        grouped = any(c.group for c in self.columns)
        height = max(lines(c.header, self.value_width) for c in self.columns)
        if not grouped:
            ws.set_row(r, 16 * max(height, 1) + 4)
            for c, text in enumerate(("序号", "指标名称", "计量单位")):
                ws.write_string(r, c, text, f.header)
            for i, col in enumerate(self.columns):
                ws.write_string(r, self.vcol(i), col.header, f.header)
            return r + 1
        ws.set_row(r, 20)
        ws.set_row(r + 1, 16 * max(height, 1) + 4)
        for c, text in enumerate(("序号", "指标名称", "计量单位")):
            ws.merge_range(r, c, r + 1, c, text, f.header)
        i = 0
        while i < len(self.columns):
            col = self.columns[i]
            if not col.group:
                ws.merge_range(r, self.vcol(i), r + 1, self.vcol(i), col.header, f.header)
                i += 1
                continue
            j = i
            while j + 1 < len(self.columns) and self.columns[j + 1].group == col.group:
                j += 1
            self.merge(r, self.vcol(i), self.vcol(j), col.group, f.header)
            for k in range(i, j + 1):
                ws.write_string(r + 1, self.vcol(k), self.columns[k].header, f.header)
            i = j + 1
        return r + 2

    def body(self, r: int) -> int:
        ws, f = self.ws, self.f
        # Rows first pass: remember where each code lands (formulas refer to other rows).
        n, placed = 0, []
        for row in self.rows:
            if row.section:
                placed.append((r, row, None))
            else:
                n += 1
                placed.append((r, row, n))
                if row.code:
                    self.row_of[row.code] = r
            r += 1
        for at, row, number in placed:
            ws.set_row(at, 19 if row.section else max(19, 15 * lines(row.name, NAME_WIDTH) + 4))
            if row.section:
                ws.write_blank(at, 0, None, f.section)
                self.merge(at, 1, self.last_col, row.name, f.section)
                continue
            ws.write_number(at, 0, number, f.center)
            star = "※" if self.marks_whole(row) else ""
            ws.write_string(at, 1, row.name + star, f.text_indent if row.indent else f.text)
            ws.write_string(at, 2, d.unit_of(row), f.center)
            if row.kind != CHECK and not self.has_value(row):
                self.merge(at, 3, self.last_col, MISSING, f.missing)
                continue
            for i, col in enumerate(self.columns):
                self.cell(at, i, row, col)
        return r

    def has_value(self, row: Row) -> bool:
        return any(col.values is not None and row.code in col.values for col in self.columns) or (
            d.defined(row.code))

    def marks_whole(self, row: Row) -> bool:
        return (row.kind != RATE and any(c.values is None for c in self.columns) and d.defined(row.code)
                and self.whole_value(row))

    def cell(self, at: int, i: int, row: Row, col: ValueColumn):
        ws, f = self.ws, self.f
        c = self.vcol(i)
        kind = kind_of(row.code)
        bold = col.total
        if row.kind == CHECK:
            terms = "".join(f"{sign}{xl_rowcol_to_cell(self.row_of[code], c)}" for code, sign in BALANCE_TERMS)
            ws.write_formula(at, c, "=" + terms.lstrip("+"), f.nums[registry.COUNT, bold],
                             value=self.balance_value(i))
            return
        if col.values is not None:  # a plain registry value
            value = col.values.get(row.code)
            if value is None:
                ws.write_string(at, c, DASH, f.dash)
            else:
                ws.write_number(at, c, num(value), f.nums[kind, bold])
            return
        # the 合计 column
        if self.whole_value(row):
            value = self.total_value(row)
            if value is None:
                ws.write_string(at, c, DASH, f.dash)
            else:
                ws.write_number(at, c, num(value), f.nums[kind, bold])
            return
        if row.kind == RATE:
            ratio = registry.INDICATORS[row.code].ratio
            m, w = (xl_rowcol_to_cell(self.row_of[code], c) for code in (ratio.numerator, ratio.denominator))
            ws.write_formula(at, c, f'=IF({w}=0,"{DASH}",ROUND({m}/{w}*100,{ratio.places}))',
                             f.nums[registry.RATE, bold],
                             value=num(self.total_value(row)))
            return
        cols = [self.vcol(k) for k in self.sum_of]
        rng = f"{xl_rowcol_to_cell(at, cols[0])}:{xl_rowcol_to_cell(at, cols[-1])}"
        ws.write_formula(at, c, f"=SUM({rng})", f.nums[kind, bold], value=num(self.summed(row.code)))

    is_time = False

    def whole_value(self, row: Row) -> bool:
        """The 合计 cell holds the registry's whole value, not a formula: a row not additive over time (a time
        sheet), a part count that is not additive over parts (帮扶户数: distinct people), a rate whose
        numerator or denominator is not on the sheet."""
        if self.is_time:
            return row.over_time != SUM
        if row.kind == RATE:
            ratio = registry.INDICATORS[row.code].ratio
            return ratio.numerator not in self.row_of or ratio.denominator not in self.row_of
        return row.kind != CHECK and not d.additive(row.code)

    def summed(self, code: str):
        return d.slice_sum([d.Slice("", None, self.columns[k].values) for k in self.sum_of], code)

    def total_value(self, row: Row):
        raise NotImplementedError

    def balance_value(self, i: int):
        col = self.columns[i]
        v = col.values if col.values is not None else {
            code: self.summed(code) for code, _ in BALANCE_TERMS}
        total = 0
        for code, sign in BALANCE_TERMS:
            total += (v.get(code) or 0) * (1 if sign == "+" else -1)
        return total

    def notes(self, r: int) -> int:
        notes = list(self.spec.notes) + self.extra_notes
        if not any(col.values is None for col in self.columns):  # no 合计 column: the ※ notes do not apply
            notes = [n for n in notes if not n.startswith("※")]
        missing = [row for row in self.rows if row.code and not row.section and row.kind != CHECK
                   and not self.has_value(row)]
        if missing:
            notes.append("“待补充”：指标登记册中尚无此项（" + "、".join(
                f"{row.name.removeprefix('其中：')} {row.code}" for row in missing) + "），定义后自动填入。")
        total_width = FIXED_WIDTH + self.value_width * len(self.columns)
        for k, text in enumerate(notes):
            text = ("注：" if k == 0 else "　　") + f"{k + 1}. " + text
            self.ws.set_row(r, 13 * lines(text, total_width * 1.1) + 4)
            self.merge(r, 0, self.last_col, text, self.f.note)
            r += 1
        return r

    def footer_line(self, r: int):
        phone = self.org.contact_phone or "＿＿＿＿＿＿"
        blank = "＿＿＿＿＿＿"
        text = f"单位负责人：{blank}　　审核人：{blank}　　制表人：{blank}　　联系电话：{phone}"
        self.ws.set_row(r, 24)
        self.merge(r, 0, self.last_col, text, self.f.footer)

    def print_setup(self):
        ws = self.ws
        ws.set_paper(9)  # A4
        if len(self.columns) > 5:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        ws.set_footer("&C第 &P 页，共 &N 页")
        if len(self.columns) <= FIT_WIDTH_MAX:
            ws.fit_to_pages(1, 0)
        else:
            ws.repeat_columns(0, 2)


class BreakdownSheet(TableSheet):
    def __init__(self, wb, fmts, spec, org, period, filled_on, rows, bd: d.Breakdown, **kw):
        self.bd = bd
        if bd.parts:
            group = "其中：" + {"federation": "各下级工会", "union": "各分会"}.get(org.kind, "各小组")
            columns = [ValueColumn("合计", None, total=True)] + [
                ValueColumn(p.label, p.values, group=group) for p in bd.parts]
            sum_of = list(range(1, len(columns)))
        else:
            columns, sum_of = [ValueColumn("合计", bd.total, total=True)], []
        if bd.own is not None:
            kw["extra_notes"] = [*kw.get("extra_notes", ()), OWN_NOTE]
        super().__init__(wb, fmts, spec, org, period, filled_on, rows, columns, sum_of=sum_of, **kw)

    def total_value(self, row):
        return self.bd.total.get(row.code)


class TimeSheet(TableSheet):
    is_time = True

    def __init__(self, wb, fmts, spec, org, period, filled_on, rows, tt: d.TimeTable, **kw):
        self.tt = tt
        columns = [ValueColumn(s.label, s.values) for s in tt.slices]
        sum_of = []
        if len(tt.slices) > 1:
            sum_of = list(range(len(columns)))
            columns.append(ValueColumn("合计", None, total=True))
        elif tt.year_to_date is not None:
            columns.append(ValueColumn(tt.year_to_date.label, tt.year_to_date.values))
        super().__init__(wb, fmts, spec, org, period, filled_on, rows, columns, sum_of=sum_of, **kw)

    def total_value(self, row):
        return self.tt.total.get(row.code)


def write_check_sheet(wb, fmts: Formats, org, period, filled_on, failures: list[CheckFailure], silent):
    ws = wb.add_worksheet(CHECK_SHEET_NAME)
    widths = (5, 22, 32, 40, 34)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    last = len(widths) - 1
    ws.set_row(0, 30)
    ws.merge_range(0, 0, 0, last, "逻辑检查结果", fmts.title)
    ws.merge_range(1, 0, 1, 2, "填报单位：" + org.name, fmts.info)
    ws.merge_range(1, 3, 1, last, f"统计期间：{period.label}（{period.start.isoformat()} 至 "
                                  f"{period.end.isoformat()}）", fmts.info_right)
    ws.merge_range(2, 0, 2, last, "检查日期：" + filled_on_text(filled_on), fmts.info)
    r = 3
    ws.set_row(r, 22)
    for c, text in enumerate(("序号", "规则", "位置（表 · 栏/行）", "不一致的数值", "说明")):
        ws.write_string(r, c, text, fmts.header)
    ws.repeat_rows(r, r)
    r += 1
    if not failures:
        ws.set_row(r, 24)
        ws.merge_range(r, 0, r, last, "全部通过：本表各项逻辑检查均无不一致。", fmts.center)
        r += 1
    for k, fail in enumerate(failures, 1):
        nums = "；".join(f"{label} {_cell_text(v)}" for label, v in fail.numbers.items())
        ws.set_row(r, max(20, 16 * max(lines(nums, widths[3]), lines(fail.where, widths[2]),
                                       lines(fail.detail, widths[4])) + 4))
        ws.write_number(r, 0, k, fmts.center)
        ws.write_string(r, 1, fail.rule, fmts.text)
        ws.write_string(r, 2, fail.where, fmts.text)
        ws.write_string(r, 3, nums, fmts.text)
        ws.write_string(r, 4, fail.detail, fmts.text)
        r += 1
    r += 1
    notes = [
        ("检查规则：女会员、农民工会员 ≤ 会员；会员 ≤ 职工（保留会籍的会员不在册，不计入会员）；入会率在0～100%之间；"
        "各分会之和 ≤ 本单位合计，总工会合计 = 各下级工会之和；“其中”项 ≤ 其上级项（提案办结 ≤ 提案，调解成功、"
        "超过15日未结案 ≤ 调解受理，按期完成 + 逾期 ≤ 上级交办任务，帮扶户数 ≤ 帮扶人次，综合集体合同覆盖职工 ≤ "
        "集体合同覆盖职工和职工人数）；各月（季度）之和 = 全期。"),
    ]
    if silent:
        notes.append("提示（不属于错误）：以下下级单位本期没有任何台账或入会记录，请核实是否漏报：" + "、".join(
            o.name for o in silent) + "。")
    for text in notes:
        ws.set_row(r, 14 * lines(text, sum(widths) * 1.1) + 4)
        ws.merge_range(r, 0, r, last, text, fmts.note)
        r += 1
    ws.set_paper(9)
    ws.set_landscape()
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)
    ws.set_footer("&C第 &P 页，共 &N 页")


def _cell_text(v) -> str:
    return fmt_value(v)
