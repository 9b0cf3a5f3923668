"""`gonghui ledger kinds|template|import|export` in-process, and once in a real process for the exit codes."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management.base import CommandError
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from gonghui.cli.tests.helpers import run
from gonghui.ledgers.kinds import KINDS
from gonghui.ledgers.models import Meeting, Openness
from gonghui.ledgers.tests.excel_files import SAMPLES, header_of, write_ledger


@pytest.fixture
def messy(tmp_path):
    rows = [SAMPLES["meeting"][0], {**SAMPLES["meeting"][1], "参加人员": "查无此人"}, {},
            {**SAMPLES["meeting"][0], "会议名称": "第三次", "会议类型": "茶话会"}]
    return write_ledger(tmp_path / "会议台账.xlsx", "meeting", rows, below=[["合计：3次"]])


def last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def test_kinds_lists_every_kind_with_its_columns(db):
    out, _ = run("ledger", "kinds", "--json")
    payload = json.loads(out)
    assert [k["code"] for k in payload] == list(KINDS)
    meeting = payload[0]
    assert meeting["label"] == "会议" and meeting["natural_key"] == ["日期", "会议名称"]
    assert meeting["columns"][0] == {"header": "日期", "field": "date", "type": "date", "required": True,
                                     "choices": []}
    assert "工会委员会会议" in meeting["columns"][2]["choices"]
    out, _ = run("ledger", "kinds")
    assert "meeting     会议：日期*、所属组织、会议类型*" in out and out.strip().endswith("共16种台账。")


def test_import_prints_counts_and_its_last_line_is_json(cast, messy):
    out, _ = run("ledger", "import", "meeting", str(messy), "--org", "UA", "--json")
    last = last_json(out)
    assert {k: last[k] for k in ("created", "updated", "unchanged", "refused", "blank", "footer")} == {
        "created": 1, "updated": 0, "unchanged": 0, "refused": 2, "blank": 1, "footer": 1}
    assert last["summary"].startswith("新增 1 条")
    assert "第3行 〈参加人员〉: 查无此人 — 本工会名册中找不到：查无此人" in out
    assert "第5行 〈会议类型〉: 茶话会" in out
    assert Meeting.objects.count() == 1
    out, _ = run("ledger", "import", "meeting", str(messy), "--org", "UA")
    assert out.strip().splitlines()[-1].startswith("没有导入任何记录：新增 0 条，更新 0 条，无变化 1 条，未导入 2 行")


def test_an_import_that_wrote_nothing_says_so_on_its_last_line(cast, tmp_path):
    bad = write_ledger(tmp_path / "bad.xlsx", "meeting", [{**SAMPLES["meeting"][0], "参加人员": "查无此人"}])
    out, _ = run("ledger", "import", "meeting", str(bad), "--org", "UA")
    assert out.strip().splitlines()[-1].startswith("没有导入任何记录：新增 0 条，更新 0 条，无变化 0 条，未导入 1 行")
    out, _ = run("ledger", "import", "meeting", str(bad), "--org", "UA", "--dry-run")
    assert out.strip().splitlines()[-1].startswith("（试导入，未写入）新增 0 条")
    assert last_json(run("ledger", "import", "meeting", str(bad), "--org", "UA", "--json")[0])["summary"].startswith(
        "没有导入任何记录：")


def test_dry_run_and_the_errors_file(cast, messy, tmp_path):
    errors = tmp_path / "未导入.xlsx"
    out, _ = run("ledger", "import", "meeting", str(messy), "--org", "UA", "--dry-run", "--errors", str(errors))
    assert "（试导入，未写入）新增 1 条" in out.strip().splitlines()[-1]
    assert Meeting.objects.count() == 0
    rows = list(CalamineWorkbook.from_path(str(errors)).get_sheet_by_index(0).iter_rows())
    assert rows[0] == [*header_of("meeting"), "错误原因"]
    assert [r[-1][:3] for r in rows[1:]] == ["第3行", "第5行"]


def test_unreadable_files_unknown_kinds_and_scope_are_command_errors(cast, messy, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"\x00\x01 not a workbook")
    with pytest.raises(CommandError, match="不是Excel工作簿或CSV表格"):
        run("ledger", "import", "meeting", str(bad), "--org", "UA")
    with pytest.raises(CommandError, match="没有代码为“party”的台账"):
        run("ledger", "import", "party", str(messy), "--org", "UA")
    other = write_ledger(tmp_path / "o.xlsx", "openness", SAMPLES["openness"])
    with pytest.raises(CommandError, match="表头中找不到“会议类型”列"):
        run("ledger", "import", "meeting", str(other), "--org", "UA")
    # A 小组长 records for their own group, nowhere else.
    out, _ = run("ledger", "import", "openness", str(other), "--org", "UA-B1-G1", "--as-user", "sunzuzhang", "--json")
    assert last_json(out)["created"] == 2
    assert set(Openness.objects.values_list("org__code", flat=True)) == {"UA-B1-G1"}
    with pytest.raises(CommandError, match="不在账号“sunzuzhang”的管理范围内"):
        run("ledger", "import", "openness", str(other), "--org", "UA", "--as-user", "sunzuzhang")
    with pytest.raises(CommandError, match="账号“zhaocaiwu”没有权限执行此操作"):
        run("ledger", "import", "openness", str(other), "--org", "UA", "--as-user", "zhaocaiwu")


def test_template_and_export(cast, messy, tmp_path):
    out, _ = run("ledger", "template", "aid", "-o", str(tmp_path / "t.xlsx"))
    assert "帮扶慰问台账空白模板已写入" in out
    assert load_workbook(tmp_path / "t.xlsx").sheetnames == ["帮扶慰问", "可选值"]
    run("ledger", "import", "meeting", str(messy), "--org", "UA")
    target = tmp_path / "e.xlsx"
    out, _ = run("ledger", "export", "--org", "UA", "--period", "2026H1", "-o", str(target))
    assert "已导出“文化局工会”及其下级2026年上半年的 1 条台账（16 个工作表）" in out
    assert len(load_workbook(target).sheetnames) == 16
    out, _ = run("ledger", "export", "--org", "UA", "--from", "2026-03-01", "--to", "2026-03-31", "-o", str(target),
                 "--kind", "meeting", "--kind", "aid")
    assert load_workbook(target).sheetnames == ["会议", "帮扶慰问"]
    assert load_workbook(target)["会议"]["A1"].value == "文化局工会会议台账（2026-03-01至2026-03-31）"
    out, _ = run("ledger", "import", "meeting", str(target), "--org", "UA", "--json")
    assert last_json(out)["unchanged"] == 1
    with pytest.raises(CommandError, match="不在账号“waidanwei”的管理范围内"):
        run("ledger", "export", "--org", "UA", "--period", "2026", "-o", str(target), "--as-user", "waidanwei")
    with pytest.raises(CommandError, match="期间“2026X”无法识别"):
        run("ledger", "export", "--org", "UA", "--period", "2026X", "-o", str(target))


def test_it_exits_non_zero_in_a_real_process_only_when_the_file_cannot_be_read(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGHUI_SECRET_KEY_FILE")}
    env.update(GONGHUI_DATA_DIR=str(tmp_path / "data"), GONGHUI_TESTING="1", PYTHONIOENCODING="utf-8",
               DJANGO_SETTINGS_MODULE="gonghui.settings")

    def call(*args):
        return subprocess.run([sys.executable, "-m", "gonghui", *args], env=env, capture_output=True, text=True,
                              encoding="utf-8", timeout=120, check=False)

    assert call("migrate", "-v0").returncode == 0
    assert call("org", "add", "--code", "U1", "--name", "某厂工会", "--kind", "union").returncode == 0
    good = write_ledger(tmp_path / "o.xlsx", "openness", [*SAMPLES["openness"], {"日期": "不是日期", "公开事项": "x"}])
    ok = call("ledger", "import", "openness", str(good), "--org", "U1", "--json")
    assert ok.returncode == 0, ok.stderr
    assert (last_json(ok.stdout)["created"], last_json(ok.stdout)["refused"]) == (2, 1)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    failed = call("ledger", "import", "openness", str(bad), "--org", "U1")
    assert failed.returncode == 1 and "不是Excel工作簿或CSV表格" in failed.stderr
