"""Request and response shapes, and the functions that turn a record into its response dict.

Output: codes plus a `*_label` for every choice field, dates ISO, money as a decimal string.
ID numbers and mobiles are masked unless accounts.scoping says this viewer sees them in full.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Generic, Literal, TypeVar

from ninja import Field, Schema
from pydantic import ConfigDict, create_model

from gonghui.accounts.scoping import sees_full_id, sees_full_mobile
from gonghui.core.masking import mask_id_number, mask_mobile
from gonghui.indicators.registry import MONEY, RATE, Indicator, all_indicators
from gonghui.orgs.models import Org
from gonghui.people.models import MembershipEvent, Person

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50

T = TypeVar("T")


class Error(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


class ListParams(Schema):
    org: str | None = Field(None, description="组织代码：只列出该组织及其下级")
    page: int = Field(1, ge=1, description="页码，从 1 开始")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数，最多 500")


class OrgListParams(ListParams):
    kind: str | None = Field(None, description="federation / union / branch / group")
    active_only: bool = False


class PersonListParams(ListParams):
    q: str = Field("", description="姓名、拼音或首字母、工号、手机号后几位")
    employment_type: str = Field("", description="用工形式：代码或中文，如 regular / 劳务派遣")
    member_status: str = Field("", description="会籍状态：none / active / retained / out 或中文")
    gender: str = Field("", description="M / F / 男 / 女")
    migrant: bool | None = Field(None, description="是否农民工 true / false")
    work_status: str = Field("", description="在职状态：active / retired / left 或中文")


# ---- orgs -------------------------------------------------------------------------------------------

class OrgOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    is_joint: bool
    status: str
    status_label: str
    depth: int
    path: str = Field(description="物化路径：前缀相同即为下级")
    founded_on: dt.date | None
    dissolved_on: dt.date | None
    term_number: int | None
    term_start: dt.date | None
    term_end: dt.date | None
    contact_person: str
    contact_phone: str
    address: str


def org_out(org: Org) -> dict:
    return {
        "id": org.pk, "code": org.code, "name": org.name,
        "kind": org.kind, "kind_label": org.get_kind_display(),
        "is_joint": org.is_joint, "status": org.status, "status_label": org.get_status_display(),
        "depth": org.depth, "path": org.path, "founded_on": org.founded_on, "dissolved_on": org.dissolved_on,
        "term_number": org.term_number, "term_start": org.term_start, "term_end": org.term_end,
        "contact_person": org.contact_person, "contact_phone": org.contact_phone, "address": org.address,
    }


# ---- people -----------------------------------------------------------------------------------------

CHOICE_FIELDS = ("gender", "ethnicity", "education", "political_status", "employment_type",
                 "model_worker_level", "work_status", "member_status")


class PersonOut(Schema):
    id: int
    name: str
    gender: str
    gender_label: str
    ethnicity: str
    ethnicity_label: str
    id_number: str = Field(description="无权查看完整号码时为打码值，如 1101**********1234")
    id_number_masked: bool
    birth_date: dt.date | None
    education: str
    education_label: str
    political_status: str
    political_status_label: str
    mobile: str
    mobile_masked: bool
    employee_no: str
    hired_on: dt.date | None
    employment_type: str
    employment_type_label: str
    post: str
    org: int
    org_code: str
    org_name: str
    is_migrant_worker: bool
    model_worker_title: str
    model_worker_level: str
    model_worker_level_label: str
    base_salary: str | None = Field(description="金额字符串，两位小数，如 \"4500.00\"")
    work_status: str
    work_status_label: str
    member_status: str
    member_status_label: str
    member_no: str


def person_out(person: Person, viewer) -> dict:
    full_id = sees_full_id(viewer, person)
    full_mobile = sees_full_mobile(viewer, person)
    out = {
        "id": person.pk, "name": person.name, "birth_date": person.birth_date,
        "id_number": person.id_number if full_id else mask_id_number(person.id_number),
        "id_number_masked": not full_id and bool(person.id_number),
        "mobile": person.mobile if full_mobile else mask_mobile(person.mobile),
        "mobile_masked": not full_mobile and bool(person.mobile),
        "employee_no": person.employee_no, "hired_on": person.hired_on, "post": person.post,
        "org": person.org_id, "org_code": person.org.code, "org_name": person.org.name,
        "is_migrant_worker": person.is_migrant_worker, "model_worker_title": person.model_worker_title,
        # str(Decimal) keeps the two stored decimals ("4500.00"); a float never enters.
        "base_salary": None if person.base_salary is None else str(person.base_salary),
        "member_no": person.member_no,
    }
    for field in CHOICE_FIELDS:
        out[field] = getattr(person, field)
        out[f"{field}_label"] = str(getattr(person, f"get_{field}_display")()) if out[field] else ""
    return out


class PersonWrite(Schema):
    """Fields a caller may set. Choice fields take the code or the Chinese label (性别 "F" or "女")."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    gender: str | None = None
    ethnicity: str | None = None
    id_number: str | None = None
    birth_date: dt.date | None = None
    education: str | None = None
    political_status: str | None = None
    mobile: str | None = None
    employee_no: str | None = None
    hired_on: dt.date | None = None
    employment_type: str | None = None
    post: str | None = None
    org: int | str | None = Field(None, description="组织 id（整数）或组织代码（字符串）")
    is_migrant_worker: bool | None = None
    model_worker_title: str | None = None
    model_worker_level: str | None = None
    base_salary: str | Decimal | None = Field(None, description="金额，建议用字符串，如 \"4500.00\"")
    work_status: str | None = None


