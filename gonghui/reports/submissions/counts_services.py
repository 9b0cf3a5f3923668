"""Counts-only unions (issue #17 §2): a federation officer enters or imports the numbers of a union that is not
yet on gonghui, for one reporting task. They become a `Submission` with source "counts" (a version like any
other: it replaces the previous one until accepted, and is frozen once written).

    counts_enter(actor=, target=, values={code or name: cell})      # one union
    counts_import(actor=, task=, source=FILE)                        # .xlsx/.csv: one row per union
    counts_template(task=) -> bytes                                  # the .xlsx to fill in (the same columns)

Only counts and amounts are entered (a rate is derived from its numerator and denominator by the roll-up):
a count is a non-negative integer, an amount non-negative with at most two decimals. Every cell is checked and
every problem named by union and column; one bad cell refuses the whole entry or file, nothing is written.
Who may: write scope on the task's issuing org (the federation).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.scoping import can_write_org
from gonghui.core import audit
from gonghui.core.models import AuditEvent
from gonghui.core.scope_guard import unscoped
from gonghui.core.tabular import CellError, Column, FileUnreadable, TableReader, TableSpec, cells, open_table
from gonghui.core.tabular.spec import SEQ_HEADERS, normalize_header
from gonghui.indicators import registry
from gonghui.reports.submissions.models import (
    ReportTarget,
    ReportTask,
    Submission,
    SubmissionSource,
    TargetState,
)
from gonghui.reports.submissions.services import MSG_ACCEPTED, _lock
from gonghui.reports.submissions.snapshot import decode_values, encode_values

MAX_ROWS = 20_000
MAX_VALUE = Decimal("999999999999")
MSG_OWN_SUBMISSION = gettext_lazy("“%(org)s”已经%(how)s（第%(v)d版），不能再直接录入它的数字：以它的上报为准，"
                                  "或先退回再由它重新上报。")
MSG_UNKNOWN = gettext_lazy("“%(col)s”不是可以录入的指标（比率由分子、分母自动计算，不能直接录入）。")
MSG_NOT_INT = gettext_lazy("“%(org)s”〈%(col)s〉：“%(v)s”不是非负整数，请填写0或正整数。")
MSG_NOT_MONEY = gettext_lazy("“%(org)s”〈%(col)s〉：“%(v)s”不是有效金额，请填写不小于0、最多两位小数的数字。")
MSG_UNKNOWN_COLUMNS = gettext_lazy("表头中的%(cols)s不是可以录入的指标：请写指标名称（与录入模板相同）或代码；"
                                   "比率由分子、分母自动计算，不能录入。整个文件未导入。")
MSG_TOO_BIG = gettext_lazy("“%(org)s”〈%(col)s〉：“%(v)s”过大，请核对（不能超过999999999999）。")
MSG_NOT_NUMBER = gettext_lazy("“%(org)s”〈%(col)s〉：%(msg)s")
MSG_NOTHING = gettext_lazy("“%(org)s”没有填写任何指标数：请至少填写一项。")
MSG_NO_ORG = gettext_lazy("第%(row)d行：请填写组织代码或单位名称。")
MSG_ROW_ORG = gettext_lazy("第%(row)d行：“%(v)s”不是本任务的上报单位：请核对组织代码（见任务页的上报单位）。")
MSG_ROW_TWICE = gettext_lazy("第%(row)d行：“%(org)s”在第%(first)d行已经填过，每个单位只填一行。")
MSG_NO_ROWS = gettext_lazy("文件中没有填了数字的行：请每个单位填一行，第一列为组织代码，其后填各指标的数。")
MSG_TOO_MANY = gettext_lazy("文件超过%(n)d行：请分成几个文件导入。")
MSG_FILE_REFUSED = gettext_lazy("文件有%(n)d处错误，整个文件未导入（没有写入任何数字）：%(list)s")
MSG_NO_INDICATOR_COLUMN = gettext_lazy("表头中没有任何指标列：第一行写组织代码、单位名称，其后每列写一个指标的名称"
                                       "（或代码），可先下载录入模板。")


def counts_codes() -> list[str]:
    """The indicators that may be entered: every count and amount of the registry (not the rates)."""
    return [c for c, ind in registry.INDICATORS.items() if ind.ratio is None]


def _column_code(name: str) -> str | None:
    """An indicator named by its code or its name (as the template heads its columns)."""
    name = (name or "").strip()
    if name in registry.INDICATORS:
        return name if registry.INDICATORS[name].ratio is None else None
    for code, ind in registry.INDICATORS.items():
        if ind.name == name and ind.ratio is None:
            return code
    return None


def _cell(org_name: str, code: str, raw) -> int | Decimal | None:
    """One cell as the registry's value, or ValidationError naming the union and the column."""
    ind = registry.INDICATORS[code]
    try:
        value = cells.decimal(raw)
    except CellError as exc:
        raise ValidationError(MSG_NOT_NUMBER % {"org": org_name, "col": ind.name, "msg": exc.message}) from None
    if value is None:
        return None
    shown = cells.shown(raw) if not isinstance(raw, str) else raw.strip()
    if value.is_finite() and abs(value) > MAX_VALUE:
        raise ValidationError(MSG_TOO_BIG % {"org": org_name, "col": ind.name, "v": shown})
    if ind.kind == registry.COUNT:
        if not value.is_finite() or value < 0 or value != value.to_integral_value():
            raise ValidationError(MSG_NOT_INT % {"org": org_name, "col": ind.name, "v": shown})
        return int(value)
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise ValidationError(MSG_NOT_MONEY % {"org": org_name, "col": ind.name, "v": shown})
    return value.quantize(Decimal("0.01"))


