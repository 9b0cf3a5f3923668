"""`gonghui ledger kinds|template|import|export`: the 工作台账 from the shell.

    gonghui ledger kinds [--json]
    gonghui ledger template meeting -o 会议台账.xlsx
    gonghui ledger import meeting 会议台账.xlsx --org UA [--dry-run] [--errors 未导入.xlsx] [--json]
    gonghui ledger export --org UA (--period 2026H1 | --from 2026-01-01 --to 2026-06-30) -o 台账.xlsx [--kind meeting]

`import` follows `roster import`: it exits 0 whenever the file was read (refused rows are reported, and --errors
writes them out with a 错误原因 column) and non-zero with a Chinese message when the file itself cannot be read
or the account may not write there. With --json its last line is one JSON object (created, updated,
unchanged, refused, merged, blank, footer, ...).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.cli.imports import ImportCommand, add_import_outputs, json_line, last_line
from gonghui.ledgers.excel import (
    ledger_export,
    ledger_import,
    ledger_summary,
    ledger_template,
)
from gonghui.ledgers.excel.spec import choice_labels, layout_of
from gonghui.ledgers.kinds import KINDS, Kind


def kinds_payload() -> list[dict]:
    """What `ledger kinds --json` prints: the column contract of every kind."""
    out = []
    for kind in KINDS.values():
        layout = layout_of(kind)
        out.append({
            "code": kind.code, "label": kind.label,
            "natural_key": [layout.column(name).header for name in kind.natural_key],
            "columns": [{"header": c.header, "field": c.field, "type": c.type, "required": c.required,
                         "choices": list(choice_labels(c))} for c in kind.columns],
        })
    return out


class Command(ImportCommand):
    help = "工作台账：列出种类（ledger kinds）、空白模板（template）、导入（import）、导出（export）"
    uses_subcommands = True

    def add_arguments(self, parser):
        subs = parser.add_subparsers(dest="action", required=True, metavar="{kinds,template,import,export}")
        kinds = self.add_subcommand(subs, "kinds", "列出台账种类及其列")
        kinds.add_argument("--json", action="store_true", help="输出一个 JSON 数组")

        tpl = self.add_subcommand(subs, "template", "生成某种台账的空白模板")
        tpl.add_argument("kind", help="台账代码，如 meeting（见 gonghui ledger kinds）")
        tpl.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")

        imp = self.add_subcommand(subs, "import", "导入某种台账（.xlsx/.xls/.csv）")
        imp.add_argument("kind", help="台账代码，如 meeting")
        imp.add_argument("file", help="台账文件")
        imp.add_argument("--org", required=True, help="导入到哪个组织（组织代码）")
        imp.add_argument("--dry-run", action="store_true", help="试导入：只检查和统计，不写入")
        add_import_outputs(imp)
        imp.add_argument("--sheet", help="工作表名称（默认与台账同名的工作表，否则第一个可见工作表）")

        exp = self.add_subcommand(subs, "export", "导出一个期间的台账（每种台账一个工作表）")
        exp.add_argument("--org", required=True, help="组织代码（含其全部下级）")
        exp.add_argument("--period", help="期间：2026H1、2026H2、2026Q1～Q4、2026 或 2026-05")
        exp.add_argument("--from", dest="start", help="开始日期 YYYY-MM-DD（与 --to 一起代替 --period）")
        exp.add_argument("--to", dest="end", help="结束日期 YYYY-MM-DD")
        exp.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")
        exp.add_argument("--kind", action="append", dest="kinds", metavar="KIND",
                         help="只导出这种台账（可重复；默认全部16种）")

    def run(self, *args, action, **options):
        return getattr(self, f"do_{action}")(**options)

    @staticmethod
    def get_kind(code: str) -> Kind:
        kind = KINDS.get((code or "").strip().lower())
        if kind is None:
            raise CommandError(_("没有代码为“%(c)s”的台账。可用的代码：%(codes)s。")
                               % {"c": code, "codes": "、".join(KINDS)})
        return kind

    def do_kinds(self, *, json=False, **options):
        payload = kinds_payload()
        if json:
            self.stdout.write(json_line(payload))
            return None
        for item in payload:
            columns = "、".join(c["header"] + ("*" if c["required"] else "") for c in item["columns"])
            self.stdout.write(f"{item['code']:<12}{item['label']}：{columns}")
        return _("共%(n)d种台账。") % {"n": len(payload)}

    def do_template(self, *, kind, output, **options):
        chosen = self.get_kind(kind)
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        ledger_template(kind=chosen, target=output)
        return _("%(k)s台账空白模板已写入 %(path)s。") % {"k": chosen.label, "path": output}

    def do_import(self, *, kind, file, org, dry_run=False, errors=None, json=False, sheet=None, **options):
        chosen = self.get_kind(kind)
        # Reading the org is enough here: whether the account may record ledgers there (a 小组长 in their own
        # group) is ledger_import's decision, answered with PermissionDenied.
        target = self.get_org(org)
        return self.run_import(
            lambda progress: ledger_import(actor=self.actor, kind=chosen, org=target, source=file, dry_run=dry_run,
                                           progress=progress, sheet=sheet),
            errors=errors, json=json,
            summary=lambda result: last_line(result, ledger_summary(result), _("没有导入任何记录")))

    def do_export(self, *, org, output, period=None, start=None, end=None, kinds=None, **options):
        span = self.span(period, start, end)
        chosen = [self.get_kind(k) for k in kinds] if kinds else None
        target = self.get_org(org)
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        label = span.label
        with self.progress(_("导出")) as progress:
            n = ledger_export(actor=self.actor, org=target, start=span.start, end=span.end, target=output,
                              kinds=chosen, label=label, progress=progress)
        sheets = len(chosen) if chosen else len(KINDS)
        return _("已导出“%(org)s”及其下级%(period)s的 %(n)d 条台账（%(s)d 个工作表）到 %(path)s。") % {
            "org": target.name, "period": label, "n": n, "s": sheets, "path": output}