class PersonCreate(PersonWrite):
    name: str
    org: int | str = Field(description="组织 id（整数）或组织代码（字符串）")


class PersonUpdate(PersonWrite):
    pass


# ---- membership events ------------------------------------------------------------------------------

class MembershipEventOut(Schema):
    id: int
    person: int
    person_name: str
    org: int
    org_code: str
    org_name: str
    kind: str
    kind_label: str
    date: dt.date
    valid_until: dt.date | None
    member_no: str
    note: str


def membership_event_out(event: MembershipEvent) -> dict:
    return {
        "id": event.pk, "person": event.person_id, "person_name": event.person.name,
        "org": event.org_id, "org_code": event.org.code, "org_name": event.org.name,
        "kind": event.kind, "kind_label": str(event.get_kind_display()), "date": event.date,
        "valid_until": event.valid_until, "member_no": event.member_no, "note": event.note,
    }


class MembershipEventCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(description="join / transfer_in / transfer_out / leave / retain / restore / expel，或中文")
    date: dt.date
    member_no: str = ""
    note: str = ""


def money_str(value) -> str | None:
    """Decimal -> "1000.00" (two places, never through a float)."""
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


# ---- indicators -------------------------------------------------------------------------------------

class IndicatorParams(Schema):
    org: str = Field(description="组织代码：统计该组织及其全部下级")
    period: str | None = Field(None, description="期间：2026H1、2026H2、2026Q1～Q4、2026、2026-05；或改用 from/to")
    start: dt.date | None = Field(None, alias="from", description="起始日期（含），与 to 同用，代替 period")
    end: dt.date | None = Field(None, alias="to", description="截止日期（含）")


class PeriodOut(Schema):
    code: str | None = Field(description="期间代码；用 from/to 时为 null")
    start: dt.date
    end: dt.date
    label: str


def _indicator_type(ind: Indicator):
    if ind.kind == MONEY:
        return str
    if ind.kind == RATE:
        return float | None
    return int


IndicatorValues = create_model(
    "IndicatorValues", __base__=Schema,
    **{ind.code: (_indicator_type(ind), Field(..., description=f"{ind.name}（{ind.unit or ind.kind}）：{ind.definition}"))
       for ind in all_indicators()},
)


class IndicatorsOut(Schema):
    org: str = Field(description="组织代码")
    org_name: str
    period: PeriodOut
    values: IndicatorValues = Field(description="指标代码 → 数值：计数为整数，金额为两位小数的字符串，比率为一位小数的数字或 null")


