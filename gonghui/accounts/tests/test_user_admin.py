from django.urls import reverse

from gonghui.accounts.models import Grant, User
from gonghui.accounts.scoping import SYSTEM
from gonghui.conftest import PASSWORD
from gonghui.core.models import AuditEvent


def test_it_lists_the_accounts_in_the_admins_subtree(cast, login):
    users = {u.username for u in login(cast.chair_a).get(reverse("accounts:user-list")).context["page"]}
    assert users == {"zhangzhuxi", "liganshi", "zhaocaiwu", "qianjingshen", "sunzuzhang", "wanghuiyuan"}


def test_it_creates_an_account_with_a_grant_and_shows_the_generated_password_once(cast, login):
    client = login(cast.chair_a)
    response = client.post(reverse("accounts:user-create"), {
        "username": "xiaoliu", "display_name": "小刘", "mobile": "13700001111",
        "org": cast.ua_g2.pk, "role": "officer", "password": "",
    })
    assert response.status_code == 200
    user = User.objects.get(username="xiaoliu")
    password = response.context["password"]
    assert password in response.content.decode() and user.check_password(password)
    assert "no-store" in response["Cache-Control"]
    assert list(user.grants.values_list("org__code", "role")) == [("UA-G2", "officer")]
    # Shown once: the account's page never repeats it.
    assert password not in client.get(reverse("accounts:user-detail", args=[user.pk])).content.decode()


def test_it_refuses_a_taken_username_and_a_bad_mobile_next_to_the_fields(cast, login):
    client = login(cast.chair_a)
    response = client.post(reverse("accounts:user-create"), {
        "username": "liganshi", "org": cast.ua.pk, "role": "viewer", "password": PASSWORD})
    assert response.context["form"].errors["username"] == ["用户名“liganshi”已存在，请换一个。"]
    response = client.post(reverse("accounts:user-create"), {
        "username": "new1", "mobile": "12345", "org": cast.ua.pk, "role": "viewer", "password": PASSWORD})
    assert response.context["form"].errors["mobile"]
    assert not User.objects.filter(username="new1").exists()


def test_it_refuses_a_weak_password(cast, login):
    response = login(cast.chair_a).post(reverse("accounts:user-create"), {
        "username": "new2", "org": cast.ua.pk, "role": "viewer", "password": "abc"})
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(username="new2").exists()


def test_it_offers_only_orgs_the_admin_manages(cast, login):
    form = login(cast.chair_a).get(reverse("accounts:user-create")).context["form"]
    assert [o.code for o in form.fields["org"].queryset] == ["UA", "UA-B1", "UA-B1-G1", "UA-G2"]
    response = login(cast.chair_a).post(reverse("accounts:user-create"), {
        "username": "intruder", "org": cast.ub.pk, "role": "admin", "password": PASSWORD})
    assert response.context["form"].errors["org"] and not User.objects.filter(username="intruder").exists()


def test_it_adds_and_revokes_a_grant(cast, login):
    client = login(cast.chair_a)
    response = client.post(reverse("accounts:grant-add", args=[cast.officer_a1.pk]),
                           {"org": cast.ua_g2.pk, "role": "officer"})
    assert response.status_code == 302
    grant = Grant.objects.get(user=cast.officer_a1, org=cast.ua_g2)
    assert client.post(reverse("accounts:grant-revoke", args=[cast.officer_a1.pk, grant.pk])).status_code == 302
    assert not Grant.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.filter(object_type="grant", action="delete").exists()


def test_it_hides_grants_outside_the_admins_subtree(cast, login):
    from gonghui.accounts.services import grant_add

    grant_add(actor=SYSTEM, user=cast.officer_a1, org=cast.ub, role="viewer")
    client = login(cast.chair_a)
    html = client.get(reverse("accounts:user-detail", args=[cast.officer_a1.pk])).content.decode()
    assert "机关分会" in html and "机械厂工会" not in html
    outside = Grant.objects.get(user=cast.officer_a1, org=cast.ub)
    assert client.post(reverse("accounts:grant-revoke", args=[cast.officer_a1.pk, outside.pk])).status_code == 404
    assert Grant.objects.filter(pk=outside.pk).exists()


def test_it_resets_a_password_and_forces_a_change(cast, login):
    response = login(cast.chair_a).post(reverse("accounts:password-reset", args=[cast.officer_a1.pk]))
    assert response.status_code == 200
    user = User.objects.get(pk=cast.officer_a1.pk)
    assert user.check_password(response.context["password"]) and user.must_change_password
    assert "no-store" in response["Cache-Control"]


def test_it_rejects_get_on_the_write_urls(cast, login):
    client = login(cast.chair_a)
    assert client.get(reverse("accounts:password-reset", args=[cast.officer_a1.pk])).status_code == 405
    assert client.get(reverse("accounts:grant-add", args=[cast.officer_a1.pk])).status_code == 405


def test_every_account_form_labels_end_in_a_chinese_colon(cast, login):
    import re

    from django.test import Client

    def labels(html):
        return re.findall(r"<label for=\"id_[^\"]+\">([^<]*)</label>", html)

    pages = {"login": Client().get(reverse("accounts:login")).content.decode()}
    client = login(cast.chair_a)
    pages["password"] = client.get(reverse("accounts:password-change")).content.decode()
    pages["create"] = client.get(reverse("accounts:user-create")).content.decode()
    pages["grant"] = client.get(reverse("accounts:user-detail", args=[cast.officer_a1.pk])).content.decode()
    expected = {"login": ["用户名或手机号：", "密码："], "password": ["原密码：", "新密码：", "再次输入新密码："],
                "create": ["用户名：", "姓名：", "手机号：", "组织：", "角色：", "初始密码："],
                "grant": ["组织：", "角色："]}
    assert {name: labels(html) for name, html in pages.items()} == expected
