"""`gonghui report submit|status|accept|return` (issue #17 §1)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import parse_period
from gonghui.reports.submissions.services import check_key, report_task_create
from gonghui.reports.tables import CheckFailure


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


@pytest.fixture
def task(cast):
    return report_task_create(actor=SYSTEM, org=cast.fed, contents="tables", period=parse_period("2026H1"),
                              deadline=timezone.localdate() + dt.timedelta(days=7))


def test_it_runs_the_cycle_from_the_shell(cast, task):
    out, _ = run("submit", "--org", "UA", "--period", "2026H1", "--json")
    sub = last_json(out)
    assert sub["org"] == "UA" and sub["version"] == 1 and "members" in sub["values"]
    items = last_json(run("status", "--org", "FED", "--period", "2026H1", "--json")[0])["items"]
    assert [(i["org"], i["state"], i["source"]) for i in items] == [("UA", "submitted", "live"),
                                                                    ("UB", "missing", "live")]
    run("return", "--org", "UA", "--period", "2026H1", "--reason", "请核对会员数")
    items = last_json(run("status", "--org", "UA", "--period", "2026H1", "--json")[0])["items"]
    assert items[0]["state"] == "returned" and items[0]["return_reason"] == "请核对会员数"
    with pytest.raises(CommandError) as exc:  # nothing submitted since the return
        run("accept", "--org", "UA", "--period", "2026H1")
    assert "已退回" in str(exc.value)


def test_it_needs_an_explanation_for_a_verify_check_and_takes_it(cast, task, monkeypatch):
    verify = CheckFailure("会员 ≤ 职工", "基本情况 · 合计", {"会员人数": 3, "职工人数": 2})
    monkeypatch.setattr("gonghui.reports.tables.tables_check", lambda org, period, viewer=None: [verify])
    with pytest.raises(CommandError) as exc:
        run("submit", "--org", "UA", "--period", "2026H1")
    assert "核实性" in str(exc.value)
    out, _err = run("submit", "--org", "UA", "--period", "2026H1", "--explain", f"{check_key(verify)}=退休职工")
    assert "第1版" in out
    with pytest.raises(CommandError) as exc:
        run("submit", "--org", "UA", "--period", "2026H1", "--explain", "no-equals-sign")
    assert "KEY=说明" in str(exc.value)


def test_it_refuses_a_period_without_a_task(cast):
    with pytest.raises(CommandError) as exc:
        run("submit", "--org", "UA", "--period", "2026H1")
    assert "没有2026年上半年的上报任务" in str(exc.value)
