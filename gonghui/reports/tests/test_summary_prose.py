"""The summary drafts its own prose: the opening, 存在的问题 and 下一步打算 come from the data for the officer to
edit, every number in them a live field equal to the registry; the wording does not repeat itself; every
indicator area with data appears in the summary and in the tables."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import INDICATORS, compute
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save
from gonghui.people import services as people
from gonghui.reports.summary import summary_build, summary_document
from gonghui.reports.summary.content import area
from gonghui.reports.summary.context import SummaryContext
from gonghui.reports.summary.officer_prompts import section_plans, section_problems
from gonghui.reports.tables import tables_write
from gonghui.reports.tables.data import rows_for
from gonghui.reports.tables.spec import SHEETS
from gonghui.reports.tests.trace_data import build

D = dt.date
H1 = parse_period("2026H1")


def save(cast, code, org, **values):
    return entry_save(actor=cast.root, kind=get_kind(code), org=org, values=values, participants=[])


@pytest.fixture
def union(cast):
    """文化局工会 (UA) in 2026H1: everything recorded at the union itself, so its 机关分会 has no record; less
    study than last year; an overdue mediation case and task; a competition still running; half the
    workers are members."""
    people.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join", date=D(2025, 3, 1))
    for day in (D(2025, 2, 1), D(2025, 3, 1), D(2025, 4, 1)):
        save(cast, "study", cast.ua, date=day, study_type="law", topic="去年的学习", participant_count=10)
    save(cast, "study", cast.ua, date=D(2026, 3, 1), study_type="law", topic="学习《工会法》", participant_count=40)
    save(cast, "aid", cast.ua, date=D(2026, 1, 20), aid_type="warmth", recipient=cast.zhou_person,
         person_times=3, amount=Decimal("12600.00"))
    save(cast, "competition", cast.ua, date=D(2026, 4, 1), title="2026年“安康杯”竞赛", competition_type="ankang")
    save(cast, "competition", cast.ua, date=D(2026, 2, 1), end_date=D(2026, 5, 31), title="2026年“安康杯”知识竞赛",
         competition_type="ankang", title_awarded="“安康杯”知识竞赛优胜班组（一班）")
    save(cast, "suggestion", cast.ua, date=D(2026, 3, 2), category="golden_idea", title="节能", status="in_progress")
    save(cast, "mediation", cast.ua, case_no="2026-1", date=D(2026, 3, 1), dispute_type="pay", status="mediating")
    save(cast, "task", cast.ua, date=D(2026, 2, 1), task="报送材料", due_on=D(2026, 3, 1))
    return cast


def _check_fields(paragraphs, values, last_year):
    fields = [f for p in paragraphs for f in p.fields]
    for f in fields:
        if f.role == "value":
            assert f.value == values[f.code], f.code
        else:
            assert f.value == values[f.code] - last_year[f.code], f.code
    return fields


def test_the_opening_names_the_main_work_and_its_numbers_as_live_fields(union):
    summary = summary_build(union.ua, H1)
    values, last_year = compute(union.ua, H1), compute(union.ua, H1.same_period_last_year())
    opening = summary.opening
    assert not opening.placeholder and "【" not in opening.text
    assert opening.text.startswith("上半年，我会在上级工会和同级党组织的领导下")
    assert "会员" not in opening.text  # the headcount opens 组织建设, right after
    assert "组织开展劳动竞赛2项" in opening.text and "发放慰问金1.26万元" in opening.text
    assert opening.text.endswith("现将上半年工作总结如下。")
    codes = {f.code for f in _check_fields([opening], values, last_year)}
    assert {"competitions", "aid_amount", "study_sessions"} <= codes


def test_problems_come_from_the_data_with_live_fields(union):
    summary = summary_build(union.ua, H1)
    values, last_year = summary.values, summary.last_year
    problems = next(s for s in summary.sections if s.key == "problems")
    text = "".join(p.text for p in problems.paragraphs)
    assert "【" not in text and not any(p.placeholder for p in problems.paragraphs)
    assert "一是部分工作同比有所下降，" in text and "学习培训同比减少2场" in text  # 3 sessions last year, 1 now
    assert "机关分会、后勤小组上半年没有工作台账和会员发展记录" in text  # a branch and a group under the union
    assert "受理的劳动争议中有1件未在受理后15日内结案" in text
    assert "上级交办任务中有1项逾期未完成" in text
    assert "入会率为50%，还有职工没有加入工会" in text
    assert "会费收缴率" not in text  # no dues_rate indicator yet
    codes = {(f.code, f.role) for f in _check_fields(problems.paragraphs, values, last_year)}
    assert {("study_sessions", "change"), ("mediation_overdue", "value"), ("tasks_overdue", "value"),
            ("membership_rate", "value")} <= codes


def test_plans_come_from_what_is_under_way(union):
    summary = summary_build(union.ua, H1)
    plans = next(s for s in summary.sections if s.key == "plans")
    text = "".join(p.text for p in plans.paragraphs)
    assert text.startswith("下半年，我会将紧紧围绕上级工会的工作部署，结合本单位实际，重点做好以下工作：")
    assert "一是继续推进仍在进行的“安康杯”竞赛" in text and "知识竞赛" not in text  # that one has ended
    assert "抓紧办理尚未完成的上级交办任务1项" in text
    assert "跟踪推进正在实施的合理化建议1项" in text
    assert "加强对机关分会、后勤小组的工作指导" in text
    codes = {f.code for f in _check_fields(plans.paragraphs, summary.values, summary.last_year)}
    assert {"tasks_open", "suggestions_in_progress"} <= codes


def test_a_dues_rate_below_100_is_a_problem_once_the_indicator_exists(union, monkeypatch):
    ctx = SummaryContext(union.ua, H1, None)
    assert "会费" not in "".join(p.text for p in section_problems(ctx).paragraphs)
    dues = dataclasses.replace(INDICATORS["membership_rate"], code="dues_rate", name="会费收缴率")
    monkeypatch.setitem(INDICATORS, "dues_rate", dues)
    ctx.values["dues_rate"] = Decimal("87.5")
    problems = "".join(p.text for p in section_problems(ctx).paragraphs)
    assert "会费收缴率为87.5%，会费还没有做到应收尽收" in problems
    assert "加强会费收缴，做到应收尽收" in "".join(p.text for p in section_plans(ctx).paragraphs)
    ctx.values["dues_rate"] = Decimal("100.0")
    assert "会费" not in "".join(p.text for p in section_problems(ctx).paragraphs)


def test_nothing_to_report_still_reads_as_a_paragraph(cast):
    people.membership_event_add(actor=cast.root, person=cast.wu_person, kind="join", date=D(2025, 3, 1))
    summary = summary_build(cast.ub, H1)
    problems = "".join(p.text for s in summary.sections if s.key == "problems" for p in s.paragraphs)
    assert "没有记录" in problems and "【" not in problems
    plans = "".join(p.text for s in summary.sections if s.key == "plans" for p in s.paragraphs)
    assert plans.startswith("下半年，我会将紧紧围绕") and plans.endswith("不断提高服务职工的能力。")


def test_an_award_does_not_repeat_the_competitions_name(union):
    doc = summary_document(org=union.ua, period=H1, signed_on=D(2026, 7, 10))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "“安康杯”知识竞赛评出优胜班组（一班）" in text
    assert "评出“安康杯”" not in text
    assert text.rstrip().endswith("2026年7月10日")  # the chosen 落款 date


def test_every_indicator_area_with_data_is_in_the_summary_and_the_tables(cast):
    build(cast)
    cast.ua.refresh_from_db()
    values = compute(cast.ua, H1)
    with_data = {area(code) for code, value in values.items() if value and code != "unions"}
    assert {"mediation", "contract", "openness", "proposal", "hardship", "honour", "task", "women"} <= with_data
    summary = summary_build(cast.ua, H1)
    written = {area(f.code) for s in summary.sections for f in s.fields}
    assert with_data <= written, with_data - written
    assert not [s for s in summary.sections if s.key == "other"]  # every area has its own sentence
    tabled = {area(r.code) for sheet in SHEETS for r in rows_for(sheet, cast.ua) if r.code in INDICATORS}
    assert with_data <= tabled, with_data - tabled
    out = io.BytesIO()
    tables_write(org=cast.ua, period=H1, target=out)
    out.seek(0)
    wb = openpyxl.load_workbook(out, data_only=True)
    for sheet in SHEETS:
        labels = {str(row[1]).rstrip("※"): row for row in wb[sheet.name].iter_rows(values_only=True) if row[1]}
        for r in rows_for(sheet, cast.ua):
            assert r.name in labels, (sheet.name, r.name)
    rights = {str(row[1]).rstrip("※"): row for row in wb["维权帮扶情况表"].iter_rows(values_only=True) if row[1]}
    assert rights["超过15日未结案"][3] == values["mediation_overdue"] == 2
    assert rights["获得各级荣誉"][3] == values["honours"]
