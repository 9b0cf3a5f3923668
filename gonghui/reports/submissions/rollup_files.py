"""The federation's own reports for a period from its roll-up (issue #17 §1): the tables (.xlsx) and a summary
(.docx), built from the frozen submissions or live as the caller chose, and saying which on their cover.

    rollup_tables_write(r, target)    # 说明 (the basis, the task, the unions by source), 汇总, 各单位
    rollup_summary_write(r, target)   # the cover and the totals as a Word document
    rollup_file_name(r, "tables")     # 某区总工会-2026年上半年-汇总统计表（上报数）.xlsx

Every number is a value of the roll-up (`rollup_selectors.rollup`): nothing here counts or adds.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.tabular import SafeXlsxWriter
from gonghui.indicators import registry
from gonghui.indicators.formatting import format_figure
from gonghui.reports.submissions.models import SubmissionSource, TargetState
from gonghui.reports.submissions.rollup_selectors import SUBMITTED, Rollup

SHORT_BASIS = {SUBMITTED: "上报数", "live": "实时数"}


def rollup_file_name(r: Rollup, kind: str) -> str:
    what = _("汇总统计表") if kind == "tables" else _("汇总情况")
    ext = "xlsx" if kind == "tables" else "docx"
    return f"{r.org.name}-{r.period.label}-{what}（{SHORT_BASIS[r.basis]}）.{ext}"


def cover_lines(r: Rollup) -> list[str]:
    """What the cover says: the basis first, then the task and the unions by source."""
    made = timezone.localtime(r.made_at or timezone.now()).strftime("%Y-%m-%d %H:%M")
    src = r.sources()
    labels = dict(SubmissionSource.choices)
    counted = sum(src.values())
    lines = [_("数据口径：%(b)s") % {"b": r.basis_label},
             _("期间：%(p)s（%(a)s至%(z)s）") % {"p": r.period.label, "a": r.period.start, "z": r.period.end}]
    if r.task is not None:
        lines.append(_("上报任务：%(t)s（截止%(d)s）") % {"t": r.task.title, "d": r.task.deadline})
        lines.append(_("计入单位%(n)d个：") % {"n": counted} + "，".join(
            f"{labels[s]}{n}个" for s, n in src.items() if n))
        left = len(r.units) - counted
        if left:
            lines.append(_("未计入%(n)d个单位（未上报或已退回，见“各单位”）。") % {"n": left})
    if r.basis != SUBMITTED:
        lines.append(_("实时数会随各单位台账和名册的修改而变化；上报数在上报时已冻结。"))
    lines.append(_("生成时间：%(t)s") % {"t": made})
    return lines


def _codes(r: Rollup) -> list[str]:
    return list(r.values)


def rollup_tables_write(r: Rollup, target) -> None:
    codes = _codes(r)
    labels = dict(SubmissionSource.choices)
    title = _("%(org)s%(period)s汇总统计表（%(basis)s）") % {"org": r.org.name, "period": r.period.label,
                                                         "basis": SHORT_BASIS[r.basis]}
    with SafeXlsxWriter(target, sheet_name=_("说明")) as out:
        out.set_columns([100])
        out.write_title(title, 1)
        for line in cover_lines(r):
            out.write_row([line])
        out.add_sheet(_("汇总"))
        out.set_columns([6, 30, 8, 16, 30])
        out.write_title(title, 5)
        out.write_row([cover_lines(r)[0]])
        out.write_header([_("序号"), _("指标名称"), _("计量单位"), _("合计"), _("指标代码")])
        for i, code in enumerate(codes, 1):
            ind = registry.INDICATORS[code]
            out.write_row([i, ind.name, ind.unit, r.values[code], code])
        if r.units:
            out.add_sheet(_("各单位"))
            out.set_columns([12, 24, 10, 14, 6, *[12] * len(codes)], text_columns=[0])
            out.write_header([_("组织代码"), _("单位名称"), _("上报状态"), _("数据来源"), _("版本"),
                              *[registry.INDICATORS[c].name for c in codes]])
            states = {k: str(v) for k, v in TargetState.choices}  # translated once, not per union
            sources = {k: str(v) for k, v in labels.items()}
            left_out, text = _("未计入"), {0}
            for u in r.units:
                t = u.target
                values = u.values or {}
                out.write_row([t.org.code, t.org.name, states[t.state], sources[u.source] if u.included else left_out,
                               u.version, *[values.get(c) for c in codes]], text_columns=text)


def rollup_summary_write(r: Rollup, target) -> None:
    from docx import Document

    doc = Document()
    doc.add_heading(_("%(org)s%(period)s工作情况汇总") % {"org": r.org.name, "period": r.period.label}, level=1)
    for line in cover_lines(r):
        doc.add_paragraph(line)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (_("指标"), _("合计"), _("计量单位"))):
        cell.text = text
    for code, value in r.values.items():
        ind = registry.INDICATORS[code]
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = ind.name, format_figure(ind, value), ind.unit
    doc.save(target)
