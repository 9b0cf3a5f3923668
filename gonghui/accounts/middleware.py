import datetime as dt

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

API_PREFIX = "/api/"


class TokenAuthMiddleware:
    """`Authorization: Bearer <token>` logs the request in as the token's user, for scripts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.startswith("Bearer ") and request.path.startswith(API_PREFIX):
            from gonghui.accounts.services import token_user

            user = token_user(header[7:].strip())
            if user is not None:
                request.user = user
                request.auth_via_token = True
                request._dont_enforce_csrf_checks = True  # no cookie is involved, so no CSRF risk
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Deny by default; the API answers 401 in JSON instead of redirecting to the login page."""

    def handle_no_permission(self, request, view_func):
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"code": "not_authenticated", "message": "请先登录，或在请求头中提供有效的 API 令牌。"},
                                status=401, json_dumps_params={"ensure_ascii": False})
        return super().handle_no_permission(request, view_func)


class PasswordExpiryMiddleware:
    """等保: a reset or an expired password must be changed before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not getattr(request, "auth_via_token", False)
            and not request.path.startswith(settings.STATIC_URL)
            and self.must_change(user)
        ):
            if request.path.startswith(API_PREFIX):  # a logged-in browser session; tokens are exempt
                return JsonResponse({"code": "password_change_required",
                                     "message": "请先在网页上修改密码（密码已被重置或已过期），再使用接口。"},
                                    status=403, json_dumps_params={"ensure_ascii": False})
            allowed = {reverse("accounts:password-change"), reverse("accounts:logout")}
            if request.path not in allowed:
                return redirect("accounts:password-change")
        return self.get_response(request)

    @staticmethod
    def must_change(user) -> bool:
        if user.must_change_password:
            return True
        max_age = settings.PASSWORD_MAX_AGE_DAYS
        changed = user.password_changed_at
        return bool(max_age and changed and timezone.now() - changed > dt.timedelta(days=max_age))
