"""roster_import on the shapes real offices send (issue 12 §2-3): the official 会员信息采集表, HR-system and
payroll exports with two- and three-row headers, values outside our lists, sign-off lines under the table."""

import datetime as dt

import pytest
import xlsxwriter

from gonghui.cli.tests.helpers import run
from gonghui.conftest import make_id
from gonghui.core.tabular import FileUnreadable
from gonghui.people.models import MembershipEvent, Person
from gonghui.people.roster.importer import roster_import
from gonghui.people.selectors import member_count_at
from gonghui.people.tests.roster_files import write_xlsx

D = dt.date


def sheet(path, build):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet("Sheet1")
    build(ws, wb)
    wb.close()
    return path


CAIJI_HEADER = ["序号", "姓名", "性别", "民族", "身份证号", "出生日期", "政治面貌", "学历",
                "是否农民工会员\n（填写“是”或“否”）", "就业状况", "户籍类型", "技术等级", "会籍变化类型", "会籍变化日期",
                "联系电话"]


def caiji(path, rows):
    """The provincial 会员信息采集表: title, 填报单位 line, header, rows, then its instructions and sign-off."""
    def build(ws, wb):
        text = wb.add_format({"num_format": "@"})
        ws.merge_range(0, 0, 0, len(CAIJI_HEADER) - 1, "工会会员信息采集表")
        ws.write_row(1, 0, ["填报单位（盖章）：文化局工会", None, None, None, None, None, None, None, None, None,
                            "填报日期：2026年6月30日"])
        ws.write_row(2, 0, CAIJI_HEADER)
        for r, row in enumerate(rows, start=3):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write_string(r, c, v, text) if isinstance(v, str) else ws.write(r, c, v)
        end = 3 + len(rows)
        ws.write_row(end, 0, ["填表说明：1.会籍变化类型填写入会、转入、转出等；2.身份证号须为18位。"])
        ws.write_row(end + 1, 0, ["本表一式三份，报上级工会一份。"])
        ws.write_row(end + 2, 0, ["负责人：", None, None, "填表人：", None, None, "申请时间：  年  月  日"])
    return sheet(path, build)


def caiji_row(i, name, *, change="入会", date="2021-03-01", migrant="否", status="在岗", **over):
    row = dict(zip(CAIJI_HEADER, [i, name, "男" if (100 + i) % 2 else "女", "汉族", make_id("19900101", 100 + i),
                                  "1990-01-01", "群众", "大学本科", migrant, status, "农业", "高级工", change, date,
                                  f"1390000{i:04d}"]))
    row.update(over)
    return [row[h] for h in CAIJI_HEADER]


def test_the_official_member_form_records_the_membership_event_and_its_fields(cast, tmp_path):
    rows = [caiji_row(1, "入会甲", migrant="是"), caiji_row(2, "转入乙", change="转入", date="2024-05-10"),
            caiji_row(3, "转出丙", change="转出", date="2025-01-01"), caiji_row(4, "内退丁", status="内退"),
            caiji_row(5, "退休戊", status="退休")]
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=caiji(tmp_path / "采集表.xlsx", rows))
    assert (result.counts["created"], result.counts["refused"], result.counts["footer"]) == (5, 0, 3)
    people = {p.name: p for p in Person.objects.filter(org=cast.ua)}
    assert people["入会甲"].member_status == "active" and people["入会甲"].is_migrant_worker is True
    assert people["转出丙"].member_status == "none"
    events = {e.person.name: (e.kind, e.date) for e in MembershipEvent.objects.filter(person__org=cast.ua)}
    assert events["入会甲"] == ("join", D(2021, 3, 1)) and events["转入乙"] == ("transfer_in", D(2024, 5, 10))
    assert "转出丙" not in events
    assert (people["内退丁"].work_status, people["退休戊"].work_status) == ("active", "retired")
    assert member_count_at(cast.ua, D(2026, 6, 30)) >= 4  # no longer 0: the form's members are members
    assert result.notes[0] == "未使用的列：户籍类型、技术等级（这些列的内容没有导入）。"
    assert "第6行 〈会籍变化类型〉: 转出 — 不是入会或转入，此人按非会员登记" in "\n".join(result.notes)
    assert "第7行 〈就业状况〉: 内退 — 不是标准名称，已按“在职”登记。" in result.notes
    assert result.as_dict()["unused_columns"] == ["户籍类型", "技术等级"]


def test_values_outside_our_lists_never_refuse_the_person(cast, tmp_path):
    header = ["姓名", "身份证号码", "民族", "学历", "政治面貌", "用工形式"]
    rows = [["甲", make_id("19900101", 101), "蒙族", "小学及以下", "民革党员", "正式"],
            ["乙", make_id("19900101", 102), "其他民族", "全日制本科", "九三学社", "劳务外包"],
            ["丙", make_id("19900101", 103), "穿青人", "文盲", "民主党派", "实习"],
            ["丁", make_id("19900101", 104), "火星族", "高中", "中国致公党党员", "兼职"]]
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", rows,
                                                                               header=header))
    assert (result.counts["created"], result.counts["refused"]) == (4, 0)
    got = {p.name: (p.ethnicity, p.education, p.political_status, p.employment_type)
           for p in Person.objects.filter(org=cast.ua)}
    assert got == {"甲": ("02", "80", "04", "regular"), "乙": ("97", "20", "10", "other"),
                   "丙": ("97", "90", "", "intern"), "丁": ("", "60", "09", "part_time")}
    notes = "\n".join(result.notes)
    assert "第2行 〈学历〉: 小学及以下 — 不是标准名称，已按“小学”登记。" in notes
    assert "第4行 〈政治面貌〉: 民主党派 — 不是政治面貌的标准名称，未填入" in notes
    assert "第5行 〈民族〉: 火星族 — 不是民族的标准名称，未填入" in notes
    assert "第3行 〈用工形式〉: 劳务外包 — 不在用工形式的可选范围内，已按“其他”登记。" in notes


