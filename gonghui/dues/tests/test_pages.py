"""The 会费 pages and API on the hand-counted union (conftest.py): the same figures as the CLI."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.dues import selectors

D = dt.date


def test_the_pages_show_the_roll_filter_by_group_and_collect(hand_wages, login):
    h = hand_wages
    client = login(h.cast.finance_a)
    page = client.get(reverse("web:dues-roll"), {"org": "UA", "month": "2026-01"}).content.decode()
    assert "95.45" in page and "缺工资数据" in page and "王会员" in page
    assert h.wang.id_number not in page  # 财务 sees ID numbers masked
    group = client.get(reverse("web:dues-roll"), {"org": "UA", "month": "2026-01", "group": h.cast.ua_g2.pk})
    assert "周师傅" in group.content.decode() and "王会员" not in group.content.decode()
    r = client.post(reverse("web:dues-collect") + "?org=UA", {"month": "2026-01", "paid_on": "2026-01-25"})
    assert r.status_code == 302
    assert selectors.roll(org=h.ua, month=D(2026, 1, 1)).paid_total == selectors.roll(
        org=h.ua, month=D(2026, 1, 1)).due_total
    page = client.get(reverse("web:dues-roll"), {"org": "UA", "month": "2026-01"}).content.decode()
    collection = selectors.collection_list(viewer=h.cast.finance_a, org=h.ua).get()
    assert collection.voucher_id and reverse("web:funds-voucher-detail", args=[collection.voucher_id]) in page
    voucher = client.get(reverse("web:funds-voucher-detail", args=[collection.voucher_id])).content.decode()
    assert "会费收缴 2026-01-25" in voucher and "95.45" in voucher
    book = client.get(reverse("web:dues-roll-export"), {"org": "UA", "month": "2026-01"})
    assert book.status_code == 200 and book["Content-Disposition"].endswith(".xlsx")
    arrears = client.get(reverse("web:dues-arrears"), {"org": "UA", "as_of": "2026-03", "min": "2"})
    assert "钱新人" in arrears.content.decode()


def test_the_wage_page_checks_a_file_without_writing_it(hand, login):
    client = login(hand.cast.chair_a)
    r = client.post(reverse("web:dues-wages") + "?org=UA", {
        "month": "2026-01", "dry_run": "on", "file": SimpleUploadedFile("1月工资.csv", hand.wages_jan)})
    body = r.content.decode()
    assert "（试导入，未写入）新增 6 行" in body
    assert selectors.roll(org=hand.ua, month=D(2026, 1, 1)).missing_wages == 6


def test_the_api_answers_the_roll_as_the_cli_does(hand_wages, login):
    body = login(hand_wages.cast.chair_a).get("/api/v1/dues/roll", {"org": "UA", "month": "2026-02"}).json()
    assert (body["due_total"], body["members_due"], body["missing_wages"], body["exempt"]) == ("55.45", 3, 1, 1)
    assert {line["name"]: line["due"] for line in body["lines"]}["钱新人"] == "13.65"


def test_a_member_sees_their_own_dues_history(hand_wages, login):
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.dues import services

    h = hand_wages
    services.dues_collect(actor=SYSTEM, org=h.ua, month=D(2026, 1, 1), paid_on=D(2026, 1, 25))
    client = login(h.cast.member_a)  # 王会员
    body = client.get(f"/api/v1/dues/people/{h.wang.pk}/history").json()
    months = {m["month"]: (m["base"], m["due"], m["paid"]) for m in body["months"]}
    assert months["2026-01"] == ("4368.90", "21.80", "21.80")
    assert months["2026-03"] == ("4400.00", "22.00", "0.00")
    page = client.get(reverse("web:dues-person", args=[h.wang.pk])).content.decode()
    assert "4368.90" in page and "2026-01-25 21.80元" in page
    assert client.get(f"/api/v1/dues/people/{h.zhou.pk}/history").status_code == 404
