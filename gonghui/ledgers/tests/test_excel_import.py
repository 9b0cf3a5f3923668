"""ledger_import: every kind from a workbook the test builds, natural keys, people and org columns, the rules,
all-or-nothing, and who may import where."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.accounts.scoping import SYSTEM
from gonghui.conftest import make_id
from gonghui.core.models import AuditEvent
from gonghui.ledgers import models as m
from gonghui.ledgers.excel import ledger_import
from gonghui.ledgers.excel import writing as writing_module
from gonghui.ledgers.excel.lookup import split_people
from gonghui.ledgers.excel.spec import layout_of
from gonghui.ledgers.kinds import (
    CHOICE,
    DATE,
    DECIMAL,
    INT,
    KINDS,
    MONEY,
    ORG,
    PERSON,
    PERSON_OR_ORG,
    PERSONS,
)
from gonghui.ledgers.tests.excel_files import SAMPLES, header_of, write_ledger
from gonghui.orgs import services as orgs
from gonghui.people import services as people
from gonghui.people.roster.importer import write_refused

D = dt.date


def run(cast, path, kind, org=None, actor=SYSTEM, **kw):
    return ledger_import(actor=actor or cast.chair_a, kind=kind, org=org or cast.ua, source=path, **kw)


def reasons(result):
    return [r.reason for r in result.refusals]


def assert_matches(code, entry, sample):
    """Every column of the entry holds what the sample row's cell said (absent = empty)."""
    for col in layout_of(code).columns:
        cell = sample.get(col.header)
        value = None if col.type in (ORG, PERSONS, PERSON_OR_ORG) else getattr(entry, col.field)
        if col.type == DATE:
            assert value == cell, col.header
        elif col.type == CHOICE:
            assert dict(col.choices.choices).get(value, "") == (cell or ""), col.header
        elif col.type == INT:
            expected = cell if cell is not None else (1 if col.field == "person_times" else None)
            assert value == expected, col.header
        elif col.type in (MONEY, DECIMAL):
            assert value == (None if cell is None else Decimal(str(cell))), col.header
        elif col.type == ORG:
            assert entry.org.name == (cell or "文化局工会"), col.header
        elif col.type == PERSON:
            assert value.name == cell, col.header
        elif col.type == PERSONS:
            names = sorted(p.name for p in getattr(entry, col.field).all())
            assert names == sorted(split_people(cell or "")), col.header
        elif col.type == PERSON_OR_ORG:
            assert (entry.recipient_person or entry.recipient_org).name == cell, col.header
        else:
            assert value == (cell or ""), col.header


CHANGE = {
    "meeting": ("决议事项", "修改后的决议"), "study": ("主讲人", "张老师"), "culture": ("获奖情况", "拔河第二名"),
    "competition": ("奖励金额(元)", 1500), "suggestion": ("状态", "已实施"), "honour": ("授予单位", "省总工会"),
    "hardship": ("家庭人口", 5), "aid": ("金额(元)", 600), "mediation": ("申请人", "另一职工"),
    "women": ("金额(元)", 2500), "publicity": ("作者", "通讯员"), "rule": ("修订日期", D(2026, 7, 1)),
    "openness": ("公开形式", "职工大会"), "contract": ("覆盖职工数", 330), "proposal": ("提案人", "王代表"),
    "task": ("交办单位", "市总工会"),
}


