"""`page` (1-based) and `page_size` (default 50, at most 500) over a selector's queryset.

Answers {"items": [...], "count": total over all pages}.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet


def paginate(qs: QuerySet, *, page: int, page_size: int, render: Callable) -> dict:
    count = qs.count()
    start = (page - 1) * page_size
    items = [render(obj) for obj in qs[start:start + page_size]] if start < count else []
    return {"items": items, "count": count}
