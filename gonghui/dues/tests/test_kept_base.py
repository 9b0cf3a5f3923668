"""The counted base kept per wage row (WageRow.base_fen, for the components named by base_of): written by the
import for the policy in force, kept anew when a policy is set for the row's months, worked out from the
components whenever it was kept for other ones — the roll's base is always rules.wage_base_fen of the
components its own policy counts."""

import datetime as dt
import importlib
from decimal import Decimal
from types import SimpleNamespace

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.scope_guard import unscoped
from gonghui.dues import selectors, services, wage_sql
from gonghui.dues.models import WageRow
from gonghui.dues.rules import base_key, dues_amount, from_fen, wage_base_fen

D = dt.date
PAY = ["岗位工资", "薪级工资"]


def _rows(**filters):
    with unscoped("test"):
        return {(r.person_id, r.month): r for r in WageRow.objects.filter(**filters)}


def _policy(union, month):
    return selectors.policy_in_force(union, month)


def _as_the_rule_says(roll):
    """Every line's base and due as the policy in force says from its wage row's components (the slow way)."""
    policy = next(p for p in roll.policies.values() if p is not None)
    rows = {r.pk: r for r in _rows().values()}
    for line in roll.lines:
        if line.wage_id is None:
            assert line.base_fen is None
            continue
        columns = rows[line.wage_id].columns
        assert line.base_fen == wage_base_fen([columns.get(c) for c in policy.base_components]), line
        assert line.due == dues_amount(from_fen(line.base_fen), rate=policy.rate, rounding=policy.rounding), line


def test_the_import_keeps_the_base_for_the_policy_in_force(hand_wages):
    h = hand_wages
    rows = _rows(org_id=h.ua.pk)
    assert {r.base_of for r in rows.values()} == {base_key(PAY)}
    assert rows[(h.wang.pk, D(2026, 1, 1))].base_fen == 436890
    assert rows[(h.sun.pk, D(2026, 1, 1))].base_fen == 500000  # a blank 薪级工资 counts nothing
    assert rows[(h.wang.pk, D(2026, 3, 1))].base_fen == 440000
    assert base_key(["薪级工资", "岗位工资"]) == base_key(PAY) == '["岗位工资", "薪级工资"]'


def test_a_later_policy_keeps_its_months_and_reads_older_rows_from_their_components(hand_wages):
    h = hand_wages
    services.policy_set(actor=SYSTEM, org=h.ua, month=D(2026, 3, 1), base_components="岗位工资,绩效工资",
                        rate="0.5%", rounding="tail10")
    rows = _rows(org_id=h.ua.pk)
    march = rows[(h.wang.pk, D(2026, 3, 1))]
    assert (march.base_of, march.base_fen) == (base_key(["岗位工资", "绩效工资"]), 240000)  # no 绩效工资 column
    january = rows[(h.zhou.pk, D(2026, 1, 1))]
    assert (january.base_of, january.base_fen) == (base_key(PAY), 400550)  # January keeps its own policy's

    mar = selectors.roll(org=h.ua, month=D(2026, 3, 1))  # 周师傅 and 钱新人 fall back on their January rows
    lines = {line.name: (line.base, line.due) for line in mar.lines}
    assert lines == {"王会员": (Decimal("2400.00"), Decimal("12.00")), "周师傅": (Decimal("3000.00"), Decimal("15.00")),
                     "钱新人": (Decimal("1500.00"), Decimal("7.50")), "李无薪": (None, Decimal("0.00"))}
    assert mar.due_total == Decimal("34.50")
    _as_the_rule_says(mar)
    jan = selectors.roll(org=h.ua, month=D(2026, 1, 1))
    assert jan.due_total == Decimal("95.45")


def test_changing_a_policy_keeps_the_base_anew_for_its_months_only(hand_wages):
    h = hand_wages
    services.policy_set(actor=SYSTEM, org=h.ua, month=D(2026, 3, 1), base_components="岗位工资,薪级工资",
                        rate="0.5%", rounding="tail10")
    services.policy_set(actor=SYSTEM, org=h.ua, month=D(2026, 1, 1), base_components="岗位工资",
                        rate="1%", rounding="none")
    rows = _rows(org_id=h.ua.pk)
    assert {(r.month, r.base_of) for r in rows.values()} == {
        (D(2026, 1, 1), base_key(["岗位工资"])), (D(2026, 3, 1), base_key(PAY))}
    assert rows[(h.wang.pk, D(2026, 1, 1))].base_fen == 236890
    jan = selectors.roll(org=h.ua, month=D(2026, 1, 1))
    assert {line.name: line.due for line in jan.lines}["王会员"] == Decimal("23.69")
    _as_the_rule_says(jan)
    _as_the_rule_says(selectors.roll(org=h.ua, month=D(2026, 2, 1)))
    _as_the_rule_says(selectors.roll(org=h.ua, month=D(2026, 3, 1)))
    # a rate change alone leaves the kept bases as they are (nothing to add up again)
    assert services.bases_keep(union=h.ua, policy=_policy(h.ua, D(2026, 1, 1))) == 0


