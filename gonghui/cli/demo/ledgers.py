"""A year and a half of union work for the demo unions, written through `entry_save` like real work.

Every entry goes through `ledgers.services.entry_save` with actor=SYSTEM (the system), so the ledger rules
(dates in order, 结案日期 only for closed cases, 未采纳原因, one 案号 per union, participants from the union's
own roster) are applied: a demo that breaks a rule fails loudly instead of showing numbers that could not
have been typed in.

The window is the 18 months ending today. Work recurs on a calendar (monthly 工会委员会会议, 学习《工会法》
in April and October, 送温暖 before the Spring Festival, 金秋助学 in August, 三八节 in March, ...), so every
half-year inside the window has something true to say in every section of a summary. Volumes follow the
size of each union: the factory does the most. Deterministic: one seeded Random drives every choice.

The planning is split by groups of ledger kinds: `ledger_planner` (shared helpers and state),
`ledger_gatherings`, `ledger_achievements`, `ledger_care` and `ledger_governance`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from gonghui.accounts.scoping import SYSTEM
from gonghui.cli.demo.ledger_achievements import AchievementPlans
from gonghui.cli.demo.ledger_care import CarePlans
from gonghui.cli.demo.ledger_gatherings import GatheringPlans
from gonghui.cli.demo.ledger_governance import GovernancePlans
from gonghui.cli.demo.ledger_planner import Union
from gonghui.ledgers.kinds import KINDS
from gonghui.ledgers.services import entry_save


class DemoLedgers(GatheringPlans, AchievementPlans, CarePlans, GovernancePlans):
    """Plans the entries of all 16 kinds for each demo union, then saves them through entry_save."""

    # --- the plan --------------------------------------------------------------------------------------

    def plan_union(self, u: Union) -> None:
        self.pick_reps(u)
        self.meetings(u)
        self.studies(u)
        self.culture(u)
        self.competitions(u)
        self.suggestions(u)
        self.honours(u)
        self.hardship(u)
        self.aid(u)
        self.mediation(u)
        self.women(u)
        self.rules(u)
        self.openness(u)
        self.contracts(u)
        self.proposals(u)
        self.tasks(u)
        self.publicity(u)  # last: it writes up the news of everything above

    # --- saving ----------------------------------------------------------------------------------------

    def build(self, progress: Callable[[int, int], None] | None = None) -> Counter:
        progress = progress or (lambda done, total: None)
        for union in self.load():
            self.plan_union(union)
        total = len(self.plan)
        for done, item in enumerate(sorted(self.plan, key=lambda p: p.values["date"]), start=1):
            entry_save(actor=SYSTEM, kind=KINDS[item.code], org=item.org, values=item.values,
                       participants=item.participants)
            self.counts[item.code] += 1
            if done % 50 == 0 or done == total:
                progress(done, total)
        return self.counts
