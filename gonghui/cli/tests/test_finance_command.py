"""`gonghui finance opening import | vouchers import | close | statements | balances` in-process."""

import json

import pytest
from django.core.management.base import CommandError
from openpyxl import load_workbook

from gonghui.cli.tests.helpers import run
from gonghui.funds.statements import BALANCE_SHEET
from gonghui.funds.tests.test_importing import GOOD, OPENING_HEADER, xlsx


@pytest.fixture
def files(tmp_path):
    opening = tmp_path / "期初.xlsx"
    opening.write_bytes(xlsx([["102", "银行存款", 1000, None], ["32205", "累计结余", None, 1000]], OPENING_HEADER))
    vouchers = tmp_path / "凭证.xlsx"
    vouchers.write_bytes(xlsx(GOOD))
    return opening, vouchers


def test_a_year_from_the_shell(cast, files, tmp_path):
    opening, vouchers = files
    out, _ = run("finance", "opening", "import", str(opening), "--org", "UA", "--year", "2026", "--json")
    assert json.loads(out) == {"accounts": 2, "debit": "1000.00", "credit": "1000.00"}
    out, _ = run("finance", "vouchers", "import", str(vouchers), "--org", "UA", "--dry-run", "--json")
    assert json.loads(out.splitlines()[-1])["created"] == 3
    out, _ = run("finance", "vouchers", "import", str(vouchers), "--org", "UA", "--post", "--json")
    last = json.loads(out.splitlines()[-1])
    assert {k: last[k] for k in ("created", "updated", "unchanged", "refused", "blank", "footer")} == {
        "created": 3, "updated": 0, "unchanged": 0, "refused": 0, "blank": 0, "footer": 1}
    out, _ = run("finance", "vouchers", "import", str(vouchers), "--org", "UA", "--post")
    assert "无变化 3 张" in out

    xlsx_out = tmp_path / "报表.xlsx"
    out, _ = run("finance", "statements", "--org", "UA", "--period", "2026-02", "--json", "-o", str(xlsx_out))
    payload = json.loads(out)
    assert list(payload["工会01表"]) == [name for name, _how in BALANCE_SHEET]
    assert payload["工会01表"]["货币资金"] == {"年初余额": "1000.00", "期末余额": "14700.00"}
    assert payload["工会02表"]["业务支出"] == {"本期数": "300.00", "本年累计数": "300.00"}
    assert payload["工会02表"]["收入合计"] == {"本期数": "0.00", "本年累计数": "14000.00"}
    book = load_workbook(xlsx_out)
    assert book.sheetnames == ["工会01表", "工会02表"]
    texts = [c for row in book["工会02表"].iter_rows(values_only=True) for c in row if c]
    assert "单位负责人：" in texts and "会计主管：" in texts and "制表：" in texts

    out, _ = run("finance", "balances", "--org", "UA", "--period", "2026Q1", "--json")
    rows = {r["科目代码"]: r for r in json.loads(out)}
    assert rows["505"] == {"科目代码": "505", "科目名称": "业务支出", "方向": "借", "期初余额": "0.00",
                           "借方发生额": "300.00", "贷方发生额": "0.00", "期末余额": "300.00"}

    out, _ = run("finance", "close", "--org", "UA", "--year", "2026")
    assert "2026年已年末结账" in out
    with pytest.raises(CommandError, match="2026年已年末结账"):
        run("finance", "close", "--org", "UA", "--year", "2026")


def test_it_refuses_a_period_that_is_not_a_month_or_year_and_a_reader(cast, files):
    with pytest.raises(CommandError, match="财务报表的期间应为某月"):
        run("finance", "statements", "--org", "UA", "--period", "2026H1")
    with pytest.raises(CommandError, match="没有权限"):
        run("finance", "vouchers", "import", str(files[1]), "--org", "UA", "--as-user", "qianjingshen")


def test_the_stock_ledger_from_the_shell(cast, tmp_path):
    import datetime as dt
    from decimal import Decimal

    from gonghui.funds import stock_services

    balls = stock_services.item_add(actor=cast.finance_a, org=cast.ua, category="sports", name="篮球", unit="个")
    stock_services.stock_receive(actor=cast.finance_a, item=balls, date=dt.date(2026, 3, 1), quantity=2,
                                 unit_price=Decimal("120.50"))
    target = tmp_path / "台账.xlsx"
    out, _ = run("finance", "stock", "--org", "UA", "--json", "-o", str(target))
    assert json.loads(out) == [{"类别": "体育器材", "品名": "篮球", "ISBN": "", "单位": "个", "存放位置": "",
                                "库存数量": 2, "借出": 0, "在库": 2, "库存金额": "241.00"}]
    assert load_workbook(target)["物资台账"]["B4"].value == "篮球"
