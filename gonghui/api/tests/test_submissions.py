"""上报任务 over the API: the board, a refused submission (422 listing the checks), submit, return, accept."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import parse_period
from gonghui.reports.submissions.services import report_task_create
from gonghui.reports.tables import CheckFailure

FORCED = CheckFailure("女会员 ≤ 会员", "基本情况 · 合计", {"女会员": 3, "会员": 2})


def test_it_refuses_a_mandatory_failure_then_runs_the_cycle(api, cast, monkeypatch):
    task = report_task_create(actor=SYSTEM, org=cast.fed, contents="tables", period=parse_period("2026H1"),
                              deadline=timezone.localdate() + dt.timedelta(days=1))
    target = task.targets.get(org=cast.ua)
    chair, root = api(cast.chair_a), api(cast.root)

    monkeypatch.setattr("gonghui.reports.tables.tables_check", lambda org, period, viewer=None: [FORCED])
    r = chair.post(f"/report-targets/{target.pk}/submit", {})
    assert r.status_code == 422 and "强制性" in r.json()["message"] and "女会员 ≤ 会员" in r.json()["message"]

    monkeypatch.setattr("gonghui.reports.tables.tables_check", lambda org, period, viewer=None: [])
    r = chair.post(f"/report-targets/{target.pk}/submit", {})
    assert r.status_code == 201 and r.json()["version"] == 1 and r.json()["target"]["state"] == "submitted"

    board = root.get(f"/report-tasks/{task.pk}").json()
    assert board["counts"]["submitted"] == 1 and board["reminders"] == ["UB"] and board["task"]["days_left"] == 1
    r = root.post(f"/report-targets/{target.pk}/return", {"reason": "请核对"})
    assert r.json()["state"] == "returned" and r.json()["return_reason"] == "请核对"
    assert chair.post(f"/report-targets/{target.pk}/submit", {}).json()["version"] == 2
    assert root.post(f"/report-targets/{target.pk}/accept", {}).json()["state"] == "accepted"
    r = chair.post(f"/report-targets/{target.pk}/submit", {})
    assert r.status_code == 422 and "锁定" in r.json()["message"]
    listed = chair.get("/report-tasks").json()
    assert [t["org"] for t in listed["targets"]] == ["UA"] and listed["tasks"] == []
