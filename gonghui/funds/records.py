"""The books' lists as plain records for the API and the CLI (one shape for both, like the statements'):
福利发放, the 经审 findings, the fixed assets. Chinese keys, money as strings with two decimals, dates ISO.
Each read checks the viewer reads the union's books (PermissionDenied otherwise: a 403 in the API)."""

from __future__ import annotations

import datetime as dt

from gonghui.funds.asset_services import asset_list
from gonghui.funds.audit_services import findings_of
from gonghui.funds.book_services import books_of, fen
from gonghui.funds.welfare_services import issue_get, issue_list
from gonghui.orgs.models import Org


def _voucher(voucher) -> str:
    return voucher.label_full if voucher is not None else ""


def _issue(issue) -> dict:
    return {"id": issue.pk, "日期": issue.date.isoformat(), "项目": issue.get_item_display(),
            "发放形式": issue.get_form_display(), "摘要": issue.summary, "合计金额": fen(issue.total),
            "凭证": _voucher(issue.voucher)}


def welfare_records(*, viewer, org: Org, year: int) -> list[dict]:
    """The year's 福利发放 of the union's books, latest first."""
    return [_issue(issue) for issue in issue_list(viewer=viewer, org=org, year=year)]


def welfare_record(*, viewer, pk) -> dict:
    """One 福利发放 with its members (the 签收单's lines); Http404 outside the books the viewer reads."""
    issue, recipients = issue_get(viewer=viewer, pk=pk)
    return {**_issue(issue), "单位": issue.org.name,
            "发放名单": [{"姓名": r.name, "金额": fen(r.amount)} for r in recipients]}


def finding_records(*, viewer, org: Org, year: int) -> list[dict]:
    """The 经审's findings on the year's vouchers, in voucher order."""
    books = books_of(viewer=viewer, org=org)
    return [{"凭证": f.voucher.label_full, "凭证日期": f.voucher.date.isoformat(), "摘要": f.voucher.summary,
             "结论": f.get_result_display(), "审查意见": f.text, "经审人员": str(f.auditor or ""),
             "记录时间": f.created_at.isoformat(timespec="seconds")}
            for f in findings_of(viewer=viewer, org=books, year=year)]


def asset_records(*, viewer, org: Org, on: dt.date) -> list[dict]:
    """The fixed assets with their depreciation through the month of `on`."""
    books = books_of(viewer=viewer, org=org)
    return [{"资产名称": r.asset.name, "类别": r.asset.get_category_display(), "原值": fen(r.asset.cost),
             "取得日期": r.asset.acquired.isoformat(), "折旧年限": r.asset.life_years, "保管人": r.asset.custodian,
             "存放地点": r.asset.place, "累计折旧": fen(r.accumulated), "净值": fen(r.net),
             "处置日期": r.asset.disposed_on.isoformat() if r.asset.disposed_on else ""}
            for r in asset_list(viewer=viewer, org=books, on=on)]
