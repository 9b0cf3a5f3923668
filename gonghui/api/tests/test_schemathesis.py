"""A bounded schemathesis run over every operation of the OpenAPI document.

Each operation gets a few generated requests (valid and invalid ones), sent in-process through the WSGI app
with a token of 张主席 (admin of UA), so reads and writes both run, inside the test's transaction. It fails on
any 5xx and on any answer the document does not describe: an undocumented status, a body off its schema, a
wrong content type. Deterministic (derandomized, no example database) and without shrinking, so a failure
shows the first bad case as it came; a few examples only, so it stays fast (README: "The OpenAPI document").

Ids in paths, the `org` query parameter and, in bodies, `org` and the people of a ledger entry are pointed at
the cast's records: random ones would only ever meet a 404 or a 422, and the bodies of real answers (an org, a
person, an entry of every kind, a created one) would go unchecked.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gonghui.accounts.scoping import SYSTEM
from gonghui.api.tests.ledger_samples import make_entry
from gonghui.ledgers import kinds as lk
from gonghui.ledgers.kinds import KINDS

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 3  # generated cases per operation, on top of the document's own examples
LEDGER_ENTRY = re.compile(r"/ledgers/([a-z_]+)/\{entry_id\}$")
PERSON_FIELDS = {"recipient_person"} | {col.field for kind in KINDS.values() for col in kind.columns
                                        if col.type in (lk.PERSON, lk.PERSONS)}


@pytest.fixture
def token(cast):
    from gonghui.accounts.services import token_create

    return token_create(actor=SYSTEM, user=cast.chair_a)


@pytest.fixture
def records(cast) -> dict:
    """Path parameter -> the id of a record 张主席 may read and write (entry ids per ledger kind)."""
    return {
        "org_id": cast.ua_b1.pk,
        "person_id": cast.zhou_person.pk,
        "person": cast.wang_person.pk,
        "entries": {code: make_entry(cast, code).pk for code in KINDS},
        "activity_id": _activity(cast).pk,
    }


def _activity(cast):
    from django.utils import timezone

    from gonghui.activities.services import activity_publish

    today = timezone.localdate()
    return activity_publish(actor=SYSTEM, org=cast.ua, kind="meeting", title="会员大会", date=today,
                            signup_until=today)


def in_test_transaction(app):
    """The WSGI app as Django's test client runs it: without close_old_connections at the start and end of a
    request, which would close the test's connection (and its transaction) on PostgreSQL."""
    from django.core import signals
    from django.db import close_old_connections

    def call(environ, start_response):
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)

    return call


@pytest.fixture
def api_schema(request, token):
    # schemathesis 4.32 renames the pytest item after each operation through `_nodeid`, which pytest 9.2 no
    # longer has: give it one (only the names in the report depend on it).
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", in_test_transaction(get_wsgi_application()),
                                           headers={"Authorization": f"Bearer {token}"})
    schema.config.phases.update(phases=["examples", "fuzzing"])
    return schema


lazy = schemathesis.pytest.from_fixture("api_schema")


def _aim(case, records: dict) -> None:
    path = case.path_parameters or {}
    for name in ("org_id", "person_id", "activity_id"):
        if name in path:
            path[name] = records[name]
    kind = LEDGER_ENTRY.search(case.operation.path)
    if kind and "entry_id" in path:
        path["entry_id"] = records["entries"][kind.group(1)]
    if case.query and "org" in case.query:
        case.query["org"] = "UA"
    body = case.body if isinstance(case.body, dict) else {}
    if isinstance(body.get("org"), (int, str)):
        body["org"] = "UA"
    for name in PERSON_FIELDS & set(body):
        if isinstance(body[name], int):
            body[name] = records["person"]
        elif isinstance(body[name], list):
            body[name] = [records["person"]]


@pytest.mark.django_db
@lazy.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
def test_api_matches_its_document(case, token, records):
    _aim(case, records)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
