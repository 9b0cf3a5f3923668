"""Roster imports as background jobs: the Job row the page and the API poll."""

import datetime as dt

from django.test import override_settings

from gonghui.core.jobs import JobProgress, job_create
from gonghui.core.models import Job
from gonghui.people.models import Person
from gonghui.people.roster.jobs import roster_import_job_start, roster_job_get
from gonghui.people.tests.roster_files import person_row, write_xlsx

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_job_runs_the_import_and_keeps_the_result(cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(i, join=dt.date(2020, 1, 5)) for i in range(1, 4)])
    preview = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), file_name="花名册.xlsx",
                                      dry_run=True, run_now=True)
    assert preview.status == Job.Status.DONE and preview.result["created"] == 3 and preview.result["dry_run"]
    assert Person.objects.filter(name__startswith="测试").count() == 0
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), run_now=True)
    assert job.status == Job.Status.DONE and job.percent == 100
    assert job.result["created"] == 3 and "新增 3 人" in job.message
    assert job.org_path == cast.ua.path and job.created_by == cast.chair_a and job.finished_at
    assert Person.objects.filter(name__startswith="测试").count() == 3
    assert job.result["errors_file"] == ""


def test_a_job_with_refused_rows_leaves_an_errors_workbook(cast, tmp_path):
    from python_calamine import CalamineWorkbook

    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1), person_row(2, 手机号码="1380013")])
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), run_now=True)
    assert job.result["refused"] == 1 and job.result["refusals"][0]["row"] == 3
    rows = list(CalamineWorkbook.from_path(job.result["errors_file"]).get_sheet_by_index(0).iter_rows())
    assert rows[0][-1] == "错误原因" and rows[1][1] == "测试2"


def test_a_job_on_an_unreadable_file_fails_with_the_reason(cast, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"\x00\x01 not a workbook")
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), run_now=True)
    assert job.status == Job.Status.FAILED and "bad.xlsx" in job.message and job.result["code"] == "not_spreadsheet"


def test_a_job_is_enqueued_through_django_tasks(cast, tmp_path, django_capture_on_commit_callbacks):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    with override_settings(TASKS=IMMEDIATE), django_capture_on_commit_callbacks(execute=True):
        job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.task_id and job.result["created"] == 1


def test_jobs_are_seen_only_within_scope(cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), run_now=True)
    assert roster_job_get(viewer=cast.viewer_fed, pk=job.pk) == job
    import pytest
    from django.http import Http404

    with pytest.raises(Http404):
        roster_job_get(viewer=cast.admin_b, pk=job.pk)


def test_progress_writes_about_every_percent(cast):
    job = job_create(kind="test", actor=cast.chair_a, org_path=cast.ua.path)
    progress = JobProgress(job, min_interval=0)
    for done in range(0, 100_001, 100):
        progress(done, 100_000)
    assert 95 <= progress.writes <= 102
    job.refresh_from_db()
    assert (job.done, job.total) == (100_000, 100_000)


def test_a_preview_is_confirmed_with_its_own_settings_by_a_writer_only(cast, tmp_path):
    import pytest
    from django.core.exceptions import PermissionDenied, ValidationError

    from gonghui.people.roster.jobs import roster_job_confirm

    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1, group="新小组")])
    preview = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), create_groups=True,
                                      dry_run=True, run_now=True)
    with pytest.raises(PermissionDenied):
        roster_job_get(viewer=cast.viewer_fed, pk=preview.pk, write=True)
    with pytest.raises(PermissionDenied):  # read-only in the org: the service refuses too
        roster_job_confirm(actor=cast.viewer_fed, job=preview)
    assert Job.objects.count() == 1

    real = roster_job_confirm(actor=cast.chair_a, job=roster_job_get(viewer=cast.chair_a, pk=preview.pk, write=True))
    assert real.status == Job.Status.DONE and real.params["create_groups"] and not real.params["dry_run"]
    assert Person.objects.get(name="测试1").org.name == "新小组"
    with pytest.raises(ValidationError):  # a real import is no preview: never confirmed twice
        roster_job_confirm(actor=cast.chair_a, job=real)
