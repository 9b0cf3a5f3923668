"""Indicators against data counted by hand, with the edges the reports depend on."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save
from gonghui.orgs import services as orgs
from gonghui.people import services as people

D = dt.date
H1 = parse_period("2026H1")


def save(cast, code, org, participants=(), **values):
    return entry_save(actor=cast.root, kind=get_kind(code), org=org, values=values, participants=list(participants))


def test_membership_indicators_follow_the_history(cast):
    add = people.membership_event_add
    add(actor=cast.root, person=cast.wang_person, kind="join", date=D(2025, 3, 1))
    add(actor=cast.root, person=cast.zhou_person, kind="join", date=D(2026, 2, 1))
    add(actor=cast.root, person=cast.zhou_person, kind="leave", date=D(2026, 5, 1))  # joined and left in H1
    v = compute(cast.ua, H1)
    assert v["members"] == 1
    assert v["members_joined"] == 1 and v["members_left"] == 1
    assert v["members_female"] == 0
    assert v["workers"] == 2
    assert v["membership_rate"] == Decimal("50.0")


def test_entries_on_the_edges_of_the_period(cast):
    for day in (D(2025, 12, 31), D(2026, 1, 1), D(2026, 6, 30), D(2026, 7, 1)):
        save(cast, "meeting", cast.ua, date=day, meeting_type="committee", title=f"会议{day}")
    save(cast, "meeting", cast.ub, date=D(2026, 3, 1), meeting_type="committee", title="兄弟单位会议")
    assert compute(cast.ua, H1, ["meetings"]) == {"meetings": 2}
    assert compute(cast.fed, H1, ["meetings"]) == {"meetings": 3}


def test_a_branch_moved_mid_period_counts_where_it_is_at_period_end(cast):
    save(cast, "study", cast.ua_b1, date=D(2026, 2, 1), study_type="law", topic="学习《工会法》",
         participants=[cast.wang_person], participant_count=30)
    orgs.org_move(actor=cast.root, org=cast.ua_b1, new_parent=cast.ub)
    cast.ua.refresh_from_db()
    cast.ub.refresh_from_db()
    assert compute(cast.ua, H1, ["study_sessions", "branches"]) == {"study_sessions": 0, "branches": 0}
    assert compute(cast.ub, H1, ["study_sessions", "study_person_times", "branches"]) == {
        "study_sessions": 1, "study_person_times": 30, "branches": 1}


def test_a_dissolved_group_counts_until_its_dissolution(cast):
    people.person_update(actor=cast.root, person=cast.zhou_person, org=cast.ua_g1)
    orgs.org_dissolve(actor=cast.root, org=cast.ua_g2, on=D(2026, 3, 31))
    assert compute(cast.ua, parse_period("2026Q1"), ["groups"]) == {"groups": 2}
    assert compute(cast.ua, H1, ["groups"]) == {"groups": 1}


def test_aid_suggestions_and_money(cast):
    save(cast, "aid", cast.ua, date=D(2026, 1, 20), aid_type="warmth", recipient=cast.zhou_person,
         person_times=1, amount=Decimal("500.00"), goods_value=Decimal("120.50"))
    save(cast, "aid", cast.ua, date=D(2026, 2, 10), aid_type="visit", recipient=cast.zhou_person,
         person_times=2, amount=Decimal("500.00"))
    save(cast, "aid", cast.ua, date=D(2026, 2, 10), aid_type="visit", recipient=cast.wang_person, person_times=1)
    save(cast, "suggestion", cast.ua, date=D(2026, 3, 1), category="golden_idea", title="节能改造",
         status="implemented", economic_value=Decimal(12000))
    save(cast, "suggestion", cast.ua, date=D(2026, 3, 2), category="rationalisation", title="流程优化",
         status="rejected", rejection_reason="成本过高")
    save(cast, "suggestion", cast.ua, date=D(2026, 3, 3), category="innovation", title="夹具改进",
         status="in_progress", economic_value=Decimal(3000))
    v = compute(cast.ua, H1)
    assert (v["aid_households"], v["aid_person_times"]) == (2, 4)
    assert v["aid_amount"] == Decimal("1000.00") and v["aid_goods_value"] == Decimal("120.50")
    assert (v["suggestions_collected"], v["suggestions_adopted"], v["suggestions_implemented"]) == (2, 1, 1)
    assert v["suggestions_value"] == Decimal("12000.00")
    assert (v["innovations"], v["innovations_value"]) == (1, Decimal("3000.00"))


def test_things_in_force_at_period_end(cast):
    save(cast, "rule", cast.ua, date=D(2020, 1, 1), title="工会经费管理制度", category="funds")
    save(cast, "rule", cast.ua, date=D(2020, 1, 1), title="旧制度", category="other", repealed_on=D(2026, 6, 30))
    save(cast, "rule", cast.ua, date=D(2020, 1, 1), title="已废止", category="other", repealed_on=D(2026, 6, 29))
    save(cast, "hardship", cast.ua, person=cast.zhou_person, category="relative", date=D(2025, 1, 1))
    save(cast, "contract", cast.ua, date=D(2025, 1, 1), contract_type="general", start_on=D(2025, 1, 1),
         end_on=D(2027, 12, 31), workers_covered=120)
    v = compute(cast.ua, H1, ["rules", "hardship_files", "contract_workers_covered"])
    assert v == {"rules": 2, "hardship_files": 1, "contract_workers_covered": 120}


def test_mediation_overdue_counts_late_and_still_open_cases(cast):
    base = {"dispute_type": "pay"}
    save(cast, "mediation", cast.ua, case_no="1", date=D(2026, 1, 1), status="succeeded", closed_on=D(2026, 1, 16),
         **base)  # on the 15th day: in time
    save(cast, "mediation", cast.ua, case_no="2", date=D(2026, 1, 1), status="failed", closed_on=D(2026, 1, 17),
         **base)  # late
    save(cast, "mediation", cast.ua, case_no="3", date=D(2026, 3, 1), status="mediating", **base)  # open, late
    save(cast, "mediation", cast.ua, case_no="4", date=D(2026, 6, 25), status="mediating", **base)  # open, not yet
    v = compute(cast.ua, H1, ["mediation_received", "mediation_succeeded", "mediation_overdue"])
    assert v == {"mediation_received": 4, "mediation_succeeded": 1, "mediation_overdue": 2}


def test_federation_counts_equal_the_sum_of_its_unions(cast):
    save(cast, "publicity", cast.ua, date=D(2026, 4, 1), title="稿件一", media_type="website", media_name="区工会网")
    save(cast, "publicity", cast.ub, date=D(2026, 4, 2), title="稿件二", media_type="newspaper", media_name="区报")
    fed, ua, ub = (compute(o, H1) for o in (cast.fed, cast.ua, cast.ub))
    for code, value in fed.items():
        if isinstance(value, int):
            assert value == ua[code] + ub[code], code


def test_unknown_codes_are_refused(cast):
    with pytest.raises(KeyError):
        compute(cast.ua, H1, ["no_such_indicator"])


def test_breakdowns_of_workers_and_members(cast):
    add = people.membership_event_add
    add(actor=cast.root, person=cast.wang_person, kind="join", date=D(2025, 3, 1))
    add(actor=cast.root, person=cast.zhou_person, kind="join", date=D(2025, 3, 1))  # 周师傅: dispatched, female by ID
    add(actor=cast.root, person=cast.wang_person, kind="retain", date=D(2026, 6, 30))
    v = compute(cast.ua, H1, ["workers_female", "workers_dispatched", "members_dispatched", "members_retained",
                              "members"])
    assert v == {"workers_female": 1, "workers_dispatched": 1, "members_dispatched": 1, "members_retained": 1,
                 "members": 1}


def test_ankang_cup_competitions(cast):
    save(cast, "competition", cast.ua, date=D(2026, 3, 1), title="安康杯竞赛", competition_type="ankang")
    save(cast, "competition", cast.ua, date=D(2026, 3, 1), title="技能比武", competition_type="skill")
    assert compute(cast.ua, H1, ["competitions", "competitions_ankang"]) == {"competitions": 2,
                                                                            "competitions_ankang": 1}
