"""物资台账 for the demo: the first demo union keeps sports equipment, 娱乐用具 and festival gifts in stock and a
few titles in its 职工书屋, bought two months back (their draft vouchers wait for finance), some issued, and two
books lent to members (one overdue), through the funds services like real work (actor=SYSTEM)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.funds import stock_selectors, stock_services
from gonghui.orgs.models import OrgKind
from gonghui.orgs.selectors import org_list
from gonghui.people.selectors import PersonFilters, person_list

# (category, name, unit, isbn, location, quantity, unit price, issued: (quantity, purpose, to))
ITEMS = [
    ("sports", "篮球", "个", "", "活动室器材柜", 10, "120.00", (4, "activity", "职工篮球友谊赛")),
    ("sports", "羽毛球拍", "副", "", "活动室器材柜", 8, "85.00", None),
    ("recreation", "中国象棋", "副", "", "职工之家", 6, "45.00", (1, "activity", "棋类比赛")),
    ("gifts", "中秋月饼礼盒", "盒", "", "工会仓库", 30, "120.00", (26, "welfare", "中秋节慰问会员")),
    ("books", "平凡的世界", "本", "9787530212200", "职工书屋A架", 3, "68.00", None),
    ("books", "劳动法律法规汇编", "本", "", "职工书屋B架", 2, "36.50", None),
]


class DemoStock:
    def __init__(self, *, federation, viewer=SYSTEM):
        unions = list(org_list(viewer=viewer, under=federation, kind=OrgKind.UNION))
        self.union = unions[0] if unions else None
        self.viewer = viewer

    def exist(self) -> bool:
        return self.union is None or stock_selectors.stock_list(viewer=self.viewer, org=self.union).exists()

    def build(self) -> int:
        today = timezone.localdate()
        bought, issued = today - dt.timedelta(days=60), today - dt.timedelta(days=45)
        books = []
        for category, name, unit, isbn, location, quantity, price, issue in ITEMS:
            item = stock_services.item_add(actor=SYSTEM, org=self.union, category=category, name=name, unit=unit,
                                           isbn=isbn, location=location)
            stock_services.stock_receive(actor=SYSTEM, item=item, date=bought, quantity=quantity,
                                         unit_price=Decimal(price))
            if issue:
                stock_services.stock_issue(actor=SYSTEM, item=item, date=issued, quantity=issue[0],
                                           purpose=issue[1], recipient=issue[2])
            if category == "books":
                books.append(item)
        members = list(person_list(viewer=self.viewer, filters=PersonFilters(org=self.union, work_status="active"))
                       .order_by("id").values_list("id", "name")[:2])
        for (person_id, name), book, lent in zip(members, books, (today - dt.timedelta(days=40),
                                                                  today - dt.timedelta(days=5)), strict=False):
            stock_services.book_lend(actor=SYSTEM, item=book, borrower=name, person_id=person_id, lent_on=lent,
                                     due_on=lent + dt.timedelta(days=30))
        return len(ITEMS)
