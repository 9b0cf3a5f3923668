"""The scope guard: a query on a scoped model must start from `accounts.scoping.scoped()` (or `get_for`, or
`orgs.tree.within()` under an org fetched through them), or be wrapped in `unscoped("why")`.

pretix's ScopedManager idea, fitted to our scope (subtree x role x own record): the guard does not know the
scope itself, it only checks that somebody applied it. A query that did not raises `UnscopedQuery` when it
is evaluated, while a face is handling a request or a command (see `guarded()`), when the setting
GONGHUI_SCOPE_GUARD is on: in tests and under DEBUG. In production it costs one attribute test per query.

What counts as scoped:
- a queryset marked by `mark_scoped` (done by `scoped()` and `get_for()`),
- a related manager's queryset (`person.memberships.all()`): it starts from an object already read,
- anything evaluated inside `with unscoped("reason"):`.
Objects read through a marked queryset carry `fetched_through_scope(obj) == True`; `orgs.tree.within()` uses
that to let an org stand for permission to read its subtree.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.conf import settings
from django.db import models

_guarded: ContextVar[bool] = ContextVar("gonghui_scope_guarded", default=False)
_reasons: ContextVar[tuple[str, ...]] = ContextVar("gonghui_unscoped_reasons", default=())

SCOPED_ATTR = "_gonghui_scoped"
FETCHED_ATTR = "_gonghui_via_scope"


class UnscopedQuery(RuntimeError):
    """A scoped model was queried without scoped()/get_for()/within() and outside unscoped("why")."""


def guard_enabled() -> bool:
    return bool(getattr(settings, "GONGHUI_SCOPE_GUARD", False))


@contextlib.contextmanager
def guarded():
    """Check every query on a scoped model made inside (a request, a command), when the guard is enabled."""
    token = _guarded.set(guard_enabled())
    try:
        yield
    finally:
        _guarded.reset(token)


class unscoped(contextlib.ContextDecorator):
    """Queries inside may skip the scope; `reason` says why (it is required, and shows in tracebacks)."""

    def __init__(self, reason: str):
        if not reason or not reason.strip():
            raise ValueError("unscoped() needs a reason")
        self.reason = reason

    def __enter__(self):
        self._token = _reasons.set(_reasons.get() + (self.reason,))
        return self

    def __exit__(self, *exc):
        _reasons.reset(self._token)
        return False


def mark_scoped(qs: models.QuerySet) -> models.QuerySet:
    """`qs` with the mark that the scope was applied to it (kept by every queryset derived from it)."""
    qs = qs._chain()
    setattr(qs, SCOPED_ATTR, True)
    return qs


def is_marked(qs: models.QuerySet) -> bool:
    return getattr(qs, SCOPED_ATTR, False)


def mark_fetched(obj):
    """`obj`, counted as read through the scope: a service returns what it just created this way (the actor
    was allowed to write it there, so may read it)."""
    setattr(obj, FETCHED_ATTR, True)
    return obj


def fetched_through_scope(obj) -> bool:
    return getattr(obj, FETCHED_ATTR, False)


class ScopedQuerySet(models.QuerySet):
    """The queryset of every scoped model: checks at evaluation that the scope was applied."""

    def _clone(self):
        clone = super()._clone()
        if getattr(self, SCOPED_ATTR, False):
            setattr(clone, SCOPED_ATTR, True)
        return clone

    def _check_scope(self) -> None:
        if not _guarded.get() or _reasons.get() or getattr(self, SCOPED_ATTR, False):
            return
        if self._hints.get("instance") is not None:  # a related manager: starts from an object already read
            return
        if self.query.is_empty():  # .none(): reads nothing
            return
        raise UnscopedQuery(
            f"{self.model.__name__}: query outside scoped()/get_for()/within(); "
            f"start it from the scope or wrap it in unscoped('why')"
        )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scope()
            super()._fetch_all()
            if getattr(self, SCOPED_ATTR, False):
                for obj in self._result_cache:
                    if isinstance(obj, models.Model):
                        setattr(obj, FETCHED_ATTR, True)
        else:
            super()._fetch_all()

    def iterator(self, *args, **kwargs):
        self._check_scope()
        return super().iterator(*args, **kwargs)

    def count(self):
        if self._result_cache is None:
            self._check_scope()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._check_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._check_scope()
        return super().update(**kwargs)

    def delete(self):
        self._check_scope()
        return super().delete()


ScopedManager = models.Manager.from_queryset(ScopedQuerySet, "ScopedManager")


class ScopedModelMixin:
    """Django checks uniqueness over the whole table, whatever the scope: those queries are allowed."""

    def validate_unique(self, exclude=None):
        with unscoped("uniqueness is checked over the whole table"):
            return super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        with unscoped("constraints are checked over the whole table"):
            return super().validate_constraints(exclude=exclude)


def same_row(obj: models.Model) -> models.QuerySet:
    """A fresh queryset of `obj`'s own row, to lock or re-read it: scoped when `obj` was read through the
    scope (a service re-reading what its caller fetched with get_for)."""
    qs = type(obj).objects.filter(pk=obj.pk)
    return mark_scoped(qs) if fetched_through_scope(obj) else qs
