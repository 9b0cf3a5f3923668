"""Who may do what in the books. Finance (财务) writes, the chair (管理员) may also review, the 经审 committee
(经审) and the upper union (上级查看) read; officers and members do not see the books.

The finance and audit wings read through `scoped(..., roles=...)` (docs/architecture.md, the scope contract)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from gonghui.accounts.roles import Role
from gonghui.accounts.scoping import scope_of

FUNDS_READ_ROLES = frozenset({Role.ADMIN, Role.FINANCE, Role.AUDITOR, Role.VIEWER})
FUNDS_WRITE_ROLES = frozenset({Role.FINANCE})
FUNDS_REVIEW_ROLES = frozenset({Role.FINANCE, Role.ADMIN})


def can_read_books(user, org) -> bool:
    return scope_of(user).covers(org.path, FUNDS_READ_ROLES)


def can_write_books(user, org) -> bool:
    return scope_of(user).covers(org.path, FUNDS_WRITE_ROLES)


def can_review_vouchers(user, org) -> bool:
    return scope_of(user).covers(org.path, FUNDS_REVIEW_ROLES)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
