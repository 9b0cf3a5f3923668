"""Wage files and payment files in, through the one importer of core.tabular (as the roster and the ledgers).

Parse -> check every row -> write once: core.tabular opens the file (.xlsx/.xls/.csv, GBK or UTF-8), finds the
header under any title rows and classifies rows (data / blank / footer such as 合计 or 制表人); `CheckedRows`
walks them with a cleaner that matches the person by 身份证号 (or 工号 when the ID cell is blank) among the
union's people; each row ends created / updated / unchanged / refused-with-reason; one transaction writes it
all (or, on any failure, nothing). A dry run stops before the write with the same counts. Importing the same
file again changes nothing.

Wage files keep every column: numbers as Decimal strings ("4368.90", thousands commas and 元 dropped), other
cells as the text written, under the column's name (core.tabular.normalize_header: notes in brackets dropped).
The components the union's policy counts must be numbers and not negative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.models import AuditEvent
from gonghui.core.tabular import (
    Column,
    FileUnreadable,
    ImportResult,
    Problem,
    RowStatus,
    TableReader,
    TableSpec,
    cells,
    open_table,
)
from gonghui.core.tabular.bulk import insert_many, update_many
from gonghui.core.tabular.errors import CellError, ImportFailed
from gonghui.core.tabular.reading import CheckedRows
from gonghui.core.tabular.spec import SEQ_HEADERS, normalize_header
from gonghui.dues import selectors
from gonghui.dues.models import DuesCollection, DuesPayment, Method, WageRow
from gonghui.dues.rules import FEN, ZERO, base_key, money, month_label, wage_base_fen
from gonghui.dues.services import (
    BAD_METHOD,
    DATE_FUTURE,
    check_payment,
    component_key,
    require_dues_write,
    require_policy,
    voucher_post,
    vouchers_post_pending,
)
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.tree import union_of, within
from gonghui.people.models import Person

ProgressFn = Callable[[int, int], None]

ID_ALIASES = ("身份证号", "身份证", "证件号码", "公民身份号码", "身份证件号码", "公民身份证号码")
NO_ALIASES = ("职工编号", "员工编号", "员工号", "职工号", "人员编号")
NAME_ALIASES = ("名字", "职工姓名", "员工姓名", "会员姓名")
IDENTITY = (
    Column("seq", "序号", width=6, importable=False),
    Column("name", "姓名", NAME_ALIASES, width=10),
    Column("id_number", "身份证号码", ID_ALIASES, width=21, text_cells=True),
    Column("employee_no", "工号", NO_ALIASES, width=10, text_cells=True),
)
WAGES = TableSpec(name="dues_wages", columns=IDENTITY, identity_keys=("id_number", "employee_no"))
PAYMENTS = TableSpec(name="dues_payments", columns=(
    *IDENTITY,
    Column("amount", "实缴金额", ("缴费金额", "实缴会费", "实缴", "金额", "会费"), required=True, kind="number"),
    Column("paid_on", "缴费日期", ("缴纳日期", "日期", "缴费时间"), kind="date"),
    Column("method", "缴费方式", ("方式", "收缴方式"), kind="choice", choices=("现金", "转账", "代扣")),
    Column("reason", "原因", ("备注", "说明", "退款原因"), width=20),
), identity_keys=("id_number", "employee_no"))

NO_KEY_COLUMN = _("表头中找不到“身份证号码”或“工号”列：每一行要靠其中之一找到人。请在表头加上这一列后再导入。")
MISSING_COMPONENT = _("工资表中找不到会费标准要计入的“%(c)s”列（现有列：%(have)s）。请核对列名，或修改会费标准的基数构成。")
NO_KEY = _("身份证号码和工号都是空的，无法确定是谁。")
ID_LOST = _("身份证号码被Excel存成了数字，后几位已丢失；请把该列设为“文本”格式后重新填写。")
UNKNOWN_ID = _("名册中找不到身份证号码为%(v)s的人员，请先在花名册中登记。")
UNKNOWN_NO = _("名册中找不到工号为%(v)s的人员（身份证号码为空时按工号查找），请先在花名册中登记或填写身份证号码。")
SHARED_NO = _("名册中有%(n)d人的工号都是%(v)s，请填写身份证号码。")
NAME_MISMATCH = _("姓名与名册不符：名册中此人是“%(name)s”，请核对是否错行。")
NOT_NUMBER = _("“%(v)s”不是数字，请只填金额。")
NEGATIVE = _("工资项目不能为负数。")
DUPLICATE = _("与第%(first)d行是同一人（同一月份只能有一行），请合并为一行。")
AMOUNT_MISSING = _("请填写实缴金额。")
DATE_MISSING = _("请填写缴费日期。")
ORG_DISSOLVED = _("“%(org)s”已撤销，不能再导入。")
NOT_A_UNION = _("工资表和缴费名单按基层工会导入（一个工会一份名册），请选择“%(union)s”。")


class DuesImportError(ImportFailed):
    """A wage or payment import as a whole could not run (after the file was read); nothing was written."""


def _id_text(raw: Any) -> str | None:
    """The ID cell as text; None when Excel turned 16+ digits into a float (the digits are lost)."""
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, (int, float)):
        if float(raw).is_integer() and abs(raw) < 1e15:
            return str(int(raw))
        return None
    return cells.code_text(raw).upper()


class People:
    """The people of a union's subtree by ID number and by 工号."""

    def __init__(self, union: Org):
        rows = within(Person.objects.all(), union).values_list("pk", "name", "id_number", "employee_no", "org_id")
        self.info: dict[int, tuple[str, int]] = {}
        self.by_id: dict[str, int] = {}
        self.by_no: dict[str, list[int]] = {}
        for pk, name, id_number, no, org_id in rows.iterator(chunk_size=5000):
            self.info[pk] = (name, org_id)
            if id_number:
                self.by_id[id_number.upper()] = pk
            if no:
                self.by_no.setdefault(no.upper(), []).append(pk)

    def match(self, values: dict[str, Any], headers: dict[str, str]) -> tuple[int | None, Problem | None]:
        """(person pk, None) or (None, the problem), for a row's 身份证号码 / 工号 / 姓名 cells."""
        raw_id = values.get("id_number")
        if not cells.is_blank(raw_id):
            label = headers.get("id_number", "身份证号码")
            id_number = _id_text(raw_id)
            if id_number is None:
                return None, Problem(label, raw_id, ID_LOST)
            pk = self.by_id.get(id_number)
            if pk is None:
                return None, Problem(label, raw_id, UNKNOWN_ID % {"v": id_number})
        else:
            raw_no = values.get("employee_no")
            label = headers.get("employee_no", "工号")
            if cells.is_blank(raw_no):
                return None, Problem(headers.get("id_number", "身份证号码"), "", NO_KEY)
            no = cells.code_text(raw_no).upper()
            found = self.by_no.get(no, [])
            if not found:
                return None, Problem(label, raw_no, UNKNOWN_NO % {"v": no})
            if len(found) > 1:
                return None, Problem(label, raw_no, SHARED_NO % {"n": len(found), "v": no})
            pk = found[0]
        name = cells.text(values.get("name"))
        if name and name.replace(" ", "") != self.info[pk][0].replace(" ", ""):
            return None, Problem(headers.get("name", "姓名"), name, NAME_MISMATCH % {"name": self.info[pk][0]})
        return pk, None


