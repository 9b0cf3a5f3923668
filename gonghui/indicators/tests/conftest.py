"""The data set of the registry tests: reports/tests/trace_data.build (every ledger kind, the 会籍 history,
positions, orgs, with the edges of 2026H1) plus entries spread over the children of the federation and of
union A: on a branch, on a group directly under the union, on the sibling union, on the federation itself, in
a dissolved union, and an aid recipient helped in two parts (a distinct count that must not be added up)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.accounts.scoping import SYSTEM
from gonghui.orgs import services as orgs
from gonghui.reports.tests.trace_data import build, save
from gonghui.surveys.tests.data import satisfaction

D = dt.date


@pytest.fixture
def data(cast):
    extra = build(cast)
    uc = orgs.org_create(actor=SYSTEM, parent=cast.fed, kind="union", name="已撤销工会", code="UC",
                         founded_on=D(2015, 1, 1))
    ub_b = orgs.org_create(actor=SYSTEM, parent=cast.ub, kind="branch", name="一车间分会", code="UB-B1")
    save(cast, "meeting", uc, date=D(2026, 2, 1), meeting_type="committee", title="撤销前的会议")
    orgs.org_dissolve(actor=cast.root, org=uc, on=D(2026, 3, 31))
    save(cast, "meeting", cast.fed, date=D(2026, 4, 1), meeting_type="committee", title="总工会本级会议")
    save(cast, "meeting", ub_b, date=D(2026, 5, 1), meeting_type="committee", title="车间会议")
    save(cast, "study", cast.ua_g2, date=D(2026, 6, 30), study_type="safety", topic="班前安全", participant_count=12)
    save(cast, "culture", ub_b, date=D(2026, 1, 1), title="拔河", mode="own", participant_count=40, awards="一等奖")
    save(cast, "suggestion", cast.ua_g2, date=D(2026, 2, 2), category="golden_idea", title="节能", status="implemented",
         economic_value=Decimal("1234.50"))
    save(cast, "aid", cast.ua_b1, date=D(2026, 3, 3), aid_type="visit", recipient=cast.zhou_person,
         amount=Decimal("300.00"), person_times=2)
    save(cast, "aid", cast.ua_g2, date=D(2026, 3, 4), aid_type="visit", recipient=cast.zhou_person,
         amount=Decimal("200.00"))
    _books(cast)
    satisfaction(cast.ua_b1, [["不满意", "基本满意"], []], ends=D(2026, 6, 1))  # 18/20 satisfied, 2 of 2 answered
    satisfaction(cast.ua, [["不满意"], [], ["基本满意"]], ends=D(2026, 3, 1), seq=520)
    for o in (cast.fed, cast.ua, cast.ub, cast.ua_b1):
        o.refresh_from_db()
    return cast, extra


@pytest.fixture
def uncached(settings):
    """Without the value cache: for the tests that count the queries of a second call."""
    settings.GONGHUI_INDICATOR_CACHE = False


def _books(cast):
    """A posted voucher of income and one of expense in every category, in the books of UA and of UB."""
    from gonghui.funds.tests.helpers import lines_of
    from gonghui.funds.voucher_services import vouchers_import_write

    income = [("102", "1000", ""), ("401", "", "1000")]
    expense = [("50102", "100", ""), ("50301", "200", ""), ("50404", "300", ""), ("50502", "400", ""),
               ("50702", "500", ""), ("102", "", "1500")]
    for org, day in ((cast.ua, 10), (cast.ub, 20)):
        plan = [{"voucher": None, "date": D(2026, 2, day), "number": n, "summary": summary,
                 "lines": lines_of(org, rows)} for n, summary, rows in ((1, "会费", income), (2, "支出", expense))]
        vouchers_import_write(actor=SYSTEM, org=org, plan=plan, post=True)
