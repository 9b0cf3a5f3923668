"""Request and response shapes of the ledger routes: one set per kind, built from its declaration in
ledgers.kinds (the shared contract), so the OpenAPI document shows each kind's own fields and a new column
needs no change here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict, create_model

from gonghui.api.schemas import ListParams, money_str
from gonghui.ledgers import kinds as lk


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


