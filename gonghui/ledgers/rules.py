"""The rules the numbers depend on (docs/ledgers.md), in one home for entry_save and the Excel importer.

`check_entry` needs no database. `stored_rules` is what depends on what is stored: it sets 人次 and refuses
a 案号 another entry of the union holds; entry_save asks the database who holds it, the importer answers
from the entries it loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.ledgers.kinds import Kind

# Dates that may not come before the entry's date (labels translated only when a message is written).
LATER_DATES = (("end_date", gettext_lazy("结束日期")), ("resolved_on", gettext_lazy("解困日期")),
               ("closed_on", gettext_lazy("结案日期")), ("completed_on", gettext_lazy("完成日期")))

# Dates of things that have happened (closing, completing, resolving, reviewing): never after today.
PAST_ONLY = ("closed_on", "completed_on", "resolved_on", "reviewed_on")
# An entry's own date may be ahead (a meeting already scheduled, confirmed on the form), but not by years.
FAR_AHEAD_DAYS = 366
NOT_YET = gettext_lazy("%(h)s %(d)s 晚于今天，还没有发生的事不能登记。")
FAR_AHEAD = gettext_lazy("%(h)s %(d)s 比今天晚一年以上，请核对年份。")

CASE_TAKEN = gettext_lazy("案号“%(n)s”在本工会已存在。")
CASE_ELSEWHERE = gettext_lazy("案号“%(n)s”在本工会已登记在“%(org)s”，与本行的所属组织不同。")


def check_entry(kind: Kind, values: dict[str, Any], participants: list, instance=None) -> dict[str, list[str]]:
    """The rules of one entry that need no database: {field: [Chinese message, ...]}, empty when all pass.

    `values` are typed as for entry_save (a PERSON column may hold a Person or its pk; 获奖对象 arrives as
    recipient_person / recipient_org); `participants` is the list of people named (only its length is used)."""
    errors: dict[str, list[str]] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    for col in kind.columns:
        if col.required and col.type.requires_value and values.get(col.field) in (None, ""):
            err(col.field, _("“%(h)s”必须填写。") % {"h": col.header})
        col.type.check(col, values, err)
    for field, value in values.items():  # PostgreSQL text cannot hold NUL (SQLite would take it)
        if isinstance(value, str) and "\x00" in value:
            header = next((c.header for c in kind.columns if c.field == field), field)
            err(field, _("“%(h)s”含有空字符（\\0），请删除后重新填写。") % {"h": header})
    date = values.get("date")
    _check_future(kind, values, err)
    for later, label in LATER_DATES:
        if date and values.get(later) and values[later] < date:
            err(later, _("%(l)s不能早于%(d)s。") % {"l": label, "d": kind.date_header})
    if values.get("start_on") and values.get("end_on") and values["end_on"] < values["start_on"]:
        err("end_on", _("期限结束不能早于期限开始。"))
    for check in kind.checks:
        check(values, err)
    count = values.get("participant_count")
    if count is not None and participants and count < len(participants):
        err("participant_count", _("参加人数%(n)d少于列出的参加人员%(m)d人。") % {"n": count, "m": len(participants)})
    return errors


def _check_future(kind: Kind, values: dict[str, Any], err) -> None:
    today = timezone.localdate()
    date = values.get("date")
    if isinstance(date, dt.date) and (date - today).days > FAR_AHEAD_DAYS:
        err("date", str(FAR_AHEAD % {"h": kind.date_header, "d": date.isoformat()}))
    for name in PAST_ONLY:
        value = values.get(name)
        if isinstance(value, dt.date) and value > today:
            err(name, str(NOT_YET % {"h": kind.column(name).header, "d": value.isoformat()}))


def stored_rules(kind: Kind, values: dict[str, Any], people: Iterable, *, case_holders: Iterable[int] = (),
                 org_name: Callable[[int], str] | None = None) -> dict[str, list[str]]:
    """The rules over what is stored, for entry_save and the import planner alike.

    Sets values["person_times"] (人次 = max(参加人数, people listed)) where the kind derives it. Refuses a
    案号 (a key unique in the union) held by other entries of the union: `case_holders` are their org ids;
    `org_name` names an org for the message (the importer's), else the plain "already exists"."""
    if kind.derives_person_times:
        values["person_times"] = max(values.get("participant_count") or 0, len(list(people)))
    errors: dict[str, list[str]] = {}
    holders = list(case_holders)
    if kind.unique_in_union and values.get("case_no") and holders:
        where = org_name(holders[0]) if org_name else ""
        message = (CASE_ELSEWHERE % {"n": values["case_no"], "org": where} if where
                   else CASE_TAKEN % {"n": values["case_no"]})
        errors["case_no"] = [str(message)]
    return errors
