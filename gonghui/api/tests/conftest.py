"""`api(user)`: a client that calls /api/v1/ with that user's personal token, the way scripts do."""

from __future__ import annotations

import json

import pytest

from gonghui.accounts.scoping import SYSTEM

BASE = "/api/v1"


class ApiClient:
    def __init__(self, client, token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, params=None):
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def post(self, path, body):
        return self.client.post(BASE + path, json.dumps(body), content_type="application/json", headers=self.headers)

    def patch(self, path, body):
        return self.client.patch(BASE + path, json.dumps(body), content_type="application/json", headers=self.headers)

    def delete(self, path, body=None):
        return self.client.delete(BASE + path, headers=self.headers)


@pytest.fixture
def api(client, cast):
    from gonghui.accounts.services import token_create

    def _api(user=None):
        return ApiClient(client, token_create(actor=SYSTEM, user=user) if user else None)

    return _api
