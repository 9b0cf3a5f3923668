"""`gonghui report counts|rollup` and `report indicators` as the federation's roll-up (issue #17 §2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.cli.tests.test_report_submissions import last_json, run
from gonghui.core.periods import parse_period
from gonghui.core.scope_guard import unscoped
from gonghui.core.tabular.writer import write_rows
from gonghui.indicators import registry
from gonghui.reports.submissions.models import Submission
from gonghui.reports.submissions.services import report_task_create

P = ("--period", "2026H1")


@pytest.fixture
def task(cast, monkeypatch):
    monkeypatch.setattr("gonghui.reports.tables.tables_check", lambda org, period, viewer=None: [])
    return report_task_create(actor=SYSTEM, org=cast.fed, contents="tables", period=parse_period("2026H1"),
                              deadline=timezone.localdate() + dt.timedelta(days=7))


def _live(org, code):
    with unscoped("test"):
        return registry.compute(org, parse_period("2026H1"), [code])[code]


def test_counts_for_one_union_enter_the_rollup_marked_counts(cast, task):
    out, _ = run("counts", "--org", "UB", *P, "--set", "workers=40", "--set", "会员人数=30", "--json")
    assert last_json(out) == {"entered": 1, "items": [
        {"org": "UB", "version": 1, "source": "counts", "values": {"workers": 40, "members": 30}}]}
    got = last_json(run("indicators", "--org", "FED", *P, "--json")[0])
    assert got["workers"] == _live(cast.fed, "workers") - _live(cast.ub, "workers") + 40
    assert got["membership_rate"] == float(registry.percent(got["members"], got["workers"]))
    full = last_json(run("indicators", "--org", "FED", *P, "--json", "--units")[0])
    assert {k: full[k] for k in ("org", "period", "basis", "task", "sources")} == {
        "org": "FED", "period": "2026H1", "basis": "live", "task": task.pk,
        "sources": {"live": 1, "package": 0, "counts": 1}}
    assert full["units"] == [
        {"org": "UA", "name": "文化局工会", "state": "missing", "source": "live", "version": None, "included": True,
         "frozen": False},
        {"org": "UB", "name": "机械厂工会", "state": "submitted", "source": "counts", "version": 1,
         "included": True, "frozen": True}]
    assert full["values"] == got
    items = last_json(run("status", "--org", "FED", *P, "--json")[0])["items"]
    assert [(i["org"], i["state"], i["source"]) for i in items] == [("UA", "live", "live"),
                                                                    ("UB", "submitted", "counts")]
    assert "机械厂工会（UB）：已上报 第1版（总工会直接录入）" in run("status", "--org", "FED", *P)[0]
    text, _ = run("indicators", "--org", "FED", *P)
    assert "口径：实时数" in text and "机械厂工会（UB）：总工会直接录入 第1版" in text


def test_submitted_takes_frozen_numbers_only(cast, task):
    run("counts", "--org", "UB", *P, "--set", "workers=7")
    got = last_json(run("indicators", "--org", "FED", *P, "--json", "--submitted")[0])
    assert (got["workers"], got["members"], got["membership_rate"]) == (7, 0, 0.0)
    run("submit", "--org", "UA", *P)
    got = last_json(run("indicators", "--org", "FED", *P, "--json", "--submitted")[0])
    assert got["workers"] == 7 + _live(cast.ua, "workers")
    with pytest.raises(CommandError, match="没有布置"):
        run("indicators", "--org", "UA", *P, "--json", "--submitted")


def test_a_file_of_counts_is_taken_whole_or_refused_whole(cast, task, tmp_path):
    bad = tmp_path / "bad.xlsx"
    write_rows(str(bad), ["组织代码", "单位名称", "职工人数"], [["UA", "文化局工会", 3], ["UB", "机械厂工会", -1]])
    with pytest.raises(CommandError) as exc:
        run("counts", "--org", "FED", *P, str(bad))
    assert "第3行：“机械厂工会”〈职工人数〉：“-1”不是非负整数" in str(exc.value)
    with unscoped("test"):
        assert not Submission.objects.exists()
    template = tmp_path / "t.xlsx"
    run("counts", "--org", "FED", *P, "--template", "-o", str(template))
    with pytest.raises(CommandError, match="没有填了数字的行"):  # the blank template enters nothing
        run("counts", "--org", "FED", *P, str(template))
    write_rows(str(bad), ["组织代码", "单位名称", "职工人数"], [["UA", "文化局工会", 3], ["UB", "机械厂工会", 1]])
    out, _ = run("counts", "--org", "FED", *P, str(bad), "--json")
    assert [(i["org"], i["values"]) for i in last_json(out)["items"]] == [("UA", {"workers": 3}),
                                                                          ("UB", {"workers": 1})]
    run("counts", "--org", "FED", *P, "--template", "-o", str(template))
    out, _ = run("counts", "--org", "FED", *P, str(template))  # the template lists them again, as entered
    assert "文化局工会第2版" in out
    with pytest.raises(CommandError, match="只能选一种"):
        run("counts", "--org", "FED", *P, str(bad), "--set", "workers=1")


def test_the_federations_reports_name_their_basis(cast, task, tmp_path):
    import openpyxl

    run("counts", "--org", "UB", *P, "--set", "workers=40")
    out, _ = run("rollup", "--org", "FED", *P, "--basis", "submitted", "-o", str(tmp_path / "汇总.xlsx"))
    assert "（上报数）" in out
    wb = openpyxl.load_workbook(tmp_path / "汇总.xlsx")
    assert wb["说明"]["A2"].value.startswith("数据口径：上报数")
    run("rollup", "--org", "FED", *P, "--basis", "live", "-o", str(tmp_path / "汇总.docx"))
    assert (tmp_path / "汇总.docx").read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match=r"\.xlsx"):
        run("rollup", "--org", "FED", *P, "--basis", "live", "-o", str(tmp_path / "汇总.pdf"))
