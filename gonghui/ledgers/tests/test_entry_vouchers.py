"""Aid, competition rewards and culture events post their draft vouchers (issue 15 §1): entry_save -> draft ->
审核 -> 记账 -> 工会01/02表, computed by hand to the fen; a changed amount follows (draft updated, or a new
draft for the difference once finance fixed the first); a deleted entry leaves a draft undoing it."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.scope_guard import unscoped
from gonghui.funds import opening_services, voucher_services
from gonghui.funds.models import Voucher
from gonghui.funds.statements import statements_for
from gonghui.funds.tests.helpers import account
from gonghui.ledgers import services
from gonghui.ledgers.kinds import get_kind

D = Decimal


def save(cast, code, values, instance=None):
    return services.entry_save(actor=cast.chair_a, kind=get_kind(code), org=cast.ua, values=values,
                               instance=instance)


def vouchers_of(kind, entry):
    with unscoped("test"):
        return [(v.state, v.summary, [(ln.account.code, ln.debit, ln.credit, ln.earmarked, ln.project)
                                      for ln in v.lines.select_related("account")])
                for v in Voucher.objects.filter(source=f"ledgers.{kind}:{entry.pk}").order_by("pk")]


def fix(cast, kind, entry):
    """审核 by the union's head, 记账 by finance: the draft of the entry enters the books."""
    with unscoped("test"):
        draft = Voucher.objects.get(source=f"ledgers.{kind}:{entry.pk}", state="draft")
    voucher_services.voucher_review(actor=cast.chair_a, voucher=draft)
    return voucher_services.voucher_post(actor=cast.finance_a, voucher=draft)


def aid(cast, **values):
    base = {"date": dt.date(2026, 3, 2), "aid_type": "visit", "nature": "", "recipient": cast.zhou_person,
            "person_times": 1, "amount": D("1000.00"), "fund_source": ""}
    return save(cast, "aid", base | values)


@pytest.fixture
def entries(cast):
    opening_services.opening_set(actor=cast.finance_a, org=cast.ua, year=2026,
                                 rows=[(account(cast.ua, "102"), D("20000"), D("0")),
                                       (account(cast.ua, "32205"), D("0"), D("20000"))])
    made = {
        "visit": aid(cast),
        "birthday": aid(cast, aid_type="birthday", recipient=cast.wang_person, amount=D("300.00")),
        "warmth": aid(cast, aid_type="warmth", amount=D("800.00"), fund_source="上级专项补助（送温暖）"),
        "goods": aid(cast, aid_type="festival", amount=None, goods_value=D("150.00")),
        "competition": save(cast, "competition", {"date": dt.date(2026, 4, 8), "title": "技能比武",
                                                  "reward_amount": D("1500.50")}),
        "culture": save(cast, "culture", {"date": dt.date(2026, 5, 1), "title": "职工运动会", "mode": "own",
                                          "cost": D("2345.67")}),
        "meeting": save(cast, "meeting", {"date": dt.date(2026, 5, 2), "title": "会员大会",
                                          "meeting_type": "congress"}),
    }
    return made


def test_each_entry_that_pays_gets_its_draft_on_the_right_accounts(cast, entries):
    e = entries
    assert vouchers_of("aid", e["visit"]) == [("draft", "走访慰问：周师傅", [
        ("50404", D("1000.00"), D("0.00"), False, ""), ("102", D("0.00"), D("1000.00"), False, "")])]
    assert vouchers_of("aid", e["birthday"])[0][2][0][:2] == ("50105", D("300.00"))
    assert vouchers_of("aid", e["warmth"])[0][2] == [
        ("50405", D("800.00"), D("0.00"), True, "上级专项补助（送温暖）"),
        ("102", D("0.00"), D("800.00"), True, "上级专项补助（送温暖）")]
    assert vouchers_of("aid", e["goods"]) == []  # goods only: no money paid on this entry
    assert vouchers_of("competition", e["competition"])[0][2][0][:2] == ("50301", D("1500.50"))
    assert vouchers_of("culture", e["culture"])[0][2][0][:2] == ("50102", D("2345.67"))
    assert vouchers_of("meeting", e["meeting"]) == []


