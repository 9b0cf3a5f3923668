"""Login throttling (等保 身份鉴别 b): delays before a lock, one count per account, a limit per address."""

import datetime as dt

import pytest
from django.db.models import F
from django.test import Client

from gonghui.accounts import lockout, services
from gonghui.accounts.models import LoginFailure
from gonghui.accounts.scoping import SYSTEM
from gonghui.conftest import PASSWORD
from gonghui.core.models import AuditEvent

LOGIN = "/accounts/login/"
WRONG = "wrong-Password1"


def attempt(client, username, password=WRONG, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def age(seconds):
    """Let time pass for the failures already counted."""
    LoginFailure.objects.update(at=F("at") - dt.timedelta(seconds=seconds))


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        response = attempt(client, username, address=address)
        assert response.status_code == 200, response.content.decode()
        age(600)  # past any delay, inside the window


def test_it_lets_three_failures_pass_without_a_wait(cast, client):
    for _ in range(3):
        assert attempt(client, "zhangzhuxi").status_code == 200
    assert LoginFailure.objects.count() == 3


def test_after_three_failures_the_next_attempt_waits_and_says_how_long(cast, client):
    for _ in range(3):
        attempt(client, "zhangzhuxi")
    response = attempt(client, "zhangzhuxi", PASSWORD)
    assert response.status_code == 429
    assert "请等待2秒后再试" in response.content.decode()
    assert "_auth_user_id" not in client.session
    age(3)
    assert attempt(client, "zhangzhuxi", PASSWORD).status_code == 302


def test_the_wait_doubles_with_each_failure(cast, client):
    fail(client, "zhangzhuxi", 5)
    state = lockout.account_state(f"user:{cast.chair_a.pk}")
    assert state.failures == 5 and not state.locked
    assert (state.until - LoginFailure.objects.latest("at").at).total_seconds() == 8


def test_ten_failures_lock_the_account_for_thirty_minutes_even_for_the_right_password(cast, client):
    fail(client, "zhangzhuxi", 10)
    LoginFailure.objects.update(at=F("at") + dt.timedelta(seconds=600))  # the last one just now
    response = attempt(client, "zhangzhuxi", PASSWORD)
    assert response.status_code == 429
    assert "账号已锁定。请30分钟后再试，或请管理员解锁" in response.content.decode()
    assert AuditEvent.objects.filter(action="lockout", object_id=str(cast.chair_a.pk)).exists()
    age(31 * 60)
    assert attempt(client, "zhangzhuxi", PASSWORD).status_code == 302


def test_username_and_mobile_share_one_count(cast, client):
    user = services.user_create(actor=SYSTEM, username="mobileuser", password=PASSWORD, mobile="13912345678",
                                grants=[(cast.ua, "viewer")])
    attempt(client, "mobileuser")
    attempt(client, "13912345678")
    attempt(client, "mobileuser")
    assert set(LoginFailure.objects.values_list("account", flat=True)) == {f"user:{user.pk}"}
    assert attempt(client, "13912345678", PASSWORD).status_code == 429


def test_an_unknown_name_counts_under_itself_and_is_answered_alike(cast, client):
    for _ in range(3):
        attempt(client, "nosuchuser")
    response = attempt(client, "nosuchuser")
    assert response.status_code == 429 and "请等待2秒后再试" in response.content.decode()
    assert set(LoginFailure.objects.values_list("account", flat=True)) == {"name:nosuchuser"}
    assert attempt(client, "zhangzhuxi", PASSWORD).status_code == 302


def test_a_success_clears_the_count(cast, client):
    attempt(client, "zhangzhuxi")
    attempt(client, "zhangzhuxi")
    assert attempt(client, "zhangzhuxi", PASSWORD).status_code == 302
    assert not LoginFailure.objects.exists()


def test_one_address_spraying_many_accounts_is_stopped(cast, client):
    for i in range(10):
        attempt(client, f"spray{i}")
    response = attempt(client, "zhangzhuxi", PASSWORD)
    assert response.status_code == 429
    assert "分钟后再试" in response.content.decode()
    assert AuditEvent.objects.filter(action="lockout", object_type="address", object_repr="10.0.0.1").exists()
    # the same account from another address, and the address an hour later, may try again
    assert attempt(Client(), "zhangzhuxi", PASSWORD, address="10.0.0.2").status_code == 302
    age(61 * 60)
    assert attempt(client, "liganshi", PASSWORD).status_code == 302


def test_one_person_mistyping_does_not_block_their_office(cast, client):
    for _ in range(3):
        attempt(client, "liganshi")
    assert attempt(Client(), "zhangzhuxi", PASSWORD).status_code == 302


def test_a_lock_never_ends_a_session_already_logged_in(cast, client):
    assert attempt(client, "zhangzhuxi", PASSWORD, address="10.0.0.9").status_code == 302
    fail(Client(), "zhangzhuxi", 10)
    assert lockout.account_state(f"user:{cast.chair_a.pk}").locked
    assert client.get("/people/").status_code == 200
    assert client.get(f"/accounts/users/{cast.officer_a1.pk}/").status_code == 200


def test_failed_logins_are_audited_under_the_account_union(cast, client):
    attempt(client, "zhangzhuxi")
    event = AuditEvent.objects.get(action="login_failed")
    assert event.object_id == str(cast.chair_a.pk) and event.org_path == cast.ua.path
    assert event.source == "10.0.0.1" and event.changes == {"failures": [None, 1]}


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_name_is_a_form_error_not_a_failure(cast, client, name):
    attempt(client, name)
    assert not LoginFailure.objects.exists()
