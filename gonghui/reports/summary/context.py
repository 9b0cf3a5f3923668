"""What the section writers read: the org's indicator values (this period and last year's) and its ledger
entries, in the viewer's scope."""

from __future__ import annotations

from gonghui.core.periods import Period
from gonghui.indicators.registry import compute
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.selectors import entry_list
from gonghui.orgs.models import Org, OrgKind
from gonghui.reports.summary.wording import Writer, date_text, period_word


class SummaryContext:
    """The org, period and reader one summary is written for."""

    def __init__(self, org: Org, period: Period, viewer):
        self.org = org
        self.period = period
        self.viewer = viewer
        self.values = compute(org, period)
        self.last_year = compute(org, period.same_period_last_year())
        self.w = Writer(self.values, self.last_year)
        self.pw = period_word(period)
        self.is_federation = org.kind == OrgKind.FEDERATION
        self.we = {"federation": "所属各工会", "union": "我会", "branch": "我分会", "group": "本小组"}.get(
            org.kind, "我会")
        self.silent: list | None = None  # the parts with nothing recorded (officer_prompts.silent_parts)

    def entries(self, kind_code: str, *, from_start: bool = True):
        """Entries of the org's subtree dated in the period (or, without from_start, up to its end)."""
        return entry_list(viewer=self.viewer, kind=get_kind(kind_code), org=self.org,
                          start=self.period.start if from_start else None, end=self.period.end)

    def end_text(self) -> str:
        return date_text(self.period.end, with_year=not self.period.code)
