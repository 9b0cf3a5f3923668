"""Two ways in: a personal API token (`Authorization: Bearer gh_...`) or the Django login session.

accounts.middleware.TokenAuthMiddleware has already resolved the token into request.user (and
switched CSRF off for it, since no cookie is involved). Here we only tell ninja who is calling and
keep CSRF on for the session, as ninja's django_auth does.
"""

from __future__ import annotations

from django.conf import settings
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from gonghui.api.errors import CsrfFailed


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if getattr(request, "auth_via_token", False) and request.user.is_authenticated:
            return request.user
        # A Bearer header that the middleware refused is wrong or revoked: never fall back to the session.
        raise AuthenticationError


class SessionAuth(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None
