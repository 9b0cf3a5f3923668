"""Word templates for the tests, made the way Word saves them: a placeholder cut into several runs with a
spell-check mark between them, placeholders in a table, the header and the footer, {{正文}} on its own."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "{{单位名称}}{{期间}}工作总结"
BEFORE_BODY = "以下为正文："
AFTER_BODY = "特此报告。"


def _proof_err(paragraph, kind: str) -> None:
    mark = OxmlElement("w:proofErr")
    mark.set(qn("w:type"), kind)
    paragraph._p.append(mark)


def template_document(*, body: bool = True):
    doc = Document()
    doc.add_paragraph(TITLE, style="Title")
    split = doc.add_paragraph()
    split.add_run("本期会员")
    _proof_err(split, "spellStart")
    first = split.add_run("{{mem")
    first.bold = True
    split.add_run("be")
    _proof_err(split, "spellEnd")
    split.add_run("rs}}，入会率{{ membership_rate }}。")
    table = doc.add_table(rows=2, cols=2)
    for row, (label, code) in zip(table.rows, (("帮扶金额", "aid_amount"), ("会议", "meetings"))):
        row.cells[0].text = label
        row.cells[1].text = "{{" + code + "}}"
    doc.add_paragraph(BEFORE_BODY)
    if body:
        doc.add_paragraph("{{正文}}")
    doc.add_paragraph(AFTER_BODY)
    doc.add_paragraph("{{单位名称}}")
    doc.add_paragraph("{{日期}}")
    section = doc.sections[0]
    section.header.paragraphs[0].text = "{{单位名称}} 内部资料"
    footer = section.footer.paragraphs[0]
    footer.add_run("{{期")
    footer.add_run("间}}")
    return doc


def docx_bytes(doc=None) -> bytes:
    buf = io.BytesIO()
    (doc if doc is not None else template_document()).save(buf)
    return buf.getvalue()


def with_text(*paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    return docx_bytes(doc)


def dotx_bytes() -> bytes:
    """A Word template (.dotx): a .docx whose main part has the template content type."""
    src = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, data)
    return out.getvalue()


def broken_docx_bytes() -> bytes:
    """A zip that looks like a .docx (the parts are named) but whose XML is cut off."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        src = zipfile.ZipFile(io.BytesIO(docx_bytes()))
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    return out.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# an old .doc / .wps: a compound file (the header is enough for the check)
DOC_BYTES = OLE2 + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 1000
# a .docx with an opening password: Word wraps it in a compound file with an EncryptedPackage stream
ENCRYPTED_BYTES = OLE2 + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000
PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def xlsx_bytes() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "{{members}}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def all_text(doc) -> str:
    """Every paragraph's text, read through python-docx's own API: body, tables, headers and footers."""
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for section in doc.sections:
        for part in (section.header, section.footer, section.even_page_header, section.even_page_footer,
                     section.first_page_header, section.first_page_footer):
            if not part.is_linked_to_previous:
                texts += [p.text for p in part.paragraphs]
    return "\n".join(texts)
