"""Memoised cleaning of cells: a column repeats a few thousand distinct values over many rows, so each
cleaning function runs once per distinct raw value (its error remembered too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from gonghui.core.tabular.errors import CellError

_MISS = object()


class Memo:
    """`Memo(fn)(raw)` is `fn(raw)`, computed once per distinct raw value; an exception of `errors` is kept
    and raised again. At most `limit` values are remembered (then it just calls `fn`)."""

    __slots__ = ("errors", "fn", "hits", "limit")

    def __init__(self, fn: Callable[[Any], Any], *, errors: tuple[type[Exception], ...] = (ValidationError, CellError),
                 limit: int = 200_000):
        self.fn = fn
        self.errors = errors
        self.limit = limit
        self.hits: dict = {}

    def __call__(self, raw):
        # str keys as they are; other types keyed with their type, since 1 == 1.0 == True in a dict.
        key = raw if type(raw) is str else (type(raw), raw)
        hit = self.hits.get(key, _MISS)
        if hit is _MISS:
            try:
                hit = (True, self.fn(raw))
            except self.errors as exc:
                hit = (False, exc)
            if len(self.hits) < self.limit:
                self.hits[key] = hit
        if hit[0]:
            return hit[1]
        raise hit[1]
