"""Reads of the reporting cycle, each starting from the viewer's scope.

    task_list(viewer=) / task_get(viewer=, pk=)        # tasks issued by orgs the viewer may read
    target_get(viewer=, pk=)                            # one union's place in a task (the union's task page)
    task_board(task=, today=)                           # the federation's board: states, days, reminders
    target_differences(target=, submission=)                   # frozen vs live: "与已上报数不一致"
    task_inbox(viewer=, today=)                         # the home page's 上报任务 block
    submission_file_get(viewer=, pk=, kind=)            # a frozen .docx/.xlsx
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.scoping import can_write_org, get_for, scoped
from gonghui.core.scope_guard import mark_fetched
from gonghui.indicators import registry
from gonghui.indicators.formatting import format_value
from gonghui.people.selectors import orgs_with_people
from gonghui.reports.submissions.models import (
    ReportTarget,
    ReportTask,
    Submission,
    SubmissionSource,
    TargetState,
)
from gonghui.reports.submissions.services import check_key, task_period
from gonghui.reports.submissions.snapshot import decode_values
from gonghui.reports.tables.checks import MANDATORY, severity

REMIND_DAYS = 3  # a union that has not submitted this close to the deadline is listed for a reminder
OPEN_STATES = (TargetState.MISSING, TargetState.RETURNED)
# `report status`: a union that has submitted nothing but keeps its roster on this install (its numbers are
# taken live) is "live"; "missing" is a union with nothing here at all (issue #17's CLI contract)
STATE_LIVE = "live"
LIVE_LABEL = gettext_lazy("未上报（用本系统实时数）")


def days_left(deadline: dt.date, today: dt.date) -> int:
    return (deadline - today).days


def days_label(deadline: dt.date, today: dt.date) -> str:
    n = days_left(deadline, today)
    if n > 0:
        return _("剩%(n)d天") % {"n": n}
    if n == 0:
        return _("今天截止")
    return _("已逾期%(n)d天") % {"n": -n}


def task_list(*, viewer) -> QuerySet[ReportTask]:
    return scoped(ReportTask.objects.select_related("org"), viewer)


def task_get(*, viewer, pk, write: bool = False) -> ReportTask:
    task = get_for(viewer, ReportTask.objects.select_related("org"), pk, write=write)
    mark_fetched(task.org)  # the task was read through the scope of its org
    return task


def target_list(*, viewer) -> QuerySet[ReportTarget]:
    """The orgs' places in tasks that the viewer may read (their unions' tasks), nearest deadline first."""
    return scoped(ReportTarget.objects.select_related("task", "org"), viewer).order_by("task__deadline", "org__path")


def target_get(*, viewer, pk) -> ReportTarget:
    """One union's place in a task; its org counts as read through the scope (the target was scoped by it)."""
    target = get_for(viewer, ReportTarget.objects.select_related("task", "task__org", "org", "current"), pk)
    mark_fetched(target.org)
    return target


@dataclass
class BoardRow:
    target: ReportTarget
    explanations: list = field(default_factory=list)
    remind: bool = False


@dataclass
class Board:
    task: ReportTask
    today: dt.date
    rows: list[BoardRow]
    counts: dict  # state -> n, every state present

    @property
    def days_left(self) -> int:
        return days_left(self.task.deadline, self.today)

    @property
    def days_label(self) -> str:
        return days_label(self.task.deadline, self.today)

    @property
    def reminders(self) -> list[BoardRow]:
        return [r for r in self.rows if r.remind]


def task_board(*, task: ReportTask, today: dt.date) -> Board:
    """Every org of the task with its state and current version; reminders for those not yet in (or sent back)
    when the deadline is `REMIND_DAYS` away or past. `task` was read through the viewer's scope."""
    targets = list(task.targets.select_related("org", "current", "decided_by").order_by("org__path"))
    near = days_left(task.deadline, today) <= REMIND_DAYS
    rows = [BoardRow(t, list(t.current.explanations) if t.current else [], near and t.state in OPEN_STATES)
            for t in targets]
    counts = {s: 0 for s in TargetState.values}
    for t in targets:
        counts[t.state] += 1
    return Board(task, today, rows, counts)


@dataclass
class Difference:
    code: str
    name: str
    frozen: object
    live: object
    frozen_text: str
    live_text: str


