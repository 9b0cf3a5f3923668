"""The audit export: an admin's subtree only, by date, formula-safe, from the page and the shell."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts import services
from gonghui.cli.tests.helpers import run
from gonghui.conftest import PASSWORD
from gonghui.core.models import AuditEvent


def today():
    return timezone.localdate().isoformat()


def rows(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def activity(cast):
    """Logins, a failed login, a permission change and an unlock in union A; a login in union B."""
    Client().post("/accounts/login/", {"username": "zhangzhuxi", "password": PASSWORD})
    Client().post("/accounts/login/", {"username": "liganshi", "password": "=HYPERLINK(\"x\")"})
    services.grant_add(actor=cast.chair_a, user=cast.officer_a1, org=cast.ua_g2, role="viewer")
    services.account_unlock(actor=cast.chair_a, user=cast.officer_a1)
    Client().post("/accounts/login/", {"username": "waidanwei", "password": PASSWORD})


def test_the_page_exports_the_admins_union_and_nothing_else(cast, login):
    activity(cast)
    client = login(cast.chair_a)
    response = client.get(reverse("accounts:audit-export"), {"from": today(), "to": today()})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    table = rows(b"".join(response.streaming_content))
    assert table[0][0].startswith("操作留痕：本人管理范围")
    assert table[1] == ["时间", "操作人", "来源", "操作", "对象类型", "对象编号", "对象", "组织路径", "变更内容"]
    body = table[2:]
    actions = {(r[3], r[6]) for r in body}
    assert ("登录", "zhangzhuxi") in actions
    assert ("登录失败", "liganshi") in actions
    assert ("新增", "liganshi 上级查看 @ 后勤小组") in actions
    assert ("解锁", "李干事") in actions
    assert ("张主席（zhangzhuxi）", "解锁") in {(r[1], r[3]) for r in body}  # named as the audit page names them
    assert all(r[7].startswith(cast.ua.path) for r in body)
    assert not any("waidanwei" in str(r) or "外单位" in str(r) for r in body)
    assert isinstance(body[0][0], dt.datetime)
    export = AuditEvent.objects.get(action="export", object_type="audit")
    assert export.actor == cast.chair_a and export.org_path == cast.ua.path


def test_an_export_is_in_the_next_export(cast, login):
    client = login(cast.chair_a)
    client.get(reverse("accounts:audit-export"), {"from": today(), "to": today()})
    table = rows(b"".join(client.get(reverse("accounts:audit-export"),
                                     {"from": today(), "to": today()}).streaming_content))
    assert [r[3] for r in table[2:]].count("导出") == 1


def test_the_dates_filter_the_rows(cast, login):
    activity(cast)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = login(cast.chair_a).get(reverse("accounts:audit-export"), {"from": yesterday, "to": yesterday})
    assert rows(b"".join(response.streaming_content))[2:] == []


def test_text_that_looks_like_a_formula_stays_text(cast, login):
    services.user_create(actor=cast.chair_a, username="formula", display_name="=cmd|' /C calc'!A0",
                         password=PASSWORD, grants=[(cast.ua, "viewer")])
    response = login(cast.chair_a).get(reverse("accounts:audit-export"), {"from": today(), "to": today()})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=cmd|' /C calc'!A0"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_the_audit_page_lists_the_trail_and_links_the_export(cast, login):
    activity(cast)
    client = login(cast.chair_a)
    assert reverse("accounts:audit-list") in client.get(reverse("accounts:user-list")).content.decode()
    page = client.get(reverse("accounts:audit-list"), {"from": today(), "to": today()}).content.decode()
    assert "解锁" in page and "登录失败" in page and "waidanwei" not in page
    assert f"{reverse('accounts:audit-export')}?from={today()}&amp;to={today()}" in page


def test_a_bad_date_is_answered_in_chinese(cast, login):
    response = login(cast.chair_a).get(reverse("accounts:audit-export"), {"from": "2026-13-01", "to": today()},
                                       follow=True)
    assert response.status_code == 200 and "日期" in response.content.decode()


def test_the_cli_exports_an_org_subtree(cast, tmp_path):
    activity(cast)
    path = tmp_path / "留痕.xlsx"
    out, _ = run("audit", "export", "--org", "UA", "--from", today(), "--to", today(), "-o", str(path))
    assert "已导出“文化局工会”及其下级" in out
    body = rows(path)[2:]
    assert {"登录", "登录失败", "解锁", "新增"} <= {r[3] for r in body}
    assert ("张主席（zhangzhuxi）", "解锁") in {(r[1], r[3]) for r in body}
    assert not any("waidanwei" in str(r) for r in body)
    assert AuditEvent.objects.filter(action="export", object_type="audit", source="cli").exists()


def test_the_cli_refuses_an_org_the_user_does_not_administer(cast, tmp_path):
    with pytest.raises(CommandError, match="没有权限"):
        run("audit", "export", "--org", "UA-B1", "--period", "2026", "-o", str(tmp_path / "x.xlsx"),
            "--as-user", "liganshi")
    with pytest.raises(CommandError, match="找不到组织代码“UA”"):
        run("audit", "export", "--org", "UA", "--period", "2026", "-o", str(tmp_path / "x.xlsx"),
            "--as-user", "waidanwei")
