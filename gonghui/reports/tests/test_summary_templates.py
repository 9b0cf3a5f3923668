"""The summary's Word template services: checks with Chinese messages (nothing stored when refused), who may
upload, replace and delete, the audit rows, and which template applies (the nearest one up the tree)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.models import AuditEvent
from gonghui.reports import summary_templates
from gonghui.reports.models import SummaryTemplate
from gonghui.reports.summary_templates import (
    summary_template_delete,
    summary_template_in_force,
    summary_template_open,
    summary_template_upload,
    summary_template_use_builtin,
)
from gonghui.reports.tests.template_files import (
    DOC_BYTES,
    ENCRYPTED_BYTES,
    PDF_BYTES,
    broken_docx_bytes,
    docx_bytes,
    dotx_bytes,
    template_document,
    with_text,
    xlsx_bytes,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _upload(name="模板.docx", content: bytes | None = None):
    return SimpleUploadedFile(name, docx_bytes() if content is None else content)


def _stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_it_stores_the_template_with_its_placeholders_and_audits_it(cast, media):
    row = summary_template_upload(actor=cast.chair_a, org=cast.ua, upload=_upload())
    assert row.org == cast.ua and row.name == "模板.docx" and row.uploaded_by == cast.chair_a
    assert row.placeholders == ["单位名称", "期间", "members", "membership_rate", "aid_amount", "meetings", "正文",
                                "日期"]
    stored = Path(row.file.path)
    assert stored.is_file() and stored.suffix == ".docx"
    assert stored.is_relative_to(media / "summary_templates")
    assert stored.name != "模板.docx"  # a random name: the uploaded one is only shown
    event = AuditEvent.objects.get(object_type="summarytemplate")
    assert event.action == "create" and event.actor == cast.chair_a and event.org_path == cast.ua.path


def test_replacing_keeps_one_row_and_removes_the_old_file(cast, media, django_capture_on_commit_callbacks):
    first = summary_template_upload(actor=cast.chair_a, org=cast.ua, upload=_upload("旧.docx"))
    old = Path(first.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        row = summary_template_upload(actor=cast.chair_a, org=cast.ua,
                                      upload=_upload("新.docx"))
    assert SummaryTemplate.objects.get().name == "新.docx" == row.name
    assert not old.exists() and Path(row.file.path).exists()
    assert AuditEvent.objects.filter(object_type="summarytemplate").latest("pk").action == "update"


@pytest.mark.parametrize("name, content, fragment", [
    ("旧版.docx", DOC_BYTES, "旧版 Word（.doc）或 WPS（.wps）"),
    ("金山.docx", DOC_BYTES, "另存为”Word 文档（*.docx）"),
    ("加密.docx", ENCRYPTED_BYTES, "设置了打开密码"),
    ("扫描件.docx", PDF_BYTES, "是 PDF 文件"),
    ("表格.docx", xlsx_bytes(), "不是 Word 文档（.docx）"),
    ("文本.docx", "会员{{members}}".encode(), "不是 Word 文档（.docx）"),
    ("模板.dotx", dotx_bytes(), "Word 模板（.dotx）"),
    ("坏了.docx", broken_docx_bytes(), "无法读取"),
    ("空白.docx", with_text("没有占位符的一段话。"), "没有任何占位符"),
    ("错码.docx", with_text("会员{{member}}，{{会员数}}，{{members}}"), "{{member}}、{{会员数}}"),
    ("错码.docx", with_text("{{member}}"), "docs/indicators.md"),
    ("半个.docx", with_text("会员{{members"), "没有成对"),
    ("全角.docx", with_text("会员｛｛members｝｝"), "全角"),
    ("两次.docx", with_text("{{正文}}", "{{正文}}"), "只能出现一次"),
    ("同段.docx", with_text("总结如下：{{正文}}"), "单独占一段"),
])
def test_it_refuses_with_a_message_saying_what_to_fix(cast, media, name, content, fragment):
    with pytest.raises(ValidationError) as exc:
        summary_template_upload(actor=cast.chair_a, org=cast.ua, upload=_upload(name, content))
    assert any(fragment in m for m in exc.value.message_dict["file"]), exc.value.message_dict
    assert not SummaryTemplate.objects.exists() and not _stored_files(media)
    assert not AuditEvent.objects.filter(object_type="summarytemplate").exists()


def test_a_body_in_the_footer_is_refused(cast):
    doc = template_document()
    doc.sections[0].footer.paragraphs[0].text = "{{正文}}"
    with pytest.raises(ValidationError) as exc:
        summary_template_upload(actor=cast.chair_a, org=cast.ua, upload=_upload(content=docx_bytes(doc)))
    assert "页眉或页脚" in " ".join(exc.value.messages)


def test_a_file_over_the_limit_is_refused_by_its_size(cast, media, monkeypatch):
    monkeypatch.setattr(summary_templates, "MAX_BYTES", 1024)
    with pytest.raises(ValidationError) as exc:
        summary_template_upload(actor=cast.chair_a, org=cast.ua, upload=_upload())
    assert "模板不能超过" in exc.value.messages[0] and not _stored_files(media)


def test_no_file_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        summary_template_upload(actor=cast.chair_a, org=cast.ua, upload=None)
    assert exc.value.messages == ["请选择要上传的 Word 模板文件（.docx）。"]


@pytest.mark.parametrize("who", ["finance_a", "viewer_fed", "admin_b", "officer_a1", "member_a"])
def test_only_who_may_write_the_org_manages_its_template(cast, media, who):
    actor = getattr(cast, who)
    for call in (lambda: summary_template_upload(actor=actor, org=cast.ua, upload=_upload()),
                 lambda: summary_template_delete(actor=actor, org=cast.ua),
                 lambda: summary_template_use_builtin(actor=actor, org=cast.ua)):
        with pytest.raises(PermissionDenied):
            call()
    assert not SummaryTemplate.objects.exists() and not _stored_files(media)


def test_the_branch_officer_manages_the_branchs_own(cast):
    row = summary_template_upload(actor=cast.officer_a1, org=cast.ua_b1, upload=_upload())
    assert summary_template_in_force(cast.ua_g1) == row
    assert summary_template_in_force(cast.ua) is None


def test_the_nearest_template_up_the_tree_applies(cast):
    fed = summary_template_upload(actor=SYSTEM, org=cast.fed, upload=_upload("区总.docx"))
    everyone = (cast.fed, cast.ua, cast.ua_b1, cast.ua_g1, cast.ub)
    assert all(summary_template_in_force(o) == fed for o in everyone)
    ua = summary_template_upload(actor=cast.chair_a, org=cast.ua, upload=_upload("文化局.docx"))
    assert [summary_template_in_force(o) for o in (cast.ua, cast.ua_b1, cast.ua_g1, cast.ub, cast.fed)] == [
        ua, ua, ua, fed, fed]  # union A's template never reaches union B


def test_an_org_can_go_back_to_the_built_in_layout(cast, media, django_capture_on_commit_callbacks):
    summary_template_upload(actor=SYSTEM, org=cast.fed, upload=_upload("区总.docx"))
    own = summary_template_upload(actor=cast.chair_a, org=cast.ua, upload=_upload("文化局.docx"))
    own_file = Path(own.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        choice = summary_template_use_builtin(actor=cast.chair_a, org=cast.ua)
    assert not own_file.exists()
    assert summary_template_in_force(cast.ua_b1) == choice and choice.is_builtin
    with summary_template_open(cast.ua_b1) as handle:
        assert handle is None
    with summary_template_open(cast.ub) as handle:
        assert handle is not None  # the federation's, still
    # deleting the choice: the federation's template applies again
    assert summary_template_delete(actor=cast.chair_a, org=cast.ua) is True
    assert summary_template_in_force(cast.ua).org == cast.fed
    assert summary_template_delete(actor=cast.chair_a, org=cast.ua) is False
    events = AuditEvent.objects.filter(object_type="summarytemplate").order_by("pk")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["create", "create", "update", "delete"]


def test_a_template_file_gone_from_the_data_dir_is_explained(cast):
    row = summary_template_upload(actor=cast.chair_a, org=cast.ua, upload=_upload())
    Path(row.file.path).unlink()
    with pytest.raises(ValidationError) as exc, summary_template_open(cast.ua):
        pass
    assert "模板文件找不到了" in exc.value.messages[0]