def _open(source, filename, sheet, spec):
    table = open_table(source, name=filename, sheet=sheet)
    try:
        reader = TableReader(table, spec)
    except BaseException:
        table.close()
        raise
    if "id_number" not in reader.mapping and "employee_no" not in reader.mapping:
        table.close()
        raise FileUnreadable(NO_KEY_COLUMN, "no_key_column")
    result = ImportResult(filename=table.name, kind=table.kind, sheet=table.sheet, header_rows=reader.header_rows,
                          columns=reader.columns, header_cells=reader.header_cells)
    return table, reader, result


def _start(actor, org: Org, month: dt.date) -> tuple[Org, dt.date]:
    """The union imported into (the org itself, read through the scope, which stands for its subtree)."""
    require_dues_write(actor, org)
    if not org.is_active:
        raise DuesImportError(ORG_DISSOLVED % {"org": org.name}, "org_dissolved")
    if org.kind != OrgKind.UNION:
        raise DuesImportError(NOT_A_UNION % {"union": union_of(org).name}, "not_union")
    return org, month.replace(day=1)


# --- wages ----------------------------------------------------------------------------------------------------

def _wage_value(raw: Any) -> tuple[str | None, bool]:
    """(stored text, is a number): numbers as Decimal strings to the fen, other cells as written."""
    if cells.is_blank(raw):
        return None, False
    try:
        number = cells.decimal(raw)
    except CellError:
        return cells.text(raw), False
    if number is not None and number == number.quantize(FEN):
        number = number.quantize(FEN)
    return str(number), True


