"""Reporting tasks and submissions (issue #17 §1): issue, check, freeze, return, accept, differences."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import parse_period
from gonghui.reports.submissions import selectors, services
from gonghui.reports.submissions.models import ReportContents, TargetState
from gonghui.reports.submissions.snapshot import decode_values, snapshot_dict
from gonghui.reports.tables import CheckFailure

H1 = parse_period("2026H1")
CODES = ["workers", "members"]


def _task(cast, contents=ReportContents.TABLES, **kw):
    deadline = kw.pop("deadline", timezone.localdate() + dt.timedelta(days=10))
    return services.report_task_create(actor=cast.root, org=cast.fed, contents=contents, period=H1,
                                       deadline=deadline, **kw)


def _target(task, org):
    return task.targets.get(org=org)


def _no_checks(monkeypatch, failures=()):
    monkeypatch.setattr("gonghui.reports.tables.tables_check", lambda org, period, viewer=None: list(failures))


def test_it_issues_a_task_to_every_union_below_by_default(cast):
    task = _task(cast)
    assert task.title == "2026年上半年统计报表"
    assert sorted(t.org.code for t in task.targets.all()) == ["UA", "UB"]
    assert all(t.state == TargetState.MISSING for t in task.targets.all())


def test_it_refuses_a_task_from_a_union_a_past_deadline_and_an_outside_target(cast):
    with pytest.raises(ValidationError) as e:
        services.report_task_create(actor=cast.root, org=cast.ua, contents="tables", period=H1,
                                    deadline=timezone.localdate())
    assert "只有总工会" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _task(cast, deadline=timezone.localdate() - dt.timedelta(days=1))
    assert "已过" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _task(cast, targets=[cast.ua_b1])
    assert "不是“某区总工会”下属的基层工会" in str(e.value)


def test_it_lets_only_writers_of_the_federation_issue(cast):
    with pytest.raises(PermissionDenied):
        _task_as(cast, cast.viewer_fed)
    with pytest.raises(PermissionDenied):
        _task_as(cast, cast.chair_a)


def _task_as(cast, actor):
    return services.report_task_create(actor=actor, org=cast.fed, contents="tables", period=H1,
                                       deadline=timezone.localdate() + dt.timedelta(days=3))


def test_it_freezes_a_snapshot_and_shows_later_edits_as_differences(cast, monkeypatch):
    from gonghui.people.services import person_create

    _no_checks(monkeypatch)
    task = _task(cast, contents=ReportContents.BOTH)
    target = _target(task, cast.ua)
    sub = services.submission_submit(actor=cast.chair_a, target=target, codes=CODES)
    assert sub.version == 1 and sub.org_code == "UA" and sub.submitted_by == cast.chair_a
    frozen = decode_values(sub.values)
    assert set(frozen) == set(CODES)
    kinds = {f.kind: f for f in sub.files.all()}
    assert set(kinds) == {"summary", "tables"}
    assert bytes(kinds["tables"].data)[:2] == b"PK" and len(kinds["summary"].sha256) == 64
    target.refresh_from_db()
    assert target.state == TargetState.SUBMITTED and target.current == sub
    assert selectors.target_differences(target=target, submission=sub) == []

    # a worker added in the period afterwards: the frozen number stays, the difference shows
    person_create(actor=SYSTEM, org=cast.ua, name="新职工", id_number="", gender="M", mobile="13800138999",
                  employee_no="A009", employment_type="regular", hired_on=dt.date(2026, 3, 1))
    sub.refresh_from_db()
    assert decode_values(sub.values) == frozen
    diffs = selectors.target_differences(target=target, submission=sub)
    assert [d.code for d in diffs] == ["workers"]
    assert diffs[0].live == frozen["workers"] + 1

    # plain JSON, files included, for offline packages later
    data = json.loads(json.dumps(snapshot_dict(sub)))
    assert data["org"]["code"] == "UA" and data["period"]["code"] == "2026H1"
    assert {f["kind"] for f in data["files"]} == {"summary", "tables"}


def test_it_runs_the_cycle_return_resubmit_accept_and_locks(cast, monkeypatch):
    _no_checks(monkeypatch)
    task = _task(cast)
    target = _target(task, cast.ua)
    services.submission_submit(actor=cast.chair_a, target=target, codes=CODES)
    with pytest.raises(PermissionDenied):  # the union cannot decide on its own submission
        services.submission_accept(actor=cast.chair_a, target=target)
    with pytest.raises(ValidationError) as e:
        services.submission_return(actor=cast.root, target=target, reason=" ")
    assert "退回原因" in str(e.value)
    services.submission_return(actor=cast.root, target=target, reason="会员数与名册不符")
    target.refresh_from_db()
    assert target.state == TargetState.RETURNED and target.return_reason == "会员数与名册不符"

    sub2 = services.submission_submit(actor=cast.chair_a, target=target, codes=CODES)
    target.refresh_from_db()
    assert sub2.version == 2 and target.current == sub2 and target.state == TargetState.SUBMITTED
    services.submission_accept(actor=cast.root, target=target)
    target.refresh_from_db()
    assert target.state == TargetState.ACCEPTED
    with pytest.raises(ValidationError) as e:
        services.submission_submit(actor=cast.chair_a, target=target, codes=CODES)
    assert "已通过审核并锁定" in str(e.value)
    with pytest.raises(ValidationError):
        services.submission_return(actor=cast.root, target=target, reason="再改")
    assert target.submissions.count() == 2


def test_it_blocks_on_a_mandatory_check_and_needs_an_explanation_for_a_verify_check(cast, monkeypatch):
    forced = CheckFailure("女会员 ≤ 会员", "基本情况 · 合计", {"女会员": 3, "会员": 2})
    verify = CheckFailure("会员 ≤ 职工", "基本情况 · 合计", {"会员人数": 3, "职工人数": 2})
    task = _task(cast)
    target = _target(task, cast.ua)
    _no_checks(monkeypatch, [forced, verify])
    with pytest.raises(ValidationError) as e:
        services.submission_submit(actor=cast.chair_a, target=target, codes=CODES)
    assert "强制性" in str(e.value) and "女会员 ≤ 会员" in str(e.value)
    _no_checks(monkeypatch, [verify])
    with pytest.raises(ValidationError) as e:
        services.submission_submit(actor=cast.chair_a, target=target, codes=CODES)
    assert "核实性" in str(e.value)
    assert target.submissions.count() == 0
    key = services.check_key(verify)
    sub = services.submission_submit(actor=cast.chair_a, target=target, codes=CODES,
                                     explanations={key: "3名退休职工保留会籍"})
    assert sub.explanations[0]["text"] == "3名退休职工保留会籍"
    assert sub.explanations[0]["severity"] == "核实性"


def test_it_lets_only_writers_of_the_union_submit(cast, monkeypatch):
    _no_checks(monkeypatch)
    target = _target(_task(cast), cast.ua)
    for actor in (cast.finance_a, cast.viewer_fed, cast.admin_b):
        with pytest.raises(PermissionDenied):
            services.submission_submit(actor=actor, target=target, codes=CODES)


def test_it_shows_the_board_with_reminders_near_the_deadline(cast, monkeypatch):
    _no_checks(monkeypatch)
    today = timezone.localdate()
    task = _task(cast, deadline=today + dt.timedelta(days=2))
    services.submission_submit(actor=cast.chair_a, target=_target(task, cast.ua), codes=CODES)
    board = selectors.task_board(task=task, today=today)
    assert board.counts == {"missing": 1, "submitted": 1, "returned": 0, "accepted": 0}
    assert [r.target.org.code for r in board.reminders] == ["UB"]
    assert board.days_label == "剩2天"
    assert selectors.days_label(today, today) == "今天截止"
    assert selectors.days_label(today - dt.timedelta(days=3), today) == "已逾期3天"


def test_it_lists_the_unions_open_tasks_for_the_home_page(cast):
    task = _task(cast)
    inbox = selectors.task_inbox(viewer=cast.chair_a, today=timezone.localdate())
    assert [i.target.org.code for i in inbox["targets"]] == ["UA"]
    assert inbox["tasks"] == []
    inbox = selectors.task_inbox(viewer=cast.viewer_fed, today=timezone.localdate())
    assert inbox["targets"] == [] and [t.pk for t, _ in inbox["tasks"]] == [task.pk]


@pytest.mark.parametrize("rule, expected", [
    ("女会员 ≤ 会员", "强制性"), ("调解成功 ≤ 调解受理", "强制性"), ("按期完成 + 逾期 ≤ 上级交办任务", "强制性"),
    ("会员 ≤ 职工", "核实性"), ("总工会合计 = 各下级工会之和", "核实性"), ("各分会之和 ≤ 本单位合计", "核实性"),
])
def test_it_sorts_the_checks_into_mandatory_and_verify(rule, expected):
    from gonghui.reports.tables.checks import severity

    assert severity(CheckFailure(rule, "x", {})) == expected
