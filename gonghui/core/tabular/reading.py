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
from gonghui.core.tabular.spec import EXAMPLE_MARKERS, SEQ_HEADERS, TableSpec, normalize_header

# A run this long of empty rows ends the sheet (a workbook "formatted" down to row 1,048,576).
MAX_BLANK_RUN = 10_000

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
        spec = self.spec
        best, best_score = None, 0
        for pos, (_number, cells) in enumerate(self._buffer[: spec.header_scan_rows]):
            score = len({key for key, _p in _row_keys(spec, cells).values()})
            if score > best_score:
                best, best_score = pos, score
        if best is None or best_score < spec.min_header_matches:
            names = "、".join(c.label for c in spec.columns if c.importable)
            raise FileUnreadable(NO_HEADER % {"n": spec.header_scan_rows, "names": names}, "no_header")
        number, top = self._buffer[best]
        header = [text(c) for c in top]
        rows_used = 1
        top_hits = _row_keys(spec, top)
        if best + 1 < len(self._buffer):
            _n2, below = self._buffer[best + 1]
            below_hits = _row_keys(spec, below)
            # A second header row: it names columns that the row above leaves blank or covers with a
            # group label (联系方式 merged over 手机/办公电话), and it holds nothing but header-like text.
            if below_hits and all(i not in top_hits for i in below_hits) and all(
                is_blank(c) or isinstance(c, str) for c in below
            ):
                width = max(len(header), len(below))
                header += [""] * (width - len(header))
                for index, cell in enumerate(below):
                    if not is_blank(cell):
                        header[index] = text(cell)
                rows_used = 2
        self.header_rows = [number + i for i in range(rows_used)]
        self.header_cells = header
        self._data_start = best + rows_used
        self.columns = self._guess(header)
        self._seq_index = next(
            (i for i, h in enumerate(header) if normalize_header(h) in SEQ_HEADERS), None
        )

    def _guess(self, header: list[str]) -> list[ColumnMatch]:
        claims: dict[str, tuple[int, int]] = {}  # key -> (priority, index)
        for index, cell in enumerate(header):
            hit = self.spec.match(cell) if cell else None
            if hit:
                key, priority = hit
                if key not in claims or priority < claims[key][0]:
                    claims[key] = (priority, index)
        by_index = {index: key for key, (_p, index) in claims.items()}
        return [
            ColumnMatch(index=i, header=h, key=by_index.get(i),
                        label=self.spec.column(by_index[i]).label if i in by_index else "")
            for i, h in enumerate(header)
        ]

    def _apply_mapping(self, mapping: dict[str, int | None]) -> None:
        """The officer's corrections: {key: 0-based column, or None to import the key from no column}."""
        for key, index in mapping.items():
            self.spec.column(key)  # KeyError for a key the spec does not know
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
            if not isinstance(cell, str) or cell.lstrip(" \u3000")[:1] not in self._footer_firsts:
                return False  # the usual data row: decided without normalising its text
            first = normalize_header(cell)
            return bool(first) and first.startswith(self.spec.footer_prefixes)
        return False

    def _is_blank(self, cells: list[Any], skip: int | None) -> bool:
        return all(is_blank(c) for i, c in enumerate(cells) if i != skip)

    def rows(self) -> Iterator[DataRow]:
        """Data and footer rows in order. Blank rows between them are counted in `self.blank`; a trailing
        run of blank rows is the end of the table, not a count."""
        mapping = list(self.mapping.items())
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
                self.result.refuse(row.number, problems, row.cells)
                continue
            yield row, cleaned

    def finish(self) -> None:
        """After the walk: the blank rows and the reader's warnings onto the result."""
        from gonghui.core.tabular.results import RowStatus

        self.result.add(RowStatus.BLANK, self.reader.blank)
        self.result.notes.extend(self.reader.warnings)

    def done(self) -> None:
        """Every row checked (and planned): progress at 100 %."""
        self.progress(self.seen, self.seen)
