"""物资台账: 入库 (purchase drafts 借 expense / 贷 银行存款 and 借 库存物品 / 贷 资产基金—库存物品; donation only the
latter), 出库 never below what is on hand (at the moving average cost, 借 30101 / 贷 141), 盘点 with its reason,
book loans and the overdue list, and the 台账 .xlsx."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.scope_guard import unscoped
from gonghui.funds import stock_selectors as sel
from gonghui.funds import stock_services as s
from gonghui.funds.exporting import stock_xlsx
from gonghui.funds.models import StockMovement, Voucher

D = Decimal
day = dt.date.fromisoformat


def lines(movement):
    with unscoped("test"):
        voucher = Voucher.objects.get(source=f"funds.stock:{movement.pk}")
        return [(ln.account.code, ln.debit, ln.credit) for ln in voucher.lines.select_related("account")]


@pytest.fixture
def balls(cast):
    return s.item_add(actor=cast.finance_a, org=cast.ua, category="sports", name="篮球", unit="个",
                      location="活动室柜2")


def test_a_purchase_drafts_the_expense_and_the_stock_with_its_fund(cast, balls):
    m = s.stock_receive(actor=cast.finance_a, item=balls, date=day("2026-03-01"), quantity=10, unit_price=D("120.50"))
    assert (m.quantity_after, m.value_after) == (10, D("1205.00"))
    assert lines(m) == [("50102", D("1205.00"), 0), ("102", 0, D("1205.00")),
                        ("141", D("1205.00"), 0), ("30101", 0, D("1205.00"))]
    gift = s.stock_receive(actor=cast.chair_a, item=balls, date=day("2026-03-02"), quantity=2, unit_price=D("100"),
                           donated=True, source="市体育局")
    assert lines(gift) == [("141", D("200.00"), 0), ("30101", 0, D("200.00"))]
    with pytest.raises(ValidationError) as err:
        s.stock_receive(actor=cast.finance_a, item=balls, date=day("2026-03-03"), quantity=1, unit_price=D("5"),
                        expense_account="102")
    assert "不是本账套的末级支出科目" in " ".join(err.value.messages)
    with pytest.raises(PermissionDenied):
        s.stock_receive(actor=cast.auditor_a, item=balls, date=day("2026-03-03"), quantity=1, unit_price=D("5"))


def test_an_issue_is_never_below_zero_and_costs_the_moving_average(cast, balls):
    s.stock_receive(actor=cast.finance_a, item=balls, date=day("2026-03-01"), quantity=3, unit_price=D("100"))
    s.stock_receive(actor=cast.finance_a, item=balls, date=day("2026-03-05"), quantity=3, unit_price=D("110"))
    # 630 / 6 = 105 a ball; 4 out at 420, the last 2 take the 210 left.
    first = s.stock_issue(actor=cast.finance_a, item=balls, date=day("2026-04-01"), quantity=4,
                          purpose="activity", recipient="职工篮球赛")
    assert (first.amount, first.quantity_after, first.value_after) == (D("-420.00"), 2, D("210.00"))
    assert lines(first) == [("30101", D("420.00"), 0), ("141", 0, D("420.00"))]
    with pytest.raises(ValidationError) as err:
        s.stock_issue(actor=cast.finance_a, item=balls, date=day("2026-04-02"), quantity=3, purpose="person",
                      recipient="张三")
    assert "“篮球”在库2个，不能出库3个。" in err.value.messages
    with pytest.raises(ValidationError) as err:
        s.stock_issue(actor=cast.finance_a, item=balls, date=day("2026-03-30"), quantity=1, purpose="person",
                      recipient="张三")
    assert "不能早于该物品上一笔记录的日期2026-04-01" in " ".join(err.value.messages)
    s.stock_issue(actor=cast.finance_a, item=balls, date=day("2026-04-02"), quantity=2, purpose="person",
                  recipient="张三")
    with unscoped("test"):
        balls.refresh_from_db()
    assert (balls.quantity, balls.value) == (0, D("0.00"))


def test_a_stocktake_records_the_difference_with_its_reason(cast, balls):
    s.stock_receive(actor=cast.finance_a, item=balls, date=day("2026-03-01"), quantity=4, unit_price=D("100"))
    with pytest.raises(ValidationError) as err:
        s.stocktake(actor=cast.finance_a, item=balls, date=day("2026-12-20"), counted=3, reason="")
    assert "请填写盘点差异的原因。" in err.value.messages
    with pytest.raises(ValidationError):
        s.stocktake(actor=cast.finance_a, item=balls, date=day("2026-12-20"), counted=4, reason="年终盘点")
    loss = s.stocktake(actor=cast.finance_a, item=balls, date=day("2026-12-20"), counted=3, reason="损坏报废")
    assert (loss.recorded, loss.counted, loss.quantity, loss.amount) == (4, 3, -1, D("-100.00"))
    assert lines(loss) == [("182", D("100.00"), 0), ("141", 0, D("100.00")),
                           ("30101", D("100.00"), 0), ("182", 0, D("100.00"))]
    gain = s.stocktake(actor=cast.finance_a, item=balls, date=day("2026-12-21"), counted=5, reason="找回")
    assert (gain.quantity, gain.amount, gain.value_after) == (2, D("200.00"), D("500.00"))


def test_books_are_lent_returned_and_overdue_listed(cast):
    book = s.item_add(actor=cast.chair_a, org=cast.ua, category="books", name="平凡的世界", isbn="978-7-5302-1220-0",
                      location="书屋A架")
    assert book.unit == "本"
    s.stock_receive(actor=cast.finance_a, item=book, date=day("2026-02-01"), quantity=1, unit_price=D("68"))
    loan = s.book_lend(actor=cast.chair_a, item=book, borrower="王五", person_id=7, lent_on=day("2026-02-10"),
                       due_on=day("2026-03-10"))
    with pytest.raises(ValidationError) as err:
        s.book_lend(actor=cast.chair_a, item=book, borrower="赵六", lent_on=day("2026-02-11"), due_on=day("2026-03-11"))
    assert "《平凡的世界》在库0本（共1本，借出1本），暂无可借。" in err.value.messages
    with pytest.raises(ValidationError) as err:  # on loan is not on hand
        s.stock_issue(actor=cast.finance_a, item=book, date=day("2026-02-12"), quantity=1, purpose="other",
                      recipient="赠送")
    assert "在库0本" in " ".join(err.value.messages)
    overdue = sel.loan_list(viewer=cast.auditor_a, org=cast.ua, overdue_on=day("2026-03-11"))
    assert [(x.borrower, x.item.name) for x in overdue] == [("王五", "平凡的世界")]
    assert not sel.loan_list(viewer=cast.auditor_a, org=cast.ua, overdue_on=day("2026-03-10"))
    s.book_return(actor=cast.finance_a, loan=loan, date=day("2026-03-12"))
    with pytest.raises(ValidationError):
        s.book_return(actor=cast.finance_a, loan=loan, date=day("2026-03-13"))
    assert not sel.loan_list(viewer=cast.auditor_a, org=cast.ua)
    with pytest.raises(ValidationError):
        s.item_add(actor=cast.chair_a, org=cast.ua, category="books", name="X", isbn="12345")


def test_the_ledger_exports_items_and_movements(cast, balls):
    s.stock_receive(actor=cast.finance_a, item=balls, date=day("2026-03-01"), quantity=10, unit_price=D("120.50"))
    s.stock_issue(actor=cast.finance_a, item=balls, date=day("2026-04-01"), quantity=4, purpose="activity",
                  recipient="职工篮球赛")
    buf = io.BytesIO()
    stock_xlsx(viewer=cast.auditor_a, org=cast.ua, target=buf, on=day("2026-12-31"))
    book = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    ledger, moves = book["物资台账"], book["出入库明细"]
    assert ledger["A3"].value == "类别" and ledger["I3"].value == "库存金额"
    assert [c.value for c in ledger[4]] == ["体育器材", "篮球", None, "个", "活动室柜2", 6, 0, 6, 723]
    assert ledger["A5"].value == "合计" and ledger["I5"].value == 723
    assert ledger["A7"].value == "单位负责人："
    assert [c.value for c in moves[5]][1:8] == ["篮球", "领用出库", -4, 120.5, -482, "活动领用", "职工篮球赛"]
    with unscoped("test"):
        assert StockMovement.objects.count() == 2


def test_goods_given_in_a_welfare_issue_are_not_spent_twice(cast):
    from gonghui.funds import voucher_services as services
    from gonghui.funds.welfare_services import RecipientInput, welfare_issue

    gifts = s.item_add(actor=cast.finance_a, org=cast.ua, category="gifts", name="月饼礼盒", unit="盒")
    s.stock_receive(actor=cast.finance_a, item=gifts, date=day("2026-09-01"), quantity=3, unit_price=D("150"))
    issue = welfare_issue(actor=cast.chair_a, org=cast.ua, date=day("2026-09-20"), item="festival", form="goods",
                          summary="中秋慰问品", recipients=[RecipientInput("张三", D("150")), RecipientInput("李四", D("150"))])
    move = s.stock_issue(actor=cast.chair_a, item=gifts, date=day("2026-09-20"), quantity=2, purpose="",
                         welfare_issue=issue)
    assert (move.purpose, move.recipient, move.welfare_issue_id) == ("welfare", "中秋慰问品", issue.pk)
    with unscoped("test"):
        issue.refresh_from_db()
        assert not Voucher.objects.filter(source=f"funds.welfare:{issue.pk}").exists()  # its 50105/102 draft
    assert issue.voucher_id == move.voucher_id and lines(move) == [("30101", D("300.00"), 0), ("141", 0, D("300.00"))]
    # Once finance reviewed an issue's own voucher, the goods cannot be booked out against it.
    other = welfare_issue(actor=cast.chair_a, org=cast.ua, date=day("2026-09-21"), item="festival", form="goods",
                          summary="补发", recipients=[RecipientInput("王五", D("150"))])
    services.voucher_review(actor=cast.chair_a, voucher=other.voucher)
    with pytest.raises(ValidationError) as err:
        s.stock_issue(actor=cast.chair_a, item=gifts, date=day("2026-09-21"), quantity=1, purpose="",
                      welfare_issue=other)
    assert "请财务人员先红字冲销后再登记出库" in " ".join(err.value.messages)


def test_a_purchase_paid_by_a_voucher_of_the_books_drafts_the_stock_only(cast, balls):
    from gonghui.funds.tests.helpers import post

    paid = post(cast, "2026-03-01", "购篮球", [("50102", "500", ""), ("102", "", "500")])
    m = s.stock_receive(actor=cast.finance_a, item=balls, date=day("2026-03-01"), quantity=5, unit_price=D("100"),
                        paid_by=paid)
    assert (m.paid_by_id, m.recipient) == (paid.pk, "2026-03 记-1")
    assert lines(m) == [("141", D("500.00"), 0), ("30101", 0, D("500.00"))]
    found = sel.voucher_numbered(viewer=cast.auditor_a, org=cast.ua, text="2026-3 记-1")
    assert found == paid
    with pytest.raises(ValidationError) as err:
        sel.voucher_numbered(viewer=cast.auditor_a, org=cast.ua, text="2026-03 记-9")
    assert "没有2026年3月记-9号凭证" in " ".join(err.value.messages)
