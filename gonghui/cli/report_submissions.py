"""`gonghui report task|submit|status|accept|return`: the reporting cycle from the shell (issue #17 §1).

    gonghui report task --org FED --period 2026H1 --deadline 2026-07-15 [--contents tables]
    gonghui report submit --org UA --period 2026H1 [--explain KEY=说明 ...] [--json]
    gonghui report status --org FED --period 2026H1 [--json]    # {"items": [{"org", "state", "source", ...}]}
    gonghui report accept --org UA --period 2026H1
    gonghui report return --org UA --period 2026H1 --reason 原因 [-o 退回.ghret]

Between installs (§2, packages/services.py): `key --org UA -o UA.pub` (this install's public key and fingerprint),
`package --org UA --period 2026H1 -o UA.ghpkg`, `trust --org UA UA.pub [--replace]` on the other install,
`receive FILE|FOLDER|ZIP [--json]` (a package on the federation's install, a return file on the union's).

Counts-only unions and the federation's own reports (§1, §2; counts_services.py, rollup_selectors.py, rollup_files.py):

    gonghui report counts --org FED --period 2026H1 FILE.xlsx [--json]      # one row per union of FED's task
    gonghui report counts --org UB --period 2026H1 --set workers=40 --set 会员人数=30 [--json]   # one union
    gonghui report counts --org FED --period 2026H1 --template -o 录入模板.xlsx
    gonghui report rollup --org FED --period 2026H1 --basis submitted|live -o 汇总.xlsx|汇总.docx

`counts --json` last line: {"entered": n, "items": [{"org", "version", "source": "counts", "values"}]}.

A submission is named by the union and the period: its place in the latest task for that period. `submit`
exits non-zero listing the failing checks when a 强制性 one fails or a 核实性 one has no explanation (each
failure shows its KEY for --explain). Kept beside the `report` command, which only wires the sub-commands.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.periods import parse_period
from gonghui.reports.submissions import selectors as sel
from gonghui.reports.submissions.models import SubmissionSource
from gonghui.reports.submissions.packages import services as packages
from gonghui.reports.submissions.packages.batch import packages_receive
from gonghui.reports.submissions.services import (
    report_task_create,
    submission_accept,
    submission_return,
    submission_submit,
)

ACTIONS = ("task", "submit", "status", "accept", "return", "key", "package", "trust", "receive", "counts", "rollup")
PACKAGE_SUFFIXES = (".ghpkg", ".ghret")


def add_submission_arguments(command, subs) -> None:
    for name, text in (("submit", "上报：逻辑检查通过后冻结本期全部指标数和报表文件"),
                       ("status", "查看上报情况（总工会：各单位；基层工会：本单位）"),
                       ("accept", "通过基层工会的上报（通过后锁定）"), ("return", "退回基层工会的上报")):
        sub = command.add_subcommand(subs, name, text)
        sub.add_argument("--org", required=True, help="组织代码")
        sub.add_argument("--period", required=True, help="期间，如 2026H1")
        if name == "submit":
            sub.add_argument("--explain", action="append", default=[], metavar="KEY=说明",
                             help="核实性检查的说明（KEY 见检查结果），可重复")
        if name in ("submit", "status"):
            sub.add_argument("--json", action="store_true", help="最后一行输出一个 JSON 对象")
        if name == "return":
            sub.add_argument("--reason", required=True, help="退回原因")
            sub.add_argument("-o", "--output", help="同时写出退回文件（.ghret），交基层工会用 report receive 导入")
    task = command.add_subcommand(subs, "task", "布置上报任务（总工会；默认下属全部基层工会）")
    task.add_argument("--org", required=True, help="布置单位（总工会）的组织代码")
    task.add_argument("--period", required=True, help="期间，如 2026H1")
    task.add_argument("--deadline", required=True, help="上报截止日期 YYYY-MM-DD")
    task.add_argument("--contents", choices=("summary", "tables", "both"), default="both",
                      help="上报内容：summary 工作总结、tables 统计报表、both 两者（默认）")
    task.add_argument("--title", default="", help="任务名称（默认按期间和内容生成）")
    key = command.add_subcommand(subs, "key", "导出本系统的公钥（交上级或下级登记），并显示公钥指纹")
    key.add_argument("--org", required=True, help="本单位的组织代码")
    key.add_argument("-o", "--output", required=True, help="公钥文件，如 UA.pub")
    pkg = command.add_subcommand(subs, "package", "把本单位已上报的版本导出为签名的上报包（.ghpkg）")
    pkg.add_argument("--org", required=True, help="组织代码")
    pkg.add_argument("--period", required=True, help="期间，如 2026H1")
    pkg.add_argument("-o", "--output", required=True, help="上报包文件，如 UA-2026H1.ghpkg")
    trust = command.add_subcommand(subs, "trust", "登记另一台电脑上某单位的公钥（首次登记即信任；仅管理员）")
    trust.add_argument("--org", required=True, help="该单位的组织代码")
    trust.add_argument("key_file", metavar="FILE.pub", help="对方用 report key 导出的公钥文件")
    trust.add_argument("--replace", action="store_true", help="该单位已登记了另一把公钥时，确认替换")
    rec = command.add_subcommand(subs, "receive", "导入上报包（总工会）或退回文件（基层工会）：一个文件或一个文件夹")
    rec.add_argument("path", metavar="FILE|FOLDER", help=".ghpkg/.ghret 文件，或存放它们的文件夹或 .zip 压缩包")
    rec.add_argument("--json", action="store_true", help="最后一行输出一个 JSON 对象")
    counts = command.add_subcommand(subs, "counts", "直接录入或导入尚未使用本系统的基层工会的指标数（总工会）")
    counts.add_argument("--org", required=True,
                        help="导入文件时：布置任务的总工会；用 --set 时：该基层工会")
    counts.add_argument("--period", required=True, help="期间，如 2026H1")
    counts.add_argument("file", nargs="?", metavar="FILE",
                        help=".xlsx/.csv：每个单位一行，列为组织代码、单位名称和各指标（名称或代码）")
    counts.add_argument("--set", action="append", default=[], metavar="指标=数值",
                        help="一个单位的一项指标（指标写名称或代码），可重复")
    counts.add_argument("--template", action="store_true", help="导出录入模板（与 -o 一起）")
    counts.add_argument("-o", "--output", help="录入模板文件，如 录入模板.xlsx")
    counts.add_argument("--json", action="store_true", help="最后一行输出一个 JSON 对象")
    roll = command.add_subcommand(subs, "rollup", "生成总工会本期汇总报表：统计表（.xlsx）或汇总情况（.docx）")
    roll.add_argument("--org", required=True, help="总工会的组织代码")
    roll.add_argument("--period", required=True, help="期间，如 2026H1")
    roll.add_argument("--basis", required=True, choices=("submitted", "live"),
                      help="submitted：用各单位的上报数（冻结）；live：用实时数。封面上写明所用口径")
    roll.add_argument("-o", "--output", required=True, help="输出文件：.xlsx 为统计表，.docx 为汇总情况")


def _pairs(items, wrong: str) -> dict:
    """{KEY: text} of repeated KEY=text options; `wrong` (with %(v)s) says how to write one that is not."""
    out = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise CommandError(wrong % {"v": item})
        out[key.strip()] = text
    return out


def _explanations(items) -> dict:
    return _pairs(items, _("--explain 要写成 KEY=说明（KEY 是检查结果中方括号里的8位代码）：%(v)s"))


def submission_run(command, action: str, *, org=None, period=None, json_out=False, explain=(), reason="",
                   **options):
    if action == "receive":
        return receive_run(command, options["path"], json_out=json_out)
    if action in ("counts", "rollup"):
        return rollup_run(command, action, org=org, period=period, json_out=json_out, **options)
    if action == "key":
        doc = packages.key_document(org=command.get_org(org))
        Path(options["output"]).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        command.stdout.write(_("公钥指纹：%(fp)s") % {"fp": doc["fingerprint"]})
        return _("已导出本系统公钥（%(org)s）：%(path)s。请把文件交给对方，并电话核对上面的指纹。") % {
            "org": doc["org"]["name"], "path": options["output"]}
    if action == "trust":
        target_org = command.get_org(org)
        row, how = packages.key_trust(actor=command.actor, org=target_org,
                                      document=Path(options["key_file"]).read_bytes(), replace=options["replace"])
        said = {"created": _("已登记"), "unchanged": _("已登记过同一把公钥，未改变"), "replaced": _("已替换")}[how]
        return _("%(how)s“%(org)s”的公钥，指纹：%(fp)s") % {"how": said, "org": target_org.name, "fp": row.fingerprint}
    span = parse_period(period)
    target_org = command.get_org(org)
    actor = command.actor
    if action == "task":
        try:
            deadline = dt.date.fromisoformat(options["deadline"])
        except ValueError:
            raise CommandError(_("--deadline 要写成 YYYY-MM-DD：%(v)s") % {"v": options["deadline"]}) from None
        task = report_task_create(actor=actor, org=target_org, title=options["title"], contents=options["contents"],
                                  period=span, deadline=deadline)
        return _("已布置“%(t)s”，%(n)d个单位须在%(d)s前上报。") % {
            "t": task.title, "n": task.targets.count(), "d": deadline.isoformat()}
    if action == "status":
        items = sel.status_items(viewer=actor, org=target_org, period=span, today=timezone.localdate())
        if json_out:
            command.stdout.write(json.dumps({"items": items}, ensure_ascii=False))
            return None
        for i in items:
            source = "" if i["source"] == "live" else f"（{SubmissionSource(i['source']).label}）"
            command.stdout.write(f"  {i['name']}（{i['org']}）：{i['state_label']}"
                                 + (f" 第{i['version']}版" if i["version"] else "") + source)
        return _("共%(n)d个单位。") % {"n": len(items)}
    target = sel.target_for(viewer=actor, org=target_org, period=span)
    if action == "submit":
        given = _explanations(explain)
        for row in sel.target_checks(viewer=actor, target=target):
            if not row.mandatory and row.key not in given:
                command.stderr.write(f"[{row.key}] {row.severity}：{row.failure}")
        sub = submission_submit(actor=actor, target=target, explanations=given)
        if json_out:
            command.stdout.write(json.dumps({"org": sub.org_code, "period": sub.period_code, "version": sub.version,
                                             "state": "submitted", "values": sub.values}, ensure_ascii=False))
            return None
        return _("已上报%(org)s%(period)s（第%(v)d版），本期%(n)d项指标已冻结。") % {
            "org": target.org.name, "period": span.label, "v": sub.version, "n": len(sub.values)}
    if action == "package":
        data = packages.package_build(actor=actor, target=target)
        Path(options["output"]).write_bytes(data)
        return _("已导出%(org)s%(period)s第%(v)d版上报包：%(path)s") % {
            "org": target.org.name, "period": span.label, "v": target.current.version, "path": options["output"]}
    if action == "accept":
        submission_accept(actor=actor, target=target)
        return _("已通过%(org)s%(period)s的上报，已锁定。") % {"org": target.org.name, "period": span.label}
    output = options.get("output")
    if not (output and target.state == "returned"):  # already returned: only write the file again
        submission_return(actor=actor, target=target, reason=reason)
    done = _("已退回%(org)s%(period)s的上报：%(r)s") % {"org": target.org.name, "period": span.label,
                                                   "r": target.return_reason or reason}
    if output:
        Path(output).write_bytes(packages.return_build(actor=actor, target=target))
        done += _("退回文件：%(path)s") % {"path": output}
    return done


def _package_files(path: Path) -> list[tuple[str, Callable[[], bytes]]]:
    """(name, read) of each package in a folder, a .zip of them, or the one file given."""
    if path.is_dir():
        return [(p.name, p.read_bytes) for p in sorted(path.iterdir())
                if p.is_file() and p.suffix.lower() in PACKAGE_SUFFIXES]
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise CommandError(_("“%(p)s”不是有效的 zip 文件。") % {"p": path}) from None
        names = sorted(n for n in archive.namelist() if Path(n).suffix.lower() in PACKAGE_SUFFIXES)
        return [(n, lambda n=n: archive.read(n)) for n in names]
    return [(path.name, path.read_bytes)]


def receive_run(command, path: str, *, json_out=False):
    """Each file whole or not at all (in batches: packages/batch.py); a refused one is listed with its reason
    and the rest go on."""
    from django.core.exceptions import ValidationError

    from gonghui.cli.base import validation_text

    files = _package_files(Path(path))
    counts = {packages.RECEIVED: 0, packages.UNCHANGED: 0, "refused": 0}
    errors = []
    with command.progress(_("导入上报包")) as progress:
        verdicts = packages_receive(actor=command.actor, files=files, progress=progress)
    for name, verdict in verdicts:
        if isinstance(verdict, str):
            counts[verdict] += 1
            continue
        counts["refused"] += 1
        reason = validation_text(verdict) if isinstance(verdict, ValidationError) else _("没有权限导入这个单位的上报。")
        errors.append({"file": name, "reason": reason})
    for e in errors:
        command.stderr.write(_("拒收 %(file)s：%(reason)s") % e)
    if json_out:
        command.stdout.write(json.dumps({**counts, "errors": errors}, ensure_ascii=False))
    summary = _("收到%(r)d个，未改变%(u)d个，拒收%(x)d个。") % {
        "r": counts[packages.RECEIVED], "u": counts[packages.UNCHANGED], "x": counts["refused"]}
    if counts["refused"]:
        raise CommandError(summary)
    if not files:
        raise CommandError(_("“%(p)s”中没有 .ghpkg 或 .ghret 文件。") % {"p": path})
    return None if json_out else summary


def _settings(items) -> dict:
    return {k: v.strip() for k, v in _pairs(items, _("--set 要写成 指标=数值（指标写名称或代码）：%(v)s")).items()}


def _issued_task(command, org, span):
    from django.core.exceptions import ValidationError

    from gonghui.reports.submissions.rollup_selectors import task_for

    task = task_for(viewer=command.actor, org=org, period=span)
    if task is None:
        raise ValidationError(_("“%(org)s”没有布置%(p)s的上报任务：请先用 report task 布置。")
                              % {"org": org.name, "p": span.label})
    return task


def rollup_run(command, action: str, *, org, period, json_out=False, **options):
    """`report counts` (a file of unions, or one union's --set) and `report rollup` (the federation's report)."""
    from gonghui.reports.submissions import counts_services, rollup_files
    from gonghui.reports.submissions.rollup_selectors import rollup

    span = parse_period(period)
    target_org = command.get_org(org)
    actor = command.actor
    if action == "rollup":
        output = Path(options["output"])
        kind = {".xlsx": "tables", ".docx": "summary"}.get(output.suffix.lower())
        if kind is None:
            raise CommandError(_("-o 的文件名要以 .xlsx（统计表）或 .docx（汇总情况）结尾：%(p)s") % {"p": output})
        r = rollup(viewer=actor, org=target_org, period=span, submitted=options["basis"] == "submitted",
                   task=_issued_task(command, target_org, span))
        write = rollup_files.rollup_tables_write if kind == "tables" else rollup_files.rollup_summary_write
        write(r, str(output))
        return _("已生成%(org)s%(p)s汇总报表（%(b)s）：%(path)s") % {
            "org": target_org.name, "p": span.label, "b": rollup_files.SHORT_BASIS[r.basis], "path": output}
    if options.get("template"):
        if not options.get("output"):
            raise CommandError(_("--template 要和 -o 一起用，如 -o 录入模板.xlsx"))
        task = _issued_task(command, target_org, span)
        Path(options["output"]).write_bytes(counts_services.counts_template(task=task))
        return _("已导出录入模板：%(p)s") % {"p": options["output"]}
    given = _settings(options.get("set") or [])
    if options.get("file") and given:
        raise CommandError(_("导入文件和 --set 只能选一种：文件用于多个单位，--set 用于一个单位。"))
    if options.get("file"):
        task = _issued_task(command, target_org, span)
        path = Path(options["file"])
        subs = counts_services.counts_import(actor=actor, task=task, source=str(path), name=path.name)
    elif given:
        target = sel.target_for(viewer=actor, org=target_org, period=span)
        subs = [counts_services.counts_enter(actor=actor, target=target, values=given)]
    else:
        raise CommandError(_("请给出要导入的文件，或用 --set 指标=数值 录入一个单位的数字。"))
    if json_out:
        command.stdout.write(json.dumps({"entered": len(subs), "items": [
            {"org": s.org_code, "version": s.version, "source": s.source, "values": s.values} for s in subs]},
            ensure_ascii=False))
        return None
    return _("已录入%(n)d个单位的数字（%(orgs)s），来源标为“总工会直接录入”。") % {
        "n": len(subs), "orgs": "、".join(f"{s.org_name}第{s.version}版" for s in subs)}
