import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save


def run(*args):
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_registry_values_as_one_json_line(cast):
    entry_save(actor=SYSTEM, kind=get_kind("aid"), org=cast.ua,
               values={"date": dt.date(2026, 1, 20), "aid_type": "warmth", "recipient": cast.zhou_person,
                       "person_times": 1, "amount": Decimal("1000.00")})
    line = run("indicators", "--org", "UA", "--period", "2026H1", "--json").strip().splitlines()[-1]
    values = json.loads(line)
    expected = compute(cast.ua, parse_period("2026H1"))
    assert values["aid_amount"] == "1000.00" and values["aid_households"] == 1
    assert set(values) == set(expected)
    assert values["workers"] == expected["workers"] == 2


def test_it_takes_explicit_dates_and_prints_a_table(cast):
    text = run("indicators", "--org", "UA", "--from", "2026-01-01", "--to", "2026-03-31")
    assert "文化局工会" in text and "[members]" in text


@pytest.mark.parametrize("args, fragment", [
    (["--org", "UA", "--period", "2026H3"], "期间"),
    (["--org", "NOPE", "--period", "2026"], "NOPE"),
    (["--org", "UA", "--period", "2026", "--from", "2026-01-01"], "二选一"),
])
def test_it_refuses_bad_arguments_in_chinese(cast, args, fragment):
    with pytest.raises(CommandError) as exc:
        run("indicators", *args)
    assert fragment in str(exc.value)


def test_as_user_is_scoped(cast):
    with pytest.raises(CommandError):
        run("indicators", "--org", "UA", "--period", "2026", "--as-user", "waidanwei")


def test_it_writes_the_summary_docx(cast, tmp_path):
    from docx import Document

    target = tmp_path / "总结.docx"
    out = run("summary", "--org", "UA", "--period", "2026H1", "-o", str(target))
    assert "已生成" in out
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "文化局工会2026年上半年工作总结" in text.replace("\n", "")
    assert "None" not in text


def test_it_writes_the_tables_workbook_with_registry_numbers(cast, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "报表.xlsx"
    out = run("tables", "--org", "UA", "--period", "2026H1", "-o", str(target))
    assert "逻辑检查全部通过" in out
    wb = load_workbook(str(target))
    assert "基层工会基本情况统计表" in wb.sheetnames[0] or any("基本情况" in n for n in wb.sheetnames)
