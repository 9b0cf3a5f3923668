"""The dashboard's charts, by name: `trend-<code>` (one per TREND_CODES) and `breakdown-<code>` (one per
BREAKDOWN_CODES). The page draws them inline; the download view asks for one by name and computes only
what that chart needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import Period
from gonghui.orgs.models import Org, OrgKind
from gonghui.reports import charts
from gonghui.reports.tables.data import Breakdown, Calc

from . import data as d


@dataclass
class Chart:
    name: str  # trend-meetings, breakdown-members …
    title: str  # for the page's heading
    svg: str


def _subtitle(org: Org, period: Period) -> str:
    return f"{org.name} · {period.label}"


def trend_chart(trend: d.Trend, org: Org, period: Period) -> Chart:
    name = f"trend-{trend.code}"
    step = "逐季" if any(p.end.month - p.start.month >= 2 for p in trend.periods) else "逐月"
    what = f"{trend.name}{step}"
    sub = _subtitle(org, period)
    fmt = lambda v: d.fmt_bare(trend.code, v)
    if trend.chart == "line":
        series = [("本期", trend.values)]
        if trend.last_year:
            series.append(("上年同期", trend.last_year))
        svg = charts.line_chart(what, trend.labels, series, subtitle=sub, unit=trend.unit, fmt=fmt, uid=name)
    else:
        svg = charts.bar_chart(what, trend.labels, trend.values, subtitle=sub, unit=trend.unit, fmt=fmt, uid=name)
    return Chart(name, what, svg)


def breakdown_rows(bd: Breakdown, code: str) -> list[tuple[str, object]]:
    """(label, value) per part, largest first, 本级 last."""
    kids = sorted(((p.label, p.values.get(code)) for p in bd.children), key=lambda r: -(r[1] or 0))
    own = bd.own
    return kids + ([(own.label, own.values.get(code))] if own is not None else [])


def breakdown_chart(bd: Breakdown, code: str, org: Org, period: Period) -> Chart:
    name = f"breakdown-{code}"
    ind = d.indicator_of(code)
    what = f"{ind.name}（按{d.child_word(org)}）"
    rows = breakdown_rows(bd, code)
    svg = charts.hbar_chart(what, [r[0] for r in rows], [r[1] for r in rows], subtitle=_subtitle(org, period),
                            unit=ind.unit, fmt=lambda v: d.fmt_bare(code, v), uid=name)
    return Chart(name, what, svg)


def page_charts(dash: d.Dashboard) -> tuple[list[Chart], list[Chart]]:
    trends = [trend_chart(t, dash.org, dash.period) for t in dash.trends]
    parts = []
    if dash.breakdown is not None and dash.breakdown.parts:
        parts = [breakdown_chart(dash.breakdown, c, dash.org, dash.period) for c in d.BREAKDOWN_CODES]
    return trends, parts


CHART_NAMES = tuple(f"trend-{c}" for c, _ in d.TREND_CODES) + tuple(f"breakdown-{c}" for c in d.BREAKDOWN_CODES)


def chart_by_name(name: str, org: Org, period: Period, *, viewer=SYSTEM, today: dt.date | None = None) -> Chart:
    """One chart, computing only its own numbers. KeyError for an unknown name (or a breakdown of an org
    without children to break down into)."""
    calc = Calc()
    kind, _, code = name.partition("-")
    if kind == "trend":
        spec = dict(d.TREND_CODES)
        if code not in spec:
            raise KeyError(name)
        trend = d.monthly_trends(calc, org, period, today=today, codes=((code, spec[code]),))[0]
        return trend_chart(trend, org, period)
    if kind == "breakdown" and code in d.BREAKDOWN_CODES:
        if org.kind not in (OrgKind.FEDERATION, OrgKind.UNION):
            raise KeyError(name)
        bd = d.child_breakdown(calc, org, period, viewer=viewer, codes=(code,))
        if not bd.parts:
            raise KeyError(name)
        return breakdown_chart(bd, code, org, period)
    raise KeyError(name)
