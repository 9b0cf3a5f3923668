import datetime as dt

from django.shortcuts import render
from django.utils import timezone

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.orgs.models import Org
from gonghui.people.selectors import home_summaries
from gonghui.reports.submissions.selectors import task_inbox
from gonghui.web.views.reports import trace_url


def with_members(org: Org, stats: dict, on: dt.date) -> dict:
    """The org's key counts with 会员 read from the registry (`members` on `on`, the reports' definition) and
    the link to the 会籍 rows behind that number."""
    period = parse_period(start=on, end=on)
    return {**stats, "members": compute(org, period, ["members"])["members"],
            "members_url": trace_url("members", org, period)}


def home(request):
    today = timezone.localdate()
    summaries = [(org, with_members(org, stats, today))
                 for org, stats in home_summaries(viewer=request.user, on=today)]
    return render(request, "web/home.html", {"summaries": summaries, "today": today,
                                             "report_tasks": task_inbox(viewer=request.user, today=today)})
