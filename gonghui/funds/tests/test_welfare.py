"""福利发放: checked against the yearly per-member limits (data with an effective year), no cash where the rules
forbid it, refused whole before saving; the issue posts its draft voucher 50105 / 102."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.scope_guard import unscoped
from gonghui.funds import welfare_services as w
from gonghui.funds.models import Voucher, WelfareIssue, WelfareItem
from gonghui.funds.welfare_services import RecipientInput as R

D = Decimal


def issue(cast, recipients, *, item=WelfareItem.BIRTHDAY, form="goods", date="2026-03-01", actor=None):
    return w.welfare_issue(actor=actor or cast.finance_a, org=cast.ua, date=dt.date.fromisoformat(date), item=item,
                           form=form, summary="会员生日蛋糕", recipients=recipients)


def test_an_issue_posts_its_draft_voucher_and_keeps_its_members(cast):
    made = issue(cast, [R("张三", D("200")), R("李四", D("150.50"))])
    assert made.total == D("350.50")
    with unscoped("test"):
        voucher = Voucher.objects.get(source=f"funds.welfare:{made.pk}")
        lines = [(ln.account.code, ln.debit, ln.credit) for ln in voucher.lines.select_related("account")]
    assert voucher.state == Voucher.State.DRAFT and made.voucher_id == voucher.pk
    assert lines == [("50105", D("350.50"), D("0")), ("102", D("0"), D("350.50"))]
    _issue, members = w.issue_get(viewer=cast.auditor_a, pk=made.pk)
    assert [(m.name, m.amount) for m in members] == [("张三", D("200")), ("李四", D("150.50"))]


def test_a_member_above_the_yearly_limit_is_refused_with_the_excess(cast):
    issue(cast, [R("张三", D("200"))], date="2026-02-01")
    with pytest.raises(ValidationError) as err:
        # 生日 ≤ 300 a member a year: 200 already + 150 = 350, 50 above; 李四 (150) is within.
        issue(cast, [R("张三", D("150")), R("李四", D("150"))], date="2026-09-01")
    text = " ".join(err.value.messages)
    assert "张三：2026年“生日慰问”每人限额300.00元，本年已发200.00元，本次150.00元，合计350.00元，超出50.00元" in text
    assert "李四" not in text
    with unscoped("test"):
        assert WelfareIssue.objects.count() == 1 and Voucher.objects.count() == 1  # nothing of it was saved
    # Another year starts again; within the limit passes.
    issue(cast, [R("张三", D("300"))], date="2027-01-05")
    issue(cast, [R("张三", D("100"))], date="2026-09-01")


def test_the_limits_are_data_with_an_effective_year(cast):
    w.limit_set(actor=cast.chair_a, org=cast.ua, item=WelfareItem.BIRTHDAY, year_from=2027, amount=D("400"),
                cash_allowed=False)
    assert w.limits_in_force(cast.ua, 2026)[WelfareItem.BIRTHDAY].amount == D("300")
    assert w.limits_in_force(cast.ua, 2027)[WelfareItem.BIRTHDAY].amount == D("400")
    issue(cast, [R("张三", D("400"))], date="2027-05-01")
    with pytest.raises(ValidationError):
        issue(cast, [R("张三", D("400"))], date="2026-05-01")
    with pytest.raises(PermissionDenied):
        w.limit_set(actor=cast.auditor_a, org=cast.ua, item=WelfareItem.BIRTHDAY, year_from=2027, amount=D("1"),
                    cash_allowed=False)


def test_no_cash_or_card_where_the_rules_forbid_it(cast):
    with pytest.raises(ValidationError) as err:
        issue(cast, [R("张三", D("100"))], item=WelfareItem.FESTIVAL, form="card")
    assert "“节日慰问品”不得发放购物卡" in " ".join(err.value.messages)
    issue(cast, [R("张三", D("500"))], item=WelfareItem.HOSPITAL, form="cash")  # 慰问金 for a hospital stay


def test_only_finance_or_the_chair_issue_and_lines_are_checked(cast):
    with pytest.raises(PermissionDenied):
        issue(cast, [R("张三", D("10"))], actor=cast.auditor_a)
    with pytest.raises(ValidationError) as err:
        issue(cast, [R("张三", D("10.001")), R("张三", D("5")), R("", D("1"))])
    text = " ".join(err.value.messages)
    assert "张三的金额应大于0" in text and "张三在本次发放中出现了两次" in text and "第3名发放对象没有姓名" in text
    assert issue(cast, [R("王五", D("10"))], actor=cast.chair_a).total == D("10")


def test_the_form_text_is_parsed_into_members():
    got, problems = w.parse_recipients("张三 200\n李四，150.5\n\n王五\n赵六 abc")
    assert [(r.name, r.amount) for r in got] == [("张三", D("200")), ("李四", D("150.5"))]
    assert problems == ["第4行“王五”应为“姓名 金额”。", "第5行的金额“abc”不是数字。"]


def test_an_issue_is_withdrawn_with_its_draft_but_not_once_reviewed(cast):
    from gonghui.funds import voucher_services

    first = issue(cast, [R("张三", D("300"))])
    w.welfare_issue_delete(actor=cast.chair_a, issue=first)
    with unscoped("test"):
        assert not WelfareIssue.objects.exists() and not Voucher.objects.exists()
    second = issue(cast, [R("张三", D("300"))])  # the limit is free again
    voucher_services.voucher_review(actor=cast.chair_a, voucher=second.voucher)
    with pytest.raises(ValidationError) as err:
        w.welfare_issue_delete(actor=cast.finance_a, issue=second)
    assert "不能撤销；请财务人员先红字冲销" in " ".join(err.value.messages)
