"""The drill-down lists exactly what the number counts: for every indicator of the registry, on a data set
with the edges, the trace's length (or the sum of its traced field) equals registry.compute."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import COUNT, all_indicators, compute
from gonghui.reports.tests.trace_data import build
from gonghui.reports.trace import ENTRIES, TRACES, NotTraceable, trace_entries

H1 = parse_period("2026H1")
CODES = [i.code for i in all_indicators() if i.code != "membership_rate"]
KINDS = {i.code: i.kind for i in all_indicators()}


@pytest.fixture
def data(cast):
    build(cast)
    for org in (cast.fed, cast.ua, cast.ub):
        org.refresh_from_db()
    return cast


def test_it_has_a_trace_for_every_indicator_but_the_rate():
    assert set(CODES) == set(TRACES)
    with pytest.raises(NotTraceable):
        trace_entries(viewer=None, code="membership_rate", org=None, period=H1)
    with pytest.raises(KeyError):
        trace_entries(viewer=None, code="no_such_code", org=None, period=H1)


@pytest.mark.parametrize("org_code", ["ua", "fed", "ub", "ua_b1"])
def test_it_lists_what_the_number_counts(data, org_code):
    """Every indicator at once per org (the data set is built once): {code: (registry, trace)} of those
    that disagree must be empty."""
    org = getattr(data, org_code)
    values = compute(org, H1, CODES)
    wrong = {}
    for code in CODES:
        trace = trace_entries(viewer=data.root, code=code, org=org, period=H1)
        got = len(trace) if KINDS[code] == COUNT and not trace.sum_field else trace.total()
        if got != values[code] or type(got) is not type(values[code]):
            wrong[code] = (values[code], got)
    assert wrong == {}


def test_the_data_set_is_rich_enough_to_mean_something(data):
    # A trace that always listed nothing would pass the test above on an empty data set.
    v = compute(data.ua, H1)
    nonzero = [code for code in CODES if v[code]]
    assert len(nonzero) >= len(CODES) - 1, sorted(set(CODES) - set(nonzero))
    assert v["meetings"] == 2 and v["members_joined"] == 3 and v["mediation_overdue"] == 2
    assert v["competition_rewards"] == Decimal("13145.67")


def test_a_narrower_viewer_sees_only_their_part(data):
    # 李干事 (officer of UA-B1) asking about union A's meetings sees only the branch's ones.
    trace = trace_entries(viewer=data.officer_a1, code="meetings", org=data.ua, period=H1)
    assert trace.subject == ENTRIES and {e.org_id for e in trace.items} == {data.ua_b1.pk}
    outsider = trace_entries(viewer=data.admin_b, code="meetings", org=data.ua, period=H1)
    assert len(outsider) == 0


def test_a_sum_trace_breaks_if_the_filter_drifts(data):
    # Guard against a vacuous comparison: the in-period entries differ from the in-force ones.
    rules = trace_entries(viewer=data.root, code="rules", org=data.ua, period=H1)
    titles = {e.title for e in rules.items}
    assert titles == {"经费管理制度", "旧制度", "分会制度"}
