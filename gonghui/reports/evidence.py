"""附件：台账明细 — the evidence workbook: the entries (or people, orgs, positions) behind every number.

    evidence_write(org=org, period=parse_period("2026H1"), target="台账明细.xlsx", viewer=user)

For the 经审 and the upper union. The first sheet, 目录, lists every indicator of the registry with its value,
the number of rows behind it and what they add up to (the count, or the sum of 人次/金额/覆盖职工数) and whether
that equals the value; then one sheet per indicator that has rows: a title (org, period, indicator, value),
its definition, and the rows from `reports.trace.trace_entries` — 序号, 日期, 所属组织, 类别, 名称/事项, 人员,
and the 数量/金额 each row adds for a sum indicator — closed by a 合计 row.

Values come from `registry.compute`, the rows from `trace_entries` in the viewer's scope (None: the system);
nothing here counts or sums by itself except the 合计 row, which is `Trace.total()`. Written through
`SafeXlsxWriter`: a name starting with = + - @ stays text. No ID numbers or phones: evidence never needs them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import Period
from gonghui.core.tabular.writer import SafeXlsxWriter
from gonghui.indicators.formatting import (
    NUMBER_FORMATS,
    format_figure,
    format_value,
)
from gonghui.indicators.registry import INDICATORS, Indicator, all_indicators, compute
from gonghui.ledgers.selectors import entry_related
from gonghui.orgs.models import Org
from gonghui.reports.trace import (
    ENTRIES,
    EVENTS,
    MEMBERS,
    ORGS,
    PEOPLE,
    POSITIONS,
    Trace,
    entry_label,
    trace_entries,
    traceable,
)

INDEX_SHEET = "目录"
COLUMNS = ("序号", "日期", "所属组织", "类别", "名称/事项", "人员", "数量/金额")
WIDTHS = (6, 12, 24, 16, 40, 30, 12)
INDEX_COLUMNS = ("序号", "指标代码", "指标名称", "单位", "指标值", "明细行数", "明细合计", "核对", "工作表")
INDEX_WIDTHS = (6, 26, 24, 6, 12, 10, 12, 8, 26)
MAX_NAMES = 30  # people named per row; beyond, "等N人"
DASH = "—"
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")
SUM_LABELS = {"person_times": "人次", "workers_covered": "覆盖职工数", "reward_amount": "奖励金额（元）",
              "economic_value": "经济效益（元）", "amount": "金额（元）", "goods_value": "物品折价（元）"}


@dataclass
class Item:
    indicator: Indicator
    value: object
    trace: Trace | None
    rows: int = 0
    total: object = None
    sheet: str = ""

    @property
    def agrees(self) -> bool:
        return self.trace is not None and self.total == self.value


def _shown(ind: Indicator, value) -> str:
    return format_value(ind, value)


def _sheet_name(n: int, ind: Indicator, taken: set[str]) -> str:
    base = BAD_SHEET_CHARS.sub("·", f"{n:02d} {ind.name}")[:31]
    name, i = base, 2
    while name in taken:
        suffix = f"({i})"
        name, i = base[:31 - len(suffix)] + suffix, i + 1
    taken.add(name)
    return name


def evidence_items(*, org: Org, period: Period, viewer=SYSTEM) -> list[Item]:
    """Every indicator with its value and, when it can be traced, the rows behind it."""
    values = compute(org, period)
    items = []
    for ind in all_indicators():
        trace = trace_entries(viewer=viewer, code=ind.code, org=org, period=period) if traceable(ind.code) else None
        item = Item(ind, values[ind.code], trace)
        if trace is not None:
            item.rows = len(trace)
            item.total = trace.total()
        items.append(item)
    return items


# --- the rows behind one indicator ---------------------------------------------------------------------------

def _names(people: Iterable) -> str:
    names = [p.name for p in people]
    if len(names) > MAX_NAMES:
        return "、".join(names[:MAX_NAMES]) + f"等{len(names)}人"
    return "、".join(names)


def _display(obj, field: str) -> str:
    getter = getattr(obj, f"get_{field}_display", None)
    return (getter() if getter else str(getattr(obj, field, "") or "")) or ""


def _rows(trace: Trace) -> Iterable[list]:
    qs = trace.items
    subject = trace.subject
    if subject == ENTRIES:
        kind = trace.kind
        persons = kind.persons_field or ""
        qs = entry_related(qs, kind).select_related("org")
        if persons:
            qs = qs.prefetch_related(persons)
        for e in qs.iterator(chunk_size=500) if not persons else qs:
            people = _names(getattr(e, persons).all()) if persons else ""
            amount = getattr(e, trace.sum_field) if trace.sum_field else None
            yield [e.date, e.org.name, _display(e, kind.status_field) if kind.status_field else kind.label,
                   entry_label(kind, e), people, amount]
    elif subject == PEOPLE:
        for p in qs.select_related("org"):
            kinds = "·".join(x for x in (p.get_employment_type_display(), p.get_work_status_display()) if x)
            yield [p.hired_on, p.org.name, kinds, f"工号 {p.employee_no}" if p.employee_no else "", p.name, None]
    elif subject in (MEMBERS, EVENTS):
        for ev in qs:
            yield [ev.date, ev.org.name, ev.get_kind_display(), f"现所在：{ev.person.org.name}", ev.person.name, None]
    elif subject == ORGS:
        for o in qs:
            closed = f"，撤销于 {o.dissolved_on.isoformat()}" if o.dissolved_on else ""
            yield [o.founded_on, o.name, o.get_kind_display(), f"代码 {o.code}{closed}", "", None]
    elif subject == POSITIONS:
        for p in qs:
            ended = f"离任 {p.end_on.isoformat()}" if p.end_on else "在任"
            yield [p.start_on, p.org.name, p.get_title_display(), ended, p.person.name, None]
    else:
        raise ValueError(subject)


# --- the workbook --------------------------------------------------------------------------------------------

def evidence_write(*, org: Org, period: Period, target: str | os.PathLike | IO[bytes], viewer=SYSTEM) -> list[Item]:
    """Write the evidence workbook of `org`'s subtree for `period` to `target` (a path or a binary file
    object). Returns the items of the 目录."""
    viewer = viewer
    items = evidence_items(org=org, period=period, viewer=viewer)
    taken = {INDEX_SHEET}
    n = 0
    for item in items:
        if item.trace is not None and item.rows:
            n += 1
            item.sheet = _sheet_name(n, item.indicator, taken)
    span = f"{period.start.isoformat()} 至 {period.end.isoformat()}"
    if isinstance(target, os.PathLike):
        target = os.fspath(target)
    with SafeXlsxWriter(target, sheet_name=INDEX_SHEET) as out:
        wb = out.workbook
        link = wb.add_format({"font_color": "blue", "underline": 1})
        warn = wb.add_format({"font_color": "#C00000", "bold": True})
        by_kind = {kind: wb.add_format({"num_format": pattern}) for kind, pattern in NUMBER_FORMATS.items()}
        # 目录
        out.set_columns(INDEX_WIDTHS, text_columns=(1,))
        out.write_title(f"{org.name}{period.label}台账明细（附件）", len(INDEX_COLUMNS))
        out.write_row([f"统计期间：{span}；每个指标的数字都由后面工作表中的明细行得出，“核对”为“一致”即明细合计等于指标值。"])
        out.write_header(INDEX_COLUMNS)
        for i, item in enumerate(items, start=1):
            ind = item.indicator
            if item.trace is None:
                rows, total, check = DASH, DASH, "由其他指标计算" if ind.ratio is not None else "无明细"
            else:
                rows, total, check = item.rows, item.total, "一致" if item.agrees else "不一致"
            value = item.value if item.value is not None else DASH
            row = out.row
            out.write_row([i, ind.code, ind.name, ind.unit, value, rows, total, check], text_columns={1})
            if item.value is not None:  # a number in the format of its kind (a rate is not money)
                out.sheet.write_number(row, 4, float(item.value), by_kind[ind.kind])
            if check == "不一致":
                out.sheet.write_string(row, 7, check, warn)
            if item.sheet:
                out.sheet.write_url(row, 8, f"internal:'{item.sheet}'!A1", link, item.sheet)
            elif item.trace is not None:
                out.sheet.write_string(row, 8, "本期无记录")
        out.write_row([])
        for ind in (item.indicator for item in items if item.indicator.ratio is not None):
            num, den = (INDICATORS[code].name for code in (ind.ratio.numerator, ind.ratio.denominator))
            out.write_row([f"注：{ind.name} = {num} ÷ {den} × 100，见“{num}”“{den}”两张表。"])
        # one sheet per indicator with rows
        for item in items:
            if not item.sheet:
                continue
            ind, trace = item.indicator, item.trace
            sheet = out.add_sheet(item.sheet)
            sheet.set_landscape()
            sheet.set_paper(9)
            sheet.fit_to_pages(1, 0)
            out.set_columns(WIDTHS)
            out.write_title(f"{org.name} · {period.label} · {ind.name}：{_shown(ind, item.value)}", len(COLUMNS))
            what = SUM_LABELS.get(trace.sum_field, trace.sum_field) if trace.sum_field else ""
            proof = (f"明细 {item.rows} 行，{what}合计 {format_figure(ind, item.total)}" if what else f"明细 {item.rows} 行")
            out.write_row([f"指标代码 {ind.code}；统计期间 {span}；口径：{ind.definition}；{proof}。"])
            header = list(COLUMNS)
            if what:
                header[-1] = what
            out.write_header(header)
            sheet.repeat_rows(out.row - 1)
            for seq, cells in enumerate(_rows(trace), start=1):
                out.write_row([seq, *cells], text_columns={2, 3, 4, 5})
            out.write_row(["合计", None, None, None, f"{item.rows} 行", None, item.total if what else item.rows])
    return items


__all__ = ["COLUMNS", "INDEX_SHEET", "Item", "evidence_items", "evidence_write"]
