"""Every API operation against each role, in one table (pretix-style). A new route missing from the
table fails `test_it_covers_every_operation`; a route that forgets its scope check fails a row."""

import re
from pathlib import Path

import pytest

from gonghui.api.routes import api as ninja_api
from gonghui.api.tests.ledger_samples import make_entry, sample_body
from gonghui.ledgers.kinds import KINDS

pytestmark = pytest.mark.django_db

# (method, path, body) -> expected status for: anonymous, outsider (admin_b), member_a, viewer_fed, chair_a.
# Creating in an org the caller cannot even read is a 422 on `org` (same text for missing and hidden).
# {wang} is 王会员 in UA-B1-G1; {ua} is union A; {entry} is an entry of the row's ledger kind in UA.
# A body may be a function of the cast (ledger bodies name people by id).
JOIN = {"kind": "join", "date": "2020-01-01"}
READ_ALL = (401, 200, 200, 200, 200)
TABLE = [
    ("get", "/orgs", None, (401, 200, 200, 200, 200)),
    ("get", "/orgs/{ua}", None, (401, 404, 404, 200, 200)),
    ("get", "/orgs/{ua}/subtree", None, (401, 404, 404, 200, 200)),
    ("get", "/people", None, (401, 200, 200, 200, 200)),
    ("get", "/people?org=UA", None, (401, 404, 404, 200, 200)),
    ("post", "/people", {"name": "新人", "gender": "男", "org": "UA-B1"}, (401, 422, 422, 403, 201)),
    ("get", "/people/{wang}", None, (401, 404, 200, 200, 200)),
    ("patch", "/people/{wang}", {"post": "文员"}, (401, 404, 403, 403, 200)),
    ("get", "/people/{wang}/membership-events", None, (401, 404, 200, 200, 200)),
    ("post", "/people/{wang}/membership-events", JOIN, (401, 404, 403, 403, 201)),
    ("get", "/membership-events", None, (401, 200, 200, 200, 200)),
    ("get", "/membership-events?org=UA", None, (401, 404, 404, 200, 200)),
    ("get", "/openapi.json", None, (401, 200, 200, 200, 200)),
    ("get", "/ledgers/kinds", None, READ_ALL),
    ("get", "/indicators?org=UA&period=2026H1", None, (401, 404, 404, 200, 200)),
    ("get", "/indicators/definitions", None, READ_ALL),
]


def _ledger_body(code):
    return lambda cast: sample_body(KINDS[code], cast.wang_person, org="UA", n=1)


# Every kind, every operation. A 会员 reads no ledger (an empty list, 404 for an entry); the federation
# viewer reads all and writes nothing; creating in a hidden org is a 422 on `org`, as for people.
# 16 kinds x 6 rows: each row asks the roles in turn in one test (only chair_a, last, changes anything).
LEDGER_TABLE = []
for _code in KINDS:
    LEDGER_TABLE += [
        ("get", f"/ledgers/{_code}", None, READ_ALL),
        ("get", f"/ledgers/{_code}?org=UA", None, (401, 404, 404, 200, 200)),
        ("post", f"/ledgers/{_code}", _ledger_body(_code), (401, 422, 422, 403, 201)),
        ("get", f"/ledgers/{_code}/{{entry}}", None, (401, 404, 404, 200, 200)),
        ("patch", f"/ledgers/{_code}/{{entry}}", {"notes": "补记"}, (401, 404, 404, 403, 200)),
        ("delete", f"/ledgers/{_code}/{{entry}}", None, (401, 404, 404, 403, 204)),
    ]
ROLES = ("anonymous", "admin_b", "member_a", "viewer_fed", "chair_a")


def _call(api, cast, role, method, path, body, entry=None):
    client = api(None if role == "anonymous" else getattr(cast, role))
    url = path.format(ua=cast.ua.pk, wang=cast.wang_person.pk, entry=entry)
    url, _, query = url.partition("?")
    params = dict(p.split("=") for p in query.split("&")) if query else None
    body = body(cast) if callable(body) else body
    r = client.get(url, params) if method == "get" else getattr(client, method)(url, body)
    if r.status_code >= 400:
        assert set(r.json()) >= {"code", "message"}, r.content
    return r


@pytest.mark.parametrize(("method", "path", "body", "expected"), TABLE, ids=[f"{m} {p}" for m, p, _b, _e in TABLE])
@pytest.mark.parametrize("role", ROLES)
def test_it_answers_each_role_as_the_table_says(api, cast, method, path, body, expected, role):
    r = _call(api, cast, role, method, path, body)
    assert r.status_code == expected[ROLES.index(role)], r.content


@pytest.mark.parametrize(("method", "path", "body", "expected"), LEDGER_TABLE,
                         ids=[f"{m} {p}" for m, p, _b, _e in LEDGER_TABLE])
def test_it_answers_each_role_on_the_ledgers_as_the_table_says(api, cast, method, path, body, expected):
    entry = make_entry(cast, path.split("/")[2]).pk if "{entry}" in path else None
    got = tuple(_call(api, cast, role, method, path, body, entry).status_code for role in ROLES)
    assert got == expected, dict(zip(ROLES, got))


def test_it_covers_every_operation():
    schema = ninja_api.get_openapi_schema()
    operations = {
        (method, re.sub(r"\{\w+\}", "{}", path.removeprefix("/api/v1")))
        for path, ops in schema["paths"].items() for method in ops
    }
    table = {(m, re.sub(r"\{\w+\}", "{}", p.partition("?")[0])) for m, p, _b, _e in TABLE + LEDGER_TABLE}
    assert operations <= table, operations - table


def test_it_keeps_queries_out_of_the_api_modules():
    # House rule: faces call selectors and services; they never build querysets themselves.
    api_dir = Path(__file__).resolve().parent.parent
    offenders = [p.name for p in api_dir.glob("*.py") if ".objects." in p.read_text()]
    assert offenders == []
