"""Who may write ledgers: one answer for the services, the attachments, the selectors and the Excel jobs."""

from __future__ import annotations

from gonghui.accounts.roles import Role
from gonghui.accounts.scoping import scope_of
from gonghui.orgs.models import Org

# A 小组长 records the work of their own group; 干事 and 管理员 of their subtree.
LEDGER_WRITE_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.GROUP_LEADER})


def can_write_ledgers(user, org: Org) -> bool:
    return scope_of(user).covers(org.path, LEDGER_WRITE_ROLES)
