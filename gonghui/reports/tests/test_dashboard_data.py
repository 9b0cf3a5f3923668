"""数据看板 numbers: every one equals registry.compute for its org and period, the changes are this − last year,
the months are the registry's months, the parts add up to the whole, and the silent orgs are the ones with
nothing recorded — on a data set built by hand (cast + ledger entries through entry_save)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import parse_period
from gonghui.indicators.registry import INDICATORS, compute
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save
from gonghui.orgs import services as orgs
from gonghui.people import services as people
from gonghui.reports.dashboard import (
    BREAKDOWN_CODES,
    SILENT_CODES,
    TREND_CODES,
    chart_by_name,
    dashboard_data,
)
from gonghui.reports.dashboard.data import child_word, key_codes, month_periods
from gonghui.reports.tables.data import gather

D = dt.date
H1 = parse_period("2026H1")
LAST = parse_period("2025H1")


def values_written(svg: str) -> list[str]:
    ns = "{http://www.w3.org/2000/svg}"
    return [t.text for t in ET.fromstring(svg).iter(f"{ns}text") if t.get("class") == "value"]


def save(cast, code, org, **values):
    return entry_save(actor=cast.root, kind=get_kind(code), org=org, values=values)


def meeting(cast, org, day, title="会议"):
    return save(cast, "meeting", org, date=day, meeting_type="committee", title=f"{title}{day}")


@pytest.fixture
def data(cast):
    """FED: UA (机关分会 UA-B1 active, 工会分会二 UA-B2 silent, 后勤小组 UA-G2 straight under UA), UB active,
    UC silent (its only entries are a day before and a day after the half year)."""
    c = cast
    c.ua_b2 = orgs.org_create(actor=SYSTEM, parent=c.ua, kind="branch", name="工会分会二", code="UA-B2")
    c.uc = orgs.org_create(actor=SYSTEM, parent=c.fed, kind="union", name="静默厂工会", code="UC")
    add = people.membership_event_add
    add(actor=c.root, person=c.wang_person, kind="join", date=D(2024, 3, 1))
    add(actor=c.root, person=c.zhou_person, kind="join", date=D(2026, 2, 1))
    add(actor=c.root, person=c.wu_person, kind="join", date=D(2025, 1, 1))

    for day in (D(2026, 1, 1), D(2026, 3, 5), D(2026, 3, 20)):
        meeting(c, c.ua_b1, day)
    meeting(c, c.ua, D(2026, 6, 30))
    meeting(c, c.ua_g2, D(2026, 2, 2))  # a group straight under UA: 本级
    meeting(c, c.ub, D(2026, 5, 6))
    meeting(c, c.ua_b1, D(2025, 3, 1))  # last year
    meeting(c, c.ua, D(2025, 4, 1))
    meeting(c, c.uc, D(2025, 12, 31))  # a day outside, on each side
    meeting(c, c.uc, D(2026, 7, 1))
    save(c, "study", c.ua_b1, date=D(2026, 2, 1), study_type="law", topic="学习《工会法》", participant_count=30)
    save(c, "study", c.ub, date=D(2026, 4, 1), study_type="safety", topic="安全培训", participant_count=12)
    save(c, "study", c.ua, date=D(2025, 4, 1), study_type="safety", topic="去年培训", participant_count=10)
    save(c, "culture", c.ua, date=D(2026, 5, 1), title="趣味运动会", mode="own", participant_count=80)
    save(c, "aid", c.ua_b1, date=D(2026, 1, 20), aid_type="warmth", recipient=c.wang_person, person_times=1,
         amount=Decimal("500.00"))
    save(c, "aid", c.ua, date=D(2026, 6, 10), aid_type="visit", recipient=c.zhou_person, person_times=1,
         amount=Decimal("300.50"))
    save(c, "aid", c.ub, date=D(2026, 2, 10), aid_type="visit", recipient=c.wu_person, person_times=1,
         amount=Decimal("1000.00"))
    save(c, "publicity", c.ua, date=D(2026, 4, 1), title="稿件一", media_type="website", media_name="区工会网")
    return c


# --- key numbers -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("org_attr", ["fed", "ua", "ub"])
def test_it_shows_each_key_number_as_the_registry_computes_it(data, org_attr):
    org = getattr(data, org_attr)
    dash = dashboard_data(org, H1)
    codes = key_codes(org)
    now, before = compute(org, H1, codes), compute(org, LAST, codes)
    assert [card.code for card in dash.cards] == codes
    for card in dash.cards:
        assert card.value == now[card.code], card.code
        assert card.last == before[card.code], card.code
        assert card.name == INDICATORS[card.code].name


def test_it_compares_with_the_same_period_last_year_only_where_last_year_has_data(data):
    cards = {c.code: c for c in dashboard_data(data.ua, H1).cards}
    meetings = cards["meetings"]
    assert (meetings.value, meetings.last, meetings.change) == (5, 2, 3)  # counted by hand
    assert (meetings.direction, meetings.change_text) == ("up", "↑ 3次")
    study = cards["study_person_times"]
    assert (study.value, study.last, study.change) == (30, 10, 20)
    aid = cards["aid_amount"]
    assert aid.value == Decimal("800.50") and aid.last == 0
    assert aid.change is None and aid.direction == "" and aid.change_text == ""  # no data last year
    members = cards["members"]
    assert (members.value, members.last, members.change) == (2, 1, 1)
    assert cards["branches"].value == 2 and cards["branches"].change_text == "持平"


def test_it_writes_a_fall_and_a_rate_change_as_officials_do(data):
    meeting(data, data.ub, D(2025, 2, 2))
    meeting(data, data.ub, D(2025, 3, 3))
    cards = {c.code: c for c in dashboard_data(data.ub, H1).cards}
    assert (cards["meetings"].change, cards["meetings"].direction, cards["meetings"].change_text) == (-1, "down", "↓ 1次")
    rate = cards["membership_rate"]
    assert rate.value == compute(data.ub, H1, ["membership_rate"])["membership_rate"]
    if rate.last:
        assert rate.change == rate.value - rate.last
        assert "个百分点" in rate.change_text or rate.change_text == "持平"


def test_it_starts_with_unions_for_a_federation_and_branches_for_a_union(data):
    assert key_codes(data.fed)[0] == "unions"
    assert key_codes(data.ua)[0] == "branches"
    assert dashboard_data(data.fed, H1).cards[0].value == 3
    assert (child_word(data.fed), child_word(data.ua)) == ("基层工会", "分会")


# --- monthly trends ----------------------------------------------------------------------------------------

def test_it_takes_each_month_of_the_trend_from_the_registry(data):
    dash = dashboard_data(data.ua, H1)
    assert [t.code for t in dash.trends] == [c for c, _ in TREND_CODES]
    for trend in dash.trends:
        assert trend.labels == ["1月", "2月", "3月", "4月", "5月", "6月"]
        assert [(p.start, p.end) for p in trend.periods] == [
            (D(2026, m, 1), parse_period(f"2026-{m:02d}").end) for m in range(1, 7)]
        assert trend.values == [compute(data.ua, p, [trend.code])[trend.code] for p in trend.periods], trend.code
    meetings = next(t for t in dash.trends if t.code == "meetings")
    assert meetings.values == [1, 1, 2, 0, 0, 1]  # by hand: 1.1; 2.2 (UA-G2); 3.5, 3.20; 6.30
    aid = next(t for t in dash.trends if t.code == "aid_amount")
    assert aid.values[0] == Decimal("500.00") and aid.values[5] == Decimal("300.50")


def test_it_draws_last_years_months_beside_the_lines(data):
    members = next(t for t in dashboard_data(data.ua, H1).trends if t.code == "members")
    assert members.chart == "line"
    assert members.last_year == [compute(data.ua, p.same_period_last_year(), ["members"])["members"]
                                 for p in members.periods]
    aid = next(t for t in dashboard_data(data.ua, H1).trends if t.code == "aid_amount")
    assert aid.last_year is None  # nothing last year: no grey line of zeros


def test_it_leaves_out_the_months_not_yet_begun(data):
    dash = dashboard_data(data.ua, parse_period("2026H2"), today=D(2026, 9, 15))
    assert dash.trends[0].labels == ["7月", "8月", "9月"]
    assert month_periods(parse_period("2026H2"), D(2026, 6, 30)) == []


def test_it_draws_a_long_period_by_quarter(data):
    long = parse_period(start=D(2023, 1, 1), end=D(2026, 6, 30))
    cuts = month_periods(long)
    assert len(cuts) == 14 and cuts[0][0] == "2023年第一季度"


# --- breakdown per child -----------------------------------------------------------------------------------

@pytest.mark.parametrize("org_attr,children", [("fed", ["UA", "UB", "UC"]), ("ua", ["UA-B1", "UA-B2"])])
def test_it_breaks_down_by_child_with_the_registrys_values(data, org_attr, children):
    org = getattr(data, org_attr)
    bd = dashboard_data(org, H1).breakdown
    assert [p.org.code for p in bd.children] == children
    for part in bd.children:
        assert part.values == compute(part.org, H1, list(BREAKDOWN_CODES)), part.org.code
    assert bd.total == compute(org, H1, list(BREAKDOWN_CODES))


@pytest.mark.parametrize("org_attr", ["fed", "ua"])
def test_it_makes_the_parts_add_up_to_the_whole(data, org_attr):
    org = getattr(data, org_attr)
    bd = dashboard_data(org, H1).breakdown
    for code in BREAKDOWN_CODES:
        assert sum(p.values[code] for p in bd.parts) == compute(org, H1, [code])[code], code


def test_it_shows_the_union_level_as_its_own_part(data):
    bd = dashboard_data(data.ua, H1).breakdown
    assert bd.own is not None and bd.own.label == "工会本级（含直属小组）"
    assert bd.own.values["meetings"] == 2  # UA on 6.30 and its group UA-G2 on 2.2
    fed = dashboard_data(data.fed, H1).breakdown
    assert fed.own is None  # nothing recorded at the federation itself
    assert sum(p.values["meetings"] for p in fed.children) == compute(data.fed, H1, ["meetings"])["meetings"] == 6


# --- silent orgs -------------------------------------------------------------------------------------------

def test_it_lists_the_unions_that_recorded_nothing_in_the_period(data):
    dash = dashboard_data(data.fed, H1)
    assert [o.code for o in dash.silent] == ["UC"]  # its entries lie a day outside on each side
    assert dash.children_checked == 3


def test_it_lists_the_silent_branches_of_a_union(data):
    assert [o.code for o in dashboard_data(data.ua, H1).silent] == ["UA-B2"]


def test_it_takes_a_union_off_the_list_once_it_records_something(data):
    save(data, "publicity", data.uc, date=D(2026, 6, 30), title="补录稿件", media_type="website", media_name="网")
    assert dashboard_data(data.fed, H1).silent == []


def test_it_counts_a_new_member_as_something_recorded(data):
    p = people.person_create(actor=data.root, org=data.uc, name="新会员", gender="F")
    people.membership_event_add(actor=data.root, person=p, kind="join", date=D(2026, 1, 1))
    assert dashboard_data(data.fed, H1).silent == []


def test_it_judges_silence_as_the_tables_workbook_does(data):
    assert SILENT_CODES
    for code in SILENT_CODES:
        assert INDICATORS[code].kind == "count"
    assert [o.code for o in gather(data.fed, H1).silent] == [o.code for o in dashboard_data(data.fed, H1).silent]


def test_it_has_no_breakdown_below_a_union(data):
    dash = dashboard_data(data.ua_b1, H1)
    assert dash.breakdown is None and dash.silent == []


# --- charts by name ----------------------------------------------------------------------------------------

def test_it_draws_one_chart_by_name_with_the_same_numbers(data):
    chart = chart_by_name("trend-meetings", data.ua, H1)
    assert chart.name == "trend-meetings" and chart.title == "会议逐月"
    assert values_written(chart.svg) == ["1", "1", "2", "0", "0", "1"]
    part = chart_by_name("breakdown-meetings", data.fed, H1)
    assert "文化局工会" in part.svg
    assert values_written(part.svg) == ["5", "1", "0"]  # UA, UB, UC, largest first
    for bad in ("trend-workers", "breakdown-workers", "nonsense", "trend-"):
        with pytest.raises(KeyError):
            chart_by_name(bad, data.ua, H1)
    with pytest.raises(KeyError):
        chart_by_name("breakdown-meetings", data.ua_b1, H1)  # a branch is not broken down
