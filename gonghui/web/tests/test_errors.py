import pytest
from django.test import Client, override_settings
from django.urls import include, path

from gonghui.web.views import errors


def boom(request):
    raise RuntimeError("secret detail")


urlpatterns = [path("boom/", boom), path("", include("gonghui.urls"))]
handler500 = "gonghui.web.views.errors.server_error"


def test_it_renders_404_in_chinese(cast, login):
    response = login(cast.chair_a).get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_it_renders_403_in_chinese(cast, login):
    response = login(cast.finance_a).get(f"/orgs/{cast.ua.pk}/edit/")
    assert response.status_code == 403
    assert "您没有权限访问此页面" in response.content.decode()


@pytest.mark.urls(__name__)
@override_settings(DEBUG=False)
def test_it_renders_500_without_a_stack_trace(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.chair_a, backend="gonghui.accounts.backends.UsernameOrMobileBackend")
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in body and "secret detail" not in body and "Traceback" not in body


def test_the_api_gets_json_errors(rf):
    response = errors.not_found(rf.get("/api/v1/x"))
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
