"""The official layout (GB/T 9704-2012, domain.md §8.2), built in code on python-docx's default template.

Everything lives in styles so an officer who edits the file in Word keeps the layout:
- page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; a document grid of 22 lines × 28
  characters (linePitch 579 twips, charSpace -842: 16 pt characters squeezed to 442 pt / 28);
- Normal: 3号 (16 pt) 仿宋_GB2312, Latin text and digits in Times New Roman, fixed line spacing 28.9 pt,
  first line indented 2 characters (w:firstLineChars="200", with 32 pt as the fallback);
- Title: 2号 (22 pt) 方正小标宋简体, centred; Heading 1 ("一、"): 3号 黑体; Heading 2 ("（一）"): 3号 楷体_GB2312;
- footer: "— 1 —" in 4号 (14 pt) 宋体, odd pages right and even pages left, each one character in
  (w:evenAndOddHeaders).

python-docx has no East-Asian font API: fonts are written as w:rFonts with w:eastAsia, and the theme-font
attributes of the default template are removed so they cannot override them.
"""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from gonghui.reports.summary.model import Paragraph, Summary
from gonghui.reports.summary.wording import date_text

LATIN = "Times New Roman"
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
LINE_PT = 28.9  # fixed line spacing: 22 lines in the 225 mm text block
PAGE = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26, "footer": 28}
TEXT_WIDTH_PT = (PAGE["width"] - PAGE["left"] - PAGE["right"]) * 72 / 25.4  # 442.2 pt
TITLE_CHARS_PER_LINE = int(TEXT_WIDTH_PT // TITLE_PT)  # 20


# --- low-level helpers -------------------------------------------------------------------------------

def set_fonts(rpr, east_asia: str, latin: str = LATIN) -> None:
    """Replace rPr's w:rFonts by explicit fonts (no theme attributes, which would win over them)."""
    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attr), value)
    rpr.insert(0, fonts)


def set_indent(ppr, *, first_chars: int | None = None, right_chars: int | None = None,
               left_chars: int | None = None, char_pt: float = BODY_PT) -> None:
    """w:ind in characters (hundredths, as Word writes it) with the twips equivalent as the fallback."""
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    twips = round(char_pt * 20)
    if first_chars is not None:
        ind.set(qn("w:firstLineChars"), str(first_chars * 100))
        ind.set(qn("w:firstLine"), str(first_chars * twips))
    if right_chars is not None:
        ind.set(qn("w:rightChars"), str(int(right_chars * 100)))
        ind.set(qn("w:right"), str(int(right_chars * twips)))
    if left_chars is not None:
        ind.set(qn("w:leftChars"), str(int(left_chars * 100)))
        ind.set(qn("w:left"), str(int(left_chars * twips)))
    _reorder_ppr(ppr)


# CT_PPr children must come in schema order; Word refuses a file otherwise.
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"]


def _reorder_ppr(ppr) -> None:
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_PPR_ORDER)}
    children = list(ppr)
    for child in children:
        ppr.remove(child)
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(rank))):
        ppr.append(child)


def _clear(element, tag: str) -> None:
    for child in element.findall(qn(tag)):
        element.remove(child)


def _reset_style(style) -> None:
    """Drop what the default template put in a style's pPr/rPr (colours, borders, theme fonts, spacing)."""
    el = style.element
    for tag in ("w:pPr", "w:rPr"):
        _clear(el, tag)


def _outline(ppr, level: int) -> None:
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    ppr.append(el)
    _reorder_ppr(ppr)


