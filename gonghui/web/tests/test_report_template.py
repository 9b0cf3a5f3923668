"""The work summary's Word template on the 报表 page: upload, refusals, the filled download, the built-in
layout on request, inheritance from the federation, and union B kept out."""

from __future__ import annotations

import io
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.reports.drafts import draft_save
from gonghui.reports.models import SummaryTemplate
from gonghui.reports.summary.wording import date_text, fmt_value
from gonghui.reports.summary_templates import summary_template_upload
from gonghui.reports.tests.template_files import DOC_BYTES, all_text, docx_bytes, with_text
from gonghui.reports.tests.trace_data import build

H1 = parse_period("2026H1")
Q = "?org=UA&period=2026H1"


@pytest.fixture
def data(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    build(cast)
    for org in (cast.fed, cast.ua, cast.ub):
        org.refresh_from_db()
    return cast


def _url(name: str, query: str = Q) -> str:
    return reverse(f"web:{name}") + query


def _page(client, query: str = Q) -> str:
    return unescape(client.get(_url("report-index", query)).content.decode())


def _post_template(client, content: bytes, name: str = "本会模板.docx", query: str = Q):
    return client.post(_url("report-template-upload", query), {"file": SimpleUploadedFile(name, content)},
                       follow=True)


def _download(client, query: str = Q):
    import docx

    r = client.get(_url("report-summary", query))
    assert r.status_code == 200, r.content
    return docx.Document(io.BytesIO(b"".join(r.streaming_content)))


def test_the_page_offers_the_example_and_the_upload_to_who_may_write(data, login):
    body = _page(login(data.chair_a))
    assert 'id="template"' in body and "使用内置格式" in body
    assert reverse("web:report-template-example") in body and reverse("web:report-template-upload") in body
    assert "{{members}}" in body  # each indicator's code beside its name, to write into a template
    reader = _page(login(data.finance_a))
    assert reverse("web:report-template-example") in reader
    assert reverse("web:report-template-upload") not in reader


def test_an_uploaded_template_fills_the_download(data, login):
    client = login(data.chair_a)
    r = _post_template(client, docx_bytes())
    assert r.redirect_chain[-1][0] == _url("report-index") + "#template"
    page = unescape(r.content.decode())
    assert "已启用工作总结模板“本会模板.docx”" in page and "本单位上传的模板" in page and "张主席" in page
    assert "按内置格式下载工作总结" in page

    doc = _download(client)
    text = all_text(doc)
    values = compute(data.ua, H1)
    assert "{{" not in text and "}}" not in text
    assert doc.paragraphs[0].text == "文化局工会2026年上半年工作总结"
    # the placeholder cut into runs by Word, then the table, header and footer
    assert doc.paragraphs[1].text == (f"本期会员{fmt_value('members', values['members'])}，"
                                      f"入会率{fmt_value('membership_rate', values['membership_rate'])}。")
    assert [c.text for row in doc.tables[0].rows for c in row.cells] == [
        "帮扶金额", fmt_value("aid_amount", values["aid_amount"]),
        "会议", fmt_value("meetings", values["meetings"])]
    assert values["meetings"] == 2 and doc.tables[0].rows[1].cells[1].text == "2次"
    assert doc.sections[0].header.paragraphs[0].text == "文化局工会 内部资料"
    assert doc.sections[0].footer.paragraphs[0].text == "2026年上半年"
    assert doc.paragraphs[-1].text == date_text(max(H1.end, timezone.localdate()))  # the 落款 date
    # {{正文}}: the generated body with its numbered headings
    assert any(p.text.startswith("一、") and p.style.name == "Heading 1" for p in doc.paragraphs)


def test_the_body_carries_the_officers_saved_wording(data, login):
    client = login(data.chair_a)
    _post_template(client, docx_bytes())
    draft_save(actor=data.chair_a, org=data.ua, period=H1, section="org", text="我会现有会员{{members}}。")
    text = all_text(_download(client))
    assert f"我会现有会员{fmt_value('members', compute(data.ua, H1)['members'])}。" in text


def test_the_built_in_layout_on_request(data, login):
    client = login(data.chair_a)
    _post_template(client, docx_bytes())
    doc = _download(client, Q + "&builtin=1")
    assert doc.paragraphs[0].style.name == "Title" and "内部资料" not in all_text(doc)
    assert doc.paragraphs[0].text.replace("\n", "") == "文化局工会2026年上半年工作总结"


@pytest.mark.parametrize("name, content, message", [
    ("总结.docx", DOC_BYTES, "“总结.docx”是旧版 Word（.doc）或 WPS（.wps）格式"),
    ("模板.docx", with_text("会员{{member}}，{{正文}}"), "模板中有无法识别的占位符：{{member}}"),
    ("模板.docx", with_text("本会工作总结"), "模板中没有任何占位符"),
])
def test_a_refused_upload_says_why_and_stores_nothing(data, login, settings, name, content, message):
    page = unescape(_post_template(login(data.chair_a), content, name).content.decode())
    assert message in page and "使用内置格式" in page
    assert not SummaryTemplate.objects.exists()
    assert "已启用" not in page and not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_no_file_chosen_is_explained(data, login):
    r = login(data.chair_a).post(_url("report-template-upload"), {}, follow=True)
    page = unescape(r.content.decode())
    assert "请选择要上传的 Word 模板文件（.docx）。" in page


def test_a_federations_template_reaches_its_unions_until_one_chooses_the_built_in(data, login):
    import docx

    summary_template_upload(actor=data.root, org=data.fed,
                            upload=SimpleUploadedFile("区总模板.docx", docx_bytes()))
    client = login(data.chair_a)
    page = _page(client)
    assert "上级“某区总工会”提供的模板" in page and "本单位改用内置格式" in page and "删除本单位模板" not in page
    assert "内部资料" in all_text(_download(client))
    # union A's reader may fetch the template that applies to it
    r = login(data.finance_a).get(_url("report-template-file", "?org=UA"))
    assert r.status_code == 200
    assert "{{正文}}" in all_text(docx.Document(io.BytesIO(b"".join(r.streaming_content))))

    client = login(data.chair_a)
    r = client.post(_url("report-template-builtin"), follow=True)
    page = unescape(r.content.decode())
    assert "文化局工会及其下级生成工作总结时使用内置格式" in page and "本单位选用内置格式" in page
    assert "内部资料" not in all_text(_download(client))
    assert "内部资料" in all_text(_download(login(data.admin_b), "?org=UB&period=2026H1"))  # UB keeps it

    client = login(data.chair_a)
    r = client.post(_url("report-template-delete"), follow=True)
    assert "已删除本单位的模板设置" in unescape(r.content.decode())
    assert "内部资料" in all_text(_download(client))


def test_deleting_the_own_template_goes_back_to_the_built_in_layout(data, login):
    client = login(data.chair_a)
    _post_template(client, docx_bytes())
    page = unescape(client.post(_url("report-template-delete"), follow=True).content.decode())
    assert "已删除本单位的模板设置" in page and not SummaryTemplate.objects.exists()
    assert _download(client).paragraphs[0].style.name == "Title"


def test_another_union_cannot_see_use_or_replace_union_as_template(data, login):
    summary_template_upload(actor=data.chair_a, org=data.ua,
                            upload=SimpleUploadedFile("本会.docx", docx_bytes()))
    outsider = login(data.admin_b)
    assert outsider.get(_url("report-index")).status_code == 404
    assert outsider.get(_url("report-template-file", "?org=UA")).status_code == 404
    for name in ("report-template-upload", "report-template-delete", "report-template-builtin"):
        r = outsider.post(_url(name), {"file": SimpleUploadedFile("x.docx", docx_bytes())})
        assert r.status_code == 404, name
    # union B's own summary is not in union A's template
    assert "内部资料" not in all_text(_download(outsider, "?org=UB&period=2026H1"))
    assert "本会.docx" not in _page(outsider, "?org=UB&period=2026H1")
    # a reader of union A may not replace it
    reader = login(data.finance_a)
    assert reader.post(_url("report-template-upload"), {"file": SimpleUploadedFile("x.docx", docx_bytes())}
                       ).status_code == 403
    assert reader.post(_url("report-template-delete")).status_code == 403
    assert SummaryTemplate.objects.get().name == "本会.docx"


def test_the_example_template_downloads_and_uploads_as_it_is(data, login):
    import docx

    client = login(data.member_a)  # anyone logged in may look at it
    r = client.get(reverse("web:report-template-example"))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(r.streaming_content)
    example = all_text(docx.Document(io.BytesIO(content)))
    assert "{{正文}}" in example and "{{members}}" in example and "{{单位名称}}" in example

    client = login(data.chair_a)
    page = unescape(_post_template(client, content, "示例.docx").content.decode())
    assert "已启用工作总结模板“示例.docx”" in page
    doc = _download(client)
    assert "{{" not in all_text(doc)
    cells = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert cells["会员人数"] == fmt_value("members", compute(data.ua, H1)["members"])


def test_a_federations_job_uses_the_template_or_the_built_in_layout(data, login, settings):
    import docx

    from gonghui.core.models import Job
    from gonghui.reports.jobs import report_job_file

    settings.GONGHUI_REPORT_JOBS_RUN_NOW = True
    summary_template_upload(actor=data.root, org=data.fed, upload=SimpleUploadedFile("区总.docx", docx_bytes()))
    client = login(data.root)
    fed = "?org=FED&period=2026H1"
    assert "按内置格式后台生成" in _page(client, fed)
    for builtin, expect_header in (("", True), ("1", False)):
        client.post(reverse("web:report-job-start"), {"kind": "summary", "org": "FED", "period": "2026H1",
                                                      **({"builtin": builtin} if builtin else {})})
        job = Job.objects.filter(kind="report_summary").latest("pk")
        doc = docx.Document(str(report_job_file(job)))
        assert ("内部资料" in all_text(doc)) is expect_header
        assert doc.paragraphs[0].text.replace("\n", "") == "某区总工会2026年上半年工作总结"
