import pytest

from gonghui.ledgers.kinds import KINDS

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/orgs", "/api/v1/orgs/{org_id}", "/api/v1/orgs/{org_id}/subtree", "/api/v1/people",
    "/api/v1/people/{person_id}", "/api/v1/people/{person_id}/membership-events", "/api/v1/membership-events",
    "/api/v1/ledgers/kinds", "/api/v1/indicators", "/api/v1/indicators/definitions",
}


def test_it_serves_the_openapi_document(api, cast):
    r = api(cast.chair_a).get("/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    assert PATHS <= set(doc["paths"])
    assert set(doc["paths"]["/api/v1/people"]) == {"get", "post"}
    assert "patch" in doc["paths"]["/api/v1/people/{person_id}"]
    for code in KINDS:
        assert set(doc["paths"][f"/api/v1/ledgers/{code}"]) == {"get", "post"}, code
        assert set(doc["paths"][f"/api/v1/ledgers/{code}/{{entry_id}}"]) == {"get", "patch", "delete"}, code
    assert not any("{kind}" in path for path in doc["paths"])  # the catch-all for unknown kinds stays hidden
    schemes = doc["components"]["securitySchemes"]
    assert {"TokenAuth", "SessionAuth"} <= set(schemes)


def test_it_keeps_the_document_behind_login(client, cast):
    assert client.get("/api/v1/openapi.json").status_code == 401


def test_it_documents_each_kinds_own_fields(api, cast):
    doc = api(cast.chair_a).get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    meeting = schemas["MeetingCreate"]
    assert {"date", "org", "meeting_type", "title"} <= set(meeting["required"])
    assert "participants" in meeting["properties"] and "amount" not in meeting["properties"]
    assert "工会委员会会议" in meeting["properties"]["meeting_type"]["description"]
    assert set(schemas["AidTotals"]["properties"]) == {"count", "person_times", "amount", "goods_value"}
    values = schemas["IndicatorValues"]["properties"]
    assert values["aid_amount"]["type"] == "string" and values["meetings"]["type"] == "integer"
