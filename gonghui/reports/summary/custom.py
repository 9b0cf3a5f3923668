"""A union's own Word layout for the work summary: a .docx with {{placeholders}}, filled at generation.

    scan_template(doc) -> TemplateScan        # what an upload holds: placeholders, and where they are wrong
    fill_template(source, summary, signed_on=...) -> docx.Document

Placeholders: `{{code}}` for any indicator code (written as the summary writes the number, unit included:
`{{members}}` -> 1728人), `{{单位名称}}`, `{{期间}}` (2026年上半年), `{{日期}}` (the 落款 date, 2026年7月1日), and
`{{正文}}`, a paragraph of its own that becomes the whole generated body: the opening, every section with its
headings, the officer's saved wording where there is one — what the built-in summary has between the title
and the 落款 — in the template's own Normal / Heading 1 / Heading 2 styles.

They are found in the body, in tables (nested too), in text boxes, and in every header and footer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from docx import Document
from docx.oxml.ns import qn
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.text.paragraph import Paragraph as DocxParagraph

from gonghui.indicators.registry import INDICATORS, all_indicators
from gonghui.reports.summary.layout import add_runs
from gonghui.reports.summary.model import Summary
from gonghui.reports.summary.wording import date_text, fmt_value

ORG_NAME = "单位名称"
PERIOD = "期间"
DATE = "日期"
BODY = "正文"
NAMED = (ORG_NAME, PERIOD, DATE, BODY)

PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

# where a paragraph sits, for messages to the officer
IN_BODY, IN_TABLE, IN_HEADER, IN_FOOTER = "正文", "表格", "页眉", "页脚"


# --- walking the document ------------------------------------------------------------------------------

def _parts(doc) -> Iterator[tuple[object, str]]:
    """(root element, where) of the body and of every header and footer part (each once, even when several
    sections share it)."""
    yield doc.element.body, IN_BODY
    for part in doc.part.package.iter_parts():
        if isinstance(part, HeaderPart):
            yield part.element, IN_HEADER
        elif isinstance(part, FooterPart):
            yield part.element, IN_FOOTER


def _paragraphs(doc) -> Iterator[tuple[object, str]]:
    """Every w:p of the document with where it is; a body paragraph inside a table says 表格."""
    for root, where in _parts(doc):
        for p in root.iter(qn("w:p")):
            in_table = where == IN_BODY and any(True for _ in p.iterancestors(qn("w:tc")))
            yield p, IN_TABLE if in_table else where


def _own_runs(p) -> list:
    """The text runs of this paragraph: inside hyperlinks and smart tags too, but not the runs of a text box
    anchored in it (those belong to the text box's own paragraphs)."""
    return [r for r in p.iter(qn("w:r"))
            if next(r.iterancestors(qn("w:p")), None) is p and r.find(qn("w:t")) is not None]


def _run_text(r) -> str:
    return "".join(t.text or "" for t in r.findall(qn("w:t")))


def paragraph_text(p) -> str:
    return "".join(_run_text(r) for r in _own_runs(p))


# --- what a template holds -----------------------------------------------------------------------------

def is_known(name: str) -> bool:
    all_indicators()
    return name in NAMED or name in INDICATORS


@dataclass
class TemplateScan:
    placeholders: list[str] = field(default_factory=list)  # in order of first appearance, each once
    unknown: list[str] = field(default_factory=list)
    unclosed: list[str] = field(default_factory=list)  # the text around a lone "{{" or "}}"
    fullwidth: list[str] = field(default_factory=list)  # the text around "｛｛" typed with a Chinese IME
    body_not_alone: list[str] = field(default_factory=list)  # paragraphs holding {{正文}} and other text
    body_outside: list[str] = field(default_factory=list)  # 页眉/页脚 holding {{正文}}
    body_count: int = 0


def scan_template(doc) -> TemplateScan:
    scan = TemplateScan()
    for p, where in _paragraphs(doc):
        text = paragraph_text(p)
        if not any(brace in text for brace in "{}｛｝"):
            continue
        for m in PLACEHOLDER_RE.finditer(text):
            name = m.group(1)
            if name not in scan.placeholders:
                scan.placeholders.append(name)
            if not is_known(name) and name not in scan.unknown:
                scan.unknown.append(name)
            if name == BODY:
                scan.body_count += 1
                if where in (IN_HEADER, IN_FOOTER):
                    scan.body_outside.append(where)
                elif not PLACEHOLDER_RE.fullmatch(text.strip()):
                    scan.body_not_alone.append(text.strip()[:40])
        rest = PLACEHOLDER_RE.sub("", text)
        for m in re.finditer(r"\{\{|\}\}", rest):
            scan.unclosed.append(rest[max(0, m.start() - 10):m.end() + 10].strip())
        for m in re.finditer(r"[｛｝]+", text):
            scan.fullwidth.append(text[max(0, m.start() - 10):m.end() + 10].strip())
    return scan


# --- filling -------------------------------------------------------------------------------------------

def _set_run_text(r, text: str) -> None:
    texts = r.findall(qn("w:t"))
    first = texts[0]
    for t in texts[1:]:
        r.remove(t)
    first.text = text
    first.set(qn("xml:space"), "preserve")


def _only_text(r) -> bool:
    return all(child.tag in (qn("w:rPr"), qn("w:t")) for child in r)


def substitute(p, value_of: Callable[[str], str | None]) -> None:
    """Replace each {{name}} of paragraph `p` by value_of(name) (None: left as it is).

    Word cuts typed text into several runs (spell-check marks, a changed font, an undo step), so a placeholder
    may start in one run and end in another: the runs it spans are merged into the first one, which keeps its
    formatting; the text before and after the placeholder keeps its own runs and formatting."""
    runs = _own_runs(p)
    texts = [_run_text(r) for r in runs]
    full = "".join(texts)
    if "{{" not in full:
        return
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t)

    def run_at(offset: int) -> int:
        return next(k for k in range(len(runs)) if starts[k] <= offset < starts[k] + len(texts[k]))

    new = list(texts)
    for m in reversed(list(PLACEHOLDER_RE.finditer(full))):
        value = value_of(m.group(1))
        if value is None:
            continue
        i, j = run_at(m.start()), run_at(m.end() - 1)
        head = new[i][:m.start() - starts[i]]
        tail = new[j][m.end() - starts[j]:]
        if i == j:
            new[i] = head + value + tail
        else:
            new[i], new[j] = head + value, tail
            for k in range(i + 1, j):
                new[k] = ""
    for r, before, after in zip(runs, texts, new):
        if after == before:
            continue
        if not after and _only_text(r):
            r.getparent().remove(r)
        else:
            _set_run_text(r, after)


