"""A union's code is the federation's key for it: only an admin of an org above it may change it."""

import pytest
from django.urls import reverse

from gonghui.accounts import services as accounts
from gonghui.accounts.scoping import SYSTEM
from gonghui.conftest import PASSWORD
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db


def _code(org):
    return Org.objects.get(pk=org.pk).code


def _post(client, org, **changes):
    data = {"name": org.name, "code": org.code, **changes}
    return client.post(reverse("web:org-edit", args=[org.pk]), data)


def test_it_shows_the_code_read_only_to_the_unions_own_admin(cast, login):
    client = login(cast.chair_a)
    form = client.get(reverse("web:org-edit", args=[cast.ua.pk])).context["form"]
    assert form.fields["code"].disabled
    html = client.get(reverse("web:org-edit", args=[cast.ua.pk])).content.decode()
    assert "只能由上级组织的管理员修改" in html


def test_it_keeps_the_code_when_the_unions_admin_posts_another(cast, login):
    response = _post(login(cast.chair_a), cast.ua, code="HACKED", address="新地址")
    assert response.status_code == 302
    ua = Org.objects.get(pk=cast.ua.pk)
    assert ua.code == "UA" and ua.address == "新地址"


def test_it_lets_an_admin_above_change_a_unions_code(cast, login):
    fed_admin = accounts.user_create(actor=SYSTEM, username="fedadmin", password=PASSWORD,
                                     grants=[(cast.fed, "admin")])
    client = login(fed_admin)
    assert not client.get(reverse("web:org-edit", args=[cast.ua.pk])).context["form"].fields["code"].disabled
    assert _post(client, cast.ua, code="UA-NEW").status_code == 302
    assert _code(cast.ua) == "UA-NEW"
    # Their own federation's code is kept by whoever is above it: nobody but the whole tree here.
    assert client.get(reverse("web:org-edit", args=[cast.fed.pk])).context["form"].fields["code"].disabled


def test_it_lets_the_union_admin_change_a_branchs_code(cast, login):
    client = login(cast.chair_a)
    assert not client.get(reverse("web:org-edit", args=[cast.ua_b1.pk])).context["form"].fields["code"].disabled
    assert _post(client, cast.ua_b1, code="UA-B7").status_code == 302
    assert _code(cast.ua_b1) == "UA-B7"


def test_it_lets_a_superuser_change_a_federations_code(cast, login):
    assert _post(login(cast.root), cast.fed, code="FED2").status_code == 302
    assert _code(cast.fed) == "FED2"
