import datetime as dt
from decimal import Decimal

import pytest

from gonghui.accounts.scoping import SYSTEM
from gonghui.dues import selectors
from gonghui.dues.imports import wages_import
from gonghui.dues.models import Rounding
from gonghui.dues.rules import dues_amount, wage_base_fen

D = dt.date


@pytest.mark.parametrize("base,rounding,expected", [
    ("4368.90", Rounding.TAIL10, "21.80"),
    ("4368.90", Rounding.TAIL100, "21.50"),
    ("4368.90", Rounding.NONE, "21.84"),
    ("4368.90", Rounding.YUAN, "22.00"),
    ("2734.56", Rounding.TAIL10, "13.65"),
    ("9.99", Rounding.TAIL10, "0.00"),
])
def test_it_rounds_each_mode_to_the_fen(base, rounding, expected):
    assert dues_amount(Decimal(base), rate=Decimal("0.005"), rounding=rounding) == Decimal(expected)


@pytest.mark.parametrize("rate", ["0.005", "0.0025", "0.003", "0.0075", "0.01"])
@pytest.mark.parametrize("rounding", list(Rounding.values))
def test_the_whole_fen_arithmetic_equals_the_decimal_rule(rate, rounding):
    """The roll works in integers (rules.DuesRule): for every base it must give what the rule says in Decimals."""
    from decimal import ROUND_DOWN, ROUND_HALF_UP

    rate = Decimal(rate)
    for fen in [*range(0, 3000, 7), *range(436000, 437200, 3), 99999999]:
        base = Decimal(fen).scaleb(-2)
        counted = base
        if rounding == Rounding.TAIL10:
            counted = (base / 10).to_integral_value(ROUND_DOWN) * 10
        elif rounding == Rounding.TAIL100:
            counted = (base / 100).to_integral_value(ROUND_DOWN) * 100
        step = Decimal(1) if rounding == Rounding.YUAN else Decimal("0.01")
        expected = (counted * rate).quantize(step, rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))
        got = dues_amount(base, rate=rate, rounding=rounding)
        assert (got, str(got)) == (expected, str(expected)), (base, rate, rounding)


@pytest.mark.parametrize("texts,fen", [
    (("4368.90",), 436890),
    (("3197.81", "2984.77", None, ""), 618258),
    (("1000.125", "0.01"), 100014),  # more decimals: summed exactly, then to the fen (half-even)
    (("1200.00", "按岗位", "-100.00"), 110000),  # text counts as nothing; a negative counts
    ((1200, "0.50"), 120050),  # a number stored as a number
    ((), 0),
])
def test_the_base_is_the_sum_of_the_number_components_in_fen(texts, fen):
    assert wage_base_fen(texts) == fen


def _lines(roll):
    return {line.name: (line.base, line.due, line.paid, line.status) for line in roll.lines}


def test_it_rolls_the_hand_counted_union(hand_wages):
    h = hand_wages
    jan = selectors.roll(org=h.ua, month=D(2026, 1, 1))
    assert _lines(jan) == {
        "王会员": (Decimal("4368.90"), Decimal("21.80"), Decimal("0.00"), "due"),
        "周师傅": (Decimal("4005.50"), Decimal("20.00"), Decimal("0.00"), "due"),
        "钱新人": (Decimal("2734.56"), Decimal("13.65"), Decimal("0.00"), "due"),
        "孙老李": (Decimal("5000.00"), Decimal("25.00"), Decimal("0.00"), "due"),
        "赵小赵": (Decimal("3009.99"), Decimal("15.00"), Decimal("0.00"), "due"),
        "李无薪": (None, Decimal("0.00"), Decimal("0.00"), "missing_wages"),
    }
    assert (jan.due_total, jan.members_due, jan.missing_wages, jan.exempt) == (Decimal("95.45"), 5, 1, 0)
    feb = selectors.roll(org=h.ua, month=D(2026, 2, 1))
    assert set(_lines(feb)) == {"王会员", "周师傅", "钱新人", "李无薪"}
    assert (feb.due_total, feb.members_due, feb.missing_wages, feb.exempt) == (Decimal("55.45"), 3, 1, 1)
    mar = selectors.roll(org=h.ua, month=D(2026, 3, 1))
    assert _lines(mar)["王会员"][:2] == (Decimal("4400.00"), Decimal("22.00"))
    assert mar.due_total == Decimal("55.65")
    group = selectors.roll(org=h.ua_g1, month=D(2026, 1, 1))
    assert set(_lines(group)) == {"王会员", "钱新人", "李无薪"}


def test_it_keeps_every_column_and_changes_nothing_on_reimport(hand_wages):
    h = hand_wages
    again = wages_import(actor=SYSTEM, org=h.ua, month=D(2026, 1, 1), source=h.wages_jan, filename="1月工资.csv")
    assert {k: again.counts[k] for k in ("created", "updated", "unchanged", "refused", "footer")} == {
        "created": 0, "updated": 0, "unchanged": 6, "refused": 0, "footer": 2}
    from gonghui.core.scope_guard import unscoped
    from gonghui.dues.models import WageRow

    with unscoped("test"):
        row = WageRow.objects.get(person=h.wang, month=D(2026, 1, 1))
    assert row.columns == {"部门": "办公室", "岗位工资": "2368.90", "薪级工资": "2000.00", "绩效工资": "800.00",
                           "应发合计": "5168.90"}


def test_it_imports_wages_into_a_union_only(hand):
    from gonghui.dues.imports import DuesImportError
    from gonghui.orgs.selectors import org_get

    with pytest.raises(DuesImportError, match="请选择“文化局工会”"):
        wages_import(actor=SYSTEM, org=org_get(viewer=SYSTEM, code="UA-B1"), month=D(2026, 1, 1),
                     source=hand.wages_jan, filename="1月工资.csv")


def test_it_refuses_rows_with_the_row_number_and_a_reason(hand):
    from gonghui.conftest import make_id

    bad = (
        "姓名,身份证号码,工号,岗位工资,薪级工资\n"
        f"王会员,{hand.wang.id_number},,-5,100\n"
        f"周师傅,{hand.zhou.id_number},,三千,100\n"
        f"外人,{make_id('19700101', 999)},,3000,100\n"
        f"钱新人,{hand.qian.id_number},,1500,100\n"
        f"钱新人,{hand.qian.id_number},,1600,100\n"
        ",,,,\n"
        "李四,,,3000,100\n"
    ).encode()
    result = wages_import(actor=SYSTEM, org=hand.ua, month=D(2026, 1, 1), source=bad, filename="工资.csv",
                          dry_run=True)
    reasons = {r.row: r.reason for r in result.refusals}
    assert set(reasons) == {2, 3, 4, 6, 8}
    assert "第2行 〈岗位工资〉: -5 — 工资项目不能为负数" in reasons[2]
    assert "“三千”不是数字" in reasons[3]
    assert "名册中找不到身份证号码" in reasons[4]
    assert "与第5行是同一人" in reasons[6]
    assert "身份证号码和工号都是空的" in reasons[8]
    assert (result.counts["created"], result.counts["blank"]) == (1, 1)
