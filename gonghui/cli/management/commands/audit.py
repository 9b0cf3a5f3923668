"""`gonghui audit export --org CODE --from D --to D -o FILE`: the audit trail of an org's subtree as .xlsx."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gonghui.accounts import services
from gonghui.cli.base import GonghuiCommand


class Command(GonghuiCommand):
    help = "操作留痕：导出"
    uses_subcommands = True

    def add_arguments(self, parser):
        subs = parser.add_subparsers(dest="action", required=True, metavar="{export}")
        exp = self.add_subcommand(subs, "export", "导出组织及其下级的操作留痕（.xlsx）")
        exp.add_argument("--org", required=True, help="组织代码")
        exp.add_argument("--period", help="期间，如 2026H1、2026Q2、2026、2026-05")
        exp.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="开始日期")
        exp.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="结束日期")
        exp.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")

    def run(self, *args, action, **options):
        return getattr(self, "do_" + action)(**options)

    def do_export(self, *, org, output, period=None, start=None, end=None, **options):
        target = self.get_org(org)
        span = self.span(period, start, end)
        n = services.audit_export(actor=self.actor, target=output, period=span, org=target)
        return _("已导出“%(org)s”及其下级%(p)s的操作留痕 %(n)d 条到 %(path)s。") % {
            "org": target.name, "p": span.label, "n": n, "path": output}