def indicator_value_out(ind: Indicator, value):
    if ind.kind == MONEY:
        return money_str(value)
    if ind.kind == RATE:
        return None if value is None else float(value)  # one decimal already (registry.rate)
    return value


def indicators_out(org: Org, period, values: dict, indicators: dict[str, Indicator]) -> dict:
    return {
        "org": org.code, "org_name": org.name,
        "period": {"code": period.code or None, "start": period.start, "end": period.end, "label": str(period.label)},
        "values": {code: indicator_value_out(indicators[code], value) for code, value in values.items()},
    }


class IndicatorDefinitionOut(Schema):
    code: str
    name: str
    unit: str
    kind: str = Field(description="count / money / rate")
    definition: str
    source: str = Field(description="数据来源：台账种类代码或 people / membership / orgs 等")


class IndicatorDefinitionList(Schema):
    items: list[IndicatorDefinitionOut]
    count: int


def indicator_definition_out(ind: Indicator) -> dict:
    return {"code": ind.code, "name": ind.name, "unit": ind.unit, "kind": ind.kind, "definition": ind.definition,
            "source": ind.source}


# ---- 花名册 import jobs -------------------------------------------------------------------------------

class JobOut(Schema):
    id: int
    kind: str = Field(description="roster_import")
    status: str = Field(description="queued / running / done / failed")
    status_label: str
    done: int = Field(description="已处理的行数")
    total: int = Field(description="总行数（读完表头后才知道；之前为 0）")
    percent: int = Field(description="0–100；完成时为 100")
    message: str = Field(description="当前阶段，完成时为结果摘要，失败时为原因（中文）")
    finished: bool
    dry_run: bool = Field(description="true：试导入（预览），未写入")
    create_groups: bool
    mapping: dict[str, int | None] = Field(description="本次使用的列对应更正 {项目: 列号（从 0 起）}")
    org: str = Field(description="导入到的组织代码")
    file_name: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    errors_url: str | None = Field(description="有未导入的行时：下载这些行（加“错误原因”列）的地址")
    result: dict | None = Field(description="完成后：created, updated, unchanged, refused, merged, blank, footer, "
                                            "columns（识别的列对应）, refusals（前 1000 行）, refusals_total, "
                                            "notes, groups_created, summary；失败时：error, code")


class JobEnvelope(Schema):
    job: JobOut


class RosterConfirm(Schema):
    mapping: dict[str, int | None] | None = Field(
        None, description="列对应更正 {项目: 列号（从 0 起）或 null}；不传则沿用预览时的对应")
    create_groups: bool | None = Field(None, description="不传则沿用预览时的选择")
    name_changes: dict[int, Literal["keep", "take"]] | None = Field(
        None, description="身份证号码已登记而姓名不同的行（见预览结果 name_conflicts）：{行号: \"keep\" 保留系统中的姓名 | "
                          "\"take\" 采用文件中的姓名}；没有决定的行不导入")
    group_map: dict[str, int | None] | None = Field(
        None, description="部门名称对应（见预览结果 group_mapping）：{文件中的写法: 组织 id，null 取消上次记住的对应}；"
                          "确认导入后记住，下次自动对应")


def job_out(job, errors_url: str | None = None) -> dict:
    params = job.params or {}
    result = dict(job.result) if isinstance(job.result, dict) else job.result
    if isinstance(result, dict):
        result.pop("errors_file", None)  # a server path: the caller gets errors_url instead
    return {
        "id": job.pk, "kind": job.kind, "status": job.status, "status_label": str(job.get_status_display()),
        "done": job.done, "total": job.total, "percent": job.percent, "message": job.message,
        "finished": job.finished, "dry_run": bool(params.get("dry_run")),
        "create_groups": bool(params.get("create_groups")), "mapping": params.get("mapping") or {},
        "org": params.get("org_code", ""), "file_name": job.file_name, "created_at": job.created_at,
        "finished_at": job.finished_at, "errors_url": errors_url, "result": result,
    }
