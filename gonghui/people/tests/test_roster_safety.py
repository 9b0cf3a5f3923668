"""Roster imports that never damage data (issue 12 §2): a changed name is a conflict the officer resolves,
every update is listed old -> new, repeated ID numbers are told even on rows with other errors, department
names are mapped to groups (and remembered), a 部门 path is built when asked."""

import datetime as dt

from gonghui.core.imports import refusal_groups
from gonghui.orgs import services as orgs
from gonghui.orgs.models import Org
from gonghui.people.models import GroupAlias, Person
from gonghui.people.roster.importer import ACCEPT, KEEP, TAKE, roster_import
from gonghui.people.tests.roster_files import HEADER, person_row, write_xlsx

COL = HEADER.index


def parent_path(org: Org) -> str:
    return org.path[:-Org.steplen]


def stored(cast, tmp_path, *rows):
    roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "first.xlsx", list(rows)))


def second(cast, tmp_path, rows, **kw):
    return roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "second.xlsx", rows), **kw)


def test_a_changed_name_is_refused_and_listed_not_applied(cast, tmp_path):
    stored(cast, tmp_path, person_row(1, "白伯世"), person_row(2, "卫丽娟"))
    rows = [person_row(1, "白博士", 学历="大专"), person_row(2, "卫丽娟", 学历="大专")]
    result = second(cast, tmp_path, rows)
    assert (result.counts["updated"], result.counts["refused"]) == (1, 1)
    assert Person.objects.filter(name="白伯世", education="20").exists()  # nothing of the row was written
    reason = result.refusals[0].reason
    assert reason.startswith("第2行 〈姓名〉: 白博士 — 系统中这个身份证号码登记的是“白伯世”，文件中是“白博士”")
    assert "采用文件中的姓名" in reason and "--accept-name-changes" in reason
    assert result.name_conflicts == [{"row": 2, "person": Person.objects.get(name="白伯世").pk, "stored": "白伯世",
                                      "file": "白博士", "decision": ""}]


def test_a_name_conflict_is_kept_or_taken_row_by_row(cast, tmp_path):
    stored(cast, tmp_path, person_row(1, "白伯世"), person_row(2, "卫丽娟"))
    rows = [person_row(1, "白博士", 学历="大专"), person_row(2, "卫丽丽", 学历="大专")]
    result = second(cast, tmp_path, rows, name_changes={2: KEEP, 3: TAKE})
    assert (result.counts["updated"], result.counts["refused"]) == (2, 0)
    assert set(Person.objects.filter(education="30").values_list("name", flat=True)) == {"白伯世", "卫丽丽"}
    assert [c["decision"] for c in result.name_conflicts] == [KEEP, TAKE]


def test_accept_takes_every_name_of_the_file(cast, tmp_path):
    stored(cast, tmp_path, person_row(1, "白伯世"))
    result = second(cast, tmp_path, [person_row(1, "白博士")], name_changes=ACCEPT)
    assert result.counts["updated"] == 1 and Person.objects.filter(name="白博士").exists()
    assert result.changes[0]["fields"] == [["姓名", "白伯世", "白博士"]]


def test_every_update_is_listed_field_by_field_old_to_new(cast, tmp_path):
    stored(cast, tmp_path, person_row(1), person_row(2), person_row(3))
    rows = [person_row(1), person_row(2, 手机号码="13911112222", 学历="大专"), person_row(3, 所在班组="后勤小组")]
    rows[0][COL("入会日期")] = dt.date(2020, 1, 5)
    result = second(cast, tmp_path, rows, dry_run=True)
    assert result.changes_total == 3
    by_row = {c["row"]: c for c in result.changes}
    assert by_row[2] == {"row": 2, "person": Person.objects.get(name="测试1").pk, "name": "测试1",
                         "fields": [["会籍", "非会员", "入会 2020-01-05"]]}
    assert sorted(by_row[3]["fields"]) == [["学历", "大学本科", "大学专科"], ["手机号码", "139****0002", "139****2222"]]
    assert by_row[4]["fields"] == [["所在班组", "文化局工会", "后勤小组"]]


