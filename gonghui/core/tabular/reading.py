"""Find the header (title rows above it, two-row headers with merged group cells), map columns to a spec's
keys, and classify every following row as data, blank or footer."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.tabular.cells import is_blank, text
from gonghui.core.tabular.errors import FileUnreadable
from gonghui.core.tabular.results import ColumnMatch
from gonghui.core.tabular.source import Table
from gonghui.core.tabular.spec import (
    EXAMPLE_MARKERS,
    FOOTER_MARKS,
    NUMBERED_NOTE,
    SEQ_HEADERS,
    TableSpec,
    is_instruction,
    normalize_header,
)

# A run this long of empty rows ends the sheet (a workbook "formatted" down to row 1,048,576).
MAX_BLANK_RUN = 10_000
MAX_HEADER_ROWS = 4  # a header of a title-less 工资表 spans three; one more for a group row above it

NO_HEADER = _("在文件的前%(n)d行中找不到表头。表头应包含如下列名中的至少两个：%(names)s。"
              "请检查是否选错了工作表或文件。")
MISSING_COLUMN = _("表头中找不到“%(label)s”列（也可以写作：%(aliases)s）。请在表头加上这一列后再导入。")
BAD_MAPPING = _("列对应设置有误：第%(n)s列不存在。")


@dataclass(slots=True)
class DataRow:
    number: int  # Excel row number
    kind: str  # "data" | "footer"
    cells: list[Any]
    values: dict[str, Any]  # spec key -> raw cell


def _row_keys(spec: TableSpec, cells: list[Any]) -> dict[int, tuple[str, int]]:
    found = {}
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and cell.strip():
            hit = spec.match(cell)
            if hit:
                found[index] = hit
    return found


class TableReader:
    """Reads one Table against a TableSpec. Construct, look at `columns`, then iterate `rows()`."""

    def __init__(self, table: Table, spec: TableSpec, mapping: dict[str, int | None] | None = None):
        self.table = table
        self.spec = spec
        self.blank = 0
        self.warnings: list[str] = []
        self._iter = table.rows()
        self._footer_firsts = {p[0] for p in spec.footer_prefixes}
        self._buffer: list[tuple[int, list[Any]]] = list(itertools.islice(self._iter, spec.header_scan_rows + 1))
        self._find_header()
        if mapping:
            self._apply_mapping(mapping)
        self._check_required()

    # -- header -----------------------------------------------------------------------------------------
    def _find_header(self) -> None:
        """The header is a band of up to MAX_HEADER_ROWS rows around the row naming the most columns: group
        rows above it and sub-header rows below it (联系方式 merged over 手机/办公电话; 姓名 merged over three
        rows of a 工资表, 基本工资 under 应发工资) are part of it, never data."""
        spec = self.spec
        best, best_score = None, 0
        for pos, (_number, cells) in enumerate(self._buffer[: spec.header_scan_rows]):
            score = len({key for key, _p in _row_keys(spec, cells).values()})
            if score > best_score:
                best, best_score = pos, score
        if best is None:
            self._no_header()
        first = last = best
        while last - first + 1 < MAX_HEADER_ROWS and last + 1 < len(self._buffer) and self._header_below(first, last):
            last += 1
        while last - first + 1 < MAX_HEADER_ROWS and first > 0 and self._header_above(first, last):
            first -= 1
        header = self._combine(first, last)
        keys = {hit[0] for h in header if h and (hit := spec.match(h))}
        # One known column that the spec requires (姓名 over a 工资表's own columns) is a header too: the file
        # is then told which column it lacks, not that it has no header.
        if len(keys) < spec.min_header_matches and not keys & set(spec.required_keys):
            self._no_header()
        self.header_rows = [self._buffer[pos][0] for pos in range(first, last + 1)]
        self.header_cells = header
        self._data_start = last + 1
        self.columns = self._guess(header)
        self._seq_index = next(
            (i for i, h in enumerate(header) if normalize_header(h) in SEQ_HEADERS), None
        )

    def _no_header(self):
        names = "、".join(c.label for c in self.spec.columns if c.importable)
        raise FileUnreadable(NO_HEADER % {"n": self.spec.header_scan_rows, "names": names}, "no_header")

    @staticmethod
    def _filled(cells: list[Any]) -> list[int] | None:
        """Columns holding something, or None when one of them is not text (a header holds only text)."""
        filled = [i for i, c in enumerate(cells) if not is_blank(c)]
        if not filled or not all(isinstance(cells[i], str) for i in filled):
            return None
        return filled

    def _merges_from(self, number: int) -> list[tuple[int, int, int, int]]:
        """Merged ranges whose first row is `number`: (first_row, first_col, last_row, last_col)."""
        return [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in self.table.merged if r0 == number]

    def _is_group(self, first: int, last: int, pos: int, index: int) -> bool:
        """Whether the label at (pos, index) heads several columns (a parent over sub-columns)."""
        number, cells = self._buffer[pos]
        if self.table.merged:
            return any(c0 == index and c1 > c0 for _r0, c0, _r1, c1 in self._merges_from(number))
        right = index + 1
        if right < len(cells) and not is_blank(cells[right]):
            return False
        return any(right < len(self._buffer[p][1]) and not is_blank(self._buffer[p][1][right])
                   for p in range(pos + 1, last + 1))

    def _combine(self, first: int, last: int) -> list[str]:
        """One label per column from the band's rows: the lowest label naming a known column, else the lowest
        label; a group label (工资 over 岗位/薪级) never names a column that has a label of its own below it."""
        width = max(len(self._buffer[p][1]) for p in range(first, last + 1))
        header = []
        for index in range(width):
            labels = [(p, text(self._buffer[p][1][index])) for p in range(last, first - 1, -1)
                      if index < len(self._buffer[p][1]) and not is_blank(self._buffer[p][1][index])
                      and not is_instruction(self._buffer[p][1][index])]
            chosen = labels[0][1] if labels else ""
            for n, (pos, label) in enumerate(labels):
                if n and self._is_group(first, last, pos, index):
                    break
                if normalize_header(label) and self.spec.match(label):
                    chosen = label
                    break
            header.append(chosen)
        return header

    def _header_below(self, first: int, last: int) -> bool:
        """Whether the row under the band is more header: text only, nothing under the identity columns (a data
        row names its person there), and either the file's merges say so or it labels columns the band left
        blank or names a column the band lacks."""
        number, cells = self._buffer[last + 1]
        filled = self._filled(cells)
        if filled is None:
            return False
        if all(is_instruction(cells[i]) for i in filled):
            return True  # a row of "（必填）", "格式：2020-01-01" under the names
        header = self._combine(first, last)
        hits = {i: hit[0] for i, h in enumerate(header) if h and (hit := self.spec.match(h))}
        if any(key in self.spec.identity_keys and i < len(cells) and not is_blank(cells[i])
               for i, key in hits.items()):
            return False
        if self.table.merged:
            top, bottom = self._buffer[first][0], self._buffer[last][0]
            for (r0, c0), (r1, c1) in self.table.merged:
                if top <= r0 <= bottom and r1 >= number:
                    return True  # a header cell merged down into this row
                if top <= r0 <= bottom and c1 > c0 and any(c0 <= i <= c1 for i in filled):
                    return True  # a parent label over this row's labels
        if any(i >= len(header) or not header[i] for i in filled):
            return True
        return any((hit := self.spec.match(cells[i])) and hit[0] not in hits.values() for i in filled)

    def _header_above(self, first: int, last: int) -> bool:
        """Whether the row over the band is a group row of the header (基本信息 over 姓名/身份证号码; 序号 merged
        down): text in several cells, no 填报单位：-style line, labelling columns the band leaves blank."""
        number, cells = self._buffer[first - 1]
        filled = self._filled(cells)
        if filled is None or len(filled) < 2 or any(":" in cells[i] or "：" in cells[i] for i in filled):
            return False
        if self.table.merged:
            top = self._buffer[first][0]
            if any(r1 >= top for _r0, _c0, r1, _c1 in self._merges_from(number)):
                return True
        header = self._combine(first, last)
        return any(i >= len(header) or not header[i] for i in filled)

    def _guess(self, header: list[str]) -> list[ColumnMatch]:
        claims: dict[str, list[tuple[int, int]]] = {}  # key -> [(priority, index)], best first
        for index, cell in enumerate(header):
            hit = self.spec.match(cell) if cell else None
            if hit:
                key, priority = hit
                claims.setdefault(key, []).append((priority, index))
        by_index, self.alternates = {}, {}
        for key, found in claims.items():
            found.sort()
            by_index[found[0][1]] = key
            if len(found) > 1 and self.spec.column(key).first_filled:
                self.alternates[key] = [index for _p, index in found[1:]]
        spare = {index: key for key, indexes in self.alternates.items() for index in indexes}
        return [
            ColumnMatch(index=i, header=h, key=by_index.get(i),
                        label=self.spec.column(by_index[i]).label if i in by_index
                        else (_("%(label)s（前一列为空时）") % {"label": self.spec.column(spare[i]).label}
                              if i in spare else ""))
            for i, h in enumerate(header)
        ]

    def _apply_mapping(self, mapping: dict[str, int | None]) -> None:
        """The officer's corrections: {key: 0-based column, or None to import the key from no column}."""
        for key, index in mapping.items():
            self.spec.column(key)  # KeyError for a key the spec does not know
            self.alternates.pop(key, None)
            for column in self.columns:
                if column.key == key:
                    column.key, column.label = None, ""
            if index is None:
                continue
            index = int(index)
            if not 0 <= index < len(self.columns):
                raise FileUnreadable(BAD_MAPPING % {"n": index + 1}, "bad_mapping")
            target = self.columns[index]
            target.key, target.label = key, self.spec.column(key).label

    def _check_required(self) -> None:
        mapped = self.mapping
        for key in self.spec.required_keys:
            if key not in mapped:
                column = self.spec.column(key)
                raise FileUnreadable(
                    MISSING_COLUMN % {"label": column.label, "aliases": "、".join(column.aliases) or "—"},
                    "missing_column",
                )

    @property
    def mapping(self) -> dict[str, int]:
        return {c.key: c.index for c in self.columns if c.key}

    # -- rows -------------------------------------------------------------------------------------------
    def _skip_seq(self, cells: list[Any]) -> int | None:
        """The 序号 column is ignored when it holds a number (a row with only a 序号 is blank), but not when it
        holds text: footers such as 合计：52人 are often typed into the first column."""
        seq = self._seq_index
        if seq is None or seq >= len(cells):
            return None
        value = cells[seq]
        if is_blank(value) or isinstance(value, (int, float)) or text(value).isdigit():
            return seq
        return None

    def _is_footer(self, cells: list[Any], skip: int | None) -> bool:
        seq = self._seq_index
        if seq is not None and seq < len(cells) and text(cells[seq]) in EXAMPLE_MARKERS:
            return True
        for index, cell in enumerate(cells):
            if index == skip or is_blank(cell):
                continue
            if not isinstance(cell, str):
                return False
            head = cell.lstrip(" \u3000")[:1]
            if head not in self._footer_firsts:
                # the usual data row: decided without normalising its text
                if head.isdigit() or head in "一二三四五六七八九十":
                    return bool(NUMBERED_NOTE.match(cell))  # 1、本表一式三份…
                return any(mark in cell for mark in FOOTER_MARKS)  # 单位（盖章）
            first = normalize_header(cell)
            return (bool(first) and first.startswith(self.spec.footer_prefixes)) or any(
                mark in cell for mark in FOOTER_MARKS)
        return False

    def _is_blank(self, cells: list[Any], skip: int | None) -> bool:
        return all(is_blank(c) for i, c in enumerate(cells) if i != skip)

    def rows(self) -> Iterator[DataRow]:
        """Data and footer rows in order. Blank rows between them are counted in `self.blank`; a trailing
        run of blank rows is the end of the table, not a count."""
        mapping = list(self.mapping.items())
        alternates = [(key, indexes) for key, indexes in self.alternates.items() if key in self.mapping]
        run = 0
        source = itertools.chain(self._buffer[self._data_start:], self._iter)
        for number, cells in source:
            skip = self._skip_seq(cells)
            if self._is_blank(cells, skip):
                run += 1
                if run >= MAX_BLANK_RUN:
                    last = self.table.last_row
                    if last is None or last > number:
                        self.warnings.append(
                            _("第%(a)d行起连续%(n)d行为空，已视为表格结束；如果后面还有数据，请删除中间的空行后重新导入。")
                            % {"a": number - run + 1, "n": run})
                    return
                continue
            self.blank += run
            run = 0
            if self._is_footer(cells, skip):
                yield DataRow(number, "footer", cells, {})
                continue
            width = len(cells)
            values = {key: (cells[index] if index < width else None) for key, index in mapping}
            for key, indexes in alternates:
                if is_blank(values.get(key)):
                    values[key] = next((cells[i] for i in indexes if i < width and not is_blank(cells[i])),
                                       values.get(key))
            yield DataRow(number, "data", cells, values)


