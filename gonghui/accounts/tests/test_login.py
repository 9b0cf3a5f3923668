"""Logging in and out, lock-out, password change and expiry (等保 level 2), through the pages."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts import services
from gonghui.accounts.models import User
from gonghui.accounts.scoping import SYSTEM
from gonghui.conftest import PASSWORD
from gonghui.core.models import AuditEvent

LOGIN = "/accounts/login/"


def login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_it_logs_in_by_username_and_records_it(cast, client):
    response = login(client, "zhangzhuxi")
    assert response.status_code == 302 and response.url == reverse("web:home")
    assert AuditEvent.objects.filter(action="login", actor=cast.chair_a).exists()


def test_it_logs_in_by_mobile_number(cast, client):
    user = services.user_create(actor=SYSTEM, username="mobileuser", password=PASSWORD, mobile="13912345678",
                                grants=[(cast.ua, "viewer")])
    response = login(client, "13912345678")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_wrong_password_is_refused_in_chinese_and_audited(cast, client):
    response = login(client, "zhangzhuxi", "wrong-Password1")
    assert response.status_code == 200
    assert "用户名/手机号或密码不正确" in response.content.decode()
    assert AuditEvent.objects.filter(action="login_failed", object_repr="zhangzhuxi").exists()


def test_logout_ends_the_session(cast, client):
    login(client, "zhangzhuxi")
    client.post(reverse("accounts:logout"))
    assert client.get("/people/").status_code == 302
    assert AuditEvent.objects.filter(action="logout", actor=cast.chair_a).exists()


def test_pages_need_a_login(client, db):
    response = client.get("/people/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_a_reset_password_must_be_changed_first(cast, client):
    new = services.password_reset(actor=cast.chair_a, user=cast.officer_a1)
    login(client, "liganshi", new)
    response = client.get("/people/")
    assert response.status_code == 302 and response.url == reverse("accounts:password-change")
    response = client.post(reverse("accounts:password-change"),
                           {"old_password": new, "new_password": "Newer#Pass2026", "new_password2": "Newer#Pass2026"})
    assert response.status_code == 302
    assert client.get("/people/").status_code == 200
    assert not User.objects.get(pk=cast.officer_a1.pk).must_change_password


def test_a_weak_new_password_is_refused_in_chinese(cast, client):
    login(client, "zhangzhuxi")
    response = client.post(reverse("accounts:password-change"),
                           {"old_password": PASSWORD, "new_password": "abc", "new_password2": "abc"})
    assert response.status_code == 200
    assert "至少需要8个字符" in response.content.decode()


def test_an_old_password_must_be_renewed(cast, client):
    User.objects.filter(pk=cast.chair_a.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    login(client, "zhangzhuxi")
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("accounts:password-change")


@override_settings(SESSION_COOKIE_AGE=1800)
def test_sessions_expire_after_thirty_idle_minutes(cast, client):
    login(client, "zhangzhuxi")
    assert client.session.get_expiry_age() == 1800


def test_an_admin_cannot_reset_a_password_outside_their_union(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.password_reset(actor=cast.admin_b, user=cast.officer_a1)
