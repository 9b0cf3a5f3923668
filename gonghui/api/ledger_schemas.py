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

from gonghui.api.schemas import QUERY, ListParams, doc, money_str
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
    start: dt.date | None = Field(None, alias="from", description="起始日期（含），按条目的日期字段 date",
                                  json_schema_extra=QUERY)
    end: dt.date | None = Field(None, alias="to", description="截止日期（含）", json_schema_extra=QUERY)
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
    params: type[Schema]


def _allowed(col: lk.Column) -> str:
    return "、".join(f"{v}/{lbl}" for v, lbl in col.choices.choices)


def _model_field(kind: lk.Kind, name: str):
    return kind.model._meta.get_field(name)


@dataclass(frozen=True)
class Input:
    """One body field: `nullable` None means "as the model column": null is taken (and clears the value)
    where the column is nullable or a text that may be blank; elsewhere it is a 422 on the field."""
    name: str
    type: object
    required: bool
    description: str
    enum: list[str] | None = None
    nullable: bool | None = None


class _ApiColumn:
    """How one column type reads and writes in the API: its input fields, its output fields, and an entry's
    value(s)."""

    def inputs(self, kind: lk.Kind, col: lk.Column, text: str) -> list[Input]:
        return [Input(col.field, str, col.required, text)]

    def outputs(self, kind: lk.Kind, col: lk.Column) -> dict:
        return {col.field: (str, Field(..., description=col.header))}

    def render(self, kind: lk.Kind, col: lk.Column, entry) -> dict:
        return {col.field: getattr(entry, col.field)}


class _Date(_ApiColumn):
    def inputs(self, kind, col, text):
        return [Input(col.field, dt.date, col.required, text + "，YYYY-MM-DD")]

    def outputs(self, kind, col):
        return {col.field: (dt.date | None, Field(..., description=col.header))}


class _Text(_ApiColumn):
    def inputs(self, kind, col, text):
        max_length = _model_field(kind, col.field).max_length
        return [Input(col.field, Annotated[str, Field(max_length=max_length)] if max_length else str, col.required,
                      text)]


class _Choice(_ApiColumn):
    def inputs(self, kind, col, text):
        values = [str(v) for v in col.choices.values] + [str(label) for label in col.choices.labels]
        return [Input(col.field, str, col.required, f"{text}：代码或中文，{_allowed(col)}",
                      enum=values if col.required else [*values, ""])]

    def outputs(self, kind, col):
        return {col.field: (str, Field(..., description=col.header + "（代码）",
                                       json_schema_extra=doc(enum=[*map(str, col.choices.values), ""]))),
                f"{col.field}_label": (str, Field(..., description=col.header + "（中文）"))}

    def render(self, kind, col, entry):
        value = getattr(entry, col.field) or ""
        return {col.field: value,
                f"{col.field}_label": str(getattr(entry, f"get_{col.field}_display")()) if value else ""}


class _Int(_ApiColumn):
    def inputs(self, kind, col, text):
        return [Input(col.field, Annotated[int, Field(ge=0)], col.required, text)]

    def outputs(self, kind, col):
        return {col.field: (int | None, Field(..., description=col.header))}


class _Number(_ApiColumn):
    hint = ""

    def inputs(self, kind, col, text):
        return [Input(col.field, Decimal, col.required, text + self.hint)]

    def outputs(self, kind, col):
        return {col.field: (str | None, Field(..., description=col.header + "，字符串，如 \"1000.00\""))}


class _Money(_Number):
    hint = "，金额，建议用字符串如 \"1000.00\"，不得为负、最多两位小数"

    def render(self, kind, col, entry):
        return {col.field: money_str(getattr(entry, col.field))}


class _Decimal(_Number):
    def render(self, kind, col, entry):
        return {col.field: _decimal_str(kind, col.field, getattr(entry, col.field))}


class _Org(_ApiColumn):
    """所属组织 is the common `org` of every entry, written and shown outside the columns."""

    def inputs(self, kind, col, text):
        return []

    def outputs(self, kind, col):
        return {}

    def render(self, kind, col, entry):
        return {}


class _Person(_ApiColumn):
    def inputs(self, kind, col, text):
        return [Input(col.field, int, col.required, text + "：人员 id")]

    def outputs(self, kind, col):
        return {col.field: (int, Field(..., description=col.header + "：人员 id")),
                f"{col.field}_name": (str, Field(..., description=col.header + "：姓名"))}

    def render(self, kind, col, entry):
        person = getattr(entry, col.field)
        return {col.field: person.pk, f"{col.field}_name": person.name}


class _Persons(_ApiColumn):
    def inputs(self, kind, col, text):
        return [Input(col.field, list[int], False, text + "：人员 id 列表（null 同空列表）", nullable=True)]

    def outputs(self, kind, col):
        return {col.field: (list[PersonRef], Field(..., description=col.header))}

    def render(self, kind, col, entry):
        return {col.field: [{"id": p.pk, "name": p.name} for p in getattr(entry, col.field).all()]}


