"""The upper union's tables (.xlsx): every number equals the registry's, totals are formulas whose cached
values are right, the layout prints, and the 逻辑检查 catches what a federation would reject."""

from __future__ import annotations

import datetime as dt
import io
import stat
from decimal import Decimal

import openpyxl
import pytest

from gonghui.core.periods import parse_period
from gonghui.indicators import registry
from gonghui.indicators.registry import compute
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save
from gonghui.people import services as people
from gonghui.reports.tables import SHEET_NAMES, CheckFailure, tables_check, tables_cli_write, tables_write

D = dt.date
H1 = parse_period("2026H1")
BASIC, MEMBERSHIP, ACTIVITY, MONTHLY, DEMOCRACY, RIGHTS, CHECK = SHEET_NAMES


def save(cast, code, org, participants=(), **values):
    return entry_save(actor=cast.root, kind=get_kind(code), org=org, values=values, participants=list(participants))


@pytest.fixture
def data(cast):
    """UA: 机关分会 (with 第一小组) and 后勤小组 straight under the union; UB a sibling union."""
    c = cast
    add = people.membership_event_add
    li = people.person_create(actor=c.root, org=c.ua_b1, name="李女工", gender="F")
    chen = people.person_create(actor=c.root, org=c.ua_g1, name="陈退休", gender="M")
    he = people.person_create(actor=c.root, org=c.ua, name="何直属", gender="F")
    add(actor=c.root, person=c.wang_person, kind="join", date=D(2024, 3, 1))
    add(actor=c.root, person=chen, kind="join", date=D(2020, 1, 1))
    add(actor=c.root, person=chen, kind="retain", date=D(2026, 4, 30))  # leaves the count, not by 退会
    add(actor=c.root, person=c.zhou_person, kind="join", date=D(2026, 2, 1))
    add(actor=c.root, person=li, kind="join", date=D(2026, 5, 20))
    add(actor=c.root, person=he, kind="join", date=D(2025, 6, 1))
    add(actor=c.root, person=c.wu_person, kind="join", date=D(2026, 1, 1))  # first day: new, not 期初
    people.position_add(actor=c.root, person=c.wang_person, org=c.ua_g1, title="group_leader", start_on=D(2025, 1, 1))
    people.position_add(actor=c.root, person=he, org=c.ua, title="safety_monitor", start_on=D(2025, 1, 1))

    for day in (D(2026, 1, 10), D(2026, 3, 5), D(2026, 5, 6)):
        save(c, "meeting", c.ua_b1, date=day, meeting_type="committee", title=f"分会会议{day}")
    save(c, "meeting", c.ua, date=D(2026, 6, 30), meeting_type="committee", title="委员会会议")
    save(c, "meeting", c.ub, date=D(2026, 2, 2), meeting_type="committee", title="兄弟单位会议")
    save(c, "study", c.ua, date=D(2026, 2, 1), study_type="law", topic="学习《工会法》", participant_count=30)
    save(c, "study", c.ua_b1, date=D(2026, 4, 1), study_type="safety", topic="安全培训", participant_count=12)
    save(c, "culture", c.ua, date=D(2026, 5, 1), title="五一趣味运动会", mode="own", participant_count=80,
         awards="团体第一名")
    # one household helped in January and again in February: 2 in the months, 1 for the half year
    save(c, "aid", c.ua, date=D(2026, 1, 20), aid_type="warmth", recipient=c.zhou_person, person_times=1,
         amount=Decimal("500.00"))
    save(c, "aid", c.ua, date=D(2026, 2, 10), aid_type="visit", recipient=c.zhou_person, person_times=1,
         amount=Decimal("300.50"))
    # a competition running across both quarters: counted in each quarter, once in the half year
    save(c, "competition", c.ua, date=D(2026, 3, 1), end_date=D(2026, 5, 31), title="2026年“安康杯”竞赛",
         competition_type="ankang", reward_amount=Decimal("2000.00"))
    save(c, "suggestion", c.ua_b1, date=D(2026, 3, 1), category="golden_idea", title="节能改造",
         status="implemented", economic_value=Decimal(12000))
    save(c, "suggestion", c.ua, date=D(2026, 4, 2), category="rationalisation", title="流程优化",
         status="rejected", rejection_reason="成本过高")
    save(c, "publicity", c.ua, date=D(2026, 4, 1), title="稿件一", media_type="website", media_name="区工会网")
    return c


