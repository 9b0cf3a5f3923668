"""The 物资台账 pages: an item made, received, issued (refused above what is on hand, with the quantity), lent to a
member of the roster (a stranger refused), the overdue list, and the .xlsx download."""

import io

import openpyxl
from django.urls import reverse

from gonghui.core.scope_guard import unscoped
from gonghui.funds.models import BookLoan, StockItem


def test_an_item_is_kept_through_its_card(cast, login):
    client = login(cast.chair_a)
    response = client.post(reverse("web:funds-stock") + "?org=UA",
                           {"category": "books", "name": "平凡的世界", "location": "书屋A架"})
    assert response.status_code == 302
    with unscoped("test"):
        item = StockItem.objects.get()
    card = response["Location"]
    client.post(reverse("web:funds-stock-receive", args=[item.pk]),
                {"date": "2026-02-01", "quantity": "2", "unit_price": "68.00", "donated": "0"})
    page = client.post(reverse("web:funds-stock-issue", args=[item.pk]),
                       {"date": "2026-02-02", "quantity": "3", "purpose": "person", "recipient": "王会员"},
                       follow=True).content.decode()
    assert "“平凡的世界”在库2本，不能出库3本。" in page
    page = client.post(reverse("web:funds-stock-lend", args=[item.pk]),
                       {"borrower": "张三", "date": "2026-02-03", "due_on": "2026-03-03"}, follow=True).content.decode()
    assert "“张三”不在本会会员名册中" in page
    client.post(reverse("web:funds-stock-lend", args=[item.pk]),
                {"borrower": "王会员", "date": "2025-02-03", "due_on": "2025-03-03"})
    with unscoped("test"):
        assert BookLoan.objects.get().person_id == cast.wang_person.pk
    page = login(cast.auditor_a).get(card).content.decode()
    assert "购入入库" in page and "136.00" in page and "2026-02 记-1" in page and "王会员" in page
    assert "登记入库" not in page  # the 经审 reads only
    page = client.get(reverse("web:funds-stock-loans") + "?org=UA&overdue=1").content.decode()
    assert "平凡的世界" in page and "逾期" in page  # due 2025-03-03, long past
    listing = client.get(reverse("web:funds-stock") + "?org=UA").content.decode()
    assert "逾期未还 1 本" in listing and "136.00" in listing
    response = client.get(reverse("web:funds-stock") + "?org=UA&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["物资台账"]
    assert [c.value for c in sheet[4]] == ["图书（职工书屋）", "平凡的世界", None, "本", "书屋A架", 2, 1, 1, 136]


def test_goods_go_out_with_a_welfare_issue(cast, login):
    import datetime as dt
    from decimal import Decimal

    from gonghui.funds import stock_services as stock
    from gonghui.funds.welfare_services import RecipientInput, welfare_issue

    gifts = stock.item_add(actor=cast.finance_a, org=cast.ua, category="gifts", name="月饼礼盒", unit="盒")
    stock.stock_receive(actor=cast.finance_a, item=gifts, date=dt.date(2026, 9, 1), quantity=2,
                        unit_price=Decimal(150))
    issue = welfare_issue(actor=cast.chair_a, org=cast.ua, date=dt.date(2026, 9, 20), item="festival", form="goods",
                          summary="中秋慰问品", recipients=[RecipientInput("王会员", Decimal(150))])
    client = login(cast.chair_a)
    client.post(reverse("web:funds-stock-issue", args=[gifts.pk]),
                {"date": "2026-09-20", "quantity": "1", "purpose": "welfare", "welfare_issue": str(issue.pk)})
    page = client.get(reverse("web:funds-stock-item", args=[gifts.pk])).content.decode()
    assert "中秋慰问品" in page and reverse("web:funds-welfare-detail", args=[issue.pk]) in page


def test_the_list_and_the_card_take_the_same_queries_for_more_rows(cast, login, django_assert_max_num_queries):
    import datetime as dt
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.funds import stock_services as stock

    client = login(cast.auditor_a)

    def add(name):
        item = stock.item_add(actor=cast.finance_a, org=cast.ua, category="books", name=name)
        stock.stock_receive(actor=cast.finance_a, item=item, date=dt.date(2026, 3, 1), quantity=3,
                            unit_price=Decimal(10))
        stock.book_lend(actor=cast.finance_a, item=item, borrower="王会员", lent_on=dt.date(2026, 3, 2),
                        due_on=dt.date(2026, 4, 2))
        return item

    first = add("书一")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("web:funds-stock") + "?org=UA")
    with CaptureQueriesContext(connection) as card:
        client.get(reverse("web:funds-stock-item", args=[first.pk]))
    for n in range(3):
        item = add(f"书{n + 2}")
        stock.stock_issue(actor=cast.finance_a, item=item, date=dt.date(2026, 3, 3), quantity=1,
                          purpose="other", recipient="赠送")
    with django_assert_max_num_queries(len(one)):
        assert client.get(reverse("web:funds-stock") + "?org=UA").content.decode().count("书") >= 4
    with django_assert_max_num_queries(len(card)):
        client.get(reverse("web:funds-stock-item", args=[item.pk]))


def test_a_receipt_names_the_voucher_that_paid_it(cast, login):
    from gonghui.funds import stock_services as stock
    from gonghui.funds.tests.helpers import post

    post(cast, "2026-03-01", "购篮球", [("50102", "500", ""), ("102", "", "500")])
    balls = stock.item_add(actor=cast.finance_a, org=cast.ua, category="sports", name="篮球", unit="个")
    client = login(cast.finance_a)
    url = reverse("web:funds-stock-receive", args=[balls.pk])
    form = {"date": "2026-03-01", "quantity": "5", "unit_price": "100", "donated": "0"}
    page = client.post(url, {**form, "paid_by": "2026-03 记-7"}, follow=True).content.decode()
    assert "本账套没有2026年3月记-7号凭证。" in page
    page = client.post(url, {**form, "paid_by": "2026-03 记-1"}, follow=True).content.decode()
    assert "付款 <a" in page and "2026-03 记-1" in page and "2026-03 记-2" in page
