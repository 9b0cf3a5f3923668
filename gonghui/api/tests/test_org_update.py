"""PATCH /orgs/{id}: a union's code only through an admin of an org above it."""

import pytest

from gonghui.accounts import services as accounts
from gonghui.accounts.scoping import SYSTEM
from gonghui.conftest import PASSWORD
from gonghui.orgs import services
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db


def test_it_refuses_a_unions_own_admin_changing_its_code_in_chinese(api, cast):
    a = api(cast.chair_a)
    assert a.get(f"/orgs/{cast.ua.pk}").json()["code_editable"] is False
    r = a.patch(f"/orgs/{cast.ua.pk}", {"code": "HACKED"})
    assert r.status_code == 422, r.content
    assert "上级组织的管理员" in r.json()["fields"]["code"][0]
    assert Org.objects.get(pk=cast.ua.pk).code == "UA"
    # The rest of the org is theirs to change, and sending the same code is no change.
    r = a.patch(f"/orgs/{cast.ua.pk}", {"code": "ua", "address": "新地址"})
    assert r.status_code == 200, r.content
    assert r.json()["address"] == "新地址" and r.json()["code"] == "UA"


def test_it_lets_an_admin_above_change_a_unions_code(api, cast):
    fed_admin = accounts.user_create(actor=SYSTEM, username="fedadmin", password=PASSWORD,
                                     grants=[(cast.fed, "admin")])
    a = api(fed_admin)
    assert a.get(f"/orgs/{cast.ua.pk}").json()["code_editable"] is True
    r = a.patch(f"/orgs/{cast.ua.pk}", {"code": "UA-NEW"})
    assert r.status_code == 200, r.content
    assert Org.objects.get(pk=cast.ua.pk).code == "UA-NEW"
    assert a.patch(f"/orgs/{cast.fed.pk}", {"code": "FED2"}).status_code == 422


def test_it_refuses_a_reader_and_hides_orgs_outside_the_scope(api, cast):
    assert api(cast.viewer_fed).patch(f"/orgs/{cast.ua.pk}", {"address": "x"}).status_code == 403
    assert api(cast.admin_b).patch(f"/orgs/{cast.ua.pk}", {"address": "x"}).status_code == 404


def test_it_refuses_an_officer_of_the_union_in_the_service(cast):
    officer = accounts.user_create(actor=SYSTEM, username="uaofficer", password=PASSWORD,
                                   grants=[(cast.ua, "officer")])
    with pytest.raises(Exception) as exc:
        services.org_update(actor=officer, org=cast.ua, code="X")
    assert "code" in exc.value.message_dict
    services.org_update(actor=SYSTEM, org=cast.ua, code="X")
    assert Org.objects.get(pk=cast.ua.pk).code == "X"
