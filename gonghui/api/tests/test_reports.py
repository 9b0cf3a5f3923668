"""/reports/summary, /reports/tables and /indicators/{code}/trace: the same numbers as /indicators, scoped."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import COUNT, all_indicators, compute
from gonghui.reports.tests.trace_data import build
from gonghui.reports.trace import traceable

pytestmark = pytest.mark.django_db

H1 = parse_period("2026H1")
P = {"org": "UA", "period": "2026H1"}
NOT_FOUND = {"code": "not_found", "message": "记录不存在，或您无权查看。"}
KINDS = {i.code: i.kind for i in all_indicators()}


@pytest.fixture
def data(cast):
    build(cast)
    for org in (cast.fed, cast.ua, cast.ub):
        org.refresh_from_db()
    return cast


def _body(r) -> bytes:
    return b"".join(r.streaming_content)


def test_the_summary_is_a_docx_with_the_registry_numbers(api, data):
    import docx

    from gonghui.reports.summary import summary_build

    r = api(data.finance_a).get("/reports/summary", P)
    assert r.status_code == 200, r.content
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in r["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(_body(r))).paragraphs)
    summary = summary_build(data.ua, H1, data.finance_a)
    fields = [f for s in summary.sections for f in s.fields]
    assert fields
    for section in summary.sections:
        for p in section.paragraphs:
            assert p.text in text
    assert any(f.code == "meetings" and f.value == compute(data.ua, H1, ["meetings"])["meetings"] for f in fields)


def test_the_tables_are_an_xlsx_with_the_registry_numbers(api, data):
    import openpyxl

    r = api(data.chair_a).get("/reports/tables", {"org": "UA", "from": "2026-01-01", "to": "2026-06-30"})
    assert r.status_code == 200, r.content
    wb = openpyxl.load_workbook(io.BytesIO(_body(r)), data_only=True)
    ws = wb["基层工会基本情况统计表"]
    header = next(row for row in ws.iter_rows(values_only=True) if row[0] == "序号")
    rows = {row[1]: row for row in ws.iter_rows(values_only=True) if isinstance(row[0], int)}
    values = compute(data.ua, H1)
    assert rows["会员人数"][header.index("合计")] == values["members"] == 4
    assert rows["工会小组数"][header.index("合计")] == values["groups"]


@pytest.mark.parametrize("path", ["/reports/summary", "/reports/tables", "/indicators/meetings/trace"])
def test_a_bad_or_double_period_is_a_422(api, data, path):
    client = api(data.chair_a)
    r = client.get(path, {"org": "UA", "period": "2026H3"})
    assert r.status_code == 422 and "period" in r.json()["fields"]
    r = client.get(path, {"org": "UA", "period": "2026H1", "from": "2026-01-01", "to": "2026-02-01"})
    assert r.status_code == 422 and "period" in r.json()["fields"]


@pytest.mark.parametrize("path", ["/reports/summary", "/reports/tables", "/indicators/meetings/trace"])
def test_another_unions_org_is_a_404_like_a_missing_one(api, data, path):
    assert api(data.admin_b).get(path, P).json() == NOT_FOUND
    assert api(data.chair_a).get(path, {"org": "NOPE", "period": "2026H1"}).json() == NOT_FOUND


def test_the_trace_of_every_indicator_adds_up_to_its_value(api, data):
    client = api(data.chair_a)
    values = client.get("/indicators", P).json()["values"]
    for code, kind in KINDS.items():
        if not traceable(code):  # the rates, and values computed their own way (会费)
            assert client.get(f"/indicators/{code}/trace", P).status_code == 404
            continue
        body = client.get(f"/indicators/{code}/trace", {**P, "page_size": 500}).json()
        assert body["value"] == values[code], code
        if body["sum_field"]:
            amounts = [item["amount"] or 0 for item in body["items"]]
            total = sum(Decimal(a) for a in amounts) if kind != COUNT else sum(amounts)
            assert (f"{total:.2f}" if kind != COUNT else total) == values[code], code
            assert body["total"] == values[code], code
        else:
            assert body["count"] == len(body["items"]) == values[code] == body["total"], code


def test_trace_items_name_the_entries_and_people(api, data):
    client = api(data.chair_a)
    body = client.get("/indicators/meetings/trace", P).json()
    assert body["count"] == 2 and body["code"] == "meetings" and body["unit"] == "次"
    assert {i["label"] for i in body["items"]} == {"会议1", "会议2"}
    assert {i["date"] for i in body["items"]} == {"2026-01-01", "2026-06-30"}
    assert all(i["type"] == "entry" and i["kind"] == "meeting" and i["org"] == "UA-B1" for i in body["items"])
    members = client.get("/indicators/members/trace", P).json()
    assert members["count"] == 4 and all(i["person_id"] and i["person_name"] for i in members["items"])
    assert "id_number" not in str(members) and "mobile" not in str(members)
    money = client.get("/indicators/aid_amount/trace", P).json()
    assert money["value"] == money["total"] == "1002.50"  # 201.00 + 301.50 + 500.00 (first day, last day, mid)


def test_trace_pages(api, data):
    client = api(data.chair_a)
    first = client.get("/indicators/workers/trace", {**P, "page_size": 2}).json()
    second = client.get("/indicators/workers/trace", {**P, "page_size": 2, "page": 2}).json()
    assert first["count"] == second["count"] == 7
    assert len(first["items"]) == 2 and {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])


def test_an_unknown_indicator_is_a_404(api, data):
    assert api(data.chair_a).get("/indicators/no_such/trace", P).json() == NOT_FOUND