PROGRESS_EVERY = 1000  # rows between two progress reports while a file is checked


class CheckedRows:
    """The data rows of a sheet that a domain's cleaner accepts, as (row, cleaned): footers are counted,
    refused rows recorded on `result` with their problems, and progress(done, total) is told every
    PROGRESS_EVERY rows and once at the end (`finish`). The walk every importer shares; what a cleaned row
    means stays with the importer."""

    def __init__(self, reader: TableReader, result, clean, progress, *, total: int):
        self.reader, self.result, self.clean, self.progress, self.total = reader, result, clean, progress, total
        self.seen = 0

    def __iter__(self):
        from gonghui.core.tabular.results import RowStatus

        for row in self.reader.rows():
            self.seen += 1
            if self.seen % PROGRESS_EVERY == 0:
                self.progress(self.seen, max(self.total, self.seen))
            if row.kind == "footer":
                self.result.add(RowStatus.FOOTER)
                continue
            cleaned, problems = self.clean(row)
            if problems:
                refusing = [p for p in problems if not p.note]
                if refusing:
                    self.result.refuse(row.number, refusing, row.cells)
                    continue
                for problem in problems:
                    self.result.note_row(row.number, problem)
            yield row, cleaned

    def finish(self) -> None:
        """After the walk: the blank rows onto the result; the columns not used, the reader's warnings and the
        rows taken with a note into its notes (the preview and the result show them)."""
        from gonghui.core.tabular.results import RowStatus

        result = self.result
        result.add(RowStatus.BLANK, self.reader.blank)
        unused = result.unused_columns
        if unused:
            result.notes.insert(0, _("未使用的列：%(names)s（这些列的内容没有导入）。") % {"names": "、".join(unused)})
        result.notes.extend(self.reader.warnings)
        result.notes.extend(result.grouped_row_notes())

    def done(self) -> None:
        """Every row checked (and planned): progress at 100 %."""
        self.progress(self.seen, self.seen)
