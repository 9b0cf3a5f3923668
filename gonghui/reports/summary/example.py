"""The example template an officer downloads to start from: the built-in layout's styles and page, a title
and a small table made of placeholders, {{正文}} for the generated body, and the 落款. Uploaded unchanged, it
gives the built-in summary plus the table.

    example_document() -> docx.Document
"""

from __future__ import annotations

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from gonghui.reports.summary.custom import BODY, DATE, ORG_NAME, PERIOD
from gonghui.reports.summary.layout import set_indent, setup_page, setup_styles

# (label, indicator code) of the table: a few numbers every union has
TABLE_ROWS = (("职工人数", "workers"), ("会员人数", "members"), ("入会率", "membership_rate"),
              ("帮扶金额", "aid_amount"))


def _ph(name: str) -> str:
    return "{{" + name + "}}"


def example_document():
    doc = Document()
    setup_styles(doc)
    setup_page(doc)
    title = doc.add_paragraph(f"{_ph(ORG_NAME)}{_ph(PERIOD)}工作总结", style="Title")
    set_indent(title._p.get_or_add_pPr(), first_chars=0)

    doc.add_paragraph("主要数字", style="Heading 2")
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, code in TABLE_ROWS:
        cells = table.add_row().cells
        for cell, text in zip(cells, (label, _ph(code))):
            para = cell.paragraphs[0]
            para.add_run(text)
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_indent(para._p.get_or_add_pPr(), first_chars=0)

    doc.add_paragraph(_ph(BODY), style="Normal")

    doc.add_paragraph()
    for text, right in ((_ph(ORG_NAME), 4), (_ph(DATE), 4)):
        para = doc.add_paragraph(text, style="Signature")
        set_indent(para._p.get_or_add_pPr(), first_chars=0, right_chars=right)
    doc.core_properties.title = "工作总结模板（示例）"
    return doc


__all__ = ["TABLE_ROWS", "example_document"]
