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
                                                                    ("UB", "live", "live")]  # its roster here
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


def test_it_packages_trusts_and_receives_a_zip_reporting_each_refusal(cast, task, settings, tmp_path):
    import zipfile

    from gonghui.core.scope_guard import unscoped
    from gonghui.reports.submissions.models import Submission

    settings.DATA_DIR = tmp_path  # this install's signing key is made here
    run("submit", "--org", "UA", "--period", "2026H1")
    out, _ = run("key", "--org", "UA", "-o", str(tmp_path / "UA.pub"))
    fingerprint = out.splitlines()[0].split("：")[1]
    assert "指纹：" + fingerprint in run("trust", "--org", "UA", str(tmp_path / "UA.pub"))[0]
    assert "未改变" in run("trust", "--org", "UA", str(tmp_path / "UA.pub"))[0]
    run("package", "--org", "UA", "--period", "2026H1", "-o", str(tmp_path / "UA.ghpkg"))
    with zipfile.ZipFile(tmp_path / "all.zip", "w") as z:
        z.write(tmp_path / "UA.ghpkg", "2026H1/UA.ghpkg")
        z.writestr("2026H1/UB.ghpkg", b"not a package")
        z.writestr("readme.txt", b"ignored")
    with unscoped("test: the federation's install has not seen the live submission"):
        Submission.objects.all().delete()
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("report", "receive", str(tmp_path / "all.zip"), "--json", stdout=out, stderr=err)
    assert "拒收1个" in str(exc.value)
    result = last_json(out.getvalue())
    assert (result["received"], result["unchanged"], result["refused"]) == (1, 0, 1)
    assert result["errors"] == [{"file": "2026H1/UB.ghpkg",
                                 "reason": "不是 gonghui 上报包或退回文件（文件损坏，或不是本系统导出的）。"}]
    items = last_json(run("status", "--org", "FED", "--period", "2026H1", "--json")[0])["items"]
    assert (items[0]["org"], items[0]["source"]) == ("UA", "package")


def test_status_tells_a_union_with_nothing_here_from_one_whose_numbers_are_live(cast):
    from gonghui.orgs.services import org_create

    org_create(actor=SYSTEM, parent=cast.fed, kind="union", name="新建工会", code="UN")  # no roster here
    report_task_create(actor=SYSTEM, org=cast.fed, contents="tables", period=parse_period("2026H1"),
                       deadline=timezone.localdate() + dt.timedelta(days=7))
    items = last_json(run("status", "--org", "FED", "--period", "2026H1", "--json")[0])["items"]
    assert {i["org"]: (i["state"], i["source"]) for i in items} == {
        "UA": ("live", "live"), "UB": ("live", "live"), "UN": ("missing", "live")}
    text = run("status", "--org", "FED", "--period", "2026H1")[0]
    assert "新建工会（UN）：未上报" in text and "文化局工会（UA）：未上报（用本系统实时数）" in text
