"""`gonghui finance ...`: the union's books (工会经费) from the shell.

    gonghui finance opening import FILE --org CODE --year YYYY [--json]
    gonghui finance vouchers import FILE --org CODE [--post] [--dry-run] [--errors F.xlsx] [--json]
    gonghui finance close --org CODE --year YYYY
    gonghui finance statements --org CODE --period P [--json] [-o F.xlsx]      P: 2026-06 or 2026
    gonghui finance balances --org CODE --period P [--json] [-o F.xlsx]        科目余额表, any period
    gonghui finance welfare --org CODE --year YYYY [--json]                     福利发放
    gonghui finance findings --org CODE --year YYYY [--json]                    经审 findings
    gonghui finance assets --org CODE [--on DATE] [--json]                      固定资产
    gonghui finance stock --org CODE [--json] [-o F.xlsx]                      物资台账 (库存物品, 职工书屋)

`vouchers import` follows `roster import` (exit 0 whenever the file was read; --json: last line one object with
the counts of vouchers created, updated, unchanged, refused and of rows blank, footer). `statements --json`
prints one object {"工会01表": {line: {"年初余额", "期末余额"}}, "工会02表": {line: {"本期数", "本年累计数"}}},
money as strings with two decimals. `welfare`, `findings` and `assets` print the API's records (funds/records.py):
--json one array, else a line per record.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.cli.imports import ImportCommand, add_import_outputs, json_line
from gonghui.funds.book_services import fen
from gonghui.funds.closing_services import year_close
from gonghui.funds.exporting import (
    BALANCE_COLUMNS,
    balance_row_values,
    statements_xlsx,
    stock_xlsx,
    trial_balance_xlsx,
)
from gonghui.funds.importing import opening_import, voucher_import, voucher_summary
from gonghui.funds.records import asset_records, finding_records, welfare_records
from gonghui.funds.statements import balances_for, statements_for
from gonghui.funds.stock_selectors import stock_list


class Command(ImportCommand):
    help = "工会经费账务：期初余额导入（opening import）、凭证导入（vouchers import）、年末结账（close）、" \
           "财务报表（statements）、科目余额表（balances）、福利发放（welfare）、经审意见（findings）、固定资产（assets）、" \
           "物资台账（stock）"
    uses_subcommands = True

    def add_arguments(self, parser):
        subs = parser.add_subparsers(dest="action", required=True,
                                     metavar="{opening,vouchers,close,statements,balances,welfare,findings,assets,stock}")
        opening = subs.add_parser("opening", help="期初余额").add_subparsers(dest="step", required=True,
                                                                           metavar="{import}")
        op = self.add_subcommand(opening, "import", "导入期初余额（科目代码、科目名称、借方余额、贷方余额）")
        op.add_argument("file", help="期初余额文件（.xlsx/.xls/.csv）")
        op.add_argument("--org", required=True, help="工会的组织代码")
        op.add_argument("--year", required=True, type=int, help="年度，如 2026")
        op.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

        vouchers = subs.add_parser("vouchers", help="记账凭证").add_subparsers(dest="step", required=True,
                                                                           metavar="{import}")
        imp = self.add_subcommand(vouchers, "import", "导入记账凭证（每行一条分录，同月同凭证号为一张凭证）")
        imp.add_argument("file", help="凭证文件（.xlsx/.xls/.csv）")
        imp.add_argument("--org", required=True, help="工会的组织代码")
        imp.add_argument("--post", action="store_true", help="导入即记账（由系统审核，审计记录注明）")
        imp.add_argument("--dry-run", action="store_true", help="试导入：只检查和统计，不写入")
        add_import_outputs(imp)

        close = self.add_subcommand(subs, "close", "年末结账：收入、支出转入工会资金结转/结余，并关闭该年度")
        close.add_argument("--org", required=True, help="工会的组织代码")
        close.add_argument("--year", required=True, type=int, help="年度，如 2026")

        st = self.add_subcommand(subs, "statements", "财务报表：工会01表 资产负债表、工会02表 收入支出表")
        st.add_argument("--org", required=True, help="工会的组织代码")
        st.add_argument("--period", required=True, help="月份（2026-06）或年度（2026）")
        st.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
        st.add_argument("-o", "--output", metavar="FILE.xlsx", help="写成可打印的 Excel 文件")

        bal = self.add_subcommand(subs, "balances", "科目余额表")
        bal.add_argument("--org", required=True, help="工会的组织代码")
        bal.add_argument("--period", required=True, help="期间：2026-06、2026Q2、2026H1 或 2026")
        bal.add_argument("--json", action="store_true", help="输出一个 JSON 数组")
        bal.add_argument("-o", "--output", metavar="FILE.xlsx", help="写成 Excel 文件")

        for name, text in (("welfare", "福利发放（一年）"), ("findings", "经审对本年凭证的审查意见")):
            sub = self.add_subcommand(subs, name, text)
            sub.add_argument("--org", required=True, help="工会的组织代码")
            sub.add_argument("--year", required=True, type=int, help="年度，如 2026")
            sub.add_argument("--json", action="store_true", help="输出一个 JSON 数组")
        assets = self.add_subcommand(subs, "assets", "固定资产及累计折旧")
        assets.add_argument("--org", required=True, help="工会的组织代码")
        assets.add_argument("--on", type=dt.date.fromisoformat, help="折旧算到这一天所在的月份（如 2026-12-31），默认今天")
        assets.add_argument("--json", action="store_true", help="输出一个 JSON 数组")
        stock = self.add_subcommand(subs, "stock", "物资台账：库存物品和职工书屋图书的数量、借出、在库和金额")
        stock.add_argument("--org", required=True, help="工会的组织代码")
        stock.add_argument("--json", action="store_true", help="输出一个 JSON 数组")
        stock.add_argument("-o", "--output", metavar="FILE.xlsx", help="写成 Excel 文件（台账和出入库明细）")

    def run(self, *args, action, step=None, **options):
        return getattr(self, f"do_{action}")(**options)

    def do_opening(self, *, file, org, year, json=False, **options):
        target = self.get_org(org)
        out = opening_import(actor=self.actor, org=target, year=year, source=file)
        if json:
            self.stdout.write(json_line(out))
            return None
        return _("已导入“%(o)s”%(y)d年期初余额：%(n)d 个科目，借方合计 %(d)s 元，贷方合计 %(c)s 元。") % {
            "o": target.name, "y": year, "n": out["accounts"], "d": out["debit"], "c": out["credit"]}

    def do_vouchers(self, *, file, org, post=False, dry_run=False, errors=None, json=False, **options):
        target = self.get_org(org)
        return self.run_import(
            lambda progress: voucher_import(actor=self.actor, org=target, source=file, post=post, dry_run=dry_run,
                                            progress=progress),
            errors=errors, json=json, summary=voucher_summary)

    def do_close(self, *, org, year, **options):
        target = self.get_org(org)
        made = year_close(actor=self.actor, org=target, year=year)
        return _("“%(o)s”%(y)d年已年末结账，生成结转凭证 %(v)s。") % {
            "o": target.name, "y": year, "v": "、".join(v.label for v in made) or _("（无收支，无需结转）")}

    def do_statements(self, *, org, period, json=False, output=None, **options):
        statements = statements_for(viewer=self.actor, org=self.get_org(org), period=period)
        if output:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            statements_xlsx(statements, output)
        if json:
            self.stdout.write(json_line(statements.as_dict()))
            return None
        for statement in (statements.balance_sheet, statements.income):
            self.stdout.write(f"{statement.code} {statement.title}（{statements.period.label}）")
            self.stdout.write("  ".join([_("项目"), *statement.columns]))
            for line in statement.lines:
                self.stdout.write("  ".join(["　" * line.indent + line.name,
                                             *(fen(line.values[c]) for c in statement.columns)]))
        if output:
            return _("报表已写入 %(p)s。") % {"p": output}
        return None

    def do_balances(self, *, org, period, json=False, output=None, **options):
        books, span, rows = balances_for(viewer=self.actor, org=self.get_org(org), period=period)
        if output:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            trial_balance_xlsx(rows, output, org_name=books.name, period_label=span.label)
        values = [balance_row_values(row) for row in rows]
        if json:
            self.stdout.write(json_line([
                dict(zip(BALANCE_COLUMNS, [v[0], row.account.name, v[2], *(fen(x) for x in v[3:])], strict=True))
                for row, v in zip(rows, values, strict=True)]))
            return None
        self.stdout.write("  ".join(BALANCE_COLUMNS))
        for v in values:
            self.stdout.write("  ".join([v[0], v[1], v[2], *(fen(x) for x in v[3:])]))
        return _("共%(n)d个科目（%(p)s）。") % {"n": len(rows), "p": span.label}

    def _records(self, records: list[dict], *, json: bool, what: str):
        if json:
            self.stdout.write(json_line(records))
            return None
        for record in records:
            self.stdout.write("  ".join(f"{k}：{v}" for k, v in record.items() if k != "发放名单" and v != ""))
        return _("共%(n)d条%(w)s。") % {"n": len(records), "w": what}

    def do_welfare(self, *, org, year, json=False, **options):
        records = welfare_records(viewer=self.actor, org=self.get_org(org), year=year)
        return self._records(records, json=json, what=_("福利发放"))

    def do_findings(self, *, org, year, json=False, **options):
        records = finding_records(viewer=self.actor, org=self.get_org(org), year=year)
        return self._records(records, json=json, what=_("经审意见"))

    def do_assets(self, *, org, on=None, json=False, **options):
        records = asset_records(viewer=self.actor, org=self.get_org(org), on=on or timezone.localdate())
        return self._records(records, json=json, what=_("固定资产"))

    def do_stock(self, *, org, json=False, output=None, **options):
        books = self.get_org(org)
        if output:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            stock_xlsx(viewer=self.actor, org=books, target=output, on=timezone.localdate())
        rows = [{"类别": str(i.get_category_display()), "品名": i.name, "ISBN": i.isbn, "单位": i.unit,
                 "存放位置": i.location, "库存数量": i.quantity, "借出": i.on_loan, "在库": i.on_hand,
                 "库存金额": fen(i.value)} for i in stock_list(viewer=self.actor, org=books)]
        if json:
            self.stdout.write(json_line(rows))
            return None
        for row in rows:
            self.stdout.write("  ".join(str(v) for v in row.values() if v != ""))
        return _("共%(n)d种物品。") % {"n": len(rows)} + (_("台账已写入 %(p)s。") % {"p": output} if output else "")
