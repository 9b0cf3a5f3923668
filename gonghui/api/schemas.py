"""Request and response shapes, and the functions that turn a record into its response dict.

Output: codes plus a `*_label` for every choice field, dates ISO, money as a decimal string.
ID numbers and mobiles are masked unless accounts.scoping says this viewer sees them in full.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Generic, TypeVar

from ninja import Field, Schema
from pydantic import ConfigDict, create_model

from gonghui.accounts.scoping import sees_full_id, sees_full_mobile
from gonghui.core.masking import mask_id_number, mask_mobile
from gonghui.indicators.registry import MONEY, RATE, Indicator, all_indicators
from gonghui.ledgers import kinds as lk
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


# ---- ledgers ----------------------------------------------------------------------------------------
# One set of schemas per kind, built from its declaration in ledgers.kinds (the shared contract), so the
# OpenAPI document shows each kind's own fields and a new column needs no change here.

class ChoiceOut(Schema):
    code: str
    label: str


class ColumnOut(Schema):
    header: str = Field(description="中文列名（导入模板的表头）")
    field: str = Field(description="接口中的字段名")
    type: str = Field(description="date / text / choice / int / money / decimal / org / person / persons / "
                                  "person_or_org")
    required: bool
    choices: list[ChoiceOut] | None = Field(description="可选值：代码与中文，输入时两者皆可")


class KindOut(Schema):
    code: str
    label: str
    columns: list[ColumnOut]
    natural_key: list[str] = Field(description="同一组织内这些列相同即视为同一条（导入时更新）")
    status_field: str | None = Field(description="列表 status 筛选所用的字段")
    money_fields: list[str]


class KindList(Schema):
    items: list[KindOut]
    count: int


def kind_out(kind: lk.Kind) -> dict:
    return {
        "code": kind.code, "label": kind.label,
        "columns": [{
            "header": col.header, "field": col.field, "type": col.type, "required": col.required,
            "choices": [{"code": v, "label": str(lbl)} for v, lbl in col.choices.choices] if col.choices else None,
        } for col in kind.columns],
        "natural_key": list(kind.natural_key), "status_field": kind.status_field or None,
        "money_fields": list(kind.money_fields),
    }


class LedgerListParams(ListParams):
    start: dt.date | None = Field(None, alias="from", description="起始日期（含），按条目的日期字段 date")
    end: dt.date | None = Field(None, alias="to", description="截止日期（含）")
    status: str = Field("", description="按该台账的状态字段筛选（见 /ledgers/kinds 的 status_field）：代码或中文")


class PersonRef(Schema):
    id: int
    name: str


class LedgerWrite(Schema):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class LedgerSchemas:
    create: type[Schema]
    update: type[Schema]
    out: type[Schema]
    page: type[Schema]


def _allowed(col: lk.Column) -> str:
    return "、".join(f"{v}/{lbl}" for v, lbl in col.choices.choices)


def _model_field(kind: lk.Kind, name: str):
    return kind.model._meta.get_field(name)


def _input_fields(kind: lk.Kind, *, create: bool) -> dict:
    fields: dict = {}

    def add(name, typ, required, description):
        if required:
            fields[name] = (typ, Field(..., description=description))
        else:
            fields[name] = (typ | None, Field(None, description=description))

    # Every entry belongs to an org, also the kinds without a 所属组织 column (困难职工档案).
    add("org", int | str, create, "所属组织：id（整数）或组织代码（字符串），须在您可写的范围内")
    for col in kind.columns:
        required = create and col.required
        text = col.header + ("（必填）" if col.required else "")
        if col.type == lk.ORG:
            continue
        if col.type == lk.DATE:
            add(col.field, dt.date, required, text + "，YYYY-MM-DD")
        elif col.type == lk.TEXT:
            max_length = _model_field(kind, col.field).max_length
            typ = Annotated[str, Field(max_length=max_length)] if max_length else str
            add(col.field, typ, required, text)
        elif col.type == lk.CHOICE:
            add(col.field, str, required, f"{text}：代码或中文，{_allowed(col)}")
        elif col.type == lk.INT:
            add(col.field, Annotated[int, Field(ge=0)], required, text)
        elif col.type in (lk.MONEY, lk.DECIMAL):
            hint = "，金额，建议用字符串如 \"1000.00\"，不得为负、最多两位小数" if col.type == lk.MONEY else ""
            add(col.field, Decimal, required, text + hint)
        elif col.type == lk.PERSON:
            add(col.field, int, required, text + "：人员 id")
        elif col.type == lk.PERSONS:
            add(col.field, list[int], False, text + "：人员 id 列表")
        elif col.type == lk.PERSON_OR_ORG:
            add("recipient_person", int, False, text + "（个人）：人员 id；与 recipient_org 二选一")
            add("recipient_org", int | str, False, text + "（集体）：组织 id 或代码；与 recipient_person 二选一")
    add("notes", str, False, "备注")
    return fields


def _output_fields(kind: lk.Kind) -> dict:
    fields: dict = {"id": (int, ...), "kind": (str, ...), "org": (int, ...), "org_code": (str, ...),
                    "org_name": (str, ...)}
    for col in kind.columns:
        if col.type == lk.ORG:
            continue
        if col.type == lk.DATE:
            fields[col.field] = (dt.date | None, Field(..., description=col.header))
        elif col.type == lk.TEXT:
            fields[col.field] = (str, Field(..., description=col.header))
        elif col.type == lk.CHOICE:
            fields[col.field] = (str, Field(..., description=col.header + "（代码）"))
            fields[f"{col.field}_label"] = (str, Field(..., description=col.header + "（中文）"))
        elif col.type == lk.INT:
            fields[col.field] = (int | None, Field(..., description=col.header))
        elif col.type in (lk.MONEY, lk.DECIMAL):
            fields[col.field] = (str | None, Field(..., description=col.header + "，字符串，如 \"1000.00\""))
        elif col.type == lk.PERSON:
            fields[col.field] = (int, Field(..., description=col.header + "：人员 id"))
            fields[f"{col.field}_name"] = (str, Field(..., description=col.header + "：姓名"))
        elif col.type == lk.PERSONS:
            fields[col.field] = (list[PersonRef], Field(..., description=col.header))
        elif col.type == lk.PERSON_OR_ORG:
            fields["recipient_person"] = (int | None, Field(..., description="获奖个人 id"))
            fields["recipient_person_name"] = (str, ...)
            fields["recipient_org"] = (int | None, Field(..., description="获奖集体（组织）id"))
            fields["recipient_org_code"] = (str, ...)
            fields["recipient_org_name"] = (str, ...)
    if _has_person_times(kind) and "person_times" not in fields:
        fields["person_times"] = (int, Field(..., description="人次 = max(参加人数, 列出的人数)，系统计算"))
    fields["notes"] = (str, ...)
    fields["created_at"] = (dt.datetime, ...)
    return fields


def _has_person_times(kind: lk.Kind) -> bool:
    return any(f.name == "person_times" for f in kind.model._meta.get_fields())


def _totals_fields(kind: lk.Kind) -> dict:
    fields: dict = {"count": (int, Field(..., description="条数（全部页）"))}
    if _has_person_times(kind):
        fields["person_times"] = (int, Field(..., description="人次之和"))
    for name in kind.money_fields:
        fields[name] = (str, Field(..., description=kind.column(name).header + "之和"))
    return fields


_LEDGER_SCHEMAS: dict[str, LedgerSchemas] = {}


def ledger_schemas(kind: lk.Kind) -> LedgerSchemas:
    if kind.code not in _LEDGER_SCHEMAS:
        name = "".join(part.capitalize() for part in kind.code.split("_"))
        out = create_model(f"{name}Out", __base__=Schema, **_output_fields(kind))
        totals = create_model(f"{name}Totals", __base__=Schema, **_totals_fields(kind))
        _LEDGER_SCHEMAS[kind.code] = LedgerSchemas(
            create=create_model(f"{name}Create", __base__=LedgerWrite, **_input_fields(kind, create=True)),
            update=create_model(f"{name}Update", __base__=LedgerWrite, **_input_fields(kind, create=False)),
            out=out,
            page=create_model(f"{name}Page", __base__=Schema, items=(list[out], ...), count=(int, ...),
                              totals=(totals, Field(..., description="筛选结果（全部页）的条数、人次与金额合计"))),
        )
    return _LEDGER_SCHEMAS[kind.code]


def money_str(value) -> str | None:
    """Decimal -> "1000.00" (two places, never through a float)."""
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def _decimal_str(kind: lk.Kind, name: str, value) -> str | None:
    if value is None:
        return None
    places = _model_field(kind, name).decimal_places
    return str(Decimal(value).quantize(Decimal(1).scaleb(-places)))


def ledger_out(entry, kind: lk.Kind) -> dict:
    out = {"id": entry.pk, "kind": kind.code, "org": entry.org_id, "org_code": entry.org.code,
           "org_name": entry.org.name}
    for col in kind.columns:
        if col.type == lk.ORG:
            continue
        if col.type == lk.PERSON_OR_ORG:
            person, org = entry.recipient_person, entry.recipient_org
            out.update({
                "recipient_person": entry.recipient_person_id, "recipient_person_name": person.name if person else "",
                "recipient_org": entry.recipient_org_id, "recipient_org_code": org.code if org else "",
                "recipient_org_name": org.name if org else "",
            })
        elif col.type == lk.PERSONS:
            out[col.field] = [{"id": p.pk, "name": p.name} for p in getattr(entry, col.field).all()]
        elif col.type == lk.PERSON:
            person = getattr(entry, col.field)
            out[col.field] = person.pk
            out[f"{col.field}_name"] = person.name
        elif col.type == lk.CHOICE:
            value = getattr(entry, col.field) or ""
            out[col.field] = value
            out[f"{col.field}_label"] = str(getattr(entry, f"get_{col.field}_display")()) if value else ""
        elif col.type == lk.MONEY:
            out[col.field] = money_str(getattr(entry, col.field))
        elif col.type == lk.DECIMAL:
            out[col.field] = _decimal_str(kind, col.field, getattr(entry, col.field))
        else:
            out[col.field] = getattr(entry, col.field)
    if _has_person_times(kind):
        out["person_times"] = entry.person_times
    out["notes"] = entry.notes
    out["created_at"] = entry.created_at
    return out


def ledger_totals_out(totals: dict, kind: lk.Kind) -> dict:
    out = {"count": totals["count"]}
    if "person_times" in totals:
        out["person_times"] = int(totals["person_times"] or 0)
    for name in kind.money_fields:
        out[name] = money_str(totals.get(name) or 0)
    return out


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
