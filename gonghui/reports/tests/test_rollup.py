"""Counts-only unions and the federation's roll-up (issue #17 §2), and its reports from frozen numbers (§1).

The cast's 某区总工会 FED has two unions: UA (live here, 2 workers) and UB (1 worker here). UB's numbers are
entered as counts, so the roll-up takes UB from them and leaves its live rows out.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.core.models import AuditEvent
from gonghui.core.periods import parse_period
from gonghui.core.scope_guard import unscoped
from gonghui.core.tabular.writer import write_rows
from gonghui.indicators import registry
from gonghui.reports.submissions import services
from gonghui.reports.submissions.counts_services import counts_enter, counts_import, counts_template
from gonghui.reports.submissions.models import Submission, TargetState
from gonghui.reports.submissions.rollup_files import cover_lines, rollup_summary_write, rollup_tables_write
from gonghui.reports.submissions.rollup_selectors import rollup

H1 = parse_period("2026H1")
CODES = ["workers", "members", "membership_rate", "aid_amount"]


@pytest.fixture
def task(cast, monkeypatch):
    monkeypatch.setattr("gonghui.reports.tables.tables_check", lambda org, period, viewer=None: [])
    return services.report_task_create(actor=cast.root, org=cast.fed, contents="tables", period=H1,
                                       deadline=timezone.localdate() + dt.timedelta(days=10))


def _target(task, org):
    with unscoped("test"):
        return task.targets.select_related("org", "task", "current").get(org=org)


def _live(org, codes=("workers", "members", "aid_amount")):
    with unscoped("test"):
        return registry.compute(org, H1, list(codes))


def test_counts_are_checked_cell_by_cell_and_refused_whole(cast, task):
    target = _target(task, cast.ub)
    with pytest.raises(ValidationError) as exc:
        counts_enter(actor=cast.root, target=target,
                     values={"workers": "-3", "会员人数": "2.5", "aid_amount": "10.005", "membership_rate": 50})
    text = " ".join(exc.value.messages)
    assert "“机械厂工会”〈职工人数〉：“-3”不是非负整数" in text
    assert "〈会员人数〉：“2.5”不是非负整数" in text
    assert "〈" in text and "“10.005”不是有效金额" in text
    assert "“membership_rate”不是可以录入的指标" in text
    with unscoped("test"):
        assert Submission.objects.count() == 0
    with pytest.raises(ValidationError, match="过大"):
        counts_enter(actor=cast.root, target=target, values={"workers": "1e30"})
    with pytest.raises(ValidationError, match="没有填写任何指标数"):
        counts_enter(actor=cast.root, target=target, values={"workers": ""})
    with pytest.raises(PermissionDenied):  # UB's own admin may not enter the federation's counts
        counts_enter(actor=cast.admin_b, target=target, values={"workers": 5})


def test_counts_make_a_frozen_version_marked_counts_and_audited(cast, task):
    target = _target(task, cast.ub)
    sub = counts_enter(actor=cast.root, target=target, values={"职工人数": "40", "members": 30, "aid_amount": "1200.5"})
    assert (sub.source, sub.version, sub.values) == ("counts", 1, {"workers": 40, "members": 30,
                                                                   "aid_amount": "1200.50"})
    target = _target(task, cast.ub)
    assert (target.state, target.current_id) == (TargetState.SUBMITTED, sub.pk)
    with unscoped("test"):
        row = AuditEvent.objects.filter(changes__step="counts").get()
    assert row.changes["via"] == "form" and row.changes["values"]["workers"] == 40
    assert counts_enter(actor=cast.root, target=target, values={"workers": 41}).version == 2  # a new version


def test_counts_are_refused_for_a_union_that_reported_itself(cast, task):
    target = _target(task, cast.ua)
    services.submission_submit(actor=cast.chair_a, target=target, codes=["workers"])
    with pytest.raises(ValidationError, match="已经在本系统上报（第1版）"):
        counts_enter(actor=cast.root, target=_target(task, cast.ua), values={"workers": 1})


def _xlsx(rows, header=("组织代码", "单位名称", "职工人数", "members", "帮扶金额")) -> bytes:
    buf = io.BytesIO()
    write_rows(buf, list(header), rows)
    return buf.getvalue()


def test_an_import_is_one_row_per_union_all_or_nothing(cast, task):
    aid = registry.INDICATORS["aid_amount"].name
    header = ("组织代码", "单位名称", "职工人数", "members", aid)
    bad = _xlsx([["UB", "机械厂工会", 10, 8, 100], ["UA", "文化局工会", 5, "x", 0], ["ZZ", "", 1, 1, 1]], header)
    with pytest.raises(ValidationError) as exc:
        counts_import(actor=cast.root, task=task, source=bad, name="counts.xlsx")
    text = exc.value.messages[0]
    assert "整个文件未导入" in text and "第3行：“文化局工会”〈会员人数〉" in text and "第4行：“ZZ”不是本任务的上报单位" in text
    with unscoped("test"):
        assert Submission.objects.count() == 0
    misspelt = _xlsx([["UB", "机械厂工会", 10, 8]], ("组织代码", "单位名称", "职工人数", "会员数"))
    with pytest.raises(ValidationError, match="表头中的“会员数”不是可以录入的指标"):
        counts_import(actor=cast.root, task=task, source=misspelt, name="counts.xlsx")
    good = _xlsx([["UB", "机械厂工会", 10, 8, 100.25], ["", "文化局工会", 5, 4, None]], header)
    subs = counts_import(actor=cast.root, task=task, source=good, name="counts.xlsx")
    assert [(s.org_code, s.values) for s in subs] == [
        ("UB", {"workers": 10, "members": 8, "aid_amount": "100.25"}), ("UA", {"workers": 5, "members": 4})]
    template = counts_template(task=task)
    assert template[:2] == b"PK"  # filled in again, it imports as version 2
    assert {s.version for s in counts_import(actor=cast.root, task=task, source=template, name="t.xlsx")} == {2}


def test_the_live_rollup_takes_a_counts_union_from_its_counts(cast, task):
    counts_enter(actor=cast.root, target=_target(task, cast.ub), values={"workers": 40, "members": 30,
                                                                        "aid_amount": "100.00"})
    r = rollup(viewer=cast.root, org=cast.fed, period=H1, codes=CODES)
    fed, ub = _live(cast.fed), _live(cast.ub)
    assert ub["workers"] == 1  # UB's live row is left out: its numbers came as counts
    assert r.values["workers"] == fed["workers"] - 1 + 40
    assert r.values["aid_amount"] == fed["aid_amount"] - ub["aid_amount"] + Decimal("100.00")
    assert r.values["membership_rate"] == registry.percent(r.values["members"], r.values["workers"])
    assert {u.target.org.code: (u.source, u.included, u.frozen) for u in r.units} == {
        "UA": ("live", True, False), "UB": ("counts", True, True)}
    assert r.sources() == {"live": 1, "package": 0, "counts": 1}


def test_the_submitted_rollup_holds_frozen_numbers_only(cast, task):
    services.submission_submit(actor=cast.chair_a, target=_target(task, cast.ua), codes=["workers", "members"])
    frozen = _live(cast.ua, ["workers", "members"])
    r = rollup(viewer=cast.root, org=cast.fed, period=H1, codes=CODES, submitted=True)
    assert (r.values["workers"], r.values["members"]) == (frozen["workers"], frozen["members"])
    assert {u.target.org.code: (u.source, u.included) for u in r.units} == {"UA": ("live", True),
                                                                             "UB": ("live", False)}
    counts_enter(actor=cast.root, target=_target(task, cast.ub), values={"workers": 7, "members": 7})
    services.submission_return(actor=cast.root, target=_target(task, cast.ua), reason="重报")
    r = rollup(viewer=cast.root, org=cast.fed, period=H1, codes=CODES, submitted=True)
    assert (r.values["workers"], r.values["membership_rate"]) == (7, Decimal("100.0"))  # UA returned: left out
    assert r.unit_rows("workers")[0][0].target.org.code == "UB"


def test_the_submitted_rollup_needs_a_task(cast):
    with pytest.raises(ValidationError, match="没有布置"):
        rollup(viewer=cast.root, org=cast.fed, period=H1, submitted=True)
    assert rollup(viewer=cast.root, org=cast.fed, period=H1, codes=["workers"]).values == _live(cast.fed, ["workers"])


def test_the_reports_say_their_basis_on_the_cover(cast, task):
    import openpyxl
    from docx import Document

    counts_enter(actor=cast.root, target=_target(task, cast.ub), values={"workers": 40})
    r = rollup(viewer=cast.root, org=cast.fed, period=H1, codes=CODES, submitted=True)
    assert cover_lines(r)[0].startswith("数据口径：上报数")
    buf = io.BytesIO()
    rollup_tables_write(r, buf)
    wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    assert wb.sheetnames == ["说明", "汇总", "各单位"]
    assert wb["说明"]["A2"].value.startswith("数据口径：上报数")
    units = list(wb["各单位"].iter_rows(values_only=True))
    assert units[2][:6] == ("UB", "机械厂工会", "已上报", "总工会直接录入", 1, 40)
    assert units[1][3] == "未计入"
    doc = io.BytesIO()
    rollup_summary_write(rollup(viewer=cast.root, org=cast.fed, period=H1, codes=CODES), doc)
    assert Document(io.BytesIO(doc.getvalue())).paragraphs[1].text.startswith("数据口径：实时数")
