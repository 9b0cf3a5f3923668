"""会员账号: an admin opens accounts for a group's members at once (login = mobile, a first password that must
be changed), or for one person from the CLI; a member's account sees only their own record."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from gonghui.accounts.models import User
from gonghui.accounts.scoping import SYSTEM
from gonghui.cli.tests.helpers import run
from gonghui.people.invitations.selectors import uninvited_members
from gonghui.people.invitations.services import members_invite
from gonghui.people.services import membership_event_add


def _join(*people):
    for p in people:
        membership_event_add(actor=SYSTEM, person=p, kind="join", date=dt.date(2024, 3, 1))


def test_it_opens_accounts_for_the_members_of_a_union_once(cast):
    _join(cast.zhou_person, cast.wu_person)
    invitations = members_invite(actor=cast.chair_a, org=cast.ua)
    assert [i.person for i in invitations] == [cast.zhou_person]  # 王会员 has an account; 吴工人 is in UB
    inv = invitations[0]
    user = User.objects.get(username=inv.username)
    assert inv.username == "13800138002" and user.mobile == "13800138002" and user.person == cast.zhou_person
    assert user.check_password(inv.password) and user.must_change_password
    assert list(user.grants.values_list("org__code", "role")) == [("UA-G2", "member")]
    assert list(uninvited_members(org=cast.ua)) == []
    assert members_invite(actor=cast.chair_a, org=cast.ua) == []  # nobody twice


def test_it_leaves_inviting_to_the_admins_of_the_org(cast):
    _join(cast.zhou_person)
    with pytest.raises(PermissionDenied):
        members_invite(actor=cast.officer_a1, org=cast.ua)
    with pytest.raises(PermissionDenied):
        members_invite(actor=cast.admin_b, org=cast.ua)


def test_it_links_an_account_to_a_person_from_the_cli(cast):
    run("user", "add", "--username", "zhoushifu", "--role", "member", "--org", "UA-G2",
        "--person", cast.zhou_person.id_number.lower())
    user = User.objects.get(username="zhoushifu")
    assert user.person == cast.zhou_person and user.display_name == "周师傅"
    with pytest.raises(CommandError, match="没有找到身份证号"):
        run("user", "add", "--username", "x2", "--role", "member", "--org", "UA", "--person", "110101199001011234")


def test_it_invites_one_member_from_the_cli_and_refuses_a_non_member(cast):
    with pytest.raises(CommandError, match="不是在册会员"):
        run("user", "invite", "--org", "UA", "--person", cast.zhou_person.id_number)
    _join(cast.zhou_person)
    out, _ = run("user", "invite", "--org", "UA", "--person", cast.zhou_person.id_number)
    name, org, username, password = out.splitlines()[0].split("\t")
    assert (name, org, username) == ("周师傅", "后勤小组", "13800138002")
    assert User.objects.get(username=username).check_password(password)


def test_it_invites_in_batches_when_asked(cast):
    _join(cast.wang_person, cast.zhou_person)
    cast.member_a.person = None  # 王会员 without an account: two to invite
    cast.member_a.save()
    first = members_invite(actor=cast.chair_a, org=cast.ua, limit=1)
    assert len(first) == 1 and uninvited_members(org=cast.ua).count() == 1