class _PersonOrOrg(_ApiColumn):
    def inputs(self, kind, col, text):
        # null clears one side, which is accepted while the other side names the recipient
        return [Input("recipient_person", int, False, text + "（个人）：人员 id；与 recipient_org 二选一",
                      nullable=True),
                Input("recipient_org", int | str, False, text + "（集体）：组织 id 或代码；与 recipient_person 二选一",
                      nullable=True)]

    def outputs(self, kind, col):
        return {"recipient_person": (int | None, Field(..., description="获奖个人 id")),
                "recipient_person_name": (str, ...),
                "recipient_org": (int | None, Field(..., description="获奖集体（组织）id")),
                "recipient_org_code": (str, ...), "recipient_org_name": (str, ...)}

    def render(self, kind, col, entry):
        person, org = entry.recipient_person, entry.recipient_org
        return {"recipient_person": entry.recipient_person_id, "recipient_person_name": person.name if person else "",
                "recipient_org": entry.recipient_org_id, "recipient_org_code": org.code if org else "",
                "recipient_org_name": org.name if org else ""}


API_COLUMNS: dict[str, _ApiColumn] = {
    lk.DATE: _Date(), lk.TEXT: _Text(), lk.CHOICE: _Choice(), lk.INT: _Int(), lk.MONEY: _Money(),
    lk.DECIMAL: _Decimal(), lk.ORG: _Org(), lk.PERSON: _Person(), lk.PERSONS: _Persons(),
    lk.PERSON_OR_ORG: _PersonOrOrg(),
}


def _takes_null(kind: lk.Kind, field: Input) -> bool:
    if field.nullable is not None:
        return field.nullable
    if field.required:
        return False
    column = _model_field(kind, field.name)
    return column.null or (column.empty_strings_allowed and column.blank)


# The entry form asks the officer to confirm what is allowed but unusual (ledgers.plausibility); a client of the
# API may ask the same with confirm=false. The default keeps what the API has always done: it saves.
CONFIRM_DOC = ("是否已核对异常值。默认 true：金额远高于本工会此类记录的通常金额、或日期晚于今天的记录照常保存"
               "（统计报表的逻辑检查仍会列出这些金额）。传 false 时这样的记录不保存，返回 422，fields 中说明要核对的"
               "字段；核对无误后以 true（或不传）重新提交。")


def _input_fields(kind: lk.Kind, *, create: bool) -> dict:
    fields: dict = {}

    def add(field: Input):
        extra = doc(nullable=_takes_null(kind, field), enum=field.enum)
        if create and field.required:
            fields[field.name] = (field.type, Field(..., description=field.description, json_schema_extra=extra))
        else:
            fields[field.name] = (field.type | None, Field(None, description=field.description,
                                                           json_schema_extra=extra))

    # Every entry belongs to an org, also the kinds without a 所属组织 column (困难职工档案).
    add(Input("org", int | str, True, "所属组织：id（整数）或组织代码（字符串），须在您可写的范围内"))
    for col in kind.columns:
        text = col.header + ("（必填）" if col.required else "")
        for field in API_COLUMNS[col.type].inputs(kind, col, text):
            add(field)
    add(Input("notes", str, False, "备注"))
    fields["confirm"] = (bool, Field(True, description=CONFIRM_DOC))
    return fields


def _output_fields(kind: lk.Kind) -> dict:
    fields: dict = {"id": (int, ...), "kind": (str, ...), "org": (int, ...), "org_code": (str, ...),
                    "org_name": (str, ...)}
    for col in kind.columns:
        fields.update(API_COLUMNS[col.type].outputs(kind, col))
    if kind.counts_person_times and "person_times" not in fields:
        fields["person_times"] = (int, Field(..., description="人次 = max(参加人数, 列出的人数)，系统计算"))
    fields["notes"] = (str, ...)
    fields["created_at"] = (dt.datetime, ...)
    return fields


def _totals_fields(kind: lk.Kind) -> dict:
    fields: dict = {"count": (int, Field(..., description="条数（全部页）"))}
    if kind.counts_person_times:
        fields["person_times"] = (int, Field(..., description="人次之和"))
    for name in kind.money_fields:
        fields[name] = (str, Field(..., description=kind.column(name).header + "之和"))
    return fields


def _status_param(kind: lk.Kind):
    if not kind.status_field:
        return (str, Field("", description="本台账没有状态字段：不用此参数", json_schema_extra=doc(enum=[""])))
    col = kind.column(kind.status_field)
    values = [*map(str, col.choices.values), *map(str, col.choices.labels), ""]
    return (str, Field("", description=f"按{col.header}筛选：代码或中文，{_allowed(col)}",
                       json_schema_extra=doc(enum=values)))


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
            params=create_model(f"{name}ListParams", __base__=LedgerListParams, status=_status_param(kind)),
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
        out.update(API_COLUMNS[col.type].render(kind, col, entry))
    if kind.counts_person_times:
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


