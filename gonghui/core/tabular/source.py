"""Open a spreadsheet file of any kind offices really send: .xlsx, .xls (BIFF) or .csv/.txt in GBK, GB18030,
UTF-8 (with or without BOM) or UTF-16 ("Unicode text"), and hand out its rows as lists of cells.

The kind is found from the file's first bytes, never from its name, so a renamed file still works and an
HTML table saved as ".xls" gets a message that says what it is. Every problem with the file as a whole raises
FileUnreadable with a Chinese message; nothing here knows what the columns mean.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Self

from django.conf import settings
from django.utils.translation import gettext as _

from gonghui.core import sniffing
from gonghui.core.tabular.errors import FileUnreadable

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MB
DEFAULT_MAX_UNCOMPRESSED = 400 * MB
# Above this much sheet XML (about 100,000 roster rows), read the sheet as a stream instead of loading it.
DEFAULT_STREAM_ABOVE = 80 * MB
MAX_ZIP_ENTRIES = 5000

NOT_A_SPREADSHEET = _("文件“%(name)s”不是Excel工作簿或CSV表格，无法读取。请上传 .xlsx、.xls 或 .csv 文件。")
EMPTY_FILE = _("文件“%(name)s”是空的（0字节），请检查是否选错了文件。")
TOO_LARGE = _("文件“%(name)s”有%(size)s，超过了%(limit)s的上限。请把花名册拆成几个文件分别导入，"
              "或删除多余的工作表、图片后再试。")
PASSWORD = _("工作簿“%(name)s”设置了打开密码，系统无法读取。请在Excel中打开它，"
             "选“文件→信息→保护工作簿→用密码进行加密”，清空密码并保存后再导入。")
ZIP_BOMB = _("文件“%(name)s”解压后超过%(limit)s（压缩包内容异常或表格过大），为保护系统已拒绝读取。"
             "请检查文件来源，或把表格拆小后再导入。")
BROKEN = _("文件“%(name)s”已损坏或不是有效的Excel文件（%(detail)s）。请用Excel打开后“另存为”.xlsx再导入。")
HTML_TABLE = _("文件“%(name)s”其实是网页（HTML）格式，只是扩展名像Excel。请用Excel打开它，"
               "“另存为”Excel工作簿（.xlsx）后再导入。")
ENCODING = _("无法识别文件“%(name)s”的文字编码（既不是UTF-8也不是GBK）。请用Excel打开后“另存为”"
             "Excel工作簿（.xlsx）或“CSV UTF-8”再导入。")
NO_SHEET = _("工作簿“%(name)s”中没有名为“%(sheet)s”的工作表。")


def _size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} KB"


@dataclass
class Table:
    """One sheet (or one CSV file): `rows()` yields (excel_row_number, cells), numbers starting at 1."""

    name: str
    kind: str  # "xlsx", "xls", "ods" or "csv"
    sheet: str
    sheet_names: list[str] = field(default_factory=list)
    last_row: int | None = None  # last row holding data, when the reader knows it
    streamed: bool = False  # read row by row (a large .xlsx) rather than loaded whole
    # Merged ranges as ((first_row, first_col), (last_row, last_col)): rows numbered like rows(), columns
    # 0-based like a row's cells. Empty when the reader cannot tell (CSV, a streamed sheet).
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    _rows: Any = None
    _closer: Any = None

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        yield from enumerate(self._rows, start=1)

    def close(self) -> None:
        if self._closer is not None:
            try:
                self._closer()
            finally:
                self._closer = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _as_stream(source: Any) -> tuple[BinaryIO, str, bool]:
    """(binary stream positioned at 0, display name, whether we opened it and must close it)."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise FileUnreadable(_("找不到文件“%(name)s”。") % {"name": str(path)}, "not_found")
        return open(path, "rb"), path.name, True
    if isinstance(source, (bytes, bytearray)):
        return io.BytesIO(source), "", True
    name = os.path.basename(getattr(source, "name", "") or "")
    source.seek(0)
    return source, name, False


