"""The federation's roll-up (issue #17 §2): its indicators over live unions, received packages and counts-only
entries, and which source each union's numbers came from.

    r = rollup(viewer=, org=FED, period=P)                    # live: as the federation sees its data today
    r = rollup(viewer=, org=FED, period=P, submitted=True)    # frozen numbers only
    r.values -> {code: value}; r.units -> [Unit(target, source, included, values)]

The unions are the targets of the latest task `org` issued for the period (`task_for`); without a task the
live roll-up is plainly `registry.compute` and there is nothing frozen to add up.

Live: a union whose current version came as a package or was entered as counts has its numbers from that
version (it has no live data here; whatever live rows it has are left out); every other union, and whatever
lies in the federation outside the task's unions, is taken live. Submitted (`--submitted`): only frozen
numbers, the current version of each union whose submission stands (已上报 or 已通过), whatever its source;
a union with nothing standing counts for nothing.

Counts and amounts are added up; a rate is never added: it is derived last from the summed numerator and
denominator (`registry.derive_rates`), for the total and for each union. The per-union live values come from
`registry.compute_breakdown` under each union's parent: one grouped query per batch for all of them. A
distinct count (the same recipient may lie in two unions) is taken from the whole live subtree plus the frozen
values, not corrected for a frozen union's live rows.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from gonghui.accounts.scoping import scoped
from gonghui.core.periods import Period
from gonghui.core.scope_guard import unscoped
from gonghui.indicators import registry
from gonghui.orgs.models import Org
from gonghui.reports.submissions.models import ReportTarget, ReportTask, SubmissionSource, TargetState
from gonghui.reports.submissions.snapshot import decode_values

LIVE, SUBMITTED = "live", "submitted"
STANDING = (TargetState.SUBMITTED, TargetState.ACCEPTED)
BASIS_LABELS = {LIVE: "实时数（本系统各单位的当前数据，离线上报包和直接录入的单位用其上报数）",
                SUBMITTED: "上报数（各单位已上报、已通过的冻结数）"}
MSG_NO_TASK = gettext_lazy("“%(org)s”没有布置%(period)s的上报任务，没有上报数可汇总：请先布置上报任务，"
                           "或不加“只用上报数”改看实时数。")


@dataclass
class Unit:
    target: ReportTarget
    source: str  # where its numbers came from: live | package | counts
    included: bool  # counted in the roll-up
    values: dict | None = None  # the numbers used (rates derived), None when not included
    frozen: bool = False  # taken from its current (frozen) version

    @property
    def version(self) -> int | None:
        return self.target.current.version if self.target.current else None

    @property
    def source_label(self) -> str:
        return str(SubmissionSource(self.source).label)

    def as_dict(self) -> dict:
        t = self.target
        return {"org": t.org.code, "name": t.org.name, "state": t.state, "source": self.source,
                "version": self.version, "included": self.included, "frozen": self.frozen}


@dataclass
class Rollup:
    org: Org
    period: Period
    basis: str  # LIVE | SUBMITTED
    task: ReportTask | None
    values: dict
    units: list[Unit] = field(default_factory=list)
    made_at: dt.datetime | None = None

    @property
    def submitted(self) -> bool:
        return self.basis == SUBMITTED

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis]

    def sources(self) -> dict[str, int]:
        """{source: number of unions counted from it}."""
        out = {s: 0 for s in SubmissionSource.values}
        for u in self.units:
            if u.included:
                out[u.source] += 1
        return out

    def unit_rows(self, code: str) -> list[tuple[Unit, object]]:
        """The rows behind one number: each union counted, with its value and source (the drill-down)."""
        return [(u, u.values.get(code)) for u in self.units if u.included and u.values is not None]


def task_for(*, viewer, org: Org, period: Period) -> ReportTask | None:
    """The latest task `org` issued for exactly `period` (within the viewer's sight), or None."""
    return (scoped(ReportTask.objects.select_related("org"), viewer)
            .filter(org=org, period_start=period.start, period_end=period.end).order_by("-deadline", "-pk").first())


def base_codes(codes: list[str]) -> list[str]:
    """The codes to add up: the wanted ones without the rates, plus the numerators and denominators of those."""
    need = [c for c in codes if registry.INDICATORS[c].ratio is None]
    for code in codes:
        ratio = registry.INDICATORS[code].ratio
        for base in (ratio.numerator, ratio.denominator) if ratio else ():
            if base not in need:
                need.append(base)
    return need


def _zero(code: str):
    return Decimal("0.00") if registry.INDICATORS[code].kind == registry.MONEY else 0


def _add(total: dict, values: dict, codes, sign: int = 1) -> None:
    for code in codes:
        v = values.get(code)
        if v is not None:
            have = total.get(code)
            total[code] = (_zero(code) if have is None else have) + (v if sign > 0 else -v)


def _frozen(target: ReportTarget, codes) -> dict:
    got = decode_values(target.current.values)
    return {c: got[c] for c in codes if c in got and c in registry.INDICATORS}


def _targets(task: ReportTask) -> list[ReportTarget]:
    with unscoped("the targets of a task read through the viewer's scope"):
        return list(task.targets.select_related("org", "current").order_by("org__path"))


def _live_parts(viewer, period: Period, orgs: list[Org], codes: list[str]) -> dict[int, dict]:
    """{org pk: live values} of unions anywhere below the federation, from one compute_breakdown per parent."""
    by_parent: dict[str, list[Org]] = {}
    for o in orgs:
        by_parent.setdefault(o.path[:-Org.steplen], []).append(o)
    parents = {p.path: p for p in scoped(Org.objects.filter(path__in=list(by_parent)), viewer)}
    out: dict[int, dict] = {}
    for path, kids in by_parent.items():
        if path not in parents:
            continue
        parts = registry.compute_breakdown(parents[path], period, codes, children=kids)
        for kid in kids:
            out[kid.pk] = parts[kid.pk]
    return out


def rollup(*, viewer, org: Org, period: Period, submitted: bool = False, codes: list[str] | None = None,
           task: ReportTask | None = None) -> Rollup:
    """The federation's numbers for `period` (see the module's docstring). `org` was read through the viewer's
    scope; `codes` narrows the indicators (default: all)."""
    from django.utils import timezone

    wanted = list(codes or registry.INDICATORS)
    need = base_codes(wanted)
    task = task or task_for(viewer=viewer, org=org, period=period)
    now = timezone.now()
    if task is None:
        if submitted:
            raise ValidationError(MSG_NO_TASK % {"org": org.name, "period": period.label})
        return Rollup(org, period, LIVE, None, registry.compute(org, period, wanted), [], now)
    targets = _targets(task)
    units: list[Unit] = []
    total: dict = {}
    if submitted:
        for t in targets:
            ok = t.current is not None and t.state in STANDING
            values = _frozen(t, need) if ok else None
            if ok:
                _add(total, values, need)
            units.append(Unit(t, t.current.source if t.current else SubmissionSource.LIVE, ok,
                              registry.derive_rates(_filled(values, need), wanted) if ok else None, ok))
    else:
        live_whole = registry.compute(org, period, need)
        additive = [c for c in need if registry.INDICATORS[c].additive]
        parts = _live_parts(viewer, period, [t.org for t in targets], need)
        total = dict(live_whole)
        for t in targets:
            live = parts.get(t.org.pk)
            if t.current is not None and t.current.source != SubmissionSource.LIVE:
                values = _frozen(t, need)
                if live is not None:
                    _add(total, live, additive, -1)
                _add(total, values, need)
                units.append(Unit(t, t.current.source, True, registry.derive_rates(_filled(values, need), wanted),
                                  True))
            else:
                units.append(Unit(t, SubmissionSource.LIVE, live is not None,
                                  registry.derive_rates(live, wanted) if live is not None else None))
    return Rollup(org, period, SUBMITTED if submitted else LIVE, task,
                  registry.derive_rates(_filled(total, need), wanted), units, now)


def _filled(values: dict, codes) -> dict:
    """Every base code with a value: a count or amount nobody gave adds up to 0."""
    return _zeros(tuple(codes)) | {c: v for c, v in values.items() if v is not None}


@functools.lru_cache(maxsize=8)
def _zeros(codes: tuple[str, ...]) -> dict:
    return {c: _zero(c) for c in codes}