def test_an_hr_export_with_document_type_job_columns_and_employee_type(cast, tmp_path):
    header = ["工号", "员工姓名", "证件类型", "证件号", "部门", "职务", "职位", "岗位", "员工类型"]
    rows = [["000123", "甲", "居民身份证", make_id("19900101", 101), "", "", "工程师", "", "外派"],
            ["000456", "乙", "护照", "E12345678", "", "", "", "", "正式"],
            ["007", "丙", "身份证", make_id("19900101", 103), "", "科长", "", "管理岗", ""]]
    path = write_xlsx(tmp_path / "hr.xlsx", rows, header=header, text_columns=("工号", "证件号"))
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    assert (result.counts["created"], result.counts["refused"]) == (2, 1)
    assert result.refusals[0].row == 3 and "证件类型是“护照”，不是居民身份证" in result.refusals[0].reason
    got = {p.name: (p.employee_no, p.post, p.employment_type) for p in Person.objects.filter(org=cast.ua)}
    assert got == {"甲": ("000123", "工程师", "seconded"), "丙": ("007", "管理岗", "regular")}
    assert "未使用的列" not in "\n".join(result.notes)  # 职位/岗位 stand in for an empty 职务; 部门 is a column


def test_a_birth_date_against_the_id_takes_the_ids_with_a_note(cast, tmp_path):
    header = ["姓名", "身份证号码", "出生日期"]
    rows = [["甲", make_id("19900415", 101), "1990-4-15闰"], ["乙", make_id("19900415", 103), "1990-03-21"]]
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "b.xlsx", rows,
                                                                               header=header))
    assert (result.counts["created"], result.counts["refused"]) == (2, 0)
    assert set(Person.objects.filter(org=cast.ua).values_list("birth_date", flat=True)) == {D(1990, 4, 15)}
    notes = "\n".join(result.notes)
    assert "第2行 〈出生日期〉: 1990-4-15闰 — 不是有效日期，已按身份证号码中的出生日期1990-04-15登记。" in notes
    assert "第3行 〈出生日期〉: 1990-03-21 — 与身份证号码中的出生日期1990-04-15不符" in notes


def test_payroll_and_hr_two_row_headers_are_header_not_people(cast, tmp_path):
    def build(ws, wb):
        ws.merge_range(0, 0, 0, 7, "职工花名册")
        for col, label in enumerate(["序号", "姓名", "身份证号码"]):
            ws.merge_range(1, col, 2, col, label)
        ws.merge_range(1, 3, 1, 4, "联系方式")
        ws.write_row(2, 3, ["手机", "办公电话"])
        ws.merge_range(1, 5, 1, 6, "工资")
        ws.write_row(2, 5, ["岗位", "薪级"])
        ws.merge_range(1, 7, 2, 7, "入会日期")
        ws.write_row(3, 0, [1, "甲", make_id("19900101", 101), "13900000001", "025-1234567", "技术员", "5级"])
        ws.write_datetime(3, 7, dt.datetime(2020, 1, 5), wb.add_format({"num_format": "yyyy-mm-dd"}))
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=sheet(tmp_path / "two.xlsx", build))
    assert (result.header_rows, result.counts["created"], result.counts["refused"]) == ([2, 3], 1, 0)
    p = Person.objects.get(name="甲")
    assert (p.mobile, p.post, p.member_status) == ("13900000001", "技术员", "active")
    assert result.unused_columns == ["办公电话", "薪级"]


def test_a_wage_sheet_without_id_numbers_says_it_lacks_them(cast, tmp_path):
    def build(ws, wb):
        ws.merge_range(0, 0, 0, 4, "2026年5月工资表")
        ws.write_row(1, 0, ["单位：文化局"])
        ws.merge_range(2, 0, 4, 0, "序号")
        ws.merge_range(2, 1, 4, 1, "姓名")
        ws.merge_range(2, 2, 2, 4, "应发工资")
        ws.merge_range(3, 2, 4, 2, "基本工资")
        ws.merge_range(3, 3, 3, 4, "津贴")
        ws.write_row(4, 3, ["交通", "餐补"])
        ws.write_row(5, 0, [1, "甲", 4000, 200, 300])
    with pytest.raises(FileUnreadable) as exc:
        roster_import(actor=cast.chair_a, org=cast.ua, source=sheet(tmp_path / "wage.xlsx", build))
    assert exc.value.code == "missing_column" and "身份证号码" in exc.value.message


def test_the_cli_names_the_unused_columns_and_the_noted_rows(cast, tmp_path):
    path = caiji(tmp_path / "采集表.xlsx", [caiji_row(1, "甲", 学历="小学及以下")])
    out, _err = run("roster", "import", str(path), "--org", "UA", "--dry-run")
    assert "未使用的列：户籍类型、技术等级" in out and "第4行 〈学历〉: 小学及以下 — 不是标准名称，已按“小学”登记。" in out
