"""A rich data set for the drill-down tests: people, 会籍 history, positions, orgs and entries of every ledger
kind, with the edges each indicator's dates depend on (first and last day of 2026H1, one day outside, in
force on the last day, ended the day before, sibling union UB). Built with the services, as officers would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gonghui.conftest import make_id
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save
from gonghui.orgs import services as orgs
from gonghui.people import services as people

D = dt.date
BEFORE, FIRST, MID, LAST, AFTER = D(2025, 12, 31), D(2026, 1, 1), D(2026, 3, 15), D(2026, 6, 30), D(2026, 7, 1)


def save(cast, code, org, participants=(), **values):
    return entry_save(actor=cast.root, kind=get_kind(code), org=org, values=values, participants=list(participants))


def build(cast):
    """Fill the cast's union A (and a little of UB) for 2026H1. Returns the extra people by name."""
    root = cast.root
    add = people.membership_event_add
    p = {}

    def person(name, org, seq, **kw):
        p[name] = people.person_create(actor=root, org=org, name=name, id_number=make_id("19850101", seq),
                                       employee_no=f"T{seq}", **kw)
        return p[name]

    person("李红", cast.ua_b1, 402, employment_type="dispatched", is_migrant_worker=True)  # female (even)
    person("赵新", cast.ua_g1, 403, hired_on=AFTER)  # hired after the period: not a worker of 2026H1
    person("钱退", cast.ua, 405, work_status="retired")
    person("孙转", cast.ua_g2, 407)
    person("周女", cast.ua, 408, hired_on=LAST)
    person("冯出", cast.ua, 409)
    person("陈留", cast.ua_b1, 411)

    add(actor=root, person=cast.wang_person, kind="join", date=D(2020, 3, 1))
    add(actor=root, person=cast.zhou_person, kind="join", date=FIRST)  # joined on the first day
    add(actor=root, person=cast.wu_person, kind="join", date=MID)  # UB: never in A's numbers
    add(actor=root, person=p["李红"], kind="join", date=LAST)  # on the last day
    add(actor=root, person=p["赵新"], kind="join", date=AFTER)  # one day after
    add(actor=root, person=p["钱退"], kind="join", date=BEFORE)
    add(actor=root, person=p["钱退"], kind="leave", date=D(2026, 2, 1))  # joined before, left within
    add(actor=root, person=p["孙转"], kind="transfer_in", date=D(2026, 2, 1))
    add(actor=root, person=p["周女"], kind="join", date=D(2026, 2, 1))
    add(actor=root, person=p["周女"], kind="expel", date=D(2026, 5, 1))  # joined and expelled in the period
    add(actor=root, person=p["冯出"], kind="join", date=D(2019, 1, 1))
    add(actor=root, person=p["冯出"], kind="transfer_out", date=LAST)
    add(actor=root, person=p["陈留"], kind="join", date=D(2019, 1, 1))
    add(actor=root, person=p["陈留"], kind="retain", date=D(2026, 4, 1))

    # Orgs: a group dissolved on the last day (still counts), one dissolved before it, one founded after.
    g3 = orgs.org_create(actor=root, parent=cast.ua_b1, kind="group", name="第三小组", code="UA-B1-G3")
    orgs.org_dissolve(actor=root, org=g3, on=LAST)
    g4 = orgs.org_create(actor=root, parent=cast.ua, kind="group", name="第四小组", code="UA-G4")
    orgs.org_dissolve(actor=root, org=g4, on=D(2026, 6, 29))
    orgs.org_create(actor=root, parent=cast.ua, kind="group", name="新小组", code="UA-G5", founded_on=AFTER)
    orgs.org_create(actor=root, parent=cast.ua, kind="branch", name="生产分会", code="UA-B2", founded_on=LAST)

    # Positions held at period end: ended on the last day counts, the day before does not, later starts not.
    pos = people.position_add
    pos(actor=root, person=cast.wang_person, org=cast.ua_g1, title="group_leader", start_on=D(2024, 1, 1))
    pos(actor=root, person=p["李红"], org=cast.ua_b1, title="group_leader", start_on=D(2024, 1, 1), end_on=LAST)
    pos(actor=root, person=p["孙转"], org=cast.ua_g2, title="group_leader", start_on=D(2024, 1, 1),
        end_on=D(2026, 6, 29))
    pos(actor=root, person=p["陈留"], org=cast.ua_b1, title="safety_monitor", start_on=LAST)
    pos(actor=root, person=p["冯出"], org=cast.ua, title="safety_monitor", start_on=AFTER)
    pos(actor=root, person=cast.wu_person, org=cast.ub, title="safety_monitor", start_on=D(2024, 1, 1))

    # Entries in the period on its first and last day, one day outside on each side, and in UB.
    edges = (BEFORE, FIRST, LAST, AFTER)
    for i, day in enumerate(edges):
        save(cast, "meeting", cast.ua_b1, [cast.wang_person], date=day, meeting_type="committee", title=f"会议{i}",
             participant_count=5 + i)
        save(cast, "study", cast.ua_g1, [cast.wang_person], date=day, study_type="law", topic=f"学习{i}",
             participant_count=10 * (i + 1))
        save(cast, "culture", cast.ua, date=day, title=f"活动{i}", mode="own", participant_count=3 + i,
             awards="一等奖" if i % 2 else "")
        save(cast, "honour", cast.ua, date=day, recipient_person=cast.wang_person, honour_name=f"先进{i}",
             level="city")
        save(cast, "aid", cast.ua_g2, date=day, aid_type="visit", recipient=cast.zhou_person, person_times=1 + i,
             amount=Decimal("100.50") * (i + 1), goods_value=Decimal("20.00"))
        save(cast, "publicity", cast.ua, date=day, title=f"稿件{i}", media_type="website", media_name="区工会网")
        save(cast, "openness", cast.ua, date=day, matter=f"公开{i}")
        save(cast, "proposal", cast.ua, date=day, title=f"提案{i}", status="closed" if i % 2 else "received")
        save(cast, "women", cast.ua, date=day, women_type="march8", title=f"女工{i}")
        save(cast, "suggestion", cast.ua_b1, date=day, category="golden_idea", title=f"金点子{i}",
             status=["adopted", "implemented", "in_progress", "to_decision"][i], economic_value=Decimal(1000 + i))
    save(cast, "aid", cast.ua, date=MID, aid_type="warmth", recipient=cast.wang_person, person_times=2,
         amount=Decimal("500.00"))
    save(cast, "aid", cast.ua, date=D(2026, 4, 1), aid_type="warmth", recipient=cast.zhou_person, person_times=1)
    save(cast, "aid", cast.ua, date=MID, aid_type="wedding", recipient=cast.wang_person, person_times=1,
         amount=Decimal("300.00"), goods_value=Decimal("50.00"))  # member welfare: counted apart from aid
    save(cast, "suggestion", cast.ua, date=MID, category="rationalisation", title="流程优化", status="rejected",
         rejection_reason="成本过高", economic_value=Decimal("0.30"))
    save(cast, "suggestion", cast.ua, date=MID, category="innovation", title="夹具改进", status="implemented",
         economic_value=Decimal("3000.25"))
    save(cast, "suggestion", cast.ua, date=AFTER, category="innovation", title="下期改进", status="collected",
         economic_value=Decimal(99))
    save(cast, "culture", cast.ua_g1, date=MID, title="上级运动会", mode="upper", participant_count=8,
         awards="团体二等奖")

    # In force at period end.
    save(cast, "rule", cast.ua, date=D(2020, 1, 1), title="经费管理制度", category="funds")
    save(cast, "rule", cast.ua, date=D(2020, 1, 1), title="旧制度", category="other", repealed_on=LAST)
    save(cast, "rule", cast.ua, date=D(2020, 1, 1), title="已废止", category="other", repealed_on=D(2026, 6, 29))
    save(cast, "rule", cast.ua_b1, date=LAST, title="分会制度", category="union")
    save(cast, "rule", cast.ua, date=AFTER, title="下期制度", category="union")
    save(cast, "hardship", cast.ua, person=cast.zhou_person, category="relative", date=D(2025, 1, 1))
    save(cast, "hardship", cast.ua, person=p["李红"], category="deep", date=D(2025, 1, 1), resolved_on=LAST)
    save(cast, "hardship", cast.ua, person=p["孙转"], category="deep", date=D(2025, 1, 1),
         resolved_on=D(2026, 6, 29))
    save(cast, "hardship", cast.ua, person=p["陈留"], category="accident", date=AFTER)
    save(cast, "contract", cast.ua, date=D(2025, 1, 1), contract_type="general", start_on=D(2025, 1, 1),
         end_on=LAST, workers_covered=120)
    save(cast, "contract", cast.ua, date=D(2025, 1, 1), contract_type="wages", start_on=D(2025, 1, 1),
         end_on=D(2027, 12, 31), workers_covered=110)
    save(cast, "contract", cast.ua, date=D(2023, 1, 1), contract_type="general", start_on=D(2023, 1, 1),
         end_on=D(2026, 6, 29), workers_covered=90)
    save(cast, "contract", cast.ua, date=LAST, contract_type="women", start_on=AFTER, end_on=D(2029, 6, 30),
         workers_covered=40)

    # Competitions overlapping the period (or not).
    save(cast, "competition", cast.ua, date=D(2025, 10, 1), end_date=FIRST, title="跨年竞赛",
         competition_type="skill", reward_amount=Decimal("800.00"))
    save(cast, "competition", cast.ua, date=D(2025, 10, 1), end_date=BEFORE, title="去年竞赛",
         competition_type="skill", reward_amount=Decimal("700.00"))
    save(cast, "competition", cast.ua_b1, date=LAST, title="安康杯竞赛", competition_type="ankang",
         reward_amount=Decimal("12345.67"))  # open-ended
    save(cast, "competition", cast.ua, date=AFTER, title="下期竞赛", competition_type="ankang",
         reward_amount=Decimal("1.00"))

    # Mediation: in time on the 15th day, late, open and late, open and not yet late.
    base = {"dispute_type": "pay"}
    save(cast, "mediation", cast.ua, case_no="1", date=FIRST, status="succeeded", closed_on=D(2026, 1, 16), **base)
    save(cast, "mediation", cast.ua, case_no="2", date=FIRST, status="failed", closed_on=D(2026, 1, 17), **base)
    save(cast, "mediation", cast.ua, case_no="3", date=MID, status="mediating", **base)
    save(cast, "mediation", cast.ua, case_no="4", date=D(2026, 6, 25), status="mediating", **base)
    save(cast, "mediation", cast.ua, case_no="5", date=AFTER, status="succeeded", closed_on=AFTER, **base)

    # Upper tasks: done on the due date, late, not done.
    save(cast, "task", cast.ua, date=FIRST, task="报送报表", due_on=D(2026, 1, 31), completed_on=D(2026, 1, 31))
    save(cast, "task", cast.ua, date=MID, task="组织培训", due_on=D(2026, 4, 1), completed_on=D(2026, 4, 2))
    save(cast, "task", cast.ua, date=LAST, task="慰问", due_on=D(2026, 7, 31))

    # The sibling union: never counted in A, always in the federation.
    save(cast, "meeting", cast.ub, date=MID, meeting_type="committee", title="兄弟单位会议")
    save(cast, "aid", cast.ub, date=MID, aid_type="visit", recipient=cast.wu_person, person_times=3,
         amount=Decimal("999.99"))
    save(cast, "competition", cast.ub, date=MID, title="兄弟竞赛", competition_type="ankang",
         reward_amount=Decimal("50.00"))
    return p
