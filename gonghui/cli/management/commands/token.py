"""`gonghui token create`: a personal API token, shown once."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gonghui.accounts import services
from gonghui.cli.base import GonghuiCommand


class Command(GonghuiCommand):
    help = "API 令牌：为账号创建令牌（只显示一次）"
    uses_subcommands = True

    def add_arguments(self, parser):
        subs = parser.add_subparsers(dest="action", required=True, metavar="{create}")
        create = self.add_subcommand(subs, "create", "创建令牌；请求时放在 Authorization: Bearer <令牌>")
        create.add_argument("--username", required=True, help="令牌所属账号")
        create.add_argument("--name", default="", help="令牌用途说明，如“财务对账脚本”")

    def run(self, *args, action, username, name="", **options):
        user = self.get_user(username)
        secret = services.token_create(actor=self.actor, user=user, name=name)
        # The token alone on stdout, so `TOKEN=$(gonghui token create ... -v0)` captures it.
        self.stdout.write(secret)
        return _("已为账号“%(u)s”创建API令牌（只显示这一次，请妥善保存）。") % {"u": user.username}
