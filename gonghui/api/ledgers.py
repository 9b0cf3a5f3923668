"""/ledgers: the 16 work ledgers (工作台账). Thin: parse, call one selector or service, render.

The routes are made once per kind from its declaration in ledgers.kinds, so the OpenAPI document shows
each kind with its own fields (`/ledgers/meeting`, `/ledgers/aid`, ...). Scoping is ledgers.selectors
(entry_list, entry_get: 404 outside the scope); write rights and every rule the numbers depend on are
ledgers.services (entry_save, entry_delete with the attachments: PermissionDenied -> 403, ValidationError -> 422). Here we only
turn ids, codes and Chinese labels into the typed values entry_save takes. `confirm` (default true) is
entry_save's `confirmed`: false refuses an unusual amount or a later date with 422, as the entry form asks.
"""

# No `from __future__ import annotations`: ninja reads the per-kind schemas from the annotations of
# functions made inside `_add_kind`, which must be real objects, not names to look up later.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from gonghui.api.ledger_schemas import (
    KindList,
    kind_out,
    ledger_out,
    ledger_schemas,
    ledger_totals_out,
)
from gonghui.api.pagination import paginate
from gonghui.api.schemas import READ_ERRORS, WRITE_ERRORS, Error
from gonghui.ledgers import kinds as lk
from gonghui.ledgers import services
from gonghui.ledgers.kinds import KINDS, Kind
from gonghui.ledgers.selectors import entry_get, entry_list, entry_related, entry_totals, with_people_names
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_get
from gonghui.people.selectors import person_get

router = Router()


ORG_UNKNOWN = _("组织“%(org)s”不存在，或您无权访问。")
PERSON_UNKNOWN = _("人员 id %(id)s 不存在，或您无权访问。")
BAD_CHOICE = _("%(label)s“%(v)s”不在可选范围内，请填写：%(allowed)s。")
NO_STATUS = _("“%(kind)s”台账没有可筛选的状态。")
ONE_RECIPIENT = _("获奖对象只能填一个：个人（recipient_person）或集体（recipient_org）。")
EMPTY_ORG = _("所属组织不能为空。")


# ---- parsing: ids, codes and labels -> the typed values entry_save takes ---------------------------------

def _choice_code(col: lk.Column, raw, field: str | None = None) -> str:
    text = str(raw).strip()
    for value, label in col.choices.choices:
        if text in (value, str(label)):
            return value
    allowed = "、".join(str(label) for _v, label in col.choices.choices)
    raise ValidationError({field or col.field: BAD_CHOICE % {"label": col.header, "v": text, "allowed": allowed}})


def _org(viewer, value, field: str = "org") -> Org:
    """A body org (id or code) the caller can read; hidden and missing answer the same 422."""
    try:
        if isinstance(value, int):
            return org_get(viewer=viewer, pk=value)
        return org_get(viewer=viewer, code=str(value))
    except Http404:
        raise ValidationError({field: ORG_UNKNOWN % {"org": value}}) from None


def _person(viewer, pk, field: str):
    try:
        return person_get(viewer=viewer, pk=pk)
    except Http404:
        raise ValidationError({field: PERSON_UNKNOWN % {"id": pk}}) from None


def _parse(viewer, kind: Kind, data: dict[str, Any]) -> tuple[Org | None, dict[str, Any], list | None]:
    """The body -> (org or None when not sent, values of the fields sent, participants or None when not sent).

    Every field is checked before anything is refused, so one 422 lists all the problems.
    """
    errors: dict[str, list[str]] = {}
    org, values, people = None, {}, None

    def attempt(fn, *args):
        try:
            return fn(*args)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
            return None

    if "org" in data:
        if data["org"] is None:
            errors["org"] = [EMPTY_ORG]
        else:
            org = attempt(_org, viewer, data["org"])
    for col in kind.columns:
        if col.type == lk.ORG:
            continue
        if col.type == lk.PERSON_OR_ORG:
            person_id, org_ref = data.get("recipient_person"), data.get("recipient_org")
            if person_id is not None and org_ref is not None:
                errors.setdefault(col.field, []).append(ONE_RECIPIENT)
                continue
            # Naming one recipient drops the other: an honour goes to a person or to an org, never both.
            if person_id is not None:
                values.update(recipient_person=attempt(_person, viewer, person_id, "recipient_person"),
                              recipient_org=None)
            elif "recipient_person" in data:
                values["recipient_person"] = None
            if org_ref is not None:
                values.update(recipient_org=attempt(_org, viewer, org_ref, "recipient_org"), recipient_person=None)
            elif "recipient_org" in data:
                values["recipient_org"] = None
            continue
        if col.field not in data:
            continue
        raw = data[col.field]
        if col.type == lk.PERSONS:
            people = [p for p in (attempt(_person, viewer, pk, col.field) for pk in (raw or [])) if p is not None]
        elif col.type == lk.PERSON:
            values[col.field] = None if raw is None else attempt(_person, viewer, raw, col.field)
        elif col.type == lk.CHOICE:
            values[col.field] = None if raw in (None, "") else attempt(_choice_code, col, raw)
        else:
            values[col.field] = raw
    if "notes" in data:
        values["notes"] = data["notes"] or ""
    if errors:
        raise ValidationError(errors)
    return org, values, people


