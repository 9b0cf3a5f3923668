from django.utils.cache import add_never_cache_headers

from gonghui.core.audit import current_source
from gonghui.core.scope_guard import guarded


def client_ip(request) -> str:
    # Behind nginx the real client comes in X-Real-IP (see docs/deploy.md); REMOTE_ADDR otherwise.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", "")


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
