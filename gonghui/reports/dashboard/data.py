"""The numbers of the dashboard (数据看板), all read from `registry.compute` — nothing is counted here.

- key numbers: this period's value of each KEY code, last year's same period, and the change (this − last);
  the change is shown only where last year has data (a non-zero value), as the work summary does;
- monthly trends: the months of the period for a handful of codes, from registry.compute_slices (a flow is
  one query for all the months; months not yet begun are left out: a stock like 会员人数 "at the end of next
  month" would only repeat today's);
- the breakdown per child org (the unions of a federation, the branches of a union; the rest as 本级, so the
  parts add up to the whole for count codes) — reports.tables.data.breakdown, the same parts as the tables,
  the children's values and the org's from registry.compute_with_breakdown (grouped queries, all children at
  once, fetched first for the cards, the breakdown and the silent orgs together);
- silent orgs: the children with nothing recorded in the period, judged on the same activity codes as the
  tables workbook's notice (reports.tables.spec.ACTIVITY_CODES), so the two never disagree.

One `Calc` (registry values cached per org and period) serves a whole page, so a value is computed once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import Period
from gonghui.indicators.formatting import (
    fmt_count,
    format_change,
    format_value,
)
from gonghui.indicators.registry import COUNT, INDICATORS, RATE
from gonghui.orgs.models import Org, OrgKind
from gonghui.reports.tables.data import Breakdown, Calc, breakdown, month_slices, part_orgs, quarter_slices
from gonghui.reports.tables.spec import ACTIVITY_CODES

# The cards, in the order an officer reads them; the first one depends on the org's kind.
KIND_FIRST = {OrgKind.FEDERATION: "unions", OrgKind.UNION: "branches"}
KEY_CODES = (
    "workers", "members", "membership_rate", "members_joined", "meetings", "study_sessions",
    "study_person_times", "culture_events", "culture_person_times", "suggestions_collected", "aid_households",
    "aid_amount", "mediation_received", "articles", "honours", "women_activities",
)
# Monthly trends: (code, chart). Stocks and money as lines (with last year's months dashed), flows as bars.
TREND_CODES = (
    ("members", "line"), ("meetings", "bar"), ("study_person_times", "bar"),
    ("culture_person_times", "bar"), ("aid_amount", "line"), ("articles", "bar"),
)
BREAKDOWN_CODES = ("members", "meetings", "study_person_times", "culture_person_times", "aid_amount", "articles")
SILENT_CODES = ACTIVITY_CODES
MAX_MONTHS = 24  # a longer from/to period is drawn by quarter


def indicator_of(code):
    return INDICATORS[code]


def fmt_value(code: str, value) -> str:
    """A value as officials write it, with its unit (1728人, 12.6万元, 93.2%); None (入会率 without 职工) is —."""
    return format_value(indicator_of(code), value)


def fmt_bare(code: str, value) -> str:
    """A value for a chart label, where the unit is on the axis: 1728, 12.6万元 (money keeps its unit), 93.2%."""
    ind = indicator_of(code)
    if value is None:
        return "—"
    if ind.kind == COUNT:
        return fmt_count(value)
    return fmt_value(code, value)


def fmt_change(code: str, diff) -> str:
    """The size of a change, without sign: 12人, 1.5万元, 2.3个百分点."""
    return format_change(indicator_of(code), diff)


@dataclass
class Card:
    code: str
    name: str
    value: object
    last: object  # the same period last year
    change: object | None  # value − last, None when last year has no data

    @property
    def text(self) -> str:
        return fmt_value(self.code, self.value)

    @property
    def direction(self) -> str:
        """"up", "down", "same" or "" (no comparison)."""
        if self.change is None:
            return ""
        return "up" if self.change > 0 else "down" if self.change < 0 else "same"

    @property
    def change_text(self) -> str:
        if self.change is None:
            return ""
        if not self.change:
            return "持平"
        word = {"up": "↑", "down": "↓"}[self.direction]
        return f"{word} {fmt_change(self.code, self.change)}"

    @property
    def last_text(self) -> str:
        return fmt_value(self.code, self.last)


@dataclass
class Trend:
    code: str
    name: str
    unit: str
    chart: str  # "bar" or "line"
    labels: list[str]
    periods: list[Period]
    values: list
    last_year: list | None = None  # the same months a year before (line charts), None when all zero


@dataclass
class Dashboard:
    org: Org
    period: Period
    last_period: Period
    cards: list[Card] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)
    breakdown: Breakdown | None = None
    silent: list[Org] = field(default_factory=list)
    children_checked: int = 0  # how many children were looked at for silence

    @property
    def child_word(self) -> str:
        return child_word(self.org)


def child_word(org: Org) -> str:
    return "基层工会" if org.kind == OrgKind.FEDERATION else "分会"


def key_codes(org: Org) -> list[str]:
    first = KIND_FIRST.get(org.kind)
    return ([first] if first else []) + list(KEY_CODES)


def _change(code, now, before):
    if not before:  # last year has no data
        return None
    if indicator_of(code).kind == RATE:
        return Decimal(now or 0) - Decimal(before)
    return now - before


def key_numbers(calc: Calc, org: Org, period: Period) -> list[Card]:
    codes = key_codes(org)
    now = calc.get(org, period, codes)
    before = calc.get(org, period.same_period_last_year(), codes)
    return [Card(c, indicator_of(c).name, now[c], before[c], _change(c, now[c], before[c])) for c in codes]


def month_periods(period: Period, today: dt.date | None = None) -> list[tuple[str, Period]]:
    """The months of the period (quarters for a period over MAX_MONTHS months) that have begun by `today`."""
    cuts = month_slices(period)
    if len(cuts) > MAX_MONTHS:
        cuts = quarter_slices(period)
    if today is not None:
        cuts = [(label, p) for label, p in cuts if p.start <= today]
    return cuts


def monthly_trends(calc: Calc, org: Org, period: Period, *, today: dt.date | None = None,
                   codes=TREND_CODES) -> list[Trend]:
    cuts = month_periods(period, today)
    labels = [label for label, _ in cuts]
    periods = [p for _, p in cuts]
    now = calc.slices(org, periods, [code for code, _ in codes])
    before = calc.slices(org, [p.same_period_last_year() for p in periods],
                         [code for code, chart in codes if chart == "line"])
    out = []
    for code, chart in codes:
        ind = indicator_of(code)
        values = [v[code] for v in now]
        last = None
        if chart == "line":
            last = [v[code] for v in before]
            if not any(last):
                last = None
        out.append(Trend(code, ind.name, ind.unit, chart, labels, periods, values, last))
    return out


def child_breakdown(calc: Calc, org: Org, period: Period, *, viewer=SYSTEM, codes=BREAKDOWN_CODES) -> Breakdown:
    """One part per child (unions of a federation, branches of a union) and 本级 (the rest) where it has
    anything; the parts of a count code add up to the org's value."""
    return breakdown(org, period, lambda o: calc.get(o, period, list(codes)), viewer,
                     prefetch=lambda kids: calc.prefetch(org, period, list(codes), kids))


