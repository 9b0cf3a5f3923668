"""Roster export and the empty template. Both write the headers the importer reads back, so
export -> import changes nothing; ID numbers, phones and codes are text cells; user text never runs as a
formula (core.tabular.writer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import scoping
from gonghui.accounts.roles import FULL_ID_ROLES, FULL_PHONE_ROLES, READ_ROLES
from gonghui.core import audit
from gonghui.core.masking import mask_id_number, mask_mobile
from gonghui.core.models import AuditEvent
from gonghui.core.scope_guard import unscoped
from gonghui.core.tabular.writer import SafeXlsxWriter
from gonghui.orgs.models import Org
from gonghui.orgs.tree import subtree_q
from gonghui.people import codes
from gonghui.people.models import (
    ACTIVE_KINDS,
    EmploymentType,
    Gender,
    HonourLevel,
    MembershipEvent,
    MemberStatus,
    Person,
    WorkStatus,
)
from gonghui.people.roster.cleaning import OrgIndex
from gonghui.people.roster.columns import ROSTER

EXPORT_FIELDS = (
    "name", "gender", "ethnicity", "id_number", "birth_date", "education", "political_status", "mobile",
    "employee_no", "hired_on", "member_no", "employment_type", "post", "org_id", "is_migrant_worker",
    "model_worker_title", "model_worker_level", "base_salary", "work_status", "member_status",
)
EXPORTED = [c for c in ROSTER.columns if c.exported]  # not the columns only read from offices' files
HEADER = [c.label for c in EXPORTED]
TEXT_COLUMNS = frozenset(i for i, c in enumerate(EXPORTED) if c.text_cells)
WIDTHS = [c.width for c in EXPORTED]
UNMASKED_DENIED = _("您的角色不能导出完整的身份证号码和手机号，请去掉“完整号码”选项。")


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _can_read(actor, org: Org) -> bool:
    return scoping.scope_of(actor).covers(org.path, READ_ROLES)


def roster_export(*, actor, org: Org, target: Any, unmasked: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> int:
    """Write the roster of `org` and everything below it to `target` (a path or a binary file object).
    ID numbers and phones are masked unless `unmasked` (which needs a role that sees them in full; it is
    recorded in the audit trail). Returns the number of people written."""
    if not _can_read(actor, org):
        raise PermissionDenied
    if unmasked:
        scope = scoping.scope_of(actor)
        if not (scope.covers(org.path, FULL_ID_ROLES) and scope.covers(org.path, FULL_PHONE_ROLES)):
            raise PermissionDenied(UNMASKED_DENIED)
    progress = progress or (lambda done, total: None)
    qs = scoping.scoped(Person.objects.filter(subtree_q(org.path, "org__")), actor)
    total = qs.count()
    orgs = OrgIndex(org)
    missing = set(qs.exclude(org_id__in=list(orgs.by_id)).values_list("org_id", flat=True).distinct())
    joined: dict[int, dt.date] = {}
    with unscoped("the orgs and 会籍 events of the people read through the scope above"):
        for row in Org.objects.filter(pk__in=missing).values("id", "name", "path", "kind", "code"):
            orgs.by_id[row["id"]] = row  # dissolved groups still holding people
        events = (MembershipEvent.objects.filter(person__in=qs, kind__in=ACTIVE_KINDS[:2])
                  .order_by("date", "id").values_list("person_id", "date"))
        for person_id, date in events.iterator(chunk_size=5000):
            joined[person_id] = date
    gender, employment = _labels(Gender.choices), _labels(EmploymentType.choices)
    honour, work, member = _labels(HonourLevel.choices), _labels(WorkStatus.choices), _labels(MemberStatus.choices)
    ethnicity, education = dict(codes.ETHNICITIES), dict(codes.EDUCATIONS)
    political = dict(codes.POLITICAL_STATUSES)
    group_label: dict[int, str] = {}
    n = 0
    with SafeXlsxWriter(target, sheet_name="花名册") as out:
        out.set_columns(WIDTHS, TEXT_COLUMNS)
        out.write_title(f"{org.name}会员花名册（导出于{timezone.localdate().isoformat()}）", len(HEADER))
        out.write_header(HEADER)
        rows = qs.order_by("org__path", "name_pinyin", "id").values_list("pk", *EXPORT_FIELDS)
        for pk, *v in rows.iterator(chunk_size=2000):
            (name, g, eth, id_number, birth, edu, pol, mobile, employee_no, hired, member_no, emp, post, org_id,
             migrant, mw_title, mw_level, salary, work_status, member_status) = v
            if org_id not in group_label:
                group_label[org_id] = orgs.label_of(org_id) if org_id in orgs.by_id else ""
            if not unmasked:
                id_number, mobile = mask_id_number(id_number), mask_mobile(mobile)
            n += 1
            out.write_row([
                n, name, gender.get(g, g), ethnicity.get(eth, eth), id_number, birth, education.get(edu, edu),
                political.get(pol, pol), mobile, employee_no, hired, joined.get(pk), member_no,
                employment.get(emp, emp), post, group_label[org_id], "是" if migrant else "否", mw_title,
                honour.get(mw_level, mw_level), salary, work.get(work_status, work_status),
                member.get(member_status, member_status),
            ], text_columns=TEXT_COLUMNS)
            if n % 1000 == 0:
                progress(n, total)
    progress(n, n)
    audit.record(actor=actor, action=AuditEvent.Action.EXPORT, object_type="roster", object_id=str(org.pk),
                 object_repr=f"{org.name} 花名册导出"[:200], org_path=org.path,
                 changes={"rows": n, "unmasked": bool(unmasked)})
    return n


def roster_template(*, target: Any) -> None:
    """An empty roster with every importable column, one example row (序号 “示例”, which the importer skips)
    and dropdowns for the columns with fixed choices."""
    columns = [c for c in EXPORTED if c.importable or c.key == "seq"]
    header = [c.label for c in columns]
    text_columns = frozenset(i for i, c in enumerate(columns) if c.text_cells)
    with SafeXlsxWriter(target, sheet_name="花名册", constant_memory=False) as out:
        out.set_columns([c.width for c in columns], text_columns)
        out.write_title(_("工会会员花名册（请从第3行起填写，示例行可删除；身份证号码、手机号码请保持“文本”格式）"),
                        len(header))
        out.write_header(header)
        example = []
        for c in columns:
            if c.key == "seq":
                example.append("示例")
            elif c.kind == "date" and c.example:
                example.append(dt.date.fromisoformat(c.example))
            else:
                example.append(c.example)
        out.write_row(example, text_columns=text_columns)
        options = out.workbook.add_worksheet("选项")
        last = 2 + 5000
        for col, c in enumerate(columns):
            if not c.choices:
                continue
            options.write_string(0, col, c.label)
            for i, choice in enumerate(c.choices, start=1):
                options.write_string(i, col, choice)
            letter = _letter(col)
            out.sheet.data_validation(2, col, last, col, {
                "validate": "list", "source": f"=选项!${letter}$2:${letter}${len(c.choices) + 1}",
                "error_type": "warning", "error_message": _("请从下拉列表中选择。"),
            })
        for col, c in enumerate(columns):
            if c.kind == "date":
                out.sheet.data_validation(2, col, last, col, {
                    "validate": "date", "criteria": ">", "value": dt.date(1900, 1, 1), "error_type": "warning",
                    "error_message": _("请填写日期，如 2020-01-05。")})
        options.hide()


def _letter(index: int) -> str:
    n, out = index + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out