@pytest.mark.parametrize("code", list(KINDS))
def test_it_imports_every_kind_and_reimporting_changes_nothing(cast, tmp_path, code):
    kind = KINDS[code]
    path = write_ledger(tmp_path / f"{code}.xlsx", code, SAMPLES[code], required_marks=True)
    result = run(cast, path, code)
    assert reasons(result) == []
    assert (result.counts["created"], kind.model.objects.count()) == (2, 2)
    entries = list(kind.model.objects.order_by("id"))
    for entry, sample in zip(entries, SAMPLES[code]):
        assert_matches(code, entry, sample)
    audited = AuditEvent.objects.filter(object_type=code, action="create")
    assert {a.object_id for a in audited} == {str(e.pk) for e in entries}
    assert AuditEvent.objects.filter(object_type="ledger_import", action="import").count() == 1

    again = run(cast, path, code)
    assert {k: again.counts[k] for k in ("created", "updated", "unchanged", "refused")} == {
        "created": 0, "updated": 0, "unchanged": 2, "refused": 0}
    assert AuditEvent.objects.filter(object_type=code).count() == 2  # nothing new in the trail

    header, new = CHANGE[code]
    changed = [{**SAMPLES[code][0], header: new}, SAMPLES[code][1]]
    third = run(cast, write_ledger(tmp_path / "changed.xlsx", code, changed), code)
    assert (third.counts["updated"], third.counts["unchanged"]) == (1, 1)
    entry = kind.model.objects.get(pk=entries[0].pk)
    assert_matches(code, entry, changed[0])
    row = AuditEvent.objects.get(object_type=code, action="update")
    assert row.object_id == str(entry.pk)
    col = next(c for c in layout_of(code).columns if c.header == header)
    if col.type == CHOICE:
        new = next(v for v, label in col.choices.choices if label == new)
    elif col.type == MONEY:
        new = f"{Decimal(new):.2f}"
    elif col.type == DATE:
        new = new.isoformat()
    assert list(row.changes) == [col.field]
    assert row.changes[col.field][1] == new


def test_headers_with_marks_titles_footers_and_blank_rows_are_understood(cast, tmp_path):
    rows = [*SAMPLES["meeting"], {}, {"日期": D(2026, 3, 9), "会议类型": "其他", "会议名称": "第三次"}]
    path = write_ledger(tmp_path / "m.xlsx", "meeting", rows, required_marks=True,
                        above=[["文化局工会会议台账（2026年）"]], below=[["合计：3次"], ["制表人：李干事"]])
    result = run(cast, path, "meeting")
    c = result.counts
    assert (c["created"], c["blank"], c["footer"], c["refused"]) == (3, 1, 2, 0)
    assert result.header_rows == [2]


def test_dates_in_the_roster_forms_and_choices_by_code(cast, tmp_path):
    rows = [{**SAMPLES["openness"][0], "日期": text} for text in ("2026年3月1日", "2026/3/2", "2026.03.03")]
    rows.append({**SAMPLES["openness"][0], "日期": 20260304})
    rows.append({**SAMPLES["openness"][0], "日期": "下周一"})
    result = run(cast, write_ledger(tmp_path / "o.xlsx", "openness", rows), "openness")
    assert result.counts["created"] == 4
    assert sorted(m.Openness.objects.values_list("date", flat=True)) == [D(2026, 3, d) for d in (1, 2, 3, 4)]
    assert reasons(result) == [("第6行 〈日期〉: 下周一 — “下周一”不是有效日期，请填写如 2020-01-05、2020/1/5、2020.01.05、"
                                "2020年1月5日 的日期。")]
    coded = [{**SAMPLES["meeting"][0], "会议类型": "committee"}, {**SAMPLES["meeting"][1], "会议类型": "茶话会"}]
    result = run(cast, write_ledger(tmp_path / "c.xlsx", "meeting", coded), "meeting")
    assert m.Meeting.objects.get().meeting_type == "committee"
    assert "〈会议类型〉: 茶话会 — “茶话会”不是可选的值" in reasons(result)[0]


# --- people ----------------------------------------------------------------------------------------------

def test_people_by_employee_no_id_number_and_name_with_every_separator(cast, tmp_path):
    extra = people.person_create(actor=SYSTEM, org=cast.ua_b1, name="赵一", id_number=make_id("19920202", 444),
                                 employee_no="A003")
    listed = f"A001、{cast.zhou_person.id_number}，赵一"
    base = {**SAMPLES["meeting"][0], "参加人数": None}
    rows = [
        {**base, "会议名称": "甲", "参加人员": listed},
        {**base, "会议名称": "乙", "参加人员": "王会员,周师傅;赵一"},
        {**base, "会议名称": "丙", "参加人员": "王会员；周师傅\n赵一"},
        {**base, "会议名称": "丁", "参加人员": "a001、王会员"},  # the same person twice: listed once
    ]
    result = run(cast, write_ledger(tmp_path / "p.xlsx", "meeting", rows), "meeting")
    assert reasons(result) == []
    expected = {cast.wang_person.pk, cast.zhou_person.pk, extra.pk}
    for title in "甲乙丙":
        entry = m.Meeting.objects.get(title=title)
        assert set(entry.participants.values_list("pk", flat=True)) == expected
        assert entry.person_times == 3
    assert list(m.Meeting.objects.get(title="丁").participants.all()) == [cast.wang_person]


