"""The member search can use the PostgreSQL indexes of people migration 0006 (SQLite has none of them)."""

import pytest
from django.db import connection

from gonghui.people import selectors

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@pytest.mark.parametrize("q, index", [("zw", "person_search_key_trgm"), ("zhangwei", "person_search_key_trgm"),
                                      ("zw", "person_employee_no_upper")])
def test_a_search_can_use_the_postgresql_indexes(cast, q, index):
    # On a table this small the planner scans; allow it only bitmap scans, which need an index whose operators
    # fit the query (a search that became UPPER(search_key) LIKE ... would fit none and fall back to a scan).
    qs = selectors.person_list(viewer=cast.root, filters=selectors.PersonFilters(q=q))
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "
                    "SET LOCAL enable_indexonlyscan = off")
    plan = qs.explain()
    assert f"Bitmap Index Scan on {index}" in plan, plan
