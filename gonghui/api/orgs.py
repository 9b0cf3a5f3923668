"""/orgs: the org tree the caller can read. Thin: parse, call one selector, render."""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router

from gonghui.api.pagination import paginate
from gonghui.api.schemas import Error, OrgListParams, OrgOut, Page, org_out
from gonghui.orgs.selectors import org_get, org_list

router = Router(tags=["orgs"])

ERRORS = {401: Error, 404: Error, 422: Error}


@router.get("/orgs", response={200: Page[OrgOut], **ERRORS}, summary="组织列表")
def orgs_list(request, params: Query[OrgListParams]):
    under = org_get(viewer=request.user, code=params.org) if params.org else None
    qs = org_list(viewer=request.user, under=under, kind=params.kind or "", active_only=params.active_only)
    return paginate(qs, page=params.page, page_size=params.page_size, render=org_out)


@router.get("/orgs/{int:org_id}", response={200: OrgOut, **ERRORS}, summary="组织详情")
def orgs_detail(request, org_id: int):
    return org_out(org_get(viewer=request.user, pk=org_id))


@router.get("/orgs/{int:org_id}/subtree", response={200: Page[OrgOut], **ERRORS},
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
