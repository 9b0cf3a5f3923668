"""What lies behind a number: the drill-down from any indicator value to its entries or people.

    trace = trace_entries(viewer=user, code="meetings", org=org, period=period)
    trace.items        # a queryset: ledger entries, people, 会籍 events, orgs or positions, in the viewer's scope
    len(trace)         # for a count indicator: equals registry.compute(org, period)[code]
    trace.total()      # the number the items add up to (the count, or the sum of `sum_field`)

Each indicator's filter is written here once more, next to the registry's definition it mirrors (the same
dates: in the period, in force at period end, or overlapping it; the same status, category, awards or
overdue conditions). `gonghui/reports/tests/test_trace.py` proves, for every indicator of the registry on a
data set with the edges, that what is listed here adds up to the registry's value: a filter that drifts from
its definition fails there. Ledger entries are read through `ledgers.selectors.entry_list` (the list pages'
selector), people through `people.selectors.person_list`/`members_at`, orgs through `orgs.selectors.org_list`.

Everything is read in the viewer's scope. A viewer who can read the org reads its whole subtree, so for
them the list is complete; a narrower viewer (or a person moved out of the subtree since) sees fewer rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DateField, ExpressionWrapper, F, Q, QuerySet, Sum

from gonghui.accounts.scoping import scoped
from gonghui.core.periods import Period
from gonghui.indicators.registry import INDICATORS, MONEY, Indicator, all_indicators
from gonghui.ledgers import choices as c
from gonghui.ledgers.kinds import KINDS, PERSON, PERSON_OR_ORG, TEXT, Kind
from gonghui.ledgers.selectors import entry_list
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_list, orgs_in_force_q
from gonghui.people.models import MembershipEvent, Position
from gonghui.people.selectors import PersonFilters, members_at, membership_events_between, person_list

K = MembershipEvent.Kind

# What the items of a trace are.
ENTRIES, PEOPLE, MEMBERS, EVENTS, ORGS, POSITIONS = "entries", "people", "members", "events", "orgs", "positions"


class NotTraceable(LookupError):
    """The indicator has nothing to list by itself (入会率 is members ÷ workers: trace those two)."""


@dataclass
class Trace:
    indicator: Indicator
    subject: str  # ENTRIES, PEOPLE, MEMBERS (会籍 in force), EVENTS (会籍 events), ORGS or POSITIONS
    items: QuerySet
    kind: Kind | None = None  # the ledger kind, for ENTRIES
    sum_field: str = ""  # the value is the sum of this field over the items (人次, 金额, 覆盖职工数)
    ledger_status: str = ""  # the ledger list page shows the same entries with this status filter
    ledger_list: bool = False  # the ledger list page (org + period [+ status]) shows exactly these entries

    def __len__(self) -> int:
        return self.items.count()

    def total(self):
        """What the items add up to: their number, or the sum of `sum_field` (Decimal for money)."""
        if not self.sum_field:
            return len(self)
        total = self.items.order_by().aggregate(total=Sum(self.sum_field))["total"]
        if self.indicator.kind == MONEY:
            return Decimal(total or 0).quantize(Decimal("0.01"))
        return int(total or 0)


Builder = Callable[[object, Org, Period, str], Trace]
TRACES: dict[str, Builder] = {}


def _traced(*codes: str):
    def wrap(fn):
        for code in codes:
            TRACES[code] = fn
        return fn

    return wrap


def trace_entries(*, viewer, code: str, org: Org, period: Period) -> Trace:
    """The entries (or people, orgs, positions) behind indicator `code` for the org's subtree and the period,
    in the viewer's scope. KeyError for an unknown code; NotTraceable for 入会率."""
    if code not in INDICATORS:
        all_indicators()  # registers the definitions
    if code not in INDICATORS:
        raise KeyError(code)
    if code not in TRACES:
        raise NotTraceable(code)
    if viewer is None:
        from gonghui.reports.summary.content import system_viewer

        viewer = system_viewer()
    return TRACES[code](viewer, org, period, code)


def traceable(code: str) -> bool:
    return code in TRACES


# --- people and membership -------------------------------------------------------------------------------

def _ind(code: str) -> Indicator:
    return INDICATORS[code]


@_traced("workers", "workers_female", "workers_dispatched")
def _workers(viewer, org, period, code):
    qs = person_list(viewer=viewer, filters=PersonFilters(org=org, work_status="active")).filter(
        Q(hired_on__isnull=True) | Q(hired_on__lte=period.end))
    if code == "workers_female":
        qs = qs.filter(gender="F")
    elif code == "workers_dispatched":
        qs = qs.filter(employment_type="dispatched")
    return Trace(_ind(code), PEOPLE, qs)


