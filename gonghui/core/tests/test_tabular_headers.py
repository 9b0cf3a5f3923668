"""Header bands and footers of files from real offices: two- and three-row headers as payroll and HR systems
export them (with and without merge information), instructions in header cells, sign-off lines under the
table, and the columns a file has but nothing uses."""

import pytest
import xlsxwriter

from gonghui.core.tabular import (
    Column,
    FileUnreadable,
    ImportResult,
    Problem,
    TableReader,
    TableSpec,
    open_table,
)
from gonghui.core.tabular.reading import CheckedRows

SPEC = TableSpec(name="t", columns=(
    Column("name", "姓名", ("员工姓名",), required=True),
    Column("id_number", "身份证号码", ("身份证号", "证件号码"), required=True),
    Column("mobile", "手机号码", ("手机", "联系电话", "联系方式")),
    Column("post", "岗位", ("职务",)),
    Column("base_salary", "基本工资", ("工资",)),
    Column("group", "部门", ()),
    Column("migrant", "是否农民工", ("是否农民工会员",)),
), identity_keys=("name", "id_number"))
ID = "110101199003071234"


def read(path, spec=SPEC):
    with open_table(path) as table:
        reader = TableReader(table, spec)
        rows = list(reader.rows())
    return reader, rows


def xlsx(path, build):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    build(ws)
    wb.close()
    return path


def test_a_group_cell_that_is_itself_a_column_name_heads_its_sub_columns(tmp_path):
    # 联系方式 is a name of the mobile column too: merged over 手机/办公电话 it only groups them.
    def build(ws):
        ws.merge_range(0, 0, 1, 0, "姓名")
        ws.merge_range(0, 1, 1, 1, "身份证号码")
        ws.merge_range(0, 2, 0, 3, "联系方式")
        ws.write_row(1, 2, ["手机", "办公电话"])
        ws.write_row(2, 0, ["张三", ID, "13800138000", "010-1234567"])
    reader, rows = read(xlsx(tmp_path / "hr.xlsx", build))
    assert reader.header_rows == [1, 2]
    assert reader.mapping == {"name": 0, "id_number": 1, "mobile": 2}
    assert [(r.number, r.kind) for r in rows] == [(3, "data")]


@pytest.mark.parametrize("merged", [True, False], ids=["xlsx-merged", "csv"])
def test_a_payroll_header_with_wage_over_post_and_grade_is_one_header(tmp_path, merged):
    # 工资 (a name of 基本工资) over 岗位|薪级: the second row is header, 岗位 is the post, 工资 feeds nothing.
    if merged:
        def build(ws):
            for col, label in enumerate(["序号", "员工姓名", "身份证号"]):
                ws.merge_range(0, col, 1, col, label)
            ws.merge_range(0, 3, 0, 4, "工资")
            ws.write_row(1, 3, ["岗位", "薪级"])
            ws.write_row(2, 0, [1, "李四", ID, "技术员", "5级"])
        path = xlsx(tmp_path / "pay.xlsx", build)
    else:
        path = tmp_path / "pay.csv"
        path.write_text(f"序号,员工姓名,身份证号,工资,\n,,,岗位,薪级\n1,李四,{ID},技术员,5级\n", encoding="gbk")
    reader, rows = read(path)
    assert reader.header_rows == [1, 2]
    assert reader.mapping == {"name": 1, "id_number": 2, "post": 3}
    assert reader.header_cells[3:5] == ["岗位", "薪级"]
    assert [r.values["name"] for r in rows] == ["李四"]


def test_a_three_row_wage_sheet_header_is_found(tmp_path):
    def build(ws):
        ws.merge_range(0, 0, 0, 8, "2024年6月工资表")
        ws.write_row(1, 0, ["单位：某某公司", None, None, None, None, None, "单位：元"])
        for col, label in enumerate(["序号", "姓名", "身份证号码", "部门"]):
            ws.merge_range(2, col, 4, col, label)  # 姓名 over rows 3-5
        ws.merge_range(2, 4, 2, 7, "应发工资")
        ws.merge_range(3, 4, 4, 4, "基本工资")  # 基本工资 under 应发工资
        ws.merge_range(3, 5, 3, 6, "津贴补贴")
        ws.write_row(4, 5, ["交通补贴", "餐补"])
        ws.merge_range(3, 7, 4, 7, "应发合计")
        ws.merge_range(2, 8, 4, 8, "实发工资")
        ws.write_row(5, 0, [1, "王五", ID, "办公室", 4000, 300, 200, 4500, 4200])
        ws.write_row(6, 0, ["合计", None, None, None, 4000, 300, 200, 4500, 4200])
    reader, rows = read(xlsx(tmp_path / "wages.xlsx", build))
    assert reader.header_rows == [3, 4, 5]
    assert reader.mapping == {"name": 1, "id_number": 2, "group": 3, "base_salary": 4}
    assert reader.header_cells[5:9] == ["交通补贴", "餐补", "应发合计", "实发工资"]
    assert [(r.number, r.kind) for r in rows] == [(6, "data"), (7, "footer")]


