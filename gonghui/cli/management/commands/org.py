"""`gonghui org add|list`: the org tree from the shell."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.cli.base import GonghuiCommand
from gonghui.core.scope_guard import unscoped
from gonghui.orgs import selectors, services
from gonghui.orgs.models import OrgKind
from gonghui.orgs.tree import ancestors


def parse_date(text: str | None, label: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(_("%(label)s“%(v)s”格式不对，请写成 YYYY-MM-DD，如 2020-05-01。")
                           % {"label": label, "v": text}) from None


class Command(GonghuiCommand):
    help = "组织：新增（org add）或列出（org list）工会组织"
    uses_subcommands = True

    def add_arguments(self, parser):
        subs = parser.add_subparsers(dest="action", required=True, metavar="{add,list}")
        add = self.add_subcommand(subs, "add", "新增一个组织")
        add.add_argument("--code", required=True, help="组织代码（统一社会信用代码，或上级分配的代码）")
        add.add_argument("--name", required=True, help="名称")
        add.add_argument("--kind", required=True, choices=OrgKind.values,
                         help="类型：federation 总工会、union 基层工会、branch 分会、group 工会小组")
        add.add_argument("--parent", help="上级组织代码（不填则为最上级）")
        add.add_argument("--founded", help="成立日期 YYYY-MM-DD")

        lst = self.add_subcommand(subs, "list", "列出组织（树形缩进，或 --json）")
        lst.add_argument("--json", action="store_true", help="输出 JSON")
        lst.add_argument("--under", help="只列出该组织及其下级")

    def run(self, *args, action, **options):
        return getattr(self, f"do_{action}")(**options)

    def do_add(self, *, code, name, kind, parent=None, founded=None, **options):
        founded_on = parse_date(founded, _("成立日期"))
        parent_org = self.get_org(parent, write=True, label=_("上级组织")) if parent else None
        if parent_org is None and not self.actor.is_superuser:
            # Only the system or a superuser may start a new top of the tree.
            raise PermissionDenied
        org = services.org_create(actor=self.actor, parent=parent_org, kind=kind, name=name, code=code,
                                  founded_on=founded_on)
        where = _("“%(p)s”下") % {"p": parent_org.name} if parent_org else _("最上级")
        return _("已在%(where)s新增%(kind)s“%(name)s”（代码 %(code)s）。") % {
            "where": where, "kind": org.get_kind_display(), "name": org.name, "code": org.code}

    def do_list(self, *, json: bool = False, under=None, **options):
        import json as jsonlib

        under_org = self.get_org(under) if under else None
        orgs = list(selectors.org_list(viewer=self.viewer, under=under_org))
        by_path = {o.path: o for o in orgs}
        steplen = orgs[0].steplen if orgs else 4
        base_depth = min((o.depth for o in orgs), default=1)
        if json:
            rows = []
            for o in orgs:
                parent = None
                if o.depth > 1:
                    with unscoped("an org's parent is named beside it"):
                        parent = by_path.get(o.path[:-steplen]) or ancestors(o).last()
                rows.append({"id": o.pk, "code": o.code, "name": o.name, "kind": o.kind,
                             "parent": parent.code if parent else None, "depth": o.depth, "status": o.status})
            self.stdout.write(jsonlib.dumps(rows, ensure_ascii=False, indent=2))
            return None
        for o in orgs:
            indent = "  " * (o.depth - base_depth)
            status = "" if o.is_active else _("（已撤销）")
            self.stdout.write(f"{indent}{o.name}  [{o.code}] {o.get_kind_display()}{status}")
        return _("共%(n)d个组织。") % {"n": len(orgs)}
