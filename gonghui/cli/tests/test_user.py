import json

import pytest
from django.core.management.base import CommandError

from gonghui.accounts.models import Grant, User
from gonghui.cli.tests.helpers import run
from gonghui.conftest import PASSWORD


def test_it_adds_a_user_with_a_role_and_prints_the_generated_password(cast):
    out, _ = run("user", "add", "--username", "xiaoli", "--role", "officer", "--org", "UA-B1", "--name", "小李",
                 "--mobile", "13700137000")
    user = User.objects.get(username="xiaoli")
    password = out.splitlines()[0].split("：", 1)[1]
    assert user.check_password(password)
    assert user.display_name == "小李" and user.mobile == "13700137000"
    assert list(user.grants.values_list("org__code", "role")) == [("UA-B1", "officer")]
    assert out.splitlines()[-1] == "已新增账号“xiaoli”：机关分会 干事。"


def test_it_uses_the_given_password(cast):
    out, _ = run("user", "add", "--username", "xiaoli", "--password", PASSWORD, "--role", "viewer", "--org", "FED")
    assert User.objects.get(username="xiaoli").check_password(PASSWORD)
    assert PASSWORD not in out


def test_it_refuses_a_duplicate_username(cast):
    with pytest.raises(CommandError, match="用户名“zhangzhuxi”已存在"):
        run("user", "add", "--username", "zhangzhuxi", "--role", "viewer", "--org", "FED")


def test_it_refuses_a_bad_role(cast):
    with pytest.raises(CommandError, match="角色“boss”无效，可选：admin（管理员）"):
        run("user", "add", "--username", "xiaoli", "--role", "boss", "--org", "FED")
    assert not User.objects.filter(username="xiaoli").exists()


def test_it_refuses_a_weak_password(cast):
    with pytest.raises(CommandError, match="密码需包含"):
        run("user", "add", "--username", "xiaoli", "--password", "abcdefgh", "--role", "viewer", "--org", "FED")


def test_it_grants_and_revokes_a_role(cast):
    run("user", "grant", "--username", "liganshi", "--role", "finance", "--org", "UA")
    assert Grant.objects.filter(user=cast.officer_a1, org=cast.ua, role="finance").exists()
    out, _ = run("user", "revoke", "--username", "liganshi", "--role", "finance", "--org", "UA")
    assert not Grant.objects.filter(user=cast.officer_a1, org=cast.ua, role="finance").exists()
    assert out.strip() == "已收回“liganshi”：文化局工会 财务。"


def test_it_says_when_there_is_nothing_to_revoke(cast):
    with pytest.raises(CommandError, match="没有财务角色，无需收回"):
        run("user", "revoke", "--username", "liganshi", "--role", "finance", "--org", "UA")


def test_it_keeps_a_union_admin_from_granting_in_another_union(cast):
    with pytest.raises(CommandError, match="不在账号“waidanwei”的管理范围内"):
        run("user", "grant", "--as-user", "waidanwei", "--username", "liganshi", "--role", "admin", "--org", "UA")
    assert not Grant.objects.filter(user=cast.officer_a1, role="admin").exists()


def test_it_lets_a_union_admin_grant_inside_their_union(cast):
    run("user", "grant", "--as-user", "zhangzhuxi", "--username", "liganshi", "--role", "finance", "--org", "UA")
    assert Grant.objects.filter(user=cast.officer_a1, org=cast.ua, role="finance").exists()


def test_it_resets_a_password_and_prints_the_new_one(cast):
    out, _ = run("user", "reset-password", "--username", "liganshi")
    new = out.splitlines()[0].split("：", 1)[1]
    cast.officer_a1.refresh_from_db()
    assert cast.officer_a1.check_password(new)
    assert not cast.officer_a1.check_password(PASSWORD)
    assert cast.officer_a1.must_change_password


def test_it_refuses_to_reset_an_unknown_user(cast):
    with pytest.raises(CommandError, match="找不到账号“nobody”"):
        run("user", "reset-password", "--username", "nobody")


def test_it_lists_users_as_json(cast):
    out, _ = run("user", "list", "--json")
    rows = {r["username"]: r for r in json.loads(out)}
    assert rows["zhangzhuxi"]["grants"] == [{"role": "admin", "org": "UA"}]
    assert rows["root"]["is_superuser"] is True


def test_it_lists_only_the_accounts_a_union_admin_manages(cast):
    out, _ = run("user", "list", "--as-user", "waidanwei")
    assert "waidanwei" in out and "zhangzhuxi" not in out
    assert out.splitlines()[-1] == "共1个账号。"


def test_it_creates_an_admin_non_interactively(db):
    out, _ = run("createadmin", "--username", "boss", "--no-input")
    password = out.splitlines()[0].split("：", 1)[1]
    user = User.objects.get(username="boss")
    assert user.is_superuser and user.check_password(password)


def test_it_creates_an_admin_with_a_given_password(db):
    run("createadmin", "--password", PASSWORD)
    assert User.objects.get(username="admin").check_password(PASSWORD)