def _style(doc, name: str):
    try:
        return doc.styles[name]
    except KeyError:
        return None


def _insert_body(doc, anchor, summary: Summary) -> None:
    """The generated body before `anchor` (the {{正文}} paragraph), which then goes away."""
    normal = _style(doc, "Normal")
    h1, h2 = _style(doc, "Heading 1"), _style(doc, "Heading 2")
    place = DocxParagraph(anchor, doc._body)

    def heading(text: str, style) -> None:
        para = place.insert_paragraph_before(style=style or normal)
        run = para.add_run(text)
        if style is None:  # the template has no heading style: a bold Normal line says it is one
            run.bold = True

    add_runs(place.insert_paragraph_before(style=normal), summary.opening)
    for number, section in zip(summary.numbered_headings(), summary.sections):
        heading(number, h1)
        for i, paragraph in enumerate(section.paragraphs):
            if i in section.subheadings:
                heading(section.subheadings[i], h2)
            add_runs(place.insert_paragraph_before(style=normal), paragraph)
    ppr = anchor.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
        # the last paragraph of a section carries its page setup: keep it, empty
        for r in _own_runs(anchor):
            r.getparent().remove(r)
        return
    anchor.getparent().remove(anchor)


def fill_template(source, summary: Summary, *, signed_on: dt.date):
    """The template at `source` (a path or a binary file object) filled for `summary`."""
    doc = Document(source)
    named = {ORG_NAME: summary.org.name, PERIOD: str(summary.period.label), DATE: date_text(signed_on)}

    def value_of(name: str) -> str | None:
        if name in named:
            return named[name]
        if name in INDICATORS and name in summary.values:
            return fmt_value(name, summary.values[name])
        return None

    all_indicators()
    paragraphs = list(_paragraphs(doc))  # the body is inserted while walking: list them first
    for p, where in paragraphs:
        text = paragraph_text(p)
        if "{{" not in text:
            continue
        body = PLACEHOLDER_RE.fullmatch(text.strip())
        if body and body.group(1) == BODY and where in (IN_BODY, IN_TABLE):
            _insert_body(doc, p, summary)
        else:
            substitute(p, value_of)
    doc.core_properties.title = summary.title
    return doc


__all__ = ["BODY", "DATE", "NAMED", "ORG_NAME", "PERIOD", "PLACEHOLDER_RE", "TemplateScan", "fill_template",
           "is_known", "paragraph_text", "scan_template", "substitute"]
