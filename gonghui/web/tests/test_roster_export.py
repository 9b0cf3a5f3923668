"""花名册 export and template downloads from the member list."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.core.models import AuditEvent
from gonghui.people.roster.columns import ROSTER

EXPORT = reverse("web:roster-export")


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def ids_and_phones(sheet):
    header = [c.value for c in sheet[2]]
    id_col, phone_col = header.index("身份证号码"), header.index("手机号码")
    return {row[1].value: (row[id_col].value, row[phone_col].value) for row in sheet.iter_rows(min_row=3)}


@pytest.mark.parametrize("role", ["finance_a", "viewer_fed"])
def test_read_only_roles_export_masked(cast, login, role):
    sheet = workbook(login(getattr(cast, role)).get(EXPORT, {"org": "UA"}))
    rows = ids_and_phones(sheet)
    wang = cast.wang_person.id_number
    assert rows["王会员"] == (wang[:4] + "*" * 10 + wang[-4:], "138****8001")
    assert set(rows) == {"王会员", "周师傅"}
    assert login(getattr(cast, role)).get(EXPORT, {"org": "UA", "unmasked": "1"}).status_code == 403


def test_the_chair_exports_full_numbers_and_the_audit_trail_has_it(cast, login):
    sheet = workbook(login(cast.chair_a).get(EXPORT, {"org": "ua", "unmasked": "1"}))
    assert ids_and_phones(sheet)["王会员"] == (cast.wang_person.id_number, "13800138001")
    event = AuditEvent.objects.get(action="export", object_type="roster")
    assert event.actor == cast.chair_a and event.changes == {"rows": 2, "unmasked": True}
    assert event.org_path == cast.ua.path


def test_the_export_is_the_subtree_and_its_header_is_the_importers(cast, login):
    sheet = workbook(login(cast.chair_a).get(EXPORT, {"org": "UA-B1"}))
    assert [c.value for c in sheet[2]] == [c.label for c in ROSTER.columns if c.exported]
    assert set(ids_and_phones(sheet)) == {"王会员"}


def test_union_b_cannot_export_union_a(cast, login):
    assert login(cast.admin_b).get(EXPORT, {"org": "UA"}).status_code == 404
    assert login(cast.admin_b).get(EXPORT).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_template_downloads_for_everyone_logged_in(cast, login):
    sheet = workbook(login(cast.member_a).get(reverse("web:roster-template")))
    header = [c.value for c in sheet[2]]
    assert header[:2] == ["序号", "姓名"] and "身份证号码" in header and sheet.cell(3, 1).value == "示例"


def test_the_member_list_offers_export_and_for_writers_import(cast, login):
    url = reverse("web:person-list")
    chair = login(cast.chair_a).get(url, {"org": "UA"}).content.decode()
    assert f'{EXPORT}?org=UA"' in chair and f"{EXPORT}?org=UA&amp;unmasked=1" in chair
    assert f'{reverse("web:roster-import")}?org={cast.ua.pk}"' in chair and reverse("web:roster-template") in chair
    finance = login(cast.finance_a).get(url, {"org": "UA"}).content.decode()
    assert f'{EXPORT}?org=UA"' in finance
    assert "unmasked=1" not in finance and reverse("web:roster-import") not in finance
    assert EXPORT not in login(cast.chair_a).get(url).content.decode()  # no org chosen yet
