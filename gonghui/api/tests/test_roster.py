"""花名册 through /api/v1/: upload -> poll -> confirm -> poll with a token, scope, CSRF, export."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.crypto import get_random_string
from openpyxl import load_workbook

from gonghui.accounts.scoping import SYSTEM
from gonghui.accounts.services import token_create
from gonghui.core.models import AuditEvent, Job
from gonghui.people.models import Person
from gonghui.people.roster.jobs import roster_import_job_start, run_roster_import_job
from gonghui.people.tests.roster_files import HEADER, person_row, write_xlsx

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def bearer(user):
    return {"Authorization": f"Bearer {token_create(actor=SYSTEM, user=user)}"}


def post_file(client, headers, path, *, name="花名册.xlsx", **fields):
    data = {"file": SimpleUploadedFile(name, path.read_bytes()), "org": "UA", **fields}
    return client.post(f"{BASE}/people/import", data, headers=headers)


def test_it_uploads_polls_confirms_and_polls_with_a_token(client, cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1, group="第一小组"), person_row(2), person_row(3, 手机号码="1380013")])
    headers = bearer(cast.chair_a)

    r = post_file(client, headers, path)
    assert r.status_code == 202, r.content
    job = r.json()["job"]
    assert job["dry_run"] is True and job["org"] == "UA" and job["file_name"] == "花名册.xlsx"
    assert not Person.objects.filter(name__startswith="测试").exists()

    polled = client.get(f"{BASE}/jobs/{job['id']}", headers=headers).json()
    assert {"id", "kind", "status", "status_label", "done", "total", "percent", "message", "result"} <= set(polled)
    assert (polled["status"], polled["status_label"], polled["percent"]) == ("done", "已完成", 100)
    result = polled["result"]
    assert (result["created"], result["refused"], result["unchanged"]) == (2, 1, 0)
    assert result["refusals"][0]["row"] == 4 and "1380013" in result["refusals"][0]["reason"]
    assert {c["header"]: c["key"] for c in result["columns"]}["手机号码"] == "mobile"
    assert "errors_file" not in result and polled["errors_url"].endswith(f"/api/v1/jobs/{job['id']}/errors")

    errors = client.get(f"{BASE}/jobs/{job['id']}/errors", headers=headers)
    rows = list(load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][-1] == "错误原因" and rows[1][1] == "测试3"

    r = client.post(f"{BASE}/jobs/{job['id']}/confirm", {}, content_type="application/json", headers=headers)
    assert r.status_code == 202, r.content
    real = r.json()["job"]
    assert real["id"] != job["id"] and real["dry_run"] is False
    polled = client.get(f"{BASE}/jobs/{real['id']}", headers=headers).json()
    assert polled["status"] == "done" and polled["result"]["created"] == 2 and "新增 2 人" in polled["message"]
    assert Person.objects.get(name="测试1").org == cast.ua_g1

    # A real import is not a preview: it cannot be confirmed.
    again = client.post(f"{BASE}/jobs/{real['id']}/confirm", {}, content_type="application/json", headers=headers)
    assert again.status_code == 422 and "试导入" in again.json()["message"]


def test_confirm_takes_a_corrected_mapping_and_create_groups(client, cast, tmp_path):
    rows = [[*person_row(1, group="新小组")[:-1], "新小组"]]
    path = write_xlsx(tmp_path / "r.xlsx", rows, header=[*HEADER[:-1], "备注"])  # 所在班组 under another header
    headers = bearer(cast.chair_a)
    job = post_file(client, headers, path).json()["job"]
    assert job["result"]["created"] == 1 and "group" not in {c["key"] for c in job["result"]["columns"]}
    body = {"mapping": {"group": len(HEADER) - 1}, "create_groups": True}
    real = client.post(f"{BASE}/jobs/{job['id']}/confirm", json.dumps(body), content_type="application/json",
                       headers=headers).json()["job"]
    assert real["mapping"] == {"group": len(HEADER) - 1} and real["create_groups"] is True
    assert real["result"]["groups_created"] == ["新小组"]
    assert Person.objects.get(name="测试1").org.name == "新小组"


def test_the_upload_takes_mapping_and_dry_run_false(client, cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    headers = bearer(cast.chair_a)
    job = post_file(client, headers, path, dry_run="false", mapping=json.dumps({"mobile": None}),
                    org=str(cast.ua.pk)).json()["job"]
    assert job["dry_run"] is False and job["status"] == "done" and job["org"] == "UA"
    person = Person.objects.get(name="测试1")
    assert person.mobile == ""  # 手机号码 mapped to no column


def test_confirm_needs_no_body(client, cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    headers = bearer(cast.chair_a)
    job = post_file(client, headers, path).json()["job"]
    bad = client.post(f"{BASE}/jobs/{job['id']}/confirm", json.dumps({"mapping": {"mobile": "B列"}}),
                      content_type="application/json", headers=headers)
    assert bad.status_code == 422 and "mapping" in bad.json()["fields"]
    r = client.post(f"{BASE}/jobs/{job['id']}/confirm", headers=headers)
    assert r.status_code == 202, r.content
    assert Person.objects.filter(name="测试1").exists()


@pytest.mark.parametrize("mapping,message", [
    ("{not json", "JSON"), ('{"shoe_size": 3}', "不认识的项目"), ('{"mobile": -1}', "列号"),
    ('{"mobile": 2, "name": 2}', "同一列只能对应一个项目"),
])
def test_a_bad_mapping_is_a_422(client, cast, tmp_path, mapping, message):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    r = post_file(client, bearer(cast.chair_a), path, mapping=mapping)
    assert r.status_code == 422 and message in r.json()["fields"]["mapping"][0]
    assert Job.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_a_422_and_writes_nothing(client, cast, tmp_path, media):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"%PDF-1.4 " + b"\x00" * 100)
    r = post_file(client, bearer(cast.chair_a), bad, name="说明.pdf")
    assert r.status_code == 422
    assert "文件“说明.pdf”不是Excel工作簿" in r.json()["fields"]["file"][0]
    assert Job.objects.count() == 0 and not list((media / "imports").iterdir())


def test_a_large_file_is_queued_and_polled(client, cast, tmp_path, settings):
    settings.GONGHUI_IMPORT_RUN_NOW_BYTES = 0
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    headers = bearer(cast.chair_a)
    job = post_file(client, headers, path).json()["job"]
    assert (job["status"], job["percent"], job["result"], job["errors_url"]) == ("queued", 0, None, None)
    run_roster_import_job(Job.objects.get(pk=job["id"]))  # what the worker does
    assert client.get(f"{BASE}/jobs/{job['id']}", headers=headers).json()["status"] == "done"


def test_it_needs_auth(client, cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    assert post_file(client, {}, path).status_code == 401
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), dry_run=True, run_now=True)
    assert client.get(f"{BASE}/jobs/{job.pk}").status_code == 401
    assert client.get(f"{BASE}/people/export", {"org": "UA"}).status_code == 401


def test_a_session_upload_needs_the_csrf_token(cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.chair_a, backend="gonghui.accounts.backends.UsernameOrMobileBackend")
    r = post_file(client, {}, path)
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed" and Job.objects.count() == 0
    secret = get_random_string(32)
    client.cookies["csrftoken"] = secret
    assert post_file(client, {"X-CSRFToken": secret}, path).status_code == 202


def test_a_job_of_union_a_is_404_for_union_b(client, cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1, 手机号码="1380013")])
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), dry_run=True, run_now=True)
    headers = bearer(cast.admin_b)
    for url in (f"/jobs/{job.pk}", f"/jobs/{job.pk}/errors"):
        r = client.get(BASE + url, headers=headers)
        assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = client.post(f"{BASE}/jobs/{job.pk}/confirm", {}, content_type="application/json", headers=headers)
    assert r.status_code == 404 and Job.objects.count() == 1
    assert post_file(client, headers, path).status_code == 422  # org UA is hidden from union B


def test_finance_cannot_import_but_exports_masked(client, cast, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    headers = bearer(cast.finance_a)
    assert post_file(client, headers, path).status_code == 403
    r = client.get(f"{BASE}/people/export", {"org": "UA"}, headers=headers)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    header = [c.value for c in sheet[2]]
    cells = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    wang = cast.wang_person.id_number
    assert cells["王会员"][header.index("身份证号码")] == wang[:4] + "*" * 10 + wang[-4:]
    assert cells["王会员"][header.index("手机号码")] == "138****8001"
    assert wang not in json.dumps([list(map(str, row)) for row in cells.values()], ensure_ascii=False)
    r = client.get(f"{BASE}/people/export", {"org": "UA", "unmasked": "true"}, headers=headers)
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_the_chair_exports_unmasked_and_it_is_audited(client, cast):
    r = client.get(f"{BASE}/people/export", {"org": "UA", "unmasked": "true"}, headers=bearer(cast.chair_a))
    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert cast.wang_person.id_number in [c.value for row in sheet.iter_rows(min_row=3) for c in row]
    event = AuditEvent.objects.get(action="export", object_type="roster")
    assert event.actor == cast.chair_a and event.changes["unmasked"] is True


def test_export_outside_scope_is_404(client, cast):
    r = client.get(f"{BASE}/people/export", {"org": "UA"}, headers=bearer(cast.admin_b))
    assert r.status_code == 404 and not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize("role", ["finance_a", "viewer_fed", "auditor_a"])
def test_read_only_roles_cannot_confirm_a_preview(client, cast, tmp_path, role):
    path = write_xlsx(tmp_path / "r.xlsx", [person_row(1)])
    job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(path), dry_run=True, run_now=True)
    r = client.post(f"{BASE}/jobs/{job.pk}/confirm", {}, content_type="application/json",
                    headers=bearer(getattr(cast, role)))
    assert r.status_code == 403 and Job.objects.count() == 1 and not Person.objects.filter(name="测试1")


def test_confirm_takes_name_decisions_and_a_department_mapping(client, cast, tmp_path):
    from gonghui.people.roster.importer import roster_import

    roster_import(actor=cast.chair_a, org=cast.ua, source=write_xlsx(tmp_path / "a.xlsx", [person_row(1, "白伯世")]))
    path = write_xlsx(tmp_path / "b.xlsx", [person_row(1, "白博士"), person_row(2, group="后勤")])
    headers = bearer(cast.chair_a)
    preview = post_file(client, headers, path).json()["job"]["result"]
    assert preview["refused"] == 2 and preview["name_conflicts"][0] | {"person": 0} == {
        "row": 2, "person": 0, "stored": "白伯世", "file": "白博士", "decision": ""}
    step = preview["group_mapping"]["names"][0]
    assert (step["name"], step["rows"], step["suggestions"][0]) == ("后勤", 1, [cast.ua_g2.pk, "后勤小组"])
    job_id = post_file(client, headers, path).json()["job"]["id"]
    body = {"name_changes": {"2": "take"}, "group_map": {"后勤": cast.ua_g2.pk}}
    real = client.post(f"{BASE}/jobs/{job_id}/confirm", json.dumps(body), content_type="application/json",
                       headers=headers).json()["job"]
    assert (real["result"]["updated"], real["result"]["created"], real["result"]["refused"]) == (1, 1, 0)
    assert Person.objects.filter(name="白博士").exists() and Person.objects.get(name="测试2").org == cast.ua_g2
    bad = client.post(f"{BASE}/jobs/{job_id}/confirm", json.dumps({"name_changes": {"2": "maybe"}}),
                      content_type="application/json", headers=headers)
    assert bad.status_code == 422
