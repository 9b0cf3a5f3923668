"""Declarative column specs: what a kind of table calls its columns, so one reader serves the roster and
every ledger. A spec lists columns with their usual header variants; the reader finds the header row,
maps columns to keys, and the caller cleans the values."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

SEQ_HEADERS = ("序号", "序", "行号", "no", "no.")
DEFAULT_FOOTER_PREFIXES = (
    "合计", "总计", "小计", "共计", "总人数", "制表人", "制表", "审核人", "审核", "审批", "填报人", "填表人", "负责人",
    "单位负责人", "主管领导", "领导签字", "签字", "盖章", "单位盖章", "备注", "说明", "注：", "注:", "示例",
    # Instructions and sign-off lines of official forms (填表说明, 本表一式三份, 申请时间：  年  月  日)
    "填表说明", "填写说明", "填报说明", "本表一式", "本表由", "申请时间", "申请日期", "填表时间", "填表日期",
    "填报时间", "填报日期", "报送时间", "报送日期", "经办人", "附注", "注意事项", "年月日",
)
# A sign-off cell anywhere in a row's first text: 单位（盖章）, 主席（签字）.
FOOTER_MARKS = ("盖章", "签字", "签名", "（章）", "(章)")
# A numbered instruction line under 填表说明: "1、身份证号码请填写18位" (a name never looks like that).
NUMBERED_NOTE = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[、.．)）]\s*\S{4,}")
EXAMPLE_MARKERS = ("示例", "例", "样例")

_BRACKETS = re.compile(r"[（(【\[<《].*?[)）】\]>》]")
# An instruction written into a header cell after its name: 是否农民工会员 填写“是”或“否”, 出生日期 格式：2000-01-01.
_INSTRUCTION = re.compile(r"(?:请?填写|请填|请选择|请勿|如：|如:|例：|例:|例如|格式|必填|选填|可不填|不填|只填)")


_INSTRUCTION_CELL = re.compile(r"^(?:(?:请?填写|请填|请选择|请勿|例如|格式|必填|选填|只填).*|可不填|不填|\d+位(?:数字)?)$")


def is_instruction(value: Any) -> bool:
    """A cell that only tells how to fill its column ("（必填）", "格式：2020-01-01", "18位"): under a header it
    is part of the header, never a label and never data."""
    text = normalize_header(value)
    return not text or _INSTRUCTION_CELL.fullmatch(text) is not None


def normalize_header(value: Any) -> str:
    """'身份证号码\\n（18位）*' -> '身份证号码': width folded, spaces, marks and bracketed notes removed; an
    instruction after the name ('是否农民工会员 填写“是”或“否”') is dropped."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = _BRACKETS.sub("", text)
    text = re.sub(r"[\s*＊:：]+", "", text)
    found = _INSTRUCTION.search(text)
    if found and found.start() > 0:
        text = text[:found.start()]
    return text.lower()


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header written by exports and templates, and named in messages
    aliases: tuple[str, ...] = ()  # other headers offices use, most usual first
    required: bool = False
    kind: str = "text"  # text | date | number | bool | choice : how templates format the column
    choices: tuple[str, ...] = ()  # dropdown values offered by templates
    example: Any = None
    width: int = 12
    text_cells: bool = False  # written as text cells (ID numbers, phones, codes)
    importable: bool = True  # False: exported for reading only (e.g. a derived status)
    # Several columns of a file may name this key (职务, 职位 and 岗位 in one HR export): each row takes the
    # first of them, by header priority, that holds a value, never an empty one over a filled one.
    first_filled: bool = False
    exported: bool = True  # False: read from offices' files (证件类型), never written by exports or templates

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Column, ...]
    footer_prefixes: tuple[str, ...] = DEFAULT_FOOTER_PREFIXES
    min_header_matches: int = 2
    header_scan_rows: int = 30
    # A row counts as a data row only if one of these keys holds a value (e.g. 姓名 or 身份证号码).
    identity_keys: tuple[str, ...] = field(default=())

    @cached_property
    def alias_index(self) -> dict[str, tuple[str, int]]:
        """normalised header -> (key, priority); lower priority wins when two columns claim one key."""
        index: dict[str, tuple[str, int]] = {}
        for column in self.columns:
            if not column.importable:
                continue
            for priority, header in enumerate(column.headers):
                index.setdefault(normalize_header(header), (column.key, priority))
        return index

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.required)

    def match(self, header: Any) -> tuple[str, int] | None:
        hit = self.alias_index.get(normalize_header(header))
        if hit is None and isinstance(header, str) and "\n" in header.strip():
            hit = self.alias_index.get(normalize_header(header.strip().splitlines()[0]))  # a note on line 2
        return hit