def test_a_repeated_id_is_told_with_the_first_row_even_when_a_row_has_other_errors(cast, tmp_path):
    rows = [person_row(1, "卫丽娟"), person_row(2), person_row(3), person_row(1, "卫丽娟", 手机号码="123"),
            person_row(5, "错号人", 手机号码="456"), person_row(5, "错号人")]
    result = second(cast, tmp_path, rows)
    assert result.counts["created"] == 3 and result.counts["refused"] == 3
    reasons = {r.row: r.reason for r in result.refusals}
    assert "〈手机号码〉" in reasons[5] and "与第2行（卫丽娟）身份证号相同" in reasons[5]
    assert "与第6行（错号人）身份证号相同，第6行有错未导入" in reasons[7]


def test_department_names_are_mapped_to_groups_and_remembered(cast, tmp_path):
    office = orgs.org_create(actor=cast.root, parent=cast.ua, kind="group", name="办公室小组", code="UA-G9")
    rows = [person_row(i, 所在班组="办公室") for i in range(1, 4)] + [person_row(4, 所在班组="后勤")]
    result = second(cast, tmp_path, rows)
    assert result.counts["refused"] == 4
    step = {n["name"]: n for n in result.groups["names"]}
    assert step["办公室"]["rows"] == 3 and step["办公室"]["suggestions"][0] == [office.pk, "办公室小组"]
    assert step["后勤"]["suggestions"][0] == [cast.ua_g2.pk, "后勤小组"]
    assert [office.pk, "办公室小组"] in result.groups["choices"]
    groups = refusal_groups(r.as_dict() for r in result.refusals)
    assert len(groups) == 1 and groups[0]["rows"] == 3 and groups[0]["text"].startswith("3行：〈所在班组〉“办公室” — ")

    result = second(cast, tmp_path, rows, group_map={"办公室": office.pk, "后勤": cast.ua_g2.pk})
    assert result.counts["created"] == 4 and Person.objects.filter(org=office).count() == 3
    assert set(GroupAlias.objects.values_list("name", "target")) == {("办公室", office.pk), ("后勤", cast.ua_g2.pk)}

    rows = [person_row(i, 所在班组="办公室") for i in range(6, 8)]
    result = second(cast, tmp_path, rows, dry_run=True)
    assert result.counts["created"] == 2
    assert result.groups["names"] == [{"name": "办公室", "key": "办公室", "rows": 2, "target": office.pk,
                                       "target_label": "办公室小组", "source": "remembered", "suggestions": []}]
    # Forgetting it: the rows are refused again, and the real import drops the remembered mapping.
    result = second(cast, tmp_path, rows, group_map={"办公室": None})
    assert result.counts["refused"] == 2
    assert not GroupAlias.objects.filter(name="办公室").exists()


def test_a_department_path_is_built_when_groups_may_be_created(cast, tmp_path):
    rows = [person_row(1, 所在班组="文化局/业务/南京/一组"), person_row(2, 所在班组="业务/南京/一组"),
            person_row(3, 所在班组="机关分会/新组"), person_row(4, 所在班组="公司/后勤小组/一班"),
            person_row(5, 所在班组="文化局工会/机关分会/第一小组")]
    dry = second(cast, tmp_path, rows, create_groups=True, dry_run=True)
    assert dry.extra["groups_created"] == ["业务", "业务/南京一组", "机关分会/新组"]
    result = second(cast, tmp_path, rows, create_groups=True)
    assert result.counts["created"] == 4 and result.counts["refused"] == 1
    assert Person.objects.get(name="测试5").org == cast.ua_g1  # an existing path, written from the union down
    assert "“后勤小组”是工会小组，其下不能再建组织" in result.refusals[0].reason
    branch = Org.objects.get(name="业务")
    group = Org.objects.get(name="南京一组")
    assert (branch.kind, parent_path(branch), group.kind, parent_path(group)) == ("branch", cast.ua.path, "group",
                                                                                  branch.path)
    cast.ua_b1.refresh_from_db()  # siblings are kept in name order: a new one may move the others' paths
    assert set(Person.objects.filter(org=group).values_list("name", flat=True)) == {"测试1", "测试2"}
    assert parent_path(Person.objects.get(name="测试3").org) == cast.ua_b1.path
