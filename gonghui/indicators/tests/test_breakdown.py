"""compute_breakdown (grouped queries, all children at once) against compute (one child at a time).

The data set is reports/tests/trace_data.build (every ledger kind, the 会籍 history, positions, orgs, with the
edges of 2026H1) plus entries spread over the children of the federation and of union A: on a branch, on a
group directly under the union, on the sibling union, on the federation itself, in a dissolved union, and an
aid recipient helped in two parts (a distinct count that must not be added up)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import COUNT, INDICATORS, MONEY, all_indicators, compute, compute_breakdown
from gonghui.orgs import services as orgs
from gonghui.reports.tests.trace_data import build, save

D = dt.date
PERIODS = [parse_period(p) for p in ("2026H1", "2026Q1", "2025", "2026-06")]


@pytest.fixture
def data(cast):
    extra = build(cast)
    uc = orgs.org_create(actor=None, parent=cast.fed, kind="union", name="已撤销工会", code="UC",
                         founded_on=D(2015, 1, 1))
    ub_b = orgs.org_create(actor=None, parent=cast.ub, kind="branch", name="一车间分会", code="UB-B1")
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
    for o in (cast.fed, cast.ua, cast.ub, cast.ua_b1):
        o.refresh_from_db()
    return cast, extra


def children_of(org):
    from gonghui.orgs.models import Org

    return list(Org.objects.filter(path__startswith=org.path, depth=org.depth + 1).order_by("path"))


def test_the_data_set_exercises_most_indicators(data):
    cast, _ = data
    values = compute(cast.fed, PERIODS[0])
    zero = [c for c, v in values.items() if not v]
    assert len(zero) <= 12, zero  # the property below is not checked on zeros only


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_every_child_equals_compute_of_that_child(data, period):
    cast, _ = data
    codes = [i.code for i in all_indicators()]
    for org in (cast.fed, cast.ua, cast.ub, cast.ua_b1):
        kids = children_of(org)
        parts = compute_breakdown(org, period)
        assert set(parts) == {k.pk for k in kids} | {org.pk}
        for kid in kids:
            assert parts[kid.pk] == compute(kid, period), (org.code, kid.code)
        total = compute(org, period)
        for code in codes:
            added = sum(p[code] for p in parts.values()) if INDICATORS[code].kind in (COUNT, MONEY) else None
            if code == "aid_households":  # a distinct count: one household helped in two parts counts once
                assert added >= total[code]
            elif added is not None:  # the parts, 本级 included, add up to the whole
                assert added == total[code], (org.code, code)


def test_own_level_is_what_lies_outside_the_listed_children(data):
    """A union's breakdown by branch only: its direct group goes to 本级, distinct counts included."""
    cast, _ = data
    h1 = PERIODS[0]
    parts = compute_breakdown(cast.ua, h1, children=[cast.ua_b1])
    assert set(parts) == {cast.ua_b1.pk, cast.ua.pk}
    assert parts[cast.ua_b1.pk] == compute(cast.ua_b1, h1)
    total, branch, own = compute(cast.ua, h1), parts[cast.ua_b1.pk], parts[cast.ua.pk]
    for code, ind in INDICATORS.items():
        if ind.kind in (COUNT, MONEY) and code != "aid_households":
            assert own[code] == total[code] - branch[code], code
    # 周师傅 helped in 机关分会 and in 后勤小组 (本级 here): counted in each part, once in the union.
    assert branch["aid_households"] >= 1 and own["aid_households"] >= 1
    assert branch["aid_households"] + own["aid_households"] == total["aid_households"] + 1


def test_selected_codes_and_the_derived_rate(data):
    cast, _ = data
    h1 = PERIODS[0]
    parts = compute_breakdown(cast.fed, h1, ["membership_rate", "aid_amount"])
    for kid in children_of(cast.fed):
        assert parts[kid.pk] == compute(kid, h1, ["membership_rate", "aid_amount"])
        assert list(parts[kid.pk]) == ["membership_rate", "aid_amount"]
    assert isinstance(parts[cast.ua.pk]["aid_amount"], Decimal)


def test_grouped_queries_do_not_grow_with_the_children(data):
    cast, _ = data
    h1 = PERIODS[0]
    with CaptureQueriesContext(connection) as few:
        compute_breakdown(cast.fed, h1)
    for i in range(6):
        orgs.org_create(actor=None, parent=cast.fed, kind="union", name=f"新工会{i}", code=f"N{i}")
    cast.fed.refresh_from_db()
    with CaptureQueriesContext(connection) as more:
        compute_breakdown(cast.fed, h1)
    assert len(more.captured_queries) == len(few.captured_queries)
    # and one query per batch of indicators sharing a QuerySet, far fewer than the indicators
    assert len(few.captured_queries) < len(INDICATORS) // 2


def test_not_a_direct_child_is_refused(data):
    cast, _ = data
    with pytest.raises(ValueError):
        compute_breakdown(cast.fed, PERIODS[0], children=[cast.ua_b1])
