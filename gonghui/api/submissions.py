"""上报任务 over the API (issue #17 §1): the tasks, a task's board, and submit / return / accept.

    GET  /report-tasks                           tasks the caller's orgs issued, and their unions' places in tasks
    GET  /report-tasks/{task_id}                 the board: every org's state, version, explanations
    POST /report-targets/{target_id}/submit      {"explanations": {"<check key>": "说明"}}: checks, then freezes
    POST /report-targets/{target_id}/return      {"reason": "..."}
    POST /report-targets/{target_id}/accept

Thin: the selectors and services of reports.submissions decide. A refused submission is a 422 whose message
lists the failing checks (a 强制性 one, or a 核实性 one without its explanation).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from gonghui.api.schemas import READ_ERRORS, WRITE_ERRORS
from gonghui.reports.submissions import selectors as sel
from gonghui.reports.submissions.services import submission_accept, submission_return, submission_submit

router = Router(tags=["submissions"])

Value = int | str | None  # a count, an exact decimal string (money, rate), or no value


class ReportTaskOut(Schema):
    id: int
    title: str
    org: str = Field(description="布置单位代码")
    contents: str
    period: str
    period_start: dt.date
    period_end: dt.date
    deadline: dt.date
    days_left: int


class ReportTargetOut(Schema):
    id: int
    task: int
    org: str
    org_name: str
    state: str = Field(description="missing | submitted | returned | accepted")
    state_label: str
    version: int | None = None
    submitted_at: dt.datetime | None = None
    return_reason: str = ""
    explanations: list[dict] = Field(default_factory=list)


class ReportTaskListOut(Schema):
    tasks: list[ReportTaskOut]
    targets: list[ReportTargetOut]


class ReportBoardOut(Schema):
    task: ReportTaskOut
    counts: dict[str, int]
    targets: list[ReportTargetOut]
    reminders: list[str] = Field(description="临近截止仍未上报（或已退回）的单位代码")


class ReportSubmissionOut(Schema):
    target: ReportTargetOut
    version: int
    values: dict[str, Value]


class ReportSubmitIn(Schema):
    explanations: dict[str, str] = Field(default_factory=dict, description="核实性检查的键 -> 说明")


class ReportReturnIn(Schema):
    reason: str = Field(max_length=2000)


def _task_out(task, today) -> dict:
    return {"id": task.pk, "title": task.title, "org": task.org.code, "contents": task.contents,
            "period": task.period_code, "period_start": task.period_start, "period_end": task.period_end,
            "deadline": task.deadline, "days_left": sel.days_left(task.deadline, today)}


def _target_out(t) -> dict:
    cur = t.current
    return {"id": t.pk, "task": t.task_id, "org": t.org.code, "org_name": t.org.name, "state": t.state,
            "state_label": t.get_state_display(), "version": cur.version if cur else None,
            "submitted_at": cur.submitted_at if cur else None, "return_reason": t.return_reason,
            "explanations": list(cur.explanations) if cur else []}


@router.get("/report-tasks", response={200: ReportTaskListOut, **READ_ERRORS}, summary="上报任务列表")
def tasks_list(request):
    today = timezone.localdate()
    return {"tasks": [_task_out(t, today) for t in sel.task_list(viewer=request.user)[:200]],
            "targets": [_target_out(t) for t in sel.target_list(viewer=request.user).select_related("current")[:200]]}


@router.get("/report-tasks/{int:task_id}", response={200: ReportBoardOut, **READ_ERRORS}, summary="上报任务的各单位情况")
def task_board(request, task_id: int):
    today = timezone.localdate()
    board = sel.task_board(task=sel.task_get(viewer=request.user, pk=task_id), today=today)
    return {"task": _task_out(board.task, today), "counts": board.counts,
            "targets": [_target_out(r.target) for r in board.rows],
            "reminders": [r.target.org.code for r in board.reminders]}


@router.post("/report-targets/{int:target_id}/submit", response={201: ReportSubmissionOut, **WRITE_ERRORS},
             summary="上报：先做逻辑检查，通过后冻结本期全部指标数和报表文件")
def target_submit(request, target_id: int, payload: ReportSubmitIn):
    target = sel.target_get(viewer=request.user, pk=target_id)
    sub = submission_submit(actor=request.user, target=target, explanations=payload.explanations)
    target = sel.target_get(viewer=request.user, pk=target_id)
    return Status(201, {"target": _target_out(target), "version": sub.version, "values": sub.values})


@router.post("/report-targets/{int:target_id}/return", response={200: ReportTargetOut, **WRITE_ERRORS},
             summary="退回上报（写明原因）")
def target_return(request, target_id: int, payload: ReportReturnIn):
    target = sel.target_get(viewer=request.user, pk=target_id)
    submission_return(actor=request.user, target=target, reason=payload.reason)
    return _target_out(sel.target_get(viewer=request.user, pk=target_id))


@router.post("/report-targets/{int:target_id}/accept", response={200: ReportTargetOut, **WRITE_ERRORS},
             summary="通过上报（通过后锁定）")
def target_accept(request, target_id: int):
    target = sel.target_get(viewer=request.user, pk=target_id)
    submission_accept(actor=request.user, target=target)
    return _target_out(sel.target_get(viewer=request.user, pk=target_id))