def test_unknown_ambiguous_and_other_union_people_refuse_the_row_naming_them(cast, tmp_path):
    people.person_create(actor=SYSTEM, org=cast.ua_g2, name="王会员", id_number=make_id("19930303", 555),
                         employee_no="A009")
    rows = [
        {**SAMPLES["meeting"][0], "会议名称": "甲", "参加人员": "周师傅、查无此人、王会员"},
        {**SAMPLES["meeting"][0], "会议名称": "乙", "参加人员": "吴工人、B001"},  # people of 机械厂工会
        {**SAMPLES["meeting"][0], "会议名称": "丙", "参加人员": "王会员(A001)、王会员(A009)", "参加人数": None},
        {**SAMPLES["aid"][0], "受助人": "王会员"},
    ]
    result = run(cast, write_ledger(tmp_path / "p.xlsx", "meeting", rows[:3]), "meeting")
    first, second = reasons(result)
    assert first.startswith("第2行 〈参加人员〉: 周师傅、查无此人、王会员 — ")
    assert "本工会名册中找不到：查无此人" in first and "有重名的人：王会员" in first
    assert "找不到：吴工人、B001" in second
    assert result.counts["created"] == 1  # 丙: the qualified names find both 王会员
    assert m.Meeting.objects.get().participants.count() == 2
    aid = run(cast, write_ledger(tmp_path / "a.xlsx", "aid", rows[3:]), "aid")
    assert "〈受助人〉: 王会员 — 本工会名册中有重名的人：王会员" in reasons(aid)[0]
    assert m.Aid.objects.count() == 0


def test_an_honour_goes_to_a_person_or_an_org_by_name_or_code(cast, tmp_path):
    rows = [{**SAMPLES["honour"][0], "获奖对象": "A002"}, {**SAMPLES["honour"][1], "获奖对象": "UA-G2"},
            {**SAMPLES["honour"][1], "荣誉名称": "其他", "获奖对象": "机械厂工会"}]
    result = run(cast, write_ledger(tmp_path / "h.xlsx", "honour", rows), "honour")
    assert result.counts["created"] == 2
    assert m.Honour.objects.get(honour_name="优秀工会积极分子").recipient_person == cast.zhou_person
    assert m.Honour.objects.get(honour_name="模范职工小家").recipient_org == cast.ua_g2
    assert "〈获奖对象〉: 机械厂工会 — 本工会名册中找不到：机械厂工会" in reasons(result)[0]


# --- 所属组织 ---------------------------------------------------------------------------------------------

def test_the_org_column_takes_a_name_or_code_inside_the_org_worked_in(cast, tmp_path):
    orgs.org_create(actor=SYSTEM, parent=cast.ua, kind="group", name="第一小组", code="UA-G3")
    base = SAMPLES["openness"][0]
    rows = [{**base, "公开事项": "甲", "所属组织": "机关分会"}, {**base, "公开事项": "乙", "所属组织": "ua-b1-g1"},
            {**base, "公开事项": "丙"}, {**base, "公开事项": "丁", "所属组织": "第一小组"},
            {**base, "公开事项": "戊", "所属组织": "机械厂工会"}, {**base, "公开事项": "己", "所属组织": "宣传部"}]
    result = run(cast, write_ledger(tmp_path / "o.xlsx", "openness", rows), "openness")
    got = dict(m.Openness.objects.values_list("matter", "org__code"))
    assert got == {"甲": "UA-B1", "乙": "UA-B1-G1", "丙": "UA"}
    ambiguous, outside, unknown = reasons(result)
    assert ambiguous == ("第5行 〈所属组织〉: 第一小组 — “文化局工会”下有2个名为“第一小组”的组织，请改填组织代码"
                         "（UA-B1-G1、UA-G3）。")
    assert "在“文化局工会”及其下级中找不到名称或代码为“机械厂工会”的组织" in outside
    assert "找不到名称或代码为“宣传部”的组织" in unknown
    # Imported into the branch, the union itself is outside.
    result = run(cast, write_ledger(tmp_path / "b.xlsx", "openness", [{**base, "所属组织": "文化局工会"}]),
                 "openness", org=cast.ua_b1)
    assert result.counts["refused"] == 1