def silent_orgs(calc: Calc, org: Org, period: Period, children: list[Org]) -> list[Org]:
    """The children with every activity code zero in the period, the codes computed for all the children at
    once (Calc.prefetch: grouped queries, as many as for one child)."""
    calc.prefetch(org, period, SILENT_CODES, children)
    silent = []
    for child in children:
        if not any(calc.get(child, period, [code])[code] for code in SILENT_CODES):
            silent.append(child)
    return silent


def dashboard_data(org: Org, period: Period, *, viewer=SYSTEM, today: dt.date | None = None,
                   calc: Calc | None = None) -> Dashboard:
    calc = calc or Calc()
    d = Dashboard(org, period, period.same_period_last_year())
    if org.kind in (OrgKind.FEDERATION, OrgKind.UNION):
        codes = key_codes(org) + list(BREAKDOWN_CODES) + list(SILENT_CODES)
        calc.prefetch(org, period, codes, part_orgs(org, period, viewer))
    d.cards = key_numbers(calc, org, period)
    d.trends = monthly_trends(calc, org, period, today=today)
    if org.kind in (OrgKind.FEDERATION, OrgKind.UNION):
        d.breakdown = child_breakdown(calc, org, period, viewer=viewer)
        children = [p.org for p in d.breakdown.children]
        d.children_checked = len(children)
        d.silent = silent_orgs(calc, org, period, children)
    return d
