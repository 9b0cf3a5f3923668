"""How the summary writes numbers, periods, dates and named highlights into its sentences."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from gonghui.core.periods import Period
from gonghui.indicators.formatting import (
    fmt_count,
    fmt_money,
    fmt_rate,
    format_value,
)
from gonghui.indicators.registry import INDICATORS, MONEY, RATE
from gonghui.reports.summary.model import CN_NUMERALS, Field, Paragraph, Run

MAX_NAMED = 3  # highlights named per sentence


def fmt_value(code: str, value) -> str:
    """A registry value as officials write it, with its unit (1728人, 12.6万元, 93.2%): `format_value`."""
    # The summary writes no data as zero (see indicators/formatting.py), never a dash in a sentence.
    return format_value(INDICATORS[code], 0 if value is None else value)


def period_word(period: Period) -> str:
    """How the text names the period inside a sentence: 上半年, 下半年, 一季度, 全年, 5月, 本期."""
    code = period.code.upper()
    if code.endswith("H1"):
        return "上半年"
    if code.endswith("H2"):
        return "下半年"
    if "Q" in code:
        return f"{CN_NUMERALS[int(code[-1]) - 1]}季度"
    if re.fullmatch(r"\d{4}", code):
        return "全年"
    if re.fullmatch(r"\d{4}-\d{2}", code):
        return f"{period.start.month}月"
    return "本期"


def date_text(d: dt.date, *, with_year: bool = True) -> str:
    """2026年7月1日 (no leading zeros), or 6月30日."""
    return (f"{d.year}年" if with_year else "") + f"{d.month}月{d.day}日"


def next_period_word(period: Period) -> str:
    code = period.code.upper()
    if code.endswith("H1"):
        return "下半年"
    if code.endswith("H2") or re.fullmatch(r"\d{4}", code):
        return "明年"
    if "Q" in code:
        q = int(code[-1])
        return "下季度" if q < 4 else "明年"
    return "下一阶段"


class Writer:
    """Builds paragraphs from the values of one org (and last year's) so each number is a Field."""

    def __init__(self, values: Mapping, last_year: Mapping, org_code: str = ""):
        self.v = values
        self.ly = last_year
        self.org_code = org_code

    def has(self, *codes: str) -> bool:
        return any(self.v.get(c) for c in codes)

    def num(self, code: str) -> Field:
        return Field(code, self.v[code], fmt_value(code, self.v[code]), org=self.org_code)

    def change(self, code: str) -> list[Run]:
        """"，同比增加N人" — only when last year has data (a non-zero value)."""
        before = self.ly.get(code)
        if not before:
            return []
        now = self.v[code]
        ind = INDICATORS[code]
        if ind.kind == RATE:
            diff = Decimal(now or 0) - Decimal(before)
            text = fmt_rate(abs(diff)).removesuffix("%") + "个百分点"
        else:
            diff = now - before
            text = fmt_money(abs(diff)) if ind.kind == MONEY else fmt_count(abs(diff)) + ind.unit
        if not diff:
            return ["，与上年同期持平"]
        word = "增加" if diff > 0 else "减少"
        if ind.kind == RATE:
            word = "提高" if diff > 0 else "下降"
        return [f"，同比{word}", Field(code, diff, text, role="change", org=self.org_code)]


def join_runs(parts: list[list[Run]], sep: str = "、") -> list[Run]:
    out: list[Run] = []
    for i, part in enumerate(parts):
        if i:
            out.append(sep)
        out.extend(part)
    return out


def quoted(name: str) -> str:
    """“name”, unless the name already carries quotation marks or book-title marks."""
    name = name.strip()
    if not name or name[0] == "《" or "“" in name:
        return name  # already marked: “安康杯”竞赛
    return f"“{name}”"


def name_list(items: Iterable[str], limit: int = MAX_NAMED) -> str:
    seen: list[str] = []
    for item in items:
        item = (item or "").strip().rstrip("。；;，,")
        if item and item not in seen:
            seen.append(item)
        if len(seen) == limit:
            break
    return "、".join(seen)


def clean_paragraph(runs: list[Run]) -> Paragraph:
    return Paragraph([r for r in runs if r != ""])


def strip_year(title: str) -> str:
    """“2026年职工登山比赛” (or “上半年节能降耗劳动竞赛”) reads better without the year or the half-year inside a
    summary of that period."""
    return re.sub(r"^(\d{4}年度?)?(\d{1,2}月|[上下]半年|[一二三四]季度|第[一二三四]季度)?", "",
                  title.strip()) or title


def core_name(title: str) -> str:
    """The name a title is known by: the quoted part (“安康杯”竞赛 -> 安康杯), else the title without its year."""
    m = re.search(r"“([^”]+)”", title)
    return m.group(1) if m else strip_year(title)


def awarded_text(title: str, awarded: str) -> str:
    """What a competition awarded, without repeating the competition's name: “安康杯”竞赛 评出 优胜班组（…）,
    not 评出“安康杯”优胜班组; an award with a name of its own stays quoted: 评出“技术能手”."""
    awarded = awarded.strip().rstrip("。")
    name = core_name(title)
    for prefix in (strip_year(title), f"“{name}”", f"\"{name}\"", name):
        if name and awarded.startswith(prefix) and len(awarded) > len(prefix):
            return awarded[len(prefix):].lstrip("：:·- ")
    head, sep, tail = awarded.partition("（")
    return quoted(head) + sep + tail if head else awarded
