"""The drill-down lists exactly what the number counts. The trace reads the indicator's own Measure, so this
checks the reading (the rows under the measure's `where`, the summed field, the distinct people, the viewer's
scope), not a second copy of each filter: for every indicator of the registry, on a data set with the edges,
the trace's length (or the sum of its traced field) equals registry.compute."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import COUNT, all_indicators, compute
from gonghui.reports.tests.trace_data import build
from gonghui.reports.trace import ENTRIES, EVENTS, MEMBERS, PEOPLE, NotTraceable, trace_entries, traceable

H1 = parse_period("2026H1")
CODES = [i.code for i in all_indicators() if traceable(i.code)]  # not the rates, nor values computed their own way
KINDS = {i.code: i.kind for i in all_indicators()}


@pytest.fixture
def data(cast):
    build(cast)
    for org in (cast.fed, cast.ua, cast.ub):
        org.refresh_from_db()
    return cast


def test_it_has_a_trace_for_every_indicator_but_the_rate():
    assert "meetings" in CODES and "members" in CODES and not traceable("membership_rate")
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


def test_an_in_force_trace_lists_the_entries_in_force_not_those_of_the_period(data):
    # Guard against a vacuous comparison: the in-period entries differ from the in-force ones.
    rules = trace_entries(viewer=data.root, code="rules", org=data.ua, period=H1)
    titles = {e.title for e in rules.items}
    assert titles == {"经费管理制度", "旧制度", "分会制度"}


def _ua(data):
    return lambda code: trace_entries(viewer=data.root, code=code, org=data.ua, period=H1)


def test_it_shows_what_the_page_needs(data):
    trace = _ua(data)
    assert trace("aid_amount").sum_field == "amount" and trace("aid_households").sum_field == ""
    households = trace("aid_households")
    assert households.subject == PEOPLE and {p.name for p in households.items} == {"周师傅", "王会员"}
    assert trace("members").subject == MEMBERS and trace("members_retained").subject == MEMBERS
    joined = trace("members_joined")
    assert joined.subject == EVENTS and [e.date for e in joined.items] == sorted(e.date for e in joined.items)


def test_it_links_the_ledger_page_only_when_its_filter_is_the_definition(data):
    # The ledger list page (org + period [+ status]) lists these entries whatever the data: not so for an
    # in-force, overlapping or conditional definition, even when the entries happen to be the same.
    trace = _ua(data)
    assert trace("meetings").ledger_list and trace("meetings").ledger_status == ""
    assert not trace("aid_amount").ledger_list  # hardship aid only: the ledger page lists welfare too
    closed = trace("proposals_closed")
    assert closed.ledger_list and closed.ledger_status == "closed"
    assert trace("mediation_succeeded").ledger_status == "succeeded"
    for code in ("rules", "culture_awards", "tasks_on_time", "suggestions_implemented", "mediation_overdue"):
        assert not trace(code).ledger_list and trace(code).ledger_status == "", code
    assert not trace("workers").ledger_list
    nothing_seen = trace_entries(viewer=data.admin_b, code="rules", org=data.ua, period=H1)
    assert len(nothing_seen) == 0 and not nothing_seen.ledger_list
