"""The parts of an org within a period are defined once (orgs.tree.parts_in_period, through
registry.part_orgs): the registry's breakdown, the tables' columns and the summary's per-union sentences list
the same orgs."""

import datetime as dt

from gonghui.core.periods import parse_period
from gonghui.indicators import registry
from gonghui.orgs import services as orgs
from gonghui.reports.summary import summary_document
from gonghui.reports.tables.data import gather
from gonghui.reports.tests.test_summary import section_text

H1 = parse_period("2026H1")


def test_it_lists_the_same_parts_in_the_registry_the_tables_and_the_summary(cast):
    # 旧厂工会 was dissolved in March: it existed in the half year, so it is still a part of it (the summary
    # used to keep only the unions in force at the period's end). 新厂工会 was founded after the period.
    old = orgs.org_create(actor=cast.root, parent=cast.fed, kind="union", name="旧厂工会", code="UD",
                          founded_on=dt.date(2020, 1, 1))
    orgs.org_dissolve(actor=cast.root, org=old, on=dt.date(2026, 3, 1))
    orgs.org_create(actor=cast.root, parent=cast.fed, kind="union", name="新厂工会", code="UC",
                    founded_on=dt.date(2026, 8, 1))
    parts = registry.part_orgs(cast.fed, H1)
    assert [o.code for o in parts] == ["UA", "UB", "UD"]
    assert set(registry.compute_breakdown(cast.fed, H1, ["members"])) == {o.pk for o in [*parts, cast.fed]}
    assert [p.org.code for p in gather(cast.fed, H1).basic.children] == ["UA", "UB", "UD"]
    text = section_text(summary_document(org=cast.fed, period=H1), "组织建设")
    assert all(f"{name}：" in text for name in ("文化局工会", "机械厂工会", "旧厂工会"))
    assert "新厂工会：" not in text


def test_a_unions_parts_are_its_branches_only(cast):
    assert registry.part_orgs(cast.ua, H1) == [cast.ua_b1]
    assert set(registry.compute_breakdown(cast.ua, H1, ["members"])) == {cast.ua_b1.pk, cast.ua.pk}
    assert [p.org for p in gather(cast.ua, H1).basic.children] == [cast.ua_b1]
