"""The union's books, read-only: the statements and the 科目余额表 as JSON.

    GET /funds/statements?org=CODE&period=P    {"工会01表": {line: {"年初余额", "期末余额"}},
                                                "工会02表": {line: {"本期数", "本年累计数"}}}, P: 2026-06 or 2026
    GET /funds/balances?org=CODE&period=P      [{"科目代码", "科目名称", "方向", "期初余额", "借方发生额",
                                                "贷方发生额", "期末余额"}], any period

Money as strings with two decimals, the CLI's shape. Thin: parse, call funds.statements, render. An org the
caller cannot read is a 404; a reader outside the finance wing (干事) a 403.
"""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from gonghui.api.schemas import READ_ERRORS, Error
from gonghui.funds.book_services import fen
from gonghui.funds.exporting import BALANCE_COLUMNS
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
