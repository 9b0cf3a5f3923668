"""The shared part of the demo ledger planner: date and money helpers, one demo union as the planner sees it,
and `LedgerPlanner`, which loads the unions and holds the seeded Random, the window and the list of planned
entries that every group of ledger kinds adds to."""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.cli.demo.ledger_words import CN_DIGITS, SHAPE
from gonghui.ledgers.kinds import KINDS
from gonghui.ledgers.selectors import entry_list
from gonghui.orgs import selectors as org_selectors
from gonghui.people.models import Position
from gonghui.people.selectors import PersonFilters, officers_of, person_list

Title = Position.Title
WINDOW_MONTHS = 18

# --- small helpers ---------------------------------------------------------------------------------------

def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The 18 months ending today, both ends inclusive."""
    return add_months(today, -WINDOW_MONTHS) + dt.timedelta(days=1), today


def workday(day: dt.date) -> dt.date:
    """Saturday back to Friday, Sunday on to Monday."""
    shift = {5: -1, 6: 1}.get(day.weekday(), 0)
    return day + dt.timedelta(days=shift)


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + CN_DIGITS[n - 10]
    return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def lunar(table: dict, year: int, default: tuple[int, int]) -> dt.date:
    month, day = table.get(year, default)
    return dt.date(year, month, day)


@dataclass
class Union:
    key: str
    org: object
    shape: dict
    branches: list  # [(branch, [groups])]
    groups: list  # every group, under a branch or directly under the union
    people: list  # every person of the union's subtree
    officers: dict  # title -> [Person]
    reps: list = field(default_factory=list)  # 职工代表
    news: list = field(default_factory=list)  # (date, org, headline) worth an article
    sessions: list = field(default_factory=list)  # dates of the 职代会 (会员大会) where proposals are handed in
    hardship: list = field(default_factory=list)  # (person, filed, resolved, category, cause)

    @property
    def short(self) -> str:
        return self.shape["short"]

    def officer(self, title: str):
        found = self.officers.get(title) or []
        return found[0] if found else None


@dataclass
class Planned:
    code: str
    org: object
    values: dict
    participants: list | None = None


class LedgerPlanner:
    """The window, the seeded Random and the plan; the helpers every kind's planning draws on."""

    def __init__(self, *, federation, viewer, seed: int = 2026, today: dt.date | None = None):
        from django.utils import timezone

        self.federation = federation
        self.viewer = viewer
        self.rng = random.Random(f"ledgers-{seed}")
        self.today = today or min(timezone.localdate(), dt.date.today())
        self.start, self.end = window(self.today)
        self.plan: list[Planned] = []
        self.counts: Counter = Counter()

    # --- reading the demo's orgs and people -----------------------------------------------------------

    def exist(self) -> bool:
        return any(entry_list(viewer=self.viewer, kind=kind, org=self.federation).exists()
                   for kind in KINDS.values())

    def load(self) -> list[Union]:
        from gonghui.cli.demo import data

        keys = {spec["name"]: spec["key"] for spec in data.UNIONS}
        tree = list(org_selectors.org_list(viewer=self.viewer, under=self.federation))
        people = list(person_list(viewer=self.viewer, filters=PersonFilters(org=self.federation))
                      .select_related("org").order_by("id"))
        unions = []
        for org in tree:
            if org.kind != "union" or org.name not in keys:
                continue
            below = [o for o in tree if o.path.startswith(org.path) and o.pk != org.pk]
            branches = [(b, [g for g in below if g.kind == "group" and g.path.startswith(b.path)])
                        for b in below if b.kind == "branch"]
            mine = {p.pk: p for p in people if p.org.path.startswith(org.path)}
            officers: dict[str, list] = {}
            for holder in [org, *below]:
                for position in officers_of(holder, self.today):
                    # Only officers still working on this union's roster: entry_save refuses anyone else.
                    if position.person_id in mine and mine[position.person_id].work_status == "active":
                        officers.setdefault(position.title, []).append(mine[position.person_id])
            unions.append(Union(
                key=keys[org.name], org=org, shape=SHAPE[keys[org.name]], branches=branches,
                groups=[g for g in below if g.kind == "group"], people=list(mine.values()), officers=officers,
            ))
        return unions

    # --- random helpers --------------------------------------------------------------------------------

    def weighted(self, pairs):
        values, weights = zip(*pairs)
        return self.rng.choices(values, weights=weights)[0]

    def day_in(self, year: int, month: int, lo: int = 1, hi: int = 28) -> dt.date:
        last = calendar.monthrange(year, month)[1]
        return workday(dt.date(year, month, min(self.rng.randint(lo, hi), last)))

    def between(self, a: dt.date, b: dt.date) -> dt.date:
        return a if b <= a else a + dt.timedelta(days=self.rng.randint(0, (b - a).days))

    def in_window(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self):
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            yield y, m
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)

    def halves(self):
        """(start, end) of each half-year overlapping the window, clipped to it."""
        for year in range(self.start.year, self.end.year + 1):
            for a, b in ((dt.date(year, 1, 1), dt.date(year, 6, 30)), (dt.date(year, 7, 1), dt.date(year, 12, 31))):
                a, b = max(a, self.start), min(b, self.end)
                if a <= b:
                    yield a, b

    def pool(self, union: Union, on: dt.date, under=None, gender: str = "", retired: bool = False) -> list:
        path = (under or union.org).path
        return [p for p in union.people
                if p.org.path.startswith(path) and (p.hired_on is None or p.hired_on <= on)
                and (p.work_status == "active" or retired and p.work_status == "retired")
                and (not gender or p.gender == gender)]

    def sample(self, pool: list, k: int) -> list:
        return self.rng.sample(pool, max(0, min(k, len(pool))))

    def share(self, pool: list, low: float, high: float, cap: int = 10_000) -> list:
        k = round(len(pool) * self.rng.uniform(low, high))
        return self.sample(pool, min(max(k, min(3, len(pool))), cap))

    def leaders(self, union: Union) -> str:
        chair, vice = union.officer(Title.CHAIR), union.officer(Title.VICE_CHAIR)
        parts = []
        if chair:
            parts.append(f"工会主席{chair.name}")
        if vice:
            parts.append(f"副主席{vice.name}")
        return "、".join(parts) or "工会委员会"

    def add(self, code: str, org, day: dt.date, participants=None, news: tuple | None = None, **values) -> bool:
        if not self.in_window(day):
            return False
        values["date"] = day
        self.plan.append(Planned(code, org, values, participants))
        if news is not None:
            union, headline = news
            union.news.append((day, org, headline))
        return True
