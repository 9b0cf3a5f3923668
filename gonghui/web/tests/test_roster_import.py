"""花名册 import pages end to end: upload -> preview (counts, refusals, the guessed mapping) -> correct the
mapping -> confirm -> result, with files the tests build themselves."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.conftest import make_id
from gonghui.core.models import Job
from gonghui.people.models import Person
from gonghui.people.roster.jobs import roster_import_job_start
from gonghui.people.tests.roster_files import HEADER, person_row, write_xlsx

IMPORT = reverse("web:roster-import")

# The office's file: 联系电话 holds the office landline (the importer takes it for the mobile, as most files
# mean), the mobile sits in a column the importer does not know (本人号码).
SWAP_HEADER = [*HEADER[:8], "联系电话", *HEADER[9:], "本人号码"]
MOBILE_COLUMN = len(SWAP_HEADER) - 1  # 0-based


def swap_rows(n=3):
    rows = []
    for i in range(1, n + 1):
        row = person_row(i, join=dt.date(2020, 1, 5), group="第一小组")
        row[HEADER.index("手机号码")] = f"010-6543{i:04d}"
        rows.append([*row, f"1381234{i:04d}"])
    return rows


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, path, org, *, name="花名册.xlsx", create_groups=False, follow=True):
    data = {"file": SimpleUploadedFile(name, path.read_bytes()), "org": org.pk}
    if create_groups:
        data["create_groups"] = "on"
    return client.post(f"{IMPORT}?org={org.pk}", data, follow=follow)


def job_of(response) -> Job:
    return response.context["job"]


def mapping_post(response, **changes):
    """The preview's form as the browser would send it, with some selects changed."""
    form = response.context["form"]
    data = {name: (form[name].value() or "") for name in form.fields if name.startswith("col_")}
    if form["create_groups"].value():
        data["create_groups"] = "on"
    data.update({f"col_{k}": ("" if v is None else str(v)) for k, v in changes.items()})
    return data


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_it_walks_upload_preview_correct_confirm_result(cast, login, media, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", swap_rows(), header=SWAP_HEADER,
                      above=[["文化局工会会员花名册"], ["填报单位：文化局工会", "", "填报日期：2026-05-01"]],
                      below=[["合计：3人"]], text_columns=("身份证号码", "联系电话", "本人号码", "工号"))
    client = login(cast.chair_a)

    # Upload: a dry run, nothing written yet; the preview shows the counts and the guessed mapping.
    preview = upload(client, path, cast.ua)
    assert preview.status_code == 200
    job = job_of(preview)
    assert job.params["dry_run"] and job.status == Job.Status.DONE and job.file_name == "花名册.xlsx"
    assert preview.redirect_chain == [(reverse("web:roster-job", args=[job.pk]), 302)]
    assert not Person.objects.filter(name__startswith="测试").exists()
    body = text(preview)
    assert "试导入" in body and "尚未写入任何数据" in body
    counts = {key: n for key, _label, n in preview.context["counts"]}
    assert counts["refused"] == 3 and counts["created"] == 0 and counts["footer"] == 1
    assert "第4行" in body and "联系电话" in body and "格式不对" in body
    form = preview.context["form"]
    assert form["col_mobile"].value() == str(SWAP_HEADER.index("联系电话"))
    assert form["col_name"].value() == str(SWAP_HEADER.index("姓名"))
    assert "I列 · 联系电话" in body and "确认导入" in body and "重新预览" in body

    # Correct the mapping: 手机号码 comes from 本人号码. Re-preview with it: everything is fine now.
    confirm = reverse("web:roster-job-confirm", args=[job.pk])
    again = client.post(confirm, {**mapping_post(preview, mobile=MOBILE_COLUMN), "action": "preview"}, follow=True)
    job2 = job_of(again)
    assert job2.pk != job.pk and job2.params["dry_run"] and job2.params["mapping"]["mobile"] == MOBILE_COLUMN
    counts = {key: n for key, _label, n in again.context["counts"]}
    assert counts["created"] == 3 and counts["refused"] == 0
    assert again.context["form"]["col_mobile"].value() == str(MOBILE_COLUMN)
    assert not Person.objects.filter(name__startswith="测试").exists()

    # Confirm: the real import of the same file with the corrected mapping, then the result page.
    result = client.post(reverse("web:roster-job-confirm", args=[job2.pk]),
                         {**mapping_post(again), "action": "confirm"}, follow=True)
    job3 = job_of(result)
    assert not job3.params["dry_run"] and job3.status == Job.Status.DONE and job3.file_path == job.file_path
    assert result.context["form"] is None
    body = text(result)
    assert "导入完成" in body and "新增 3 人" in body
    assert f'href="{reverse("web:person-list")}?org=UA"' in result.content.decode()
    people = {p.name: p for p in Person.objects.filter(name__startswith="测试")}
    assert sorted(people) == ["测试1", "测试2", "测试3"]
    assert people["测试2"].mobile == "13812340002" and people["测试2"].org == cast.ua_g1
    assert people["测试2"].id_number == make_id("19900101", 102) and people["测试2"].employee_no == "T0002"
    assert people["测试2"].member_status == "active"

    # The same file again: the preview says all unchanged.
    again = upload(client, path, cast.ua)
    back = client.post(reverse("web:roster-job-confirm", args=[job_of(again).pk]),
                       {**mapping_post(again, mobile=MOBILE_COLUMN), "action": "preview"}, follow=True)
    counts = {key: n for key, _label, n in back.context["counts"]}
    assert (counts["unchanged"], counts["created"], counts["updated"], counts["refused"]) == (3, 0, 0, 0)


