"""/dues: 会费 through the API — the policy, the month's roll, collection by deduction, single payments and
refunds, wage and payment files, the arrears list. Thin: parse, call one gonghui.dues service or selector, render
with the payloads the CLI's --json prints (gonghui.dues.payloads), so both faces answer alike.

Who: readers of the org read (ID numbers masked unless 管理员/干事); 管理员 and 财务 write (others 403);
an org outside the scope is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from gonghui.api.schemas import READ_ERRORS, WRITE_ERRORS
from gonghui.core.tabular import FileUnreadable, ImportFailed
from gonghui.dues import imports, payloads, selectors, services
from gonghui.dues.models import Frequency, Method, Rounding
from gonghui.dues.rules import parse_month
from gonghui.orgs.selectors import org_get
from gonghui.people.selectors import person_get

router = Router(tags=["dues"])

class OrgParams(Schema):
    org: str = Field(description="组织代码")


class RollParams(OrgParams):
    month: str = Field(description="月份，如 2026-03")


class ArrearsParams(OrgParams):
    as_of: str = Field(description="截至月份（含），如 2026-06")
    min_months: int = Field(1, ge=1, description="至少欠缴几个月（章程“六个月未缴”即 6）")


class PolicyIn(Schema):
    org: str
    from_: str = Field(alias="from", description="起始月份，如 2026-01")
    base: str | list[str] = Field(description="缴费基数构成（工资项目列名），如 岗位工资,薪级工资")
    rate: str = "0.005"
    rounding: str = Rounding.TAIL10
    frequency: str = Frequency.MONTHLY
    flat_amounts: dict[str, str] = Field(default_factory=dict, description="定额月会费，如 {\"劳务派遣\": \"10\"}")
    note: str = ""


class CollectIn(Schema):
    org: str
    month: str
    date: dt.date = Field(description="代扣日期")


class PaymentIn(Schema):
    org: str
    person: int
    month: str
    amount: str = Field(description="金额（退款或更正为负数，须填原因），如 \"21.80\"")
    paid_on: dt.date
    method: str = Method.CASH
    reason: str = ""


def _org(request, code: str):
    return org_get(viewer=request.user, code=code)


@router.get("/dues/policies", response={200: dict[str, Any], **READ_ERRORS}, summary="会费标准（所在基层工会的，新的在前）")
def dues_policies(request, params: Query[OrgParams]):
    org = _org(request, params.org)
    return {"items": [payloads.policy_payload(p) for p in selectors.policy_list(viewer=request.user, org=org)]}


@router.post("/dues/policies", response={201: dict[str, Any], **WRITE_ERRORS},
             summary="设置会费标准（自某月起；同一月份再设置即修改）")
def dues_policy_set(request, body: PolicyIn):
    policy = services.policy_set(actor=request.user, org=_org(request, body.org), month=parse_month(body.from_, "from"),
                                 base_components=body.base, rate=body.rate, rounding=body.rounding,
                                 frequency=body.frequency, flat_amounts=body.flat_amounts, note=body.note)
    return Status(201, payloads.policy_payload(policy))


@router.get("/dues/roll", response={200: dict[str, Any], **READ_ERRORS},
            summary="某月会费：应缴、实缴、欠缴名单（与 gonghui dues roll --json 相同）")
def dues_roll(request, params: Query[RollParams]):
    org = _org(request, params.org)
    roll = selectors.roll(org=org, month=parse_month(params.month))
    return payloads.roll_payload(roll, show_id=payloads.id_shower(request.user, org))


@router.get("/dues/arrears", response={200: dict[str, Any], **READ_ERRORS},
            summary="欠缴会费名单（与 gonghui dues arrears --json 相同）")
def dues_arrears(request, params: Query[ArrearsParams]):
    org = _org(request, params.org)
    items = selectors.arrears(org=org, as_of=parse_month(params.as_of, "as_of"), min_months=params.min_months)
    return payloads.arrears_payload(items, show_id=payloads.id_shower(request.user, org))


@router.post("/dues/collections", response={201: dict[str, Any], **WRITE_ERRORS},
             summary="某月会费全部工资代扣（按应缴足额）")
def dues_collect(request, body: CollectIn):
    collection = services.dues_collect(actor=request.user, org=_org(request, body.org), month=parse_month(body.month),
                                       paid_on=body.date)
    return Status(201, payloads.collection_payload(collection))


@router.post("/dues/payments", response={201: dict[str, Any], **WRITE_ERRORS},
             summary="登记一名会员某月的缴费（可部分缴纳）或退款（负数，须填原因）")
def dues_payment(request, body: PaymentIn):
    org = _org(request, body.org)
    person = person_get(viewer=request.user, pk=body.person)
    payment = services.payment_record(actor=request.user, org=org, person=person, month=parse_month(body.month),
                                      amount=body.amount, paid_on=body.paid_on, method=body.method,
                                      reason=body.reason)
    return Status(201, {"id": payment.pk, "person": person.pk, "month": body.month[:7],
                        "amount": str(payment.amount), "collection": payment.collection_id})


def _import(request, fn, file, org, month, dry_run):
    try:
        result = fn(actor=request.user, org=_org(request, org), month=parse_month(month), source=file.read(),
                    filename=file.name, dry_run=dry_run)
    except (FileUnreadable, ImportFailed) as exc:
        raise ValidationError({"file": exc.message}) from None
    return {**result.as_dict(), "summary": imports.summary(result)}


@router.post("/dues/wages/import", response={200: dict[str, Any], **WRITE_ERRORS},
             summary="导入某月工资表（multipart：file、org、month、dry_run）")
def dues_wages_import(request, file: File[UploadedFile], org: Form[str], month: Form[str], dry_run: Form[bool] = False):
    return _import(request, imports.wages_import, file, org, month, dry_run)


@router.post("/dues/payments/import", response={200: dict[str, Any], **WRITE_ERRORS},
             summary="导入某月缴费名单（multipart：file、org、month、dry_run）")
def dues_payments_import(request, file: File[UploadedFile], org: Form[str], month: Form[str],
                         dry_run: Form[bool] = False):
    return _import(request, imports.payments_import, file, org, month, dry_run)


@router.get("/dues/people/{int:person_id}/history", response={200: dict[str, Any], **READ_ERRORS},
            summary="一名会员的会费记录：每月应缴、缴费基数、实缴（会员本人可查看自己的）")
def dues_history(request, person_id: int):
    person = person_get(viewer=request.user, pk=person_id)
    return payloads.history_payload(selectors.member_history(person=person))
