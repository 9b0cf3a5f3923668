"""`gonghui dues ...` end to end on the hand-counted union (conftest.py): every figure through the CLI's JSON."""

import json

import openpyxl
import pytest
from django.core.management.base import CommandError

from gonghui.cli.tests.helpers import run


def last_json(out):
    return json.loads(out.strip().splitlines()[-1])


def lines_of(payload):
    return {line["name"]: (line["base"], line["due"], line["paid"]) for line in payload["lines"]}


COUNTS = ("created", "updated", "unchanged", "refused", "blank", "footer")


@pytest.fixture
def files(hand, tmp_path):
    jan = tmp_path / "1月工资.csv"
    jan.write_bytes(hand.wages_jan)
    mar = tmp_path / "3月工资.csv"
    mar.write_bytes(hand.wages_mar)
    pay = tmp_path / "2月缴费.csv"
    pay.write_text(
        "姓名,身份证号码,工号,实缴金额,缴费日期,缴费方式\n"
        f"王会员,{hand.wang.id_number},,21.80,2026-03-05,现金\n"
        f"周师傅,{hand.zhou.id_number},,10.00,2026-03-05,现金\n"
        f"孙老李,{hand.sun.id_number},,25.00,2026-03-05,现金\n"
        f"李无薪,{hand.li.id_number},,5.00,2026-03-05,现金\n"
        f"吴非会,,A006,5.00,2026-03-05,现金\n"
        "合计,,,66.80,,\n", encoding="utf-8")
    return jan, mar, pay


def test_it_works_a_union_through_the_cli_to_the_fen(hand, files, tmp_path):
    jan, mar, pay = files
    out, _ = run("dues", "policy", "set", "--org", "UA", "--from", "2026-01", "--base", "岗位工资,薪级工资",
                 "--rate", "0.5%", "--rounding", "tail10", "--json")
    assert last_json(out)["base"] == ["岗位工资", "薪级工资"] and last_json(out)["rate"] == "0.005"
    out, _ = run("dues", "wages", "import", str(jan), "--org", "UA", "--month", "2026-01", "--json")
    assert {k: last_json(out)[k] for k in COUNTS} == {
        "created": 6, "updated": 0, "unchanged": 0, "refused": 0, "blank": 0, "footer": 2}
    out, _ = run("dues", "wages", "import", str(jan), "--org", "UA", "--month", "2026-01", "--json")
    assert last_json(out)["unchanged"] == 6 and last_json(out)["created"] == 0
    run("dues", "wages", "import", str(mar), "--org", "UA", "--month", "2026-03")

    out, _ = run("dues", "roll", "--org", "UA", "--month", "2026-01", "--json")
    roll = last_json(out)
    assert (roll["month"], roll["due_total"], roll["members_due"], roll["missing_wages"], roll["exempt"]) == (
        "2026-01", "95.45", 5, 1, 0)
    assert lines_of(roll)["王会员"] == ("4368.90", "21.80", "0.00")
    assert lines_of(roll)["李无薪"] == (None, "0.00", "0.00")
    assert {line["name"]: line["id_number"] for line in roll["lines"]}["王会员"] == hand.wang.id_number

    out, _ = run("dues", "collect", "--org", "UA", "--month", "2026-01", "--date", "2026-01-25")
    assert "5 人，合计 95.45 元" in out
    with pytest.raises(CommandError, match="没有尚欠的会费"):
        run("dues", "collect", "--org", "UA", "--month", "2026-01", "--date", "2026-01-25")

    out, _ = run("dues", "payments", "import", str(pay), "--org", "UA", "--month", "2026-02", "--json")
    result = last_json(out)
    assert {k: result[k] for k in COUNTS} == {
        "created": 2, "updated": 0, "unchanged": 0, "refused": 3, "blank": 0, "footer": 1}
    assert "孙老李在2026-02不需缴纳会费" in out and "李无薪在2026-02不需缴纳会费" in out
    out, _ = run("dues", "payments", "import", str(pay), "--org", "UA", "--month", "2026-02", "--json")
    assert (last_json(out)["created"], last_json(out)["unchanged"]) == (0, 2)

    out, _ = run("dues", "roll", "--org", "UA", "--month", "2026-02", "--json")
    feb = last_json(out)
    assert (feb["due_total"], feb["paid_total"], feb["members_due"], feb["exempt"]) == ("55.45", "31.80", 3, 1)
    assert lines_of(feb)["周师傅"] == ("4005.50", "20.00", "10.00")
    out, _ = run("dues", "roll", "--org", "UA", "--month", "2026-03", "--json")
    assert last_json(out)["due_total"] == "55.65"

    out, _ = run("dues", "arrears", "--org", "UA", "--as-of", "2026-03", "--min-months", "2", "--json")
    assert last_json(out) == {"items": [
        {"id_number": hand.zhou.id_number, "name": "周师傅", "months": ["2026-02", "2026-03"], "owed": "30.00"},
        {"id_number": hand.qian.id_number, "name": "钱新人", "months": ["2026-02", "2026-03"], "owed": "27.30"},
    ]}
    out, _ = run("dues", "arrears", "--org", "UA", "--as-of", "2026-03", "--json")
    assert [item["name"] for item in last_json(out)["items"]] == ["周师傅", "钱新人", "王会员"]

    book = tmp_path / "会费.xlsx"
    run("dues", "roll", "--org", "UA", "--month", "2026-02", "-o", str(book))
    wb = openpyxl.load_workbook(book)
    detail, summary = wb["会费收缴明细表"], wb["会费收缴汇总表"]
    assert [c.value for c in detail[2]] == ["序号", "工会小组", "姓名", "岗位工资", "薪级工资", "缴费基数", "应缴", "实缴",
                                             "欠缴", "备注"]
    rows = {r[2]: r for r in detail.iter_rows(min_row=3, values_only=True)}
    assert rows["周师傅"][3:9] == (3000, 1005.5, 4005.5, 20, 10, 10)
    assert rows["李无薪"][9] == "缺工资数据"
    assert rows[None][0] == "合计" and rows[None][6:9] == (55.45, 31.8, 23.65)
    totals = [r for r in summary.iter_rows(min_row=3, values_only=True) if r[0] == "共计"][0]
    assert totals == ("共计", 3, 55.45, 31.8, "57.3%")
    assert detail.page_setup.paperSize == 9


def test_it_refuses_a_policy_on_a_branch_and_a_bad_rate(hand):
    with pytest.raises(CommandError, match="会费标准按基层工会设置"):
        run("dues", "policy", "set", "--org", "UA-B1", "--from", "2026-01", "--base", "岗位工资")
    with pytest.raises(CommandError, match="费率“abc”无效"):
        run("dues", "policy", "set", "--org", "UA", "--from", "2026-01", "--base", "岗位工资", "--rate", "abc")


def test_it_lets_finance_but_not_an_auditor_set_the_policy(hand):
    run("dues", "policy", "set", "--org", "UA", "--from", "2026-04", "--base", "基本工资", "--as-user", "zhaocaiwu")
    with pytest.raises(CommandError, match="没有权限"):
        run("dues", "policy", "set", "--org", "UA", "--from", "2026-04", "--base", "基本工资",
            "--as-user", "qianjingshen")
