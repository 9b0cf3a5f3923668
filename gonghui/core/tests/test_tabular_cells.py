import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.tabular import cells
from gonghui.core.tabular.errors import CellError

D = dt.date


@pytest.mark.parametrize("raw, expected", [
    (D(2020, 1, 5), (D(2020, 1, 5), "day")),
    (dt.datetime(2020, 1, 5, 0, 0), (D(2020, 1, 5), "day")),
    ("2020-01-05", (D(2020, 1, 5), "day")),
    ("2020/1/5", (D(2020, 1, 5), "day")),
    ("2020.01.05", (D(2020, 1, 5), "day")),
    ("2020年1月5日", (D(2020, 1, 5), "day")),
    (" 2020年1月5号 ", (D(2020, 1, 5), "day")),
    ("２０２０－０１－０５", (D(2020, 1, 5), "day")),
    ("2020-01-05 00:00:00", (D(2020, 1, 5), "day")),
    ("20200105", (D(2020, 1, 5), "day")),
    (20200105.0, (D(2020, 1, 5), "day")),
    ("2020年1月", (D(2020, 1, 1), "month")),
    ("2020.1", (D(2020, 1, 1), "month")),
    ("2020-01", (D(2020, 1, 1), "month")),
    ("", (None, "")),
    (None, (None, "")),
])
def test_it_reads_the_date_spellings_offices_use(raw, expected):
    assert cells.date_with_precision(raw) == expected


@pytest.mark.parametrize("raw, code", [
    ("2020-02-30", "date_invalid"),
    ("明年", "date_invalid"),
    ("1850-01-01", "date_invalid"),
    (43835.0, "date_number"),  # an Excel serial in a cell not formatted as a date: never guessed
])
def test_it_refuses_what_is_not_a_date_with_a_message(raw, code):
    with pytest.raises(CellError) as exc:
        cells.date(raw)
    assert exc.value.code == code
    assert "日期" in exc.value.message


def test_it_reads_numbers_as_decimal_without_float_noise():
    assert cells.decimal(4500.5) == Decimal("4500.5")
    assert cells.decimal("4,500.00元") == Decimal("4500.00")
    assert cells.decimal("") is None
    with pytest.raises(CellError):
        cells.decimal("四千")


def test_it_reads_yes_and_no():
    assert cells.boolean("是") is True
    assert cells.boolean("否") is False
    assert cells.boolean("√") is True
    assert cells.boolean(1.0) is True
    assert cells.boolean("") is None
    with pytest.raises(CellError) as exc:
        cells.boolean("也许")
    assert "是" in exc.value.message


def test_it_shows_codes_typed_into_number_cells_as_written():
    assert cells.text(1001.0) == "1001"
    assert cells.text("  A0001\u3000") == "A0001"
    assert cells.code_text("Ａ０００１") == "A0001"
    assert cells.shown(4.403051989051041e17) == "4.403051989051041E+17"
