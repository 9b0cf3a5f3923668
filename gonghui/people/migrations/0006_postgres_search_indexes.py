"""PostgreSQL only (SQLite is left as it is): indexes the member list needs at a million people.

1. Search. `selectors.search_q` matches `search_key LIKE '% zw%'` (pinyin, initials) OR
   `UPPER(employee_no) = UPPER('zw')` (工号, `iexact`). Neither can use a b-tree, so each search (and the
   paginator's count of it) was a sequential scan of the whole table. A pg_trgm GIN index serves the LIKE with a
   leading wildcard, an expression index the UPPER(...) = ..., and the planner ORs the two bitmaps. pg_trgm is a
   trusted extension (PostgreSQL 13+): the database owner may create it. Where the server lacks it (no contrib
   package), or the user may not create it, that index is skipped and the search stays a scan.

2. Counting a filtered list. The paginator counts `org_id IN (subtree) AND gender = .. AND employment_type = ..`;
   `(org_id) INCLUDE (the filter columns)` answers that from the index alone (an index-only scan) instead of a
   scan of the table.

Created with RunPython, not AddIndex: the model state stays the same on both databases.
"""

from django.db import DatabaseError, migrations, transaction

FORWARD = """
CREATE INDEX person_employee_no_upper ON people_person (UPPER(employee_no));
CREATE INDEX person_org_filters ON people_person (org_id)
    INCLUDE (gender, employment_type, member_status, work_status, is_migrant_worker);
"""

BACKWARD = """
DROP INDEX IF EXISTS person_search_key_trgm;
DROP INDEX IF EXISTS person_employee_no_upper;
DROP INDEX IF EXISTS person_org_filters;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cur.fetchone():
            try:
                with transaction.atomic(using=schema_editor.connection.alias):  # a savepoint
                    cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    cur.execute("CREATE INDEX person_search_key_trgm ON people_person "
                                "USING gin (search_key gin_trgm_ops)")
            except DatabaseError:  # not allowed to create extensions here: the search stays a scan
                pass
        cur.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute(BACKWARD)  # the pg_trgm extension stays: other objects may use it


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0005_membership_index_person"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
