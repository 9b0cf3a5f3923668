"""花名册 import and export through the API: upload (a dry-run job by default), poll the job, confirm it,
download the refused rows; export the roster as .xlsx. The work is the roster engine's (people.roster);
this face saves the upload, starts or fetches a Job and renders it.

A job runs in the request when its file is small (≤ 2 MB, settings.GONGHUI_IMPORT_RUN_NOW_BYTES), so the
202 answer already holds the result; larger files run in the job worker and are polled with GET /jobs/{id}.
The same rule as the pages (gonghui/web/views/roster.py).
"""

from __future__ import annotations

import json
import tempfile

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from pydantic import ValidationError as PydanticError

from gonghui.api.schemas import READ_ERRORS, WRITE_ERRORS, Error, JobEnvelope, JobOut, RosterConfirm, job_out
from gonghui.core.imports import XLSX, attachment, import_job_errors, import_job_preview_check
from gonghui.core.models import Job
from gonghui.core.tabular import FileUnreadable
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_get
from gonghui.people.roster.columns import IMPORT_COLUMNS
from gonghui.people.roster.exporter import roster_export
from gonghui.people.roster.jobs import roster_import_job_start, roster_job_confirm, roster_job_get
from gonghui.people.roster.uploads import run_now_for, upload_check, upload_store

router = Router(tags=["roster"])

READ_ERRORS = {**READ_ERRORS, 403: Error}  # jobs and exports are refused to read-only roles
ORG_UNKNOWN = _("组织“%(org)s”不存在，或您无权访问。")
MAPPING_NOT_JSON = _("mapping 应为 JSON 对象，如 {\"mobile\": 2}（项目: 列号，从 0 起）。")
MAPPING_BAD_KEY = _("不认识的项目“%(key)s”。可用的项目：%(keys)s。")
MAPPING_BAD_INDEX = _("“%(key)s”的列号应为不小于 0 的整数或 null。")
MAPPING_TWICE = _("第%(n)d列同时对应了%(keys)s，同一列只能对应一个项目。")
IMPORT_KEYS = tuple(c.key for c in IMPORT_COLUMNS)
XLSX_RESPONSE = {"200": {"description": "花名册 .xlsx 文件", "content": {XLSX: {"schema": {"type": "string",
                                                                                      "format": "binary"}}}}}


def _mapping(raw) -> dict[str, int | None]:
    if raw in (None, ""):
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ValidationError({"mapping": MAPPING_NOT_JSON}) from None
    if not isinstance(raw, dict):
        raise ValidationError({"mapping": MAPPING_NOT_JSON})
    out: dict[str, int | None] = {}
    for key, index in raw.items():
        if key not in IMPORT_KEYS:
            raise ValidationError({"mapping": MAPPING_BAD_KEY % {"key": key, "keys": "、".join(IMPORT_KEYS)}})
        if index is not None and (isinstance(index, bool) or not isinstance(index, int) or index < 0):
            raise ValidationError({"mapping": MAPPING_BAD_INDEX % {"key": key}})
        out[key] = index
    by_index: dict[int, list[str]] = {}
    for key, index in out.items():
        if index is not None:
            by_index.setdefault(index, []).append(key)
    for index, keys in by_index.items():
        if len(keys) > 1:
            raise ValidationError({"mapping": MAPPING_TWICE % {"n": index + 1, "keys": "、".join(keys)}})
    return out


def _body_org(viewer, value: str) -> Org:
    """A code, or an id; hidden or missing is a 422 on `org` (as POST /people), read-only a 403."""
    text = (value or "").strip()
    try:
        org = org_get(viewer=viewer, code=text)
    except Http404:
        if not text.isdigit():
            raise ValidationError({"org": ORG_UNKNOWN % {"org": text}}) from None
        try:
            org = org_get(viewer=viewer, pk=int(text))
        except Http404:
            raise ValidationError({"org": ORG_UNKNOWN % {"org": text}}) from None
    return org_get(viewer=viewer, pk=org.pk, write=True)


def _job(request, job_id: int) -> Job:
    """404 outside the caller's scope; 403 for read-only roles (the result holds the file's cells in full)."""
    return roster_job_get(viewer=request.user, pk=job_id, write=True)