def test_a_base_kept_for_other_components_is_never_trusted(hand_wages):
    h = hand_wages
    with unscoped("test"):
        WageRow.objects.filter(person=h.zhou, month=D(2026, 1, 1)).update(base_fen=1, base_of='["别的"]')
        WageRow.objects.filter(person=h.qian, month=D(2026, 1, 1)).update(base_fen=None, base_of="")
    jan = selectors.roll(org=h.ua, month=D(2026, 1, 1))
    assert {line.name: line.base for line in jan.lines}["周师傅"] == Decimal("4005.50")
    assert jan.due_total == Decimal("95.45")
    _as_the_rule_says(jan)
    # the same when a member's row is read by person (few members left without a row of the month)
    feb = selectors.roll(org=h.ua, month=D(2026, 2, 1), person_id=h.zhou.pk)
    assert feb.line_of(h.zhou.pk).base == Decimal("4005.50")


# Texts a wage row may hold, and numbers stored as JSON numbers (the import writes text; JSON true is left out:
# SQLite reads it as 1 and Python as True, and no wage file can store one).
TEXTS = [
    "4368.90", "0.00", "", None, "00012.30", "123456789012.34", "1234567890123.45", "1000.125", "5.5", ".50",
    "1,000.00", " 5.00", "+5.00", "-5.00", "12.3.45", "５.００", "²².00", "abc", "1e3", "NaN", "Infinity",
    "3000", 1200, 12.5, 0,
]


def test_the_database_adds_up_a_component_as_python_does(hand):
    """wage_sql.WageFen (the UPDATE of bases_keep) against rules.wage_base_fen, the one definition: every
    text the import writes for a number is added up by the database; anything else is left to Python."""
    h = hand
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with unscoped("test"):
        for i, text in enumerate(TEXTS):
            for j, other in enumerate([None, "100.00", "abc", "-1.00"]):
                columns = {"薪级工资": other} if other is not None else {}
                if text is not None:
                    columns["岗位工资"] = text
                WageRow.objects.create(org=h.ua, person=h.wang, month=D(2027 + i, 1 + j, 1), columns=columns,
                                       created_at=now, updated_at=now)
        texts = {r.pk: (r.columns.get("岗位工资"), r.columns.get("薪级工资")) for r in _rows(person=h.wang).values()}
        by_sql = dict(WageRow.objects.filter(person=h.wang).annotate(f=wage_sql.WageFen("columns", "岗位工资"))
                      .values_list("pk", "f"))
    for pk, (text, _other) in texts.items():
        if by_sql[pk] is not None:  # what the database adds up, it adds up exactly
            assert by_sql[pk] == wage_base_fen([text]), text
    assert {texts[pk][0] for pk, fen in by_sql.items() if fen is not None} == {
        "4368.90", "0.00", "", None, "00012.30", "123456789012.34"}
    assert services.bases_keep(union=h.ua, policy=_policy(h.ua, D(2026, 1, 1))) == len(texts)
    for pk, row in {r.pk: r for r in _rows(person=h.wang).values()}.items():
        assert (row.base_of, row.base_fen) == (base_key(PAY), wage_base_fen(texts[pk])), texts[pk]


def test_the_migration_fills_the_base_for_the_policy_of_each_month(hand_wages):
    from django.apps import apps
    from django.db import connection

    h = hand_wages
    services.policy_set(actor=SYSTEM, org=h.ua, month=D(2026, 3, 1), base_components="岗位工资",
                        rate="0.5%", rounding="tail10")
    kept = {k: (r.base_fen, r.base_of) for k, r in _rows().items()}
    with unscoped("test"):
        WageRow.objects.update(base_fen=None, base_of="")
    migration = importlib.import_module("gonghui.dues.migrations.0002_wagerow_kept_base")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert {k: (r.base_fen, r.base_of) for k, r in _rows().items()} == kept
    assert kept[(h.wang.pk, D(2026, 3, 1))] == (240000, base_key(["岗位工资"]))


def test_the_roll_is_in_python_order_by_group_and_name(hand_wages):
    h = hand_wages
    roll = selectors.roll(org=h.ua, month=D(2026, 1, 1))
    order = [(roll.orgs[line.org_id][1], line.name, line.person_id) for line in roll.lines]
    assert order == sorted(order) and len(order) == 6


def test_the_month_scan_and_the_lookup_by_person_agree(hand_wages, monkeypatch):
    """A big roll scans the month's rows, a small one looks members up by person: the same lines either way,
    with kept bases, bases the database adds up, and bases only Python can work out."""
    h = hand_wages
    with unscoped("test"):
        WageRow.objects.filter(person=h.zhou, month=D(2026, 1, 1)).update(base_of="")
        WageRow.objects.filter(person=h.qian, month=D(2026, 1, 1)).update(
            base_of="", columns={"岗位工资": 1500, "薪级工资": "1234.555"})
    months = [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]
    by_person = [selectors.roll(org=h.ua, month=m) for m in months]
    components = [selectors.wage_components(roll) for roll in by_person]
    monkeypatch.setattr(selectors, "FEW", 0)
    scanned = [selectors.roll(org=h.ua, month=m) for m in months]
    for one, other in zip(by_person, scanned, strict=True):
        assert one.lines == other.lines
        _as_the_rule_says(other)
    assert [selectors.wage_components(roll) for roll in scanned] == components
    wang = by_person[0].line_of(h.wang.pk)
    assert components[0][wang.wage_id] == (Decimal("2368.90"), Decimal("2000.00"))
    assert {line.name: line.base for line in scanned[0].lines}["钱新人"] == Decimal("2734.56")  # 2734.555, half-even


def test_money_from_whole_fen_is_written_as_money_writes_it():
    from gonghui.dues.rules import fen_text, money

    for fen in [*range(-1005, 1005), 436890, 99999999, -436890, 10**15 + 7]:
        assert fen_text(fen) == money(from_fen(fen)), fen
