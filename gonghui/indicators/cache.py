"""The indicator value cache: a raw value is reused while the data versions of the tables it read are unchanged.

A raw value (before coercion and rates) is kept per (what, code, org, period, today) with the data versions
of the tables its queries read (versions.py), taken before computing it; it is used while those are
unchanged. The org's own table counts for every value (a moved or new org changes any subtree). Values are
kept only for an org read through the scope (or with the scope guard off, as in production), so the guard
still checks every query it would check without the cache. `GONGHUI_INDICATOR_CACHE = False` turns it off.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings
from django.utils import timezone

from gonghui.core.periods import Period
from gonghui.core.scope_guard import fetched_through_scope, guard_enabled
from gonghui.indicators import versions
from gonghui.orgs.models import Org

MISS = object()
ALWAYS_READ = frozenset({Org._meta.db_table})


class ValueCache:
    def __init__(self, size: int = 20_000):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple, snap: dict):
        with self.lock:
            got = self.entries.get(key)
            if got is not None and all(snap.get(t) == v for t, v in got[0]):
                self.entries.move_to_end(key)
                self.hits += 1
                return got[1]
            self.misses += 1
            if got is not None:
                del self.entries[key]
            return MISS

    def put(self, key: tuple, tables: set, snap: dict, value) -> None:
        deps = tuple((t, snap.get(t)) for t in sorted(ALWAYS_READ | tables))
        with self.lock:
            self.entries[key] = (deps, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.hits = self.misses = 0


CACHE = ValueCache()


def snapshot_for(org: Org) -> dict | None:
    """The data versions to check cached values against, or None: compute without the cache."""
    if not getattr(settings, "GONGHUI_INDICATOR_CACHE", True):
        return None
    if guard_enabled() and not fetched_through_scope(org):
        return None
    return versions.snapshot()


def scope_key(org: Org, period: Period) -> tuple:
    return (org.pk, org.path, period.start, period.end, timezone.localdate())
