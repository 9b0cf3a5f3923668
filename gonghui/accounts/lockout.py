"""Login throttling (等保 身份鉴别 b): wrong passwords slow an account down before they lock it.

Per account (username and mobile resolve to the same account; an unknown name counts under itself): the
first FREE failures cost nothing, then each further attempt waits 2^n seconds (capped) after the last
failure, and LOCK_AT failures lock it for LOCK_MINUTES. A success or an admin's unlock clears the count;
failures older than the window drop out of it.
Per client address: when one address has failed on ADDRESS_LIMIT different accounts within the window,
it waits until the oldest of them leaves the window. That stops spraying one password over many accounts
without locking an office behind one NAT address, where one person mistyping stays one account.

The check runs only when someone tries to log in: a lock never touches a session already logged in.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.backends import resolve_account
from gonghui.accounts.models import LoginFailure, User

log = logging.getLogger("gonghui.security")


@dataclass(frozen=True)
class Rules:
    free: int = 3
    lock_at: int = 10
    lock_minutes: int = 30
    max_delay_seconds: int = 300
    window_hours: int = 24
    address_limit: int = 10
    address_window_minutes: int = 60


def rules() -> Rules:
    return Rules(
        free=settings.GONGHUI_LOGIN_FREE_FAILURES,
        lock_at=settings.GONGHUI_LOGIN_LOCK_FAILURES,
        lock_minutes=settings.GONGHUI_LOCKOUT_MINUTES,
        max_delay_seconds=settings.GONGHUI_LOGIN_MAX_DELAY_SECONDS,
        address_limit=settings.GONGHUI_LOGIN_ADDRESS_LIMIT,
        address_window_minutes=settings.GONGHUI_LOGIN_ADDRESS_WINDOW_MINUTES,
    )


def account_key(name: str) -> tuple[str, User | None]:
    user = resolve_account(name)
    return (f"user:{user.pk}", user) if user is not None else (f"name:{(name or '').strip()[:150]}", None)


@dataclass(frozen=True)
class State:
    failures: int
    locked: bool  # the hard lock, not a delay
    until: dt.datetime | None  # no attempt before this moment

    def wait_seconds(self, now: dt.datetime) -> int:
        return max(0, math.ceil((self.until - now).total_seconds())) if self.until else 0


def account_state(key: str, now: dt.datetime | None = None, r: Rules | None = None) -> State:
    now, r = now or timezone.now(), r or rules()
    times = list(LoginFailure.objects.filter(account=key, at__gt=now - dt.timedelta(hours=r.window_hours))
                 .order_by("-at").values_list("at", flat=True)[: r.lock_at])
    n = len(times)
    if n >= r.lock_at:
        return State(n, True, times[0] + dt.timedelta(minutes=r.lock_minutes))
    if n >= r.free:
        return State(n, False, times[0] + dt.timedelta(seconds=min(2 ** (n - r.free + 1), r.max_delay_seconds)))
    return State(n, False, None)


def address_until(address: str, now: dt.datetime | None = None, r: Rules | None = None) -> dt.datetime | None:
    """When the address may try again, or None: the moment it drops under the limit of failed accounts."""
    if not address:
        return None
    now, r = now or timezone.now(), r or rules()
    window = dt.timedelta(minutes=r.address_window_minutes)
    latest: dict[str, dt.datetime] = {}
    for account, at in LoginFailure.objects.filter(address=address, at__gt=now - window).values_list("account", "at"):
        latest[account] = max(at, latest.get(account, at))
    if len(latest) < r.address_limit:
        return None
    times = sorted(latest.values())
    return times[len(times) - r.address_limit] + window


def refusal(name: str, address: str) -> str | None:
    """The Chinese reason this attempt may not be made now, or None when it may."""
    now = timezone.now()
    key, _user = account_key(name)
    state = account_state(key, now)
    until = address_until(address, now)
    waits = [state.wait_seconds(now), math.ceil((until - now).total_seconds()) if until else 0]
    wait = max(waits)
    if wait <= 0:
        return None
    log.warning("login refused for %s from %s: wait %ss", key, address or "-", wait)
    if state.locked and waits[0] == wait:
        return _("登录失败次数过多，账号已锁定。请%(m)d分钟后再试，或请管理员解锁。") % {"m": math.ceil(wait / 60)}
    if wait >= 120:
        return _("登录失败次数过多，请%(m)d分钟后再试。") % {"m": math.ceil(wait / 60)}
    return _("登录失败次数过多，请等待%(s)d秒后再试。") % {"s": wait}


def record_failure(name: str, address: str) -> tuple[str, User | None, State, bool]:
    """Count a wrong password. Returns the account key, the account, its state and whether this failure made
    the address reach its limit."""
    now, r = timezone.now(), rules()
    key, user = account_key(name)
    LoginFailure.objects.filter(at__lt=now - dt.timedelta(hours=r.window_hours)).delete()
    before = address_until(address, now, r) is not None
    LoginFailure.objects.create(at=now, account=key, address=address[:64])
    address_blocked = not before and address_until(address, now, r) is not None
    return key, user, account_state(key, now, r), address_blocked


def clear(user: User) -> int:
    """Forget the account's failures (a success, an admin's unlock). Returns how many there were."""
    deleted, _per_model = LoginFailure.objects.filter(account=f"user:{user.pk}").delete()
    return deleted
