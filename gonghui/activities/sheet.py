"""The 签到表 as an .xlsx file (issue #16 §3): attached to the ledger entry when the activity closes, so the
entry carries its evidence (audits of union funds ask for a 签到表 behind every activity). .xlsx is one of the
types the ledgers' attachment rules accept (core/attachment_check.py)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.activities.models import Activity, Signup
from gonghui.core.tabular.writer import SafeXlsxWriter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["序号", "姓名", "所在组织", "报名", "签到时间", "签到方式"]
WIDTHS = [6, 12, 28, 16, 18, 10]


def _how(row: Signup) -> str:
    if row.signed_up_at is None:
        return "现场补登"
    return "候补递补" if row.promoted_at else "报名"


def sheet_xlsx(activity: Activity, rows: list[Signup]) -> bytes:
    """Everybody listed (signed up or checked in), as on the printed sheet, with the electronic check-in
    time in place of the signature column; those not checked in are listed with an empty time."""
    out = io.BytesIO()
    with SafeXlsxWriter(out, sheet_name="签到表", constant_memory=False) as xl:
        xl.set_columns(WIDTHS, text_columns={1, 2})
        xl.write_title(f"{activity.org.name} 签到表", len(HEADER))
        when = activity.date.strftime("%Y年%m月%d日")
        xl.write_title(f"活动：{activity.title}　时间：{when}" + (f"　地点：{activity.place}" if activity.place else ""),
                       len(HEADER))
        xl.write_header(HEADER)
        for n, row in enumerate(rows, 1):
            signed = timezone.localtime(row.signed_up_at) if row.signed_up_at else None
            checked = timezone.localtime(row.checked_in_at) if row.checked_in_at else None
            xl.write_row([n, row.person.name, row.person.org.name, signed, checked,
                          _how(row) if checked else "未签到"], text_columns={1, 2})
        checked_in = sum(1 for r in rows if r.checked_in_at)
        xl.write_row([])
        xl.write_row(["", f"共 {len(rows)} 人，已签到 {checked_in} 人（电子签到，{timezone.localdate():%Y-%m-%d} 生成）"])
    return out.getvalue()


def sheet_upload(activity: Activity, rows: list[Signup]) -> SimpleUploadedFile:
    title = activity.title.replace("/", "-").replace("\\", "-")
    name = f"签到表-{activity.date:%Y%m%d}-{title}"[:120] + ".xlsx"
    return SimpleUploadedFile(name, sheet_xlsx(activity, rows), content_type=XLSX_TYPE)