def _current(kind: Kind, entry) -> dict[str, Any]:
    """What an entry holds now, as entry_save takes it: a PATCH sends only what changes."""
    values: dict[str, Any] = {"notes": entry.notes}
    for col in kind.columns:
        if col.type in (lk.ORG, lk.PERSONS):
            continue
        if col.type == lk.PERSON_OR_ORG:
            values["recipient_person"] = entry.recipient_person
            values["recipient_org"] = entry.recipient_org
        else:
            values[col.field] = getattr(entry, col.field)
    return values


def _for_render(qs, kind: Kind):
    """Fetch what the rendering reads (participants, recipients) with the page, not one query per row."""
    return with_people_names(entry_related(qs, kind), kind)


def _status(kind: Kind, raw: str) -> str:
    text = (raw or "").strip()
    if not text:
        return ""
    if not kind.status_field:
        raise ValidationError({"status": NO_STATUS % {"kind": kind.label}})
    return _choice_code(kind.column(kind.status_field), text, "status")


def _filter_org(viewer, code: str | None) -> Org | None:
    return org_get(viewer=viewer, code=code) if code else None  # unknown or hidden: the same 404


# ---- routes -------------------------------------------------------------------------------------------

@router.get("/ledgers/kinds", response={200: KindList, **READ_ERRORS}, tags=["ledgers"],
            summary="台账种类：每种的列（中文表头、字段名、类型、必填、可选值）、自然键与状态字段")
def ledger_kinds(request):
    return {"items": [kind_out(kind) for kind in KINDS.values()], "count": len(KINDS)}


def _add_kind(kind: Kind) -> None:
    schemas = ledger_schemas(kind)
    code, label = kind.code, kind.label
    tags = [f"ledgers: {code} {label}"]
    m2m = kind.persons_field

    def op(name: str) -> dict:
        return {"operation_id": f"ledger_{code}_{name}", "url_name": f"ledger_{code}_{name}", "tags": tags}

    @router.get(f"/ledgers/{code}", response={200: schemas.page, **READ_ERRORS}, **op("list"),
                summary=f"{label}台账列表（org、from、to、status 筛选；totals 为全部页的合计）")
    def entries(request, params: Query[schemas.params]):
        viewer = request.user
        status = _status(kind, params.status)
        qs = entry_list(viewer=viewer, kind=kind, org=_filter_org(viewer, params.org), start=params.start,
                        end=params.end, status=status)
        page = paginate(_for_render(qs, kind), page=params.page, page_size=params.page_size,
                        render=lambda entry: ledger_out(entry, kind))
        page["totals"] = ledger_totals_out(entry_totals(qs, kind), kind)
        return page

    @router.get(f"/ledgers/{code}/{{int:entry_id}}", response={200: schemas.out, **READ_ERRORS}, **op("detail"),
                summary=f"{label}：一条")
    def entry(request, entry_id: int):
        return ledger_out(entry_get(viewer=request.user, kind=kind, pk=entry_id), kind)

    @router.post(f"/ledgers/{code}", response={201: schemas.out, **WRITE_ERRORS}, **op("create"),
                 summary=f"{label}：新增")
    def create(request, payload: schemas.create):
        org, values, people = _parse(request.user, kind, payload.model_dump(exclude_unset=True))
        created = services.entry_save(actor=request.user, kind=kind, org=org, values=values, participants=people,
                                      confirmed=payload.confirm)
        return Status(201, ledger_out(created, kind))

    @router.patch(f"/ledgers/{code}/{{int:entry_id}}", response={200: schemas.out, **WRITE_ERRORS}, **op("update"),
                  summary=f"{label}：修改（只改提交的字段）")
    def update(request, entry_id: int, payload: schemas.update):
        # Read scope here (404 outside it, like missing); entry_save decides who may write (403).
        current = entry_get(viewer=request.user, kind=kind, pk=entry_id)
        org, values, people = _parse(request.user, kind, payload.model_dump(exclude_unset=True))
        if people is None and m2m:
            people = list(getattr(current, m2m).all())
        saved = services.entry_save(actor=request.user, kind=kind, org=org or current.org,
                                    values={**_current(kind, current), **values}, participants=people,
                                    instance=current, confirmed=payload.confirm)
        return ledger_out(saved, kind)

    @router.delete(f"/ledgers/{code}/{{int:entry_id}}", response={204: None, **WRITE_ERRORS}, **op("delete"),
                   summary=f"{label}：删除（审计记录保留完整副本）")
    def delete(request, entry_id: int):
        current = entry_get(viewer=request.user, kind=kind, pk=entry_id)
        services.entry_delete(actor=request.user, kind=kind, entry=current)
        return Status(204, None)


for _kind in KINDS.values():
    _add_kind(_kind)

ANY = ["GET", "POST", "PATCH", "PUT", "DELETE"]


# An unknown kind (or a non-integer id) answers our JSON 404, not Django's page. Kept out of the document.
@router.api_operation(ANY, "/ledgers/{kind}", include_in_schema=False, response={404: Error})
def ledger_unknown_kind(request, kind: str):
    raise Http404


@router.api_operation(ANY, "/ledgers/{kind}/{path:rest}", include_in_schema=False, response={404: Error})
def ledger_unknown_entry(request, kind: str, rest: str):
    raise Http404
