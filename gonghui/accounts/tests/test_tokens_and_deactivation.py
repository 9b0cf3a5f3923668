"""API tokens (list, revoke, expiry, revoked with the account) and deactivating accounts, through pages, CLI
and the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts import services
from gonghui.accounts.models import ApiToken
from gonghui.accounts.scoping import SYSTEM
from gonghui.cli.tests.helpers import run
from gonghui.core.models import AuditEvent


def api_get(_client, token, path="/api/v1/orgs"):
    """A script's call: a fresh client with no session, only the token."""
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_stops_working_when_it_expires(cast, client):
    token = services.token_create(actor=cast.chair_a, user=cast.chair_a, name="脚本", expires_in_days=1)
    assert api_get(client, token).status_code == 200
    ApiToken.objects.filter(prefix=token[:10]).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api_get(client, token).status_code == 401


def test_token_use_writes_its_last_used_time_at_most_once_a_minute(cast, client):
    token = services.token_create(actor=cast.chair_a, user=cast.chair_a)
    api_get(client, token)
    first = ApiToken.objects.get(prefix=token[:10]).last_used_at
    assert first is not None
    api_get(client, token)
    assert ApiToken.objects.get(prefix=token[:10]).last_used_at == first


def test_a_password_reset_by_an_admin_revokes_every_token_of_the_user(cast, client):
    token = services.token_create(actor=cast.officer_a1, user=cast.officer_a1)
    services.password_reset(actor=cast.chair_a, user=cast.officer_a1)
    assert api_get(client, token).status_code == 401
    row = ApiToken.objects.get(prefix=token[:10])
    assert row.revoked and row.revoked_at is not None


def test_a_deactivated_account_cannot_log_in_or_use_its_tokens_and_can_be_reactivated(cast, client, login):
    token = services.token_create(actor=cast.officer_a1, user=cast.officer_a1)
    admin = login(cast.chair_a)
    response = admin.post(reverse("accounts:user-deactivate", args=[cast.officer_a1.pk]), follow=True)
    assert "已停用账号" in response.content.decode()
    cast.officer_a1.refresh_from_db()
    assert not cast.officer_a1.is_active
    assert api_get(client, token).status_code == 401
    assert AuditEvent.objects.filter(object_type="user", object_id=str(cast.officer_a1.pk),
                                     changes__is_active=[True, False]).exists()
    response = admin.post(reverse("accounts:user-reactivate", args=[cast.officer_a1.pk]), follow=True)
    assert "已重新启用" in response.content.decode()
    cast.officer_a1.refresh_from_db()
    assert cast.officer_a1.is_active
    assert api_get(client, token).status_code == 401  # revoked tokens stay revoked


def test_only_an_admin_over_the_account_may_deactivate_it(cast, login):
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=cast.admin_b, user=cast.officer_a1)
    with pytest.raises(ValidationError, match="自己"):
        services.user_deactivate(actor=cast.chair_a, user=cast.chair_a)
    outsider = login(cast.admin_b)
    assert outsider.post(reverse("accounts:user-deactivate", args=[cast.officer_a1.pk])).status_code == 404


def test_the_token_page_lists_own_and_managed_tokens_and_revokes_them(cast, login):
    mine = services.token_create(actor=cast.chair_a, user=cast.chair_a, name="我的脚本")
    theirs = services.token_create(actor=cast.officer_a1, user=cast.officer_a1, name="干事的脚本")
    services.token_create(actor=cast.admin_b, user=cast.admin_b, name="外单位脚本")
    page = login(cast.chair_a).get(reverse("accounts:token-list"))
    html = page.content.decode()
    assert mine[:10] in html and theirs[:10] in html and "外单位脚本" not in html
    assert mine not in html  # only the prefix is ever shown again
    assert "no-store" in page["Cache-Control"]
    officer_token = ApiToken.objects.get(prefix=theirs[:10])
    outsider = login(cast.admin_b)
    assert outsider.post(reverse("accounts:token-revoke", args=[officer_token.pk])).status_code == 404
    client = login(cast.chair_a)
    client.post(reverse("accounts:token-revoke", args=[officer_token.pk]))
    officer_token.refresh_from_db()
    assert officer_token.revoked


def test_an_officer_creates_a_token_on_the_page_and_sees_it_once(cast, login):
    client = login(cast.officer_a1)
    html = client.post(reverse("accounts:token-list"), {"name": "导出脚本", "days": "30"}).content.decode()
    row = ApiToken.objects.get(user=cast.officer_a1)
    assert "只显示这一次" in html and row.prefix in html
    assert row.expires_at is not None and (row.expires_at - timezone.now()).days in (29, 30)
    html = client.post(reverse("accounts:token-list"), {"name": "x", "days": "99999"}).content.decode()
    assert "有效天数应在1到3650之间" in html


def test_the_cli_lists_and_revokes_tokens_and_deactivates_accounts(cast):
    token = services.token_create(actor=SYSTEM, user=cast.officer_a1, name="对账")
    out, _ = run("token", "list", "--json")
    rows = json.loads(out)
    assert {"username": "liganshi", "prefix": token[:10], "name": "对账"}.items() <= rows[0].items()
    assert token not in out
    out, _ = run("token", "revoke", "--username", "liganshi", "--prefix", token[:10])
    assert "已吊销" in out
    assert ApiToken.objects.get(prefix=token[:10]).revoked
    run("user", "deactivate", "--username", "liganshi")
    cast.officer_a1.refresh_from_db()
    assert not cast.officer_a1.is_active
    run("user", "activate", "--username", "liganshi")
    cast.officer_a1.refresh_from_db()
    assert cast.officer_a1.is_active


def test_a_session_that_must_change_its_password_is_refused_by_the_api_but_a_token_is_not(cast, login, client):
    token = services.token_create(actor=cast.officer_a1, user=cast.officer_a1)
    browser = login(cast.officer_a1)
    cast.officer_a1.must_change_password = True
    cast.officer_a1.save(update_fields=["must_change_password"])
    response = browser.get(f"/api/v1/people?org={cast.ua_b1.code}")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert api_get(client, token).status_code == 200


def test_the_account_page_shows_its_cards_in_the_page_and_only_the_name_in_the_title(cast, login):
    html = login(cast.chair_a).get(reverse("accounts:user-detail", args=[cast.officer_a1.pk])).content.decode()
    title = html[html.index("<title>"):html.index("</title>")]
    assert title == "<title>liganshi · 工会工作平台"
    body = html[html.index("<main"):]
    assert "停用账号" in body and "操作记录" in body
