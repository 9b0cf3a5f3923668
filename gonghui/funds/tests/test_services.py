"""The voucher life (制单 -> 审核 -> 记账, red reversal), its checks, closing, opening balances, the chart."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.models import AuditEvent
from gonghui.core.scope_guard import unscoped
from gonghui.funds import book_services, closing_services, opening_services, voucher_services
from gonghui.funds.models import Account, Voucher
from gonghui.funds.selectors import trial_balance
from gonghui.funds.tests.helpers import account, lines_of, post

D = Decimal
FEE = [("102", "100", ""), ("401", "", "100")]


def draft(cast, rows=FEE, date="2026-02-01", actor=None):
    return voucher_services.voucher_save(actor=actor or cast.finance_a, org=cast.ua, date=dt.date.fromisoformat(date),
                                         summary="收会费", lines=lines_of(cast.ua, rows))


def messages(err) -> str:
    return " ".join(m for msgs in err.value.message_dict.values() for m in msgs)


def test_it_seeds_the_chart_once_with_names(cast):
    book_services.chart_ensure(org=cast.ua)
    book_services.chart_ensure(org=cast.ua)
    with unscoped("test"):
        accounts = {a.code: a for a in Account.objects.filter(org=cast.ua)}
    assert len(accounts) == 24 + 24 + 45
    assert str(accounts["50502"]) == "50502 会议"
    assert accounts["50502"].parent == accounts["505"] and not accounts["505"].is_leaf
    assert accounts["111"].county and not accounts["102"].county
    assert accounts["163"].side == "C"


def test_it_numbers_vouchers_per_month(cast):
    first, second = draft(cast), draft(cast)
    march = draft(cast, date="2026-03-02")
    assert (first.label, second.label, march.label) == ("记-1", "记-2", "记-1")


@pytest.mark.parametrize("rows, text", [
    ([("102", "100", ""), ("401", "", "90")], "借贷不平衡：借方合计100.00元，贷方合计90.00元，相差10.00元。"),
    ([("102", "100", "100"), ("401", "", "100")], "第1行分录的借方和贷方只能填一个。"),
    ([("102", "", ""), ("401", "", "100")], "第1行分录没有金额"),
    ([("102", "-5", ""), ("401", "", "-5")], "第1行分录的金额应大于0。"),
    ([("102", "100", ""), ("505", "", "100")], "第2行分录的科目“505 业务支出”有明细科目，请记到明细科目。"),
    ([("102", "100", ""), ("401", "", "100")][:1], "凭证至少要有一条借方分录和一条贷方分录。"),
])
def test_it_refuses_a_voucher_that_is_wrong(cast, rows, text):
    with pytest.raises(ValidationError) as err:
        draft(cast, rows)
    assert text in messages(err)


def test_earmarked_money_needs_a_project(cast):
    rows = lines_of(cast.ua, FEE)
    rows[1].earmarked = True
    with pytest.raises(ValidationError) as err:
        voucher_services.voucher_save(actor=cast.finance_a, org=cast.ua, date=dt.date(2026, 2, 1), summary="x", lines=rows)
    assert "第2行分录是专项资金，请填写项目名称。" in messages(err)


def test_only_finance_writes_and_the_maker_does_not_review(cast):
    for outsider in (cast.officer_a1, cast.auditor_a, cast.chair_a, cast.admin_b):
        with pytest.raises(PermissionDenied):
            draft(cast, actor=outsider)
    voucher = draft(cast)
    with pytest.raises(ValidationError) as err:
        voucher_services.voucher_review(actor=cast.finance_a, voucher=voucher)
    assert "不能审核自己制单的凭证" in messages(err)
    with pytest.raises(PermissionDenied):
        voucher_services.voucher_review(actor=cast.auditor_a, voucher=voucher)
    with pytest.raises(ValidationError):  # not reviewed yet
        voucher_services.voucher_post(actor=cast.finance_a, voucher=voucher)
    voucher_services.voucher_review(actor=cast.chair_a, voucher=voucher)
    posted = voucher_services.voucher_post(actor=cast.finance_a, voucher=voucher)
    assert (posted.state, posted.reviewed_by, posted.posted_by) == ("posted", cast.chair_a, cast.finance_a)
    with unscoped("test"):
        actions = list(AuditEvent.objects.filter(object_type="funds_voucher").order_by("id").values_list("action", flat=True))
    assert actions == ["create", "update", "update"]


def test_a_posted_voucher_is_only_reversed_by_a_red_voucher(cast):
    voucher = post(cast, "2026-02-01", "收会费", FEE)
    with pytest.raises(ValidationError):
        voucher_services.voucher_save(actor=cast.finance_a, org=cast.ua, date=dt.date(2026, 2, 1), summary="改",
                                      lines=lines_of(cast.ua, FEE), voucher=voucher)
    with pytest.raises(ValidationError):
        voucher_services.voucher_delete(actor=cast.finance_a, voucher=voucher)
    red = voucher_services.voucher_reverse(actor=cast.finance_a, voucher=voucher, date=dt.date(2026, 2, 5))
    assert red.kind == "reversal" and red.summary.startswith("冲销2026年2月记-1号凭证")
    with pytest.raises(ValidationError) as err:
        voucher_services.voucher_reverse(actor=cast.finance_a, voucher=voucher, date=dt.date(2026, 2, 5))
    assert "已被冲销过" in messages(err)
    with pytest.raises(ValidationError) as err:
        voucher_services.voucher_save(actor=cast.finance_a, org=cast.ua, date=dt.date(2026, 2, 5), summary="改",
                                      lines=lines_of(cast.ua, FEE), voucher=red)
    assert "红字冲销凭证照原凭证生成，不能修改" in messages(err)
    voucher_services.voucher_review(actor=cast.chair_a, voucher=red)
    voucher_services.voucher_post(actor=cast.finance_a, voucher=red)
    rows = {r.account.code: r for r in trial_balance(viewer=SYSTEM, org=cast.ua, start=dt.date(2026, 2, 1),
                                                     end=dt.date(2026, 2, 28), include_empty=True)}
    assert (rows["102"].debit, rows["102"].closing) == (0, 0)  # red ink: 发生额 reduced, not doubled


def test_a_closed_month_takes_no_voucher_and_waits_for_drafts(cast):
    draft(cast)
    with pytest.raises(ValidationError) as err:
        closing_services.month_close(actor=cast.finance_a, org=cast.ua, year=2026, month=2)
    assert "2026年2月还有1张凭证未记账" in messages(err)
    closing_services.month_close(actor=cast.finance_a, org=cast.ua, year=2026, month=1)
    with pytest.raises(ValidationError) as err:
        draft(cast, date="2026-01-31")
    assert "2026年1月已结账" in messages(err)


def test_the_year_close_refuses_while_drafts_remain(cast):
    draft(cast)
    with pytest.raises(ValidationError) as err:
        closing_services.year_close(actor=cast.finance_a, org=cast.ua, year=2026)
    assert "2026年还有1张凭证未记账" in messages(err)


def test_an_unbalanced_opening_is_refused_whole(cast):
    rows = [(account(cast.ua, "102"), D("100"), D("0")), (account(cast.ua, "32205"), D("0"), D("90"))]
    with pytest.raises(ValidationError) as err:
        opening_services.opening_set(actor=cast.finance_a, org=cast.ua, year=2026, rows=rows)
    assert "期初余额借贷不平衡：借方合计100.00元，贷方合计90.00元，相差10.00元。" in messages(err)
    rows = [(account(cast.ua, "102"), D("100"), D("0")), (account(cast.ua, "401"), D("0"), D("100"))]
    with pytest.raises(ValidationError) as err:
        opening_services.opening_set(actor=cast.finance_a, org=cast.ua, year=2026, rows=rows)
    assert "收入或支出类科目" in messages(err)


def test_a_union_adds_its_own_sub_account(cast):
    meeting = account(cast.ua, "50502")
    own = book_services.account_add(actor=cast.finance_a, org=cast.ua, parent=meeting, name="职代会")
    assert str(own) == "5050201 职代会"
    meeting.refresh_from_db()
    assert not meeting.is_leaf
    with pytest.raises(ValidationError):
        book_services.account_add(actor=cast.finance_a, org=cast.ua, parent=meeting, name="职代会")


def test_other_apps_post_drafts_linked_to_their_entry(cast):
    lines = [{"account": "102", "debit": D("300")}, {"account": "401", "credit": D("300")}]
    voucher = voucher_services.voucher_draft_from(actor=cast.officer_a1, org=cast.ua_b1, source="dues.collection:7",
                                                  source_label="2026年2月会费", date=dt.date(2026, 2, 3),
                                                  summary="收2月会费", lines=lines)
    assert (voucher.org, voucher.state, voucher.created_by, voucher.source) == (
        cast.ua, "draft", None, "dues.collection:7")
    lines[0]["debit"] = lines[1]["credit"] = D("320")
    again = voucher_services.voucher_draft_from(actor=cast.officer_a1, org=cast.ua, source="dues.collection:7",
                                                source_label="2026年2月会费", date=dt.date(2026, 2, 3),
                                                summary="收2月会费", lines=lines)
    assert again.pk == voucher.pk
    voucher_services.voucher_review(actor=cast.finance_a, voucher=again)  # made by the system: finance may review it
    with pytest.raises(ValidationError) as err:
        voucher_services.voucher_draft_from(actor=cast.officer_a1, org=cast.ua, source="dues.collection:7",
                                            source_label="2026年2月会费", date=dt.date(2026, 2, 3), summary="x", lines=lines)
    assert "已审核或记账" in messages(err)
    with unscoped("test"):
        assert Voucher.objects.filter(source="dues.collection:7").count() == 1


def test_a_reviewed_voucher_goes_back_to_draft_until_posted(cast):
    voucher = voucher_services.voucher_review(actor=cast.chair_a, voucher=draft(cast))
    back = voucher_services.voucher_unreview(actor=cast.chair_a, voucher=voucher)
    assert (back.state, back.reviewed_by) == ("draft", None)
    with pytest.raises(ValidationError):
        voucher_services.voucher_unreview(actor=cast.chair_a, voucher=back)
