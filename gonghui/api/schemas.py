"""Request and response shapes, and the functions that turn a record into its response dict.

Output: codes plus a `*_label` for every choice field, dates ISO, money as a decimal string.
ID numbers and mobiles are masked unless accounts.scoping says this viewer sees them in full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from django.db import models
from ninja import Field, Schema
from pydantic import ConfigDict, create_model

from gonghui.accounts.scoping import sees_full_id, sees_full_mobile
from gonghui.core.masking import mask_id_number, mask_mobile
from gonghui.core.models import Job
from gonghui.indicators.registry import COUNT, MONEY, RATE, Indicator, all_indicators
from gonghui.orgs.models import Org
from gonghui.people.models import MembershipEvent, Person

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50

T = TypeVar("T")


class Error(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


# The answers every operation documents besides its success. A body that is not JSON at all is a 400
# (errors.BAD_REQUEST); JSON of the wrong shape or values is a 422.
READ_ERRORS = {401: Error, 404: Error, 422: Error}
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}


# ---- what the document says about a field, where the Python type says less --------------------------------
# Optional input fields are `X | None = None` so that a PATCH can tell "not sent" from a value; whether null
# is *accepted* is the services' rule. `doc(...)` makes the OpenAPI document say exactly that: null only where
# the server takes it, and the allowed values of a choice field as an enum.

def doc(*, nullable: bool = True, enum: Iterable[Any] | None = None,
        pattern: str | None = None) -> Callable[[dict], None]:
    values = list(dict.fromkeys(enum)) if enum is not None else None

    def edit(schema: dict) -> None:
        branches = schema.pop("anyOf", None) or [{k: schema.pop(k) for k in ("type", "format") if k in schema}]
        if not nullable:
            branches = [b for b in branches if b.get("type") != "null"]
            if schema.get("default", ...) is None:
                del schema["default"]
        if values is not None:
            for branch in branches:
                if branch.get("type") == "string":
                    branch["enum"] = [v for v in values if v is not None]
        if pattern is not None:
            for branch in branches:
                if branch.get("type") == "string":
                    branch["pattern"] = pattern
        if len(branches) == 1:
            schema.update(branches[0])
        else:
            schema["anyOf"] = branches

    return edit


def choice_values(model: type[models.Model], name: str, *, labels: bool = False,
                  blank: bool | None = None) -> list[str]:
    """A model field's choice codes (and their Chinese labels, which inputs also take); "" when the field may
    be blank (`blank` overrides the model's say)."""
    field = model._meta.get_field(name)
    values = [str(v) for v, _label in field.choices]
    if labels:
        values += [str(label) for _v, label in field.choices]
    if field.blank if blank is None else blank:
        values.append("")
    return values


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


QUERY = doc(nullable=False)  # an optional query parameter is absent or a value, never null


class ListParams(Schema):
    org: str | None = Field(None, description="组织代码：只列出该组织及其下级", json_schema_extra=QUERY)
    page: int = Field(1, ge=1, description="页码，从 1 开始")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数，最多 500")


class OrgListParams(ListParams):
    kind: str | None = Field(None, description="federation / union / branch / group",
                             json_schema_extra=doc(nullable=False, enum=choice_values(Org, "kind")))
    active_only: bool = False


class PersonListParams(ListParams):
    q: str = Field("", description="姓名、拼音或首字母、工号、手机号后几位")
    employment_type: str = Field("", description="用工形式：代码或中文，如 regular / 劳务派遣",
                                 json_schema_extra=doc(enum=choice_values(Person, "employment_type", labels=True,
                                                                          blank=True)))
    member_status: str = Field("", description="会籍状态：none / active / retained / out 或中文",
                               json_schema_extra=doc(enum=choice_values(Person, "member_status", labels=True,
                                                                        blank=True)))
    gender: str = Field("", description="M / F / 男 / 女",
                        json_schema_extra=doc(enum=choice_values(Person, "gender", labels=True, blank=True)))
    migrant: bool | None = Field(None, description="是否农民工 true / false", json_schema_extra=QUERY)
    work_status: str = Field("", description="在职状态：active / retired / left 或中文",
                             json_schema_extra=doc(enum=choice_values(Person, "work_status", labels=True,
                                                                      blank=True)))


# ---- orgs -------------------------------------------------------------------------------------------

class OrgOut(Schema):
    id: int
    code: str
    name: str
    kind: str = Field(json_schema_extra=doc(enum=choice_values(Org, "kind")))
    kind_label: str
    is_joint: bool
    status: str = Field(json_schema_extra=doc(enum=choice_values(Org, "status")))
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
    gender: str = Field(json_schema_extra=doc(enum=choice_values(Person, "gender", blank=True)))
    gender_label: str
    ethnicity: str = Field(json_schema_extra=doc(enum=choice_values(Person, "ethnicity", blank=True)))
    ethnicity_label: str
    id_number: str = Field(description="无权查看完整号码时为打码值，如 1101**********1234")
    id_number_masked: bool
    birth_date: dt.date | None
    education: str = Field(json_schema_extra=doc(enum=choice_values(Person, "education", blank=True)))
    education_label: str
    political_status: str = Field(json_schema_extra=doc(enum=choice_values(Person, "political_status", blank=True)))
    political_status_label: str
    mobile: str
    mobile_masked: bool
    employee_no: str
    hired_on: dt.date | None
    employment_type: str = Field(json_schema_extra=doc(enum=choice_values(Person, "employment_type", blank=True)))
    employment_type_label: str
    post: str
    org: int
    org_code: str
    org_name: str
    is_migrant_worker: bool
    model_worker_title: str
    model_worker_level: str = Field(json_schema_extra=doc(enum=choice_values(Person, "model_worker_level", blank=True)))
    model_worker_level_label: str
    base_salary: str | None = Field(description="金额字符串，两位小数，如 \"4500.00\"")
    work_status: str = Field(json_schema_extra=doc(enum=choice_values(Person, "work_status", blank=True)))
    work_status_label: str
    member_status: str = Field(json_schema_extra=doc(enum=choice_values(Person, "member_status", blank=True)))
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


NOT_NULL = doc(nullable=False)


def _choice(name: str, *, nullable: bool = True, blank: bool | None = None):
    """An input choice of Person: the code or the Chinese label (people.validation also knows a few
    common aliases, such as 合同工 or 男性, which the document leaves out)."""
    return doc(nullable=nullable, enum=choice_values(Person, name, labels=True, blank=blank))


class PersonWrite(Schema):
    """Fields a caller may set. Choice fields take the code or the Chinese label (性别 "F" or "女")."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, json_schema_extra=NOT_NULL)
    gender: str | None = Field(None, json_schema_extra=_choice("gender", blank=True),
                               description="不填或 null 时按身份证号推定")
    ethnicity: str | None = Field(None, json_schema_extra=_choice("ethnicity"))
    id_number: str | None = None
    birth_date: dt.date | None = None
    education: str | None = Field(None, json_schema_extra=_choice("education"))
    political_status: str | None = Field(None, json_schema_extra=_choice("political_status"))
    mobile: str | None = None
    employee_no: str | None = None
    hired_on: dt.date | None = None
    employment_type: str | None = Field(None, json_schema_extra=_choice("employment_type", nullable=False))
    post: str | None = None
    org: int | str | None = Field(None, description="组织 id（整数）或组织代码（字符串）", json_schema_extra=NOT_NULL)
    is_migrant_worker: bool = Field(None, json_schema_extra=NOT_NULL)  # null: pydantic's 422, not the model's
    model_worker_title: str | None = None
    model_worker_level: str | None = Field(None, json_schema_extra=_choice("model_worker_level"))
    base_salary: str | Decimal | None = Field(None, description="金额，建议用字符串，如 \"4500.00\"")
    work_status: str | None = Field(None, json_schema_extra=_choice("work_status", nullable=False))


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
    kind: str = Field(json_schema_extra=doc(enum=choice_values(MembershipEvent, "kind")))
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

    kind: str = Field(description="join / transfer_in / transfer_out / leave / retain / restore / expel，或中文",
                      json_schema_extra=doc(enum=choice_values(MembershipEvent, "kind", labels=True)))
    date: dt.date
    member_no: str = ""
    note: str = ""


def money_str(value) -> str | None:
    """Decimal -> "1000.00" (two places, never through a float)."""
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


# ---- indicators -------------------------------------------------------------------------------------

# What core.periods.parse_period takes (years FIRST_YEAR..LAST_YEAR, months 1..12), as the document shows it;
# core.periods reads the value and words the 422.
PERIOD_PATTERN = r"^(?:19\d\d|20\d\d|2100)(?:[Hh][12]|[Qq][1-4]|-(?:0?[1-9]|1[0-2]))?$"


def _period_required(schema: dict) -> None:
    schema.setdefault("required", []).append("period")


class IndicatorParams(Schema):
    # The document marks `period` required: it is the way to ask. from + to still replace it (both dates,
    # no period), as in the CLI and the pages; without either the answer is a 422 on `period`.
    model_config = ConfigDict(json_schema_extra=_period_required)

    org: str = Field(description="组织代码：统计该组织及其全部下级")
    period: str | None = Field(None, description="期间（必填）：2026H1、2026H2、2026Q1～Q4、2026、2026-05；"
                                                  "自定义区间时可省略，改给 from 和 to",
                               json_schema_extra=doc(nullable=False, pattern=PERIOD_PATTERN))
    start: dt.date | None = Field(None, alias="from", description="起始日期（含），与 to 同用，代替 period",
                                  json_schema_extra=QUERY)
    end: dt.date | None = Field(None, alias="to", description="截止日期（含）", json_schema_extra=QUERY)


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
    kind: str = Field(description="count / money / rate", json_schema_extra=doc(enum=[COUNT, MONEY, RATE]))
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
    status: str = Field(description="queued / running / done / failed",
                        json_schema_extra=doc(enum=choice_values(Job, "status")))
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