def workbook(org, period=H1, **kw):
    buf = io.BytesIO()
    tables_write(org=org, period=period, target=buf, filled_on=D(2026, 7, 5), **kw)
    buf.seek(0)
    formulas = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    cached = openpyxl.load_workbook(io.BytesIO(buf.getvalue()), data_only=True)
    return formulas, cached


class Table:
    """Find cells by their labels: row by 指标名称 (column B), column by header text."""

    def __init__(self, wb_f, wb_v, name):
        self.f, self.v = wb_f[name], wb_v[name]
        self.rows = {}
        for r in range(1, self.f.max_row + 1):
            label = self.f.cell(r, 2).value
            if isinstance(label, str) and r not in self.rows.values():
                self.rows.setdefault(label.rstrip("※"), r)
        self.header = next(r for r in range(1, 10) if self.f.cell(r, 1).value == "序号")
        self.info = " ".join(str(self.f.cell(r, c).value) for r in range(2, self.header)
                             for c in range(1, self.f.max_column + 1) if self.f.cell(r, c).value)
        self.cols = {}
        for r in range(self.header, self.header + 2):
            for col in range(1, self.f.max_column + 1):
                text = self.f.cell(r, col).value
                if isinstance(text, str):
                    self.cols.setdefault(text, col)

    def formula(self, row, col):
        return self.f.cell(self.rows[row], self.cols[col]).value

    def value(self, row, col):
        return self.v.cell(self.rows[row], self.cols[col]).value


def same(cell, value):
    if value is None:
        return cell == "—"
    if isinstance(value, Decimal):
        return cell == pytest.approx(float(value))
    return cell == value


BASIC_ROWS = {"分会（车间工会）数": "branches", "工会小组数": "groups", "职工人数": "workers", "会员人数": "members",
              "其中：女会员": "members_female", "农民工会员": "members_migrant", "入会率": "membership_rate",
              "工会小组长": "group_leaders", "劳动保护监督员": "safety_monitors"}


def test_basic_table_has_one_column_per_branch_and_a_total_formula_equal_to_the_registry(data):
    f, v = workbook(data.ua)
    t = Table(f, v, BASIC)
    assert t.f["A1"].value == "基层工会基本情况统计表"
    assert t.f["A2"].value == "填报单位（盖章）：文化局工会"
    assert "统计期间：2026年上半年（2026-01-01 至 2026-06-30）" in t.info
    assert "填报日期：2026年7月5日" in t.info
    assert "机关分会" in t.cols and "工会本级（含直属小组）" in t.cols and "合计" in t.cols
    assert "后勤小组" not in t.cols  # a group straight under the union stays in 本级

    whole = compute(data.ua, H1)
    branch = compute(data.ua_b1, H1)
    b, own, total = t.cols["机关分会"], t.cols["工会本级（含直属小组）"], t.cols["合计"]
    assert (b, own) == (total + 1, total + 2)
    for label, code in BASIC_ROWS.items():
        assert same(t.value(label, "合计"), whole[code]), label
        assert same(t.value(label, "机关分会"), branch[code]), label
        r = t.rows[label]
        if code == "membership_rate":
            assert t.formula(label, "合计").startswith("=IF(")
            continue
        letter = openpyxl.utils.get_column_letter
        assert t.formula(label, "合计") == f"=SUM({letter(b)}{r}:{letter(own)}{r})", label
        assert t.value(label, "机关分会") + t.value(label, "工会本级（含直属小组）") == whole[code], label
    # counted by hand: 王 (g1, M), 周 (g2, F by her ID number, migrant), 李 (b1, F), 何 (ua, F); 陈 retained
    assert (whole["members"], whole["members_female"], whole["members_migrant"]) == (4, 3, 1)
    assert t.value("会员人数", "机关分会") == 2 and t.value("会员人数", "工会本级（含直属小组）") == 2
    assert t.value("工会小组数", "工会本级（含直属小组）") == 1
    assert t.value("劳动保护监督员", "工会本级（含直属小组）") == 1


