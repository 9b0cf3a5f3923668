"""The union's books, read-only: the statements and the 科目余额表 as JSON.

    GET /funds/statements?org=CODE&period=P    {"工会01表": {line: {"年初余额", "期末余额"}},
                                                "工会02表": {line: {"本期数", "本年累计数"}}}, P: 2026-06 or 2026
    GET /funds/balances?org=CODE&period=P      [{"科目代码", "科目名称", "方向", "期初余额", "借方发生额",
                                                "贷方发生额", "期末余额"}], any period
    GET /funds/welfare?org=CODE&year=Y        福利发放 [{"id", "日期", "项目", "发放形式", "摘要", "合计金额", "凭证"}]
    GET /funds/welfare/{id}                    one, with "发放名单" [{"姓名", "金额"}]
    GET /funds/findings?org=CODE&year=Y       经审 [{"凭证", "凭证日期", "摘要", "结论", "审查意见", "经审人员", "记录时间"}]
    GET /funds/assets?org=CODE[&on=DATE]      固定资产 [{"资产名称", "类别", "原值", …, "累计折旧", "净值", "处置日期"}]

Money as strings with two decimals, the CLI's shape. Thin: parse, call funds.statements, render. An org the
caller cannot read is a 404; a reader outside the finance wing (干事) a 403.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from gonghui.api.schemas import READ_ERRORS, Error
from gonghui.funds.book_services import fen
from gonghui.funds.exporting import BALANCE_COLUMNS
from gonghui.funds.records import asset_records, finding_records, welfare_record, welfare_records
from gonghui.funds.statements import balances_for, statements_for
from gonghui.orgs.selectors import org_get

router = Router(tags=["funds"])
ERRORS = {**READ_ERRORS, 403: Error}  # the books are a wing: a reader of the org may still get 403


class BooksParams(Schema):
    org: str = Field(description="工会的组织代码（分会、小组给出所属基层工会的账）")
    period: str = Field(description="期间：月（2026-06）或年（2026）；科目余额表还可用 2026Q2、2026H1")


@router.get("/funds/statements", response={200: dict, **ERRORS}, summary="工会01表 资产负债表、工会02表 收入支出表")
def funds_statements(request, params: Query[BooksParams]):
    org = org_get(viewer=request.user, code=params.org)
    return statements_for(viewer=request.user, org=org, period=params.period).as_dict()


@router.get("/funds/balances", response={200: list[dict], **ERRORS}, summary="科目余额表")
def funds_balances(request, params: Query[BooksParams]):
    org = org_get(viewer=request.user, code=params.org)
    _books, _period, rows = balances_for(viewer=request.user, org=org, period=params.period)
    return [dict(zip(BALANCE_COLUMNS, [r.account.code, r.account.name, r.side_label, fen(r.opening), fen(r.debit),
                                       fen(r.credit), fen(r.closing)], strict=True)) for r in rows]


class YearParams(Schema):
    org: str = Field(description="工会的组织代码（分会、小组给出所属基层工会的账）")
    year: int = Field(ge=2000, le=2100, description="年度，如 2026")


class AssetParams(Schema):
    org: str = Field(description="工会的组织代码（分会、小组给出所属基层工会的账）")
    on: dt.date | None = Field(None, description="折旧算到这一天所在的月份，默认今天")


@router.get("/funds/welfare", response={200: list[dict], **ERRORS}, summary="福利发放（一年）")
def funds_welfare(request, params: Query[YearParams]):
    org = org_get(viewer=request.user, code=params.org)
    return welfare_records(viewer=request.user, org=org, year=params.year)


@router.get("/funds/welfare/{issue_id}", response={200: dict, **ERRORS}, summary="一次福利发放及其发放名单")
def funds_welfare_issue(request, issue_id: int):
    return welfare_record(viewer=request.user, pk=issue_id)


@router.get("/funds/findings", response={200: list[dict], **ERRORS}, summary="经审对本年凭证的审查意见")
def funds_findings(request, params: Query[YearParams]):
    org = org_get(viewer=request.user, code=params.org)
    return finding_records(viewer=request.user, org=org, year=params.year)


@router.get("/funds/assets", response={200: list[dict], **ERRORS}, summary="固定资产及累计折旧")
def funds_assets(request, params: Query[AssetParams]):
    org = org_get(viewer=request.user, code=params.org)
    return asset_records(viewer=request.user, org=org, on=params.on or timezone.localdate())
