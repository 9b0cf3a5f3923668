"""The not-yet-read list of a notice as .xlsx (the formula-safe writer of core)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gonghui.core.tabular.writer import SafeXlsxWriter

UNREAD_HEADER = ("序号", "姓名", "所在组织", "会员编号")


def unread_workbook(target, notice, unread) -> int:
    """Title row, header, one row per member who has not read `notice` (readers of notice_readers)."""
    with SafeXlsxWriter(target, sheet_name=_("未读名单")) as out:
        out.set_columns([6, 12, 24, 16], text_columns=[3])
        out.write_title(_("《%(t)s》未读名单（%(n)d人）") % {"t": notice.title, "n": len(unread)}, len(UNREAD_HEADER))
        out.write_header(UNREAD_HEADER)
        for i, reader in enumerate(unread, start=1):
            p = reader.person
            out.write_row([i, p.name, p.org.name, p.member_no], text_columns={3})
    return len(unread)
