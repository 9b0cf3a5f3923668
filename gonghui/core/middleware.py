import ipaddress
import logging

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from gonghui.core.audit import current_source
from gonghui.core.scope_guard import guarded

log = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_ip(value: str | None) -> Address | None:
    """An IP address, or None for anything else (a name, a port, two addresses, garbage); an IPv4 address
    seen through an IPv6 socket (::ffff:1.2.3.4) is the IPv4 address."""
    if not value or len(value) > 64:
        return None
    try:
        ip = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def trusted_networks() -> list:
    """GONGHUI_TRUSTED_PROXIES as networks (settings parse the environment; a test may give strings)."""
    configured = getattr(settings, "GONGHUI_TRUSTED_PROXIES", ())
    if isinstance(configured, str):
        configured = configured.split(",")
    return [n if not isinstance(n, str) else ipaddress.ip_network(n.strip(), strict=False)
            for n in configured if not isinstance(n, str) or n.strip()]


def is_trusted(ip: Address, networks: list) -> bool:
    return any(ip.version == net.version and ip in net for net in networks)


def client_ip(request) -> str:
    """The client's address, for the audit trail and the per-address limits (login, joining).

    REMOTE_ADDR, the connection's own address, unless it is one of GONGHUI_TRUSTED_PROXIES (default: none):
    only then is the proxy's X-Real-IP taken, or else the right-most address of X-Forwarded-For that is not a
    trusted proxy itself. A header from anyone else is ignored (it would let a client choose its address and
    escape the limits); a header that is not an IP address is ignored too. See docs/deploy.md."""
    meta = request.META
    remote = parse_ip(meta.get("REMOTE_ADDR"))
    if remote is None:
        return ""
    networks = trusted_networks()
    if not networks or not is_trusted(remote, networks):
        return str(remote)
    real = meta.get("HTTP_X_REAL_IP")
    if real:
        ip = parse_ip(real)
        if ip is None:
            log.warning("ignored X-Real-IP %r from trusted proxy %s: not an IP address", real[:80], remote)
            return str(remote)
        return str(ip)
    hop = remote
    for part in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if not part.strip():
            continue
        ip = parse_ip(part)
        if ip is None:
            log.warning("ignored X-Forwarded-For entry %r from trusted proxy %s: not an IP address",
                        part.strip()[:80], hop)
            break
        hop = ip
        if not is_trusted(ip, networks):
            break
    return str(hop)


def from_trusted_proxy(request) -> bool:
    remote = parse_ip(request.META.get("REMOTE_ADDR"))
    networks = trusted_networks()
    return remote is not None and bool(networks) and is_trusted(remote, networks)


class TrustedProxyMiddleware:
    """Behind a trusted proxy (GONGHUI_TRUSTED_PROXIES) that terminates TLS, its X-Forwarded-Proto gives the
    scheme the browser used, so links the pages build (the join page's, an invitation's) and the CSRF checks
    say https. From anyone else the header is ignored (Django's SECURE_PROXY_SSL_HEADER would trust anyone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proto = request.META.get("HTTP_X_FORWARDED_PROTO", "").strip().lower()
        if proto in ("http", "https") and from_trusted_proxy(request):
            request.META["wsgi.url_scheme"] = proto
        return self.get_response(request)


class AuditSourceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_source.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_source.reset(token)


class ScopeGuardMiddleware:
    """Every query a page or an API call makes on a scoped model must have gone through the scope (when the
    guard is on: tests and DEBUG). See core/scope_guard.py."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with guarded():
            return self.get_response(request)


CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",  # no inline script and no inline handlers: static/web/*.js only
    "style-src 'self' 'unsafe-inline'",  # SVG charts carry style attributes
    "img-src 'self' data: blob:",  # a chart is downloaded as an image made in the page
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    """等保: a Content-Security-Policy and a Permissions-Policy on every page, and no copy of a page or an API
    answer in the browser's cache (a person's page with the full 身份证号 must not survive logout on a shared
    office PC). Static files are served before this middleware and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers or "no-store" not in response.headers["Cache-Control"]:
            add_never_cache_headers(response)
        return response


READS = ("GET", "HEAD")


class ReadGateMiddleware:
    """At most GONGHUI_CONCURRENT_READS page views and API reads at once in this server process; writes
    (POST, PUT, PATCH, DELETE) never wait for the gate. Python runs one thread at a time per process, so ten
    pages rendered at once each take ten times as long, and an officer saving a form would wait behind them:
    with the gate the pages queue among themselves and a save goes straight through. Static files are served
    before this middleware. 0 turns the gate off."""

    def __init__(self, get_response):
        import threading

        self.get_response = get_response
        size = getattr(settings, "GONGHUI_CONCURRENT_READS", 0)
        self.gate = threading.BoundedSemaphore(size) if size > 0 else None

    def __call__(self, request):
        if self.gate is None or request.method not in READS:
            return self.get_response(request)
        with self.gate:
            return self.get_response(request)
