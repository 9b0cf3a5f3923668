"""`gonghui createadmin`: the first superuser (or another one)."""

from __future__ import annotations

import getpass
import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.accounts import services
from gonghui.accounts.scoping import SYSTEM
from gonghui.cli.base import GonghuiCommand


class Command(GonghuiCommand):
    help = "创建超级管理员账号（不填密码时：在终端里提示输入，否则自动生成并显示一次）"
    accepts_as_user = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--username", default="admin", help="用户名（默认 admin）")
        parser.add_argument("--password", help="密码")
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                            help="不提示输入；不填密码时自动生成")

    def run(self, *args, username, password=None, interactive=True, **options):
        shown = None
        if not password:
            if interactive and sys.stdin.isatty():
                password = self.ask_password()
            else:
                password = shown = services.generate_password()
        services.user_create(actor=SYSTEM, username=username, password=password, is_superuser=True,
                             display_name=_("系统管理员"))
        if shown:
            self.stdout.write(_("密码（只显示这一次）：%(p)s") % {"p": shown})
        return _("已创建超级管理员“%(u)s”。") % {"u": username}

    def ask_password(self) -> str:
        for _attempt in range(3):
            first = getpass.getpass(_("密码："))
            second = getpass.getpass(_("再输入一次："))
            if first and first == second:
                return first
            self.stderr.write(_("两次输入不一致或为空，请重试。"))
        raise CommandError(_("三次输入均不一致，已放弃。"))
