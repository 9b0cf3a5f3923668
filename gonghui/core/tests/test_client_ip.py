"""The client's address (core/middleware.py client_ip): a forwarding header counts only from a trusted proxy."""

import pytest
from django.test import Client, RequestFactory

from gonghui.conftest import PASSWORD, make_id
from gonghui.core.middleware import client_ip
from gonghui.core.models import AuditEvent

LOGIN = "/accounts/login/"


def ip(remote="203.0.113.7", **headers):
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_trusted_proxies_a_forwarding_header_is_ignored(settings):
    settings.GONGHUI_TRUSTED_PROXIES = ()
    assert ip(HTTP_X_REAL_IP="10.9.9.9") == "203.0.113.7"
    assert ip(HTTP_X_FORWARDED_FOR="10.9.9.9") == "203.0.113.7"
    assert ip("127.0.0.1", HTTP_X_REAL_IP="10.9.9.9") == "127.0.0.1"  # not even from the local machine


def test_a_header_from_an_untrusted_address_is_ignored(settings):
    settings.GONGHUI_TRUSTED_PROXIES = "127.0.0.1"
    assert ip("198.51.100.2", HTTP_X_REAL_IP="10.9.9.9", HTTP_X_FORWARDED_FOR="10.9.9.9") == "198.51.100.2"


def test_a_trusted_proxy_names_the_client(settings):
    settings.GONGHUI_TRUSTED_PROXIES = "127.0.0.1, 10.0.0.0/8"
    assert ip("127.0.0.1", HTTP_X_REAL_IP="198.51.100.2") == "198.51.100.2"
    assert ip("10.1.2.3", HTTP_X_REAL_IP=" 2001:db8::1 ") == "2001:db8::1"
    assert ip("::ffff:127.0.0.1", HTTP_X_REAL_IP="198.51.100.2") == "198.51.100.2"  # a dual-stack socket
    assert ip("127.0.0.1") == "127.0.0.1"  # no header: the proxy itself


def test_x_forwarded_for_gives_the_right_most_untrusted_address(settings):
    settings.GONGHUI_TRUSTED_PROXIES = "127.0.0.1,10.0.0.0/8"
    # The client wrote "1.1.1.1" itself; its real address was appended by the first proxy, then a second proxy's.
    assert ip("127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.2, 10.0.0.5") == "198.51.100.2"
    assert ip("127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.6, 10.0.0.5") == "10.0.0.6"  # all proxies: the furthest
    assert ip("127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2, 10.0.0.5",
              HTTP_X_REAL_IP="192.0.2.1") == "192.0.2.1"  # X-Real-IP first


@pytest.mark.parametrize("garbage", ["evil.example.org", "1.2.3.4:80", "1.2.3.4, 5.6.7.8", "' OR 1=1 --",
                                     "999.1.1.1", "x" * 300, "<script>"])
def test_garbage_is_refused(settings, garbage):
    settings.GONGHUI_TRUSTED_PROXIES = "127.0.0.1"
    assert ip("127.0.0.1", HTTP_X_REAL_IP=garbage) == "127.0.0.1"
    if "," not in garbage:  # in X-Forwarded-For a comma separates two good addresses
        assert ip("127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.2, {garbage}") == "127.0.0.1"
    assert ip(garbage) == ""


def test_the_setting_is_read_strictly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from gonghui.settings import trusted_proxies

    monkeypatch.setenv("GONGHUI_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,,::1")
    assert [str(n) for n in trusted_proxies()] == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]
    monkeypatch.setenv("GONGHUI_TRUSTED_PROXIES", "nginx.local")
    with pytest.raises(ImproperlyConfigured, match="GONGHUI_TRUSTED_PROXIES"):
        trusted_proxies()
    monkeypatch.delenv("GONGHUI_TRUSTED_PROXIES")
    assert trusted_proxies() == ()


def login(client, username, address, password="wrong-Password1"):
    return client.post(LOGIN, {"username": username, "password": password},
                       REMOTE_ADDR="198.51.100.66", HTTP_X_REAL_IP=address, HTTP_X_FORWARDED_FOR=address)


def test_rotating_the_header_does_not_escape_the_login_limit_per_address(cast, settings):
    settings.GONGHUI_TRUSTED_PROXIES = ()
    settings.GONGHUI_LOGIN_ADDRESS_LIMIT = 3
    client = Client()
    for i in range(3):
        assert login(client, f"spray{i}", f"10.0.0.{i}").status_code == 200
    assert login(client, "zhangzhuxi", "10.0.0.99", PASSWORD).status_code == 429
    failed = AuditEvent.objects.filter(action="login_failed")
    assert set(failed.values_list("source", flat=True)) == {"198.51.100.66"}  # the audit trail is not fooled


def test_rotating_the_header_does_not_escape_the_join_page_limit(cast, client, settings):
    settings.GONGHUI_TRUSTED_PROXIES = ()
    settings.GONGHUI_JOIN_ADDRESS_LIMIT = 1
    query = {"id_number": make_id("19950615", 222), "mobile": "1"}
    first = client.get("/api/v1/join-applications/status", query, HTTP_X_REAL_IP="10.0.0.1")
    again = client.get("/api/v1/join-applications/status", query, HTTP_X_REAL_IP="10.0.0.2")
    assert first.status_code == 404 and again.status_code == 429


def test_behind_a_trusted_proxy_each_client_counts_on_its_own(cast, settings):
    settings.GONGHUI_TRUSTED_PROXIES = "198.51.100.66"
    settings.GONGHUI_LOGIN_ADDRESS_LIMIT = 3
    client = Client()
    for i in range(3):
        login(client, f"spray{i}", "10.0.0.1")
    assert login(client, "zhangzhuxi", "10.0.0.2", PASSWORD).status_code == 302
    assert set(AuditEvent.objects.filter(action="login_failed").values_list("source", flat=True)) == {"10.0.0.1"}


def scheme(remote, proto):
    from gonghui.core.middleware import TrustedProxyMiddleware

    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_PROTO=proto)
    return TrustedProxyMiddleware(lambda r: r)(request).scheme


def test_x_forwarded_proto_counts_only_from_a_trusted_proxy(settings):
    settings.GONGHUI_TRUSTED_PROXIES = "127.0.0.1"
    assert scheme("127.0.0.1", "https") == "https"
    assert scheme("198.51.100.2", "https") == "http"
    assert scheme("127.0.0.1", "gopher") == "http"
    settings.GONGHUI_TRUSTED_PROXIES = ()
    assert scheme("127.0.0.1", "https") == "http"


def test_behind_a_tls_proxy_a_page_knows_it_is_https(cast, login, settings):
    settings.GONGHUI_TRUSTED_PROXIES = "127.0.0.1"
    page = login(cast.chair_a).get("/", HTTP_X_FORWARDED_PROTO="https")
    assert page.status_code == 200
    assert page.wsgi_request.is_secure()
