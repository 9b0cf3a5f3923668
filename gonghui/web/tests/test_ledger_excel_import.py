"""工作台账 import pages end to end: upload -> preview (a dry-run job) -> 确认导入 -> result, with workbooks the
tests build themselves; re-import changes nothing; refusals with their reasons and the errors workbook; who
may import where (scoped jobs, 小组长 into their own group only)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.core.models import Job
from gonghui.ledgers import models as m
from gonghui.ledgers.excel.jobs import ledger_import_job_start, run_ledger_import_job
from gonghui.ledgers.tests.excel_files import SAMPLES, write_ledger

D = dt.date


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def import_url(kind="meeting", org=None):
    return reverse("web:ledger-import", args=[kind]) + (f"?org={org.pk}" if org else "")


def upload(client, path, org, *, kind="meeting", name="会议台账.xlsx", follow=True):
    data = {"file": SimpleUploadedFile(name, path.read_bytes()), "org": org.pk}
    return client.post(import_url(kind), data, follow=follow)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def counts(response) -> dict[str, int]:
    return {key: n for key, _label, n in response.context["counts"]}


def confirm(client, job, follow=True):
    return client.post(reverse("web:ledger-job-confirm", args=[job.pk]), follow=follow)


def test_it_walks_upload_preview_confirm_result_and_reimport_changes_nothing(cast, login, media, tmp_path):
    path = write_ledger(tmp_path / "meeting.xlsx", "meeting", SAMPLES["meeting"],
                        above=[["文化局工会会议台账（2026年上半年）"]])
    client = login(cast.chair_a)

    # Upload: a dry run, nothing written; the preview shows the counts and offers 确认导入.
    preview = upload(client, path, cast.ua)
    assert preview.status_code == 200
    job = preview.context["job"]
    assert preview.redirect_chain == [(reverse("web:ledger-job", args=[job.pk]), 302)]
    assert job.kind == "ledger_import" and job.params["kind"] == "meeting" and job.params["dry_run"]
    assert job.status == Job.Status.DONE and job.file_name == "会议台账.xlsx" and job.org_path == cast.ua.path
    assert counts(preview)["created"] == 2 and counts(preview)["refused"] == 0
    assert not m.Meeting.objects.exists()
    body = text(preview)
    assert "会议台账导入预览" in body and "试导入" in body and "尚未写入任何数据" in body
    assert "2 将新增" in body and "表头在第2行" in body and "确认导入" in body

    # Confirm: the real import of the same file; the result links to the list filtered to the org.
    result = confirm(client, job)
    done = result.context["job"]
    assert done.pk != job.pk and not done.params["dry_run"] and done.status == Job.Status.DONE
    assert counts(result)["created"] == 2
    assert "导入完成" in text(result) and "新增 2 条" in text(result)
    list_url = reverse("web:ledger-list", args=["meeting"]) + "?org=UA"
    assert f'href="{list_url}"' in result.content.decode()
    committee = m.Meeting.objects.get(title="一季度工会委员会会议")
    assert committee.org == cast.ua and committee.date == D(2026, 3, 1)
    assert sorted(p.name for p in committee.participants.all()) == ["周师傅", "王会员"]
    assert committee.person_times == 7
    group_meeting = m.Meeting.objects.get(title="小组学习会")
    assert group_meeting.org == cast.ua_b1 and [p.name for p in group_meeting.participants.all()] == ["王会员"]

    # The list the result links to shows them.
    assert "一季度工会委员会会议" in text(client.get(list_url))

    # Re-upload: every row unchanged, nothing to confirm.
    again = upload(client, path, cast.ua)
    assert counts(again)["unchanged"] == 2 and counts(again)["created"] == counts(again)["updated"] == 0
    body = text(again)
    assert "无需导入" in body and "确认导入" not in body
    assert m.Meeting.objects.count() == 2


def test_a_refused_row_shows_its_reason_and_the_errors_workbook_downloads(cast, login, media, tmp_path):
    rows = [SAMPLES["meeting"][0], {**SAMPLES["meeting"][1], "参加人员": "王会员、查无此人"}]
    path = write_ledger(tmp_path / "bad.xlsx", "meeting", rows)
    client = login(cast.chair_a)
    preview = upload(client, path, cast.ua, name="三月会议.xlsx")
    assert counts(preview)["created"] == 1 and counts(preview)["refused"] == 1
    body = text(preview)
    assert "不能导入的行（1 行）" in body and "第3行" in body and "查无此人" in body and "参加人员" in body
    [refusal] = preview.context["refusals"]
    assert refusal["row"] == 3 and "查无此人" in refusal["message"]

    errors = client.get(reverse("web:ledger-job-errors", args=[preview.context["job"].pk]))
    assert errors.status_code == 200
    assert "attachment" in errors["Content-Disposition"] and "%E4%B8%89%E6%9C%88" in errors["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "错误原因" in values[0]
    assert any("小组学习会" in row and any("查无此人" in str(v) for v in row) for row in values[1:])

    # Confirming imports the good row only; the refused one is not written.
    confirm(client, preview.context["job"])
    assert list(m.Meeting.objects.values_list("title", flat=True)) == ["一季度工会委员会会议"]


def test_a_file_that_is_not_a_spreadsheet_is_a_form_error_and_nothing_is_written(cast, login, media):
    client = login(cast.chair_a)
    data = {"file": SimpleUploadedFile("会议台账.xlsx", "这不是表格".encode()), "org": cast.ua.pk}
    response = client.post(import_url(), data)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Job.objects.exists() and not m.Meeting.objects.exists()
    assert not list((media / "imports").iterdir())


def test_a_study_sheet_is_read_from_an_export_workbook_with_every_kind(cast, login, media, tmp_path):
    """The upload check picks the sheet the import will (named after the kind), not the first one."""
    import xlsxwriter

    from gonghui.ledgers.tests.excel_files import header_of, rows_of

    path = tmp_path / "all.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for code in ("meeting", "study"):
        sheet = book.add_worksheet({"meeting": "会议", "study": "学习培训"}[code])
        header = header_of(code)
        sheet.write_row(0, 0, header)
        for r, row in enumerate(rows_of(code, SAMPLES[code], header), start=1):
            for c, v in enumerate(row):
                if isinstance(v, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(v, dt.time()),
                                         book.add_format({"num_format": "yyyy-mm-dd"}))
                elif v is not None:
                    sheet.write(r, c, v)
    book.close()
    preview = upload(login(cast.chair_a), path, cast.ua, kind="study", name="全部台账.xlsx")
    assert preview.context["result"]["sheet"] == "学习培训"
    assert counts(preview)["created"] == 2


def test_it_polls_a_background_job_until_it_is_done(cast, login, media, settings, tmp_path):
    settings.GONGHUI_IMPORT_RUN_NOW_BYTES = 0  # every file goes to the worker
    path = write_ledger(tmp_path / "meeting.xlsx", "meeting", SAMPLES["meeting"])
    client = login(cast.chair_a)
    page = upload(client, path, cast.ua)
    job = page.context["job"]
    assert job.status == Job.Status.QUEUED
    html = page.content.decode()
    progress_url = reverse("web:ledger-job-progress", args=[job.pk])
    assert f'data-job-progress="{progress_url}"' in html and "roster.js" in html
    state = client.get(progress_url).json()
    assert state["id"] == job.pk and state["finished"] is False and state["status"] == "queued"

    run_ledger_import_job(job)  # what the db_worker does
    state = client.get(progress_url).json()
    assert state["finished"] is True and state["status"] == "done"
    done = client.get(reverse("web:ledger-job", args=[job.pk]))
    assert counts(done)["created"] == 2 and "data-job-progress" not in done.content.decode()


# --- who ----------------------------------------------------------------------------------------------

def _job(cast, tmp_path, org=None):
    path = write_ledger(tmp_path / "m.xlsx", "meeting", [{**SAMPLES["meeting"][0], "参加人员": "王会员"}])
    return ledger_import_job_start(actor=cast.chair_a, kind="meeting", org=org or cast.ua_b1, file_path=str(path),
                                   file_name="会议.xlsx", dry_run=True, run_now=True)


@pytest.mark.parametrize("role,expected", [("admin_b", 404), ("member_a", 404), ("finance_a", 403),
                                           ("viewer_fed", 403), ("officer_a1", 200), ("chair_a", 200)])
def test_a_job_answers_only_the_writers_of_its_org(cast, login, media, tmp_path, role, expected):
    job = _job(cast, tmp_path)
    client = login(getattr(cast, role))
    for name in ("web:ledger-job", "web:ledger-job-progress"):
        assert client.get(reverse(name, args=[job.pk])).status_code == expected, name
    confirm_status = client.post(reverse("web:ledger-job-confirm", args=[job.pk])).status_code
    assert confirm_status == (302 if expected == 200 else expected)
    assert m.Meeting.objects.exists() == (expected == 200)


def test_admin_b_gets_404_on_every_url_of_a_job_and_leader_g1_on_a_branch_job(cast, login, media, tmp_path):
    job = _job(cast, tmp_path)  # in 机关分会: above 孙组长's group
    for user in (cast.admin_b, cast.leader_g1):
        client = login(user)
        for name in ("web:ledger-job", "web:ledger-job-progress", "web:ledger-job-errors"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (user, name)
        assert client.post(reverse("web:ledger-job-confirm", args=[job.pk])).status_code == 404
    assert not m.Meeting.objects.exists()


def test_a_roster_job_is_not_a_ledger_job(cast, login, media, tmp_path):
    from gonghui.people.roster.jobs import roster_import_job_start
    from gonghui.people.tests.roster_files import person_row, write_xlsx

    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), dry_run=True, run_now=True)
    assert login(cast.chair_a).get(reverse("web:ledger-job", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("role", ["finance_a", "viewer_fed", "auditor_a", "member_a"])
def test_read_only_roles_get_403_on_the_upload(cast, login, media, tmp_path, role):
    client = login(getattr(cast, role))
    path = write_ledger(tmp_path / "m.xlsx", "meeting", SAMPLES["meeting"])
    assert client.get(import_url()).status_code == 403
    assert client.post(import_url(), {"file": SimpleUploadedFile("m.xlsx", path.read_bytes()),
                                      "org": cast.ua.pk}).status_code == 403
    assert not Job.objects.exists()


def test_admin_b_gets_404_for_an_org_of_union_a(cast, login, media):
    assert login(cast.admin_b).get(import_url(org=cast.ua)).status_code == 404


def test_leader_g1_imports_into_their_group_only(cast, login, media, tmp_path):
    client = login(cast.leader_g1)
    form = client.get(import_url()).context["form"]
    assert list(form.fields["org"].queryset) == [cast.ua_g1]
    assert client.get(import_url(org=cast.ua_g1)).status_code == 200
    assert client.get(import_url(org=cast.ua)).status_code == 404  # above their group: not theirs to see
    path = write_ledger(tmp_path / "g1.xlsx", "meeting", [
        {"日期": D(2026, 3, 9), "会议类型": "工会小组会", "会议名称": "三月小组会", "参加人员": "王会员"},
        {"日期": D(2026, 3, 9), "所属组织": "后勤小组", "会议类型": "工会小组会", "会议名称": "别组的会"},
    ])

    # Into 文化局工会: not a choice of the form, no job.
    response = client.post(import_url(), {"file": SimpleUploadedFile("g1.xlsx", path.read_bytes()),
                                          "org": cast.ua.pk})
    assert response.status_code == 200 and response.context["form"].errors["org"]
    assert not Job.objects.exists()

    # Into 第一小组: the group's row imports, the row for another group is refused with its reason.
    preview = upload(client, path, cast.ua_g1)
    assert counts(preview)["created"] == 1 and counts(preview)["refused"] == 1
    assert "第3行" in text(preview) and "后勤小组" in text(preview)
    result = confirm(client, preview.context["job"])
    assert result.context["job"].status == Job.Status.DONE
    assert [(e.title, e.org) for e in m.Meeting.objects.all()] == [("三月小组会", cast.ua_g1)]
    with pytest.raises(PermissionDenied):  # the job service refuses a job above the group too
        ledger_import_job_start(actor=cast.leader_g1, kind="meeting", org=cast.ua, file_path=str(path),
                                dry_run=True, run_now=True)


def test_an_import_that_wrote_nothing_is_not_shown_as_a_success(cast, login, media, tmp_path):
    bad = write_ledger(tmp_path / "bad.xlsx", "meeting", [{**SAMPLES["meeting"][0], "参加人员": "查无此人"}])
    client = login(cast.chair_a)
    job = ledger_import_job_start(actor=cast.chair_a, kind="meeting", org=cast.ua, file_path=str(bad),
                                  file_name="会议.xlsx", dry_run=False, run_now=True)
    page = client.get(reverse("web:ledger-job", args=[job.pk]))
    body = text(page)
    assert "没有导入任何记录" in body and "导入完成" not in body and "查无此人" in body
    assert 'class="notice bad"' in page.content.decode()

    good = write_ledger(tmp_path / "good.xlsx", "meeting", SAMPLES["meeting"])
    for _ in range(2):  # the second run finds every row unchanged: neutral, neither red nor green
        job = ledger_import_job_start(actor=cast.chair_a, kind="meeting", org=cast.ua, file_path=str(good),
                                      file_name="会议.xlsx", dry_run=False, run_now=True)
    page = client.get(reverse("web:ledger-job", args=[job.pk]))
    body = text(page)
    assert "没有需要写入的变化" in body and "导入完成" not in body
    assert 'class="notice bad"' not in page.content.decode() and 'notice ok' not in page.content.decode()