def wages_import(*, actor, org: Org, month: dt.date, source: Any, dry_run: bool = False,
                 progress: ProgressFn | None = None, filename: str | None = None,
                 sheet: str | int | None = None) -> ImportResult:
    """One month's payroll file into `org`'s union: one wage row per person and month, every column kept.

    Raises FileUnreadable (nothing happened), PermissionDenied (not 管理员/财务 of the org) or DuesImportError."""
    union, month = _start(actor, org, month)
    progress = progress or (lambda done, total: None)
    policy = selectors.policy_in_force(union, month)
    counted = list(policy.base_components) if policy else []
    table, reader, result = _open(source, filename, sheet, WAGES)
    with table:
        result.dry_run = dry_run
        result.extra.update({"month": month_label(month), "components": counted})
        headers = {c.key: c.header for c in reader.columns if c.key}
        wage_columns = [(c.index, component_key(c.header), c.header) for c in reader.columns
                        if c.key is None and c.header and normalize_header(c.header) not in SEQ_HEADERS]
        have = {key for _i, key, _h in wage_columns}
        missing = [c for c in counted if c not in have]
        if missing:
            raise FileUnreadable(MISSING_COMPONENT % {"c": "、".join(missing),
                                                      "have": "、".join(h for _i, _k, h in wage_columns) or "—"},
                                 "missing_component")
        people = People(union)
        counted_set = set(counted)

        def clean(row):
            person, problem = people.match(row.values, headers)
            problems = [problem] if problem else []
            values: dict[str, str] = {}
            width = len(row.cells)
            for index, key, header in wage_columns:
                raw = row.cells[index] if index < width else None
                text, is_number = _wage_value(raw)
                if key in counted_set and text is not None:
                    if not is_number:
                        problems.append(Problem(header, raw, NOT_NUMBER % {"v": cells.text(raw)}))
                    elif Decimal(text) < 0:
                        problems.append(Problem(header, raw, NEGATIVE))
                if text is not None:
                    values[key] = text
            return (person, values), problems

        total = max(0, (table.last_row or 0) - reader.header_rows[-1])
        walk = CheckedRows(reader, result, clean, progress, total=total)
        checked = []
        first_row: dict[int, int] = {}
        for row, (person, values) in walk:
            if person in first_row:
                result.refuse(row.number, [Problem(headers.get("id_number", "身份证号码"),
                                                   row.values.get("id_number") or row.values.get("employee_no"),
                                                   DUPLICATE % {"first": first_row[person]})], row.cells)
                continue
            first_row[person] = row.number
            checked.append((person, values))
        walk.finish()
    stored = {pk: (wage_pk, columns, base_of) for pk, wage_pk, columns, base_of in
              within(WageRow.objects.filter(month=month), union).values_list("person_id", "pk", "columns", "base_of")}
    # The counted base is kept with the row for the policy in force that month (WageRow.base_fen).
    key = base_key(counted) if counted else ""
    creates, updates, rebased = [], [], []
    for person, values in checked:
        old = stored.get(person)
        base = wage_base_fen([values.get(c) for c in counted]) if counted else None
        if old is None:
            creates.append((person, values, base))
            result.add(RowStatus.CREATED)
        elif old[1] != values:
            updates.append((old[0], values, base))
            result.add(RowStatus.UPDATED)
        else:
            result.add(RowStatus.UNCHANGED)
            if old[2] != key:  # the same row, its kept base for other components: kept anew, not a change
                rebased.append((base, key, old[0]))
    result.refusals.sort(key=lambda r: r.row)
    walk.done()
    if dry_run:
        return result
    with transaction.atomic():
        now = timezone.now()
        name = (result.filename or "")[:200]
        insert_many(WageRow, ("org", "person", "month", "columns", "base_fen", "base_of", "source", "created_at",
                              "updated_at"),
                    ((union.pk, person, month, values, base, key, name, now, now) for person, values, base in creates))
        update_many(WageRow, ("org", "columns", "base_fen", "base_of", "source", "updated_at"),
                    ((union.pk, values, base, key, name, now, pk) for pk, values, base in updates))
        update_many(WageRow, ("base_fen", "base_of"), rebased)
        audit.record(actor=actor, action=AuditEvent.Action.IMPORT, object_type="wagerow", object_id=str(union.pk),
                     object_repr=f"{union.name} {month_label(month)} 工资导入 {result.filename}"[:200],
                     org_path=union.path,
                     changes={"file": result.filename, "month": month_label(month),
                              **{k: result.counts[k] for k in ("created", "updated", "unchanged", "refused")}})
    return result


