"""Report downloads and the drill-down behind an indicator.

    GET /reports/summary?org=CODE&period=P     the work summary (.docx), written now, in the Word template in
                                               force for the org (&builtin=true: the built-in layout)
    GET /reports/tables?org=CODE&period=P      the upper union's tables (.xlsx), written now
    GET /indicators/{code}/trace?org=&period=  {"items": [...], "count": N, "value", "total", ...}

Thin like the other routers: parse, call `reports.jobs.report_write` or `reports.trace.trace_entries`, render.
`from`/`to` may replace `period`. Scoped like everything else: an org the caller cannot read is a 404, and
the trace lists only what the caller may read.
"""

from __future__ import annotations

import datetime as dt
import tempfile

from django.http import FileResponse, Http404
from ninja import Field, Path, Query, Router, Schema

from gonghui.api.indicators import api_period
from gonghui.api.pagination import paginate
from gonghui.api.schemas import (
    MAX_PAGE_SIZE,
    READ_ERRORS,
    IndicatorParams,
    PeriodOut,
    doc,
    indicator_value_out,
)
from gonghui.indicators.formatting import format_figure
from gonghui.indicators.registry import MONEY, all_indicators, compute
from gonghui.orgs.selectors import org_get
from gonghui.reports.jobs import report_file_name, report_write
from gonghui.reports.trace import (
    ENTRIES,
    EVENTS,
    MEMBERS,
    ORGS,
    PEOPLE,
    POSITIONS,
    NotTraceable,
    entry_label,
    trace_entries,
    traceable,
)

router = Router(tags=["reports"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _binary(content_type: str, what: str) -> dict:
    return {"200": {"description": what, "content": {content_type: {"schema": {"type": "string",
                                                                                "format": "binary"}}}}}


class SummaryParams(IndicatorParams):
    builtin: bool = Field(False, description="true：用内置格式（党政机关公文格式），不用本单位或上级上传的 Word 模板")


def _file(request, params: IndicatorParams, kind: str, content_type: str, *,
          builtin: bool = False) -> FileResponse:
    org = org_get(viewer=request.user, code=params.org)  # unknown or hidden: the same 404
    period = api_period(params)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    try:
        report_write(kind, org=org, period=period, target=handle, viewer=request.user, builtin=builtin)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    response = FileResponse(handle, as_attachment=True, filename=report_file_name(kind, org, period),
                            content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/reports/summary", response=READ_ERRORS, openapi_extra={"responses": _binary(DOCX, "工作总结 .docx")},
            summary="工作总结（.docx）：某组织（含全部下级）在某期间，数字来自指标登记册；按在用的 Word 模板排版")
def report_summary(request, params: Query[SummaryParams]):
    return _file(request, params, "summary", DOCX, builtin=params.builtin)


@router.get("/reports/tables", response=READ_ERRORS, openapi_extra={"responses": _binary(XLSX, "统计报表 .xlsx")},
            summary="上级工会统计报表（.xlsx，含逻辑检查）：某组织（含全部下级）在某期间")
def report_tables(request, params: Query[IndicatorParams]):
    return _file(request, params, "tables", XLSX)


# --- the drill-down -----------------------------------------------------------------------------------------

class TraceParams(IndicatorParams):
    page: int = Field(1, ge=1, description="页码，从 1 开始")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="每页条数，最多 500")


class TraceCode(Schema):
    code: str = Field(description="指标代码（见 /indicators/definitions；比率类没有明细，为 404）",
                      json_schema_extra=doc(enum=[i.code for i in all_indicators() if traceable(i.code)]))


class TraceItem(Schema):
    id: int
    type: str = Field(description="entry（台账条目）、person、membership_event（会籍记录）、org 或 position")
    kind: str = Field(description="台账种类代码；会籍变动类型；组织类型；或职务")
    date: dt.date | None = Field(description="条目日期（台账的 date）、会籍变动日期、任职日期或成立日期")
    label: str = Field(description="名称：会议名称、主题、姓名、组织名称……")
    org: str = Field(description="所属组织代码")
    org_name: str
    person_id: int | None = Field(None, description="相关人员（会籍、职务、人员本身）")
    person_name: str | None = None
    amount: str | int | None = Field(None, description="求和类指标：本条计入的数（金额为两位小数的字符串）")


class TraceOut(Schema):
    code: str
    name: str
    unit: str
    org: str
    org_name: str
    period: PeriodOut
    value: int | str | float | None = Field(description="指标值（与 /indicators 相同）")
    total: int | str = Field(description="所列条目合计：计数类为条数，求和类为该字段之和；小于 value 时说明部分条目不在您的权限范围内")
    sum_field: str = Field(description="求和类指标所求和的字段；计数类为空")
    items: list[TraceItem]
    count: int


def _amount(trace, obj):
    if not trace.sum_field:
        return None
    value = getattr(obj, trace.sum_field)
    if value is None:
        return None
    return format_figure(trace.indicator, value) if trace.indicator.kind == MONEY else int(value)


def _item(trace, obj) -> dict:
    subject = trace.subject
    if subject == ENTRIES:
        return {"id": obj.pk, "type": "entry", "kind": trace.kind.code, "date": obj.date,
                "label": entry_label(trace.kind, obj), "org": obj.org.code, "org_name": obj.org.name,
                "amount": _amount(trace, obj)}
    if subject == PEOPLE:
        return {"id": obj.pk, "type": "person", "kind": obj.work_status, "date": obj.hired_on, "label": obj.name,
                "org": obj.org.code, "org_name": obj.org.name, "person_id": obj.pk, "person_name": obj.name}
    if subject in (MEMBERS, EVENTS):
        return {"id": obj.pk, "type": "membership_event", "kind": obj.kind, "date": obj.date,
                "label": obj.person.name, "org": obj.org.code, "org_name": obj.org.name,
                "person_id": obj.person_id, "person_name": obj.person.name}
    if subject == ORGS:
        return {"id": obj.pk, "type": "org", "kind": obj.kind, "date": obj.founded_on, "label": obj.name,
                "org": obj.code, "org_name": obj.name}
    if subject == POSITIONS:
        return {"id": obj.pk, "type": "position", "kind": obj.title, "date": obj.start_on,
                "label": f"{obj.person.name}（{obj.get_title_display()}）", "org": obj.org.code,
                "org_name": obj.org.name, "person_id": obj.person_id, "person_name": obj.person.name}
    raise ValueError(subject)


@router.get("/indicators/{code}/trace", response={200: TraceOut, **READ_ERRORS},
            summary="指标明细：某指标值背后的台账条目（或人员、组织、职务），计数类的条数等于指标值")
def indicator_trace(request, path: Path[TraceCode], params: Query[TraceParams]):
    code = path.code
    org = org_get(viewer=request.user, code=params.org)
    period = api_period(params)
    try:
        trace = trace_entries(viewer=request.user, code=code, org=org, period=period)
    except (KeyError, NotTraceable):
        raise Http404 from None
    ind = trace.indicator
    page = paginate(trace.items, page=params.page, page_size=params.page_size, render=lambda o: _item(trace, o))
    total = trace.total()
    return {
        "code": ind.code, "name": ind.name, "unit": ind.unit, "org": org.code, "org_name": org.name,
        "period": {"code": period.code or None, "start": period.start, "end": period.end, "label": str(period.label)},
        "value": indicator_value_out(ind, compute(org, period, [code])[code]),
        "total": indicator_value_out(ind, total), "sum_field": trace.sum_field, **page,
    }