def test_missing_indicators_are_marked_not_invented(data):
    f, v = workbook(data.ua)
    t = Table(f, v, BASIC)
    row = t.rows["劳务派遣会员"]
    if "members_dispatched" in registry.INDICATORS:  # pragma: no cover - once the indicator exists
        assert isinstance(t.v.cell(row, 4).value, int)
    else:
        assert t.v.cell(row, 4).value == "待补充"
        notes = " ".join(str(t.f.cell(r, 1).value) for r in range(row, t.f.max_row + 1))
        assert "members_dispatched" in notes


def test_federation_has_one_column_per_union_and_its_total_is_the_federations_value(data):
    f, v = workbook(data.fed)
    t = Table(f, v, BASIC)
    assert "文化局工会" in t.cols and "机械厂工会" in t.cols
    assert not any("本级" in k for k in t.cols)  # nothing recorded at the federation itself
    fed, ua, ub = (compute(o, H1) for o in (data.fed, data.ua, data.ub))
    for label, code in BASIC_ROWS.items():
        assert same(t.value(label, "文化局工会"), ua[code]), label
        assert same(t.value(label, "机械厂工会"), ub[code]), label
        assert same(t.value(label, "合计"), fed[code]), label
        if code != "membership_rate":
            assert fed[code] == ua[code] + ub[code], label
    if "unions" in fed:  # 基层工会数: one per union column, the federation's count in 合计
        assert (t.value("基层工会数", "文化局工会"), t.value("基层工会数", "合计")) == (1, fed["unions"]) == (1, 2)
    notes = " ".join(str(t.f.cell(r, 1).value) for r in range(t.rows["劳动保护监督员"] + 1, t.f.max_row + 1))
    assert "本级" not in notes
    m = Table(f, v, MEMBERSHIP)
    assert m.value("期末会员人数", "合计") == fed["members"] == 5
    assert (m.value("期初会员人数", "合计"), m.value("期初会员人数", "机械厂工会")) == (3, 0)
    assert m.value("本期新入会", "机械厂工会") == ub["members_joined"] == 1


def test_membership_table_balances_with_the_retained_member_shown(data):
    f, v = workbook(data.ua)
    t = Table(f, v, MEMBERSHIP)
    w = compute(data.ua, H1)
    opening = compute(data.ua, parse_period(start=D(2025, 12, 31), end=D(2025, 12, 31)), ["members"])["members"]
    assert opening == 3  # 王, 陈, 何
    assert t.value("期初会员人数", "合计") == opening
    assert t.value("本期新入会", "合计") == w["members_joined"] == 2
    assert t.value("本期退会（含除名）", "合计") == w["members_left"] == 0
    assert t.value("期末会员人数", "合计") == w["members"] == 4
    assert t.value("其他变动（保留会籍、恢复会籍等）", "合计") == -1  # 陈 kept 会籍 on retiring
    check = "平衡校验：1+2+3−4−5+6−7（应为0）"
    r = {k: t.rows[k] for k in t.rows}
    assert t.formula(check, "合计") == (
        f"=D{r['期初会员人数']}+D{r['本期新入会']}+D{r['本期转入']}-D{r['本期转出']}-D{r['本期退会（含除名）']}"
        f"+D{r['其他变动（保留会籍、恢复会籍等）']}-D{r['期末会员人数']}")
    for col in ("合计", "机关分会", "工会本级（含直属小组）"):
        assert t.value(check, col) == 0


