"""`gonghui report indicators|summary|tables|template`: indicator values, the work summary (.docx) in the
template in force or the built-in layout, the upper union's tables (.xlsx), and the summary's Word template
(`template upload FILE --org`, `template show|delete|builtin --org`, `template example -o`).

On a federation that issued a reporting task for the period, `indicators` is its roll-up (issue #17 §2): live
unions live, unions whose numbers came as a package or as counts from those; `--submitted` takes frozen
numbers only; `--units` makes the JSON line {"org", "period", "basis", "task", "values", "sources", "units"}
(each union's "source": "live" | "package" | "counts"). The reporting cycle's sub-commands are in
cli/report_submissions.py."""

from __future__ import annotations

import json as jsonlib
from decimal import Decimal

from django.utils.translation import gettext as _

from gonghui.cli.base import GonghuiCommand
from gonghui.cli.report_submissions import ACTIONS as SUBMISSION_ACTIONS
from gonghui.cli.report_submissions import add_submission_arguments, submission_run
from gonghui.cli.report_template import add_template_arguments, template_run
from gonghui.indicators.registry import INDICATORS
from gonghui.reports.jobs import report_write
from gonghui.reports.submissions.models import SubmissionSource

SOURCE_LABELS = SubmissionSource.choices
from gonghui.reports.tables import tables_cli_write


def json_value(value):
    if isinstance(value, Decimal):
        # Money stays exact as a string ("1000.00"); only the one-decimal rate (入会率, a percentage, never
        # money) becomes a JSON number, as the API writes it.
        return str(value) if value.as_tuple().exponent == -2 else float(value)
    return value


class Command(GonghuiCommand):
    help = ("报表：按组织和期间计算指标（report indicators）、生成工作总结（report summary）与统计报表（report tables），"
            "管理工作总结的 Word 模板（report template）")
    uses_subcommands = True

    def add_arguments(self, parser):
        subs = parser.add_subparsers(dest="action", required=True,
                                     metavar="{indicators,summary,tables,template,task,submit,status,accept,return,"
                                             "key,package,trust,receive,counts,rollup}")
        ind = self.add_subcommand(subs, "indicators", "计算指标（总工会布置了本期上报任务时：汇总各基层工会）")
        self.add_scope_arguments(ind)
        ind.add_argument("--json", action="store_true", help="最后一行输出一个 JSON 对象：指标代码 -> 数值")
        ind.add_argument("--submitted", action="store_true",
                         help="只用上报数（各基层工会已上报、已通过的冻结数，含离线上报包和直接录入的数字）")
        ind.add_argument("--units", action="store_true",
                         help="与 --json 一起：输出汇总的口径和每个单位的数据来源（live/package/counts）")
        summ = self.add_subcommand(subs, "summary", "生成工作总结（Word .docx）")
        self.add_scope_arguments(summ)
        summ.add_argument("-o", "--output", required=True, help="输出文件，如 工作总结.docx")
        summ.add_argument("--builtin", action="store_true",
                          help="使用内置格式（党政机关公文格式），不用本单位或上级上传的 Word 模板")
        tab = self.add_subcommand(subs, "tables", "生成上级统计报表（Excel .xlsx），附逻辑检查")
        self.add_scope_arguments(tab)
        tab.add_argument("-o", "--output", required=True, help="输出文件，如 统计报表.xlsx")
        add_template_arguments(self, subs)
        add_submission_arguments(self, subs)

    @staticmethod
    def add_scope_arguments(parser):
        parser.add_argument("--org", required=True, help="组织代码（含其全部下级）")
        parser.add_argument("--period", help="期间：2026H1、2026H2、2026Q1～Q4、2026 或 2026-05")
        parser.add_argument("--from", dest="start", help="开始日期 YYYY-MM-DD（与 --to 一起代替 --period）")
        parser.add_argument("--to", dest="end", help="结束日期 YYYY-MM-DD")

    def do_tables(self, *, org, output, period=None, start=None, end=None, **options):
        span = self.span(period, start, end)
        target = self.get_org(org)
        failures = tables_cli_write(target, span, output)
        for failure in failures:
            self.stderr.write(_("逻辑检查未通过：%(f)s") % {"f": failure})
        return _("已生成%(org)s%(period)s统计报表：%(path)s（逻辑检查%(check)s）") % {
            "org": target.name, "period": span.label, "path": output,
            "check": _("全部通过") if not failures else _("有%(n)d项未通过") % {"n": len(failures)}}

    def do_summary(self, *, org, output, period=None, start=None, end=None, builtin=False, **options):
        span = self.span(period, start, end)
        target = self.get_org(org)
        # the same body as the web download: the officer's saved wording, in the template in force
        report_write("summary", org=target, period=span, target=output, viewer=self.actor, builtin=builtin)
        return _("已生成%(org)s%(period)s工作总结：%(path)s") % {"org": target.name, "period": span.label,
                                                        "path": output}

    def do_template(self, *, template_action, **options):
        return template_run(self, template_action, **options)

    def run(self, *args, action, **options):
        if action in SUBMISSION_ACTIONS:
            return submission_run(self, action, json_out=options.pop("json", False), **options)
        return getattr(self, f"do_{action}")(**options)

    def do_indicators(self, *, org, period=None, start=None, end=None, json: bool = False, submitted=False,
                      units=False, **options):
        from gonghui.reports.submissions.rollup_selectors import rollup

        span = self.span(period, start, end)
        target = self.get_org(org)
        r = rollup(viewer=self.actor, org=target, period=span, submitted=submitted)
        values = r.values
        if json:
            self.stdout.write(_rollup_json(r) if units else _json_line(values))
            return None  # the JSON object stays the last line
        else:
            self.stdout.write(_("%(org)s · %(period)s（%(a)s至%(b)s）") % {
                "org": target.name, "period": span.label, "a": span.start, "b": span.end})
            if r.task is not None:
                self.stdout.write(_("口径：%(b)s") % {"b": r.basis_label})
            for code, value in values.items():
                ind = INDICATORS[code]
                shown = "—" if value is None else value
                self.stdout.write(f"  {ind.name:<16}{shown} {ind.unit}".rstrip() + f"   [{code}]")
            for u in r.units:
                said = u.target.org.name + "（" + u.target.org.code + "）："
                said += (dict(SOURCE_LABELS)[u.source] + (f" 第{u.version}版" if u.frozen else "")) if u.included \
                    else _("未计入（%(s)s）") % {"s": u.target.get_state_display()}
                self.stdout.write("  " + said)
        return _("共%(n)d项指标。") % {"n": len(values)}


def _json_line(values: dict) -> str:
    return jsonlib.dumps({code: json_value(v) for code, v in values.items()}, ensure_ascii=False)


def _rollup_json(r) -> str:
    return jsonlib.dumps({"org": r.org.code, "period": r.period.code, "basis": r.basis,
                          "task": r.task.pk if r.task else None,
                          "values": {code: json_value(v) for code, v in r.values.items()},
                          "sources": r.sources(), "units": [u.as_dict() for u in r.units]}, ensure_ascii=False)
