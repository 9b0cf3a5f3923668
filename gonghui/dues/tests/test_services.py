"""Collections, payments, refunds and the indicators on the hand-counted union (conftest.py), at service level."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.models import AuditEvent
from gonghui.core.periods import parse_period
from gonghui.core.scope_guard import unscoped
from gonghui.dues import selectors, services
from gonghui.indicators.registry import compute, compute_breakdown

D = dt.date
JAN, FEB, MAR = D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)


def pay(h, person, month, amount, reason=""):
    return services.payment_record(actor=SYSTEM, org=h.ua, person=person, month=month, amount=amount,
                                   paid_on=D(2026, 3, 5), reason=reason)


@pytest.fixture
def collected(hand_wages):
    h = hand_wages
    services.dues_collect(actor=SYSTEM, org=h.ua, month=JAN, paid_on=D(2026, 1, 25))
    pay(h, h.wang, FEB, "21.80")
    pay(h, h.zhou, FEB, "10.00")
    pay(h, h.wang, JAN, "-5.00", reason="多扣退回")
    return h


def test_it_collects_pays_partly_and_refunds(collected):
    h = collected
    jan = selectors.roll(org=h.ua, month=JAN)
    assert (jan.due_total, jan.paid_total) == (Decimal("95.45"), Decimal("90.45"))
    assert jan.line_of(h.wang.pk).owed == Decimal("5.00")
    feb = selectors.roll(org=h.ua, month=FEB)
    assert feb.line_of(h.zhou.pk).paid == Decimal("10.00") and feb.line_of(h.zhou.pk).owed == Decimal("10.00")
    with unscoped("test"):
        assert AuditEvent.objects.filter(object_type="duescollection", action="create").count() == 1
        assert AuditEvent.objects.filter(object_type="duespayment", action="create").count() == 3


REFUSALS = [
    ("sun", FEB, "25.00", "", "孙老李在2026-02不需缴纳会费"),
    ("li", JAN, "5.00", "", "李无薪在2026-01不需缴纳会费"),
    ("wu", JAN, "5.00", "", "吴非会在2026-01不需缴纳会费"),
    ("zhou", FEB, "15.00", "", "周师傅在2026-02尚欠10.00元，本次15.00元超出了尚欠金额"),
    ("zhou", FEB, "-1.00", "", "退款或更正（负数金额）必须填写原因"),
    ("zhou", FEB, "-20.00", "错收", "周师傅在2026-02已缴10.00元，退款20.00元超出了已缴金额"),
    ("zhou", FEB, "0", "", "金额不能为0"),
]


def test_it_refuses_payments_that_do_not_fit(collected):
    for who, month, amount, reason, message in REFUSALS:
        with pytest.raises(ValidationError) as exc:
            pay(collected, getattr(collected, who), month, amount, reason)
        assert message in str(exc.value)


def test_it_lets_only_admin_and_finance_write(collected):
    h = collected
    with pytest.raises(PermissionDenied):
        services.dues_collect(actor=h.cast.auditor_a, org=h.ua, month=FEB, paid_on=D(2026, 3, 1))
    collection = services.dues_collect(actor=h.cast.finance_a, org=h.ua, month=FEB, paid_on=D(2026, 3, 1))
    assert (collection.payments, collection.total, collection.debit_account) == (2, Decimal("23.65"), "银行存款")


def test_it_reports_the_indicators_as_counted_by_hand(collected):
    h = collected
    q1 = parse_period("2026Q1")
    codes = ["dues_due", "dues_paid", "dues_rate", "dues_members_due", "dues_members_paid"]
    assert compute(h.ua, q1, codes) == {
        "dues_due": Decimal("206.55"), "dues_paid": Decimal("122.25"), "dues_rate": Decimal("59.2"),
        "dues_members_due": 5, "dues_members_paid": 2}
    parts = compute_breakdown(h.ua, q1, ["dues_due", "dues_paid"])
    b1 = h.cast.ua_b1.pk
    assert parts[b1]["dues_due"] == Decimal("131.55") and parts[h.ua.pk]["dues_due"] == Decimal("75.00")
    fed = compute(h.cast.fed, q1, ["dues_due", "dues_rate"])
    assert fed == {"dues_due": Decimal("206.55"), "dues_rate": Decimal("59.2")}
    assert compute(h.cast.ub, q1, ["dues_due", "dues_rate"]) == {"dues_due": Decimal("0.00"), "dues_rate": None}


def test_a_later_policy_applies_from_its_month_and_the_past_keeps_its_own(hand_wages):
    h = hand_wages
    services.policy_set(actor=SYSTEM, org=h.ua, month=MAR, base_components=["岗位工资"], rate="0.005",
                        rounding="yuan", flat_amounts={"劳务派遣": "10"})
    mar = selectors.roll(org=h.ua, month=MAR)
    assert mar.line_of(h.wang.pk).due == Decimal("12.00")  # 2400 x 0.5 % = 12.00
    assert mar.line_of(h.qian.pk).due == Decimal("8.00")  # 1500 x 0.5 % = 7.50 -> 8 元
    assert mar.line_of(h.zhou.pk).due == Decimal("10.00") and mar.line_of(h.zhou.pk).flat
    assert selectors.roll(org=h.ua, month=FEB).due_total == Decimal("55.45")


def _voucher_of(collection):
    from gonghui.funds.models import Voucher

    with unscoped("test"):
        voucher = Voucher.objects.get(source=f"dues.collection:{collection.pk}")
        lines = [(ln.account.code, ln.debit, ln.credit) for ln in voucher.lines.select_related("account")
                 .order_by("position")]
    return voucher, lines


def test_each_collection_posts_its_draft_voucher_linked_both_ways(collected):
    from gonghui.dues.models import DuesCollection
    from gonghui.funds.models import Voucher

    h = collected
    with unscoped("test"):
        by_kind = {c.kind: c for c in DuesCollection.objects.order_by("id")}
        deduction = DuesCollection.objects.get(kind="deduction")
        refund = DuesCollection.objects.get(kind="refund")
        assert Voucher.objects.filter(source__startswith="dues.collection:").count() == 4
    voucher, lines = _voucher_of(deduction)
    assert (voucher.org_id, voucher.state, voucher.date, voucher.created_by_id) == (
        h.ua.pk, Voucher.State.DRAFT, D(2026, 1, 25), None)
    assert lines == [("102", Decimal("95.45"), Decimal("0.00")), ("401", Decimal("0.00"), Decimal("95.45"))]
    assert deduction.voucher_ref == f"funds.voucher:{voucher.pk}"
    assert "2026-01" in voucher.summary and "工资代扣" in voucher.source_label
    # a cash payment: 库存现金; the refund the other way round, positive amounts (no red line outside a reversal)
    _v, lines = _voucher_of(by_kind["file"])
    assert lines[0][0] == "101" and lines[1] == ("401", Decimal("0.00"), Decimal("10.00"))
    voucher, lines = _voucher_of(refund)
    assert lines == [("401", Decimal("5.00"), Decimal("0.00")), ("101", Decimal("0.00"), Decimal("5.00"))]
    assert refund.voucher_ref == f"funds.voucher:{voucher.pk}" and "多扣退回" in voucher.summary


def test_collections_recorded_without_a_voucher_get_theirs_with_the_next_collection(collected):
    from gonghui.dues.models import DuesCollection
    from gonghui.funds.models import Voucher

    h = collected
    with unscoped("test"):
        old = DuesCollection.objects.get(kind="deduction")
        Voucher.objects.filter(source=f"dues.collection:{old.pk}").delete()  # as if recorded before the books
        DuesCollection.objects.filter(pk=old.pk).update(voucher_ref="")
    pay(h, h.wang, MAR, "22.00")
    voucher, lines = _voucher_of(old)
    old.refresh_from_db()
    assert old.voucher_ref == f"funds.voucher:{voucher.pk}" and lines[0] == ("102", Decimal("95.45"), Decimal("0.00"))


def test_a_collection_is_refused_whole_in_a_closed_month_of_the_books(collected):
    from gonghui.dues.models import DuesPayment
    from gonghui.funds.closing_services import month_close
    from gonghui.funds.models import Voucher

    h = collected
    with unscoped("test"):
        Voucher.objects.filter(date__year=2026, date__month=3).update(state=Voucher.State.POSTED, by_system=True)
    month_close(actor=h.cast.finance_a, org=h.ua, year=2026, month=3)
    with unscoped("test"):
        before = DuesPayment.objects.count()
    with pytest.raises(ValidationError, match="已结账"):
        pay(h, h.wang, MAR, "22.00")
    with unscoped("test"):
        assert DuesPayment.objects.count() == before


def test_a_union_with_bank_sub_accounts_gets_the_draft_on_the_first_of_them(hand_wages):
    from gonghui.funds import book_services
    from gonghui.funds.tests.helpers import account

    h = hand_wages
    book_services.account_add(actor=h.cast.finance_a, org=h.ua, parent=account(h.ua, "102"), name="工商银行")
    collection = services.dues_collect(actor=SYSTEM, org=h.ua, month=JAN, paid_on=D(2026, 1, 25))
    _voucher, lines = _voucher_of(collection)
    assert lines == [("10201", Decimal("95.45"), Decimal("0.00")), ("401", Decimal("0.00"), Decimal("95.45"))]
