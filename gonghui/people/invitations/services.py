"""Member accounts (会员账号): an admin invites the members of a union, branch or group at once, or one person.

Each member gets an account linked to their person, the 会员 role on their own org, a first password shown once
on the invitation sheet, and must change it at first login. The login is the mobile number when it is free
(the login page takes a username or a mobile), else the member number. Members who already have an account
are left alone."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts import scoping
from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.accounts.services import generate_password, user_create
from gonghui.core.scope_guard import unscoped
from gonghui.orgs.models import Org
from gonghui.people.invitations.selectors import MEMBER_STATUSES, uninvited_members
from gonghui.people.models import Person

PASSWORD_LENGTH = 10  # typed from paper once, then changed


@dataclass(frozen=True)
class Invitation:
    person: Person
    username: str
    password: str


def _login_for(person: Person) -> tuple[str, str]:
    """(username, mobile): the mobile when no account uses it yet, else the member number or the person id."""
    with unscoped("logins are unique over all accounts"):
        taken = User.objects.filter(mobile=person.mobile).exists() if person.mobile else True
        username = person.mobile if not taken else (person.member_no or f"hy{person.pk}")
        while User.objects.filter(username=username).exists():
            username = f"hy{person.pk}" if username != f"hy{person.pk}" else f"hy{person.pk}x"
    return username, ("" if taken else person.mobile)


@transaction.atomic
def member_invite(*, actor, person: Person) -> Invitation:
    if not scoping.can_manage_accounts(actor, person.org):
        raise PermissionDenied
    if getattr(person, "account", None) is not None:
        raise ValidationError({"person": _("%(p)s已有账号（%(u)s），无需再邀请；忘记密码请重置。") % {
            "p": person.name, "u": person.account.username}})
    if person.member_status not in MEMBER_STATUSES:
        raise ValidationError({"person": _("%(p)s不是在册会员，不能开通会员账号。") % {"p": person.name}})
    username, mobile = _login_for(person)
    password = generate_password(PASSWORD_LENGTH)
    user_create(actor=actor, username=username, password=password, display_name=person.name, mobile=mobile,
                person=person, grants=[(person.org, Role.MEMBER)], must_change_password=True)
    return Invitation(person=person, username=username, password=password)


@transaction.atomic
def members_invite(*, actor, org: Org, limit: int | None = None) -> list[Invitation]:
    """Accounts for the members of `org`'s subtree who have none yet (all or none are created); with `limit`,
    the first that many (each first password costs a deliberate hash, ~0.5 s: a page invites in batches)."""
    if not scoping.can_manage_accounts(actor, org):
        raise PermissionDenied
    members = uninvited_members(org=org)
    return [member_invite(actor=actor, person=p) for p in (members[:limit] if limit else members)]