def counts_clean(org_name: str, values: dict) -> tuple[dict, list[str]]:
    """({code: value} of the filled cells, [every problem]) for one union's `values` ({code or name: cell})."""
    out, errors = {}, []
    for key, raw in values.items():
        code = _column_code(str(key))
        if code is None:
            errors.append(str(MSG_UNKNOWN % {"col": key}))
            continue
        try:
            value = _cell(org_name, code, raw)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if value is not None:
            out[code] = value
    if not out and not errors:
        errors.append(str(MSG_NOTHING % {"org": org_name}))
    return out, errors


def _check_target(target: ReportTarget) -> None:
    current = target.current
    if target.state == TargetState.ACCEPTED:
        raise ValidationError(MSG_ACCEPTED % {"org": target.org.name})
    if current is not None and current.source != SubmissionSource.COUNTS:
        how = _("通过离线上报包上报") if current.source == SubmissionSource.PACKAGE else _("在本系统上报")
        raise ValidationError(MSG_OWN_SUBMISSION % {"org": target.org.name, "how": how, "v": current.version})


def _write(actor, target: ReportTarget, values: dict, *, via: str) -> Submission:
    """The counts of one locked target as a new frozen version."""
    last = target.submissions.order_by("-version").values_list("version", flat=True).first() or 0
    task, org = target.task, target.org
    sub = Submission(target=target, version=last + 1, org_code=org.code, org_name=org.name,
                     period_code=task.period_code, period_start=task.period_start, period_end=task.period_end,
                     values=encode_values(values), explanations=[],
                     submitted_by=actor if getattr(actor, "pk", None) else None,
                     submitted_by_name=getattr(actor, "username", "") or "", submitted_at=timezone.now(),
                     source=SubmissionSource.COUNTS)
    sub.full_clean(exclude=["target"])
    sub.save()
    before = target.state
    target.state, target.current, target.return_reason = TargetState.SUBMITTED, sub, ""
    target.save(update_fields=["state", "current", "return_reason"])
    audit.record(actor=actor, action=AuditEvent.Action.CREATE, obj=sub, org_path=org.path,
                 changes={"step": "counts", "via": via, "task": task.pk, "version": sub.version,
                          "state": [before, target.state], "values": sub.values})
    return sub


@transaction.atomic
def counts_enter(*, actor, target: ReportTarget, values: dict) -> Submission:
    """Enter one union's numbers for its task (`values`: {indicator code or name: cell}); refused whole
    (ValidationError listing every problem) on any bad cell."""
    with unscoped("the target was read through the scope by the caller"):
        target = _lock(target)
    if not can_write_org(actor, target.task.org):
        raise PermissionDenied
    _check_target(target)
    clean, errors = counts_clean(target.org.name, values)
    if errors:
        raise ValidationError(errors)
    return _write(actor, target, clean, via="form")


def _spec() -> TableSpec:
    columns = [Column("org_code", _("组织代码"), ("单位代码", "代码", "工会代码"), text_cells=True),
               Column("org_name", _("单位名称"), ("工会名称", "基层工会", "单位"))]
    columns += [Column(code, registry.INDICATORS[code].name, (code,), kind="number") for code in counts_codes()]
    return TableSpec("counts", tuple(columns), min_header_matches=2, identity_keys=("org_code", "org_name"))