def test_a_file_truly_without_an_id_column_says_so(tmp_path):
    def build(ws):
        ws.merge_range(0, 0, 1, 0, "姓名")
        ws.merge_range(0, 1, 0, 2, "应发工资")
        ws.write_row(1, 1, ["岗位工资", "绩效"])
        ws.write_row(2, 0, ["王五", 4000, 500])
    with pytest.raises(FileUnreadable) as exc:
        read(xlsx(tmp_path / "noid.xlsx", build))
    assert exc.value.code == "missing_column"
    assert "身份证号码" in exc.value.message and "找不到表头" not in exc.value.message


def test_a_group_row_above_the_column_names_belongs_to_the_header(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(f"序号,基本信息,,联系方式\n,姓名,身份证号码,手机\n1,张三,{ID},13800138000\n", encoding="utf-8")
    reader, rows = read(path)
    assert reader.header_rows == [1, 2]
    assert reader.header_cells == ["序号", "姓名", "身份证号码", "手机"]
    assert reader.mapping == {"name": 1, "id_number": 2, "mobile": 3}
    assert len(rows) == 1


def test_an_instruction_in_a_header_cell_does_not_hide_its_name(tmp_path):
    def build(ws):
        ws.write_row(0, 0, ["姓名", "身份证号码", "是否农民工会员\n填写“是”或“否”", "手机号码（必填）"])
        ws.write_row(1, 0, ["张三", ID, "是", "13800138000"])
    reader, _rows = read(xlsx(tmp_path / "i.xlsx", build))
    assert reader.mapping == {"name": 0, "id_number": 1, "migrant": 2, "mobile": 3}


def test_instruction_and_sign_off_rows_are_footer_never_people(tmp_path):
    def build(ws):
        ws.write_row(0, 0, ["序号", "姓名", "身份证号码"])
        ws.write_row(1, 0, [1, "张三", ID])
        ws.write_row(2, 0, ["填表说明："])
        ws.write_row(3, 0, ["1、本表一式三份，工会、行政、上级工会各一份"])
        ws.write_row(4, 0, ["2.身份证号码请填写18位"])
        ws.write_row(5, 0, ["本表一式三份"])
        ws.write_row(6, 0, ["负责人：", None, "填表人："])
        ws.write_row(7, 0, [None, "申请时间：  年  月  日"])
        ws.write_row(8, 0, [None, "单位（盖章）"])
        ws.write_row(9, 0, [None, "   年   月   日"])
    _reader, rows = read(xlsx(tmp_path / "f.xlsx", build))
    assert [r.kind for r in rows] == ["data"] + ["footer"] * 8


def test_unused_columns_and_noted_rows_are_told_in_the_notes(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text(f"序号,姓名,身份证号码,户籍类型,技术等级\n1,张三,{ID},农业,高级工\n2,李四,{ID},,\n",
                    encoding="utf-8")
    with open_table(path) as table:
        reader = TableReader(table, SPEC)
        result = ImportResult(columns=reader.columns)

        def clean(row):
            if row.values["name"] == "李四":
                return row, [Problem("姓名", "李四", "已按原样登记。", note=True)]
            return row, []
        walk = CheckedRows(reader, result, clean, lambda done, total: None, total=2)
        taken = [row.number for row, _cleaned in walk]
        walk.finish()
    assert taken == [2, 3] and result.counts["refused"] == 0
    assert result.unused_columns == ["户籍类型", "技术等级"]
    assert result.notes[0] == "未使用的列：户籍类型、技术等级（这些列的内容没有导入）。"
    assert result.notes[-1] == "第3行 〈姓名〉: 李四 — 已按原样登记。"
    assert result.as_dict()["unused_columns"] == ["户籍类型", "技术等级"]


def test_a_row_of_filling_instructions_under_the_names_is_header(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(f"姓名,身份证号码,手机\n（必填）,必填，18位,选填\n张三,{ID},13800138000\n", encoding="utf-8")
    reader, rows = read(path)
    assert reader.header_rows == [1, 2] and reader.header_cells == ["姓名", "身份证号码", "手机"]
    assert [r.values["name"] for r in rows] == ["张三"]
