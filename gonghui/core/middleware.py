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