def _stream_size(stream: BinaryIO) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def open_table(
    source: Any,
    *,
    name: str | None = None,
    sheet: str | int | None = None,
    max_bytes: int | None = None,
    max_uncompressed: int | None = None,
) -> Table:
    """Open a path, bytes or a binary file object. `sheet` is a name or 0-based index (default: the first
    visible worksheet). Caps come from settings GONGHUI_IMPORT_MAX_BYTES / GONGHUI_IMPORT_MAX_UNCOMPRESSED."""
    max_bytes = max_bytes or _limit("GONGHUI_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    max_uncompressed = max_uncompressed or _limit("GONGHUI_IMPORT_MAX_UNCOMPRESSED", DEFAULT_MAX_UNCOMPRESSED)
    stream, shown_name, owned = _as_stream(source)
    shown_name = name or shown_name or _("上传的文件")
    try:
        size = _stream_size(stream)
        if size == 0:
            raise FileUnreadable(EMPTY_FILE % {"name": shown_name}, "empty")
        if size > max_bytes:
            raise FileUnreadable(
                TOO_LARGE % {"name": shown_name, "size": _size_text(size), "limit": _size_text(max_bytes)},
                "too_large",
            )
        kind = sniffing.sniff(stream)
        if kind == sniffing.ZIP:
            table = _open_zip(stream, shown_name, sheet, max_uncompressed)
        elif kind == sniffing.ENCRYPTED:
            raise FileUnreadable(PASSWORD % {"name": shown_name}, "password")
        elif kind == sniffing.OLE:
            table = _calamine(stream, shown_name, "xls", sheet)
        else:
            head = stream.read(8192)
            stream.seek(0)
            table = _open_text(stream, shown_name, head)
    except BaseException:
        if owned:
            stream.close()
        raise
    if owned:
        previous = table._closer

        def closer():
            try:
                if previous:
                    previous()
            finally:
                stream.close()

        table._closer = closer
    return table


def _open_zip(stream: BinaryIO, name: str, sheet, max_uncompressed: int) -> Table:
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise FileUnreadable(BROKEN % {"name": name, "detail": str(exc)}, "broken") from None
    # Sizes are read from the zip's directory before anything is inflated: a zip bomb stops here.
    total = sum(info.file_size for info in infos)
    if len(infos) > MAX_ZIP_ENTRIES or total > max_uncompressed:
        raise FileUnreadable(ZIP_BOMB % {"name": name, "limit": _size_text(max_uncompressed)}, "zip_bomb")
    names = {info.filename for info in infos}
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        kind = "xlsx"
    elif "content.xml" in names:
        kind = "ods"
    else:
        raise FileUnreadable(NOT_A_SPREADSHEET % {"name": name}, "not_spreadsheet")
    stream.seek(0)
    sheet_bytes = max((i.file_size for i in infos if i.filename.startswith("xl/worksheets/")), default=0)
    if kind == "xlsx" and sheet_bytes > _limit("GONGHUI_IMPORT_STREAM_ABOVE", DEFAULT_STREAM_ABOVE):
        return _openpyxl_stream(stream, name, sheet)
    return _calamine(stream, name, kind, sheet)


def _streamed_row(row: tuple, width: int) -> list[Any]:
    """A row as calamine gives it (empty cells as "", padded to the sheet's width, whole numbers as float,
    dates without a time as date), so the rest of the importer sees one set of types."""
    out = []
    for value in row:
        if value is None:
            value = ""
        elif type(value) is int:
            value = float(value)  # a number cell as calamine gives it (not money: cells are cleaned later)
        elif isinstance(value, dt.datetime) and value.time() == dt.time():
            value = value.date()
        out.append(value)
    if row and len(out) < width:
        out.extend([""] * (width - len(out)))
    return out


def _openpyxl_stream(stream: BinaryIO, name: str, sheet) -> Table:
    """A large .xlsx, row by row: calamine holds the whole sheet in memory (about 1.3 KB per row), openpyxl's
    read-only mode only the row at hand (and the shared strings). It is several times slower, which is the
    price of memory that stays flat however long the roster is."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, TypeError, OSError, SyntaxError,
            zipfile.BadZipFile) as exc:  # a damaged package (SyntaxError: the XML parser's ParseError)
        raise FileUnreadable(BROKEN % {"name": name, "detail": str(exc)[:120] or type(exc).__name__},
                             "broken") from None
    names = list(workbook.sheetnames)
    if sheet is None:
        visible = [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
        chosen_name = visible[0] if visible else names[0]
    elif isinstance(sheet, int):
        chosen_name = names[sheet] if 0 <= sheet < len(names) else None
    else:
        chosen_name = sheet if sheet in names else None
    if chosen_name is None:
        workbook.close()
        raise FileUnreadable(NO_SHEET % {"name": name, "sheet": sheet}, "no_sheet")
    chosen = workbook[chosen_name]
    # The sheet's <dimension> may be missing or wrong: it sizes the rows and the progress bar, never cuts rows.
    last, width = chosen.max_row, chosen.max_column or 0
    chosen.reset_dimensions()
    rows = (_streamed_row(row, width) for row in chosen.iter_rows(values_only=True))
    return Table(name=name, kind="xlsx", sheet=chosen_name, sheet_names=names, last_row=last, streamed=True,
                 _rows=rows, _closer=workbook.close)


def _calamine(stream: BinaryIO, name: str, kind: str, sheet) -> Table:
    import python_calamine as pc

    try:
        workbook = pc.CalamineWorkbook.from_filelike(stream)
    except pc.PasswordError:
        raise FileUnreadable(PASSWORD % {"name": name}, "password") from None
    except (pc.CalamineError, ValueError, OSError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        if "password" in detail.lower() or "encrypt" in detail.lower():
            raise FileUnreadable(PASSWORD % {"name": name}, "password") from None
        raise FileUnreadable(BROKEN % {"name": name, "detail": detail}, "broken") from None
    names = list(workbook.sheet_names)
    try:
        if sheet is None:
            visible = [
                m.name for m in workbook.sheets_metadata
                if m.visible == pc.SheetVisibleEnum.Visible and m.typ == pc.SheetTypeEnum.WorkSheet
            ]
            chosen = workbook.get_sheet_by_name(visible[0]) if visible else workbook.get_sheet_by_index(0)
        elif isinstance(sheet, int):
            chosen = workbook.get_sheet_by_index(sheet)
        else:
            chosen = workbook.get_sheet_by_name(sheet)
    except (pc.WorksheetNotFound, IndexError):
        raise FileUnreadable(NO_SHEET % {"name": name, "sheet": sheet}, "no_sheet") from None
    except pc.PasswordError:
        raise FileUnreadable(PASSWORD % {"name": name}, "password") from None
    except pc.CalamineError as exc:
        raise FileUnreadable(BROKEN % {"name": name, "detail": str(exc)[:120]}, "broken") from None
    end = chosen.end
    # iter_rows starts at row 1 of the sheet (leading blank rows included), so row numbers match Excel.
    return Table(name=name, kind=kind, sheet=chosen.name, sheet_names=names,
                 last_row=(end[0] + 1) if end else 0, merged=_merged(chosen), _rows=chosen.iter_rows(),
                 _closer=workbook.close)


def _merged(sheet) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """calamine's merged ranges (0-based, absolute) in the Table's terms: its rows start at the sheet's row 1
    but its cells at the first used column."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # noqa: BLE001 - merge info only helps; a sheet without it reads as before
        return []
    left = sheet.start[1] if sheet.start else 0
    return [((r0 + 1, c0 - left), (r1 + 1, c1 - left)) for (r0, c0), (r1, c1) in ranges]


def _detect_encoding(stream: BinaryIO, head: bytes, name: str) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head[:4096]:
        raise FileUnreadable(NOT_A_SPREADSHEET % {"name": name}, "not_spreadsheet")
    # Strict UTF-8 over the whole file, in chunks: GBK bytes almost never pass it. GB18030 is GBK's superset.
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        stream.seek(0)
        try:
            while True:
                chunk = stream.read(MB)
                if not chunk:
                    decoder.decode(b"", final=True)
                    break
                decoder.decode(chunk)
        except UnicodeDecodeError:
            continue
        finally:
            stream.seek(0)
        return encoding
    raise FileUnreadable(ENCODING % {"name": name}, "encoding")


def _open_text(stream: BinaryIO, name: str, head: bytes) -> Table:
    lowered = head.lstrip(codecs.BOM_UTF8).lstrip()[:512].lower()
    if lowered.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")) or b"<html" in lowered:
        raise FileUnreadable(HTML_TABLE % {"name": name}, "html")
    encoding = _detect_encoding(stream, head, name)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    sample = text.read(8192)
    text.seek(0)
    first_lines = sample.splitlines()[:20]
    counts = {d: sum(line.count(d) for line in first_lines) for d in (",", "\t", ";")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    if not any(c.isprintable() for c in sample):
        raise FileUnreadable(NOT_A_SPREADSHEET % {"name": name}, "not_spreadsheet")
    rows = csv.reader(text, delimiter=delimiter)

    def close():
        text.detach()

    return Table(name=name, kind="csv", sheet="", sheet_names=[], last_row=None, _rows=rows, _closer=close)
