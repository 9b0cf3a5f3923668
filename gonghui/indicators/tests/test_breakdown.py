"""compute_breakdown (grouped queries, all children at once) against compute (one child at a time), on the
`data` of conftest.py.

compute_with_breakdown (the total and the parts from the grouped queries alone) is checked against both."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import parse_period
from gonghui.indicators import registry
from gonghui.indicators.registry import COUNT, INDICATORS, MONEY, all_indicators, compute, compute_breakdown
from gonghui.orgs import services as orgs

D = dt.date
PERIODS = [parse_period(p) for p in ("2026H1", "2026Q1", "2025", "2026-06")]


def children_of(org, period):
    """The parts a breakdown lists by default: tree.parts_in_period."""
    return registry.part_orgs(org, period)


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
        kids = children_of(org, period)
        parts = compute_breakdown(org, period)
        assert set(parts) == {k.pk for k in kids} | {org.pk}
        for kid in kids:
            assert parts[kid.pk] == compute(kid, period), (org.code, kid.code)
        total = compute(org, period)
        for code in codes:
            if INDICATORS[code].kind not in (COUNT, MONEY):
                continue
            added = sum(p[code] for p in parts.values())
            if not INDICATORS[code].additive:  # a distinct count: one household helped in two parts counts once
                assert added >= total[code]
            else:  # the parts, 本级 included, add up to the whole
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
    for kid in children_of(cast.fed, h1):
        assert parts[kid.pk] == compute(kid, h1, ["membership_rate", "aid_amount"])
        assert list(parts[kid.pk]) == ["membership_rate", "aid_amount"]
    assert isinstance(parts[cast.ua.pk]["aid_amount"], Decimal)


def test_grouped_queries_do_not_grow_with_the_children(data, uncached):
    cast, _ = data
    h1 = PERIODS[0]
    with CaptureQueriesContext(connection) as few:
        compute_breakdown(cast.fed, h1)
    for i in range(6):
        orgs.org_create(actor=SYSTEM, parent=cast.fed, kind="union", name=f"新工会{i}", code=f"N{i}")
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


# --- compute_with_breakdown ---------------------------------------------------------------------------------

@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_with_breakdown_equals_compute_for_the_whole_and_for_each_child(data, period):
    cast, _ = data
    for org in (cast.fed, cast.ua, cast.ub, cast.ua_b1):
        total, parts = registry.compute_with_breakdown(org, period)
        assert total == compute(org, period), org.code
        assert parts == compute_breakdown(org, period), org.code
        for kid in children_of(org, period):
            assert parts[kid.pk] == compute(kid, period), (org.code, kid.code)


def test_it_queries_a_distinct_count_whole_where_the_parts_do_not_add_up(data):
    """周师傅 helped in 机关分会 and in 后勤小组 (本级 when only the branch is listed): once in the union."""
    cast, _ = data
    h1 = PERIODS[0]
    codes = ["aid_households", "aid_amount", "aid_person_times"]
    total, parts = registry.compute_with_breakdown(cast.ua, h1, codes, children=[cast.ua_b1])
    whole = compute(cast.ua, h1, codes)
    assert total == whole
    households = [p["aid_households"] for p in parts.values()]
    assert sum(households) == whole["aid_households"] + 1
    assert sum(p["aid_amount"] for p in parts.values()) == whole["aid_amount"]


def test_it_derives_the_rate_from_the_totals_and_keeps_money_exact(data):
    cast, _ = data
    h1 = PERIODS[0]
    codes = ["membership_rate", "aid_amount", "suggestions_value"]
    total, parts = registry.compute_with_breakdown(cast.fed, h1, codes)
    assert total == compute(cast.fed, h1, codes)
    assert list(total) == codes
    assert total["membership_rate"] is not None
    for code in ("aid_amount", "suggestions_value"):
        assert isinstance(total[code], Decimal) and total[code].as_tuple().exponent == -2
        assert total[code] == sum(p[code] for p in parts.values())


def test_it_takes_the_total_without_a_second_scan(data, uncached):
    cast, _ = data
    h1 = PERIODS[0]
    additive = ["workers", "workers_female", "members", "members_female", "meetings", "aid_amount"]
    with CaptureQueriesContext(connection) as parts_only:
        compute_breakdown(cast.fed, h1, additive)
    with CaptureQueriesContext(connection) as both:
        registry.compute_with_breakdown(cast.fed, h1, additive)
    assert len(both.captured_queries) == len(parts_only.captured_queries)
    with CaptureQueriesContext(connection) as with_distinct:
        registry.compute_with_breakdown(cast.fed, h1, additive + ["aid_households"])
    assert len(with_distinct.captured_queries) == len(parts_only.captured_queries) + 1  # aid_households whole
