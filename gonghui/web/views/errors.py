import logging

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render

log = logging.getLogger("gonghui.security")


def log_forbidden(request, response):
    """One line per refusal, and it stands for Django's own (which carries the whole traceback)."""
    user = getattr(request, "user", None)
    who = getattr(user, "username", "") or "anonymous"
    log.warning("403 forbidden: user=%s path=%s", who, request.path)
    response._has_been_logged = True
    return response


def _api(request) -> bool:
    return request.path.startswith("/api/")


@login_not_required
def forbidden(request, exception=None):
    if _api(request):
        response = JsonResponse({"code": "forbidden", "message": "您没有权限执行此操作。"}, status=403)
    else:
        response = render(request, "web/403.html", status=403)
    return log_forbidden(request, response)


@login_not_required
def not_found(request, exception=None):
    if _api(request):
        return JsonResponse({"code": "not_found", "message": "记录不存在，或您无权查看。"}, status=404)
    return render(request, "web/404.html", status=404)


@login_not_required
def server_error(request):
    if _api(request):
        return JsonResponse({"code": "server_error", "message": "服务器内部错误，请稍后重试或联系管理员。"}, status=500)
    return render(request, "web/500.html", status=500)