# --- payments -------------------------------------------------------------------------------------------------

METHODS = {str(label): value for value, label in Method.choices}


def payments_import(*, actor, org: Org, month: dt.date, source: Any, dry_run: bool = False,
                    progress: ProgressFn | None = None, filename: str | None = None,
                    sheet: str | int | None = None, default_method: str = Method.CASH) -> ImportResult:
    """A payment file (身份证号码/工号, 实缴金额, 缴费日期 [, 缴费方式, 原因]) for one month: partial payments
    allowed, refunds as negative amounts with a reason; a payment for someone who owes nothing that month is
    refused. A row repeating a stored payment (same person, date and method) is unchanged, or updated when its
    amount differs. Each (date, method) of the file is one collection (what a voucher needs)."""
    union, month = _start(actor, org, month)
    require_policy(union, month)
    progress = progress or (lambda done, total: None)
    today = timezone.localdate()
    table, reader, result = _open(source, filename, sheet, PAYMENTS)
    with table:
        result.dry_run = dry_run
        result.extra["month"] = month_label(month)
        headers = {c.key: c.header for c in reader.columns if c.key}
        people = People(union)

        def clean(row):
            person, problem = people.match(row.values, headers)
            problems = [problem] if problem else []
            label = lambda key: headers.get(key) or PAYMENTS.column(key).label
            amount = paid_on = None
            try:
                amount = cells.decimal(row.values.get("amount"))
                if amount is None:
                    problems.append(Problem(label("amount"), "", AMOUNT_MISSING))
                elif amount != amount.quantize(FEN):
                    problems.append(Problem(label("amount"), row.values.get("amount"),
                                            NOT_NUMBER % {"v": cells.text(row.values.get("amount"))}))
            except CellError as exc:
                problems.append(Problem(label("amount"), row.values.get("amount"), exc.message))
            try:
                paid_on = cells.date(row.values.get("paid_on"))
                if paid_on is None:
                    problems.append(Problem(label("paid_on"), "", DATE_MISSING))
                elif paid_on > today:
                    problems.append(Problem(label("paid_on"), paid_on, DATE_FUTURE % {"d": paid_on.isoformat()}))
            except CellError as exc:
                problems.append(Problem(label("paid_on"), row.values.get("paid_on"), exc.message))
            method_text = cells.text(row.values.get("method"))
            method = METHODS.get(method_text, method_text) if method_text else default_method
            if method not in Method.values:
                problems.append(Problem(label("method"), method_text, BAD_METHOD % {"v": method_text}))
            reason = cells.text(row.values.get("reason"))[:200]
            return (person, amount, paid_on, method, reason), problems

        total = max(0, (table.last_row or 0) - reader.header_rows[-1])
        walk = CheckedRows(reader, result, clean, progress, total=total)
        rows = list(walk)
        walk.finish()
    the_roll = selectors.roll(org=union, month=month)
    lines = {line.person_id: line for line in the_roll.lines}
    stored: dict[tuple, tuple[int, Decimal]] = {}
    for pk, person, paid_on, method, amount in within(DuesPayment.objects.filter(month=month), union).values_list(
            "pk", "person_id", "paid_on", "method", "amount"):
        stored[(person, paid_on, method)] = (pk, Decimal(amount).quantize(FEN))
    creates, updates = [], []
    seen: dict[tuple, int] = {}
    extra_paid: dict[int, Decimal] = {}  # what earlier rows of this file add to a person's month
    for row, (person, amount, paid_on, method, reason) in rows:
        key = (person, paid_on, method)
        if key in seen:
            result.refuse(row.number, [Problem(headers.get("id_number", "身份证号码"), row.values.get("id_number"),
                                               DUPLICATE % {"first": seen[key]})], row.cells)
            continue
        seen[key] = row.number
        line = lines.get(person)
        old = stored.get(key)
        if old is not None and old[1] == amount:
            result.add(RowStatus.UNCHANGED)
            continue
        # The check sees the month as it would be with this row instead of the stored payment it replaces.
        before = (old[1] if old else ZERO) - extra_paid.get(person, ZERO)
        view = _LineView(line, before) if line is not None else None
        problem = check_payment(view, name=people.info[person][0], month=month, amount=amount, reason=reason)
        if problem:
            result.refuse(row.number, [Problem(headers.get("amount", "实缴金额"), row.values.get("amount"), problem)],
                          row.cells)
            continue
        extra_paid[person] = extra_paid.get(person, ZERO) + amount - (old[1] if old else ZERO)
        org_id = line.org_id if line is not None else people.info[person][1]
        if old is None:
            creates.append((org_id, person, amount, paid_on, method, reason))
            result.add(RowStatus.CREATED)
        else:
            updates.append((old[0], amount, reason))
            result.add(RowStatus.UPDATED)
    result.refusals.sort(key=lambda r: r.row)
    walk.done()
    if dry_run or not (creates or updates):
        return result
    with transaction.atomic():
        _write_payments(actor=actor, union=union, month=month, creates=creates, updates=updates,
                        filename=result.filename)
        audit.record(actor=actor, action=AuditEvent.Action.IMPORT, object_type="duespayment",
                     object_id=str(union.pk),
                     object_repr=f"{union.name} {month_label(month)} 会费缴费导入 {result.filename}"[:200],
                     org_path=union.path,
                     changes={"file": result.filename, "month": month_label(month),
                              **{k: result.counts[k] for k in ("created", "updated", "unchanged", "refused")}})
    return result


