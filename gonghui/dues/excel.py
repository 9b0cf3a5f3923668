"""会费收缴明细表 and 会费收缴汇总表: one print-ready A4 workbook of a month's roll (core.tabular's safe writer).

明细表: 序号, 工会小组, 姓名, the counted components, 缴费基数, 应缴, 实缴, 欠缴, 备注; a 合计 row.
汇总表: per 分会/小组 (the org the member's 会籍 sits in): 单位, 会员数, 应缴, 实缴, 收缴率, then 共计, and the
signature lines 分会主席 / 经办人.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gonghui.core.tabular.writer import SafeXlsxWriter
from gonghui.dues.rules import ZERO, month_label
from gonghui.dues.selectors import DUE, MISSING, Roll, wage_components

DETAIL_SHEET = "会费收缴明细表"
SUMMARY_SHEET = "会费收缴汇总表"


def _rate(paid: Decimal, due: Decimal) -> str:
    if not due:
        return "—"
    return f"{(paid * 100 / due).quantize(Decimal('0.1'))}%"


def _a4(sheet, *, landscape: bool) -> None:
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(1)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)


def roll_workbook(roll: Roll, target: Any) -> None:
    """Write the month's roll of `roll.org` to `target` (a path or a binary file object)."""
    components = roll.components
    values = wage_components(roll)
    blank = (None,) * len(components)
    label = month_label(roll.month)
    with SafeXlsxWriter(target, sheet_name=DETAIL_SHEET, constant_memory=False) as out:
        header = ["序号", "工会小组", "姓名", *components, "缴费基数", "应缴", "实缴", "欠缴", "备注"]
        _a4(out.sheet, landscape=len(header) > 9)
        out.write_title(f"{roll.org.name} {label} 会费收缴明细表", len(header))
        out.set_columns([6, 14, 10, *([11] * len(components)), 11, 10, 10, 10, 14])
        out.write_header(header)
        for n, line in enumerate(roll.lines, start=1):
            note = "缺工资数据" if line.status == MISSING else ("定额" if line.flat else "")
            parts = values.get(line.wage_id, blank)
            out.write_row([n, roll.org_name(line.org_id), line.name, *parts, line.base, line.due, line.paid,
                           line.owed, note])
        out.write_row(["合计", "", "", *([None] * len(components)), None, roll.due_total, roll.paid_total,
                       roll.owed_total, ""])
        out.add_sheet(SUMMARY_SHEET)
        _a4(out.sheet, landscape=False)
        out.write_title(f"{roll.org.name} {label} 会费收缴汇总表", 5)
        out.set_columns([22, 10, 12, 12, 10])
        out.write_header(["单位", "会员数", "应缴", "实缴", "收缴率"])
        parts: dict[int, list] = {}
        for line in roll.lines:
            if line.status != DUE:
                continue
            part = parts.setdefault(line.org_id, [0, ZERO, ZERO])
            part[0] += 1
            part[1] += line.due
            part[2] += line.paid
        by_path = sorted(parts, key=lambda pk: roll.orgs.get(pk, ("", ""))[1])
        for pk in by_path:
            members, due, paid = parts[pk]
            out.write_row([roll.org_name(pk), members, due, paid, _rate(paid, due)])
        out.write_row(["共计", roll.members_due, roll.due_total, roll.paid_total,
                       _rate(roll.paid_total, roll.due_total)])
        out.row += 1
        out.write_row(["分会主席（签字）：", "", "经办人（签字）：", "", ""])
        out.write_row(["日期：", "", "（盖章）", "", ""])
