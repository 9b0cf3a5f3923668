import pytest

from gonghui.core.masking import mask_id_number, mask_mobile

pytestmark = pytest.mark.django_db


def wang(api, user, cast):
    r = api(user).get(f"/people/{cast.wang_person.pk}")
    assert r.status_code == 200
    return r.json()


def test_it_masks_id_and_mobile_for_finance(api, cast):
    data = wang(api, cast.finance_a, cast)
    assert data["id_number"] == mask_id_number(cast.wang_person.id_number)
    assert data["id_number"] != cast.wang_person.id_number
    assert data["mobile"] == mask_mobile("13800138001") == "138****8001"
    assert data["id_number_masked"] and data["mobile_masked"]


def test_it_masks_in_lists_too(api, cast):
    items = api(cast.finance_a).get("/people").json()["items"]
    assert all("*" in p["id_number"] and "*" in p["mobile"] for p in items)


def test_it_shows_the_chair_everything(api, cast):
    data = wang(api, cast.chair_a, cast)
    assert data["id_number"] == cast.wang_person.id_number
    assert data["mobile"] == "13800138001"
    assert not data["id_number_masked"] and not data["mobile_masked"]


def test_it_shows_a_member_their_own_record_in_full(api, cast):
    data = wang(api, cast.member_a, cast)
    assert data["id_number"] == cast.wang_person.id_number
    assert data["mobile"] == "13800138001"


def test_it_shows_the_group_leader_the_mobile_but_not_the_id(api, cast):
    data = wang(api, cast.leader_g1, cast)
    assert data["mobile"] == "13800138001"
    assert data["id_number"] == mask_id_number(cast.wang_person.id_number)