class _LineView:
    """A roll line with `paid` shifted by what this file changes before the row (for check_payment)."""

    def __init__(self, line, shift: Decimal):
        self.status, self.due, self.paid = line.status, line.due, line.paid - shift


def _write_payments(*, actor, union: Org, month: dt.date, creates, updates, filename: str) -> None:
    now = timezone.now()
    groups: dict[tuple, list] = {}
    for org_id, person, amount, paid_on, method, reason in creates:
        groups.setdefault((paid_on, method), []).append((org_id, person, amount, reason))
    for (paid_on, method), rows in sorted(groups.items()):
        collection = DuesCollection(org=union, kind=DuesCollection.Kind.FILE, month=month, paid_on=paid_on,
                                    method=method, note=filename[:200],
                                    created_by=actor if getattr(actor, "pk", None) else None,
                                    total=sum((r[2] for r in rows), ZERO), payments=len(rows))
        collection.save()
        insert_many(DuesPayment, ("org", "person", "month", "amount", "paid_on", "method", "reason", "collection",
                                  "created_at"),
                    ((org_id, person, month, amount, paid_on, method, reason, collection.pk, now)
                     for org_id, person, amount, reason in rows))
        voucher_post(actor=actor, collection=collection)
    if updates:
        update_many(DuesPayment, ("amount", "reason"), ((amount, reason, pk) for pk, amount, reason in updates))
        touched = set(within(DuesPayment.objects.filter(pk__in=[pk for pk, _a, _r in updates]), union)
                      .values_list("collection_id", flat=True))
        for collection in within(DuesCollection.objects.filter(pk__in=touched), union):
            lines = list(collection.lines.values_list("amount", flat=True))
            collection.total = sum((Decimal(a) for a in lines), ZERO).quantize(FEN)
            collection.payments = len(lines)
            collection.save(update_fields=["total", "payments"])
            voucher_post(actor=actor, collection=collection)  # the draft follows the new total
    vouchers_post_pending(actor=actor, org=union)


def summary(result: ImportResult) -> str:
    c = result.counts
    head = _("（试导入，未写入）") if result.dry_run else ""
    return head + _("新增 %(created)d 行，更新 %(updated)d 行，无变化 %(unchanged)d 行，未导入 %(refused)d 行，"
                    "空行 %(blank)d 行，表尾/说明 %(footer)d 行") % c


__all__ = ["DuesImportError", "FileUnreadable", "money", "payments_import", "summary", "wages_import"]
