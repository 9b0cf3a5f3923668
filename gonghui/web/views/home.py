"""The home page: work first. For each top-most org the viewer reads: 待办 (tasks near or past their 期限,
mediation cases near their 15 days, sub-orgs with no record this half-year), buttons to record the common
kinds, and the key counts — 职工人数 and 会员人数 read from the indicator registry, the reports' definition,
so the home page and the reports never disagree."""

import datetime as dt

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.scoping import home_org_paths
from gonghui.core.periods import current_half, parse_period
from gonghui.indicators.registry import compute
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.rights import can_write_ledgers
from gonghui.ledgers.selectors import ledger_write_orgs
from gonghui.ledgers.todos import todos
from gonghui.orgs.models import Org
from gonghui.people.selectors import home_summaries
from gonghui.reports.submissions.selectors import task_inbox
from gonghui.web.views.reports import trace_url

# The kinds an officer records most, in the order of the buttons.
COMMON_KINDS = ("meeting", "study", "culture", "aid", "women", "publicity")


def with_registry_counts(org: Org, stats: dict, on: dt.date) -> dict:
    """The org's key counts with 职工人数 (`workers`) and 会员 (`members`) read from the registry on `on`, and
    the links to the people behind those numbers."""
    period = parse_period(start=on, end=on)
    values = compute(org, period, ["workers", "members"])
    return {**stats, "people_active": values["workers"], "people_url": trace_url("workers", org, period),
            "members": values["members"], "members_url": trace_url("members", org, period)}


def record_buttons(viewer, org: Org) -> list[dict]:
    """[{label, url}] of the common kinds the viewer may record: none for read-only roles."""
    if can_write_ledgers(viewer, org):
        suffix = f"?org={org.pk}"
    elif ledger_write_orgs(viewer=viewer).filter(path__startswith=org.path).exists():
        suffix = ""  # a 小组长: the form offers their own group
    else:
        return []
    return [{"label": get_kind(code).label, "url": reverse("web:ledger-create", args=[code]) + suffix}
            for code in COMMON_KINDS]


def home(request):
    viewer = request.user
    if viewer.person_id and not viewer.is_superuser and not home_org_paths(viewer):
        return redirect("me:home")  # a member with no org to read: their own pages
    today = timezone.localdate()
    half = parse_period(current_half(today))
    cards = []
    for org, stats in home_summaries(viewer=viewer, on=today):
        cards.append({"org": org, "stats": with_registry_counts(org, stats, today),
                      "todos": todos(viewer=viewer, org=org, today=today, start=half.start, end=half.end),
                      "buttons": record_buttons(viewer, org)})
    return render(request, "web/home.html", {"cards": cards, "today": today, "half": half,
                                             "summaries": [(c["org"], c["stats"]) for c in cards],
                                             "report_tasks": task_inbox(viewer=viewer, today=today)})
