"""What needs doing, from the ledgers: the home page's 待办. Reads only, in the viewer's scope (entry_list).

- 上级交办任务 not completed whose 期限 is past or within TASK_NEAR_DAYS;
- 劳动争议调解 cases still open whose 15-day limit (受理日期 + MEDIATION_DAYS, the same limit the indicator
  `mediation_overdue` counts) is past or within MEDIATION_NEAR_DAYS;
- the org's direct sub-orgs (分会, 小组, or unions under a federation) with no ledger entry in the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gonghui.accounts.scoping import scope_of
from gonghui.core.prepared import Plans, values_rows
from gonghui.ledgers import choices as c
from gonghui.ledgers.kinds import KINDS, get_kind
from gonghui.ledgers.selectors import entry_list
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_children

TASK_NEAR_DAYS = 7
MEDIATION_DAYS = 15
MEDIATION_NEAR_DAYS = 3
LIMIT = 10


@dataclass(frozen=True)
class Todo:
    title: str
    org_name: str
    due: dt.date
    days_left: int  # negative: overdue by that many days
    kind: str  # the entry behind it: web:ledger-detail kind pk
    pk: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


@dataclass
class Todos:
    tasks: list[Todo] = field(default_factory=list)
    mediations: list[Todo] = field(default_factory=list)
    silent_orgs: list[Org] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.tasks or self.mediations or self.silent_orgs)


def _todo(kind_code: str, entry, title: str, due: dt.date, today: dt.date) -> Todo:
    return Todo(title, entry.org.name, due, (due - today).days, kind_code, entry.pk)


def tasks_due(*, viewer, org: Org, today: dt.date) -> list[Todo]:
    qs = entry_list(viewer=viewer, kind=get_kind("task"), org=org).filter(
        completed_on__isnull=True, due_on__lte=today + dt.timedelta(days=TASK_NEAR_DAYS)).order_by("due_on", "id")
    return [_todo("task", e, e.task, e.due_on, today) for e in qs[:LIMIT]]


def mediations_due(*, viewer, org: Org, today: dt.date) -> list[Todo]:
    latest_received = today - dt.timedelta(days=MEDIATION_DAYS - MEDIATION_NEAR_DAYS)
    qs = entry_list(viewer=viewer, kind=get_kind("mediation"), org=org).exclude(
        status__in=c.MEDIATION_CLOSED).filter(date__lte=latest_received).order_by("date", "id")
    return [_todo("mediation", e, f"{e.case_no} {e.applicant}".strip(), e.date + dt.timedelta(days=MEDIATION_DAYS),
                  today) for e in qs[:LIMIT]]


# The 16 queries of silent_orgs, compiled once per viewer scope, org and period (core/prepared.py): their SQL
# depends on nothing else (the subtree and the scope are path conditions), and building 16 QuerySets was half
# of the home page's CPU.
_SILENT_PLANS = Plans()


def silent_orgs(*, viewer, org: Org, start: dt.date, end: dt.date) -> list[Org]:
    """The org's active direct sub-orgs with no entry of any kind dated in [start, end] (one query a kind)."""
    subs = list(org_children(viewer=viewer, org=org).filter(status=Org.Status.ACTIVE))
    if not subs:
        return []
    recorded: set[str] = set()
    scope = scope_of(viewer)  # all that decides the scope's conditions (hashable)
    for kind in KINDS.values():
        rows = values_rows(lambda kind=kind: entry_list(viewer=viewer, kind=kind, org=org, start=start, end=end)
                           .order_by().values("org__path").distinct(),
                           _SILENT_PLANS, (kind.code, org.pk, org.path, start, end, scope))
        recorded.update(row["org__path"] for row in rows)
    return [sub for sub in subs if not any(path.startswith(sub.path) for path in recorded)]


def todos(*, viewer, org: Org, today: dt.date, start: dt.date, end: dt.date) -> Todos:
    """The home page's 待办 of one org's subtree."""
    return Todos(tasks=tasks_due(viewer=viewer, org=org, today=today),
                 mediations=mediations_due(viewer=viewer, org=org, today=today),
                 silent_orgs=silent_orgs(viewer=viewer, org=org, start=start, end=end))