def test_posted_drafts_reach_the_statements_to_the_fen(cast, entries):
    for code in ("visit", "birthday", "warmth"):
        fix(cast, "aid", entries[code])
    fix(cast, "competition", entries["competition"])
    fix(cast, "culture", entries["culture"])
    st = statements_for(viewer=SYSTEM, org=cast.ua, period="2026")
    # 职工活动 300 + 2 345.67; 职工服务 1 500.50; 维权 1 000 + 800 (专项).
    assert st.income.value("职工活动支出", "本期数") == D("2645.67")
    assert st.income.value("职工服务支出", "本期数") == D("1500.50")
    assert st.income.value("维权支出", "本期数") == D("1800.00")
    assert st.income.value("支出合计", "本期数") == D("5946.17")
    assert st.balance_sheet.value("货币资金", "期末余额") == D("14053.83")  # 20 000 − 5 946.17
    # The running difference before the close: 专项 in 工会资金结转, the rest in 工会资金结余.
    assert st.balance_sheet.value("工会资金结转", "期末余额") == D("-800.00")
    assert st.balance_sheet.value("工会资金结余", "期末余额") == D("14853.83")  # 20 000 − 5 146.17
    assert st.balance_sheet.value("资产总计", "期末余额") == st.balance_sheet.value("负债与净资产总计", "期末余额")


def test_a_changed_amount_updates_the_draft_then_drafts_the_difference(cast, entries):
    visit = entries["visit"]
    visit = save(cast, "aid", _values(visit) | {"amount": D("1100.00")}, instance=visit)
    assert [v[2][0][1] for v in vouchers_of("aid", visit)] == [D("1100.00")]  # the one draft, updated
    fix(cast, "aid", visit)
    visit = save(cast, "aid", _values(visit) | {"amount": D("1250.00")}, instance=visit)
    got = vouchers_of("aid", visit)
    assert got[1] == ("draft", "走访慰问：周师傅（金额变更调整）", [
        ("50404", D("150.00"), D("0.00"), False, ""), ("102", D("0.00"), D("150.00"), False, "")])
    visit = save(cast, "aid", _values(visit) | {"amount": D("1000.00")}, instance=visit)
    assert vouchers_of("aid", visit)[1][2] == [  # lower than booked: the same accounts the other way round
        ("102", D("100.00"), D("0.00"), False, ""), ("50404", D("0.00"), D("100.00"), False, "")]
    visit = save(cast, "aid", _values(visit) | {"amount": D("1100.00")}, instance=visit)
    assert [v[0] for v in vouchers_of("aid", visit)] == ["posted"]  # nothing left to book: the draft is gone


def test_after_review_only_a_changed_amount_drafts_on_the_accounts_finance_chose(cast, entries):
    competition = entries["competition"]
    with unscoped("test"):
        draft = Voucher.objects.get(source=f"ledgers.competition:{competition.pk}")
    voucher_services.voucher_save(  # finance pays the prizes in cash: 库存现金, not 银行存款
        actor=cast.finance_a, org=cast.ua, date=draft.date, summary=draft.summary, voucher=draft,
        lines=_lines(cast, "101"))
    fix(cast, "competition", competition)
    values = {"date": competition.date, "title": competition.title, "reward_amount": D("1500.50"),
              "results": "一等奖两名"}
    competition = save(cast, "competition", values, instance=competition)
    assert [v[0] for v in vouchers_of("competition", competition)] == ["posted"]  # same amount: nothing to book
    competition = save(cast, "competition", values | {"reward_amount": D("1600.00")}, instance=competition)
    assert vouchers_of("competition", competition)[1][2] == [
        ("50301", D("99.50"), D("0.00"), False, ""), ("101", D("0.00"), D("99.50"), False, "")]


def _lines(cast, pay):
    from gonghui.funds.tests.helpers import lines_of

    return lines_of(cast.ua, [("50301", "1500.50", ""), (pay, "", "1500.50")])


def test_a_deleted_entry_leaves_a_draft_undoing_what_was_booked(cast, entries):
    culture, competition = entries["culture"], entries["competition"]
    fix(cast, "culture", culture)
    services.entry_delete(actor=cast.chair_a, kind=get_kind("competition"), entry=competition)
    with unscoped("test"):
        assert not Voucher.objects.filter(source__startswith="ledgers.competition:").exists()
        pk = culture.pk
    services.entry_delete(actor=cast.chair_a, kind=get_kind("culture"), entry=culture)
    with unscoped("test"):
        undo = Voucher.objects.get(source=f"ledgers.culture:{pk}", state="draft")
        assert undo.source_label.startswith("（已删除）文体活动")
        assert [(ln.account.code, ln.debit, ln.credit) for ln in undo.lines.select_related("account")] == [
            ("102", D("2345.67"), D("0.00")), ("50102", D("0.00"), D("2345.67"))]


def _values(entry):
    return {"date": entry.date, "aid_type": entry.aid_type, "nature": entry.nature, "recipient": entry.recipient,
            "person_times": entry.person_times, "amount": entry.amount, "fund_source": entry.fund_source}