def test_it_shows_refusals_by_row_and_serves_the_errors_file_to_the_uploader_only(cast, login, media, tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1), person_row(2, 手机号码="1380013"), person_row(3, 姓名="")])
    client = login(cast.chair_a)
    preview = upload(client, path, cast.ua)
    body = text(preview)
    assert "未导入的行（2 行）" in body
    assert "第3行 手机号码 1380013" in body and "第4行 姓名 （空） 姓名为空" in body
    job = job_of(preview)
    url = reverse("web:roster-job-errors", args=[job.pk])
    assert f'href="{url}"' in preview.content.decode() and "下载错误行" in body
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "错误原因" and rows[1][1] == "测试2" and "1380013" in rows[1][-1]
    assert login(cast.admin_b).get(url).status_code == 404


def test_group_names_are_created_when_ticked(cast, login, media, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1, group="新小组")])
    client = login(cast.chair_a)
    plain = upload(client, path, cast.ua)
    assert {k: n for k, _l, n in plain.context["counts"]}["refused"] == 1
    ticked = upload(client, path, cast.ua, create_groups=True)
    assert "将新建工会小组：新小组" in text(ticked)
    assert ticked.context["form"]["create_groups"].value() is True
    done = client.post(reverse("web:roster-job-confirm", args=[job_of(ticked).pk]),
                       {**mapping_post(ticked), "action": "confirm"}, follow=True)
    assert "已新建工会小组：新小组" in text(done)
    assert Person.objects.get(name="测试1").org.name == "新小组"


def test_it_refuses_a_mapping_without_the_required_columns_or_with_a_column_twice(cast, login, media, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    client = login(cast.chair_a)
    preview = upload(client, path, cast.ua)
    url = reverse("web:roster-job-confirm", args=[job_of(preview).pk])
    jobs = Job.objects.count()
    response = client.post(url, {**mapping_post(preview, name=None), "action": "confirm"})
    assert response.status_code == 200 and "“姓名”是必需的" in text(response)
    twice = mapping_post(preview, post=HEADER.index("工号"))
    response = client.post(url, {**twice, "action": "confirm"})
    assert "这一列已对应“工号”" in text(response)
    assert Job.objects.count() == jobs and not Person.objects.filter(name="测试1").exists()


def test_a_real_import_cannot_be_confirmed_again(cast, login, media, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), run_now=True)
    client = login(cast.chair_a)
    response = client.post(reverse("web:roster-job-confirm", args=[job.pk]), {"action": "confirm"}, follow=True)
    assert "只有已完成的试导入" in text(response) and Job.objects.count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_a_form_error_and_writes_nothing(cast, login, media, tmp_path):
    bad = tmp_path / "照片.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    client = login(cast.chair_a)
    response = upload(client, bad, cast.ua, name="照片.xlsx")
    assert response.status_code == 200 and response.redirect_chain == []
    assert "文件“照片.xlsx”不是Excel工作簿或CSV表格" in text(response)
    assert Job.objects.count() == 0 and not list((media / "imports").iterdir())
    no_header = tmp_path / "无表头.csv"
    no_header.write_text("甲,乙\n1,2\n", encoding="utf-8")
    response = upload(client, no_header, cast.ua, name="无表头.csv")
    assert "找不到表头" in text(response) and Job.objects.count() == 0


