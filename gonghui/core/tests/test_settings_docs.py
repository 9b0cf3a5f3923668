"""What README and docs/deploy.md say about configuration is what settings.py does: every variable an operator
may set is documented, and the documented defaults (session idle time, audit retention, login limits...) are
the ones a fresh environment gets."""

from __future__ import annotations

import datetime as dt
import os
import re
import runpy
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

import gonghui.settings

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = Path(gonghui.settings.__file__)
# Read by settings.py for development and the test suite only.
NOT_FOR_OPERATORS = {"GONGHUI_TESTING", "GONGHUI_TEST_SQLITE", "GONGHUI_SCOPE_GUARD"}
# Documented variable -> the setting it becomes, as the number or flag the table shows.
SAME_NAME = ["GONGHUI_LOGIN_FREE_FAILURES", "GONGHUI_LOGIN_MAX_DELAY_SECONDS", "GONGHUI_LOCKOUT_MINUTES",
             "GONGHUI_LOGIN_ADDRESS_LIMIT", "GONGHUI_LOGIN_ADDRESS_WINDOW_MINUTES", "GONGHUI_AUDIT_KEEP_DAYS",
             "GONGHUI_REPORT_JOBS_PER_USER", "GONGHUI_REPORT_KEEP_DAYS", "GONGHUI_JOIN_ADDRESS_LIMIT",
             "GONGHUI_JOIN_ADDRESS_WINDOW_MINUTES"]
DEFAULTS = {name: (lambda s, n=name: s[n]) for name in SAME_NAME} | {
    "GONGHUI_DEBUG": lambda s: s["DEBUG"],
    "GONGHUI_HTTPS": lambda s: s["SESSION_COOKIE_SECURE"] or s["CSRF_COOKIE_SECURE"],
    "GONGHUI_SESSION_IDLE_MINUTES": lambda s: s["SESSION_COOKIE_AGE"] // 60,
    "GONGHUI_LOGIN_FAILURE_LIMIT": lambda s: s["GONGHUI_LOGIN_LOCK_FAILURES"],
    "GONGHUI_PASSWORD_MAX_AGE_DAYS": lambda s: s["PASSWORD_MAX_AGE_DAYS"],
}


def documented(path: Path) -> dict[str, str]:
    """Variable -> its default cell, from the configuration table of a markdown file (`A` / `B` rows pair the
    variables with the backquoted defaults in order)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        names = re.findall(r"`([A-Z_]+)`", cells[0])
        values = re.findall(r"`([^`]*)`", cells[2])
        for i, name in enumerate(names):
            found[name] = values[i] if len(values) == len(names) else cells[2]
    return found


def fresh_settings(monkeypatch, tmp_path, **env) -> dict:
    """settings.py as a server with no GONGHUI_* variable (but `env`) would read it."""
    for name in list(os.environ):
        if name.startswith("GONGHUI_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("GONGHUI_DATA_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_every_variable_an_operator_may_set_is_documented():
    read = set(re.findall(r'"(GONGHUI_[A-Z_]+)"', SETTINGS.read_text(encoding="utf-8"))) - NOT_FOR_OPERATORS
    docs = documented(ROOT / "README.md").keys() | documented(ROOT / "docs" / "deploy.md").keys()
    assert sorted(read - docs) == []


def test_the_documented_defaults_are_the_defaults(monkeypatch, tmp_path):
    fresh = fresh_settings(monkeypatch, tmp_path)
    checked = set()
    for path in (ROOT / "README.md", ROOT / "docs" / "deploy.md"):
        for name, default in documented(path).items():
            if name in DEFAULTS:
                checked.add(name)
                shown = {"true": True, "false": False}.get(default, default)
                actual = DEFAULTS[name](fresh)
                assert str(actual) == str(shown), f"{path.name}: {name} documented {default!r}, is {actual!r}"
    assert checked == set(DEFAULTS)
    assert fresh["GONGHUI_TRUSTED_PROXIES"] == ()  # 空：不信任任何代理


def test_session_and_audit_settings_do_what_the_docs_say(monkeypatch, tmp_path):
    fresh = fresh_settings(monkeypatch, tmp_path)
    assert fresh["SESSION_SAVE_EVERY_REQUEST"]  # 无操作自动退出: idle time, renewed by every request
    assert fresh["SESSION_COOKIE_HTTPONLY"]
    https = fresh_settings(monkeypatch, tmp_path, GONGHUI_HTTPS="true", GONGHUI_SESSION_IDLE_MINUTES="15")
    assert https["SESSION_COOKIE_SECURE"] and https["CSRF_COOKIE_SECURE"]  # 会话和 CSRF Cookie 只经 HTTPS 发送
    assert https["SESSION_COOKIE_AGE"] == 15 * 60
    with pytest.raises(ImproperlyConfigured, match="at least 180"):  # 小于 180 拒绝启动
        fresh_settings(monkeypatch, tmp_path, GONGHUI_AUDIT_KEEP_DAYS="179")


def test_an_idle_session_ends_and_a_used_one_is_renewed(cast, login):
    client = login(cast.officer_a1)
    assert client.get("/").status_code == 200
    session = Session.objects.get()
    idle = dt.timedelta(minutes=30)
    assert abs(session.expire_date - (timezone.now() + idle)) < dt.timedelta(minutes=1)
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=5))
    client.get("/")  # used: thirty more minutes from now
    assert Session.objects.get().expire_date > timezone.now() + idle - dt.timedelta(minutes=1)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))  # idle past the limit
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
