"""`gonghui dues ...`: 会费 from the shell (a thin face over gonghui.dues).

    gonghui dues policy set --org UA --from 2026-01 --base 岗位工资,薪级工资 --rate 0.005 --rounding tail10
    gonghui dues wages import 工资.xlsx --org UA --month 2026-03 [--dry-run] [--errors F.xlsx] [--json]
    gonghui dues roll --org UA --month 2026-03 [--json] [-o 会费收缴表.xlsx]
    gonghui dues collect --org UA --month 2026-03 --date 2026-03-25
    gonghui dues payments import 缴费.xlsx --org UA --month 2026-03 [--dry-run] [--errors F.xlsx] [--json]
    gonghui dues arrears --org UA --as-of 2026-06 [--min-months 6] [--json]

Imports follow `roster import`: exit 0 whenever the file was read, the last line of --json is one object with
created, updated, unchanged, refused, blank, footer.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.cli.imports import ImportCommand, add_import_outputs, json_line
from gonghui.dues import imports, payloads, selectors, services
from gonghui.dues.excel import roll_workbook
from gonghui.dues.models import Frequency, Method, Rounding
from gonghui.dues.rules import money, month_label, parse_month

DATE_INVALID = _("日期“%(v)s”无效，请填写如 2026-03-25 的日期。")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError({"date": DATE_INVALID % {"v": value}}) from None


class Command(ImportCommand):
    help = "会费：设置标准（policy set）、导入工资（wages import）、月度应缴（roll）、代扣（collect）、导入缴费（payments import）、欠缴（arrears）"
    uses_subcommands = True

    def add_arguments(self, parser):
        subs = parser.add_subparsers(dest="action", required=True,
                                     metavar="{policy,wages,roll,collect,payments,arrears}")
        policy = subs.add_parser("policy", help="会费标准").add_subparsers(dest="sub", required=True, metavar="{set}")
        pset = self.add_subcommand(policy, "set", "设置基层工会的会费标准（自某月起生效）")
        pset.add_argument("--org", required=True, help="基层工会代码")
        pset.add_argument("--from", dest="month", required=True, metavar="YYYY-MM", help="起始月份")
        pset.add_argument("--base", required=True, help="缴费基数构成（工资项目列名，逗号分隔），如 岗位工资,薪级工资")
        pset.add_argument("--rate", default="0.005", help="费率，如 0.005 或 0.5%%（默认 0.005）")
        pset.add_argument("--rounding", default=Rounding.TAIL10, choices=Rounding.values,
                          help="tail10：基数尾数不足10元不计（默认）；tail100；none：会费四舍五入到分；yuan：到元")
        pset.add_argument("--frequency", default=Frequency.MONTHLY, choices=Frequency.values, help="收缴频次")
        pset.add_argument("--flat", action="append", default=[], metavar="用工形式=金额",
                          help="某类人员的定额月会费，如 劳务派遣=10（可重复）")
        pset.add_argument("--json", action="store_true", help="输出 JSON")

        wages = subs.add_parser("wages", help="工资数据").add_subparsers(dest="sub", required=True, metavar="{import}")
        self._import_args(self.add_subcommand(wages, "import", "导入某月工资表（.xlsx/.xls/.csv）"), "工资表文件")

        roll = self.add_subcommand(subs, "roll", "某月会费应缴、实缴、欠缴名单")
        roll.add_argument("--org", required=True, help="组织代码（基层工会、分会或小组）")
        roll.add_argument("--month", required=True, metavar="YYYY-MM")
        roll.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
        roll.add_argument("-o", "--output", metavar="FILE.xlsx", help="写出会费收缴明细表和汇总表")

        collect = self.add_subcommand(subs, "collect", "某月会费全部工资代扣（按应缴足额）")
        collect.add_argument("--org", required=True, help="组织代码")
        collect.add_argument("--month", required=True, metavar="YYYY-MM")
        collect.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="代扣日期")
        collect.add_argument("--json", action="store_true", help="输出 JSON")

        payments = subs.add_parser("payments", help="缴费").add_subparsers(dest="sub", required=True,
                                                                         metavar="{import}")
        self._import_args(self.add_subcommand(payments, "import", "导入某月缴费名单（身份证号码/工号、实缴金额、缴费日期）"),
                          "缴费名单文件")

        arrears = self.add_subcommand(subs, "arrears", "欠缴会费名单")
        arrears.add_argument("--org", required=True, help="组织代码")
        arrears.add_argument("--as-of", required=True, metavar="YYYY-MM", help="截至月份（含）")
        arrears.add_argument("--min-months", type=int, default=1, help="至少欠缴几个月（章程“六个月未缴”即 6）")
        arrears.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    @staticmethod
    def _import_args(parser, file_help: str) -> None:
        parser.add_argument("file", help=file_help)
        parser.add_argument("--org", required=True, help="基层工会代码")
        parser.add_argument("--month", required=True, metavar="YYYY-MM", help="所属月份")
        parser.add_argument("--dry-run", action="store_true", help="试导入：只检查和统计，不写入")
        parser.add_argument("--sheet", help="工作表名称（默认第一个可见工作表）")
        add_import_outputs(parser)

    def run(self, *args, action, sub=None, **options):
        return getattr(self, f"do_{action}" + (f"_{sub}" if sub else ""))(**options)

    def do_policy_set(self, *, org, month, base, rate, rounding, frequency, flat, json=False, **options):
        flats = {}
        for item in flat:
            key, _sep, amount = item.partition("=")
            flats[key.strip()] = amount.strip()
        policy = services.policy_set(actor=self.actor, org=self.get_org(org), month=parse_month(month, "from"),
                                     base_components=base, rate=rate, rounding=rounding, frequency=frequency,
                                     flat_amounts=flats)
        if json:
            self.stdout.write(json_line(payloads.policy_payload(policy)))
            return None
        return _("“%(org)s”自%(m)s起：缴费基数 = %(base)s，费率 %(rate)s，%(r)s，%(f)s。") % {
            "org": policy.org.name, "m": month_label(policy.effective_from), "base": " + ".join(policy.base_components),
            "rate": policy.rate.normalize(), "r": policy.get_rounding_display(), "f": policy.get_frequency_display()}

    def _run_import(self, fn, *, file, org, month, dry_run=False, sheet=None, errors=None, json=False, **options):
        target, month = self.get_org(org), parse_month(month)
        return self.run_import(
            lambda progress: fn(actor=self.actor, org=target, month=month, source=file, dry_run=dry_run,
                                progress=progress, sheet=sheet),
            errors=errors, json=json, summary=imports.summary)

    def do_wages_import(self, **options):
        return self._run_import(imports.wages_import, **options)

    def do_payments_import(self, **options):
        return self._run_import(imports.payments_import, **options)

    def do_roll(self, *, org, month, json=False, output=None, **options):
        target = self.get_org(org)
        roll = selectors.roll(org=target, month=parse_month(month))
        if output:
            roll_workbook(roll, output)
            self.info(_("会费收缴明细表和汇总表已写入 %(p)s。") % {"p": output})
        if json:
            self.stdout.write(json_line(payloads.roll_payload(roll)))
            return None
        return _("%(org)s %(m)s：应缴 %(due)s 元（%(n)d 人），实缴 %(paid)s 元，欠缴 %(owed)s 元；缺工资数据 %(miss)d 人，"
                 "保留会籍免缴 %(ex)d 人。") % {
            "org": target.name, "m": month_label(roll.month), "due": money(roll.due_total), "n": roll.members_due,
            "paid": money(roll.paid_total), "owed": money(roll.owed_total), "miss": roll.missing_wages,
            "ex": roll.exempt}

    def do_collect(self, *, org, month, date, json=False, **options):
        collection = services.dues_collect(actor=self.actor, org=self.get_org(org), month=parse_month(month),
                                           paid_on=_date(date), method=Method.DEDUCTION)
        if json:
            self.stdout.write(json_line(payloads.collection_payload(collection)))
            return None
        return _("%(m)s会费已代扣：%(n)d 人，合计 %(t)s 元（%(d)s）。") % {
            "m": month_label(collection.month), "n": collection.payments, "t": money(collection.total),
            "d": collection.paid_on.isoformat()}

    def do_arrears(self, *, org, as_of, min_months=1, json=False, **options):
        items = selectors.arrears(org=self.get_org(org), as_of=parse_month(as_of, "as_of"), min_months=min_months)
        if json:
            self.stdout.write(json_line(payloads.arrears_payload(items)))
            return None
        for item in items:
            self.info(f"{item.name}\t{'、'.join(month_label(m) for m in item.months)}\t{money(item.owed)}")
        return _("欠缴%(n)d个月及以上的会员 %(c)d 人。") % {"n": max(1, min_months), "c": len(items)}
