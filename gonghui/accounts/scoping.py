"""The one scoping function. Every read of records starts from `scoped`, every single fetch uses `get_for`.

A model takes part by declaring two class attributes:
    scope_org   lookup prefix that reaches the org's `path` ("" for Org itself, "org__" for Person,
                "org_" for AuditEvent whose string field is `org_path`)
    scope_own   lookup that equals the person id of the record's owner, or None; used for the 会员 role
                (a member sees their own record and nothing else)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from gonghui.accounts.roles import (
    ACCOUNT_ROLES,
    FULL_ID_ROLES,
    FULL_PHONE_ROLES,
    READ_ROLES,
    WRITE_ROLES,
    Role,
)
from gonghui.core.scope_guard import mark_scoped, unscoped
from gonghui.orgs.tree import subtree_q

CACHE_ATTR = "_gonghui_scope"


@dataclass(frozen=True)
class Scope:
    everything: bool  # superuser: the whole tree
    grants: tuple[tuple[str, str], ...] = ()  # (org path, role)
    person_id: int | None = None
    member_self: bool = False  # holds the 会员 role somewhere, or is linked to a person
    _paths_cache: dict = field(default_factory=dict, compare=False, hash=False)

    def paths(self, roles: frozenset) -> list[str]:
        """Top-most org paths where the user holds one of `roles` (nested paths dropped)."""
        key = roles
        if key not in self._paths_cache:
            paths = sorted({p for p, r in self.grants if r in roles})
            top: list[str] = []
            for p in paths:
                if not any(p.startswith(t) for t in top):
                    top.append(p)
            self._paths_cache[key] = top
        return self._paths_cache[key]

    def covers(self, path: str, roles: frozenset) -> bool:
        return self.everything or any(path.startswith(p) for p in self.paths(roles))


NOBODY = Scope(everything=False)
EVERYTHING = Scope(everything=True)


class SystemPrincipal:
    """The system itself: the CLI without --as-user, the demo, background work, run by whoever owns the data
    dir. The one spelling of "the system": passed as `actor=` to services and `viewer=` to selectors; its scope
    is the whole tree. `None` is nobody (an anonymous caller), never the system."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_system = True
    pk = None
    id = None
    person_id = None
    username = ""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemPrincipal()


def is_system(principal) -> bool:
    return principal is SYSTEM


def job_actor(job):
    """Who a background job acts for: its creator, or SYSTEM for a job the system started (no creator)."""
    return job.created_by if job.created_by_id else SYSTEM


def scope_of(user) -> Scope:
    if user is SYSTEM:
        return EVERYTHING
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, CACHE_ATTR, None)
    if cached is not None:
        return cached
    from gonghui.accounts.models import Grant

    with unscoped("a user's own grants are what their scope is made of"):
        grants = tuple(Grant.objects.filter(user_id=user.pk, org__status="active").values_list("org__path", "role"))
    scope = Scope(
        everything=user.is_superuser,
        grants=grants,
        person_id=user.person_id,
        member_self=user.person_id is not None,
    )
    setattr(user, CACHE_ATTR, scope)
    return scope


def forget_scope(user) -> None:
    if hasattr(user, CACHE_ATTR):
        delattr(user, CACHE_ATTR)


def _roles_for(write: bool) -> frozenset:
    return WRITE_ROLES if write else READ_ROLES


def scope_q(model: type[Model], user, *, write: bool = False, roles: frozenset | None = None) -> Q | None:
    """The filter for `model` rows this user may read (or write). None means no limit."""
    scope = scope_of(user)
    if scope.everything:
        return None
    q = Q(pk__in=[])
    for path in scope.paths(roles or _roles_for(write)):
        q |= subtree_q(path, model.scope_org)
    own = getattr(model, "scope_own", None)
    if own and scope.person_id and not write and roles is None:
        q |= Q(**{own: scope.person_id})
    return q


def scoped(qs: QuerySet, user, *, write: bool = False, roles: frozenset | None = None) -> QuerySet:
    """`qs` narrowed to what `user` may read (or write, or hold one of `roles` on), marked for the guard."""
    q = scope_q(qs.model, user, write=write, roles=roles)
    return mark_scoped(qs if q is None else qs.filter(q))


def get_for(user, qs_or_model, pk, *, write: bool = False) -> Model:
    """One record: 404 when missing or outside the user's scope (same answer), 403 when readable only."""
    qs = qs_or_model if isinstance(qs_or_model, QuerySet) else qs_or_model._default_manager.all()
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    obj = scoped(qs, user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    if write and not scoped(qs, user, write=True).filter(pk=pk).exists():
        raise PermissionDenied
    return obj


def org_path_of(obj) -> str:
    prefix = type(obj).scope_org
    target = obj
    if prefix == "org_":
        return obj.org_path
    for part in [p for p in prefix.split("__") if p]:
        target = getattr(target, part)
    return target.path


def can_write_org(user, org) -> bool:
    return scope_of(user).covers(org.path, WRITE_ROLES)


def can_manage_accounts(user, org=None) -> bool:
    scope = scope_of(user)
    if org is None:
        return scope.everything or bool(scope.paths(ACCOUNT_ROLES))
    return scope.covers(org.path, ACCOUNT_ROLES)


def require_write(user, org) -> None:
    if not can_write_org(user, org):
        raise PermissionDenied


def sees_full_id(user, person) -> bool:
    scope = scope_of(user)
    return scope.person_id == person.pk or scope.covers(person.org.path, FULL_ID_ROLES)


def sees_full_mobile(user, person) -> bool:
    scope = scope_of(user)
    return scope.person_id == person.pk or scope.covers(person.org.path, FULL_PHONE_ROLES)


def home_org_paths(user) -> list[str]:
    """The top-most orgs the user can read; the home page and the tree start there."""
    return scope_of(user).paths(READ_ROLES)


def grantable_roles(user, org) -> list[str]:
    return [r.value for r in Role] if can_manage_accounts(user, org) else []
