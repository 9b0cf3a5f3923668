"""`gonghui user add|grant|revoke|reset-password|deactivate|activate|unlock|list`: accounts and their roles from the shell."""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.accounts import selectors, services
from gonghui.accounts.roles import Role
from gonghui.cli.base import GonghuiCommand

ROLE_HELP = "角色：" + "、".join(f"{r.value} {r.label}" for r in Role)


def check_role(role: str) -> str:
    role = (role or "").strip()
    if role not in Role.values:
        raise CommandError(_("角色“%(r)s”无效，可选：%(all)s。") % {
            "r": role, "all": "、".join(f"{r.value}（{r.label}）" for r in Role)})
    return role


class Command(GonghuiCommand):
    help = "账号：新增、授权、收回授权、重置密码、列出"
    uses_subcommands = True

    def add_arguments(self, parser):
        subs = parser.add_subparsers(dest="action", required=True,
                                     metavar="{add,invite,grant,revoke,reset-password,deactivate,activate,unlock,list}")
        add = self.add_subcommand(subs, "add", "新增账号并授予一个角色")
        add.add_argument("--username", required=True, help="用户名")
        add.add_argument("--password", help="密码（不填则自动生成并显示一次）")
        add.add_argument("--role", required=True, help=ROLE_HELP)
        add.add_argument("--org", required=True, help="授权的组织代码（角色覆盖该组织及其下级）")
        add.add_argument("--name", default="", help="姓名")
        add.add_argument("--mobile", default="", help="手机号（也可用于登录）")
        add.add_argument("--person", default="", help="关联的职工身份证号（会员账号：本人只看自己的信息）")

        invite = self.add_subcommand(subs, "invite", "为会员开通账号（初始密码显示一次，首次登录须修改）")
        invite.add_argument("--org", required=True, help="组织代码：为该组织及其下级尚无账号的会员开通")
        invite.add_argument("--person", default="", help="只为这一位职工开通（身份证号）")

        for name, text in (("grant", "给账号增加一个角色"), ("revoke", "收回账号的一个角色")):
            sub = self.add_subcommand(subs, name, text)
            sub.add_argument("--username", required=True, help="用户名")
            sub.add_argument("--role", required=True, help=ROLE_HELP)
            sub.add_argument("--org", required=True, help="组织代码")

        reset = self.add_subcommand(subs, "reset-password", "重置密码（新密码显示一次，下次登录须修改）")
        reset.add_argument("--username", required=True, help="用户名")

        for name, text in (("deactivate", "停用账号（不能再登录，令牌全部吊销；账号和留痕保留）"),
                           ("activate", "重新启用已停用的账号")):
            sub = self.add_subcommand(subs, name, text)
            sub.add_argument("--username", required=True, help="用户名")

        unlock = self.add_subcommand(subs, "unlock", "解锁账号（登录失败次数清零，结束锁定或等待）")
        unlock.add_argument("--username", required=True, help="用户名")

        lst = self.add_subcommand(subs, "list", "列出账号及其角色")
        lst.add_argument("--json", action="store_true", help="输出 JSON")

    def run(self, *args, action, **options):
        return getattr(self, "do_" + action.replace("-", "_"))(**options)

    def do_deactivate(self, *, username, **options):
        user = services.user_deactivate(actor=self.actor, user=self.get_user(username))
        return _("已停用账号“%(u)s”，其API令牌已全部吊销。") % {"u": user.username}

    def do_activate(self, *, username, **options):
        user = services.user_reactivate(actor=self.actor, user=self.get_user(username))
        return _("已重新启用账号“%(u)s”。") % {"u": user.username}

    def do_unlock(self, *, username, **options):
        user = self.get_user(username)
        n = services.account_unlock(actor=self.actor, user=user)
        return _("已解锁账号“%(u)s”，清除了%(n)d次登录失败记录。") % {"u": user.username, "n": n}

    def get_person(self, id_number: str):
        from gonghui.people.selectors import person_by_id_number

        try:
            return person_by_id_number(viewer=self.viewer, id_number=id_number)
        except Http404:
            raise CommandError(_("没有找到身份证号为%(n)s的职工（或不在您的权限范围内）。") % {"n": id_number}) from None

    def do_add(self, *, username, password=None, role, org, name="", mobile="", person="", **options):
        role = check_role(role)
        target = self.get_org(org)
        linked = self.get_person(person) if person else None
        generated = not password
        password = password or services.generate_password()
        user = services.user_create(actor=self.actor, username=username, password=password,
                                    display_name=name or (linked.name if linked else ""), mobile=mobile,
                                    person=linked, grants=[(target, role)])
        if generated:
            self.stdout.write(_("初始密码（只显示这一次，请转交本人）：%(p)s") % {"p": password})
        return _("已新增账号“%(u)s”：%(org)s %(role)s。") % {
            "u": user.username, "org": target.name, "role": Role(role).label}

    def do_invite(self, *, org, person="", **options):
        from gonghui.people.invitations.services import member_invite, members_invite

        target = self.get_org(org)
        if person:
            invitations = [member_invite(actor=self.actor, person=self.get_person(person))]
        else:
            invitations = members_invite(actor=self.actor, org=target)
        for inv in invitations:
            self.stdout.write(f"{inv.person.name}\t{inv.person.org.name}\t{inv.username}\t{inv.password}")
        return _("已开通%(n)d个会员账号（初始密码只显示这一次，首次登录须修改）。") % {"n": len(invitations)}

    def do_grant(self, *, username, role, org, **options):
        role = check_role(role)
        target = self.get_org(org)
        user = self.get_user(username)
        services.grant_add(actor=self.actor, user=user, org=target, role=role)
        return _("已授予“%(u)s”：%(org)s %(role)s。") % {"u": user.username, "org": target.name,
                                                    "role": Role(role).label}

    def do_revoke(self, *, username, role, org, **options):
        role = check_role(role)
        target = self.get_org(org)
        user = self.get_user(username)
        deleted = services.grant_revoke(actor=self.actor, user=user, org=target, role=role)
        if not deleted:
            raise CommandError(_("账号“%(u)s”在“%(org)s”没有%(role)s角色，无需收回。") % {
                "u": user.username, "org": target.name, "role": Role(role).label})
        return _("已收回“%(u)s”：%(org)s %(role)s。") % {"u": user.username, "org": target.name,
                                                    "role": Role(role).label}

    def do_reset_password(self, *, username, **options):
        user = self.get_user(username)
        password = services.password_reset(actor=self.actor, user=user)
        self.stdout.write(_("新密码（只显示这一次，下次登录须修改）：%(p)s") % {"p": password})
        return _("已重置账号“%(u)s”的密码。") % {"u": user.username}

    def do_list(self, *, json: bool = False, **options):
        users = list(selectors.user_list(viewer=self.viewer).prefetch_related("grants__org"))
        rows = [
            {
                "username": u.username, "name": u.display_name, "mobile": u.mobile,
                "is_superuser": u.is_superuser, "is_active": u.is_active,
                "grants": [{"role": g.role, "org": g.org.code} for g in u.grants.all()],
            }
            for u in users
        ]
        if json:
            self.stdout.write(jsonlib_dumps(rows))
            return None
        for u in users:
            roles = "，".join(f"{g.org.name}[{g.org.code}] {g.get_role_display()}" for g in u.grants.all())
            flags = [_("超级管理员")] if u.is_superuser else []
            if not u.is_active:
                flags.append(_("已停用"))
            extra = f"（{'，'.join(flags)}）" if flags else ""
            self.stdout.write(f"{u.username}  {u.display_name}{extra}  {roles}")
        return _("共%(n)d个账号。") % {"n": len(users)}


def jsonlib_dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