def test_activity_report_has_quarter_columns_and_does_not_add_overlapping_competitions(data):
    f, v = workbook(data.ua)
    t = Table(f, v, ACTIVITY)
    assert t.f["A1"].value == "工会活动统计季报表"
    q1, q2 = compute(data.ua, parse_period("2026Q1")), compute(data.ua, parse_period("2026Q2"))
    whole = compute(data.ua, H1)
    assert (t.value("开展劳动竞赛", "第一季度"), t.value("开展劳动竞赛", "第二季度")) == (1, 1)
    assert t.value("开展劳动竞赛", "合计") == whole["competitions"] == 1  # the registry's, not 1 + 1
    assert t.formula("开展劳动竞赛", "合计") == 1
    assert t.value("劳动竞赛奖励金额", "合计") == pytest.approx(2000.0)
    for label, code in (("征集金点子/合理化建议", "suggestions_collected"), ("学习培训场次", "study_sessions"),
                        ("学习培训人次", "study_person_times"), ("宣传稿件", "articles"),
                        ("文体活动人次", "culture_person_times"), ("建议经济效益", "suggestions_value")):
        assert same(t.value(label, "第一季度"), q1[code]) and same(t.value(label, "第二季度"), q2[code]), label
        assert same(t.value(label, "合计"), whole[code]), label
        assert t.formula(label, "合计") == f"=SUM(D{t.rows[label]}:E{t.rows[label]})", label
    assert t.value("学习培训人次", "合计") == 42


def test_a_single_quarter_gets_this_period_and_year_to_date(data):
    f, v = workbook(data.ua, parse_period("2026Q2"))
    t = Table(f, v, ACTIVITY)
    assert "本期" in t.cols and "本年累计" in t.cols and "合计" not in t.cols
    ytd = compute(data.ua, parse_period(start=D(2026, 1, 1), end=D(2026, 6, 30)))
    assert t.value("学习培训场次", "本期") == compute(data.ua, parse_period("2026Q2"))["study_sessions"] == 1
    assert t.value("学习培训场次", "本年累计") == ytd["study_sessions"] == 2


def test_monthly_report_sums_months_but_takes_distinct_households_for_the_whole_period(data):
    f, v = workbook(data.ua)
    t = Table(f, v, MONTHLY)
    assert [k for k in t.cols if k.endswith("月")] == [f"{m}月" for m in range(1, 7)]
    for m in range(1, 7):
        month = compute(data.ua, parse_period(f"2026-{m:02d}"))
        for label, code in (("会议", "meetings"), ("帮扶户数", "aid_households"), ("帮扶金额", "aid_amount"),
                            ("新入会会员", "members_joined")):
            assert same(t.value(label, f"{m}月"), month[code]), (label, m)
    whole = compute(data.ua, H1)
    assert t.formula("会议", "合计") == f"=SUM(D{t.rows['会议']}:I{t.rows['会议']})"
    assert t.value("会议", "合计") == whole["meetings"] == 4
    assert t.value("帮扶户数", "1月") + t.value("帮扶户数", "2月") == 2
    assert t.value("帮扶户数", "合计") == whole["aid_households"] == 1
    assert t.formula("帮扶户数", "合计") == 1  # a value, not =SUM
    assert t.value("帮扶金额", "合计") == pytest.approx(800.5)
    notes = " ".join(str(t.f.cell(r, 1).value) for r in range(t.rows["新入会会员"] + 1, t.f.max_row + 1))
    assert "帮扶户数" in notes and "不是各月之和" in notes


def test_sheets_are_print_ready(data):
    f, _ = workbook(data.ua)
    assert f.sheetnames == list(SHEET_NAMES)
    for name in SHEET_NAMES:
        ws = f[name]
        assert ws.page_setup.paperSize == 9, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.page_setup.fitToWidth in (None, 1), name  # absent means 1 (OOXML default)
        assert ws.page_setup.fitToHeight == 0, name
        assert ws.print_options.horizontalCentered, name
        assert ws.print_title_rows, name
    basic = f[BASIC]
    t = Table(f, f, BASIC)
    header = t.header
    assert basic.print_title_rows == f"${header}:${header + 1}"  # both header rows: 合计/其中：各分会, names
    assert f[MONTHLY].page_setup.orientation == "landscape"
    assert "A1:" in " ".join(str(r) for r in basic.merged_cells.ranges)  # centred title across the table
    assert basic["A1"].alignment.horizontal == "center"
    assert basic.cell(t.rows["职工人数"], 4).border.left.style == "thin"
    assert basic.cell(t.rows["职工人数"], 4).number_format == "0"
    assert basic.cell(t.rows["入会率"], 4).number_format == "0.0"
    last = max(r for r in range(1, basic.max_row + 1) if basic.cell(r, 1).value)
    assert "单位负责人" in basic.cell(last, 1).value and "制表人" in basic.cell(last, 1).value
    assert "审核人" in basic.cell(last, 1).value


