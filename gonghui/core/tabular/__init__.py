"""The one tabular importer/exporter core: read .xlsx/.xls/.csv, find the header, classify rows, clean cells,
report every row's outcome, and write .xlsx safely. Domain apps describe their columns with a TableSpec.

    table = open_table(path)                       # FileUnreadable with a Chinese message if it can't be read
    reader = TableReader(table, SPEC, mapping)     # header found, columns mapped (reader.columns)
    for row in reader.rows(): ...                  # DataRow(number, kind "data"|"footer", cells, values)
"""

from gonghui.core.tabular import cells
from gonghui.core.tabular.errors import CellError, FileUnreadable, ImportFailed
from gonghui.core.tabular.reading import DataRow, TableReader
from gonghui.core.tabular.results import ColumnMatch, ImportResult, Problem, Refusal, RowStatus
from gonghui.core.tabular.source import Table, open_table
from gonghui.core.tabular.spec import Column, TableSpec, normalize_header
from gonghui.core.tabular.writer import SafeXlsxWriter, is_formula_like, write_refused

__all__ = [
    "CellError", "Column", "ColumnMatch", "DataRow", "FileUnreadable", "ImportFailed", "ImportResult", "Problem", "Refusal",
    "RowStatus", "SafeXlsxWriter", "Table", "TableReader", "TableSpec", "cells", "is_formula_like",
    "normalize_header", "open_table", "write_refused",
]