def test_a_large_file_runs_in_the_background_and_the_page_polls_it(cast, login, media, tmp_path, settings):
    settings.GONGHUI_IMPORT_RUN_NOW_BYTES = 0  # every file counts as large
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    client = login(cast.chair_a)
    page = upload(client, path, cast.ua)
    job = job_of(page)
    assert job.status == Job.Status.QUEUED
    assert page.context["running"] and "data-job-progress" in page.content.decode() and "roster.js" in page.content.decode()
    # The stored file has a random name under MEDIA_ROOT/imports/, whatever the upload was called.
    assert job.file_path.startswith(str(media / "imports")) and "花名册" not in job.file_path
    progress = client.get(reverse("web:roster-job-progress", args=[job.pk]))
    assert progress.json() == {"id": job.pk, "status": "queued", "status_label": "排队中", "done": 0, "total": 0,
                               "percent": 0, "message": "排队等待处理", "finished": False}
    # The worker picks it up later; the same URLs then show the preview.
    from gonghui.people.roster.jobs import run_roster_import_job

    run_roster_import_job(job)
    state = client.get(reverse("web:roster-job-progress", args=[job.pk])).json()
    assert state["status"] == "done" and state["percent"] == 100 and state["finished"]
    assert "确认导入" in text(client.get(reverse("web:roster-job", args=[job.pk])))


def test_a_failed_job_shows_its_message(cast, login, media, tmp_path):
    path = tmp_path / "gone.xlsx"
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), file_name="旧文件.xlsx",
                                  dry_run=True, run_now=True)
    body = text(login(cast.chair_a).get(reverse("web:roster-job", args=[job.pk])))
    assert "未能导入" in body and "找不到文件" in body and "没有写入任何数据" in body


@pytest.mark.parametrize("page", ["roster-job", "roster-job-progress", "roster-job-errors"])
def test_a_job_of_union_a_is_hidden_from_union_b(cast, login, media, tmp_path, page):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1, 手机号码="1380013")])
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), dry_run=True, run_now=True)
    assert login(cast.chair_a).get(reverse(f"web:{page}", args=[job.pk])).status_code == 200
    assert login(cast.admin_b).get(reverse(f"web:{page}", args=[job.pk])).status_code == 404


def test_union_b_cannot_confirm_a_job_of_union_a(cast, login, media, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), dry_run=True, run_now=True)
    response = login(cast.admin_b).post(reverse("web:roster-job-confirm", args=[job.pk]), {"action": "confirm"})
    assert response.status_code == 404 and Job.objects.count() == 1 and not Person.objects.filter(name="测试1")


@pytest.mark.parametrize("role", ["finance_a", "viewer_fed"])
def test_read_only_roles_cannot_import(cast, login, media, tmp_path, role):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    client = login(getattr(cast, role))
    assert client.get(IMPORT).status_code == 403
    assert upload(client, path, cast.ua).status_code == 403
    assert Job.objects.count() == 0
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), dry_run=True, run_now=True)
    assert client.get(reverse("web:roster-job", args=[job.pk])).status_code == 403


def test_the_org_choices_are_the_orgs_the_user_may_write(cast, login, media):
    response = login(cast.officer_a1).get(IMPORT)
    codes = [o.code for o in response.context["form"].fields["org"].queryset]
    assert codes == ["UA-B1", "UA-B1-G1"]
    assert login(cast.officer_a1).get(f"{IMPORT}?org={cast.ua.pk}").status_code == 404


@pytest.mark.parametrize("role", ["finance_a", "viewer_fed", "auditor_a"])
def test_read_only_roles_cannot_confirm_a_preview(cast, login, media, tmp_path, role):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), dry_run=True, run_now=True)
    response = login(getattr(cast, role)).post(reverse("web:roster-job-confirm", args=[job.pk]), {"action": "confirm"})
    assert response.status_code == 403 and Job.objects.count() == 1 and not Person.objects.filter(name="测试1")