def _membership(viewer, qs: QuerySet) -> QuerySet:
    return scoped(qs.select_related("person", "person__org", "org"), viewer).order_by("person__name_pinyin", "id")


@_traced("members", "members_female", "members_migrant", "members_dispatched")
def _members(viewer, org, period, code):
    qs = members_at(org, period.end)
    extra = {"members_female": {"person__gender": "F"}, "members_migrant": {"person__is_migrant_worker": True},
             "members_dispatched": {"person__employment_type": "dispatched"}}.get(code, {})
    return Trace(_ind(code), MEMBERS, _membership(viewer, qs.filter(**extra)))


@_traced("members_retained")
def _retained(viewer, org, period, code):
    on = period.end
    qs = membership_events_between(org, [K.RETAIN], dt.date.min, on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=on))
    return Trace(_ind(code), MEMBERS, _membership(viewer, qs))


EVENT_KINDS = {"members_joined": [K.JOIN], "members_transferred_in": [K.TRANSFER_IN],
               "members_transferred_out": [K.TRANSFER_OUT], "members_left": [K.LEAVE, K.EXPEL]}


@_traced(*EVENT_KINDS)
def _events(viewer, org, period, code):
    qs = membership_events_between(org, EVENT_KINDS[code], period.start, period.end)
    return Trace(_ind(code), EVENTS, _membership(viewer, qs).order_by("date", "id"))


# --- organisation ------------------------------------------------------------------------------------------

@_traced("branches", "groups", "unions")
def _orgs(viewer, org, period, code):
    kind = {"branches": "branch", "groups": "group", "unions": "union"}[code]
    qs = org_list(viewer=viewer, under=org, kind=kind).filter(orgs_in_force_q(period.end))
    return Trace(_ind(code), ORGS, qs)


@_traced("group_leaders", "safety_monitors")
def _positions(viewer, org, period, code):
    title = {"group_leaders": Position.Title.GROUP_LEADER, "safety_monitors": Position.Title.SAFETY_MONITOR}[code]
    qs = Position.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=period.end),
        org__path__startswith=org.path, title=title, start_on__lte=period.end,
    ).select_related("person", "org")
    return Trace(_ind(code), POSITIONS, scoped(qs, viewer).order_by("org__path", "person__name_pinyin", "id"))


# --- ledgers -----------------------------------------------------------------------------------------------

def _in_period(viewer, code_kind: str, org, period) -> QuerySet:
    return entry_list(viewer=viewer, kind=KINDS[code_kind], org=org, start=period.start, end=period.end)


def _entries(code, kind_code, qs, *, sum_field="", status="", plain=False) -> Trace:
    return Trace(_ind(code), ENTRIES, qs, kind=KINDS[kind_code], sum_field=sum_field, ledger_status=status,
                 ledger_list=plain)


# In the period, every entry of the kind: the ledger list page with org + period shows the same.
PLAIN = {"meetings": "meeting", "study_sessions": "study", "culture_events": "culture", "honours": "honour",
         "mediation_received": "mediation", "articles": "publicity", "openness_events": "openness",
         "proposals_received": "proposal", "tasks_assigned": "task", "women_activities": "women"}
SUMS = {"study_person_times": ("study", "person_times"), "culture_person_times": ("culture", "person_times"),
        "aid_person_times": ("aid", "person_times"), "aid_amount": ("aid", "amount"),
        "aid_goods_value": ("aid", "goods_value")}


@_traced(*PLAIN)
def _plain(viewer, org, period, code):
    kind = PLAIN[code]
    return _entries(code, kind, _in_period(viewer, kind, org, period), plain=True)


@_traced(*SUMS)
def _sums(viewer, org, period, code):
    kind, field = SUMS[code]
    return _entries(code, kind, _in_period(viewer, kind, org, period), sum_field=field, plain=True)


@_traced("culture_awards")
def _culture_awards(viewer, org, period, code):
    return _entries(code, "culture", _in_period(viewer, "culture", org, period).exclude(awards=""))


@_traced("rules")
def _rules(viewer, org, period, code):
    qs = entry_list(viewer=viewer, kind=KINDS["rule"], org=org, end=period.end)
    return _entries(code, "rule", qs.filter(Q(repealed_on__isnull=True) | Q(repealed_on__gte=period.end)))


@_traced("hardship_files")
def _hardship(viewer, org, period, code):
    qs = entry_list(viewer=viewer, kind=KINDS["hardship"], org=org, end=period.end)
    qs = qs.filter(Q(resolved_on__isnull=True) | Q(resolved_on__gte=period.end)).select_related("person")
    return _entries(code, "hardship", qs)


@_traced("contract_workers_covered", "contract_workers_covered_general")
def _contracts(viewer, org, period, code):
    qs = entry_list(viewer=viewer, kind=KINDS["contract"], org=org).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=period.end), start_on__lte=period.end)
    if code == "contract_workers_covered_general":
        qs = qs.filter(contract_type=c.ContractType.GENERAL)
    return _entries(code, "contract", qs, sum_field="workers_covered")


