"""`gonghui report template …` and `gonghui report summary [--builtin]` with a union's Word template."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError
from docx import Document

from gonghui.core.models import AuditEvent
from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.reports.models import SummaryTemplate
from gonghui.reports.summary.wording import fmt_value
from gonghui.reports.tests.template_files import DOC_BYTES, all_text, docx_bytes, with_text

from .helpers import run


@pytest.fixture
def files(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    template = tmp_path / "模板.docx"
    template.write_bytes(docx_bytes())
    return tmp_path


def test_it_uploads_shows_and_uses_a_template(cast, files):
    out, _err = run("report", "template", "upload", str(files / "模板.docx"), "--org", "UA")
    assert "已启用文化局工会的工作总结模板“模板.docx”" in out and "{{正文}}" in out
    assert AuditEvent.objects.filter(object_type="summarytemplate", source="cli").exists()
    out, _err = run("report", "template", "show", "--org", "UA-B1")
    assert "机关分会使用上级“文化局工会”的模板“模板.docx”" in out

    run("report", "summary", "--org", "UA", "--period", "2026H1", "-o", str(files / "总结.docx"))
    doc = Document(str(files / "总结.docx"))
    text = all_text(doc)
    members = fmt_value("members", compute(cast.ua, parse_period("2026H1"))["members"])
    assert "{{" not in text and f"本期会员{members}" in text and "文化局工会 内部资料" in text

    run("report", "summary", "--org", "UA", "--period", "2026H1", "-o", str(files / "内置.docx"), "--builtin")
    builtin = Document(str(files / "内置.docx"))
    assert builtin.paragraphs[0].style.name == "Title" and "内部资料" not in all_text(builtin)


def test_it_deletes_and_chooses_the_built_in_layout(cast, files):
    run("report", "template", "upload", str(files / "模板.docx"), "--org", "FED")
    out, _err = run("report", "template", "builtin", "--org", "UA")
    assert "文化局工会及其下级生成工作总结时使用内置格式" in out
    out, _err = run("report", "template", "show", "--org", "UA-B1-G1")
    assert "第一小组使用内置格式（上级“文化局工会”的选择）" in out
    out, _err = run("report", "template", "delete", "--org", "UA")
    assert "已删除文化局工会自己的模板设置" in out and "上级“某区总工会”的模板" in out
    out, _err = run("report", "template", "delete", "--org", "UA")
    assert "文化局工会没有自己的模板设置" in out
    out, _err = run("report", "template", "show", "--org", "UB")
    assert "某区总工会" in out


def test_it_writes_the_example(cast, files):
    out, _err = run("report", "template", "example", "-o", str(files / "示例.docx"))
    assert "已生成示例模板" in out
    assert "{{正文}}" in all_text(Document(str(files / "示例.docx")))


@pytest.mark.parametrize("content, fragment", [
    (DOC_BYTES, "旧版 Word（.doc）"),
    (with_text("{{membres}}"), "{{membres}}"),
])
def test_it_refuses_a_bad_template_in_chinese(cast, files, content, fragment):
    bad = files / "坏.docx"
    bad.write_bytes(content)
    with pytest.raises(CommandError) as exc:
        run("report", "template", "upload", str(bad), "--org", "UA")
    assert fragment in str(exc.value) and not SummaryTemplate.objects.exists()


def test_a_missing_file_is_explained(cast, files):
    with pytest.raises(CommandError) as exc:
        run("report", "template", "upload", str(files / "没有.docx"), "--org", "UA")
    assert "找不到文件" in str(exc.value)


def test_as_user_is_scoped(cast, files):
    upload = ("report", "template", "upload", str(files / "模板.docx"), "--org", "UA")
    with pytest.raises(CommandError) as exc:
        run(*upload, "--as-user", "waidanwei")  # union B's admin: UA is not theirs
    assert "不在账号" in str(exc.value)
    with pytest.raises(CommandError) as exc:
        run(*upload, "--as-user", "zhaocaiwu")  # finance: reads UA, may not change it
    assert "只有查看权限" in str(exc.value)
    with pytest.raises(CommandError):
        run("report", "template", "show", "--org", "UA", "--as-user", "waidanwei")
    out, _err = run(*upload, "--as-user", "zhangzhuxi")
    assert "已启用" in out and SummaryTemplate.objects.get().uploaded_by == cast.chair_a
