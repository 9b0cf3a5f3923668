"""The 经审 report (经费审查报告, .docx): the year's figures from 工会01表/02表, budget execution and the
findings on the sampled vouchers, for the committee to complete with its opinion and sign.

A plain document built with python-docx (body in 仿宋, headings in 黑体); the official GB/T 9704 layout of the
summary lives in reports/ (floor 7), out of reach of funds: this report is a working paper the committee
edits in Word before it is read to the congress.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gonghui.funds.audit_services import audit_sample, findings_of
from gonghui.funds.book_services import books_of
from gonghui.funds.models import AuditFinding
from gonghui.funds.selectors import budget_execution
from gonghui.funds.statements import statements_for

BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"


def yuan(value: Decimal) -> str:
    return f"{value:,.2f}元"


def _font(run, east_asia: str, size: float) -> None:
    run.font.size = Pt(size)
    run.font.name = "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _para(doc, text: str, *, head: bool = False, center: bool = False, size: float = 14):
    para = doc.add_paragraph()
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif not head:
        para.paragraph_format.first_line_indent = Pt(size * 2)
    _font(para.add_run(text), HEAD_FONT if head or center else BODY_FONT, size)
    return para


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def audit_report(*, viewer, org, year: int, target, today: dt.date) -> None:
    """Write the 经审 report of `org`'s books for `year` into `target` (a path or a binary file)."""
    org = books_of(viewer=viewer, org=org)
    statements = statements_for(viewer=viewer, org=org, period=str(year))
    bs, income = statements.balance_sheet, statements.income
    on = min(today, dt.date(year, 12, 31))
    budget, budget_rows = budget_execution(viewer=viewer, org=org, year=year, on=on)
    sample = audit_sample(viewer=viewer, org=org, year=year)
    findings = findings_of(viewer=viewer, org=org, year=year)

    doc = Document()
    _para(doc, f"{org.name}{year}年度经费审查报告", center=True, size=20)
    checked = {f.voucher_id for f in findings}
    _para(doc, "一、审查范围", head=True)
    _para(doc, f"经费审查委员会对本会{year}年度经费收支、预算执行情况进行了审查。按金额大小并在全年均匀抽取记账凭证"
               f"{len(sample)}张，已审查{len(checked)}张，核对了原始凭证、附件（发票、活动方案、签到表、签收单）和业务来源。")

    col = "本年累计数"
    _para(doc, "二、经费收支情况", head=True)
    parts = [f"{line.name}{yuan(line.values[col])}" for line in income.lines
             if line.indent and line.values[col] and line.name not in ("年初资金结转", "年初资金结余",
                                                                      "年末资金结转", "年末资金结余")]
    _para(doc, f"本年收入合计{yuan(income.value('收入合计', col))}，支出合计{yuan(income.value('支出合计', col))}，"
               f"本年收支差额{yuan(income.value('本期收支差额', col))}。其中：" + "，".join(parts) + "。")
    end = "期末余额"
    _para(doc, f"截至{year}年末（{on:%Y-%m-%d}），资产总计{yuan(bs.value('资产总计', end))}，其中货币资金"
               f"{yuan(bs.value('货币资金', end))}；负债合计{yuan(bs.value('负债合计', end))}；净资产合计"
               f"{yuan(bs.value('净资产合计', end))}。资产负债表借贷平衡"
               f"{'' if bs.value('资产总计', end) == bs.value('负债与净资产总计', end) else '不'}相符。")

    _para(doc, "三、预算执行情况", head=True)
    if budget is None:
        _para(doc, f"本会{year}年未编制预算，应按《基层工会预算管理办法》编制并经批准后执行。")
    else:
        state = "已批准" if budget.state == budget.State.APPROVED else "尚未批准"
        over = [r for r in budget_rows if r.over]
        _para(doc, f"{year}年预算{state}，共{len(budget_rows)}个项目，统计至{on:%Y-%m-%d}；"
                   + (f"{len(over)}个项目超支：" + "，".join(
                       f"{r.line.account}超支{yuan(r.spent - r.line.amount)}" for r in over) + "。"
                      if over else "未发现超预算支出。"))
        _table(doc, ["科目", "类型", "预算", "已支出", "执行率"],
               [[str(r.line.account), r.line.get_kind_display(), f"{r.line.amount:,.2f}", f"{r.spent:,.2f}",
                 "—" if r.rate is None else f"{r.rate}%"] for r in budget_rows])

    _para(doc, "四、审查发现", head=True)
    problems = [f for f in findings if f.result == AuditFinding.Result.ISSUE]
    if not findings:
        _para(doc, "抽查的凭证尚未记录审查结论。")
    elif not problems:
        _para(doc, f"审查的{len(checked)}张凭证未发现问题。")
    else:
        _para(doc, f"审查的{len(checked)}张凭证中，发现问题{len(problems)}项：")
        for n, f in enumerate(problems, start=1):
            _para(doc, f"（{n}）{f.voucher.year}年{f.voucher.month}月记-{f.voucher.number}号“{f.voucher.summary}”："
                       f"{f.text}")

    _para(doc, "五、审查意见和建议", head=True)
    _para(doc, "（由经费审查委员会填写。）")
    doc.add_paragraph()
    signature = _para(doc, f"{org.name}经费审查委员会")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signed = _para(doc, f"{today.year}年{today.month}月{today.day}日")
    signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(target)
