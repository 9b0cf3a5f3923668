"""Export and template: the importer reads them back; nothing changes; nothing runs as a formula."""

import datetime as dt
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from python_calamine import CalamineWorkbook

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.models import AuditEvent
from gonghui.orgs.services import org_create
from gonghui.people import services
from gonghui.people.models import MembershipEvent, Person
from gonghui.people.roster.exporter import roster_export, roster_template
from gonghui.people.roster.importer import roster_import
from gonghui.people.tests.roster_files import person_row, write_xlsx

D = dt.date


def sheet_rows(path):
    return list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())


def state():
    people = list(Person.objects.order_by("pk").values())
    for p in people:
        p.pop("updated_at")
    return people, list(MembershipEvent.objects.order_by("pk").values())


@pytest.fixture
def roster(cast, tmp_path):
    services.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join", date=D(2018, 5, 1))
    services.person_update(actor=cast.root, person=cast.zhou_person, post='=HYPERLINK("http://x","点我")',
                           base_salary="4500.50", model_worker_title="市劳动模范", model_worker_level="city")
    rows = [person_row(i, join=D(2020, 1, 5) if i % 2 else None, group="第一小组" if i % 3 else "") for i in
            range(1, 8)]
    roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "in.xlsx", rows))
    # A second 第一小组 elsewhere in the union: the export must say which one.
    other = org_create(actor=SYSTEM, parent=cast.ua, kind="branch",
                       name="二分会", code="UA-B2")
    g = org_create(actor=SYSTEM, parent=other, kind="group", name="第一小组", code="UA-B2-G1")
    services.person_create(actor=cast.root, org=g, name="钱八", id_number=person_row(20)[4], mobile="13700000000")
    return cast


def test_export_then_import_changes_nothing(roster, tmp_path):
    cast = roster
    path = tmp_path / "export.xlsx"
    n = roster_export(actor=cast.chair_a, org=cast.ua, target=str(path), unmasked=True)
    assert n == Person.objects.filter(org__path__startswith=cast.ua.path).count() == 10
    before = state()
    audit_before = AuditEvent.objects.count()
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    assert result.counts["unchanged"] == 10
    assert result.data_rows == 10 and result.counts["refused"] == 0, [r.reason for r in result.refusals]
    assert state() == before
    assert AuditEvent.objects.count() == audit_before  # nothing written, so no import event either


def test_export_writes_ids_and_phones_as_text_and_formulas_as_text(roster, tmp_path):
    cast = roster
    path = tmp_path / "export.xlsx"
    roster_export(actor=cast.chair_a, org=cast.ua, target=str(path), unmasked=True)
    rows = sheet_rows(path)
    assert rows[0][0].startswith("文化局工会会员花名册")
    header = rows[1]
    assert header[:5] == ["序号", "姓名", "性别", "民族", "身份证号码"]
    wang = next(r for r in rows if r[1] == "王会员")
    assert wang[header.index("身份证号码")] == cast.wang_person.id_number  # a string, all 18 digits
    assert wang[header.index("手机号码")] == "13800138001"
    assert wang[header.index("入会日期")] == D(2018, 5, 1)
    assert wang[header.index("所在班组")] == "机关分会/第一小组"  # two groups share the name
    zhou = next(r for r in rows if r[1] == "周师傅")
    assert zhou[header.index("岗位")] == '=HYPERLINK("http://x","点我")'
    assert zhou[header.index("用工形式")] == "劳务派遣" and zhou[header.index("是否农民工")] == "是"
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_export_masks_unless_asked_and_the_audit_records_it(roster, tmp_path):
    cast = roster
    path = tmp_path / "masked.xlsx"
    roster_export(actor=cast.chair_a, org=cast.ua, target=str(path))
    rows = sheet_rows(path)
    wang = next(r for r in rows if r[1] == "王会员")
    assert "*" in wang[rows[1].index("身份证号码")] and "*" in wang[rows[1].index("手机号码")]
    events = AuditEvent.objects.filter(action="export", object_type="roster").order_by("id")
    assert [e.changes["unmasked"] for e in events] == [False]
    # A masked export cannot be imported back as people: each row says why.
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    assert result.counts["refused"] == 10 and "打码" in result.refusals[0].reason


def test_only_roles_that_see_full_numbers_may_export_them(roster, tmp_path):
    cast = roster
    with pytest.raises(PermissionDenied):
        roster_export(actor=cast.finance_a, org=cast.ua, target=str(tmp_path / "x.xlsx"), unmasked=True)
    assert roster_export(actor=cast.finance_a, org=cast.ua, target=str(tmp_path / "y.xlsx")) == 10
    with pytest.raises(PermissionDenied):
        roster_export(actor=cast.admin_b, org=cast.ua, target=str(tmp_path / "z.xlsx"))


def test_the_template_has_the_columns_an_example_row_and_dropdowns(cast, tmp_path):
    path = tmp_path / "template.xlsx"
    roster_template(target=str(path))
    rows = sheet_rows(path)
    assert rows[1][:3] == ["序号", "姓名", "性别"] and rows[2][0] == "示例"
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<dataValidation" in sheet and "选项" in sheet
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    assert result.counts["footer"] == 1 and result.data_rows == 0  # the example row is not a person
