"""Filling a union's Word template (reports/summary/custom.py): placeholders anywhere, split across runs, and
{{正文}} as exactly the built-in summary's body, in the template's own styles."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.reports.summary import summary_document
from gonghui.reports.summary.custom import scan_template
from gonghui.reports.summary.example import TABLE_ROWS, example_document
from gonghui.reports.summary.wording import date_text, fmt_value
from gonghui.reports.tests.template_files import (
    AFTER_BODY,
    BEFORE_BODY,
    all_text,
    docx_bytes,
    template_document,
    with_text,
)
from gonghui.reports.tests.trace_data import build

H1 = parse_period("2026H1")
SIGNED = dt.date(2026, 7, 1)


@pytest.fixture
def data(cast):
    build(cast)
    for org in (cast.fed, cast.ua, cast.ub):
        org.refresh_from_db()
    return cast


def _fill(org, template: bytes, **kw):
    doc = summary_document(org=org, period=H1, signed_on=SIGNED, template=io.BytesIO(template), **kw)
    buf = io.BytesIO()
    doc.save(buf)
    return Document(io.BytesIO(buf.getvalue()))  # read back as Word would get it


def _builtin_body(org, **kw) -> list[tuple[str, str]]:
    """(style, text) of the built-in summary between the title and the 落款 (an empty line, name, date)."""
    doc = summary_document(org=org, period=H1, signed_on=SIGNED, **kw)
    return [(p.style.name, p.text) for p in doc.paragraphs[1:-3]]


def test_it_fills_every_placeholder_with_the_summarys_numbers(data):
    doc = _fill(data.ua, docx_bytes())
    text = all_text(doc)
    values = compute(data.ua, H1)
    assert "{{" not in text and "}}" not in text
    assert doc.paragraphs[0].text == "文化局工会2026年上半年工作总结"
    # the placeholder Word cut into four runs (and a spell-check mark) is found, in its first run's bold
    split = doc.paragraphs[1]
    members, rate = fmt_value("members", values["members"]), fmt_value("membership_rate", values["membership_rate"])
    assert split.text == f"本期会员{members}，入会率{rate}。"
    number = next(r for r in split.runs if members in r.text)
    assert number.bold and number.text == members
    assert not split.runs[0].bold  # the text before it keeps its own run
    # table, header, footer
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert cells == ["帮扶金额", fmt_value("aid_amount", values["aid_amount"]),
                     "会议", fmt_value("meetings", values["meetings"])]
    assert doc.sections[0].header.paragraphs[0].text == "文化局工会 内部资料"
    assert doc.sections[0].footer.paragraphs[0].text == "2026年上半年"
    # the 落款
    assert [p.text for p in doc.paragraphs[-2:]] == ["文化局工会", date_text(SIGNED)]


def test_numbers_are_written_as_the_summary_writes_them(data):
    values = compute(data.ua, H1)
    codes = ("members", "membership_rate", "aid_amount", "competition_rewards", "meetings")
    doc = _fill(data.ua, with_text(*("{{" + c + "}}" for c in codes)))
    assert [p.text for p in doc.paragraphs] == [fmt_value(c, values[c]) for c in codes]
    assert doc.paragraphs[3].text == "1.31万元"  # 13145.67 元, as in the summary's sentences


def test_the_body_is_the_built_in_summarys_body(data):
    doc = _fill(data.ua, docx_bytes())
    texts = [p.text for p in doc.paragraphs]
    body = doc.paragraphs[texts.index(BEFORE_BODY) + 1:texts.index(AFTER_BODY)]
    assert [(p.style.name, p.text) for p in body] == _builtin_body(data.ua)
    assert body[1].text.startswith("一、") and body[1].style.name == "Heading 1"
    # the opening is drafted from the data: plain text, no yellow place to fill
    assert body[0].text.startswith("上半年，我会在上级工会") and "【" not in body[0].text
    assert all(run.font.highlight_color != WD_COLOR_INDEX.YELLOW for run in body[0].runs)


def test_the_body_uses_the_officers_saved_wording(data):
    drafts = {"org": "我会现有会员{{members}}，入会率{{membership_rate}}。", "opening": "上半年，我会紧扣中心。"}
    doc = _fill(data.ua, docx_bytes(), drafts=drafts)
    values = compute(data.ua, H1)
    text = all_text(doc)
    assert f"我会现有会员{fmt_value('members', values['members'])}，入会率" in text
    assert "上半年，我会紧扣中心。" in text and "上半年，我会在上级工会" not in text
    texts = [p.text for p in doc.paragraphs]
    body = doc.paragraphs[texts.index(BEFORE_BODY) + 1:texts.index(AFTER_BODY)]
    assert [(p.style.name, p.text) for p in body] == _builtin_body(data.ua, drafts=drafts)


def test_a_federations_body_has_its_sub_headings(data):
    doc = _fill(data.fed, docx_bytes())
    styles = [p.style.name for p in doc.paragraphs]
    assert "Heading 2" in styles
    texts = [p.text for p in doc.paragraphs]
    body = doc.paragraphs[texts.index(BEFORE_BODY) + 1:texts.index(AFTER_BODY)]
    assert [(p.style.name, p.text) for p in body] == _builtin_body(data.fed)


def test_the_templates_own_styles_are_used(data):
    template = template_document()
    template.styles["Heading 1"].font.size = Pt(26)  # an unusual size to recognise
    doc = _fill(data.ua, docx_bytes(template))
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    assert heading.style.name == "Heading 1" and heading.style.font.size == Pt(26)


def test_without_heading_styles_the_headings_are_bold_normal_lines(data):
    # a template made elsewhere may define no heading style at all
    template = Document()
    template.add_paragraph("{{正文}}")
    styles = template.styles.element
    for style in list(styles):
        if style.get(qn("w:styleId"), "").startswith("Heading"):
            styles.remove(style)
    doc = _fill(data.ua, docx_bytes(template))
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    assert heading.style.name == "Normal" and heading.runs[0].bold


def test_a_body_in_the_last_paragraph_keeps_the_page_setup(data):
    template = Document()
    template.add_paragraph("{{正文}}")
    p = template.paragraphs[0]._p
    p.get_or_add_pPr().append(template.sections[0]._sectPr.__copy__())  # a section break on it
    doc = _fill(data.ua, docx_bytes(template))
    assert doc.paragraphs[0].text.startswith("上半年，我会在上级工会") and "{{" not in all_text(doc)


def test_the_example_template_is_clean_and_complete():
    scan = scan_template(example_document())
    assert not scan.unknown and not scan.unclosed and scan.body_count == 1
    assert {"单位名称", "期间", "日期", "正文"} <= set(scan.placeholders)
    assert {code for _label, code in TABLE_ROWS} <= set(scan.placeholders)


def test_the_scan_finds_what_is_wrong():
    doc = template_document()
    doc.add_paragraph("会员{{member}}，{{正文}}，｛｛members｝｝，{{workers")
    doc.sections[0].footer.paragraphs[0].text = "{{正文}}"
    scan = scan_template(doc)
    assert scan.unknown == ["member"]
    assert scan.body_count == 3 and scan.body_outside == ["页脚"] and scan.body_not_alone
    assert scan.unclosed and scan.fullwidth
