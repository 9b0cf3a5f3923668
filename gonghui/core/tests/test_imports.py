"""core.imports: confirming a finished preview starts one real job on the same file; the errors workbook."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from gonghui.core.imports import import_job_confirm, import_job_errors
from gonghui.core.jobs import job_create
from gonghui.core.models import Job

pytestmark = pytest.mark.django_db


def _job(tmp_path, *, status=Job.Status.DONE, dry_run=True, result=None) -> Job:
    upload = tmp_path / "a.upload"
    upload.write_bytes(b"x" * 10)
    job = job_create(kind="test_import", file_path=str(upload), file_name="花名册.xlsx",
                     params={"dry_run": dry_run})
    Job.objects.filter(pk=job.pk).update(status=status, result=result)
    job.refresh_from_db()
    return job


def test_it_starts_the_real_import_of_the_same_file(tmp_path):
    job = _job(tmp_path)
    calls = []
    started = import_job_confirm(job, start=lambda **kw: calls.append(kw) or job)
    assert started is job
    assert calls == [{"file_path": job.file_path, "file_name": "花名册.xlsx", "dry_run": False, "run_now": True}]


def test_it_previews_again_when_asked(tmp_path):
    calls = []
    import_job_confirm(_job(tmp_path), start=lambda **kw: calls.append(kw), dry_run=True)
    assert calls[0]["dry_run"] is True


@pytest.mark.parametrize("status,dry_run", [(Job.Status.DONE, False), (Job.Status.RUNNING, True),
                                            (Job.Status.FAILED, True)])
def test_it_refuses_what_is_not_a_finished_preview(tmp_path, status, dry_run):
    calls = []
    with pytest.raises(ValidationError) as caught:
        import_job_confirm(_job(tmp_path, status=status, dry_run=dry_run), start=lambda **kw: calls.append(kw))
    assert caught.value.message_dict == {"__all__": ["只有已完成的试导入（预览）才能确认导入。"]}
    assert calls == []


def test_it_hands_out_the_errors_workbook_named_after_the_upload(tmp_path):
    errors = tmp_path / "a.upload.errors.xlsx"
    errors.write_bytes(b"PK")
    response = import_job_errors(_job(tmp_path, result={"errors_file": str(errors)}), "花名册")
    assert b"".join(response.streaming_content) == b"PK"
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    assert "%E8%8A%B1%E5%90%8D%E5%86%8C-%E6%9C%AA%E5%AF%BC%E5%85%A5%E7%9A%84%E8%A1%8C.xlsx" in \
        response["Content-Disposition"]  # 花名册-未导入的行.xlsx


@pytest.mark.parametrize("result", [None, {"errors_file": ""}, {"errors_file": "/nonexistent/e.xlsx"}])
def test_it_is_404_without_an_errors_workbook(tmp_path, result):
    with pytest.raises(Http404):
        import_job_errors(_job(tmp_path, result=result), "花名册")
