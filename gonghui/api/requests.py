"""/transfer-requests and /help-requests: the officers' side of the members' requests (转会, 帮扶申请) for
scripts and apps. The same selectors and services as the queue pages; money as strings."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from gonghui.api.pagination import paginate
from gonghui.api.schemas import READ_ERRORS, WRITE_ERRORS, ListParams, Page
from gonghui.ledgers.requests import services as help_services
from gonghui.ledgers.requests.models import HelpRequest
from gonghui.ledgers.requests.selectors import help_request_get, help_request_list
from gonghui.orgs.selectors import org_get
from gonghui.people.models import TransferRequest
from gonghui.people.transfers import services as transfer_services
from gonghui.people.transfers.selectors import IN, OUT, transfer_get, transfer_list

router = Router(tags=["requests"])

BAD_STATUS = _("状态应为 pending、approved 或 rejected。")
BAD_SIDE = _("side 应为 out（本单位会员转出）或 in（转入本单位）。")


class TransferListParams(Schema):
    side: str = Field(OUT, description="out：本单位会员转出；in：转入本单位")
    status: str | None = Field(None, description="pending、approved 或 rejected；缺省为全部")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class TransferOut(Schema):
    id: int
    person: int
    person_name: str
    from_org: str
    from_org_name: str
    to_org: str
    to_org_name: str
    status: str
    note: str
    requested_at: dt.datetime
    due_on: dt.date
    overdue: bool
    from_approved_at: dt.datetime | None
    to_approved_at: dt.datetime | None
    rejected_side: str
    reason: str
    transferred_on: dt.date | None


class TransferDecision(Schema):
    side: str = Field("", description="from：转出单位审核；to：转入单位审核")


class TransferReject(TransferDecision):
    reason: str = ""


class HelpListParams(ListParams):
    status: str | None = Field(None, description="pending、approved 或 rejected；缺省为全部")


class HelpOut(Schema):
    id: int
    person: int
    person_name: str
    org: str
    status: str
    category: str
    situation: str
    family_size: int
    income_per_capita: str
    submitted_at: dt.datetime
    due_on: dt.date
    overdue: bool
    decided_at: dt.datetime | None
    reason: str
    hardship: int | None
    aid: int | None


class HelpApprove(Schema):
    date: dt.date | None = Field(None, description="帮扶日期（建档日期）")
    file_hardship: bool = Field(True, description="建立困难职工档案（今年已有的不再重复）")
    aid_type: str = Field("", description="帮扶形式：visit、warmth、schooling、medical、emergency；不帮扶慰问则留空")
    amount: str = Field("", description="帮扶金额（元），如 \"800.00\"")
    fund_source: str = ""


class HelpReject(Schema):
    reason: str = ""


def _transfer(t: TransferRequest) -> dict:
    return {"id": t.pk, "person": t.person_id, "person_name": t.person.name, "from_org": t.from_org.code,
            "from_org_name": t.from_org.name, "to_org": t.to_org.code, "to_org_name": t.to_org.name,
            "status": t.status, "note": t.note, "requested_at": t.requested_at, "due_on": t.due_on,
            "overdue": t.overdue, "from_approved_at": t.from_approved_at, "to_approved_at": t.to_approved_at,
            "rejected_side": t.rejected_side, "reason": t.reason, "transferred_on": t.transferred_on}


def _help(r: HelpRequest) -> dict:
    return {"id": r.pk, "person": r.person_id, "person_name": r.person.name, "org": r.org.code, "status": r.status,
            "category": r.category, "situation": r.situation, "family_size": r.family_size,
            "income_per_capita": str(r.income_per_capita), "submitted_at": r.submitted_at, "due_on": r.due_on,
            "overdue": r.overdue, "decided_at": r.decided_at, "reason": r.reason, "hardship": r.hardship_id,
            "aid": r.aid_id}


def _status(value: str | None, choices) -> str:
    if value and value not in choices:
        raise ValidationError({"status": BAD_STATUS})
    return value or ""


@router.get("/transfer-requests", response={200: Page[TransferOut], **READ_ERRORS},
            summary="转会申请（out：本单位会员转出；in：转入本单位）")
def transfer_index(request, params: Query[TransferListParams]):
    if params.side not in (OUT, IN):
        raise ValidationError({"side": BAD_SIDE})
    status = _status(params.status, TransferRequest.Status.values)
    qs = transfer_list(viewer=request.user, side=params.side, status=status)
    return paginate(qs, page=params.page, page_size=params.page_size, render=_transfer)


@router.post("/transfer-requests/{int:transfer_id}/approve", response={200: TransferOut, **WRITE_ERRORS},
             summary="同意转会（side: from 转出单位 / to 转入单位；双方都同意后办理转出、转入）")
def transfer_approve(request, transfer_id: int, payload: TransferDecision):
    transfer = transfer_get(viewer=request.user, pk=transfer_id)
    return _transfer(transfer_services.transfer_approve(actor=request.user, transfer=transfer, side=payload.side))


@router.post("/transfer-requests/{int:transfer_id}/reject", response={200: TransferOut, **WRITE_ERRORS},
             summary="不同意转会（reason 必填，会员可见）")
def transfer_reject(request, transfer_id: int, payload: TransferReject):
    transfer = transfer_get(viewer=request.user, pk=transfer_id)
    return _transfer(transfer_services.transfer_reject(actor=request.user, transfer=transfer, side=payload.side,
                                                       reason=payload.reason))


@router.get("/help-requests", response={200: Page[HelpOut], **READ_ERRORS},
            summary="帮扶申请（待审核的按应审核日期）")
def help_index(request, params: Query[HelpListParams]):
    status = _status(params.status, HelpRequest.Status.values)
    org = org_get(viewer=request.user, code=params.org) if params.org else None
    qs = help_request_list(viewer=request.user, org=org, status=status)
    return paginate(qs, page=params.page, page_size=params.page_size, render=_help)


@router.post("/help-requests/{int:request_id}/approve", response={200: HelpOut, **WRITE_ERRORS},
             summary="批准帮扶申请（建立困难职工档案和/或记帮扶慰问，经台账规则写入）")
def help_approve(request, request_id: int, payload: HelpApprove):
    found = help_request_get(viewer=request.user, pk=request_id, write=True)
    return _help(help_services.help_approve(actor=request.user, request=found, date=payload.date,
                                            file_hardship=payload.file_hardship, aid_type=payload.aid_type,
                                            amount=payload.amount, fund_source=payload.fund_source))


@router.post("/help-requests/{int:request_id}/reject", response={200: HelpOut, **WRITE_ERRORS},
             summary="不予批准帮扶申请（reason 必填，申请人可见）")
def help_reject(request, request_id: int, payload: HelpReject):
    found = help_request_get(viewer=request.user, pk=request_id, write=True)
    return _help(help_services.help_reject(actor=request.user, request=found, reason=payload.reason))
