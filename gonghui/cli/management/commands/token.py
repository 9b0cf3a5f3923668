"""`gonghui token create|list|revoke`: personal API tokens."""

from __future__ import annotations

import json as jsonlib

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import selectors, services
from gonghui.cli.base import GonghuiCommand


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class Command(GonghuiCommand):
    help = "API 令牌：创建（只显示一次）、列出、吊销"
    uses_subcommands = True

    def add_arguments(self, parser):
        subs = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = self.add_subcommand(subs, "create", "创建令牌；请求时放在 Authorization: Bearer <令牌>")
        create.add_argument("--username", required=True, help="令牌所属账号")
        create.add_argument("--name", default="", help="令牌用途说明，如“财务对账脚本”")
        create.add_argument("--days", type=int, default=None, help="有效天数（不填或0表示长期有效）")
        lst = self.add_subcommand(subs, "list", "列出令牌（只显示前缀，不显示令牌本身）")
        lst.add_argument("--username", default="", help="只列出该账号的令牌")
        lst.add_argument("--json", action="store_true", help="输出 JSON")
        revoke = self.add_subcommand(subs, "revoke", "吊销令牌")
        revoke.add_argument("--username", required=True, help="令牌所属账号")
        revoke.add_argument("--prefix", required=True, help="令牌前缀（gonghui token list 中显示的前10位）")

    def run(self, *args, action, **options):
        return getattr(self, "do_" + action)(**options)

    def do_create(self, *, username, name="", days=None, **options):
        user = self.get_user(username)
        secret = services.token_create(actor=self.actor, user=user, name=name, expires_in_days=days)
        # The token alone on stdout, so `TOKEN=$(gonghui token create ... -v0)` captures it.
        self.stdout.write(secret)
        return _("已为账号“%(u)s”创建API令牌（只显示这一次，请妥善保存）。") % {"u": user.username}

    def do_list(self, *, username="", json=False, **options):
        user = self.get_user(username) if username else None
        tokens = list(selectors.token_list(viewer=self.viewer, user=user))
        rows = [{"username": t.user.username, "prefix": t.prefix, "name": t.name,
                 "created_at": _when(t.created_at), "last_used_at": _when(t.last_used_at),
                 "expires_at": _when(t.expires_at), "live": t.is_live()} for t in tokens]
        if json:
            self.stdout.write(jsonlib.dumps(rows, ensure_ascii=False))
            return None
        for r in rows:
            state = _("有效") if r["live"] else _("已失效")
            self.stdout.write(f"{r['username']}\t{r['prefix']}…\t{state}\t{r['name']}\t"
                              f"{_('创建')} {r['created_at']}\t{_('最近使用')} {r['last_used_at'] or '-'}\t"
                              f"{_('有效期至')} {r['expires_at'] or _('长期')}")
        return _("共%(n)d个令牌。") % {"n": len(rows)}

    def do_revoke(self, *, username, prefix, **options):
        user = self.get_user(username)
        n = services.token_revoke(actor=self.actor, user=user, prefix=prefix)
        return _("已吊销账号“%(u)s”的%(n)d个令牌。") % {"u": user.username, "n": n}
