"""/activities: an officer publishes an activity, checks people in and closes it (which writes the ledger
entry); a member signs up and cancels with their own token. The same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from gonghui.activities import services
from gonghui.activities.models import Activity, ActivityKind, Signup
from gonghui.activities.selectors import activity_get
from gonghui.api.errors import error_body
from gonghui.api.schemas import WRITE_ERRORS, Error, choice_values, doc
from gonghui.orgs.selectors import org_get
from gonghui.people.selectors import person_get

router = Router(tags=["activities"])

CONFLICT = {409: Error}
CATEGORIES = list(dict.fromkeys(v for k in ActivityKind.values for v in services.category_choices(k).values))


class ActivityCreate(Schema):
    org: str = Field(description="报名范围：组织代码（该组织及其下级的会员可报名）")
    kind: str = Field(description="写入的台账：meeting 会议 / study 学习培训 / culture 文体活动 / women 女职工工作",
                      json_schema_extra=doc(nullable=False, enum=ActivityKind.values))
    title: str
    date: dt.date
    signup_until: dt.date = Field(description="报名截止日期（当天仍可报名），不晚于活动日期")
    quota: int | None = Field(None, description="名额；不填为不限", json_schema_extra=doc())
    category: str = Field("", description="该台账的类型列（会议类型、学习类型、组织方式、女职工工作类型）；缺省为第一项",
                          json_schema_extra=doc(enum=[*CATEGORIES, ""]))
    start_time: dt.time | None = Field(None, description="开始时间 HH:MM", json_schema_extra=doc())
    place: str = ""
    women_only: bool = False


class ActivityOut(Schema):
    id: int
    org: str
    org_name: str
    kind: str = Field(json_schema_extra=doc(enum=ActivityKind.values))
    kind_label: str
    category: str
    title: str
    date: dt.date
    start_time: dt.time | None
    place: str
    women_only: bool
    quota: int | None
    signup_until: dt.date
    status: str = Field(json_schema_extra=doc(enum=choice_values(Activity, "status")))
    status_label: str
    entry: int | None = Field(description="结束后写入的台账记录 id")


class SignupOut(Schema):
    activity: int
    person: int
    signed_up_at: dt.datetime | None
    checked_in_at: dt.datetime | None
    waiting: bool = Field(False, description="在候补名单中（未占名额）")
    position: int | None = Field(None, description="候补第几位（1 为下一个递补）；不在候补时为 null",
                                 json_schema_extra=doc())
    promoted_at: dt.datetime | None = Field(None, description="由候补递补为正式报名的时间", json_schema_extra=doc())


class CheckinIn(Schema):
    person: int = Field(description="职工 id")


class Closed(Schema):
    entry: int = Field(description="写入的台账记录 id（参加人员为已签到者）")
    kind: str = Field(json_schema_extra=doc(enum=ActivityKind.values))
    participants: int


def _out(a: Activity) -> dict:
    return {"id": a.pk, "org": a.org.code, "org_name": a.org.name, "kind": a.kind, "kind_label": a.get_kind_display(),
            "category": a.category, "title": a.title, "date": a.date, "start_time": a.start_time, "place": a.place,
            "women_only": a.women_only, "quota": a.quota, "signup_until": a.signup_until, "status": a.status,
            "status_label": a.get_status_display(), "entry": a.entry_id}


def _signup_out(s: Signup) -> dict:
    return {"activity": s.activity_id, "person": s.person_id, "signed_up_at": s.signed_up_at,
            "checked_in_at": s.checked_in_at, "waiting": s.waiting, "position": services.waiting_position(s),
            "promoted_at": s.promoted_at}


def _refused(exc: services.Refused):
    return Status(409, error_body(exc.code or "conflict", exc.messages[0]))


@router.post("/activities", response={201: ActivityOut, **WRITE_ERRORS}, summary="发布活动（报名范围、名额、截止日期）")
def activity_create(request, payload: ActivityCreate):
    try:
        org = org_get(viewer=request.user, code=payload.org)
    except Http404:
        raise ValidationError({"org": _("组织代码“%(c)s”不存在，或您无权查看。") % {"c": payload.org}}) from None
    data = payload.model_dump(exclude={"org"})
    return Status(201, _out(services.activity_publish(actor=request.user, org=org, **data)))


@router.post("/activities/{int:activity_id}/signups", response={201: SignupOut, **WRITE_ERRORS, **CONFLICT},
             summary="报名（会员本人的令牌；已满、已截止或已结束时 409；已满时加 ?waitlist=true 登记候补）",
             description="名额已满时默认 409（code full）。请求加查询参数 `waitlist=true` 时改为登记候补：201，"
                         "`waiting` 为 true、`position` 为候补位次；有人取消报名时按登记先后自动递补"
                         "（`waiting` 变为 false、`promoted_at` 为递补时间）。DELETE 同一地址可退出候补。")
def signup_create(request, activity_id: int, waitlist: bool = False):
    activity = activity_get(viewer=request.user, pk=activity_id, member=True)
    try:
        return Status(201, _signup_out(services.signup_add(actor=request.user, activity=activity,
                                                           waitlist=waitlist)))
    except services.Refused as exc:
        return _refused(exc)


@router.delete("/activities/{int:activity_id}/signups", response={204: None, **WRITE_ERRORS, **CONFLICT},
               summary="取消报名或退出候补（截止前；未报名、已签到或已截止时 409；候补第一位随即递补）")
def signup_delete(request, activity_id: int):
    activity = activity_get(viewer=request.user, pk=activity_id, member=True)
    try:
        services.signup_cancel(actor=request.user, activity=activity)
    except services.Refused as exc:
        return _refused(exc)
    return Status(204, None)


@router.post("/activities/{int:activity_id}/checkins", response={201: SignupOut, **WRITE_ERRORS, **CONFLICT},
             summary="签到（干事为某职工签到；活动已结束时 409）")
def checkin_create(request, activity_id: int, payload: CheckinIn):
    activity = activity_get(viewer=request.user, pk=activity_id)
    try:
        person = person_get(viewer=request.user, pk=payload.person)
    except Http404:
        raise ValidationError({"person": _("职工 %(p)s 不存在，或您无权查看。") % {"p": payload.person}}) from None
    try:
        return Status(201, _signup_out(services.checkin_add(actor=request.user, activity=activity, person=person)))
    except services.Refused as exc:
        return _refused(exc)


@router.post("/activities/{int:activity_id}/close", response={200: Closed, **WRITE_ERRORS, **CONFLICT},
             summary="结束活动并写入台账（参加人员 = 已签到者，人次由此计算）")
def activity_close(request, activity_id: int):
    activity = activity_get(viewer=request.user, pk=activity_id)
    try:
        entry = services.activity_close(actor=request.user, activity=activity)
    except services.Refused as exc:
        return _refused(exc)
    return {"entry": entry.pk, "kind": activity.kind, "participants": entry.person_times}
