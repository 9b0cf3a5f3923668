"""/orgs: the org tree the caller can read, and the change of one org's fields. Thin: parse, call one selector
or service, render."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from gonghui.api.pagination import paginate
from gonghui.api.schemas import NOT_NULL, READ_ERRORS, WRITE_ERRORS, OrgListParams, OrgOut, Page, org_out
from gonghui.orgs import services
from gonghui.orgs.selectors import org_get, org_list

router = Router(tags=["orgs"])



class OrgDetailOut(OrgOut):
    code_editable: bool = Field(description="调用者能否修改组织代码：基层工会和总工会的代码只能由上级组织的管理员修改")


class OrgUpdate(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=100, json_schema_extra=NOT_NULL)
    code: str | None = Field(None, max_length=32, json_schema_extra=NOT_NULL)
    is_joint: bool = Field(None, json_schema_extra=NOT_NULL)  # null: pydantic's 422, not the model's
    founded_on: dt.date | None = None
    term_number: int | None = Field(None, ge=1, le=999)
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    contact_person: str | None = Field(None, max_length=50)
    contact_phone: str | None = Field(None, max_length=30)
    address: str | None = Field(None, max_length=200)


TEXT_FIELDS = ("name", "code", "contact_person", "contact_phone", "address")


def _detail_out(org, viewer) -> dict:
    return {**org_out(org), "code_editable": services.code_editable(viewer, org)}


@router.get("/orgs", response={200: Page[OrgOut], **READ_ERRORS}, summary="组织列表")
def orgs_list(request, params: Query[OrgListParams]):
    under = org_get(viewer=request.user, code=params.org) if params.org else None
    qs = org_list(viewer=request.user, under=under, kind=params.kind or "", active_only=params.active_only)
    return paginate(qs, page=params.page, page_size=params.page_size, render=org_out)


@router.get("/orgs/{int:org_id}", response={200: OrgDetailOut, **READ_ERRORS}, summary="组织详情")
def orgs_detail(request, org_id: int):
    return _detail_out(org_get(viewer=request.user, pk=org_id), request.user)


@router.patch("/orgs/{int:org_id}", response={200: OrgDetailOut, **WRITE_ERRORS},
              summary="修改组织信息（只改提交的字段；基层工会和总工会的代码只能由上级组织的管理员修改）")
def orgs_update(request, org_id: int, payload: OrgUpdate):
    org = org_get(viewer=request.user, pk=org_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    for key in TEXT_FIELDS:  # the model's text columns are never NULL
        if key in data and data[key] is None:
            data[key] = ""
    org = services.org_update(actor=request.user, org=org, **data)
    return _detail_out(org, request.user)


@router.get("/orgs/{int:org_id}/subtree", response={200: Page[OrgOut], **READ_ERRORS},
            summary="组织及其全部下级（按物化路径排序，第一项是该组织本身）")
def orgs_subtree(request, org_id: int, params: Query[OrgListParams]):
    org = org_get(viewer=request.user, pk=org_id)
    if params.org:
        # `org=<code>` narrows further, and must itself lie inside this subtree.
        inner = org_get(viewer=request.user, code=params.org)
        if not inner.path.startswith(org.path):
            raise Http404
        org = inner
    qs = org_list(viewer=request.user, under=org, kind=params.kind or "", active_only=params.active_only)
    return paginate(qs, page=params.page, page_size=params.page_size, render=org_out)