def test_all_checks_pass_on_consistent_data(data):
    assert tables_check(data.ua, H1) == []
    assert tables_check(data.fed, H1) == []
    f, _ = workbook(data.fed)
    texts = [c.value for row in f[CHECK].iter_rows() for c in row if c.value]
    assert any(str(t).startswith("全部通过") for t in texts)


def _patched(monkeypatch, org, code, value):
    real = registry.compute

    def fake(o, period, codes=None):
        values = real(o, period, codes)
        if o.pk == org.pk and code in values and period == H1:
            values[code] = value
        return values

    monkeypatch.setattr(registry, "compute", fake)
    real_both = registry.compute_with_breakdown

    def fake_both(o, period, codes=None, *, children=None):  # the org's value read as a total or a part
        total, parts = real_both(o, period, codes, children=children)
        values = total if o.pk == org.pk else parts.get(org.pk)
        if values is not None and code in values and period == H1:
            values[code] = value
        return total, parts

    monkeypatch.setattr(registry, "compute_with_breakdown", fake_both)


def test_check_catches_more_women_than_members_and_lists_the_numbers(data, monkeypatch):
    _patched(monkeypatch, data.ua, "members_female", 9)
    failures = tables_check(data.ua, H1)
    women = [x for x in failures if x.rule == "女会员 ≤ 会员" and "文化局工会" in x.where]
    assert len(women) == 1 and isinstance(women[0], CheckFailure)
    assert women[0].numbers == {"女会员": 9, "会员人数": 4}
    assert str(women[0]) == "女会员 ≤ 会员｜基层工会基本情况统计表 · 文化局工会：女会员 9，会员人数 4"
    f, _ = workbook(data.ua)
    rows = [[c.value for c in row] for row in f[CHECK].iter_rows()]
    hit = next(r for r in rows if r[1] == "女会员 ≤ 会员")
    assert "女会员 9" in hit[3] and "会员人数 4" in hit[3]


def test_check_catches_branches_exceeding_their_union(data, monkeypatch):
    _patched(monkeypatch, data.ua_b1, "workers", 50)
    failures = tables_check(data.ua, H1)
    sums = [x for x in failures if x.rule == "各分会之和 ≤ 本单位合计"]
    assert [x.numbers for x in sums] == [{"各分会之和": 50, "本单位合计": 5}]
    assert "职工人数" in sums[0].where


def test_check_catches_a_federation_total_that_is_not_the_sum_of_its_unions(data, monkeypatch):
    _patched(monkeypatch, data.ub, "members", 3)
    failures = tables_check(data.fed, H1)
    bad = [x for x in failures if x.rule == "总工会合计 = 各下级工会之和" and "会员人数" in x.where]
    assert bad and bad[0].numbers == {"各下级工会之和": 7, "本单位合计": 5, "差额": -2}


def test_check_catches_members_above_workers_and_rates_above_100(data, monkeypatch):
    _patched(monkeypatch, data.ua, "workers", 2)
    failures = tables_check(data.ua, H1)
    over = next(x for x in failures if x.rule == "会员 ≤ 职工" and "文化局工会" in x.where)
    assert over.numbers == {"会员人数": 4, "职工人数": 2, "多出": 2}
    _patched(monkeypatch, data.ua, "membership_rate", Decimal("200.0"))
    rates = [x for x in tables_check(data.ua, H1) if x.rule == "入会率在0～100%之间"]
    assert rates and rates[0].numbers["入会率"] == Decimal("200.0")


def test_check_catches_months_that_do_not_add_up(data, monkeypatch):
    real = registry.compute_slices

    def fake(o, periods, codes=None):  # the months are computed at once
        out = real(o, periods, codes)
        for period, values in zip(periods, out):
            if period == parse_period("2026-03") and "meetings" in values:
                values["meetings"] += 5
        return out

    monkeypatch.setattr(registry, "compute_slices", fake)
    failures = tables_check(data.ua, H1)
    months = [x for x in failures if x.rule == "各月（季度）之和 = 全期" and "会议" in x.where]
    assert months and months[0].numbers == {"各栏之和": 9, "全期": 4}


