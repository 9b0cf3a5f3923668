"""The roster (花名册) columns: the headers offices use, in their common variants. Exports and the template
write `label`; the importer accepts any of the headers (after width folding, spaces and bracketed notes are
dropped, see core.tabular.spec.normalize_header)."""

from __future__ import annotations

from gonghui.core.tabular import Column, TableSpec
from gonghui.people import codes
from gonghui.people.models import EmploymentType, Gender, HonourLevel, WorkStatus

C = Column

ROSTER = TableSpec(
    name="roster",
    columns=(
        C("seq", "序号", (), width=6, importable=False),
        C("name", "姓名", ("名字", "职工姓名", "会员姓名", "员工姓名"), required=True, example="张三", width=10),
        C("gender", "性别", (), kind="choice", choices=tuple(str(lbl) for _v, lbl in Gender.choices),
          example="男", width=6),
        C("ethnicity", "民族", (), kind="choice", choices=tuple(lbl for _c, lbl in codes.ETHNICITIES),
          example="汉族", width=8),
        C("id_number", "身份证号码", ("身份证号", "证件号码", "公民身份号码", "身份证", "身份证件号码", "公民身份证号码",
                                  "身份证号码18位", "证件号", "居民身份证号码", "身份证件号"), required=True,
          example="110101199003071234", width=21, text_cells=True),
        # HR systems put the kind of document beside 证件号码: only 居民身份证 identifies a person here.
        C("id_type", "证件类型", ("身份证件类型", "证件种类", "证件名称"), width=10, exported=False),
        C("birth_date", "出生日期", ("出生年月", "出生年月日", "生日"), kind="date", width=12),
        C("education", "学历", ("文化程度", "最高学历"), kind="choice",
          choices=tuple(lbl for _c, lbl in codes.EDUCATIONS), example="大学本科", width=10),
        C("political_status", "政治面貌", (), kind="choice",
          choices=tuple(lbl for _c, lbl in codes.POLITICAL_STATUSES), example="群众", width=12),
        C("mobile", "手机号码", ("手机", "手机号", "移动电话", "联系电话", "电话", "联系方式", "电话号码"),
          example="13800138000", width=14, text_cells=True),
        C("employee_no", "工号", ("职工编号", "员工编号", "员工号", "职工号", "工作证号", "员工工号", "职工工号",
                                 "人员编号", "员工编码", "人员编码"), example="A0001", width=10, text_cells=True),
        C("hired_on", "入职日期", ("参加工作时间", "入职时间", "参加工作日期", "进厂日期", "进厂时间", "入职年月"),
          kind="date", example="2015-07-01", width=12),
        C("join_date", "入会日期", ("入会时间", "加入工会时间", "加入工会日期", "入会年月", "会籍变化日期",
                                   "会籍变动日期", "会籍变化时间", "会籍变动时间"), kind="date",
          example="2015-09-01", width=12),
        # The official 会员信息采集表 records joining as 会籍变化类型 (入会, 转入…) + 会籍变化日期.
        C("membership_change", "会籍变化类型", ("会籍变动类型", "会籍变化", "会籍变动", "会籍变化情况"), width=12,
          exported=False),
        C("member_no", "会员编号", ("会员证号", "会员证编号", "会员号"), width=14, text_cells=True),
        C("employment_type", "用工形式", ("用工性质", "用工类型", "用工方式", "员工类型", "人员类型", "员工性质",
                                     "用工类别", "员工类别"), kind="choice",
          choices=tuple(str(lbl) for _v, lbl in EmploymentType.choices), example="正式", width=12,
          first_filled=True),
        C("post", "岗位", ("职务", "工作岗位", "岗位名称", "职位", "职务名称", "职位名称"), example="技术员", width=12,
          first_filled=True),
        C("group", "所在班组", ("所在部门", "所在小组", "所在组织", "所在分会", "所属班组", "所属部门", "所属小组",
                              "班组", "部门", "工会小组", "所在工会小组", "车间班组", "所在单位"), width=16),
        C("is_migrant_worker", "是否农民工", ("农民工", "是否农民工会员", "农民工会员", "是否为农民工"), kind="choice",
          choices=("是", "否"), example="否", width=10),
        C("model_worker_title", "劳模称号", ("劳模荣誉", "先进模范称号", "荣誉称号"), width=14),
        C("model_worker_level", "劳模级别", ("称号级别", "荣誉级别"), kind="choice",
          choices=tuple(str(lbl) for _v, lbl in HonourLevel.choices), width=10),
        C("base_salary", "基本工资", ("工资", "月工资", "基本工资元", "月基本工资"), kind="number", width=10),
        C("work_status", "在职状态", ("人员状态", "在岗状态", "状态", "就业状况", "就业状态", "就业情况", "员工状态"),
          kind="choice",
          choices=tuple(str(lbl) for _v, lbl in WorkStatus.choices), example="在职", width=10),
        C("member_status", "会籍状态", (), width=10, importable=False),
    ),
    identity_keys=("name", "id_number"),
)

IMPORT_COLUMNS = tuple(c for c in ROSTER.columns if c.importable)
