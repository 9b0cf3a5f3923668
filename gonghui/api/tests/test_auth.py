import json

import pytest
from django.test import Client
from django.utils.crypto import get_random_string

from gonghui.accounts.scoping import SYSTEM
from gonghui.accounts.services import token_create, token_revoke
from gonghui.core.models import AuditEvent
from gonghui.people.selectors import person_list

pytestmark = pytest.mark.django_db

NEW_PERSON = {"name": "新职工", "gender": "男", "org": "UA-G2"}


def _count(cast):
    return person_list(viewer=cast.root).count()


def test_it_accepts_a_bearer_token(api, cast):
    r = api(cast.chair_a).get("/people")
    assert r.status_code == 200
    assert r.json()["count"] == 2


def test_it_refuses_anonymous_with_json_401(client, cast):
    r = client.get("/api/v1/people")
    assert r.status_code == 401
    assert r.json()["code"] == "not_authenticated"


def test_it_refuses_a_wrong_token(client, cast):
    r = client.get("/api/v1/people", headers={"Authorization": "Bearer gh_not-a-token"})
    assert r.status_code == 401
    assert r.json()["code"] == "not_authenticated"


def test_it_refuses_a_revoked_token(client, cast):
    token = token_create(actor=SYSTEM, user=cast.chair_a)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/people", headers=headers).status_code == 200
    assert token_revoke(actor=cast.chair_a, user=cast.chair_a, prefix=token[:10]) == 1
    assert AuditEvent.objects.filter(object_type="apitoken", action="update", changes__revoked=[False, True]).exists()
    r = client.get("/api/v1/people", headers=headers)
    assert r.status_code == 401
    assert r.json()["code"] == "not_authenticated"


def test_it_refuses_a_wrong_token_even_with_a_session(login, cast):
    client = login(cast.chair_a)
    r = client.get("/api/v1/people", headers={"Authorization": "Bearer gh_wrong"})
    assert r.status_code == 401


def test_it_accepts_the_session(login, cast):
    r = login(cast.chair_a).get("/api/v1/people")
    assert r.status_code == 200
    assert {p["name"] for p in r.json()["items"]} == {"王会员", "周师傅"}


def _csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="gonghui.accounts.backends.UsernameOrMobileBackend")
    return client


def test_it_refuses_a_session_post_without_csrf(cast):
    before = _count(cast)
    r = _csrf_client(cast.chair_a).post("/api/v1/people", json.dumps(NEW_PERSON), content_type="application/json")
    assert r.status_code == 403
    assert r.json()["code"] == "csrf_failed"
    assert _count(cast) == before


def test_it_refuses_a_session_patch_without_csrf(cast):
    r = _csrf_client(cast.chair_a).patch(f"/api/v1/people/{cast.wang_person.pk}", json.dumps({"post": "x"}),
                                         content_type="application/json")
    assert r.status_code == 403
    assert r.json()["code"] == "csrf_failed"


def test_it_accepts_a_session_post_with_csrf(cast):
    client = _csrf_client(cast.chair_a)
    secret = get_random_string(32)
    client.cookies["csrftoken"] = secret
    r = client.post("/api/v1/people", json.dumps(NEW_PERSON), content_type="application/json",
                    headers={"X-CSRFToken": secret})
    assert r.status_code == 201, r.content


def test_it_needs_no_csrf_with_a_token(cast):
    client = Client(enforce_csrf_checks=True)
    token = token_create(actor=SYSTEM, user=cast.chair_a)
    r = client.post("/api/v1/people", json.dumps(NEW_PERSON), content_type="application/json",
                    headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 201, r.content