def _out(request, job: Job) -> dict:
    errors = None
    if isinstance(job.result, dict) and job.result.get("errors_file"):
        errors = request.build_absolute_uri(reverse("api:job_errors", kwargs={"job_id": job.pk}))
    return job_out(job, errors)


@router.post("/people/import", response={202: JobEnvelope, **WRITE_ERRORS},
             summary="上传花名册并开始导入任务（默认试导入）")
def roster_import_start(request, file: File[UploadedFile], org: Form[str], create_groups: Form[bool] = False,
                        dry_run: Form[bool] = True, mapping: Form[str] = ""):
    """multipart/form-data: `file` (.xlsx/.xls/.csv), `org` (代码或 id), `create_groups`, `dry_run`
    (默认 true：只检查不写入), `mapping`（JSON 字符串，如 {"mobile": 2}）。小文件当场完成，大文件排队，
    用 GET /jobs/{id} 查询进度。"""
    target = _body_org(request.user, org)
    corrections = _mapping(mapping)
    path, name = upload_store(file)
    try:
        upload_check(path, name)
    except FileUnreadable as exc:
        path.unlink(missing_ok=True)
        raise ValidationError({"file": exc.message}) from None
    job = roster_import_job_start(actor=request.user, org=target, file_path=str(path), file_name=name,
                                  create_groups=create_groups, dry_run=dry_run, mapping=corrections or None,
                                  run_now=run_now_for(path.stat().st_size))
    return Status(202, {"job": _out(request, job)})


@router.get("/jobs/{int:job_id}", response={200: JobOut, **READ_ERRORS}, summary="导入任务的进度和结果")
def job_detail(request, job_id: int):
    return _out(request, _job(request, job_id))


CONFIRM_BODY = {"requestBody": {"required": False, "content": {"application/json": {
    "schema": RosterConfirm.model_json_schema()}}}}


def _confirm_body(request) -> RosterConfirm:
    """The body is optional (a bare POST confirms with the preview's settings), so it is read here rather than
    by a ninja body parameter, which would refuse an empty one."""
    raw = request.body.strip() if request.content_type == "application/json" else b""
    if not raw:
        return RosterConfirm()
    try:
        return RosterConfirm.model_validate_json(raw)
    except PydanticError as exc:
        raise NinjaValidationError([{**e, "loc": ("body", "payload", *e["loc"])} for e in exc.errors()]) from None


@router.post("/jobs/{int:job_id}/confirm", response={202: JobEnvelope, **WRITE_ERRORS}, openapi_extra=CONFIRM_BODY,
             summary="确认导入：用同一文件正式导入一个已完成的试导入任务")
def job_confirm(request, job_id: int):
    """Body (optional, JSON): `mapping` {项目: 列号或 null} replaces the preview's mapping; `create_groups`;
    `name_changes` {行号: "keep"/"take"} for the preview's name_conflicts (rows left out are refused);
    `group_map` {部门名称: 组织 id 或 null} for its group_mapping (remembered for the next import)."""
    job = _job(request, job_id)
    import_job_preview_check(job)
    payload = _confirm_body(request)
    mapping = _mapping(payload.mapping) if payload.mapping is not None else None
    new = roster_job_confirm(actor=request.user, job=job, mapping=mapping, create_groups=payload.create_groups,
                             name_changes=payload.name_changes, group_map=payload.group_map)
    return Status(202, {"job": _out(request, new)})


@router.get("/jobs/{int:job_id}/errors", response=READ_ERRORS, openapi_extra={"responses": XLSX_RESPONSE},
            summary="下载未导入的行（.xlsx，最后一列为错误原因）")
def job_errors(request, job_id: int):
    return import_job_errors(_job(request, job_id), "花名册")


class ExportParams(Schema):
    org: str
    unmasked: bool = False


@router.get("/people/export", response=READ_ERRORS, openapi_extra={"responses": XLSX_RESPONSE},
            summary="导出花名册（.xlsx，含下级组织；默认打码，unmasked=true 需能看完整号码的角色并记入审计）")
def roster_export_file(request, params: Query[ExportParams]):
    org = org_get(viewer=request.user, code=params.org)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    try:
        roster_export(actor=request.user, org=org, target=handle, unmasked=params.unmasked)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    suffix = "（完整号码）" if params.unmasked else ""
    return attachment(handle, f"{org.name}花名册{timezone.localdate():%Y%m%d}{suffix}.xlsx")
