"""/join-applications: 网上入会 from a script or an app (no login for the application and the status check,
throttled per client address), and the officers' review. The same services as the join page."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from gonghui.api.errors import django_fields, error_body
from gonghui.api.pagination import paginate
from gonghui.api.schemas import READ_ERRORS, WRITE_ERRORS, Error, ListParams, Page
from gonghui.core.middleware import client_ip
from gonghui.orgs.selectors import org_get
from gonghui.people.joining import services
from gonghui.people.joining.notice import NOTICE_VERSION
from gonghui.people.joining.selectors import (
    join_application_get,
    join_application_list,
    join_org,
    shown_numbers,
)
from gonghui.people.models import JoinApplication

router = Router(tags=["join-applications"])

ORG_NOT_JOINABLE = _("组织代码“%(org)s”不存在，或不是可以申请入会的基层工会、分会。")
STATUS_NOT_FOUND = _("没有查到与该身份证号和手机号对应的入会申请。")
PUBLIC_ERRORS = {400: Error, 409: Error, 422: Error, 429: Error}


class JoinApplicationCreate(Schema):
    org: str = Field(description="所申请加入的基层工会或分会的组织代码")
    name: str = ""
    gender: str = Field("", description="男/女（或 M/F）；须与身份证号一致")
    id_number: str = ""
    mobile: str = ""
    ethnicity: str = Field("", description="民族，名称或 GB/T 3304 代码")
    education: str = Field("", description="学历，名称或 GB/T 4658 代码")
    political_status: str = Field("", description="政治面貌，名称或 GB/T 4762 代码")
    workplace: str = Field("", description="工作单位/部门")
    employment_type: str = Field("", description="用工形式，名称或代码")
    is_migrant_worker: bool = False
    consent: bool = Field(False, description="已阅读并同意个人信息告知书（须为 true）")
    notice_version: str = Field(NOTICE_VERSION, description="所同意的告知书版本；缺省为当前版本")


class JoinCreated(Schema):
    id: int
    status: str


class JoinStatusOut(Schema):
    status: str
    reason: str


class JoinStatusParams(Schema):
    id_number: str
    mobile: str


class JoinListParams(ListParams):
    status: str | None = Field(None, description="pending、approved 或 rejected；缺省为全部")


class JoinApplicationOut(Schema):
    id: int
    org: str
    org_name: str
    status: str
    name: str
    gender: str
    id_number: str
    birth_date: dt.date | None
    mobile: str
    ethnicity: str
    education: str
    political_status: str
    workplace: str
    employment_type: str
    is_migrant_worker: bool
    notice_version: str
    consented_at: dt.datetime
    submitted_at: dt.datetime
    due_on: dt.date
    overdue: bool
    decided_at: dt.datetime | None
    reason: str
    person: int | None


class JoinApprove(Schema):
    org: str | None = Field(None, description="登记到的组织代码（所申请工会或其下级）；缺省为所申请的组织")


class JoinReject(Schema):
    reason: str = ""


def _out(viewer):
    def render(app: JoinApplication) -> dict:
        id_number, mobile = shown_numbers(viewer, app)
        return {
            "id": app.pk, "org": app.org.code, "org_name": app.org.name, "status": app.status, "name": app.name,
            "gender": app.gender, "id_number": id_number, "birth_date": app.birth_date, "mobile": mobile,
            "ethnicity": app.ethnicity, "education": app.education, "political_status": app.political_status,
            "workplace": app.workplace, "employment_type": app.employment_type,
            "is_migrant_worker": app.is_migrant_worker, "notice_version": app.notice_version,
            "consented_at": app.consented_at, "submitted_at": app.submitted_at, "due_on": app.due_on,
            "overdue": app.overdue,
            "decided_at": app.decided_at, "reason": app.reason, "person": app.person_id,
        }
    return render


@router.post("/join-applications", auth=None, response={201: JoinCreated, **PUBLIC_ERRORS},
             summary="提交入会申请（无需登录，按来源地址限制频率）")
def join_application_create(request, payload: JoinApplicationCreate):
    data = payload.model_dump()
    try:
        org = join_org(data.pop("org"))
    except Http404:
        raise ValidationError({"org": ORG_NOT_JOINABLE % {"org": payload.org}}) from None
    consent, version = data.pop("consent"), data.pop("notice_version")
    try:
        app = services.join_apply(org=org, data=data, consent=consent, notice_version=version,
                                  address=client_ip(request))
    except (services.AlreadyMember, services.AlreadyPending) as exc:
        fields = django_fields(exc)
        return Status(409, error_body("conflict", fields["id_number"][0], fields))
    except services.Throttled as exc:
        return Status(429, error_body("throttled", exc.messages[0]))
    return Status(201, {"id": app.pk, "status": app.status})


@router.get("/join-applications/status", auth=None, response={200: JoinStatusOut, 404: Error, 422: Error, 429: Error},
            summary="查询入会申请的审核结果（身份证号 + 手机号，无需登录）")
def join_application_status(request, params: Query[JoinStatusParams]):
    try:
        found = services.join_status_check(id_number=params.id_number, mobile=params.mobile,
                                           address=client_ip(request))
    except services.Throttled as exc:
        return Status(429, error_body("throttled", exc.messages[0]))
    if found is None:
        return Status(404, error_body("not_found", STATUS_NOT_FOUND))
    return {"status": found.status, "reason": found.reason}


@router.get("/join-applications", response={200: Page[JoinApplicationOut], **READ_ERRORS},
            summary="入会申请列表（待审核的按应审核日期）")
def join_application_index(request, params: Query[JoinListParams]):
    status = params.status or ""
    if status and status not in JoinApplication.Status.values:
        raise ValidationError({"status": _("状态应为 pending、approved 或 rejected。")})
    org = org_get(viewer=request.user, code=params.org) if params.org else None
    qs = join_application_list(viewer=request.user, org=org, status=status)
    return paginate(qs, page=params.page, page_size=params.page_size, render=_out(request.user))


@router.post("/join-applications/{int:application_id}/approve", response={200: JoinApplicationOut, **WRITE_ERRORS},
             summary="批准入会（按身份证号匹配或新建职工，记入会，分配会员编号）")
def join_application_approve(request, application_id: int, payload: JoinApprove | None = None):
    app = join_application_get(viewer=request.user, pk=application_id, write=True)
    org = None
    if payload is not None and payload.org:
        try:
            org = org_get(viewer=request.user, code=payload.org)
        except Http404:
            raise ValidationError({"org": ORG_NOT_JOINABLE % {"org": payload.org}}) from None
    app = services.join_approve(actor=request.user, application=app, org=org)
    return _out(request.user)(app)


@router.post("/join-applications/{int:application_id}/reject", response={200: JoinApplicationOut, **WRITE_ERRORS},
             summary="不予批准（reason 必填，申请人查询时可见）")
def join_application_reject(request, application_id: int, payload: JoinReject):
    app = join_application_get(viewer=request.user, pk=application_id, write=True)
    app = services.join_reject(actor=request.user, application=app, reason=payload.reason)
    return _out(request.user)(app)
