"""`gonghui demo`: fill the data dir with a realistic 区总工会 and three 基层工会, then serve."""

from __future__ import annotations

import time

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts import selectors as account_selectors
from gonghui.accounts import services as accounts
from gonghui.accounts.roles import Role
from gonghui.accounts.scoping import SYSTEM
from gonghui.cli import serving
from gonghui.cli.base import GonghuiCommand
from gonghui.cli.demo import data
from gonghui.cli.demo.build import DemoBuilder
from gonghui.cli.demo.dues import DemoDues
from gonghui.cli.demo.ledgers import DemoLedgers
from gonghui.cli.demo.notices import DemoNotices
from gonghui.cli.demo.outreach import DemoOutreach
from gonghui.cli.demo.requests import DemoRequests
from gonghui.cli.demo.stock import DemoStock
from gonghui.cli.management.commands.serve import add_serve_arguments, check_serve_options
from gonghui.orgs import selectors as org_selectors
from gonghui.people.selectors import PersonFilters, person_list

ADMIN = "admin"


class Command(GonghuiCommand):
    help = "生成演示数据（区总工会、三个基层工会及其职工、会籍、职务、账号），然后启动服务"
    accepts_as_user = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_serve_arguments(parser)
        parser.add_argument("--admin-password", help="超级管理员 admin 的密码（不填：新建时自动生成并显示一次）")
        parser.add_argument("--no-serve", action="store_false", dest="serve", help="只生成数据，不启动服务")
        parser.add_argument("--people", type=int, default=2000, help="职工人数（默认 %(default)s）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 %(default)s）")

    def run(self, *args, host, port, threads, worker, processes=1, admin_password=None, serve=True, people=2000, seed=2026,
            **options):
        if not 10 <= people <= 100_000:
            raise CommandError(_("--people 应在 10 到 100000 之间，现在是 %(n)d。") % {"n": people})
        if serve:
            check_serve_options(port=port, threads=threads, processes=processes)

        started = time.monotonic()
        with transaction.atomic():
            admin, shown_password = self.ensure_admin(admin_password)
            exists = org_selectors.org_list(viewer=self.viewer).filter(code=data.FEDERATION_CODE).exists()
            result = None
            demo_password = None
            if not exists:
                demo_password = accounts.generate_password()
                with self.progress(_("生成演示职工")) as progress:
                    builder = DemoBuilder(people_actor=admin, n_people=people, seed=seed, progress=progress)
                    result = builder.build(account_password=demo_password)
            # The ledgers are filled once, also into a demo made before they existed.
            fed = org_selectors.org_list(viewer=self.viewer).get(code=data.FEDERATION_CODE)
            ledgers = DemoLedgers(federation=fed, viewer=self.viewer, seed=seed)
            ledger_counts = None
            if not ledgers.exist():
                with self.progress(_("生成工作台账")) as progress:
                    ledger_counts = ledgers.build(progress=progress)
            # 会费 likewise: once, also into a demo made before the dues wing existed.
            dues = DemoDues(federation=fed, viewer=self.viewer, seed=seed)
            if not dues.exist():
                dues.build()
            else:
                dues.post_vouchers()  # a demo made before funds/: its collections' draft vouchers
            # 物资台账 (库存物品, 职工书屋) of the first union, once.
            stock = DemoStock(federation=fed, viewer=self.viewer)
            if not stock.exist():
                stock.build()
            # 网上入会 applications and the federation's reporting task, once.
            outreach = DemoOutreach(federation=fed, viewer=self.viewer)
            if not outreach.exist():
                with self.progress(_("生成入会申请和上报任务")) as progress:
                    progress(0, 1)
                    outreach.build()
                    progress(1, 1)
            DemoNotices(federation=fed, viewer=self.viewer).build_once()  # 通知公告, a vote, the 满意度测评
            DemoRequests().build_once()  # a member's 帮扶申请 and 金点子
        elapsed = time.monotonic() - started

        if shown_password:
            self.stdout.write(_("超级管理员：admin  密码：%(p)s （只显示这一次，请记下）") % {"p": shown_password})
        elif admin_password:
            self.stdout.write(_("超级管理员 admin 的密码已改为 --admin-password 所给的密码。"))
        if result is None:
            self.info(_("演示数据已存在（代码 %(code)s），未重复生成；admin 的密码未改动。") % {
                "code": data.FEDERATION_CODE})
        else:
            self.print_accounts(result.accounts, demo_password)
        if ledger_counts is not None and self.verbosity >= 1:
            self.stdout.write(_("已生成工作台账：%(n)d条，%(k)d类，%(a)s至%(b)s。") % {
                "n": sum(ledger_counts.values()), "k": len(ledger_counts), "a": ledgers.start.isoformat(),
                "b": ledgers.end.isoformat()})
        summary = self.summary(result, elapsed)
        if not serve:
            return summary
        self.stdout.write(summary)
        serving.serve(host=host, port=port, threads=threads, worker=worker, processes=processes, stdout=self.stdout,
                      verbosity=self.verbosity)
        return _("gonghui 已停止。")

    def ensure_admin(self, password: str | None):
        """The `admin` superuser: created when missing; its password changes only when one is given."""
        admin = account_selectors.user_list(viewer=self.viewer).filter(username=ADMIN).first()
        if admin is None:
            shown = None if password else accounts.generate_password()
            admin = accounts.user_create(actor=SYSTEM, username=ADMIN, password=password or shown,
                                         is_superuser=True, display_name=_("系统管理员"))
            return admin, shown
        if not admin.is_superuser:
            raise CommandError(_("已有名为 admin 的账号，但它不是超级管理员；演示数据需要 admin 为超级管理员。"))
        if password:
            accounts.password_reset(actor=SYSTEM, user=admin, new_password=password, force_change=False)
        return admin, None

    def print_accounts(self, rows, password: str) -> None:
        if self.verbosity < 1:
            return
        self.stdout.write(_("演示账号（密码均为 %(p)s，只显示这一次）：") % {"p": password})
        for username, role, org_name, display in rows:
            self.stdout.write(f"  {username:<10} {Role(role).label:<6} {org_name}  {display}")

    def summary(self, result, elapsed: float) -> str:
        fed = org_selectors.org_list(viewer=self.viewer).filter(code=data.FEDERATION_CODE).first()
        tree = org_selectors.org_list(viewer=self.viewer, under=fed)
        unions = tree.filter(kind="union").count()
        n_people = person_list(viewer=self.viewer, filters=PersonFilters(org=fed)).count()
        if result is None:
            return _("演示数据：%(fed)s，%(u)d个基层工会，%(o)d个组织，%(p)d名职工。") % {
                "fed": fed.name, "u": unions, "o": tree.count(), "p": n_people}
        return _("已生成演示数据：%(fed)s，%(u)d个基层工会，%(o)d个组织，%(p)d名职工，%(e)d条会籍变动，"
                 "%(pos)d个职务，%(a)d个演示账号，用时%(t).1f秒。") % {
            "fed": fed.name, "u": unions, "o": tree.count(), "p": n_people, "e": result.events,
            "pos": result.positions, "a": len(result.accounts), "t": elapsed}
