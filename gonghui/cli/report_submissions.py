"""`gonghui report submit|status|accept|return`: the reporting cycle from the shell (issue #17 §1).

    gonghui report submit --org UA --period 2026H1 [--explain KEY=说明 ...] [--json]
    gonghui report status --org FED --period 2026H1 [--json]    # {"items": [{"org", "state", "source", ...}]}
    gonghui report accept --org UA --period 2026H1
    gonghui report return --org UA --period 2026H1 --reason 原因

A submission is named by the union and the period: its place in the latest task for that period. `submit`
exits non-zero listing the failing checks when a 强制性 one fails or a 核实性 one has no explanation (each
failure shows its KEY for --explain). Kept beside the `report` command, which only wires the sub-commands.
"""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.periods import parse_period
from gonghui.reports.submissions import selectors as sel
from gonghui.reports.submissions.services import submission_accept, submission_return, submission_submit

ACTIONS = ("submit", "status", "accept", "return")


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


def _explanations(items) -> dict:
    out = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise CommandError(_("--explain 要写成 KEY=说明（KEY 是检查结果中方括号里的8位代码）：%(v)s") % {"v": item})
        out[key.strip()] = text
    return out


def submission_run(command, action: str, *, org, period, json_out=False, explain=(), reason="", **options):
    span = parse_period(period)
    target_org = command.get_org(org)
    actor = command.actor
    if action == "status":
        items = sel.status_items(viewer=actor, org=target_org, period=span, today=timezone.localdate())
        if json_out:
            command.stdout.write(json.dumps({"items": items}, ensure_ascii=False))
            return None
        for i in items:
            command.stdout.write(f"  {i['name']}（{i['org']}）：{i['state_label']}"
                                 + (f" 第{i['version']}版" if i["version"] else ""))
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
    if action == "accept":
        submission_accept(actor=actor, target=target)
        return _("已通过%(org)s%(period)s的上报，已锁定。") % {"org": target.org.name, "period": span.label}
    submission_return(actor=actor, target=target, reason=reason)
    return _("已退回%(org)s%(period)s的上报：%(r)s") % {"org": target.org.name, "period": span.label, "r": reason}
