"""ledger_template: the kind's headers (required ones marked *), the allowed values on a second sheet with
dropdowns on the coded columns, and an example row the importer skips."""

import pytest
from openpyxl import load_workbook

from gonghui.ledgers import models as m
from gonghui.ledgers.excel import ledger_import, ledger_template
from gonghui.ledgers.excel.spec import choice_labels, layout_of
from gonghui.ledgers.kinds import CHOICE, KINDS
from gonghui.ledgers.tests.excel_files import SAMPLES


@pytest.mark.parametrize("code", list(KINDS))
def test_it_writes_the_headers_and_dropdowns_of_every_kind(tmp_path, code):
    kind = KINDS[code]
    path = tmp_path / "t.xlsx"
    ledger_template(kind=code, target=path)
    book = load_workbook(path)
    assert book.sheetnames == [kind.label, "可选值"]
    sheet, options = book[kind.label], book["可选值"]
    header = [c.value for c in sheet[2]]
    assert header == ["序号", *(c.label for c in layout_of(code).columns)]
    for col in kind.columns:
        assert (col.header + "*" in header) == col.required
    assert sheet["A3"].value == "示例"
    coded = [c for c in layout_of(code).columns if c.type == CHOICE]
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == len(coded)
    for col, dv in zip(coded, sorted(lists, key=lambda d: str(d.sqref))):
        letter = chr(ord("A") + header.index(col.label))
        assert str(dv.sqref).startswith(f"{letter}3:")
        assert "可选值" in dv.formula1
        values = [c.value for c in options[chr(ord("A") + coded.index(col))][1:] if c.value]
        assert values == list(choice_labels(col))
    assert sheet.page_setup.orientation == "landscape"


def test_the_example_row_is_skipped_and_a_filled_template_imports(cast, tmp_path):
    path = tmp_path / "t.xlsx"
    ledger_template(kind="meeting", target=path)
    result = ledger_import(actor=cast.chair_a, kind="meeting", org=cast.ua, source=path)
    assert (result.counts["created"], result.counts["footer"], result.counts["refused"]) == (0, 1, 0)
    book = load_workbook(path)
    sheet = book["会议"]
    header = [c.value.rstrip("*") for c in sheet[2]]
    for h, v in SAMPLES["meeting"][0].items():
        sheet.cell(row=4, column=header.index(h) + 1, value=v)
    sheet.cell(row=4, column=1, value=1)
    book.save(path)
    result = ledger_import(actor=cast.chair_a, kind="meeting", org=cast.ua, source=path)
    assert (result.counts["created"], result.counts["footer"]) == (1, 1)
    assert m.Meeting.objects.get().title == "一季度工会委员会会议"