def test_cli_write_replaces_the_file_whole_and_returns_the_failures(data, tmp_path):
    out = tmp_path / "tables.xlsx"
    out.write_bytes(b"old")
    assert tables_cli_write(data.ua, H1, out) == []
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == list(SHEET_NAMES)
    assert out.stat().st_mode & stat.S_IRGRP  # not the 0600 of a temp file
    assert list(tmp_path.iterdir()) == [out]


def test_a_federation_sees_which_unions_recorded_nothing(cast):
    save(cast, "meeting", cast.ua, date=D(2026, 3, 1), meeting_type="committee", title="委员会会议")
    f, _ = workbook(cast.fed)
    texts = " ".join(str(c.value) for row in f[CHECK].iter_rows() for c in row if c.value)
    assert "没有任何台账或入会记录" in texts and "机械厂工会" in texts and "文化局工会" not in texts.split("提示")[1]


# --- 民主管理 and 维权帮扶 --------------------------------------------------------------------------------------

DEMOCRACY_ROWS = {"职代会提案": "proposals_received", "其中：办结": "proposals_closed", "厂务公开": "openness_events",
                  "期末有效集体合同（含专项合同）": "contracts_in_force", "集体合同覆盖职工": "contract_workers_covered",
                  "其中：综合集体合同覆盖职工": "contract_workers_covered_general", "上级交办任务": "tasks_assigned",
                  "其中：按期完成": "tasks_on_time", "逾期": "tasks_overdue",
                  "期末未完成的上级交办任务（含以前各期交办）": "tasks_open", "现行有效的工会制度": "rules"}
RIGHTS_ROWS = {"调解受理": "mediation_received", "其中：调解成功": "mediation_succeeded",
               "超过15日未结案": "mediation_overdue", "期末在档困难职工": "hardship_files", "帮扶户数": "aid_households",
               "帮扶人次": "aid_person_times", "帮扶金额": "aid_amount", "女职工工作": "women_activities",
               "获得各级荣誉": "honours"}


@pytest.fixture
def rights(data):
    c = data
    save(c, "proposal", c.ua_b1, date=D(2026, 3, 1), title="食堂改善", status="closed")
    save(c, "proposal", c.ua, date=D(2026, 4, 1), title="增设休息室", status="received")
    save(c, "openness", c.ua, date=D(2026, 2, 1), matter="年度预算")
    save(c, "contract", c.ua, date=D(2025, 1, 1), contract_type="general", start_on=D(2025, 1, 1),
         end_on=D(2027, 12, 31), workers_covered=4)
    save(c, "contract", c.ua, date=D(2025, 1, 1), contract_type="wages", start_on=D(2025, 1, 1),
         end_on=D(2027, 12, 31), workers_covered=4)
    save(c, "task", c.ua, date=D(2026, 1, 5), task="报送年报", due_on=D(2026, 1, 31), completed_on=D(2026, 1, 30))
    save(c, "task", c.ua_b1, date=D(2026, 3, 1), task="组织培训", due_on=D(2026, 4, 1))  # overdue, still open
    save(c, "mediation", c.ua, case_no="1", date=D(2026, 2, 1), dispute_type="pay", status="succeeded",
         closed_on=D(2026, 2, 10))
    save(c, "mediation", c.ua_b1, case_no="2", date=D(2026, 3, 1), dispute_type="pay", status="mediating")
    save(c, "aid", c.ua_b1, date=D(2026, 3, 3), aid_type="visit", recipient=c.zhou_person, person_times=1,
         amount=Decimal("200.00"))  # the same household as the union's two visits
    save(c, "hardship", c.ua, person=c.zhou_person, category="relative", date=D(2025, 1, 1))
    save(c, "women", c.ua, date=D(2026, 3, 8), women_type="march8", title="三八节活动")
    save(c, "honour", c.ua, date=D(2026, 5, 1), recipient_org=c.ua_b1, honour_name="工人先锋号", level="city")
    return c


