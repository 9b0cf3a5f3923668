"""One error shape for every failure the API reports:

    {"code": "<machine_code>", "message": "<中文说明>", "fields": {"field": ["中文提示", ...]}}

`fields` appears only on validation errors (HTTP 422), whether a service refused the data
(django ValidationError) or the request did not match the schema (ninja's own ValidationError).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

log = logging.getLogger("gonghui.security")

VALIDATION_STATUS = 422
NON_FIELD = "__all__"

NOT_AUTHENTICATED = gettext_lazy("请先登录，或在请求头中提供有效的 API 令牌。")
FORBIDDEN = gettext_lazy("您没有权限执行此操作。")
CSRF_FAILED = gettext_lazy("CSRF 校验失败：用登录会话调用写操作时，请在 X-CSRFToken 请求头中带上 csrftoken。")
NOT_FOUND = gettext_lazy("记录不存在，或您无权查看。")
BAD_REQUEST = gettext_lazy("请求格式不正确，请检查请求体是否为合法的 JSON。")
VALIDATION = gettext_lazy("提交的数据未通过校验：%(first)s")

# pydantic error type -> Chinese hint; `%(x)s` placeholders come from the error's ctx.
PYDANTIC_MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("此项必填。"),
    "int_parsing": gettext_lazy("应为整数。"),
    "int_type": gettext_lazy("应为整数。"),
    "int_from_float": gettext_lazy("应为整数。"),
    "bool_parsing": gettext_lazy("应为 true 或 false。"),
    "bool_type": gettext_lazy("应为 true 或 false。"),
    "date_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD。"),
    "date_from_datetime_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD。"),
    "date_from_datetime_inexact": gettext_lazy("日期格式应为 YYYY-MM-DD。"),
    "date_type": gettext_lazy("日期格式应为 YYYY-MM-DD。"),
    "string_type": gettext_lazy("应为文本。"),
    "string_too_long": gettext_lazy("太长，最多%(max_length)s个字符。"),
    "decimal_parsing": gettext_lazy("应为金额数字，如 \"4500.00\"。"),
    "decimal_type": gettext_lazy("应为金额数字，如 \"4500.00\"。"),
    "greater_than_equal": gettext_lazy("不能小于%(ge)s。"),
    "greater_than": gettext_lazy("应大于%(gt)s。"),
    "less_than_equal": gettext_lazy("不能大于%(le)s。"),
    "less_than": gettext_lazy("应小于%(lt)s。"),
    "extra_forbidden": gettext_lazy("不认识或不可修改的字段。"),
    "model_attributes_type": gettext_lazy("请求体应为 JSON 对象。"),
    "dict_type": gettext_lazy("请求体应为 JSON 对象。"),
    "model_type": gettext_lazy("请求体应为 JSON 对象。"),
    "json_invalid": gettext_lazy("JSON 格式不正确。"),
    "value_error": gettext_lazy("取值不正确。"),
}
DEFAULT_PYDANTIC_MESSAGE = gettext_lazy("格式不正确。")


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    body: dict[str, Any] = {"code": code, "message": str(message)}
    if fields is not None:
        body["fields"] = fields
    return body


def validation_body(fields: dict[str, list[str]]) -> dict:
    first = next((msgs[0] for msgs in fields.values() if msgs), "")
    return error_body("validation_error", VALIDATION % {"first": first}, fields)


def _pydantic_message(error: dict) -> str:
    if error.get("type") == "value_error" and error.get("ctx", {}).get("error"):
        return str(error["ctx"]["error"])  # our own validators raise ValueError with a Chinese text
    template = PYDANTIC_MESSAGES.get(error.get("type", ""), DEFAULT_PYDANTIC_MESSAGE)
    try:
        return str(template) % error.get("ctx", {})
    except (KeyError, TypeError, ValueError):
        return str(DEFAULT_PYDANTIC_MESSAGE)


def ninja_fields(errors: list[dict]) -> dict[str, list[str]]:
    """("body", "payload", "id_number", ...) -> "id_number"; ("query", "page_size") -> "page_size".

    Only the top-level field is kept, and only its first problem: a Union field (org: id or code)
    otherwise reports one error per alternative, which reads as a contradiction.
    """
    fields: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(p) for p in error.get("loc", ())]
        parts = loc[1:]
        if loc and loc[0] == "body" and parts:
            parts = parts[1:]  # drop the parameter name ninja puts after "body"
        field = parts[0] if parts else NON_FIELD
        if field not in fields:
            fields[field] = [_pydantic_message(error)]
    return fields


def django_fields(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    return {NON_FIELD: [str(m) for m in exc.messages]}


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


def install(api: NinjaAPI) -> None:
    """Replace ninja's English {"detail": ...} answers with ours."""

    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        response = api.create_response(request, body, status=status)
        if status == 403:
            # One line per refusal, standing for Django's own line about the response.
            who = getattr(getattr(request, "user", None), "username", "") or "anonymous"
            log.warning("403 forbidden: user=%s path=%s", who, request.path)
            response._has_been_logged = True
        return response

    @api.exception_handler(NinjaValidationError)
    def on_request_invalid(request, exc):
        return respond(request, VALIDATION_STATUS, validation_body(ninja_fields(exc.errors)))

    @api.exception_handler(DjangoValidationError)
    def on_service_invalid(request, exc):
        return respond(request, VALIDATION_STATUS, validation_body(django_fields(exc)))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return respond(request, 401, error_body("not_authenticated", NOT_AUTHENTICATED))

    @api.exception_handler(CsrfFailed)
    def on_csrf(request, exc):
        return respond(request, 403, error_body("csrf_failed", CSRF_FAILED))

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return respond(request, 403, error_body("forbidden", FORBIDDEN))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return respond(request, 404, error_body("not_found", NOT_FOUND))

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        status = exc.status_code
        if status == 400:
            return respond(request, 400, error_body("bad_request", BAD_REQUEST))
        codes = {401: ("not_authenticated", NOT_AUTHENTICATED), 403: ("forbidden", FORBIDDEN),
                 404: ("not_found", NOT_FOUND)}
        code, message = codes.get(status, ("error", _("请求未能完成。")))
        return respond(request, status, error_body(code, message))
