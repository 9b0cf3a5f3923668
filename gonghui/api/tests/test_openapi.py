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


# ---- the document says what the server does -------------------------------------------------------------

def _doc(api, cast) -> dict:
    return api(cast.chair_a).get("/openapi.json").json()


def _body_schema(doc: dict, operation: dict) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content or "$ref" not in content["schema"]:
        return None
    return doc["components"]["schemas"][content["schema"]["$ref"].split("/")[-1]]


def _nullable(prop: dict) -> bool:
    return prop.get("type") == "null" or any(b.get("type") == "null" for b in prop.get("anyOf", ()))


def test_a_body_that_is_not_json_is_a_documented_400_in_chinese(api, cast):
    a = api(cast.chair_a)
    doc = _doc(api, cast)
    writes = [(path, method) for path, ops in doc["paths"].items() for method, op in ops.items()
              if _body_schema(doc, op) is not None]
    assert len(writes) > 30  # orgs, people, events and every ledger kind
    for path, method in writes:
        assert "400" in doc["paths"][path][method]["responses"], (method, path)
    person = f"/people/{cast.zhou_person.pk}"
    for method, path in [("post", "/people"), ("patch", person), ("post", person + "/membership-events"),
                         ("post", "/ledgers/meeting"), ("patch", f"/orgs/{cast.ua_b1.pk}")]:
        for body in ("{bad", "\x03\xff", '{"name": '):
            r = getattr(a.client, method)("/api/v1" + path, body, content_type="application/json",
                                          headers=a.headers)
            assert r.status_code == 400, (method, path, body, r.status_code)
            assert r.json() == {"code": "bad_request", "message": "请求格式不正确，请检查请求体是否为合法的 JSON。"}
        # valid JSON of the wrong shape is the schema's business: a 422
        r = getattr(a.client, method)("/api/v1" + path, "[1]", content_type="application/json", headers=a.headers)
        assert r.status_code == 422 and r.json()["fields"] == {"__all__": ["请求体应为 JSON 对象。"]}


def test_null_is_documented_exactly_where_a_patch_accepts_it(api, cast):
    from gonghui.api.tests.ledger_samples import make_entry

    a = api(cast.chair_a)
    doc = _doc(api, cast)
    targets = {"/orgs/{org_id}": f"/orgs/{cast.ua_b1.pk}", "/people/{person_id}": f"/people/{cast.zhou_person.pk}"}
    for code in KINDS:
        targets[f"/ledgers/{code}/{{entry_id}}"] = f"/ledgers/{code}/{make_entry(cast, code).pk}"
    # One side of 获奖对象 is cleared while the other names the recipient.
    partner = {"recipient_person": {"recipient_org": "UA"}, "recipient_org": {"recipient_person": cast.wang_person.pk}}
    checked = 0
    for template, url in targets.items():
        schema = _body_schema(doc, doc["paths"]["/api/v1" + template]["patch"])
        for name, prop in schema["properties"].items():
            r = a.patch(url, {name: None, **partner.get(name, {})})
            assert (r.status_code == 200) == _nullable(prop), (template, name, r.status_code, r.content.decode())
            if r.status_code != 200:
                assert r.status_code == 422 and name in r.json()["fields"], (template, name, r.json())
            checked += 1
    assert checked > 100


def test_choice_fields_are_enums_of_codes_out_and_codes_or_labels_in(api, cast):
    doc = _doc(api, cast)
    schemas = doc["components"]["schemas"]
    assert {"regular", "dispatched", ""} <= set(schemas["PersonOut"]["properties"]["employment_type"]["enum"])
    assert schemas["OrgOut"]["properties"]["kind"]["enum"] == ["federation", "union", "branch", "group"]
    update = schemas["PersonUpdate"]["properties"]
    assert {"dispatched", "劳务派遣"} <= set(update["employment_type"]["enum"])
    assert "" not in update["employment_type"]["enum"] and not _nullable(update["employment_type"])
    assert {"M", "F", "男", "女"} <= set(update["gender"]["anyOf"][0]["enum"])
    assert {"join", "入会"} <= set(schemas["MembershipEventCreate"]["properties"]["kind"]["enum"])
    for code, kind in KINDS.items():
        name = "".join(part.capitalize() for part in code.split("_"))
        for col in kind.columns:
            if col.choices is None or col.type != "choice":
                continue
            prop = schemas[f"{name}Create"]["properties"][col.field]
            enum = prop["enum"] if "enum" in prop else prop["anyOf"][0]["enum"]
            assert set(map(str, col.choices.values)) | set(map(str, col.choices.labels)) <= set(enum), (code, col)
            assert set(schemas[f"{name}Out"]["properties"][col.field]["enum"]) == {*map(str, col.choices.values), ""}
    params = {p["name"]: p for p in doc["paths"]["/api/v1/ledgers/suggestion"]["get"]["parameters"]}
    assert {"adopted", "已采纳", ""} <= set(params["status"]["schema"]["enum"])
    params = {p["name"]: p for p in doc["paths"]["/api/v1/people"]["get"]["parameters"]}
    assert {"F", "女", ""} <= set(params["gender"]["schema"]["enum"])
    assert "anyOf" not in params["org"]["schema"]  # an optional query parameter is never null


def test_period_is_marked_required_and_refused_when_missing(api, cast):
    doc = _doc(api, cast)
    for path in ("/indicators", "/reports/summary", "/reports/tables", "/indicators/{code}/trace"):
        params = {p["name"]: p for p in doc["paths"]["/api/v1" + path]["get"]["parameters"]}
        assert params["period"]["required"] is True and params["org"]["required"] is True, path
        assert params["from"]["required"] is False, path
    a = api(cast.chair_a)
    r = a.get("/indicators", {"org": "UA"})
    assert r.status_code == 422 and "period" in r.json()["fields"]
    assert a.get("/indicators", {"org": "UA", "from": "2026-01-01", "to": "2026-03-31"}).status_code == 200
    for params in ({"period": "0000"}, {"from": "0001-01-01", "to": "0001-12-31"}):  # were 500s
        r = a.get("/reports/tables", {"org": "UA", **params})
        assert r.status_code == 422 and r.json()["fields"]["period"] == ["年份应在1900到2100之间。"]
    assert a.get("/reports/tables", {"org": "UA", "period": "1900"}).status_code == 200  # it looks at 1899 too


def test_the_documented_period_pattern_takes_what_core_periods_takes():
    import re

    from django.core.exceptions import ValidationError

    from gonghui.api.schemas import PERIOD_PATTERN
    from gonghui.core.periods import parse_period

    for code in ("2026", "2026H1", "2026h2", "2026Q4", "2026-05", "2026-5", "1900", "2100Q1", "1899", "2101",
                 "0000", "2026-13", "2026-00", "2026H3", "26H1"):
        try:
            parse_period(code)
            parsed = True
        except ValidationError:
            parsed = False
        assert bool(re.match(PERIOD_PATTERN, code)) == parsed, code