def target_differences(*, target: ReportTarget, submission: Submission) -> list[Difference]:
    """The indicators whose live value today differs from the frozen one (the union edited its records after
    submitting). The frozen numbers stay as they are; this only shows the gap. Numbers that came as a package
    or as counts have no live data here to differ from: none."""
    if submission.source != SubmissionSource.LIVE:
        return []
    frozen = decode_values(submission.values)
    codes = [c for c in frozen if c in registry.INDICATORS]
    if not codes:
        return []
    live = registry.compute(target.org, task_period(target.task), codes)
    out = []
    for code in codes:
        if live.get(code) != frozen[code]:
            ind = registry.INDICATORS[code]
            out.append(Difference(code, ind.name, frozen[code], live.get(code),
                                  format_value(ind, frozen[code]), format_value(ind, live.get(code))))
    return out


@dataclass
class InboxItem:
    target: ReportTarget
    days_label: str
    days_left: int


def task_inbox(*, viewer, today: dt.date) -> dict:
    """The home page's 上报任务 block: what the viewer's unions must still report (tasks not accepted, for orgs
    the viewer may write), and the open tasks the viewer's orgs issued."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return {"targets": [], "tasks": []}
    targets = scoped(ReportTarget.objects.select_related("task", "org"), viewer, write=True).exclude(
        state=TargetState.ACCEPTED).order_by("task__deadline", "org__path")[:20]
    items = [InboxItem(t, days_label(t.task.deadline, today), days_left(t.task.deadline, today)) for t in targets]
    tasks = [(t, days_label(t.deadline, today)) for t in
             task_list(viewer=viewer).filter(deadline__gte=today - dt.timedelta(days=30)).order_by("deadline")[:10]]
    return {"targets": items, "tasks": tasks}


def can_decide(viewer, target: ReportTarget) -> bool:
    """May return or accept: write scope on the issuing org."""
    return can_write_org(viewer, target.task.org)


def can_write_issuer(viewer, task: ReportTask) -> bool:
    return can_write_org(viewer, task.org)


@dataclass
class CheckRow:
    key: str
    failure: object
    severity: str

    @property
    def mandatory(self) -> bool:
        return self.severity == MANDATORY


def target_checks(*, viewer, target: ReportTarget) -> list[CheckRow]:
    """The 逻辑检查 on the union's live data, as the submission will run them (before submitting)."""
    from gonghui.reports.tables import tables_check

    return [CheckRow(check_key(f), f, severity(f))
            for f in tables_check(target.org, task_period(target.task), viewer)]


def can_submit(viewer, target: ReportTarget) -> bool:
    return can_write_org(viewer, target.org) and target.state != TargetState.ACCEPTED


def submission_file_get(*, viewer, pk, kind: str):
    sub = get_for(viewer, Submission.objects.all(), pk)
    f = sub.files.filter(kind=kind).first()
    if f is None:
        raise Http404
    return f


MSG_NO_TASK = gettext_lazy("“%(org)s”没有%(period)s的上报任务（或您无权查看）：请先由上级总工会布置上报任务。")


def target_for(*, viewer, org, period) -> ReportTarget:
    """The org's place in the latest task for `period` (the CLI names a submission by org and period)."""
    from django.core.exceptions import ValidationError

    target = (scoped(ReportTarget.objects.select_related("task", "task__org", "org", "current"), viewer)
              .filter(org=org, task__period_start=period.start, task__period_end=period.end)
              .order_by("-task__deadline", "-pk").first())
    if target is None:
        raise ValidationError(MSG_NO_TASK % {"org": org.name, "period": period.label})
    mark_fetched(target.org)
    return target


def status_items(*, viewer, org, period, today: dt.date) -> list[dict]:
    """Where each org stands for `period`: the board of the latest task `org` issued for it, or else `org`'s own
    place in a task from above. Plain data (the CLI's --json); the state is the target's, or STATE_LIVE."""
    task = (task_list(viewer=viewer).filter(org=org, period_start=period.start, period_end=period.end)
            .order_by("-deadline", "-pk").first())
    if task is not None:
        targets = [r.target for r in task_board(task=task, today=today).rows]
    else:
        targets = [target_for(viewer=viewer, org=org, period=period)]
    # nothing submitted, but the union's roster is kept here: its numbers are taken live ("live", not "missing")
    live = orgs_with_people(viewer=viewer, under=org, orgs=[t.org for t in targets if t.current is None])
    return [{"org": t.org.code, "name": t.org.name,
             "state": STATE_LIVE if t.org.pk in live else t.state,
             "state_label": str(LIVE_LABEL) if t.org.pk in live else t.get_state_display(),
             "source": t.current.source if t.current else "live", "task": t.task_id,
             "deadline": t.task.deadline.isoformat(),
             "days_left": days_left(t.task.deadline, today),
             "version": t.current.version if t.current else None,
             "submitted_at": t.current.submitted_at.isoformat() if t.current else None,
             "return_reason": t.return_reason} for t in targets]
