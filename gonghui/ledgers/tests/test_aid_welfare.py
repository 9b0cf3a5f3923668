"""帮扶慰问 from a school union's own 慰问 export (office headers, 结婚/住院/节日慰问…), member welfare kept apart
from hardship aid in the rule and in the indicators (issue 12 §3)."""

import datetime as dt
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import parse_period
from gonghui.indicators import registry
from gonghui.ledgers import models as m
from gonghui.ledgers import services
from gonghui.ledgers.excel import ledger_import
from gonghui.ledgers.kinds import get_kind

D = dt.date


def export(path, header, rows):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("慰问登记")
    ws.merge_range(0, 0, 0, len(header) - 1, "2026年上半年教职工慰问登记表")
    ws.write_row(1, 0, header)
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date)
            elif v is not None:
                ws.write(r, c, v)
    ws.write_row(len(rows) + 2, 0, ["经办人：", None, "工会主席（签字）："])
    wb.close()
    return path


HEADER = ["序号", "慰问日期", "被慰问人", "慰问类型", "慰问性质", "慰问金额（元）", "慰问人", "备注"]


def test_a_school_unions_export_imports_with_its_own_headers_and_types(cast, tmp_path):
    rows = [[1, D(2026, 3, 2), "王会员", "结婚", None, 500, "工会主席", ""],
            [2, D(2026, 3, 9), "周师傅", "生病住院", "困难帮扶", 800, None, "胃出血"],
            [3, D(2026, 4, 1), "王会员", "住院", None, 300, None, ""],
            [4, D(2026, 2, 1), "周师傅", "春节慰问", None, 200, None, ""],
            [5, D(2026, 5, 1), "王会员", "结婚慰问", "困难帮扶", 500, None, ""]]
    path = export(tmp_path / "慰问.xlsx", HEADER, rows)
    result = ledger_import(actor=SYSTEM, kind="aid", org=cast.ua, source=path)
    assert (result.counts["created"], result.counts["refused"], result.counts["footer"]) == (3, 2, 1)
    got = sorted((e.date, e.recipient.name, e.aid_type, e.nature, e.amount) for e in m.Aid.objects.all())
    assert got == [(D(2026, 2, 1), "周师傅", "festival", "", Decimal("200.00")),
                   (D(2026, 3, 2), "王会员", "wedding", "", Decimal("500.00")),
                   (D(2026, 3, 9), "周师傅", "hospital", "hardship", Decimal("800.00"))]
    reasons = [r.reason for r in result.refusals]
    assert reasons[0].startswith("第5行") and "“住院慰问”可以是困难帮扶，也可以是会员福利" in reasons[0]
    assert reasons[1].startswith("第7行") and "属于会员福利，不是困难帮扶" in reasons[1]
    assert result.unused_columns == []


def test_the_aid_indicators_count_hardship_aid_and_the_welfare_ones_the_rest(cast):
    kind = get_kind("aid")

    def give(day, person, aid_type, amount, nature=""):
        services.entry_save(actor=SYSTEM, kind=kind, org=cast.ua, values={
            "date": day, "aid_type": aid_type, "nature": nature, "recipient": person, "person_times": 1,
            "amount": Decimal(amount)})

    give(D(2026, 1, 20), cast.zhou_person, "visit", "1000")
    give(D(2026, 3, 9), cast.zhou_person, "hospital", "800", "hardship")
    give(D(2026, 3, 2), cast.wang_person, "wedding", "500")
    give(D(2026, 4, 1), cast.wang_person, "hospital", "300", "welfare")
    give(D(2026, 2, 1), cast.wang_person, "festival", "200")
    give(D(2026, 2, 2), cast.zhou_person, "other", "50")  # 其他 without a 性质: hardship aid, as before
    values = registry.compute(cast.ua, parse_period("2026H1"), [
        "aid_households", "aid_person_times", "aid_amount", "welfare_recipients", "welfare_person_times",
        "welfare_amount"])
    assert values == {"aid_households": 1, "aid_person_times": 3, "aid_amount": Decimal("1850.00"),
                      "welfare_recipients": 1, "welfare_person_times": 3, "welfare_amount": Decimal("1000.00")}


@pytest.mark.parametrize("aid_type, nature, message", [
    ("illness", "", "请在“性质”中选择其一"),
    ("birthday", "hardship", "属于会员福利"),
    ("warmth", "welfare", "属于困难帮扶"),
])
def test_the_nature_must_fit_the_type(cast, aid_type, nature, message):
    with pytest.raises(ValidationError) as exc:
        services.entry_save(actor=SYSTEM, kind=get_kind("aid"), org=cast.ua, values={
            "date": D(2026, 3, 1), "aid_type": aid_type, "nature": nature, "recipient": cast.wang_person})
    assert message in str(exc.value)


def test_a_nul_character_in_text_is_refused_with_a_message_not_stored():
    from gonghui.ledgers.kinds import get_kind
    from gonghui.ledgers.rules import check_entry

    errors = check_entry(get_kind("meeting"), {"title": "职工\x00大会", "date": None}, [])
    assert any("含有空字符" in m for m in errors["title"])
