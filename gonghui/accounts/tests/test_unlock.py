"""An admin ends a lock or a wait: on the account page and from the shell, audited as "unlock"."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from gonghui.accounts import lockout, services
from gonghui.accounts.models import LoginFailure
from gonghui.cli.tests.helpers import run
from gonghui.conftest import PASSWORD
from gonghui.core.models import AuditEvent

WRONG = "wrong-Password1"


def lock(username, times=10):
    for _ in range(times):
        lockout.record_failure(username, "10.0.0.1")


def test_the_account_page_shows_the_lock_and_unlocks_it_by_post(cast, login):
    lock("liganshi")
    client = login(cast.chair_a)
    page = client.get(reverse("accounts:user-detail", args=[cast.officer_a1.pk])).content.decode()
    assert "近期连续登录失败 10 次，已锁定至" in page
    response = client.post(reverse("accounts:user-unlock", args=[cast.officer_a1.pk]))
    assert response.status_code == 302
    assert not LoginFailure.objects.exists()
    event = AuditEvent.objects.get(action="unlock")
    assert event.actor == cast.chair_a and event.object_id == str(cast.officer_a1.pk)
    assert event.changes == {"failures": [10, 0]} and event.org_path == cast.ua_b1.path
    page = client.get(reverse("accounts:user-detail", args=[cast.officer_a1.pk])).content.decode()
    assert "解锁</td>" in page and "近期没有登录失败记录" in page
    assert Client().post("/accounts/login/", {"username": "liganshi", "password": PASSWORD}).status_code == 302


def test_unlock_is_a_post(cast, login):
    lock("liganshi")
    response = login(cast.chair_a).get(reverse("accounts:user-unlock", args=[cast.officer_a1.pk]))
    assert response.status_code == 405
    assert LoginFailure.objects.count() == 10


def test_another_union_admin_cannot_unlock(cast):
    lock("liganshi")
    with pytest.raises(PermissionDenied):
        services.account_unlock(actor=cast.admin_b, user=cast.officer_a1)
    assert LoginFailure.objects.count() == 10


def test_an_account_without_failures_needs_no_unlock(cast, login):
    client = login(cast.chair_a)
    response = client.post(reverse("accounts:user-unlock", args=[cast.officer_a1.pk]), follow=True)
    assert "没有登录失败记录，无需解锁" in response.content.decode()
    assert not AuditEvent.objects.filter(action="unlock").exists()


def test_the_cli_unlocks_an_account(cast):
    lock("liganshi", 4)
    out, _ = run("user", "unlock", "--username", "liganshi")
    assert out.strip() == "已解锁账号“liganshi”，清除了4次登录失败记录。"
    assert not LoginFailure.objects.exists()
    assert AuditEvent.objects.get(action="unlock").source == "cli"


def test_the_cli_unlock_as_another_union_admin_is_refused(cast):
    lock("liganshi")
    with pytest.raises(CommandError, match="找不到账号“liganshi”"):
        run("user", "unlock", "--username", "liganshi", "--as-user", "waidanwei")
