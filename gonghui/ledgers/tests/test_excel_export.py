"""ledger_export: one sheet per kind laid out like the paper ledger, print-ready, formulas kept as text, and
export -> import of the same org changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from gonghui.accounts.scoping import SYSTEM
from gonghui.conftest import make_id
from gonghui.ledgers import models as m
from gonghui.ledgers.excel import ledger_export, ledger_import, period_label
from gonghui.ledgers.excel.spec import layout_of
from gonghui.ledgers.kinds import KINDS
from gonghui.ledgers.tests.excel_files import SAMPLES, write_ledger
from gonghui.people import services as people

D = dt.date
H1 = {"start": D(2026, 1, 1), "end": D(2026, 6, 30)}


@pytest.fixture
def filled(cast, tmp_path):
    """Every kind's two sample rows imported into 文化局工会, some in its branches."""
    for code in KINDS:
        result = ledger_import(actor=cast.chair_a, kind=code, org=cast.ua,
                               source=write_ledger(tmp_path / f"{code}.xlsx", code, SAMPLES[code]))
        assert result.counts["created"] == 2, (code, [r.reason for r in result.refusals])
    return cast


def test_it_writes_one_print_ready_sheet_per_kind_with_a_title_row(filled, tmp_path):
    path = tmp_path / "台账.xlsx"
    assert ledger_export(actor=filled.chair_a, org=filled.ua, target=path, **H1) == 32
    book = load_workbook(path)
    assert book.sheetnames == [k.label for k in KINDS.values()]
    for kind in KINDS.values():
        sheet = book[kind.label]
        assert sheet["A1"].value == f"文化局工会{kind.label}台账（2026年上半年）"
        assert [c.value for c in sheet[2]] == layout_of(kind).header
        assert [sheet.cell(row=r, column=1).value for r in (3, 4)] == [1, 2]
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == "9"
        assert sheet.print_title_rows == "$2:$2"
        # One page wide (fitToWidth left out means 1 in OOXML), as many pages tall as needed.
        assert (sheet.page_setup.fitToWidth or 1) == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    aid = book["帮扶慰问"]
    header = [c.value for c in aid[2]]
    first = [c.value for c in aid[3]]
    assert first[header.index("金额(元)")] == 500 and aid.cell(3, header.index("金额(元)") + 1).number_format == "0.00"
    assert first[header.index("物品折价(元)")] == 100.25
    assert first[header.index("日期")] == dt.datetime(2026, 1, 20)  # a real Excel date
    assert first[header.index("受助人")] == "周师傅" and first[header.index("类型")] == "走访慰问"
    meeting = book["会议"]
    assert [c.value for c in meeting[3]][5] == "王会员、周师傅"


def test_export_then_import_of_the_same_org_changes_nothing(filled, tmp_path):
    # A second 王会员 makes the name ambiguous: the export writes 王会员(A001), which reads back alone.
    people.person_create(actor=SYSTEM, org=filled.ua_g2, name="王会员", id_number=make_id("19930303", 555),
                         employee_no="A009")
    path = tmp_path / "台账.xlsx"
    ledger_export(actor=filled.chair_a, org=filled.ua, target=path, **H1)
    book = load_workbook(path)
    assert "王会员(A001)" in [c.value for c in book["会议"][3]][5]
    for code in KINDS:
        result = ledger_import(actor=filled.chair_a, kind=code, org=filled.ua, source=path)
        assert result.sheet == KINDS[code].label
        assert {k: result.counts[k] for k in ("created", "updated", "unchanged", "refused")} == {
            "created": 0, "updated": 0, "unchanged": 2, "refused": 0}, (code, [r.reason for r in result.refusals])


def test_formula_like_text_stays_text(cast, tmp_path):
    rows = [{**SAMPLES["meeting"][0], "会议名称": "=1+1", "议题": '=HYPERLINK("http://x","点我")',
             "决议事项": "+86 通过", "备注": "@所有人"}]
    ledger_import(actor=cast.chair_a, kind="meeting", org=cast.ua,
                  source=write_ledger(tmp_path / "m.xlsx", "meeting", rows, header=layout_of("meeting").header))
    assert m.Meeting.objects.get().notes == "@所有人"
    path = tmp_path / "e.xlsx"
    ledger_export(actor=cast.chair_a, org=cast.ua, target=path, kinds=["meeting"], **H1)
    sheet = load_workbook(path)["会议"]
    assert load_workbook(path).sheetnames == ["会议"]
    cells = {sheet.cell(2, c).value: sheet.cell(3, c) for c in range(1, sheet.max_column + 1)}
    for header, text in (("会议名称", "=1+1"), ("议题", '=HYPERLINK("http://x","点我")'), ("决议事项", "+86 通过"),
                         ("备注", "@所有人")):
        assert cells[header].data_type == "s" and cells[header].value == text
    again = ledger_import(actor=cast.chair_a, kind="meeting", org=cast.ua, source=path)
    assert again.counts["unchanged"] == 1


def test_the_period_and_the_scope_decide_what_is_exported(filled, tmp_path):
    path = tmp_path / "e.xlsx"
    assert ledger_export(actor=filled.chair_a, org=filled.ua, target=path, start=D(2026, 3, 1),
                         end=D(2026, 3, 31), kinds=["meeting", "openness"]) == 3
    assert load_workbook(path)["会议"]["A1"].value == "文化局工会会议台账（2026年3月）"
    assert ledger_export(actor=filled.officer_a1, org=filled.ua_b1, target=path, kinds=["meeting"], **H1) == 1
    assert ledger_export(actor=filled.leader_g1, org=filled.ua_g1, target=path, kinds=["honour"], **H1) == 0
    with pytest.raises(PermissionDenied):
        ledger_export(actor=filled.admin_b, org=filled.ua, target=path, **H1)
    with pytest.raises(PermissionDenied):
        ledger_export(actor=filled.leader_g1, org=filled.ua, target=path, **H1)


def test_period_labels():
    assert period_label(D(2026, 1, 1), D(2026, 6, 30)) == "2026年上半年"
    assert period_label(D(2026, 1, 1), D(2026, 12, 31)) == "2026年"
    assert period_label(D(2026, 4, 1), D(2026, 6, 30)) == "2026年第二季度"
    assert period_label(D(2026, 1, 5), D(2026, 2, 3)) == "2026-01-05至2026-02-03"


def test_money_reads_back_as_the_same_decimal(filled, tmp_path):
    path = tmp_path / "e.xlsx"
    ledger_export(actor=SYSTEM, org=filled.ua, target=path, kinds=["competition"], **H1)
    sheet = load_workbook(path)["劳动竞赛"]
    header = [c.value for c in sheet[2]]
    assert sheet.cell(3, header.index("奖励金额(元)") + 1).value == 1200.5
    assert m.Competition.objects.get(title="安康杯竞赛").reward_amount == Decimal("1200.50")