@transaction.atomic
def counts_import(*, actor, task: ReportTask, source, name: str | None = None) -> list[Submission]:
    """Import a file of counts for `task`: one row per union (组织代码 or 单位名称, then one column per indicator
    named by its name or code). All rows or none: any problem refuses the whole file with every problem named."""
    if not can_write_org(actor, task.org):
        raise PermissionDenied
    with unscoped("the targets of a task the actor may write"):
        targets = list(ReportTarget.objects.filter(task=task).select_related("org"))
    by_code = {t.org.code.upper(): t for t in targets}
    by_name = {t.org.name: t for t in targets}
    try:
        with open_table(source, name=name) as table:
            reader = TableReader(table, _spec())
            if not [c for c in reader.columns if c.key and c.key not in ("org_code", "org_name")]:
                raise ValidationError(MSG_NO_INDICATOR_COLUMN)
            unknown = [c.header for c in reader.columns if c.key is None and str(c.header or "").strip()
                       and normalize_header(c.header) not in (*SEQ_HEADERS, "备注")]
            if unknown:  # a misspelt indicator is never left out silently
                raise ValidationError(MSG_UNKNOWN_COLUMNS % {"cols": "、".join(f"“{h}”" for h in unknown)})
            rows = []
            for row in reader.rows():
                if row.kind != "data":
                    continue
                rows.append(row)
                if len(rows) > MAX_ROWS:
                    raise ValidationError(MSG_TOO_MANY % {"n": MAX_ROWS})
    except FileUnreadable as exc:
        raise ValidationError(str(exc)) from None
    if not rows:
        raise ValidationError(MSG_NO_ROWS)
    errors, seen, todo = [], {}, []
    for row in rows:
        code = cells.code_text(row.values.get("org_code")).upper() if not cells.is_blank(
            row.values.get("org_code")) else ""
        org_name = cells.text(row.values.get("org_name"))
        if not code and not org_name:
            errors.append(str(MSG_NO_ORG % {"row": row.number}))
            continue
        target = by_code.get(code) if code else by_name.get(org_name)
        if target is None:
            errors.append(str(MSG_ROW_ORG % {"row": row.number, "v": code or org_name}))
            continue
        if target.pk in seen:
            errors.append(str(MSG_ROW_TWICE % {"row": row.number, "org": target.org.name, "first": seen[target.pk]}))
            continue
        seen[target.pk] = row.number
        values = {k: v for k, v in row.values.items() if k not in ("org_code", "org_name")}
        if all(cells.is_blank(v) for v in values.values()):
            continue  # a union of the template left blank: not entered
        clean, problems = counts_clean(target.org.name, values)
        errors += [_("第%(row)d行：%(p)s") % {"row": row.number, "p": p} for p in problems]
        todo.append((target, clean))
    if not todo and not errors:
        raise ValidationError(MSG_NO_ROWS)
    written = []
    if not errors:
        for target, clean in todo:
            with unscoped("a target of the task read above"):
                locked = _lock(target)
            try:
                _check_target(locked)
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
            written.append((locked, clean))
    if errors:
        raise ValidationError(MSG_FILE_REFUSED % {"n": len(errors), "list": "；".join(errors[:50])}, code="refused")
    return [_write(actor, target, clean, via="import") for target, clean in written]


def counts_template(*, task: ReportTask) -> bytes:
    """The .xlsx an officer fills: 组织代码, 单位名称 and one column per indicator; a row per union of the task
    that has not reported itself (no version, or numbers entered here before, shown as they are)."""
    from gonghui.core.tabular import SafeXlsxWriter

    codes = counts_codes()
    with unscoped("the targets of a task the caller read through the scope"):
        targets = list(ReportTarget.objects.filter(task=task).select_related("org", "current").order_by("org__path"))
    buf = io.BytesIO()
    with SafeXlsxWriter(buf, sheet_name=_("直接录入")) as out:
        out.set_columns([12, 24, *[12] * len(codes)], text_columns=[0])
        out.write_header([_("组织代码"), _("单位名称"), *[registry.INDICATORS[c].name for c in codes]])
        for t in targets:
            if t.current is not None and t.current.source != SubmissionSource.COUNTS:
                continue
            have = decode_values(t.current.values) if t.current is not None else {}
            out.write_row([t.org.code, t.org.name, *[have.get(c) for c in codes]], text_columns={0})
    return buf.getvalue()
