"""Writes of the reporting cycle: issue a task, submit (checks, then a frozen snapshot), return, accept.

Who may do what (accounts.scoping):
- issue a task: write scope (管理员, 干事) on the issuing org, which must be a 总工会 (an org above the unions);
- submit: write scope on the reporting union;
- return or accept: write scope on the task's issuing org.
Every service runs in one transaction and writes its audit row there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.scoping import SYSTEM, can_write_org
from gonghui.core import audit
from gonghui.core.periods import Period
from gonghui.core.scope_guard import mark_fetched, same_row, unscoped
from gonghui.indicators import registry
from gonghui.orgs import tree
from gonghui.orgs.models import Org, OrgKind
from gonghui.reports.jobs import report_file_name, report_write
from gonghui.reports.submissions.models import (
    ReportContents,
    ReportTarget,
    ReportTask,
    Submission,
    SubmissionFile,
    TargetState,
)
from gonghui.reports.submissions.snapshot import encode_values
from gonghui.reports.tables.checks import MANDATORY, severity

MSG_NOT_FEDERATION = gettext_lazy("只有总工会（或工会工作委员会）可以布置上报任务，“%(org)s”是%(kind)s。")
MSG_NO_TARGETS = gettext_lazy("“%(org)s”下没有需要上报的基层工会：请先在组织树中建立基层工会，或选择要上报的单位。")
MSG_TARGET_OUTSIDE = gettext_lazy("“%(org)s”不是“%(issuer)s”下属的基层工会，不能作为上报单位。")
MSG_DEADLINE_PAST = gettext_lazy("上报截止日期 %(d)s 已过：请选择今天或以后的日期。")
MSG_DEADLINE_EARLY = gettext_lazy("上报截止日期 %(d)s 早于期间结束日 %(end)s：期间结束后才能上报，请推后截止日期。")
MSG_TITLE_LONG = gettext_lazy("任务名称不能超过100个字。")
MSG_CONTENTS = gettext_lazy("请选择上报内容：工作总结、统计报表，或两者。")
MSG_ACCEPTED = gettext_lazy("“%(org)s”的上报已通过审核并锁定，不能再修改或重新上报。")
MSG_MANDATORY = gettext_lazy("有%(n)d项强制性逻辑检查未通过，必须先改正台账或名册中的数据再上报：%(list)s")
MSG_EXPLAIN = gettext_lazy("有%(n)d项核实性逻辑检查未通过，请逐项写明原因后再上报：%(list)s")
MSG_NOT_SUBMITTED = gettext_lazy("“%(org)s”当前没有待审核的上报（状态：%(state)s），不能退回或通过。")
MSG_REASON = gettext_lazy("请写明退回原因，让基层工会知道要改什么。")
MSG_EXPLANATION_LONG = gettext_lazy("每项说明不能超过500个字。")


def check_key(failure) -> str:
    """A stable short key for one failed check (the form field and `--explain KEY=TEXT` name it)."""
    return hashlib.sha1(f"{failure.rule}｜{failure.where}".encode()).hexdigest()[:8]


def task_period(task: ReportTask) -> Period:
    return Period(task.period_start, task.period_end, task.period_code)


def _unions_below(org: Org):
    with unscoped("the unions below an org the actor may write (checked first)"):
        return list(Org.objects.filter(tree.subtree_q(org.path), kind=OrgKind.UNION,
                                       status=Org.Status.ACTIVE).exclude(pk=org.pk).order_by("path"))


@transaction.atomic
def report_task_create(*, actor, org: Org, title: str = "", contents: str, period: Period, deadline: dt.date,
                       targets: list[Org] | None = None, note: str = "", today: dt.date | None = None) -> ReportTask:
    """Issue a task to `targets` (default: every active union below `org`)."""
    if not can_write_org(actor, org):
        raise PermissionDenied
    today = today or timezone.localdate()
    errors: dict[str, list] = {}
    if org.kind != OrgKind.FEDERATION:
        errors.setdefault("org", []).append(MSG_NOT_FEDERATION % {"org": org.name, "kind": org.get_kind_display()})
    if contents not in ReportContents.values:
        errors.setdefault("contents", []).append(MSG_CONTENTS)
    if deadline < today:
        errors.setdefault("deadline", []).append(MSG_DEADLINE_PAST % {"d": deadline.isoformat()})
    elif deadline < period.end:
        errors.setdefault("deadline", []).append(
            MSG_DEADLINE_EARLY % {"d": deadline.isoformat(), "end": period.end.isoformat()})
    title = (title or "").strip() or _("%(period)s%(what)s") % {
        "period": period.label, "what": ReportContents(contents).label if contents in ReportContents.values else ""}
    if len(title) > 100:
        errors.setdefault("title", []).append(MSG_TITLE_LONG)
    unions = {o.pk: o for o in _unions_below(org)} if org.kind == OrgKind.FEDERATION else {}
    chosen = list(unions.values()) if targets is None else list(targets)
    for o in chosen:
        if o.pk not in unions:
            errors.setdefault("targets", []).append(MSG_TARGET_OUTSIDE % {"org": o.name, "issuer": org.name})
    if not chosen and "org" not in errors:
        errors.setdefault("targets", []).append(MSG_NO_TARGETS % {"org": org.name})
    if errors:
        raise ValidationError(errors)
    task = ReportTask(org=org, title=title, contents=contents, period_code=period.code, period_start=period.start,
                      period_end=period.end, deadline=deadline, note=(note or "").strip(),
                      created_by=actor if getattr(actor, "pk", None) else None)
    task.full_clean()
    task.save()
    ReportTarget.objects.bulk_create([ReportTarget(task=task, org=o) for o in chosen])
    audit.record(actor=actor, action="create", obj=task, org_path=org.path,
                 changes={"period": period.code or f"{period.start}~{period.end}", "contents": contents,
                          "deadline": deadline.isoformat(), "targets": [o.code for o in chosen]})
    return task


def _lock(target: ReportTarget) -> ReportTarget:
    """Re-read the target row under a lock: two clicks never make two versions or two decisions."""
    return same_row(target).select_for_update().select_related("task", "task__org", "org").get()


def _codes(codes) -> list[str] | None:
    return list(codes) if codes is not None else None


@transaction.atomic
def submission_submit(*, actor, target: ReportTarget, explanations: dict[str, str] | None = None,
                      codes: list[str] | None = None) -> Submission:
    """Run the 逻辑检查 on the union's live data, then freeze: every indicator value of the period (`codes`
    narrows them, for tests and benchmarks), the explanations, the generated files, who and when.

    Refused (ValidationError, nothing written) when a 强制性 check fails or a 核实性 one has no explanation.
    A new version replaces the previous one until the submission is accepted.
    """
    with unscoped("the target was read through the scope by the caller"):
        target = _lock(target)
    org, task = target.org, target.task
    if not can_write_org(actor, org):
        raise PermissionDenied
    mark_fetched(org)  # the actor may write it, so may read its subtree (the checks and the registry do)
    if target.state == TargetState.ACCEPTED:
        raise ValidationError(MSG_ACCEPTED % {"org": org.name})
    period = task_period(task)
    viewer = actor if actor is not None else SYSTEM
    from gonghui.reports.tables import tables_check

    failures = tables_check(org, period, viewer)
    mandatory = [f for f in failures if severity(f) == MANDATORY]
    if mandatory:
        raise ValidationError(MSG_MANDATORY % {"n": len(mandatory), "list": "；".join(str(f) for f in mandatory)},
                              code="mandatory")
    given = {k: (v or "").strip() for k, v in (explanations or {}).items()}
    explained, missing = [], []
    for f in failures:
        text = given.get(check_key(f), "")
        if not text:
            missing.append(f)
            continue
        if len(text) > 500:
            raise ValidationError(MSG_EXPLANATION_LONG)
        explained.append({"key": check_key(f), "rule": f.rule, "where": f.where, "severity": severity(f),
                          "numbers": encode_values(f.numbers), "detail": f.detail, "text": text})
    if missing:
        raise ValidationError(MSG_EXPLAIN % {"n": len(missing), "list": "；".join(str(f) for f in missing)},
                              code="explain")
    values = encode_values(registry.compute(org, period, _codes(codes)))
    last = target.submissions.order_by("-version").values_list("version", flat=True).first() or 0
    sub = Submission(target=target, version=last + 1, org_code=org.code, org_name=org.name,
                     period_code=period.code, period_start=period.start, period_end=period.end, values=values,
                     explanations=explained, submitted_by=actor if getattr(actor, "pk", None) else None,
                     submitted_by_name=getattr(actor, "username", "") or "", submitted_at=timezone.now())
    sub.full_clean()
    sub.save()
    kinds = ([ "summary"] if task.wants_summary else []) + (["tables"] if task.wants_tables else [])
    for kind in kinds:
        buf = io.BytesIO()
        report_write(kind, org=org, period=period, target=buf, viewer=viewer)
        data = buf.getvalue()
        SubmissionFile.objects.create(submission=sub, kind=kind, name=report_file_name(kind, org, period),
                                      data=data, sha256=hashlib.sha256(data).hexdigest())
    before = target.state
    target.state, target.current = TargetState.SUBMITTED, sub
    target.save(update_fields=["state", "current"])
    audit.record(actor=actor, action="submit", obj=sub, org_path=org.path,
                 changes={"task": task.pk, "version": sub.version, "state": [before, target.state],
                          "explanations": len(explained), "files": kinds})
    return sub


def _decide(actor, target: ReportTarget) -> ReportTarget:
    with unscoped("the target was read through the scope by the caller"):
        target = _lock(target)
    if not can_write_org(actor, target.task.org):
        raise PermissionDenied
    if target.state != TargetState.SUBMITTED:
        raise ValidationError(MSG_NOT_SUBMITTED % {"org": target.org.name, "state": target.get_state_display()})
    return target


@transaction.atomic
def submission_return(*, actor, target: ReportTarget, reason: str) -> ReportTarget:
    """Send the current version back with a reason; the union sees it and submits again."""
    target = _decide(actor, target)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [MSG_REASON]})
    target.state, target.return_reason = TargetState.RETURNED, reason
    target.decided_by, target.decided_at = (actor if getattr(actor, "pk", None) else None), timezone.now()
    target.save(update_fields=["state", "return_reason", "decided_by", "decided_at"])
    audit.record(actor=actor, action="return", obj=target, org_path=target.org.path,
                 changes={"version": target.current.version if target.current else None, "reason": reason})
    return target


@transaction.atomic
def submission_accept(*, actor, target: ReportTarget) -> ReportTarget:
    """Accept the current version: final and locked."""
    target = _decide(actor, target)
    target.state, target.return_reason = TargetState.ACCEPTED, ""
    target.decided_by, target.decided_at = (actor if getattr(actor, "pk", None) else None), timezone.now()
    target.save(update_fields=["state", "return_reason", "decided_by", "decided_at"])
    audit.record(actor=actor, action="accept", obj=target, org_path=target.org.path,
                 changes={"version": target.current.version if target.current else None})
    return target