# --- rules -----------------------------------------------------------------------------------------------

def test_the_rules_refuse_rows_with_the_kind_specific_reason(cast, tmp_path):
    cases = {
        "mediation": ({**SAMPLES["mediation"][0], "结案日期": None}, "〈结案日期〉: （空） — 状态为“调解成功”时必须填写结案日期。"),
        "suggestion": ({**SAMPLES["suggestion"][1], "未采纳原因": None},
                       "〈未采纳原因〉: （空） — 状态为“未采纳”时请填写未采纳原因。"),
        "competition": ({**SAMPLES["competition"][0], "结束日期": D(2026, 2, 1)},
                        "〈结束日期〉: 2026-02-01 — 结束日期不能早于开始日期。"),
        "aid": ({**SAMPLES["aid"][0], "金额(元)": -5}, "〈金额(元)〉: -5 — “金额(元)”不能是负数。"),
        "women": ({**SAMPLES["women"][0], "金额(元)": 12.345}, "〈金额(元)〉: 12.345 — “金额(元)”最多两位小数。"),
        "contract": ({**SAMPLES["contract"][0], "期限结束": D(2025, 1, 1)},
                     "〈期限结束〉: 2025-01-01 — 期限结束不能早于期限开始。"),
        "hardship": ({**SAMPLES["hardship"][1], "解困日期": D(2026, 1, 1)},
                     "〈解困日期〉: 2026-01-01 — 解困日期不能早于建档日期。"),
    }
    for code, (row, reason) in cases.items():
        result = run(cast, write_ledger(tmp_path / f"{code}.xlsx", code, [row]), code)
        assert reasons(result) == [f"第2行 {reason}"], code
        assert KINDS[code].model.objects.count() == 0
    over = {**SAMPLES["meeting"][0], "参加人数": 1}
    result = run(cast, write_ledger(tmp_path / "m.xlsx", "meeting", [over]), "meeting")
    assert "〈参加人数〉: 1 — 参加人数1少于列出的参加人员2人。" in reasons(result)[0]


def test_refused_rows_go_to_the_errors_workbook_with_a_reason(cast, tmp_path):
    from python_calamine import CalamineWorkbook

    rows = [SAMPLES["mediation"][1], {**SAMPLES["mediation"][0], "结案日期": None}]
    result = run(cast, write_ledger(tmp_path / "x.xlsx", "mediation", rows), "mediation")
    assert write_refused(result, tmp_path / "err.xlsx") == 1
    out = list(CalamineWorkbook.from_path(str(tmp_path / "err.xlsx")).get_sheet_by_index(0).iter_rows())
    assert out[0] == [*header_of("mediation"), "错误原因"]
    assert out[1][1] == "2026-001" and out[1][-1].startswith("第3行 〈结案日期〉")


def test_one_case_number_per_union_and_one_row_per_entry_in_a_file(cast, tmp_path):
    first = SAMPLES["mediation"][0]
    run(cast, write_ledger(tmp_path / "a.xlsx", "mediation", [{**first, "所属组织": "机关分会"}]), "mediation")
    result = run(cast, write_ledger(tmp_path / "b.xlsx", "mediation", [first]), "mediation")
    assert "案号“2026-001”在本工会已登记在“机关分会”" in reasons(result)[0]
    result = run(cast, write_ledger(tmp_path / "c.xlsx", "mediation", [first]), "mediation", org=cast.ua_g2)
    assert "案号“2026-001”在本工会已存在。" in reasons(result)[0]
    twice = [SAMPLES["task"][0], SAMPLES["task"][0], {**SAMPLES["task"][0], "交办单位": "别处"}]
    result = run(cast, write_ledger(tmp_path / "t.xlsx", "task", twice), "task")
    assert (result.counts["created"], result.counts["merged"], result.counts["refused"]) == (1, 1, 1)
    assert "与第2行是同一条记录（交办日期+任务相同），但内容不同" in reasons(result)[0]
    blank = [{**SAMPLES["task"][0], "任务": None}, {**SAMPLES["task"][1], "任务": None}]
    result = run(cast, write_ledger(tmp_path / "b2.xlsx", "task", blank), "task")
    assert [r.split(" — ")[1] for r in reasons(result)] == ["“任务”必须填写。"] * 2


