"""Report jobs: a limit per user, the same request answered by the job already at it, files kept a while."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.jobs import job_update
from gonghui.core.models import Job
from gonghui.core.periods import parse_period
from gonghui.reports.jobs import report_files_expire, report_job_file, report_job_start, run_report_job

pytestmark = pytest.mark.django_db

H1, H2 = parse_period("2026H1"), parse_period("2026H2")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_returns_the_running_job_for_the_same_request(cast):
    first = report_job_start(actor=cast.viewer_fed, kind="summary", org=cast.fed, period=H1)
    again = report_job_start(actor=cast.viewer_fed, kind="summary", org=cast.fed, period=H1)
    assert again.pk == first.pk
    other = report_job_start(actor=cast.viewer_fed, kind="summary", org=cast.fed, period=H1, builtin=True)
    assert other.pk != first.pk  # another option is another request
    # Someone else asking for the same gets their own job.
    assert report_job_start(actor=cast.root, kind="summary", org=cast.fed, period=H1).pk != first.pk


def test_it_refuses_more_than_the_limit_per_user_in_chinese(cast, settings):
    settings.GONGHUI_REPORT_JOBS_PER_USER = 2
    report_job_start(actor=cast.viewer_fed, kind="summary", org=cast.fed, period=H1)
    second = report_job_start(actor=cast.viewer_fed, kind="tables", org=cast.fed, period=H1)
    with pytest.raises(ValidationError) as exc:
        report_job_start(actor=cast.viewer_fed, kind="summary", org=cast.fed, period=H2)
    assert "正在生成" in exc.value.messages[0]
    assert Job.objects.filter(created_by=cast.viewer_fed).count() == 2
    # A finished job frees its place; another user has their own places.
    run_report_job(second)
    report_job_start(actor=cast.viewer_fed, kind="summary", org=cast.fed, period=H2)
    report_job_start(actor=cast.chair_a, kind="summary", org=cast.ua, period=H1)


def test_it_ignores_a_job_lost_long_ago(cast, settings):
    settings.GONGHUI_REPORT_JOBS_PER_USER = 1
    lost = report_job_start(actor=cast.viewer_fed, kind="summary", org=cast.fed, period=H1)
    Job.objects.filter(pk=lost.pk).update(created_at=timezone.now() - dt.timedelta(days=1))
    assert report_job_start(actor=cast.viewer_fed, kind="summary", org=cast.fed, period=H1).pk != lost.pk


def test_it_deletes_files_past_the_retention_and_keeps_the_row(cast, settings):
    settings.GONGHUI_REPORT_KEEP_DAYS = 7
    old = report_job_start(actor=cast.viewer_fed, kind="tables", org=cast.fed, period=H1, run_now=True)
    fresh = report_job_start(actor=cast.viewer_fed, kind="tables", org=cast.fed, period=H2, run_now=True)
    old_path = report_job_file(old)
    assert old_path is not None and report_job_file(fresh) is not None
    job_update(old, finished_at=timezone.now() - dt.timedelta(days=8))
    # The cleanup runs when a job starts.
    report_job_start(actor=cast.viewer_fed, kind="summary", org=cast.fed, period=H1)
    old.refresh_from_db()
    assert not old_path.exists() and report_job_file(old) is None
    assert old.result["expired"] is True and old.status == Job.Status.DONE
    assert report_job_file(fresh) is not None
    assert report_files_expire() == 0


def test_it_deletes_old_files_no_job_points_to(cast, tmp_path):
    from gonghui.reports.jobs import report_folder

    stray = report_folder() / "stray.docx"
    stray.write_bytes(b"x")
    assert report_files_expire() == 0 and stray.exists()
    assert report_files_expire(now=timezone.now() + dt.timedelta(days=8)) == 1 and not stray.exists()
