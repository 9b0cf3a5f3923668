"""The value cache: a write changes the number right after, whichever way it reaches the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from gonghui.core import audit
from gonghui.core.periods import parse_period
from gonghui.core.scope_guard import unscoped
from gonghui.indicators import registry, versions
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.models import Meeting
from gonghui.ledgers.services import entry_delete
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_get
from gonghui.reports.tests.trace_data import save

H1 = parse_period("2026H1")


@pytest.fixture
def ua(cast):
    return org_get(viewer=cast.root, pk=cast.ua.pk)  # read through the scope: its values are kept


def meeting(cast, org, day=dt.date(2026, 3, 1)):
    return save(cast, "meeting", org, date=day, meeting_type="committee", title="委员会")


def test_a_write_changes_the_number_right_after(cast, ua):
    before = registry.compute(ua, H1, ["meetings"])["meetings"]
    hits = registry.CACHE.hits
    assert registry.compute(ua, H1, ["meetings"])["meetings"] == before
    assert registry.CACHE.hits == hits + 1  # the second call is served from the cache
    entry = meeting(cast, cast.ua_g1)
    assert registry.compute(ua, H1, ["meetings"])["meetings"] == before + 1
    entry_delete(actor=cast.root, kind=get_kind("meeting"), entry=entry)
    assert registry.compute(ua, H1, ["meetings"])["meetings"] == before


def test_breakdown_and_months_follow_a_write(cast, ua):
    kids = registry.part_orgs(ua, H1, cast.root)
    branch = next(k for k in kids if k.pk == cast.ua_b1.pk)
    months = [parse_period(f"2026-0{m}") for m in range(1, 7)]
    total, parts = registry.compute_with_breakdown(ua, H1, ["meetings"], children=kids)
    by_month = [v["meetings"] for v in registry.compute_slices(ua, months, ["meetings"])]
    meeting(cast, cast.ua_g1, dt.date(2026, 2, 10))
    total2, parts2 = registry.compute_with_breakdown(ua, H1, ["meetings"], children=kids)
    assert total2["meetings"] == total["meetings"] + 1
    assert parts2[branch.pk]["meetings"] == parts[branch.pk]["meetings"] + 1
    by_month2 = [v["meetings"] for v in registry.compute_slices(ua, months, ["meetings"])]
    assert by_month2 == [n + (i == 1) for i, n in enumerate(by_month)]


def test_a_bulk_update_changes_the_version_of_its_table(cast):
    meeting(cast, cast.ua_g1)
    before = versions.snapshot()
    with unscoped("a test writes around the services"):
        Meeting.objects.filter(org=cast.ua_g1).update(title="改名")
    after = versions.snapshot()
    assert after["ledgers_meeting"] != before["ledgers_meeting"]
    assert {k: v for k, v in after.items() if k != "ledgers_meeting"} == {
        k: v for k, v in before.items() if k != "ledgers_meeting"}


def test_a_rolled_back_write_leaves_no_value_behind(cast, ua):
    before = registry.compute(ua, H1, ["meetings"])["meetings"]
    snap = versions.snapshot()
    with pytest.raises(RuntimeError), transaction.atomic():
        meeting(cast, cast.ua_g1)
        assert registry.compute(ua, H1, ["meetings"])["meetings"] == before + 1  # kept, with its new token
        raise RuntimeError("roll back")
    assert versions.snapshot() == snap
    assert registry.compute(ua, H1, ["meetings"])["meetings"] == before


def test_the_audit_trail_changes_no_version(cast):
    before = versions.snapshot()
    audit.record(actor=cast.root, action="update", object_type="x", object_id="1")
    assert versions.snapshot() == before


def test_an_org_outside_the_scope_is_not_cached(cast):
    with unscoped("an org read around the scope"):
        org = Org.objects.get(pk=cast.ua.pk)
        hits, misses = registry.CACHE.hits, registry.CACHE.misses
        registry.compute(org, H1, ["meetings"])
        registry.compute(org, H1, ["meetings"])
    assert (registry.CACHE.hits, registry.CACHE.misses) == (hits, misses)
