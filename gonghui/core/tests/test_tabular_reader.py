"""The reader on files the tests make themselves: every kind offices send, and every kind of bad file."""

import codecs
import datetime as dt
import io
import zipfile

import pytest
import xlsxwriter
from django.test import override_settings

from gonghui.core.tabular import Column, FileUnreadable, TableReader, TableSpec, open_table
from gonghui.core.tabular.reading import MAX_BLANK_RUN

SPEC = TableSpec(name="t", columns=(
    Column("name", "姓名", ("名字",), required=True),
    Column("id_number", "身份证号码", ("身份证号", "证件号码", "公民身份号码")),
    Column("mobile", "手机号码", ("手机", "手机号", "联系电话")),
    Column("join_date", "入会日期", ("入会时间",), kind="date"),
))


def read(source, **kw):
    with open_table(source, **kw) as table:
        reader = TableReader(table, SPEC)
        rows = list(reader.rows())
    return reader, rows


def messy_xlsx(path):
    """Title row, 填报单位 row, a two-row header with 联系方式 merged over 手机/办公电话, a 序号 column,
    blank rows in the middle, an extra column, footer rows."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("花名册")
    ws.merge_range(0, 0, 0, 5, "某某公司工会会员花名册")
    ws.write_row(1, 0, ["填报单位：某某公司工会", None, None, "填报日期：2024年6月30日"])
    for col, label in enumerate(["序号", "名字", "公民身份号码"]):
        ws.merge_range(2, col, 3, col, label)
    ws.merge_range(2, 3, 2, 4, "联系方式")
    ws.write_row(3, 3, ["手机", "办公电话"])
    ws.merge_range(2, 5, 3, 5, "入会时间")
    ws.merge_range(2, 6, 3, 6, "爱好")
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(4, 0, [1, "张三", "110101199003071234", "13800138000", "010-1234567"])
    ws.write_datetime(4, 5, dt.datetime(2020, 1, 5), date)
    ws.write_row(7, 0, [2, "李四", "110101199003071234"])
    ws.write(8, 0, 3)  # only a 序号: a blank row
    ws.write_row(9, 0, [4, "王五", "110101199003071234"])
    ws.merge_range(10, 0, 10, 6, "合计：3人")
    ws.write_row(12, 0, ["制表人：赵六", None, None, "审核人：钱七"])
    wb.close()
    return path


def test_it_finds_a_two_row_header_below_title_rows_and_classifies_every_row(tmp_path):
    reader, rows = read(messy_xlsx(tmp_path / "messy.xlsx"))
    assert reader.header_rows == [3, 4]
    assert reader.mapping == {"name": 1, "id_number": 2, "mobile": 3, "join_date": 5}
    data = [r for r in rows if r.kind == "data"]
    assert [r.number for r in data] == [5, 8, 10]  # Excel row numbers
    assert data[0].values == {"name": "张三", "id_number": "110101199003071234", "mobile": "13800138000",
                              "join_date": dt.date(2020, 1, 5)}
    assert [r.number for r in rows if r.kind == "footer"] == [11, 13]
    assert reader.blank == 4  # rows 6, 7, 9 and 12; nothing after the last footer is counted


def test_it_maps_column_variants_in_any_order_and_ignores_extra_columns(tmp_path):
    path = tmp_path / "order.csv"
    path.write_text("备注,手机号,身份证号,部门,名字\n x ,13800138000,110101199003071234,一车间,张三\n", encoding="utf-8")
    reader, rows = read(path)
    assert reader.mapping == {"mobile": 1, "id_number": 2, "name": 4}
    assert [c.header for c in reader.columns if c.key is None] == ["备注", "部门"]
    assert rows[0].values["name"] == "张三"


def test_it_prefers_the_usual_name_when_two_columns_mean_the_same(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("姓名,联系电话,手机\n张三,010-1234567,13800138000\n", encoding="utf-8")
    reader, _rows = read(path)
    assert reader.mapping["mobile"] == 2


@pytest.mark.parametrize("encoding, bom, delimiter", [
    ("gbk", b"", ","), ("gb18030", b"", ","), ("utf-8", b"", ","), ("utf-8", codecs.BOM_UTF8, ","),
    ("utf-16-le", codecs.BOM_UTF16_LE, "\t"),
])
def test_it_detects_the_encoding_of_csv_files(tmp_path, encoding, bom, delimiter):
    text = delimiter.join(["姓名", "身份证号码", "入会日期"]) + "\r\n" + delimiter.join(
        ["买买提·艾力", "110101199003071234", "2020/1/5"]) + "\r\n"
    path = tmp_path / "r.csv"
    path.write_bytes(bom + text.encode(encoding))
    _reader, rows = read(path)
    assert rows[0].values == {"name": "买买提·艾力", "id_number": "110101199003071234", "join_date": "2020/1/5"}


def test_it_reads_old_xls_files(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("花名册")
    ws.write(0, 0, "姓名")
    ws.write(0, 1, "入会日期")
    ws.write(1, 0, "张三")
    ws.write(1, 1, dt.date(2020, 1, 5), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    wb.save(str(tmp_path / "old.xls"))
    with open_table(tmp_path / "old.xls") as table:
        assert table.kind == "xls"
        assert list(table.rows()) == [(1, ["姓名", "入会日期"]), (2, ["张三", dt.date(2020, 1, 5)])]


def test_it_reads_from_bytes_and_file_objects(tmp_path):
    data = messy_xlsx(tmp_path / "m.xlsx").read_bytes()
    for source in (data, io.BytesIO(data)):
        reader, _rows = read(source, name="上传.xlsx")
        assert reader.header_rows == [3, 4]


def test_it_says_when_no_header_can_be_found(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("尊敬的领导：\n您好！这是一封信。\n", encoding="utf-8")
    with pytest.raises(FileUnreadable) as exc:
        read(path)
    assert exc.value.code == "no_header"
    assert "表头" in exc.value.message and "姓名" in exc.value.message


def test_it_says_which_required_column_is_missing(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("身份证号码,手机\n110101199003071234,13800138000\n", encoding="utf-8")
    with pytest.raises(FileUnreadable) as exc:
        read(path)
    assert exc.value.code == "missing_column"
    assert "姓名" in exc.value.message and "名字" in exc.value.message


@pytest.mark.parametrize("content, code", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not_spreadsheet"),
    (b"", "empty"),
    (b"<html><body><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></body></html>", "html"),
    (b"PK\x03\x04broken zip", "broken"),
])
def test_it_refuses_files_that_are_not_spreadsheets_with_a_message(tmp_path, content, code):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(content)
    with pytest.raises(FileUnreadable) as exc:
        open_table(path)
    assert exc.value.code == code
    assert "花名册.xlsx" in exc.value.message


def test_it_refuses_a_zip_that_is_no_workbook(tmp_path):
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(FileUnreadable) as exc:
        open_table(path)
    assert exc.value.code == "not_spreadsheet"


def test_it_says_a_workbook_has_a_password(tmp_path):
    # An encrypted .xlsx is an OLE compound file holding EncryptionInfo and EncryptedPackage streams.
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 1000
    ole += "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    path = tmp_path / "locked.xlsx"
    path.write_bytes(ole + b"\x00" * 4096)
    with pytest.raises(FileUnreadable) as exc:
        open_table(path)
    assert exc.value.code == "password"
    assert "密码" in exc.value.message


def test_it_refuses_a_200_mb_file_before_reading_it(tmp_path):
    path = tmp_path / "big.xlsx"
    with open(path, "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB as far as the reader can tell
    with pytest.raises(FileUnreadable) as exc:
        open_table(path)
    assert exc.value.code == "too_large"
    assert "200.0 MB" in exc.value.message and "50.0 MB" in exc.value.message
    messy = messy_xlsx(tmp_path / "m.xlsx")
    with override_settings(GONGHUI_IMPORT_MAX_BYTES=1024), pytest.raises(FileUnreadable) as exc:
        open_table(messy)
        assert exc.value.code == "too_large"


def test_it_refuses_a_zip_bomb_from_the_sizes_in_its_directory(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            chunk = b"\x00" * (1 << 20)
            for _ in range(64):
                entry.write(chunk)
    assert path.stat().st_size < 1 << 20  # 64 MB of zeros in well under 1 MB
    with override_settings(GONGHUI_IMPORT_MAX_UNCOMPRESSED=32 * 1024 * 1024), pytest.raises(FileUnreadable) as exc:
        open_table(path)
    assert exc.value.code == "zip_bomb"


def test_it_reads_a_workbook_formatted_down_to_a_million_empty_rows(tmp_path):
    small = tmp_path / "small.xlsx"
    wb = xlsxwriter.Workbook(str(small))
    ws = wb.add_worksheet()
    fill = wb.add_format({"bg_color": "#FFFF00"})
    ws.write_row(0, 0, ["姓名", "身份证号码"])
    ws.write_row(1, 0, ["张三", "110101199003071234"], fill)
    wb.close()
    # Swap in a sheet whose 1,000,000 further rows carry a format and no value (what "format the whole
    # column" leaves behind); writing that with XlsxWriter row by row would take the test seconds.
    with zipfile.ZipFile(small) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    empty = "".join(f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/><c r="B{r}" s="1"/></row>'
                    for r in range(3, 1_000_003))
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("</sheetData>", empty + "</sheetData>").encode()
    big = tmp_path / "formatted.xlsx"
    with zipfile.ZipFile(big, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    reader, rows = read(big)
    assert [r.values["name"] for r in rows] == ["张三"]
    assert reader.blank == 0


def test_it_stops_after_a_long_run_of_blank_rows_and_says_so(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("姓名,身份证号码\n张三,1\n" + ",\n" * (MAX_BLANK_RUN + 5) + "李四,2\n", encoding="utf-8")
    reader, rows = read(path)
    assert [r.values["name"] for r in rows] == ["张三"]
    assert reader.warnings and "连续" in reader.warnings[0]


def test_it_keeps_formulas_typed_as_text_as_text(tmp_path):
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["姓名", "身份证号码"])
    ws.write_string(1, 0, '=HYPERLINK("http://example.com","张三")')
    ws.write_formula(2, 0, '="李"&"四"', None, "李四")  # a real formula: its cached value is read, never run
    wb.close()
    _reader, rows = read(path)
    assert [r.values["name"] for r in rows] == ['=HYPERLINK("http://example.com","张三")', "李四"]


def test_a_corrected_mapping_replaces_the_guess_and_is_checked(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("姓名,联系电话,手机\n张三,13800138000,010-1234567\n", encoding="utf-8")
    with open_table(path) as table:
        reader = TableReader(table, SPEC, {"mobile": 1})
        assert reader.mapping == {"name": 0, "mobile": 1}
        assert next(iter(reader.rows())).values["mobile"] == "13800138000"
    with open_table(path) as table, pytest.raises(FileUnreadable) as exc:
        TableReader(table, SPEC, {"mobile": 7})
    assert exc.value.code == "bad_mapping" and "第8列" in exc.value.message


def typed_xlsx(path):
    """Cells of every type a roster holds: numbers, a date, a date-time, a bool, a formula, blanks."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("花名册")
    ws.write_row(0, 0, ["姓名", "身份证号码", "手机号码", "入会日期", "序号", "在职", "备注"])
    date, stamp = wb.add_format({"num_format": "yyyy-mm-dd"}), wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.write_row(1, 0, ["张三", "110101199003071234", 13800138000])
    ws.write_datetime(1, 3, dt.datetime(2020, 1, 5), date)
    ws.write_row(1, 4, [1, True, "=HYPERLINK(\"http://x\")"])
    ws.write_row(3, 0, ["李四", 4.40305198905104e17, "139 0013 8000"])
    ws.write_datetime(3, 3, dt.datetime(2021, 3, 4, 8, 30), stamp)
    ws.write_formula(3, 4, "=1+1", None, 2)
    ws.write(3, 6, 2.5)
    wb.close()
    return path


@pytest.mark.parametrize("make", [messy_xlsx, typed_xlsx])
def test_a_large_sheet_is_streamed_and_reads_exactly_as_a_small_one(tmp_path, make):
    path = make(tmp_path / "f.xlsx")
    loaded_reader, loaded = read(path)
    with override_settings(GONGHUI_IMPORT_STREAM_ABOVE=1):  # every sheet counts as large
        with open_table(path) as table:
            assert table.streamed and table.sheet == "花名册"
        streamed_reader, streamed = read(path)
    assert [(r.number, r.kind, r.values, r.cells) for r in streamed] == [
        (r.number, r.kind, r.values, r.cells) for r in loaded]
    assert (streamed_reader.header_rows, streamed_reader.mapping, streamed_reader.blank) == (
        loaded_reader.header_rows, loaded_reader.mapping, loaded_reader.blank)


def test_a_streamed_workbook_still_says_which_sheet_is_missing(tmp_path):
    path = typed_xlsx(tmp_path / "f.xlsx")
    with override_settings(GONGHUI_IMPORT_STREAM_ABOVE=1), pytest.raises(FileUnreadable) as exc:
        open_table(path, sheet="不存在")
    assert exc.value.code == "no_sheet"
