"""`gonghui report indicators`: every indicator of the registry for an org subtree and a period."""

from __future__ import annotations

import json as jsonlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.cli.base import GonghuiCommand, validation_text
from gonghui.cli.management.commands.org import parse_date
from gonghui.core.periods import parse_period
from gonghui.indicators.registry import INDICATORS, compute


def json_value(value):
    if isinstance(value, Decimal):
        # Money as "1000.00"; the one-decimal rate as a number.
        return str(value) if value.as_tuple().exponent == -2 else float(value)
    return value


class Command(GonghuiCommand):
    help = "报表：按组织和期间计算指标（report indicators）"
    uses_subcommands = True

    def add_arguments(self, parser):
        subs = parser.add_subparsers(dest="action", required=True, metavar="{indicators}")
        ind = self.add_subcommand(subs, "indicators", "计算指标")
        ind.add_argument("--org", required=True, help="组织代码（含其全部下级）")
        ind.add_argument("--period", help="期间：2026H1、2026H2、2026Q1～Q4、2026 或 2026-05")
        ind.add_argument("--from", dest="start", help="开始日期 YYYY-MM-DD（与 --to 一起代替 --period）")
        ind.add_argument("--to", dest="end", help="结束日期 YYYY-MM-DD")
        ind.add_argument("--json", action="store_true", help="最后一行输出一个 JSON 对象：指标代码 -> 数值")

    def run(self, *args, action, **options):
        return getattr(self, f"do_{action}")(**options)

    def do_indicators(self, *, org, period=None, start=None, end=None, json: bool = False, **options):
        if period and (start or end):
            raise CommandError(_("--period 与 --from/--to 只能二选一。"))
        try:
            span = parse_period(period, start=parse_date(start, _("开始日期")), end=parse_date(end, _("结束日期")))
        except ValidationError as exc:
            raise CommandError(validation_text(exc)) from None
        target = self.get_org(org)
        values = compute(target, span)
        if json:
            self.stdout.write(_json_line(values))
            return None  # the JSON object stays the last line
        else:
            self.stdout.write(_("%(org)s · %(period)s（%(a)s至%(b)s）") % {
                "org": target.name, "period": span.label, "a": span.start, "b": span.end})
            for code, value in values.items():
                ind = INDICATORS[code]
                shown = "—" if value is None else value
                self.stdout.write(f"  {ind.name:<16}{shown} {ind.unit}".rstrip() + f"   [{code}]")
        return _("共%(n)d项指标。") % {"n": len(values)}


def _json_line(values: dict) -> str:
    return jsonlib.dumps({code: json_value(v) for code, v in values.items()}, ensure_ascii=False)
