"""compute_slices (the flows of several periods in one query per batch) against compute (one period at a
time), on the `data` of conftest.py: entries on the first and last day of 2026H1 and one day outside it,
the same aid recipient helped in two months (a distinct count per month), stocks, rules bound to the end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.periods import Period, parse_period
from gonghui.indicators.registry import _measures, all_indicators, compute, compute_slices

D = dt.date
MONTHS = [parse_period(f"2026-{m:02d}") for m in range(1, 7)]
CUTS = {
    "months": MONTHS,
    "quarters": [parse_period(q) for q in ("2026Q1", "2026Q2")],
    "uneven": [Period(D(2025, 12, 31), D(2026, 1, 1)), Period(D(2026, 3, 4), D(2026, 3, 4)),
               Period(D(2026, 6, 30), D(2026, 7, 1))],
    "a year apart": [parse_period("2025-03"), parse_period("2026-03"), parse_period("2026H1")],
}


@pytest.mark.parametrize("cuts", CUTS.values(), ids=CUTS.keys())
def test_every_period_equals_compute_of_that_period(data, cuts):
    cast, _ = data
    for org in (cast.fed, cast.ua, cast.ua_b1):
        assert compute_slices(org, cuts) == [compute(org, p) for p in cuts], org.code


def test_it_counts_distinct_recipients_per_period(data):
    cast, _ = data
    values = compute_slices(cast.ua, MONTHS, ["aid_households", "aid_amount"])
    assert values[2] == compute(cast.ua, MONTHS[2], ["aid_households", "aid_amount"])
    assert values[2]["aid_households"] >= 1
    whole = compute(cast.ua, parse_period("2026H1"), ["aid_households"])["aid_households"]
    assert sum(v["aid_households"] for v in values) > whole  # a household helped in two months counts in each


def test_flows_take_one_query_per_batch_for_all_the_periods(data, uncached):
    cast, _ = data
    codes = ["meetings", "study_sessions", "study_person_times", "aid_amount", "members_joined",
             "members_left"]
    with CaptureQueriesContext(connection) as one:
        compute(cast.fed, MONTHS[0], codes)
    with CaptureQueriesContext(connection) as six:
        compute_slices(cast.fed, MONTHS, codes)
    assert len(six.captured_queries) == len(one.captured_queries)


def test_every_flow_is_marked_and_every_stock_is_not(data):
    """A flow is one whose rows are placed in the period by their date alone; the rest are left unmarked."""
    cast, _ = data
    codes = [i.code for i in all_indicators() if i.ratio is None]
    flows = {code for code, m in _measures(cast.ua, MONTHS[0], codes)[0].items() if m.date}
    assert {"meetings", "aid_households", "members_joined", "suggestions_value", "tasks_on_time"} <= flows
    stocks = {"members", "workers", "members_retained", "competitions", "mediation_overdue", "rules",
              "hardship_files", "contract_workers_covered", "branches", "group_leaders"}
    assert not flows & stocks
