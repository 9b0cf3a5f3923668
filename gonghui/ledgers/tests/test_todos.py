"""The home page's silent sub-orgs: their 16 queries are compiled once and still follow every new entry."""

import datetime as dt

from gonghui.ledgers import todos
from gonghui.orgs.selectors import org_get
from gonghui.reports.tests.trace_data import save

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def test_silent_orgs_follow_a_new_entry_from_the_kept_queries(cast):
    ua = org_get(viewer=cast.chair_a, pk=cast.ua.pk)

    def silent():
        return {o.code for o in todos.silent_orgs(viewer=cast.chair_a, org=ua, start=START, end=END)}

    todos._SILENT_PLANS.clear()
    assert silent() == {"UA-B1", "UA-G2"}
    assert len(todos._SILENT_PLANS) == 16  # one per ledger kind, for this viewer, org and period
    save(cast, "meeting", cast.ua_g1, date=dt.date(2026, 3, 1), meeting_type="committee", title="小组会")
    assert silent() == {"UA-G2"}  # the group's entry counts for its branch
    save(cast, "study", cast.ua_g2, date=END, study_type="safety", topic="安全生产", participant_count=8)
    assert silent() == set()
    save(cast, "meeting", cast.ua_g2, date=END + dt.timedelta(days=1), meeting_type="committee", title="下期")
    assert len(todos._SILENT_PLANS) == 16
    other = {o.code for o in todos.silent_orgs(viewer=cast.viewer_fed, org=org_get(viewer=cast.viewer_fed,
                                                                                     pk=cast.ua.pk),
                                               start=START, end=END)}
    assert other == set() and len(todos._SILENT_PLANS) == 32  # another viewer's scope: its own queries
