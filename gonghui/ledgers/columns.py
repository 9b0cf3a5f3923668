"""The column types of the ledger kinds. A type is one object (a str, so it still reads "date", "money", ...
in the API's kind list) that knows how to check a typed value, show it on a page, write it to an export, give
the template's example, and which Excel cleaning it takes. The faces' own parts (a form field, an API schema
type) are looked up by the type in web/forms/ledgers.py and api/ledger_schemas.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

DASH = "—"


@cache
def _choice_values(choices) -> frozenset[str]:
    return frozenset(choices.values)


def money_text(value) -> str:
    return DASH if value is None else f"{Decimal(value):,.2f}"


class ColumnType(str):
    requires_value = True  # "required" is checked on the field's own value
    sheet_kind = "text"  # how the Excel reader and template treat the cell (core.tabular kinds)
    width: int | None = None  # Excel column width; None: from the header and field length
    cleaning = "text"  # which excel.cleaning step reads a cell of this type

    def check(self, col, values: dict, err) -> None:
        """Rules of the type over the entry's typed values: err(field, Chinese message)."""

    def show(self, col, entry) -> str:
        value = getattr(entry, col.field)
        return DASH if value in (None, "") else self.text(col, value)

    def text(self, col, value) -> str:
        return str(value)

    def export(self, col, entry, ctx) -> Any:
        return getattr(entry, col.field)

    def example(self, col, first_date: dt.date) -> Any:
        if col.field == "case_no":
            return "2026-001"
        return "" if col.field == "notes" else f"（{col.header}）"


class _Date(ColumnType):
    sheet_kind, width, cleaning = "date", 12, "date"

    def text(self, col, value) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    def example(self, col, first_date):
        return first_date if col.field == "date" else first_date + dt.timedelta(days=30)


class _Choice(ColumnType):
    sheet_kind, width, cleaning = "choice", 16, "choice"

    def check(self, col, values, err):
        value = values.get(col.field)
        if value not in (None, "") and value not in _choice_values(col.choices):
            err(col.field, _("“%(h)s”的值“%(v)s”不在可选范围内。") % {"h": col.header, "v": value})

    def text(self, col, value) -> str:
        return str(col.choices(value).label) if value in col.choices.values else value

    def export(self, col, entry, ctx):
        value = getattr(entry, col.field)
        return ctx.choice_text[col.field].get(value, value)

    def example(self, col, first_date):
        return str(col.choices.choices[0][1])


class _Int(ColumnType):
    sheet_kind, width, cleaning = "number", 10, "int"

    def example(self, col, first_date):
        return 1 if col.field == "person_times" else 20


MONEY_LIMIT = Decimal(10) ** 12  # models.MONEY: 14 digits, 2 of them decimals


class _Money(ColumnType):
    sheet_kind, width, cleaning = "number", 12, "money"

    def check(self, col, values, err):
        value = values.get(col.field)
        if value is None:
            return
        if value < 0:
            err(col.field, _("“%(h)s”不能是负数。") % {"h": col.header})
        elif value >= MONEY_LIMIT:  # 1e30 made quantize() raise: a 500 from the API
            err(col.field, _("“%(h)s”太大，不能超过 999999999999.99 元。") % {"h": col.header})
        elif value != value.quantize(Decimal("0.01")):
            err(col.field, _("“%(h)s”最多两位小数。") % {"h": col.header})

    def text(self, col, value) -> str:
        return money_text(value)

    def export(self, col, entry, ctx):
        value = getattr(entry, col.field)
        return None if value is None else Decimal(value).quantize(Decimal("0.01"))

    def example(self, col, first_date):
        return Decimal("500.00")


class _Decimal(ColumnType):
    sheet_kind, width, cleaning = "number", 8, "hours"

    def text(self, col, value) -> str:
        return f"{value.normalize():f}"

    def export(self, col, entry, ctx):
        value = getattr(entry, col.field)
        return None if value is None else float(value)

    def example(self, col, first_date):
        return 2


class _Org(ColumnType):
    width, cleaning = 14, "org"

    def show(self, col, entry) -> str:
        return entry.org.name

    def export(self, col, entry, ctx):
        return ctx.labels.org(entry.org_id)

    def example(self, col, first_date):
        return ""


class _Person(ColumnType):
    width, cleaning = 12, "person"

    def show(self, col, entry) -> str:
        person = getattr(entry, col.field)
        return person.name if person else DASH

    def export(self, col, entry, ctx):
        return ctx.labels.person(getattr(entry, f"{col.field}_id"))

    def example(self, col, first_date):
        return "张三"


class _Persons(ColumnType):
    requires_value = False  # a many-to-many: the list is checked by its length (参加人数)
    width, cleaning = 30, "persons"

    def show(self, col, entry) -> str:
        return DASH  # listed on their own on the detail page

    def export(self, col, entry, ctx):
        return "、".join(ctx.labels.person(pk) for pk in ctx.people.get(entry.pk, ()))

    def example(self, col, first_date):
        return "张三、李四、A0003"


class _PersonOrOrg(ColumnType):
    requires_value = False  # held by recipient_person / recipient_org, checked below
    width, cleaning = 14, "recipient"

    def check(self, col, values, err):
        person, org = values.get("recipient_person"), values.get("recipient_org")
        if not (person or org):
            err(col.field, _("请填写获奖对象（人员或组织）。"))
        if person and org:
            err(col.field, _("获奖对象只能是一个人员或一个组织。"))

    def show(self, col, entry) -> str:
        target = entry.recipient_person or entry.recipient_org
        return target.name if target else DASH

    def export(self, col, entry, ctx):
        if entry.recipient_person_id:
            return ctx.labels.person(entry.recipient_person_id)
        return ctx.labels.collective(entry.recipient_org_id) if entry.recipient_org_id else ""

    def example(self, col, first_date):
        return "张三"


DATE, TEXT, CHOICE = _Date("date"), ColumnType("text"), _Choice("choice")
INT, MONEY, DECIMAL = _Int("int"), _Money("money"), _Decimal("decimal")
ORG = _Org("org")  # 所属组织: a name or code inside the org worked in; empty = that org
PERSON = _Person("person")  # one roster person by 工号, ID number or unique name
PERSONS = _Persons("persons")  # several, separated by 、，,;； or line breaks
PERSON_OR_ORG = _PersonOrOrg("person_or_org")  # 获奖对象
