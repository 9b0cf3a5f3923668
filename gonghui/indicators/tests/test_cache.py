"""The value cache: a write changes the number right after, whichever way it reaches the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction

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
    # Served from the cache. (On PostgreSQL the test's own transaction wrote the orgs, whose tokens change at
    # its commit, so nothing it computes is reused: the rest of the test holds all the same.)
    assert registry.CACHE.hits == hits + (connection.vendor == "sqlite")
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
    assert versions.snapshot()["ledgers_meeting"] != before["ledgers_meeting"]


def test_a_rolled_back_write_leaves_no_value_behind(cast, ua):
    before = registry.compute(ua, H1, ["meetings"])["meetings"]
    snap = versions.snapshot()
    with pytest.raises(RuntimeError), transaction.atomic():
        meeting(cast, cast.ua_g1)
        assert registry.compute(ua, H1, ["meetings"])["meetings"] == before + 1  # kept, with its new token
        raise RuntimeError("roll back")
    assert registry.compute(ua, H1, ["meetings"])["meetings"] == before
    if connection.vendor == "sqlite":  # (PostgreSQL changes the tokens after the commit: none here)
        assert versions.snapshot() == snap


def test_the_audit_trail_changes_no_version(cast):
    before = versions.snapshot()
    audit.record(actor=cast.root, action="update", object_type="x", object_id="1")
    after = versions.snapshot()
    assert "core_auditevent" not in after and set(after) == set(before)
    if connection.vendor == "sqlite":
        assert after == before


def test_an_org_outside_the_scope_is_not_cached(cast):
    with unscoped("an org read around the scope"):
        org = Org.objects.get(pk=cast.ua.pk)
        hits, misses = registry.CACHE.hits, registry.CACHE.misses
        registry.compute(org, H1, ["meetings"])
        registry.compute(org, H1, ["meetings"])
    assert (registry.CACHE.hits, registry.CACHE.misses) == (hits, misses)


def _uncached(settings, fn):
    settings.GONGHUI_INDICATOR_CACHE = False
    try:
        return fn()
    finally:
        settings.GONGHUI_INDICATOR_CACHE = True


def test_values_from_kept_queries_equal_the_orm_after_writes(cast, ua, settings):
    """After a write a value is computed again from the Measure and SQL kept from the first time
    (core/prepared.py): every indicator, whole, per part and per month, equals a computation from scratch."""
    from gonghui.reports.tests import trace_data

    trace_data.build(cast)
    kids = registry.part_orgs(ua, H1, cast.root)
    months = [parse_period(f"2026-0{m}") for m in range(1, 7)]

    def everything():
        return (registry.compute(ua, H1), registry.compute_with_breakdown(ua, H1, children=kids),
                registry.compute_slices(ua, months))

    everything()  # keeps the Measures and their compiled queries
    save(cast, "competition", cast.ua_g1, date=dt.date(2026, 4, 1), title="技能比武", reward_amount=Decimal("1234.56"))
    meeting(cast, cast.ua_g1, dt.date(2026, 2, 10))
    kept = [m for key, (_deps, m) in registry.CACHE.entries.items() if key[0] == "measure"]
    again = everything()
    if connection.vendor == "sqlite":  # (PostgreSQL: the orgs written in this transaction retire everything)
        assert kept and any(m[0].__dict__.get("_plans") for m in kept)
    assert again == _uncached(settings, everything)
    assert again[0]["competition_rewards"] >= Decimal("1234.56")
