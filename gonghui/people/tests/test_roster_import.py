"""roster_import on files the tests build: every messy case of issue 4, each row accounted for."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.conftest import make_id
from gonghui.core.models import AuditEvent
from gonghui.core.tabular import FileUnreadable
from gonghui.orgs.models import Org
from gonghui.people import services
from gonghui.people.models import MembershipEvent, Person
from gonghui.people.roster import importer, writing
from gonghui.people.roster.importer import roster_import
from gonghui.people.tests.roster_files import HEADER, person_row, write_csv, write_xlsx

D = dt.date


def counts(result, *keys):
    return {k: result.counts[k] for k in keys or result.counts}


# Large .xlsx files are read row by row (openpyxl) instead of loaded whole (calamine): the messy cases run
# through both readers.
both_readers = pytest.mark.parametrize("streamed", [False, True], ids=["loaded", "streamed"], indirect=True)


@pytest.fixture
def streamed(request, settings):
    if request.param:
        settings.GONGHUI_IMPORT_STREAM_ABOVE = 1
    return request.param


def db_state():
    return (Person.objects.count(), MembershipEvent.objects.count(), AuditEvent.objects.count(),
            Org.objects.count())


@both_readers
def test_it_imports_a_messy_file_and_accounts_for_every_row(cast, tmp_path, streamed):
    rows = [person_row(1, "张　三", join=D(2020, 1, 5), group="第一小组"),
            person_row(2, "买买提·艾力", join=D(2021, 3, 1), group="后勤小组"),
            [None] * len(HEADER),
            person_row(3, "李四", group="机关分会/第一小组")]
    path = write_xlsx(tmp_path / "花名册.xlsx", rows,
                      above=[["文化局工会会员花名册"], ["填报单位：文化局工会", None, None, "填报日期：2024年6月30日"]],
                      below=[[None], ["合计：3人"], ["制表人：张三", None, None, "审核人：李四"]])
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    assert counts(result) == {"created": 3, "updated": 0, "unchanged": 0, "refused": 0, "merged": 0,
                              "blank": 2, "footer": 2}
    assert result.header_rows == [3]
    zhang = Person.objects.get(name="张三")
    assert zhang.org == cast.ua_g1 and zhang.name_pinyin == "zhangsan" and " zs " in zhang.search_key
    assert Person.objects.get(name="买买提·艾力").org == cast.ua_g2
    assert Person.objects.get(name="李四").org == cast.ua_g1
    assert zhang.gender == "M" and zhang.birth_date == D(1990, 1, 1) and zhang.education == "20"
    assert zhang.employment_type == "regular" and zhang.hired_on == D(2015, 7, 1)


def test_it_puts_people_in_the_import_org_when_no_group_is_given(cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)], header=HEADER[:-1])
    roster_import(actor=cast.chair_a, org=cast.ua_b1, source=path)
    assert Person.objects.get(name="测试1").org == cast.ua_b1


def test_it_records_the_join_date_as_the_membership_history(cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1, join=D(2020, 1, 5)), person_row(2)])
    roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    member = Person.objects.get(name="测试1")
    event = member.membership_events.get()
    assert (event.kind, event.date, event.valid_until, event.org) == ("join", D(2020, 1, 5), None, cast.ua)
    assert member.member_status == "active"
    assert member.member_no == event.member_no == f"UA{member.pk:07d}"  # membership_event_add's rule
    assert Person.objects.get(name="测试2").member_status == "none"


def test_an_existing_member_keeps_their_history(cast, tmp_path):
    services.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join", date=D(2018, 5, 1))
    row = person_row(1, "王会员", join=D(2020, 1, 5), group="第一小组")
    row[HEADER.index("身份证号码")] = cast.wang_person.id_number
    row[HEADER.index("手机号码")] = cast.wang_person.mobile
    path = write_xlsx(tmp_path / "r.xlsx", [row], header=HEADER)
    roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    events = list(cast.wang_person.membership_events.values_list("kind", "date"))
    assert events == [("join", D(2018, 5, 1))]


@pytest.mark.parametrize("typed", [
    "11010119900307117x", "１１０１０１１９９００３０７１１７Ｘ", "110101 19900307 117X", "\u300011010119900307117X ",
])
def test_it_cleans_id_numbers_as_typed(cast, tmp_path, typed):
    expected = make_id("19900307", 117)
    assert expected.endswith("X")
    row = person_row(1, 身份证号码=typed)
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", [row]))
    assert result.counts["created"] == 1, result.refusals and result.refusals[0].reason
    assert Person.objects.filter(id_number=expected).exists()


def test_it_upgrades_15_digit_ids(cast, tmp_path):
    row = person_row(1, 身份证号码="110101900307123", 性别="男")
    roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", [row]))
    assert Person.objects.get(name="测试1").id_number == make_id("19900307", 123)


@both_readers
def test_it_refuses_ids_excel_turned_into_numbers(cast, tmp_path, streamed):
    xlsx_row = person_row(5, 身份证号码=440305198905104123)  # a number cell: the digits are gone
    result = roster_import(actor=cast.chair_a, org=cast.ua,
                           source=write_xlsx(tmp_path / "r.xlsx", [person_row(1), xlsx_row]))
    assert counts(result, "created", "refused") == {"created": 1, "refused": 1}
    reason = result.refusals[0].reason
    assert reason.startswith("第3行 〈身份证号码〉: 4.40305198905104")
    assert "后几位已丢失" in reason and "文本" in reason
    csv_row = person_row(6, 身份证号码="4.40305198905104E+17")
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=write_csv(tmp_path / "r.csv", [csv_row]))
    assert result.counts["refused"] == 1 and "后几位已丢失" in result.refusals[0].reason
    assert not Person.objects.filter(id_number__startswith="4403051989051").exists()


@both_readers
def test_it_reads_phones_stored_as_numbers_or_with_dashes(cast, tmp_path, streamed):
    rows = [person_row(1, 手机号码=13812345678.0), person_row(2, 手机号码="138-1234-5679"),
            person_row(3, 手机号码="138 1234 5670")]
    roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", rows))
    assert sorted(Person.objects.filter(name__startswith="测试").values_list("mobile", flat=True)) == [
        "13812345670", "13812345678", "13812345679"]


@both_readers
def test_it_reads_every_date_spelling(cast, tmp_path, streamed):
    spellings = [D(2020, 1, 5), "2020-01-05", "2020/1/5", "2020.01.05", "2020年1月5日"]
    rows = [person_row(i, 入职日期=s) for i, s in enumerate(spellings, 1)]
    rows.append(person_row(9, 入职日期="2020年1月"))
    roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", rows))
    hired = dict(Person.objects.filter(name__startswith="测试").values_list("name", "hired_on"))
    assert set(hired.values()) == {D(2020, 1, 5), D(2020, 1, 1)} and hired["测试9"] == D(2020, 1, 1)


@both_readers
def test_each_refused_row_says_where_and_what_to_fix(cast, tmp_path, streamed):
    rows = [person_row(1, 性别="女"),  # the ID says male
            person_row(2, 手机号码="1380013"),  # (民族 火星族 would come in with a note: test_roster_office_files)
            person_row(3, 入会日期="去年"),
            person_row(4, 姓名=""),
            person_row(5, 身份证号码=""),
            person_row(6, 所在班组="不存在的小组"),
            person_row(7)]
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", rows))
    assert counts(result, "created", "refused") == {"created": 1, "refused": 6}
    reasons = [r.reason for r in result.refusals]
    assert reasons[0].startswith("第2行 〈性别〉: 女 — 性别与身份证号码不符")
    assert reasons[1].startswith("第3行 〈手机号码〉: 1380013 — ")
    assert reasons[2].startswith("第4行 〈入会日期〉: 去年 — ")
    assert reasons[3].startswith("第5行 〈姓名〉: （空） — 姓名为空")
    assert reasons[4].startswith("第6行 〈身份证号码〉: （空） — ")
    assert reasons[5].startswith("第7行 〈所在班组〉: 不存在的小组 — 在“文化局工会”及其下级中找不到")


def test_the_same_person_twice_is_merged_when_identical_and_refused_otherwise(cast, tmp_path):
    rows = [person_row(1), person_row(1), person_row(1, 工号="X9")]
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", rows))
    assert counts(result, "created", "merged", "refused") == {"created": 1, "merged": 1, "refused": 1}
    assert result.notes == ["第3行与第2行完全相同（同一身份证号码），已合并为一人。"]
    assert "第4行 〈身份证号码〉" in result.refusals[0].reason and "与第2行（测试1）身份证号相同" in result.refusals[0].reason


def test_reimporting_the_same_file_changes_nothing(cast, tmp_path):
    rows = [person_row(i, join=D(2020, 1, 5), group="第一小组") for i in range(1, 6)]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    before = db_state()
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    assert counts(result, "created", "updated", "unchanged") == {"created": 0, "updated": 0, "unchanged": 5}
    assert db_state() == before


def test_an_updated_file_updates_only_what_changed_and_the_audit_shows_it(cast, tmp_path):
    rows = [person_row(i) for i in range(1, 4)]
    roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "a.xlsx", rows))
    rows[1][HEADER.index("手机号码")] = "13911112222"
    rows[1][HEADER.index("学历")] = "大专"
    rows[2][HEADER.index("所在班组")] = "后勤小组"
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "b.xlsx", rows))
    assert counts(result, "created", "updated", "unchanged") == {"created": 0, "updated": 2, "unchanged": 1}
    p2 = Person.objects.get(name="测试2")
    assert (p2.mobile, p2.education) == ("13911112222", "30")
    event = AuditEvent.objects.filter(object_type="person", object_id=str(p2.pk), action="update").get()
    assert event.changes == {"education": ["20", "30"], "mobile": ["139****0002", "139****2222"]}
    assert event.actor == cast.chair_a
    p3 = Person.objects.get(name="测试3")
    assert p3.org == cast.ua_g2
    assert AuditEvent.objects.get(object_id=str(p3.pk), action="update").changes == {
        "org": ["文化局工会", "后勤小组"]}
    imports = AuditEvent.objects.filter(action="import", object_type="roster").order_by("id")
    assert [e.changes["updated"] for e in imports] == [0, 2]


def test_audit_rows_of_created_people_name_the_import_without_id_or_phone(cast, tmp_path):
    roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", [person_row(1)]))
    person = Person.objects.get(name="测试1")
    event = AuditEvent.objects.get(object_type="person", object_id=str(person.pk))
    assert event.action == "create" and event.org_path == cast.ua.path and event.actor == cast.chair_a
    assert event.object_repr == "测试1" and event.at == person.created_at
    assert event.changes == {"name": "测试1", "org": "文化局工会", "import": "花名册导入 r.xlsx"}
    assert person.id_number[-8:] not in str(event.changes) and person.mobile not in str(event.changes)


def test_unknown_groups_are_created_on_request(cast, tmp_path):
    rows = [person_row(1, group="新小组"), person_row(2, group="新小组"), person_row(3, group="第一小组")]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    dry = roster_import(actor=cast.chair_a, org=cast.ua, source=path, create_groups=True, dry_run=True)
    assert dry.extra["groups_created"] == ["新小组"] and not Org.objects.filter(name="新小组").exists()
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=path, create_groups=True)
    assert result.counts["created"] == 3
    group = Org.objects.get(name="新小组")
    assert group.kind == "group" and group.depth == cast.ua.depth + 1 and group.path.startswith(cast.ua.path)
    assert group.code.startswith("UA-G")
    assert Person.objects.filter(org=group).count() == 2
    assert AuditEvent.objects.filter(object_type="org", object_id=str(group.pk), action="create").exists()


def test_an_officer_cannot_import_above_their_branch(cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    with pytest.raises(PermissionDenied):
        roster_import(actor=cast.officer_a1, org=cast.ua, source=path)
    with pytest.raises(PermissionDenied):
        roster_import(actor=cast.viewer_fed, org=cast.ua, source=path)
    assert roster_import(actor=cast.officer_a1, org=cast.ua_b1, source=path).counts["created"] == 1


def test_a_person_of_another_union_is_refused_without_saying_who(cast, tmp_path):
    row = person_row(1, "随便", 身份证号码=cast.wang_person.id_number)
    row[HEADER.index("性别")] = None
    result = roster_import(actor=cast.admin_b, org=cast.ub, source=write_xlsx(tmp_path / "r.xlsx", [row]))
    assert result.counts["refused"] == 1
    reason = result.refusals[0].reason
    assert "其他单位登记" in reason and "王会员" not in reason and "文化局" not in reason
    assert Person.objects.get(pk=cast.wang_person.pk).org == cast.ua_g1


def test_a_person_elsewhere_in_scope_is_not_moved_by_an_import(cast, tmp_path):
    row = person_row(1, "吴工人", 身份证号码=cast.wu_person.id_number, 性别=None)
    result = roster_import(actor=cast.root, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", [row]))
    assert result.counts["refused"] == 1 and "机械厂工会" in result.refusals[0].reason
    assert Person.objects.get(pk=cast.wu_person.pk).org == cast.ub


def test_dry_run_counts_the_same_and_writes_nothing(cast, tmp_path):
    rows = [person_row(i, join=D(2020, 1, 5)) for i in range(1, 4)] + [person_row(9, 民族="x")]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    before = db_state()
    dry = roster_import(actor=cast.chair_a, org=cast.ua, source=path, dry_run=True)
    assert db_state() == before
    real = roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    assert counts(dry) == counts(real) and dry.dry_run and not real.dry_run


def test_a_failure_mid_way_leaves_the_database_as_it_was(cast, tmp_path, monkeypatch):
    rows = [person_row(i, join=D(2020, 1, 5), group="新小组") for i in range(1, 4)]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    before = db_state()
    real_insert = writing.insert_many

    def failing(model, fields, rows, **kw):
        if model is MembershipEvent:
            raise RuntimeError("disk full")
        return real_insert(model, fields, rows, **kw)

    monkeypatch.setattr(writing, "insert_many", failing)
    with pytest.raises(RuntimeError):
        roster_import(actor=cast.chair_a, org=cast.ua, source=path, create_groups=True)
    assert db_state() == before


def test_a_failure_after_some_chunks_were_written_undoes_them_too(cast, tmp_path, monkeypatch):
    """Chunks are written as the file is read; a failure in the last one still leaves nothing behind."""
    rows = [person_row(i, join=D(2020, 1, 5)) for i in range(1, 8)]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    before = db_state()
    monkeypatch.setattr(importer, "CHUNK", 3)
    real_write = writing.Writer.write
    written = []

    def failing(self, plan):
        if written:
            assert Person.objects.filter(name__startswith="测试").count() == 3  # the first chunk is in
            raise RuntimeError("disk full")
        written.append(plan)
        return real_write(self, plan)

    monkeypatch.setattr(writing.Writer, "write", failing)
    with pytest.raises(RuntimeError):
        roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    assert written and db_state() == before


@pytest.mark.parametrize("content", [b"not a spreadsheet at all \x00\x01\x02", b""])
def test_an_unreadable_file_raises_and_writes_nothing(cast, tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    before = db_state()
    with pytest.raises(FileUnreadable):
        roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    assert db_state() == before


@both_readers
def test_formulas_in_cells_are_stored_as_text(cast, tmp_path, streamed):
    row = person_row(1, 所在班组=None)
    path = tmp_path / "f.xlsx"
    header = [*HEADER, "岗位"]
    write_xlsx(path, [[*row, '=HYPERLINK("http://evil.example","点我")']], header=header)
    roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    assert Person.objects.get(name="测试1").post == '=HYPERLINK("http://evil.example","点我")'


def test_a_gbk_csv_imports_like_the_xlsx(cast, tmp_path):
    rows = [person_row(1, "张三", join=D(2020, 1, 5), group="第一小组")]
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=write_csv(tmp_path / "r.csv", rows))
    assert result.kind == "csv" and result.counts["created"] == 1
    assert Person.objects.get(name="张三").membership_events.get().date == D(2020, 1, 5)


def test_an_old_xls_imports(cast, tmp_path):
    pytest.importorskip("xlwt")
    from gonghui.people.tests.roster_files import write_xls

    result = roster_import(actor=cast.chair_a, org=cast.ua,
                           source=write_xls(tmp_path / "r.xls", [person_row(1, join=D(2020, 1, 5))]))
    assert result.kind == "xls" and result.counts["created"] == 1


def test_a_corrected_mapping_overrides_the_guess(cast, tmp_path):
    header = ["姓名", "身份证号码", "联系电话", "手机"]
    rows = [["张三", make_id("19900101", 101), "13800000000", "010-88889999"]]
    path = write_xlsx(tmp_path / "r.xlsx", rows, header=header)
    guess = roster_import(actor=cast.chair_a, org=cast.ua, source=path, dry_run=True)
    assert {c.header: c.key for c in guess.columns}["手机"] == "mobile"
    assert guess.counts["refused"] == 1  # 010-88889999 is no mobile number
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=path, mapping={"mobile": 2})
    assert result.counts["created"] == 1 and Person.objects.get(name="张三").mobile == "13800000000"


def test_other_columns_are_cleaned_with_the_shared_validation(cast, tmp_path):
    header = ["姓名", "身份证号码", "用工性质", "是否农民工", "劳模称号", "劳模级别", "基本工资", "在职状态", "职务",
              "参加工作时间", "会员编号", "入会时间"]
    row = ["赵六", make_id("19850312", 131), "劳务派遣", "是", "市劳动模范", "市", 4500.5, "在职", "钳工",
           "2008.07", "HY0001", "2009年3月1日"]
    roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", [row], header=header))
    p = Person.objects.get(name="赵六")
    assert (p.employment_type, p.is_migrant_worker, p.model_worker_title, p.model_worker_level) == (
        "dispatched", True, "市劳动模范", "city")
    assert (p.base_salary, p.work_status, p.post, p.hired_on) == (Decimal("4500.50"), "active", "钳工",
                                                                  D(2008, 7, 1))
    assert p.member_no == "HY0001" and p.membership_events.get().member_no == "HY0001"


def test_a_header_without_id_numbers_is_refused_as_a_whole(cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [["张三", "男"]], header=["姓名", "性别"])
    with pytest.raises(FileUnreadable) as exc:
        roster_import(actor=cast.chair_a, org=cast.ua, source=path)
    assert "身份证号码" in exc.value.message


def test_progress_is_reported(cast, tmp_path):
    rows = [person_row(i) for i in range(1, 2502)]
    calls = []
    roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", rows),
                  progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (1000, 2501) and calls[-1] == (2501, 2501)


def test_progress_is_reported_outside_the_write_transaction(cast, tmp_path):
    """A job's progress written inside a transaction is invisible to the page until it commits: every row is
    checked (and its progress reported) before the one write transaction opens."""
    from django.db import connection

    depth = len(connection.atomic_blocks)  # the test's own transaction
    seen = []

    class Progress:
        def __call__(self, done, total):
            seen.append(("progress", len(connection.atomic_blocks)))

        def phase(self, message):
            seen.append(("phase", len(connection.atomic_blocks)))

    rows = [person_row(i) for i in range(1, 2502)]
    before = Person.objects.count()
    result = roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "r.xlsx", rows),
                           progress=Progress())
    assert seen[-1] == ("phase", depth) and len(seen) > 2
    assert all(d == depth for _kind, d in seen)
    assert result.counts["created"] > 0
    assert Person.objects.count() - before == result.counts["created"]
