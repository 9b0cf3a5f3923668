import pytest

from gonghui.conftest import make_id
from gonghui.people.selectors import person_get, person_list

pytestmark = pytest.mark.django_db


def count(cast):
    return person_list(viewer=cast.root).count()


def test_it_creates_a_person_from_chinese_labels(api, cast):
    id_number = make_id("19920202", 456)  # 17th digit 6: female
    r = api(cast.chair_a).post("/people", {
        "name": "刘 芳", "gender": "女", "id_number": id_number, "mobile": "13700137000", "org": "UA-B1",
        "employment_type": "劳务派遣", "education": "本科", "political_status": "群众",
        "base_salary": "4500.5", "hired_on": "2015-07-01", "is_migrant_worker": True,
    })
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["name"] == "刘芳"
    assert data["gender"] == "F" and data["gender_label"] == "女"
    assert data["employment_type"] == "dispatched" and data["employment_type_label"] == "劳务派遣"
    assert data["education"] == "20" and data["education_label"] == "大学本科"
    assert data["birth_date"] == "1992-02-02"
    assert data["hired_on"] == "2015-07-01"
    assert data["base_salary"] == "4500.50"
    assert data["org"] == cast.ua_b1.pk and data["org_code"] == "UA-B1" and data["org_name"] == "机关分会"
    assert data["id_number"] == id_number
    assert data["member_status"] == "none" and data["member_status_label"] == "非会员"
    assert person_get(viewer=cast.root, pk=data["id"]).org == cast.ua_b1


def test_it_creates_with_the_org_id(api, cast):
    r = api(cast.chair_a).post("/people", {"name": "赵六", "gender": "M", "org": cast.ua_g2.pk})
    assert r.status_code == 201, r.content
    assert r.json()["org_code"] == "UA-G2"


def test_it_refuses_a_bad_id_number_and_writes_nothing(api, cast):
    before = count(cast)
    good = make_id("19920202", 456)
    bad = good[:-1] + ("1" if good[-1] == "0" else "0")  # wrong check digit
    r = api(cast.chair_a).post("/people", {"name": "错号", "gender": "女", "id_number": bad, "org": "UA"})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error"
    message = body["fields"]["id_number"][0]
    assert "校验码" in message or "身份证" in message, message
    assert message in body["message"]
    assert count(cast) == before


def test_it_refuses_a_duplicate_id_number(api, cast):
    r = api(cast.chair_a).post("/people", {"name": "重号", "id_number": cast.wang_person.id_number, "org": "UA"})
    assert r.status_code == 422
    assert "只能对应一个人" in r.json()["fields"]["id_number"][0]


def test_it_reports_schema_errors_in_chinese(api, cast):
    r = api(cast.chair_a).post("/people", {"gender": "男", "org": "UA", "birth_date": "1990/01/01"})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error"
    assert body["fields"]["name"] == ["此项必填。"]
    assert body["fields"]["birth_date"] == ["日期格式应为 YYYY-MM-DD。"]


def test_it_refuses_a_bad_choice_with_the_allowed_values(api, cast):
    r = api(cast.chair_a).post("/people", {"name": "某人", "gender": "男", "org": "UA", "employment_type": "外包"})
    assert r.status_code == 422
    assert "用工形式“外包”不在可选范围内" in r.json()["fields"]["employment_type"][0]


def test_it_refuses_malformed_json(api, cast):
    client = api(cast.chair_a)
    r = client.client.post("/api/v1/people", "{not json", content_type="application/json", headers=client.headers)
    assert r.status_code in (400, 422)
    assert r.json()["code"] in ("bad_request", "validation_error")


def test_it_updates_only_the_fields_sent(api, cast):
    r = api(cast.chair_a).patch(f"/people/{cast.zhou_person.pk}", {"post": "电工", "base_salary": 5000,
                                                                  "work_status": "退休"})
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["post"] == "电工"
    assert data["base_salary"] == "5000.00"
    assert data["work_status"] == "retired" and data["work_status_label"] == "退休"
    assert data["employment_type"] == "dispatched"
    assert data["mobile"] == "13800138002"
    assert person_get(viewer=cast.root, pk=cast.zhou_person.pk).post == "电工"


def test_it_moves_a_person_by_org_code(api, cast):
    r = api(cast.chair_a).patch(f"/people/{cast.zhou_person.pk}", {"org": "UA-B1-G1"})
    assert r.status_code == 200, r.content
    assert r.json()["org_code"] == "UA-B1-G1"


def test_it_refuses_fields_that_are_not_editable(api, cast):
    r = api(cast.chair_a).patch(f"/people/{cast.zhou_person.pk}", {"member_status": "active"})
    assert r.status_code == 422
    assert r.json()["fields"]["member_status"] == ["不认识或不可修改的字段。"]
    assert person_get(viewer=cast.root, pk=cast.zhou_person.pk).member_status == "none"


def test_it_refuses_a_bad_mobile_on_update_and_keeps_the_old_one(api, cast):
    r = api(cast.chair_a).patch(f"/people/{cast.zhou_person.pk}", {"mobile": "12345"})
    assert r.status_code == 422
    assert r.json()["fields"]["mobile"]
    assert person_get(viewer=cast.root, pk=cast.zhou_person.pk).mobile == "13800138002"


def test_it_lets_an_officer_write_only_inside_the_branch(api, cast):
    o = api(cast.officer_a1)
    assert o.patch(f"/people/{cast.wang_person.pk}", {"post": "文员"}).status_code == 200
    assert o.patch(f"/people/{cast.zhou_person.pk}", {"post": "文员"}).status_code == 404
