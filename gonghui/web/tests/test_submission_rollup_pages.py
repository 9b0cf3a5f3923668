"""The federation's counts-only entry and roll-up pages (issue #17 §1, §2): enter or import a union's numbers,
see the roll-up on either basis with each union's source, open the rows behind a number, download the reports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import parse_period
from gonghui.core.scope_guard import unscoped
from gonghui.core.tabular.writer import write_rows
from gonghui.reports.submissions.services import report_task_create


@pytest.fixture
def task(cast, monkeypatch):
    monkeypatch.setattr("gonghui.reports.tables.tables_check", lambda org, period, viewer=None: [])
    return report_task_create(actor=SYSTEM, org=cast.fed, contents="tables", period=parse_period("2026H1"),
                              deadline=timezone.localdate() + dt.timedelta(days=5))


def _ub(task, cast):
    with unscoped("test"):
        return task.targets.select_related("current").get(org=cast.ub)


def test_an_officer_enters_a_unions_counts_and_sees_them_rolled_up(cast, login, task):
    client = login(cast.root)
    url = reverse("web:submission-counts", args=[task.pk])
    page = client.get(url).content.decode()
    assert "录入一个单位" in page and 'name="v-workers"' in page and "v-membership_rate" not in page
    ub = _ub(task, cast)
    r = client.post(url, {"target": ub.pk, "v-workers": "40", "v-members": "三十"})
    assert r.status_code == 400 and "“机械厂工会”〈会员人数〉" in r.content.decode()
    assert 'value="40"' in r.content.decode()  # what was typed stays
    assert _ub(task, cast).current is None
    assert client.post(url, {"target": ub.pk, "v-workers": "40", "v-members": "30"}).status_code == 302
    board = client.get(reverse("web:submission-board", args=[task.pk])).content.decode()
    assert "总工会直接录入" in board and "汇总（上报数）" in board

    roll = client.get(reverse("web:submission-rollup", args=[task.pk]) + "?basis=submitted").content.decode()
    assert "数据口径：上报数" in roll and "总工会直接录入（冻结数）" in roll and "未计入" in roll
    rows = client.get(reverse("web:submission-rollup-rows", args=[task.pk, "workers"]) + "?basis=submitted")
    text = rows.content.decode()
    assert rows.status_code == 200 and "职工人数：40人" in text and "UB" in text and "第1版" in text
    live = client.get(reverse("web:submission-rollup", args=[task.pk]) + "?basis=live").content.decode()
    assert "数据口径：实时数" in live and "本系统上报（实时数）" in live
    for kind in ("tables", "summary"):
        got = client.get(reverse("web:submission-rollup-download", args=[task.pk, kind]) + "?basis=submitted")
        assert got.status_code == 200 and b"".join(got.streaming_content)[:2] == b"PK"
        assert "上报数" in got["Content-Disposition"] or "%E4%B8%8A%E6%8A%A5%E6%95%B0" in got["Content-Disposition"]
    assert client.get(reverse("web:submission-rollup", args=[task.pk]) + "?basis=other").status_code == 404
    assert client.get(reverse("web:submission-rollup-rows", args=[task.pk, "nothing"])).status_code == 404


def test_a_file_of_counts_is_imported_whole_or_not_at_all(cast, login, task):
    client = login(cast.root)
    url = reverse("web:submission-counts", args=[task.pk])

    def upload(rows):
        buf = io.BytesIO()
        write_rows(buf, ["组织代码", "单位名称", "职工人数"], rows)
        return SimpleUploadedFile("counts.xlsx", buf.getvalue())

    r = client.post(url, {"file": upload([["UB", "机械厂工会", 4], ["UA", "文化局工会", 1.5]])})
    assert r.status_code == 400 and "整个文件未导入" in r.content.decode() and "“文化局工会”〈职工人数〉" in r.content.decode()
    assert _ub(task, cast).current is None
    assert client.post(url, {"file": upload([["UB", "机械厂工会", 4]])}).status_code == 302
    assert _ub(task, cast).current.values == {"workers": 4}
    template = client.get(reverse("web:submission-counts-template", args=[task.pk]))
    assert template.status_code == 200 and b"".join(template.streaming_content)[:2] == b"PK"
