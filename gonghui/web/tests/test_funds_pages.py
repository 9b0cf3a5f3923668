"""The 工会经费 pages: a voucher typed in, reviewed by the chair, posted; the books read by the 经审."""

import io

from openpyxl import load_workbook

from gonghui.accounts.scoping import SYSTEM
from gonghui.funds.selectors import voucher_list
from gonghui.funds.tests.helpers import account


def form(cast, **rows):
    data = {"org": "UA", "date": "2026-02-03", "summary": "收2月会费", "attachments": "1"}
    data.update({"account-0": account(cast.ua, "102").pk, "debit-0": "300",
                 "account-1": account(cast.ua, "401").pk, "credit-1": "300"})
    data.update(rows)
    return data


def test_a_voucher_goes_from_form_to_the_books(cast, client, login):
    finance = login(cast.finance_a)
    page = finance.get("/funds/vouchers/new/?org=UA")
    assert "50502 业务支出—会议" in page.content.decode()
    bad = finance.post("/funds/vouchers/new/?org=UA", form(cast, **{"credit-1": "200"}))
    assert "借贷不平衡：借方合计300.00元，贷方合计200.00元，相差100.00元。" in bad.content.decode()
    done = finance.post("/funds/vouchers/new/?org=UA", form(cast))
    voucher = voucher_list(viewer=SYSTEM, org=cast.ua).get()
    assert done.status_code == 302 and done["Location"] == f"/funds/vouchers/{voucher.pk}/"
    own = finance.post(f"/funds/vouchers/{voucher.pk}/review/", follow=True)
    assert "不能审核自己制单的凭证" in own.content.decode()

    chair = login(cast.chair_a)
    chair.post(f"/funds/vouchers/{voucher.pk}/review/")
    finance = login(cast.finance_a)
    posted = finance.post(f"/funds/vouchers/{voucher.pk}/post/", follow=True).content.decode()
    assert "凭证已记账。" in posted and "红字冲销" in posted

    auditor = login(cast.auditor_a)
    body = auditor.get(f"/funds/vouchers/{voucher.pk}/").content.decode()
    assert "102 银行存款" in body and "红字冲销" not in body and "张主席" in body
    st = auditor.get("/funds/statements/?org=UA&period=2026-02").content.decode()
    assert "资产负债表（工会01表）" in st and "会费收入" in st and "300.00" in st
    bal = auditor.get("/funds/balances/?org=UA&period=2026Q1").content.decode()
    assert "银行存款" in bal and "300.00" in bal
    xlsx = auditor.get("/funds/statements/?org=UA&period=2026&format=xlsx")
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    cells = {str(c).lstrip("\u3000") for row in book["工会02表"].iter_rows(values_only=True) for c in row if c}
    assert {"会费收入", "单位负责人：", "制表："} <= cells


def test_the_menu_shows_the_books_to_their_readers_only(cast, login):
    assert ">经费</a>" in login(cast.auditor_a).get("/").content.decode()
    assert ">经费</a>" not in login(cast.officer_a1).get("/").content.decode()


def test_the_bank_journal_opens_the_vouchers_behind_it(cast, login):
    from gonghui.funds.tests.helpers import build_year

    build_year(cast)
    body = login(cast.auditor_a).get("/funds/ledger/?org=UA&account=102&period=2026-03").content.decode()
    assert "日记账 · 102 银行存款" in body and "164000.00" in body and "133000.00" not in body
    assert body.count("/funds/vouchers/") == 3 and "136000.00" in body  # 164000 − 20000 − 5000 − 3000


def test_finance_adds_an_own_sub_account(cast, login):
    finance = login(cast.finance_a)
    meeting = account(cast.ua, "50502")
    page = finance.post("/funds/accounts/?org=UA", {"parent": meeting.pk, "name": "职代会"}, follow=True)
    body = page.content.decode()
    assert "已增设明细科目“5050201 职代会”" in body and "业务支出—会议—职代会" in body


def test_finance_imports_vouchers_from_a_file(cast, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.funds.tests.test_importing import GOOD, xlsx

    finance = login(cast.finance_a)
    upload = SimpleUploadedFile("凭证.xlsx", xlsx(GOOD))
    body = finance.post("/funds/import/?org=UA", {"file": upload, "dry_run": "1"}).content.decode()
    assert "（试导入，未写入）凭证：新增 3 张" in body
    upload = SimpleUploadedFile("凭证.xlsx", xlsx(GOOD))
    body = finance.post("/funds/import/?org=UA", {"file": upload, "post": "1"}).content.decode()
    assert "凭证：新增 3 张" in body
    assert voucher_list(viewer=SYSTEM, org=cast.ua, state="posted").count() == 3


def test_the_budget_execution_page_marks_an_overspent_line(cast, login):
    from gonghui.funds.tests.helpers import build_year
    from gonghui.funds.tests.test_budget import budget

    budget(cast)
    build_year(cast)
    body = login(cast.auditor_a).get("/funds/budget/?org=UA&year=2026").content.decode()
    assert "50502 会议" in body and "-200.00" in body and "已超支" in body and "120.0" in body


def test_the_books_reports_choose_their_period_from_the_picker(cast, login):
    client = login(cast.auditor_a)
    for url, code, id_ in (("/funds/statements/?org=UA&period=2026-02", "2026-02", "s-period"),
                           ("/funds/balances/?org=UA&period=2026Q1", "2026Q1", "b-period"),
                           ("/funds/ledger/?org=UA&account=102&period=2026", "2026", "l-period")):
        body = client.get(url).content.decode()
        assert f'<label for="{id_}">期间：</label><select name="period" id="{id_}" class="period-picker"' in body, url
        assert f'<option value="{code}" selected>' in body and 'placeholder="如 2026' not in body, url
