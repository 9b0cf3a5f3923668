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


# 福利发放 and the limits: the union's head (管理员) or finance; the findings on vouchers: the 经审 only.
WELFARE_WRITE_ROLES = frozenset({Role.FINANCE, Role.ADMIN})
AUDIT_ROLES = frozenset({Role.AUDITOR})


def can_issue_welfare(user, org) -> bool:
    return scope_of(user).covers(org.path, WELFARE_WRITE_ROLES)


def can_audit_books(user, org) -> bool:
    return scope_of(user).covers(org.path, AUDIT_ROLES)


# 物资台账 (库存物品, 职工书屋): kept by finance or the union's head (the material is "有专人兼管"); the drafts it
# posts are reviewed by finance like any draft.
STOCK_WRITE_ROLES = frozenset({Role.FINANCE, Role.ADMIN})


def can_keep_stock(user, org) -> bool:
    return scope_of(user).covers(org.path, STOCK_WRITE_ROLES)
