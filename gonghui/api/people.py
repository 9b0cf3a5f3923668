"""/people and /membership-events. Thin: parse, call one selector or service, render.

Scoping and the rules live below: people.selectors (person_list, person_get, membership_event_list)
start from accounts.scoping; people.services (person_create, person_update, membership_event_add)
check write rights, validate with Chinese messages and write the audit row.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from gonghui.api.pagination import paginate
from gonghui.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ListParams,
    MembershipEventCreate,
    MembershipEventOut,
    Page,
    PersonCreate,
    PersonListParams,
    PersonOut,
    PersonUpdate,
    membership_event_out,
    person_out,
)
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_get
from gonghui.people import services, validation
from gonghui.people.models import MembershipEvent, MemberStatus
from gonghui.people.selectors import PersonFilters, membership_event_list, person_get, person_list

router = Router(tags=["people"])

ORG_UNKNOWN = _("组织“%(org)s”不存在，或您无权访问。")
BAD_CHOICE = _("%(label)s“%(v)s”不在可选范围内，请填写：%(allowed)s。")


def _choice_code(raw: str, choices, label: str, field: str) -> str:
    """Code or Chinese label -> code, for choice lists people.validation has no cleaner for."""
    text = (raw or "").strip()
    if not text:
        return ""
    for value, display in choices.choices:
        if text in (value, str(display)):
            return value
    allowed = "、".join(str(d) for _v, d in choices.choices)
    raise ValidationError({field: BAD_CHOICE % {"label": label, "v": text, "allowed": allowed}})


def _filter_org(viewer, code: str | None) -> Org | None:
    # An unknown code and a code outside the caller's scope answer the same 404.
    return org_get(viewer=viewer, code=code) if code else None


def _body_org(viewer, value) -> Org:
    try:
        if isinstance(value, int):
            return org_get(viewer=viewer, pk=value)
        return org_get(viewer=viewer, code=str(value))
    except Http404:
        raise ValidationError({"org": ORG_UNKNOWN % {"org": value}}) from None


def _filters(viewer, params: PersonListParams) -> PersonFilters:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    cleaners = {
        "employment_type": validation.clean_employment_type,
        "gender": validation.clean_gender,
        "work_status": validation.clean_work_status,
        "member_status": lambda v: _choice_code(v, MemberStatus, _("会籍状态"), "member_status"),
    }
    for field, clean in cleaners.items():
        try:
            cleaned[field] = clean(getattr(params, field))
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    org = _filter_org(viewer, params.org)
    return PersonFilters(org=org, q=params.q.strip(), migrant=params.migrant, **cleaned)


@router.get("/people", response={200: Page[PersonOut], **READ_ERRORS}, summary="职工列表（与名册页面相同的筛选）")
def people_list(request, params: Query[PersonListParams]):
    viewer = request.user
    qs = person_list(viewer=viewer, filters=_filters(viewer, params))
    return paginate(qs, page=params.page, page_size=params.page_size, render=lambda p: person_out(p, viewer))


@router.get("/people/{int:person_id}", response={200: PersonOut, **READ_ERRORS}, summary="职工详情")
def people_detail(request, person_id: int):
    return person_out(person_get(viewer=request.user, pk=person_id), request.user)


@router.post("/people", response={201: PersonOut, **WRITE_ERRORS}, summary="新增职工")
def people_create(request, payload: PersonCreate):
    data = payload.model_dump(exclude_unset=True)
    org = _body_org(request.user, data.pop("org"))
    person = services.person_create(actor=request.user, org=org, **data)
    return Status(201, person_out(person, request.user))


@router.patch("/people/{int:person_id}", response={200: PersonOut, **WRITE_ERRORS}, summary="修改职工（只改提交的字段）")
def people_update(request, person_id: int, payload: PersonUpdate):
    person = person_get(viewer=request.user, pk=person_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    if "org" in data:
        if data["org"] is None:
            raise ValidationError({"org": _("所在组织不能为空。")})
        data["org"] = _body_org(request.user, data["org"])
    person = services.person_update(actor=request.user, person=person, **data)
    return person_out(person, request.user)


@router.get("/people/{int:person_id}/membership-events", response={200: Page[MembershipEventOut], **READ_ERRORS},
            summary="某人的会籍变动（按日期）")
def person_membership_events(request, person_id: int, params: Query[ListParams]):
    person = person_get(viewer=request.user, pk=person_id)
    qs = membership_event_list(viewer=request.user, person=person, org=_filter_org(request.user, params.org))
    return paginate(qs, page=params.page, page_size=params.page_size, render=membership_event_out)


@router.post("/people/{int:person_id}/membership-events", response={201: MembershipEventOut, **WRITE_ERRORS},
             summary="登记会籍变动（入会、转入、转出、退会、保留、恢复、除名）")
def person_membership_event_create(request, person_id: int, payload: MembershipEventCreate):
    person = person_get(viewer=request.user, pk=person_id, write=True)
    kind = _choice_code(payload.kind, MembershipEvent.Kind, _("会籍变动类型"), "kind")
    event = services.membership_event_add(actor=request.user, person=person, kind=kind, date=payload.date,
                                          member_no=payload.member_no, note=payload.note)
    return Status(201, membership_event_out(event))


@router.get("/membership-events", response={200: Page[MembershipEventOut], **READ_ERRORS},
            summary="会籍变动列表（org=组织代码：该组织及下级人员的变动）")
def membership_events_list(request, params: Query[ListParams]):
    qs = membership_event_list(viewer=request.user, org=_filter_org(request.user, params.org))
    return paginate(qs, page=params.page, page_size=params.page_size, render=membership_event_out)
