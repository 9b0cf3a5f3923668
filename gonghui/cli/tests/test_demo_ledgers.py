"""The demo's work ledgers: every kind for every union, inside the 18-month window, once, with numbers that
give a half-year summary something true to say in every section."""

import datetime as dt

import pytest
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.cli.demo import data
from gonghui.cli.demo.ledger_planner import window
from gonghui.cli.demo.ledgers import DemoLedgers
from gonghui.cli.tests.helpers import run
from gonghui.core.models import AuditEvent
from gonghui.core.periods import Period
from gonghui.indicators.registry import COUNT, all_indicators, compute
from gonghui.ledgers.kinds import KINDS
from gonghui.orgs.models import Org
from gonghui.people.models import Person

SUMMARY_SECTIONS = ("meetings", "study_sessions", "culture_events", "competitions", "suggestions_collected", "honours",
                    "aid_households", "articles", "women_activities", "mediation_received", "rules", "hardship_files",
                    "contract_workers_covered", "tasks_assigned")


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """One demo of 300 people for the whole module, rolled back at the end (each test runs in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        out, _ = run("demo", "--no-serve", "--people", "300", "--admin-password", "Demo#Union2026")
        yield out
        transaction.set_rollback(True)


@pytest.fixture
def demo(built, db):
    return built


def unions():
    fed = Org.objects.get(code=data.FEDERATION_CODE)
    return fed, list(Org.objects.filter(kind="union", path__startswith=fed.path).order_by("path"))


def entry_counts() -> dict:
    return {code: kind.model.objects.count() for code, kind in KINDS.items()}


def last_complete_half(today: dt.date) -> Period:
    if today.month >= 7:
        return Period(dt.date(today.year, 1, 1), dt.date(today.year, 6, 30), f"{today.year}H1")
    return Period(dt.date(today.year - 1, 7, 1), dt.date(today.year - 1, 12, 31), f"{today.year - 1}H2")


def current_half(today: dt.date) -> Period:
    if today.month >= 7:
        return Period(dt.date(today.year, 7, 1), dt.date(today.year, 12, 31), f"{today.year}H2")
    return Period(dt.date(today.year, 1, 1), dt.date(today.year, 6, 30), f"{today.year}H1")


def snapshot() -> list:
    rows = []
    for code, kind in KINDS.items():
        for entry in kind.model.objects.select_related("org").order_by("id"):
            rows.append((code, entry.org.code, entry.date, str(getattr(entry, kind.columns[2].field, ""))))
    return sorted(rows)


def test_it_fills_every_kind_for_each_union(demo):
    _fed, found = unions()
    assert len(found) == 3
    for union in found:
        missing = [code for code, kind in KINDS.items()
                   if not kind.model.objects.filter(org__path__startswith=union.path).exists()]
        assert missing == [], f"{union.name} has no {missing}"
    assert "已生成工作台账" in demo


def test_every_entry_is_dated_inside_the_18_months_ending_today(demo):
    start, end = window(timezone.localdate())
    assert (end - start).days in range(540, 552)
    for code, kind in KINDS.items():
        dates = kind.model.objects.values_list("date", flat=True)
        assert dates.exists()
        assert min(dates) >= start and max(dates) <= end, code


def test_entries_go_on_unions_branches_and_groups(demo):
    kinds = set()
    for kind in KINDS.values():
        kinds |= set(kind.model.objects.values_list("org__kind", flat=True))
    assert {"union", "branch", "group"} <= kinds
    assert "federation" not in kinds


def test_it_does_not_duplicate_ledgers_when_run_again(demo):
    before, audit = entry_counts(), AuditEvent.objects.count()
    out, _ = run("demo", "--no-serve", "--people", "300")
    assert entry_counts() == before
    assert AuditEvent.objects.count() == audit
    assert "演示数据已存在" in out and "已生成工作台账" not in out


def test_it_fills_the_ledgers_of_an_older_demo_the_same_way_each_time(demo):
    first = snapshot()
    for kind in KINDS.values():
        kind.model.objects.all().delete()
    people = Person.objects.count()
    out, _ = run("demo", "--no-serve", "--people", "300")
    assert "已生成工作台账" in out
    assert Person.objects.count() == people
    assert snapshot() == first  # same seed, same day: the same entries


def test_the_last_complete_half_year_has_something_to_say_in_every_section(demo):
    period = last_complete_half(timezone.localdate())
    _fed, found = unions()
    for union in found:
        values = compute(union, period, list(SUMMARY_SECTIONS))
        zeros = [code for code, value in values.items() if not value]
        assert zeros == [], f"{union.name} {period.code}: {zeros}"


def test_the_ledger_rules_hold_in_the_demo(demo):
    m = {code: kind.model for code, kind in KINDS.items()}
    assert not m["mediation"].objects.filter(status__in=["succeeded", "failed", "arbitration", "withdrawn"],
                                             closed_on__isnull=True).exists()
    assert m["mediation"].objects.filter(closed_on__isnull=True).exists()  # some cases are still open
    assert m["suggestion"].objects.filter(status="rejected").exclude(rejection_reason="").exists()
    assert not m["suggestion"].objects.filter(status="rejected", rejection_reason="").exists()
    assert m["hardship"].objects.filter(resolved_on__isnull=False).exists()
    assert m["rule"].objects.filter(repealed_on__isnull=False).exists()
    late = m["task"].objects.filter(completed_on__gt=F("due_on")).count()
    on_time = m["task"].objects.filter(completed_on__lte=F("due_on")).count()
    assert 0 < late < on_time
    assert m["study"].objects.filter(topic__contains="《中华人民共和国工会法》").exists()
    assert m["aid"].objects.filter(aid_type="warmth").exists()  # 18 months always hold one Spring Festival


def test_federation_totals_are_the_sum_of_the_three_unions(demo):
    fed, found = unions()
    counts = [i.code for i in all_indicators() if i.kind == COUNT]
    today = timezone.localdate()
    for period in (last_complete_half(today), current_half(today)):
        total = compute(fed, period, counts)
        parts = [compute(union, period, counts) for union in found]
        for code in counts:
            assert total[code] == sum(p[code] for p in parts), (period.code, code)


def test_a_demo_entry_that_breaks_a_ledger_rule_fails_the_whole_demo(demo, monkeypatch):
    def broken(self, u):
        self.add("mediation", u.org, self.today, case_no="2026-调-999", dispute_type="pay", status="succeeded")

    for kind in KINDS.values():
        kind.model.objects.all().delete()
    monkeypatch.setattr(DemoLedgers, "plan_union", broken)
    with pytest.raises(CommandError, match="结案日期"):
        run("demo", "--no-serve", "--people", "300")
    assert sum(entry_counts().values()) == 0  # nothing half-built is left
