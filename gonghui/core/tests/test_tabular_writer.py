import datetime as dt
import zipfile
from decimal import Decimal

from python_calamine import CalamineWorkbook

from gonghui.core.tabular.writer import SafeXlsxWriter, is_formula_like


def test_it_writes_formula_like_text_as_text_and_reads_back_the_same(tmp_path):
    path = tmp_path / "out.xlsx"
    risky = ['=HYPERLINK("http://evil","x")', "+1+2", "-3", "@SUM(A1)", "=1+1"]
    with SafeXlsxWriter(str(path), sheet_name="s") as out:
        out.set_columns([20] * 5, text_columns=[1])
        out.write_header(["a", "b", "c", "d", "e"])
        out.write_row(risky)
        out.write_row(["110101199003071234", "13800138000", dt.date(2020, 1, 5), Decimal("4500.50"), True],
                      text_columns={0, 1})
    rows = list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())
    assert rows[1] == risky
    assert rows[2][:4] == ["110101199003071234", "13800138000", dt.date(2020, 1, 5), 4500.5]
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    assert "<f>" not in sheet  # no cell is a formula
    assert 'quotePrefix="1"' in styles  # and editing the cell in Excel keeps it text


def test_it_knows_what_excel_would_run():
    assert all(is_formula_like(v) for v in ["=1", "+1", "-1", "@x", "\t=1"])
    assert not any(is_formula_like(v) for v in ["张三", "1", "", None, 5])


def test_add_sheet_starts_another_sheet_from_its_first_row(tmp_path):
    path = tmp_path / "two.xlsx"
    with SafeXlsxWriter(str(path), sheet_name="甲") as out:
        out.write_header(["a", "b"])
        out.write_row([1, "=x"])
        out.add_sheet("乙")
        out.write_header(["c"])
        out.write_row(["y"])
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["甲", "乙"]
    assert list(book.get_sheet_by_name("甲").iter_rows()) == [["a", "b"], [1.0, "=x"]]
    assert list(book.get_sheet_by_name("乙").iter_rows()) == [["c"], ["y"]]
