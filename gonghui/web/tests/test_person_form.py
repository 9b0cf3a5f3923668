import re

from django.urls import reverse

from gonghui.conftest import make_id
from gonghui.people.models import Person
from gonghui.people.services import DUPLICATE_ID

CREATE = reverse("web:person-create")


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def error_block_after(html, field):
    """The error list rendered inside the field's own block, right after the input."""
    match = re.search(rf'<div class="field has-error">.*?id="id_{field}".*?</div>', html, re.DOTALL)
    return match.group(0) if match else ""


def post(client, url_org, **data):
    base = {"name": "新职工", "org": url_org.pk, "employment_type": "regular", "work_status": "active"}
    return client.post(CREATE + f"?org={url_org.pk}", {**base, **data})


def test_it_creates_a_person_and_derives_gender_and_birth_from_the_id(cast, login):
    response = post(login(cast.officer_a1), cast.ua_g1, id_number=make_id("19951224", 135), mobile="13611112222")
    person = Person.objects.get(name="新职工")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:person-detail", args=[person.pk])
    assert person.gender == "M" and person.birth_date.isoformat() == "1995-12-24"
    assert person.org == cast.ua_g1


def test_it_shows_a_bad_id_number_next_to_the_field_and_writes_nothing(cast, login):
    before = Person.objects.count()
    bad = make_id("19900101", 777)[:-1] + ("0" if make_id("19900101", 777)[-1] != "0" else "1")
    response = post(login(cast.chair_a), cast.ua_g2, id_number=bad)
    assert response.status_code == 200
    assert Person.objects.count() == before
    errors = field_errors(response, "id_number")
    assert errors and "校验位" in errors[0]
    assert "校验位" in error_block_after(response.content.decode(), "id_number")


def test_it_refuses_a_duplicate_id_number(cast, login):
    before = Person.objects.count()
    response = post(login(cast.chair_a), cast.ua_g2, id_number=cast.wang_person.id_number)
    assert response.status_code == 200
    assert Person.objects.count() == before
    expected = DUPLICATE_ID % {"id": cast.wang_person.id_number, "name": "王会员", "org": "第一小组"}
    assert field_errors(response, "id_number") == [expected]


def test_it_shows_every_field_problem_at_once(cast, login):
    response = post(login(cast.chair_a), cast.ua_g2, id_number="", gender="", mobile="12345", base_salary="abc")
    form = response.context["form"]
    assert set(form.errors) >= {"gender", "mobile", "base_salary"}
    assert form.errors["gender"] == ["没有身份证号码时，请填写性别。"]


def test_it_refuses_an_org_the_user_cannot_write(cast, login):
    # officer_a1 writes UA-B1 only: UA-G2 is not offered, so the form refuses it.
    response = post(login(cast.officer_a1), cast.ua_b1, org=cast.ua_g2.pk, gender="M")
    assert response.status_code == 200
    assert field_errors(response, "org")
    assert not Person.objects.filter(name="新职工").exists()


def test_it_offers_the_national_code_lists(cast, login):
    html = login(cast.chair_a).get(CREATE + f"?org={cast.ua.pk}").content.decode()
    assert '<option value="01">汉族</option>' in html
    assert '<option value="20">大学本科</option>' in html
    assert '<option value="13">群众</option>' in html


def test_it_edits_a_person_through_the_service(cast, login):
    client = login(cast.chair_a)
    url = reverse("web:person-edit", args=[cast.zhou_person.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(post="钳工", ethnicity="03", is_migrant_worker="on", birth_date="1978-05-12")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    zhou = Person.objects.get(pk=cast.zhou_person.pk)
    assert zhou.post == "钳工" and zhou.ethnicity == "03"


def test_it_shows_an_identity_mismatch_on_edit(cast, login):
    client = login(cast.chair_a)
    url = reverse("web:person-edit", args=[cast.zhou_person.pk])
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    data["birth_date"] = "1970-01-01"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "不符" in field_errors(response, "birth_date")[0]


def test_a_hire_date_ahead_of_today_is_confirmed_and_one_years_ahead_refused(cast, login):
    import datetime as dt

    from django.utils import timezone

    client = login(cast.chair_a)
    soon = timezone.localdate() + dt.timedelta(days=20)
    response = post(client, cast.ua_g1, hired_on=soon.isoformat())
    assert "晚于今天：入职前不计入职工人数" in field_errors(response, "hired_on")[0]
    assert 'name="confirm_hired"' in response.content.decode()
    assert not Person.objects.filter(name="新职工").exists()
    assert post(client, cast.ua_g1, hired_on=soon.isoformat(), confirm_hired="on", gender="F").status_code == 302
    assert Person.objects.get(name="新职工").hired_on == soon

    response = post(client, cast.ua_g1, name="另一人", hired_on="2036-01-01", confirm_hired="on")
    assert field_errors(response, "hired_on") == ["入职日期 2036-01-01 比今天晚一年以上，请核对年份。"]
    assert 'name="confirm_hired"' not in client.get(CREATE + f"?org={cast.ua_g1.pk}").content.decode()


def test_it_shows_every_error_of_the_form_in_one_round(cast, login):
    response = post(login(cast.chair_a), cast.ua_g1, hired_on="not a date", mobile="12345")
    assert field_errors(response, "hired_on") and field_errors(response, "mobile")
