"""`gonghui roster import|export|template` in-process, and once in a real process for the exit codes."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from gonghui.cli.tests.helpers import run
from gonghui.people.models import Person
from gonghui.people.tests.roster_files import HEADER, person_row, write_xlsx

D = dt.date


def rows_of(path):
    return list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())


@pytest.fixture
def messy(tmp_path):
    rows = [person_row(1, join=D(2020, 1, 5), group="第一小组"), person_row(2),
            person_row(3, 身份证号码=440305198905104123), person_row(4, 手机号码="1380013"),
            [None] * len(HEADER)]
    return write_xlsx(tmp_path / "花名册.xlsx", rows, below=[["合计：4人"]])


def test_import_prints_counts_and_its_last_line_is_json(cast, messy):
    out, _err = run("roster", "import", str(messy), "--org", "UA", "--json")
    last = json.loads(out.strip().splitlines()[-1])
    assert {k: last[k] for k in ("created", "updated", "unchanged", "refused", "blank", "footer")} == {
        "created": 2, "updated": 0, "unchanged": 0, "refused": 2, "blank": 1, "footer": 1}
    assert "第4行 〈身份证号码〉" in out and "第5行 〈手机号码〉: 1380013" in out
    assert Person.objects.filter(name__startswith="测试").count() == 2


def test_import_without_json_ends_with_the_summary(cast, messy):
    out, _err = run("roster", "import", str(messy), "--org", "UA", "--dry-run")
    assert out.strip().splitlines()[-1].startswith("（试导入，未写入）新增 2 人，更新 0 人，无变化 0 人，未导入 2 行")
    assert not Person.objects.filter(name__startswith="测试").exists()


def test_errors_file_holds_the_refused_rows_as_they_were_with_a_reason(cast, messy, tmp_path):
    errors = tmp_path / "未导入.xlsx"
    run("roster", "import", str(messy), "--org", "UA", "--errors", str(errors))
    rows = rows_of(errors)
    assert rows[0] == [*HEADER, "错误原因"]
    assert [r[1] for r in rows[1:]] == ["测试3", "测试4"]
    assert rows[1][HEADER.index("身份证号码")] == pytest.approx(440305198905104123)  # as it was: a number
    assert rows[1][-1].startswith("第4行 〈身份证号码〉") and rows[2][-1].startswith("第5行 〈手机号码〉")
    assert rows[2][HEADER.index("入职日期")] == D(2015, 7, 1)
    # Fixed and imported on its own, that file adds the rest.
    rows[2][HEADER.index("手机号码")] = "13800138000"
    fixed = write_xlsx(tmp_path / "fixed.xlsx", [r[:-1] for r in rows[2:]])
    out, _ = run("roster", "import", str(fixed), "--org", "UA", "--json")
    assert json.loads(out.strip().splitlines()[-1])["created"] == 1


def test_an_unreadable_file_is_a_command_error_in_chinese(cast, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"\x00\x01\x02 not a workbook")
    with pytest.raises(CommandError) as exc:
        run("roster", "import", str(bad), "--org", "UA")
    assert "不是Excel工作簿或CSV表格" in str(exc.value)
    with pytest.raises(CommandError) as exc:
        run("roster", "import", str(tmp_path / "missing.xlsx"), "--org", "UA")
    assert "找不到文件" in str(exc.value)


def test_as_user_applies_the_users_scope(cast, messy):
    with pytest.raises(CommandError) as exc:
        run("roster", "import", str(messy), "--org", "UA", "--as-user", "liganshi")
    assert "不在账号“liganshi”的管理范围内" in str(exc.value)
    out, _ = run("roster", "import", str(messy), "--org", "UA-B1", "--as-user", "liganshi", "--json")
    last = json.loads(out.strip().splitlines()[-1])
    assert (last["created"], last["refused"]) == (2, 2)  # 第一小组 is found under UA-B1
    assert Person.objects.get(name="测试2").org == cast.ua_b1


def test_export_and_template(cast, tmp_path):
    out, _ = run("roster", "export", "--org", "UA", "-o", str(tmp_path / "e.xlsx"), "--unmasked")
    assert "已导出“文化局工会”及其下级的 2 人" in out
    ids = {r[4] for r in rows_of(tmp_path / "e.xlsx")[2:]}
    assert cast.wang_person.id_number in ids
    out, _ = run("roster", "template", "-o", str(tmp_path / "t.xlsx"))
    assert "模板" in out and rows_of(tmp_path / "t.xlsx")[1][1] == "姓名"


def test_it_exits_non_zero_in_a_real_process_only_when_the_file_cannot_be_read(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGHUI_SECRET_KEY_FILE")}
    env.update(GONGHUI_DATA_DIR=str(tmp_path / "data"), GONGHUI_TESTING="1", PYTHONIOENCODING="utf-8",
               DJANGO_SETTINGS_MODULE="gonghui.settings")

    def call(*args):
        return subprocess.run([sys.executable, "-m", "gonghui", *args], env=env, capture_output=True, text=True,
                              encoding="utf-8", timeout=120, check=False)

    assert call("migrate", "-v0").returncode == 0
    assert call("org", "add", "--code", "U1", "--name", "某厂工会", "--kind", "union").returncode == 0
    good = write_xlsx(tmp_path / "r.xlsx", [person_row(1), person_row(2, 手机号码="1380013")])
    ok = call("roster", "import", str(good), "--org", "U1", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout.strip().splitlines()[-1])["refused"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    failed = call("roster", "import", str(bad), "--org", "U1")
    assert failed.returncode == 1 and "不是Excel工作簿或CSV表格" in failed.stderr


def test_an_output_path_that_cannot_be_written_is_a_chinese_error(cast, tmp_path):
    with pytest.raises(CommandError) as caught:
        run("roster", "export", "--org", "UA", "-o", str(tmp_path / "no" / "such" / "花名册.xlsx"))
    assert str(caught.value) == f"无法读写“{tmp_path / 'no' / 'such' / '花名册.xlsx'}”：文件或文件夹不存在。"


JSON_KEYS = {"created", "updated", "unchanged", "refused", "merged", "blank", "footer", "dry_run", "file", "format",
             "sheet", "header_rows", "columns", "refusals", "refusals_total", "notes", "groups_created", "summary",
             "unused_columns", "row_notes"}


def test_a_changed_name_is_refused_unless_name_changes_are_accepted(cast, tmp_path):
    run("roster", "import", str(write_xlsx(tmp_path / "a.xlsx", [person_row(1, "白伯世")])), "--org", "UA")
    renamed = write_xlsx(tmp_path / "b.xlsx", [person_row(1, "白博士")])
    out, _ = run("roster", "import", str(renamed), "--org", "UA", "--json")
    last = json.loads(out.strip().splitlines()[-1])
    assert set(last) == JSON_KEYS and (last["updated"], last["refused"]) == (0, 1)
    assert "第2行 〈姓名〉: 白博士 — 系统中这个身份证号码登记的是“白伯世”" in out and "--accept-name-changes" in out
    assert Person.objects.filter(name="白伯世").exists()
    out, _ = run("roster", "import", str(renamed), "--org", "UA", "--accept-name-changes", "--dry-run")
    assert "将更新 第2行 白伯世：姓名 白伯世 → 白博士" in out
    out, _ = run("roster", "import", str(renamed), "--org", "UA", "--accept-name-changes")
    assert out.strip().splitlines()[-1].startswith("新增 0 人，更新 1 人")
    assert Person.objects.filter(name="白博士").exists() and not Person.objects.filter(name="白伯世").exists()


def test_repeated_problems_are_told_once_and_nothing_imported_is_said(cast, tmp_path):
    rows = [person_row(i, group="办公室") for i in range(1, 5)] + [person_row(5, 手机号码="1380013")]
    out, _ = run("roster", "import", str(write_xlsx(tmp_path / "r.xlsx", rows)), "--org", "UA")
    lines = out.strip().splitlines()
    assert sum("办公室" in line for line in lines) == 1
    assert any(line.startswith("4行：〈所在班组〉“办公室” — 在“文化局工会”及其下级中找不到") and line.endswith("（第2、3、4、5行）")
               for line in lines)
    assert any(line.startswith("第6行 〈手机号码〉: 1380013") for line in lines)
    assert lines[-1].startswith("没有导入任何人：新增 0 人")


def test_a_department_is_suggested_then_mapped_with_map_and_remembered(cast, tmp_path):
    # UA's groups are 第一小组 (under 机关分会) and 后勤小组; the file says 后勤
    rows = [person_row(i, group="后勤") for i in range(1, 4)]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    out, _ = run("roster", "import", str(path), "--org", "UA")
    assert "部门“后勤”（3行）可能是：后勤小组。确认后加 --map 后勤=UA-G2 再导入（会记住）。" in out
    assert out.strip().splitlines()[-1].startswith("没有导入任何人")
    with pytest.raises(CommandError, match="--map 的格式是 部门=组织代码"):
        run("roster", "import", str(path), "--org", "UA", "--map", "后勤")
    out, _ = run("roster", "import", str(path), "--org", "UA", "--map", "后勤=UA-G2")
    assert out.strip().splitlines()[-1].startswith("新增 3 人")
    assert set(Person.objects.filter(name__startswith="测试").values_list("org__code", flat=True)) == {"UA-G2"}
    again = write_xlsx(tmp_path / "r2.xlsx", [person_row(4, group="后勤")])
    out, _ = run("roster", "import", str(again), "--org", "UA")  # remembered for the union's next import
    assert out.strip().splitlines()[-1].startswith("新增 1 人")