def _style(doc, name: str, *, east_asia: str, size: float, align=None, first_chars: int = 0,
           space_after: float = 0, outline: int | None = None, keep_with_next: bool = False,
           base: str | None = "Normal"):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    _reset_style(style)
    if base and name != base:
        style.base_style = styles[base]
    style.next_paragraph_style = styles["Normal"]
    font = style.font
    font.size = Pt(size)
    font.bold = False
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element.get_or_add_rPr(), east_asia)
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PT)
    pf.space_before = Pt(0)
    pf.space_after = Pt(space_after)
    pf.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.keep_with_next = keep_with_next
    pf.widow_control = True
    ppr = style.element.get_or_add_pPr()
    set_indent(ppr, first_chars=first_chars)
    if outline is not None:
        _outline(ppr, outline)
    return style


def _doc_defaults(doc) -> None:
    """docDefaults: the same fonts and size as Normal, so text outside the styles cannot fall back to the
    template's theme fonts (Calibri / 等线)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, FANGSONG)
    for tag in ("w:sz", "w:szCs"):
        _clear(rpr, tag)
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(BODY_PT * 2))
        rpr.append(el)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


# Fonts named in fontTable with the name Word falls back to when the GB2312 one is missing (modern Windows
# ships 仿宋 and 楷体, not 仿宋_GB2312 / 楷体_GB2312) and the family, so a substitute keeps serif/sans.
FONT_TABLE = (
    (FANGSONG, "仿宋", "modern"), (KAITI, "楷体", "modern"), (XIAOBIAOSONG, "宋体", "roman"),
    (HEITI, "SimHei", "modern"), (SONGTI, "SimSun", "auto"),
)
# 28 characters of 3号 in the 156 mm line: 16 pt less 0.25 pt each (442.2 pt / 28 = 15.79 pt). A Word
# character grid (docGrid linesAndChars) would do the same, but LibreOffice lays that grid out at about
# half the characters per line, so the squeeze is a character spacing in the styles instead.
CHAR_SPACING_TWIPS = -5


def _font_table(doc) -> None:
    from lxml import etree

    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alt, family in FONT_TABLE:
        font = etree.SubElement(root, f"{{{w}}}font")
        font.set(f"{{{w}}}name", name)
        for tag, value in (("altName", alt), ("charset", "86"), ("family", family), ("pitch", "variable")):
            etree.SubElement(font, f"{{{w}}}{tag}").set(f"{{{w}}}val", value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _char_spacing(style, twips: int) -> None:
    rpr = style.element.get_or_add_rPr()
    _clear(rpr, "w:spacing")
    el = OxmlElement("w:spacing")
    el.set(qn("w:val"), str(twips))
    # CT_RPr order: rFonts … color, spacing, w, kern, position, sz …
    anchor = next((rpr.find(qn(t)) for t in ("w:w", "w:kern", "w:position", "w:sz", "w:szCs")
                   if rpr.find(qn(t)) is not None), None)
    if anchor is not None:
        anchor.addprevious(el)
    else:
        rpr.append(el)


def setup_styles(doc) -> None:
    _doc_defaults(doc)
    _font_table(doc)
    normal = _style(doc, "Normal", east_asia=FANGSONG, size=BODY_PT, first_chars=2, base=None)
    _char_spacing(normal, CHAR_SPACING_TWIPS)
    title = _style(doc, "Title", east_asia=XIAOBIAOSONG, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
                   space_after=LINE_PT, keep_with_next=True)
    # a 22 pt line is taller than one grid line: without this LibreOffice gives each title line two
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    title_ppr = title.element.get_or_add_pPr()
    title_ppr.append(snap)
    _reorder_ppr(title_ppr)
    _style(doc, "Heading 1", east_asia=HEITI, size=BODY_PT, first_chars=2, outline=0, keep_with_next=True)
    _style(doc, "Heading 2", east_asia=KAITI, size=BODY_PT, first_chars=2, outline=1, keep_with_next=True)
    _style(doc, "Signature", east_asia=FANGSONG, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
    footer = _style(doc, "Footer", east_asia=SONGTI, size=PAGE_NUMBER_PT)
    set_fonts(footer.element.get_or_add_rPr(), SONGTI, latin=SONGTI)  # 半角宋体 digits
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    footer.paragraph_format.line_spacing = None
    _char_spacing(footer, 0)


def setup_page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(PAGE["footer"] - 7)  # the page number 7 mm below the text block
    section.gutter = Mm(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(footer, align) -> None:
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    para.style = "Footer"
    para.alignment = align
    ppr = para._p.get_or_add_pPr()
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        set_indent(ppr, first_chars=0, right_chars=1, char_pt=PAGE_NUMBER_PT)
    else:
        set_indent(ppr, first_chars=0, left_chars=1, char_pt=PAGE_NUMBER_PT)
    para.add_run("— ")
    _field(para, "PAGE", "1")
    para.add_run(" —")


def _field(para, instr: str, shown: str) -> None:
    def fld(kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    run = para.add_run()
    run._r.append(fld("begin"))
    run = para.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run._r.append(text)
    run = para.add_run()
    run._r.append(fld("separate"))
    para.add_run(shown)
    run = para.add_run()
    run._r.append(fld("end"))


# --- the document ------------------------------------------------------------------------------------

def _width_chars(text: str) -> float:
    """Width in body characters: CJK one, ASCII (digits in Times New Roman) about a half."""
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


def add_runs(para, paragraph: Paragraph) -> None:
    """The runs of a summary paragraph; an officer's place (【请填写：……】) highlighted yellow."""
    for run_def in paragraph.runs:
        text = run_def if isinstance(run_def, str) else run_def.text
        if not text:
            continue
        run = para.add_run(text)
        if paragraph.placeholder:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _title(doc, title: str, org_name: str) -> None:
    para = doc.add_paragraph(style="Title")
    set_indent(para._p.get_or_add_pPr(), first_chars=0)
    if len(title) > TITLE_CHARS_PER_LINE and title.startswith(org_name) and len(org_name) <= TITLE_CHARS_PER_LINE:
        # two lines, broken where the meaning allows (the union's name, then period + 工作总结)
        para.add_run(org_name).add_break()
        para.add_run(title[len(org_name):])
    else:
        para.add_run(title)