def test_democracy_and_rights_tables_have_a_column_per_branch_and_the_registry_values(rights):
    f, v = workbook(rights.ua)
    whole, branch = compute(rights.ua, H1), compute(rights.ua_b1, H1)
    letter = openpyxl.utils.get_column_letter
    for name, rows in ((DEMOCRACY, DEMOCRACY_ROWS), (RIGHTS, RIGHTS_ROWS)):
        t = Table(f, v, name)
        assert "机关分会" in t.cols and "工会本级（含直属小组）" in t.cols
        b, own = t.cols["机关分会"], t.cols["工会本级（含直属小组）"]
        for label, code in rows.items():
            assert same(t.value(label, "合计"), whole[code]), (name, label)
            assert same(t.value(label, "机关分会"), branch[code]), (name, label)
            r = t.rows[label]
            if code == "aid_households":  # distinct people: the union's own number, not a sum
                assert t.formula(label, "合计") == whole[code] == 1 and t.value(label, "机关分会") == 1
                assert t.f.cell(r, 2).value.endswith("※")
            else:
                assert t.formula(label, "合计") == f"=SUM({letter(b)}{r}:{letter(own)}{r})", (name, label)
    assert (whole["proposals_received"], whole["proposals_closed"], whole["tasks_assigned"]) == (2, 1, 2)
    assert (whole["tasks_on_time"], whole["tasks_overdue"], whole["tasks_open"]) == (1, 1, 1)
    assert (whole["mediation_received"], whole["mediation_overdue"], whole["contracts_in_force"]) == (2, 1, 2)
    assert tables_check(rights.ua, H1) == []


def test_check_covers_the_democracy_and_rights_rows(rights, monkeypatch):
    _patched(monkeypatch, rights.ua, "mediation_succeeded", 5)
    hits = [x for x in tables_check(rights.ua, H1) if x.rule == "调解成功 ≤ 调解受理"]
    assert hits[0].numbers == {"调解成功": 5, "调解受理": 2} and hits[0].where == "维权帮扶情况表 · 文化局工会"


def test_check_catches_tasks_done_and_late_above_the_tasks_and_contracts_above_the_workers(rights, monkeypatch):
    _patched(monkeypatch, rights.ua_b1, "tasks_overdue", 3)
    rules = {x.rule: x for x in tables_check(rights.ua, H1) if "机关分会" in x.where}
    assert rules["逾期 ≤ 上级交办任务"].where == "民主管理情况表 · 机关分会"
    assert rules["按期完成 + 逾期 ≤ 上级交办任务"].numbers == {"按期完成": 0, "逾期": 3, "上级交办任务": 1}
    monkeypatch.undo()
    _patched(monkeypatch, rights.ua, "contract_workers_covered_general", 40)
    failures = tables_check(rights.ua, H1)
    assert [x.numbers for x in failures if x.rule == "综合集体合同覆盖职工 ≤ 职工人数"] == [
        {"综合集体合同覆盖职工": 40, "职工人数": 5, "多出": 35}]


def test_an_indicator_no_sheet_prints_lands_on_the_last_sheet(data, monkeypatch):
    import dataclasses

    extra = dataclasses.replace(registry.INDICATORS["meetings"], code="new_area_events", name="新领域活动",
                                source="new_area")
    monkeypatch.setitem(registry.INDICATORS, "new_area_events", extra)
    f, v = workbook(data.ua)
    t = Table(f, v, RIGHTS)
    assert "五、其他指标" in t.rows and t.value("新领域活动", "合计") == compute(data.ua, H1, ["meetings"])["meetings"]


def test_check_lists_an_amount_far_above_the_unions_usual_as_one_to_verify(data):
    from gonghui.reports.tables.checks import UNUSUAL_AMOUNT, VERIFY, severity

    save(data, "aid", data.ua_g2, date=D(2026, 5, 8), aid_type="visit", recipient=data.zhou_person, person_times=1,
         amount=Decimal("99999999.00"))
    found = [f for f in tables_check(data.ua, H1) if f.rule == UNUSUAL_AMOUNT]
    assert len(found) == 1 and severity(found[0]) == VERIFY
    assert found[0].numbers["金额"] == Decimal("99999999.00") and "后勤小组" in found[0].where
    assert "请核对是否多输了位数" in found[0].detail
    assert [f for f in tables_check(data.ub, H1) if f.rule == UNUSUAL_AMOUNT] == []