@_traced("competitions", "competition_rewards", "competitions_ankang")
def _competitions(viewer, org, period, code):
    qs = entry_list(viewer=viewer, kind=KINDS["competition"], org=org, end=period.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start))
    if code == "competitions_ankang":
        qs = qs.filter(competition_type=c.CompetitionType.ANKANG)
    return _entries(code, "competition", qs, sum_field="reward_amount" if code == "competition_rewards" else "")


COLLECTED = [c.SuggestionCategory.GOLDEN_IDEA, c.SuggestionCategory.RATIONALISATION]
SUGGESTION_STATUS = {
    "suggestions_adopted": [c.SuggestionStatus.ADOPTED, c.SuggestionStatus.IN_PROGRESS,
                            c.SuggestionStatus.IMPLEMENTED],
    "suggestions_implemented": [c.SuggestionStatus.IMPLEMENTED],
    "suggestions_in_progress": [c.SuggestionStatus.IN_PROGRESS],
    "suggestions_to_decision": [c.SuggestionStatus.TO_DECISION],
}


@_traced("suggestions_collected", "suggestions_value", *SUGGESTION_STATUS)
def _suggestions(viewer, org, period, code):
    qs = _in_period(viewer, "suggestion", org, period).filter(category__in=COLLECTED)
    if code in SUGGESTION_STATUS:
        qs = qs.filter(status__in=SUGGESTION_STATUS[code])
    return _entries(code, "suggestion", qs, sum_field="economic_value" if code == "suggestions_value" else "")


@_traced("innovations", "innovations_value")
def _innovations(viewer, org, period, code):
    qs = _in_period(viewer, "suggestion", org, period).filter(category=c.SuggestionCategory.INNOVATION)
    return _entries(code, "suggestion", qs, sum_field="economic_value" if code == "innovations_value" else "")


@_traced("aid_households")
def _aid_households(viewer, org, period, code):
    """Distinct recipients: the people, each once (their aid entries are on the 帮扶人次 trace)."""
    recipients = _in_period(viewer, "aid", org, period).order_by().values("recipient_id")
    return Trace(_ind(code), PEOPLE, person_list(viewer=viewer).filter(pk__in=recipients))


OVERDUE_DAYS = 15


@_traced("mediation_succeeded", "mediation_overdue")
def _mediation(viewer, org, period, code):
    qs = _in_period(viewer, "mediation", org, period)
    if code == "mediation_succeeded":
        return _entries(code, "mediation", qs.filter(status=c.MediationStatus.SUCCEEDED),
                        status=c.MediationStatus.SUCCEEDED, plain=True)
    deadline = ExpressionWrapper(F("date") + dt.timedelta(days=OVERDUE_DAYS), output_field=DateField())
    qs = qs.annotate(deadline=deadline).filter(
        Q(closed_on__isnull=False, closed_on__gt=F("deadline"))
        | Q(closed_on__isnull=True, deadline__lt=period.end))
    return _entries(code, "mediation", qs)


@_traced("proposals_closed")
def _proposals_closed(viewer, org, period, code):
    qs = _in_period(viewer, "proposal", org, period).filter(status=c.ProposalStatus.CLOSED)
    return _entries(code, "proposal", qs, status=c.ProposalStatus.CLOSED, plain=True)


@_traced("tasks_on_time")
def _tasks_on_time(viewer, org, period, code):
    qs = _in_period(viewer, "task", org, period).filter(completed_on__isnull=False, completed_on__lte=F("due_on"))
    return _entries(code, "task", qs)


# --- labels shared by the page and the API ---------------------------------------------------------------

def entry_label(kind: Kind, entry) -> str:
    """A short name of an entry: its required naming columns (会议名称, 主题, 受助人 …), else the kind."""
    parts = []
    for col in kind.columns:
        if not col.required or col.type not in (TEXT, PERSON, PERSON_OR_ORG):
            continue
        if col.type == PERSON:
            target = getattr(entry, col.field)
            parts.append(target.name if target else "")
        elif col.type == PERSON_OR_ORG:
            target = entry.recipient_person or entry.recipient_org
            parts.append(target.name if target else "")
        else:
            parts.append(str(getattr(entry, col.field) or ""))
        if len(parts) == 2:
            break
    return " · ".join(p for p in parts if p) or kind.label


__all__ = [
    "ENTRIES",
    "EVENTS",
    "MEMBERS",
    "ORGS",
    "PEOPLE",
    "POSITIONS",
    "TRACES",
    "NotTraceable",
    "Trace",
    "entry_label",
    "trace_entries",
    "traceable",
]