def _signature(doc, org_name: str, signed_on: dt.date) -> None:
    # the 落款 never stands alone on a page: the last paragraph of text travels with it
    if doc.paragraphs:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    gap = doc.add_paragraph()  # one empty line below the text
    gap.paragraph_format.keep_with_next = True
    date = date_text(signed_on)
    date_w, name_w = _width_chars(date), _width_chars(org_name)
    # the date 4 characters in from the right; the name centred above it (never past the margin)
    name_right = max(0.0, 4 + (date_w - name_w) / 2)
    name = doc.add_paragraph(org_name, style="Signature")
    name.paragraph_format.keep_with_next = True
    set_indent(name._p.get_or_add_pPr(), first_chars=0, right_chars=round(name_right, 2))
    day = doc.add_paragraph(date, style="Signature")
    set_indent(day._p.get_or_add_pPr(), first_chars=0, right_chars=4)


def build_document(summary: Summary, *, signed_on: dt.date) -> Document:
    doc = Document()
    setup_styles(doc)
    setup_page(doc)
    # python-docx's template starts with no body paragraphs; keep it that way.
    _title(doc, summary.title, summary.org.name)
    opening = doc.add_paragraph(style="Normal")
    add_runs(opening, summary.opening)
    for heading, section in zip(summary.numbered_headings(), summary.sections):
        doc.add_paragraph(heading, style="Heading 1")
        for i, paragraph in enumerate(section.paragraphs):
            if i in section.subheadings:
                doc.add_paragraph(section.subheadings[i], style="Heading 2")
            para = doc.add_paragraph(style="Normal")
            add_runs(para, paragraph)
    _signature(doc, summary.org.name, signed_on)
    props = doc.core_properties
    props.title = summary.title
    props.author = summary.org.name
    props.language = "zh-CN"
    return doc