def test_a_missing_column_keeps_what_is_stored_and_a_blank_cell_clears_it(cast, tmp_path):
    run(cast, write_ledger(tmp_path / "a.xlsx", "task", SAMPLES["task"][:1]), "task")
    header = [h for h in header_of("task") if h != "交办单位"]
    same = run(cast, write_ledger(tmp_path / "b.xlsx", "task", SAMPLES["task"][:1], header=header), "task")
    assert same.counts["unchanged"] == 1 and m.Task.objects.get().assigned_by == "区总工会"
    blank = run(cast, write_ledger(tmp_path / "c.xlsx", "task", [{**SAMPLES["task"][0], "交办单位": None}]), "task")
    assert blank.counts["updated"] == 1 and m.Task.objects.get().assigned_by == ""


def test_participants_missing_from_the_file_are_kept_and_a_new_list_replaces_them(cast, tmp_path):
    run(cast, write_ledger(tmp_path / "a.xlsx", "meeting", SAMPLES["meeting"][:1]), "meeting")
    entry = m.Meeting.objects.get()
    header = [h for h in header_of("meeting") if h != "参加人员"]
    kept = run(cast, write_ledger(tmp_path / "b.xlsx", "meeting", SAMPLES["meeting"][:1], header=header), "meeting")
    assert kept.counts["unchanged"] == 1 and entry.participants.count() == 2
    fewer = run(cast, write_ledger(tmp_path / "c.xlsx", "meeting", [{**SAMPLES["meeting"][0], "参加人员": "周师傅"}]),
                "meeting")
    assert fewer.counts["updated"] == 1
    assert list(entry.participants.all()) == [cast.zhou_person]
    row = AuditEvent.objects.get(object_type="meeting", action="update")
    assert row.changes == {"participants": [2, 1]}


# --- all or nothing, dry run, scope -------------------------------------------------------------------------

def test_a_failure_mid_write_leaves_nothing(cast, tmp_path, monkeypatch):
    real = writing_module.insert_many

    def failing(model, fields, rows, **kw):
        if model is AuditEvent:
            raise RuntimeError("disk full")
        return real(model, fields, rows, **kw)

    monkeypatch.setattr(writing_module, "insert_many", failing)
    path = write_ledger(tmp_path / "m.xlsx", "meeting", SAMPLES["meeting"])
    with pytest.raises(RuntimeError):
        run(cast, path, "meeting")
    assert m.Meeting.objects.count() == 0
    assert m.Meeting.participants.through.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type__in=("meeting", "ledger_import")).exists()


def test_a_dry_run_counts_and_writes_nothing(cast, tmp_path):
    result = run(cast, write_ledger(tmp_path / "m.xlsx", "meeting", SAMPLES["meeting"]), "meeting", dry_run=True)
    assert result.counts["created"] == 2 and result.dry_run
    assert m.Meeting.objects.count() == 0


def test_a_group_leader_imports_into_their_own_group_only(cast, tmp_path):
    path = write_ledger(tmp_path / "m.xlsx", "openness", SAMPLES["openness"])
    result = run(cast, path, "openness", org=cast.ua_g1, actor=cast.leader_g1)
    assert result.counts["created"] == 2
    assert set(m.Openness.objects.values_list("org__code", flat=True)) == {"UA-B1-G1"}
    for org in (cast.ua, cast.ua_g2):
        with pytest.raises(PermissionDenied):
            run(cast, path, "openness", org=org, actor=cast.leader_g1)
    with pytest.raises(PermissionDenied):
        run(cast, path, "openness", actor=cast.finance_a)
    with pytest.raises(PermissionDenied):
        run(cast, path, "openness", actor=cast.admin_b)
