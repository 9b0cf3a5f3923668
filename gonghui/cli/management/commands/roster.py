"""`gonghui roster import|export|template`: the 花名册 from the shell.

    gonghui roster import 花名册.xlsx --org UA [--create-groups] [--accept-name-changes] [--dry-run]
                                         [--map 部门=组织代码 ...] [--errors 未导入.xlsx] [--json]
    gonghui roster export --org UA -o 花名册.xlsx [--unmasked]
    gonghui roster template -o 花名册模板.xlsx

`import` exits 0 whenever the file was read (refused rows are reported, and --errors writes them out with
a 错误原因 column); it exits non-zero with a Chinese message when the file itself cannot be read. With --json
its last line is one JSON object (created, updated, unchanged, refused, merged, blank, footer, ...).
A row whose ID number is stored under another name is refused (the refusal says so) unless
--accept-name-changes takes the file's names; the page's preview decides such rows one by one.
A 部门 the union lacks is told with the groups it probably means; --map 办公室=UA-G1 says which (remembered
for the union's next import, as the page's mapping step is).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.cli.imports import ImportCommand, add_import_outputs, last_line
from gonghui.people.roster.exporter import roster_export, roster_template
from gonghui.people.roster.importer import ACCEPT, roster_import


def summary(result) -> str:
    """The last line: the counts, said plainly when nothing was written although rows were refused."""
    return last_line(result, result.summary(), _("没有导入任何人"))


class Command(ImportCommand):
    help = "花名册：导入（roster import）、导出（roster export）或下载空白模板（roster template）"
    uses_subcommands = True

    def add_arguments(self, parser):
        subs = parser.add_subparsers(dest="action", required=True, metavar="{import,export,template}")
        imp = self.add_subcommand(subs, "import", "导入花名册（.xlsx/.xls/.csv）")
        imp.add_argument("file", help="花名册文件")
        imp.add_argument("--org", required=True, help="导入到哪个组织（组织代码）")
        imp.add_argument("--create-groups", action="store_true", help="“所在班组”中不存在的小组自动新建为工会小组")
        imp.add_argument("--accept-name-changes", action="store_true",
                         help="身份证号码已登记但姓名不同的行，采用文件中的姓名（默认不导入这些行）")
        imp.add_argument("--map", action="append", default=[], metavar="部门=组织代码", dest="group_map",
                         help="文件中的部门对应哪个组织（可重复；下次导入会记住），如 --map 办公室=UA-G1")
        imp.add_argument("--dry-run", action="store_true", help="试导入：只检查和统计，不写入")
        add_import_outputs(imp)
        imp.add_argument("--sheet", help="工作表名称（默认第一个可见工作表）")

        exp = self.add_subcommand(subs, "export", "导出花名册（含下级组织的全部人员）")
        exp.add_argument("--org", required=True, help="组织代码")
        exp.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")
        exp.add_argument("--unmasked", action="store_true", help="导出完整身份证号码和手机号（记入审计日志）")

        tpl = self.add_subcommand(subs, "template", "生成空白花名册模板")
        tpl.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")

    def run(self, *args, action, **options):
        return getattr(self, f"do_{action}")(**options)

    def do_import(self, *, file, org, create_groups=False, dry_run=False, errors=None, json=False, sheet=None,
                  accept_name_changes=False, group_map=(), **options):
        target = self.get_org(org, write=True)
        mapped = self.group_map(group_map)
        return self.run_import(
            lambda progress: roster_import(actor=self.actor, org=target, source=file, create_groups=create_groups,
                                           dry_run=dry_run, progress=progress, sheet=sheet,
                                           name_changes=ACCEPT if accept_name_changes else None,
                                           group_map=mapped or None),
            errors=errors, json=json, summary=summary)

    def group_map(self, pairs) -> dict[str, int]:
        """--map 部门=组织代码 (each org read through the scope: one the actor may write)."""
        out = {}
        for pair in pairs:
            name, sep, code = pair.partition("=")
            if not sep or not name.strip() or not code.strip():
                raise CommandError(_("--map 的格式是 部门=组织代码，如 --map 办公室=UA-G1；现在是“%(p)s”。") % {"p": pair})
            out[name.strip()] = self.get_org(code.strip(), write=True).pk
        return out

    def report_import(self, result) -> None:
        super().report_import(result)
        if result.dry_run:  # what the real import would change, field by field (50 rows unless -v 2)
            shown = result.changes if self.verbosity >= 2 else result.changes[:50]
            for change in shown:
                self.info(_("将更新 第%(r)d行 %(n)s：%(f)s") % {"r": change["row"], "n": change["name"], "f": "；".join(
                    f"{label} {old or '（空）'} → {new or '（空）'}" for label, old, new in change["fields"])})
            if result.changes_total > len(shown):
                self.info(_("……另有 %(n)d 人将更新。") % {"n": result.changes_total - len(shown)})
        for entry in (getattr(result, "groups", None) or {}).get("names", []):
            if entry.get("target") is None and entry.get("suggested_codes"):
                self.info(_("部门“%(n)s”（%(r)d行）可能是：%(s)s。确认后加 --map %(n)s=%(c)s 再导入（会记住）。") % {
                    "n": entry["name"], "r": entry["rows"], "s": "、".join(label for _pk, label in entry["suggestions"]),
                    "c": entry["suggested_codes"][0]})
        if result.extra.get("groups_created"):
            verb = _("将新建") if result.dry_run else _("已新建")
            self.info(_("%(v)s工会小组：%(g)s") % {"v": verb, "g": "、".join(result.extra["groups_created"])})

    def do_export(self, *, org, output, unmasked=False, **options):
        target = self.get_org(org)
        with self.progress(_("导出")) as progress:
            n = roster_export(actor=self.actor, org=target, target=output, unmasked=unmasked, progress=progress)
        return _("已导出“%(org)s”及其下级的 %(n)d 人到 %(path)s%(m)s。") % {
            "org": target.name, "n": n, "path": output, "m": "" if unmasked else _("（身份证号码、手机号已打码）")}

    def do_template(self, *, output, **options):
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        roster_template(target=output)
        return _("空白花名册模板已写入 %(path)s。") % {"path": output}

