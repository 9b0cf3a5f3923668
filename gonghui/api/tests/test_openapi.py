import pytest

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/orgs", "/api/v1/orgs/{org_id}", "/api/v1/orgs/{org_id}/subtree", "/api/v1/people",
    "/api/v1/people/{person_id}", "/api/v1/people/{person_id}/membership-events", "/api/v1/membership-events",
}


def test_it_serves_the_openapi_document(api, cast):
    r = api(cast.chair_a).get("/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    assert PATHS <= set(doc["paths"])
    assert set(doc["paths"]["/api/v1/people"]) == {"get", "post"}
    assert "patch" in doc["paths"]["/api/v1/people/{person_id}"]
    schemes = doc["components"]["securitySchemes"]
    assert {"TokenAuth", "SessionAuth"} <= set(schemes)


def test_it_keeps_the_document_behind_login(client, cast):
    assert client.get("/api/v1/openapi.json").status_code == 401