def form_post(response, action="confirm", **changes):
    """Every field of the preview's form as the browser sends it, some changed."""
    form = response.context["form"]
    data = {"action": action}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = str(value)
    data.update({k: str(v) for k, v in changes.items()})
    return data


def test_a_changed_name_is_decided_row_by_row_in_the_preview(cast, login, media, tmp_path):
    from gonghui.people.roster.importer import roster_import

    roster_import(actor=cast.chair_a, org=cast.ua,
                  source=write_xlsx(tmp_path / "a.xlsx", [person_row(1, "白伯世"), person_row(2, "卫丽娟")]))
    path = write_xlsx(tmp_path / "b.xlsx", [person_row(1, "白博士", 学历="大专"),
                                            person_row(2, "卫丽娟", 手机号码="13911112222")])
    client = login(cast.chair_a)
    preview = upload(client, path, cast.ua)
    body = text(preview)
    assert "有 1 行的姓名与系统中不同" in body and "姓名与系统中不同（1 行）" in body
    assert "第2行 白伯世 白博士" in body
    assert "将更新的人员（1 人）" in body and "第3行 卫丽娟 手机号码 139****0002 → 139****2222" in body
    url = reverse("web:roster-job-confirm", args=[job_of(preview).pk])
    jobs = Job.objects.count()

    undecided = client.post(url, form_post(preview))  # confirming needs a decision on every such row
    assert undecided.status_code == 200 and "请选择保留哪一个" in text(undecided) and Job.objects.count() == jobs

    again = client.post(url, form_post(preview, "preview", name_2="keep"), follow=True)
    assert {k: n for k, _l, n in again.context["counts"]}["updated"] == 2
    assert again.context["form"]["name_2"].value() == "keep" and "第2行 白伯世 学历 大学本科 → 大学专科" in text(again)
    done = client.post(reverse("web:roster-job-confirm", args=[job_of(again).pk]), form_post(again), follow=True)
    assert "导入完成" in text(done) and "已更新的人员（2 人）" in text(done)
    assert Person.objects.get(name="白伯世").education == "30"

    fresh = upload(client, path, cast.ua)
    take = client.post(reverse("web:roster-job-confirm", args=[job_of(fresh).pk]),
                       form_post(fresh, name_all="take"), follow=True)
    assert "导入完成" in text(take) and Person.objects.filter(name="白博士").exists()


def test_department_names_are_mapped_in_the_preview_and_remembered(cast, login, media, tmp_path):
    from gonghui.orgs import services as orgs

    office = orgs.org_create(actor=cast.root, parent=cast.ua, kind="group", name="办公室小组", code="UA-G9")
    rows = [person_row(i, group="办公室") for i in range(1, 5)] + [person_row(5, 手机号码="1380013")]
    client = login(cast.chair_a)
    preview = upload(client, write_xlsx(tmp_path / "r.xlsx", rows), cast.ua)
    body = text(preview)
    assert "4行：〈所在班组〉“办公室” — 在“文化局工会”及其下级中找不到这个组织" in body
    assert "第2行" not in body and "第6行 手机号码 1380013" in body  # the repeated problem is not told row by row
    assert "部门与小组的对应" in body and "建议：办公室小组" in body
    mapping = preview.context["form"]["group_0"]
    assert mapping.label == "办公室" and mapping.value() == ""
    done = client.post(reverse("web:roster-job-confirm", args=[job_of(preview).pk]),
                       form_post(preview, group_0=office.pk), follow=True)
    assert "新增 4 人" in text(done) and Person.objects.filter(org=office).count() == 4

    later = upload(client, write_xlsx(tmp_path / "s.xlsx", [person_row(7, group="办公室")]), cast.ua)
    assert {k: n for k, _l, n in later.context["counts"]}["created"] == 1
    assert "上次导入时的对应" in text(later) and later.context["form"]["group_0"].value() == str(office.pk)


def test_an_import_that_wrote_nothing_is_not_shown_as_a_success(cast, login, media, tmp_path):
    client = login(cast.chair_a)
    preview = upload(client, write_xlsx(tmp_path / "r.xlsx", [person_row(1, 手机号码="1380013")]), cast.ua)
    done = client.post(reverse("web:roster-job-confirm", args=[job_of(preview).pk]), form_post(preview),
                       follow=True)
    body = text(done)
    assert "没有导入任何人" in body and "导入完成" not in body
    assert 'class="notice bad"' in done.content.decode()
