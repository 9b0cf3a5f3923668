"""The 上报任务 pages through HTTP: issue, see it at home, submit with explanations, return, resubmit, accept."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.reports.submissions.models import ReportTask, TargetState
from gonghui.reports.submissions.services import check_key
from gonghui.reports.tables import CheckFailure

VERIFY = CheckFailure("会员 ≤ 职工", "基本情况 · 合计", {"会员人数": 3, "职工人数": 2})


def _checks(monkeypatch, failures=()):
    monkeypatch.setattr("gonghui.reports.tables.tables_check", lambda org, period, viewer=None: list(failures))


def _issue(client):
    deadline = timezone.localdate() + dt.timedelta(days=5)
    r = client.post(reverse("web:submission-task-create") + "?org=FED",
                    {"contents": "tables", "period": "2026H1", "deadline": deadline.isoformat()})
    assert r.status_code == 302, r.content.decode()[:2000]
    return r


def test_it_runs_the_cycle_through_the_pages(cast, client, login, monkeypatch):
    _issue(login(cast.root))
    task = ReportTask.objects.get()  # what the page wrote
    target = task.targets.get(org=cast.ua)

    client = login(cast.chair_a)
    home = client.get(reverse("web:home")).content.decode()
    assert "上报任务" in home and "2026年上半年统计报表" in home and "剩5天" in home

    _checks(monkeypatch, [VERIFY])
    page = client.get(reverse("web:submission-target", args=[target.pk])).content.decode()
    assert "核实性" in page and f'name="explain-{check_key(VERIFY)}"' in page
    r = client.post(reverse("web:submission-submit", args=[target.pk]))
    assert r.status_code == 200 and "请逐项写明原因" in r.content.decode()
    r = client.post(reverse("web:submission-submit", args=[target.pk]),
                    {f"explain-{check_key(VERIFY)}": "退休职工保留会籍"})
    assert r.status_code == 302
    target.refresh_from_db()
    assert target.state == TargetState.SUBMITTED

    client = login(cast.root)
    board = client.get(reverse("web:submission-board", args=[task.pk])).content.decode()
    assert "退休职工保留会籍" in board and "已上报" in board and "需要提醒" not in board
    client.post(reverse("web:submission-return", args=[target.pk]), {"reason": "请补充女职工数"})

    client = login(cast.chair_a)
    page = client.get(reverse("web:submission-target", args=[target.pk])).content.decode()
    assert "上级退回：请补充女职工数" in page
    _checks(monkeypatch)
    client.post(reverse("web:submission-submit", args=[target.pk]))
    target.refresh_from_db()
    assert target.current.version == 2

    client = login(cast.root)
    client.post(reverse("web:submission-accept", args=[target.pk]))
    target.refresh_from_db()
    assert target.state == TargetState.ACCEPTED
    r = client.get(reverse("web:submission-file", args=[target.current.pk, "tables"]))
    assert r.status_code == 200 and b"".join(r.streaming_content)[:2] == b"PK"

    client = login(cast.chair_a)
    page = client.get(reverse("web:submission-target", args=[target.pk])).content.decode()
    assert "已锁定" in page and "确认上报" not in page


def test_it_refuses_a_task_form_with_a_bad_period_in_chinese(cast, login):
    client = login(cast.root)
    r = client.post(reverse("web:submission-task-create") + "?org=FED",
                    {"contents": "tables", "period": "2026H3", "deadline": "2099-01-01"})
    assert r.status_code == 200
    assert "期间" in r.content.decode() or "2026H3" in r.content.decode()
    assert not ReportTask.objects.exists()  # nothing written


def test_it_shows_the_difference_after_a_later_edit(cast, login, monkeypatch):
    from gonghui.core.periods import parse_period
    from gonghui.people.services import person_create
    from gonghui.reports.submissions.services import report_task_create, submission_submit

    _checks(monkeypatch)
    task = report_task_create(actor=SYSTEM, org=cast.fed, contents="tables", period=parse_period("2026H1"),
                              deadline=timezone.localdate() + dt.timedelta(days=1))
    target = task.targets.get(org=cast.ua)
    submission_submit(actor=SYSTEM, target=target, codes=["workers", "members"])
    person_create(actor=SYSTEM, org=cast.ua, name="新职工", gender="F", employee_no="A010",
                  employment_type="regular", hired_on=dt.date(2026, 2, 1))
    page = login(cast.chair_a).get(reverse("web:submission-target", args=[target.pk])).content.decode()
    assert "与已上报数不一致" in page and "职工人数" in page


def test_the_board_costs_the_same_queries_for_more_unions(cast, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.core.periods import parse_period
    from gonghui.orgs.services import org_create
    from gonghui.reports.submissions.services import report_task_create

    def queries():
        task = report_task_create(actor=SYSTEM, org=cast.fed, contents="tables", period=parse_period("2026H1"),
                                  deadline=timezone.localdate() + dt.timedelta(days=2))
        client = login(cast.viewer_fed)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("web:submission-board", args=[task.pk])).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(3):
        org_create(actor=SYSTEM, parent=cast.fed, kind="union", name=f"新工会{i}", code=f"UN{i}")
    assert queries() == few
