from django.shortcuts import render
from django.utils import timezone

from gonghui.people.selectors import home_summaries


def home(request):
    summaries = home_summaries(viewer=request.user, on=timezone.localdate())
    return render(request, "web/home.html", {"summaries": summaries, "today": timezone.localdate()})
