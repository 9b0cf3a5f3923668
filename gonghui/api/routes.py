"""The /api/v1/ NinjaAPI: auth for every operation, our error shape, and the routers."""

from django.conf import settings
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from gonghui.api import (
    activities,
    dues,
    errors,
    funds,
    indicators,
    joining,
    ledgers,
    orgs,
    people,
    reports,
    requests,
    roster,
    submissions,
)
from gonghui.api.auth import SessionAuth, TokenAuth


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Chinese stays readable in curl output and logs


api = NinjaAPI(
    title="gonghui API",
    version="1",
    description="工会信息系统接口。认证：`Authorization: Bearer <令牌>` 或登录会话（写操作需 CSRF）。"
                "错误统一为 {code, message, fields}；校验错误为 HTTP 422。",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    renderer=Renderer(),
    # The docs page serves Swagger UI from ninja's own static files only when "ninja" is an installed app;
    # otherwise ninja would pull it from a CDN, which an intranet install cannot reach. So: no page then.
    docs_url="/docs" if "ninja" in settings.INSTALLED_APPS else None,
)
errors.install(api)
api.add_router("", orgs.router)
api.add_router("", people.router)
api.add_router("", roster.router)
api.add_router("", ledgers.router)
api.add_router("", indicators.router)
api.add_router("", reports.router)
api.add_router("", dues.router)
api.add_router("", funds.router)
api.add_router("", joining.router)
api.add_router("", activities.router)
api.add_router("", submissions.router)
api.add_router("", requests.router)  # issue 16: members' requests, the officers' side
