"""Ledger import, step 2: each data row's cells cleaned per column type into model values (a Row), or problems.

Dates as the roster accepts them, whole numbers, money, hours, choices by Chinese label or code, 所属组织
inside the org worked in, and people (or, for 获奖对象, people or orgs) of the union's roster through
excel.lookup. Each cleaning function is memoised per distinct raw cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.tabular import Problem, cells
from gonghui.core.tabular.errors import CellError
from gonghui.core.tabular.memo import Memo
from gonghui.ledgers.choices import CHOICE_ALIASES
from gonghui.ledgers.excel.fields import empty_value, model_fields
from gonghui.ledgers.excel.lookup import (
    PEOPLE_AMBIGUOUS,
    PEOPLE_UNKNOWN,
    RECIPIENT_AMBIGUOUS,
    OrgIndex,
    PeopleIndex,
    split_people,
)
from gonghui.ledgers.excel.spec import Layout
from gonghui.ledgers.kinds import ORG, PERSON_OR_ORG, PERSONS, Kind

NOT_A_CHOICE = _("“%(v)s”不是可选的值，请从下拉列表中选择：%(choices)s。")
NOT_A_WHOLE_NUMBER = _("请填写不小于0的整数。")
TOO_BIG = _("数值过大，请核对。")
NOT_NEGATIVE = _("不能是负数。")
ONE_DECIMAL = _("最多一位小数。")
TOO_LONG = _("内容超过%(n)d个字，请精简。")


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _memo(fn):
    """One cleaning function, memoised per distinct raw cell (its CellError remembered too)."""
    return Memo(fn, errors=(CellError,), limit=100_000)


def _integer(limit: int):
    def clean(raw):
        value = cells.decimal(raw)
        if value is None:
            return None
        if value != value.to_integral_value() or value < 0:
            raise CellError(NOT_A_WHOLE_NUMBER, "int_invalid")
        if value > limit:
            raise CellError(TOO_BIG, "too_big")
        return int(value)
    return clean


def _money(raw):
    value = cells.decimal(raw)
    if value is not None and abs(value) >= Decimal(10) ** 12:
        raise CellError(TOO_BIG, "too_big")
    return value  # sign and places: check_entry, with entry_save's message


def _hours(raw):
    value = cells.decimal(raw)
    if value is None:
        return None
    if value < 0:
        raise CellError(NOT_NEGATIVE, "negative")
    if value != value.quantize(Decimal("0.1")):
        raise CellError(ONE_DECIMAL, "decimals")
    if value >= Decimal(10) ** 5:
        raise CellError(TOO_BIG, "too_big")
    return value.quantize(Decimal("0.1"))


def _choice(col):
    index: dict[str, str] = {}
    for value, label in col.choices.choices:
        index[_fold(str(label))] = value
        index.setdefault(_fold(value), value)
    for value, label in col.choices.choices:
        index.setdefault(_fold(str(label)).removesuffix("慰问"), value)  # 结婚 for 结婚慰问
    for alias, value in CHOICE_ALIASES.get(col.choices, {}).items():
        index.setdefault(_fold(alias), str(value))
    labels = "、".join(str(label) for _v, label in col.choices.choices)

    def clean(raw):
        text = cells.text(raw)
        if not text:
            return ""
        try:
            return index[_fold(text)]
        except KeyError:
            raise CellError(NOT_A_CHOICE % {"v": text, "choices": labels}, "choice") from None
    return clean


def _text(limit: int | None):
    def clean(raw):
        value = cells.text(raw)
        if limit and len(value) > limit:
            raise CellError(TOO_LONG % {"n": limit}, "too_long")
        return value
    return clean


def _int_limit(kind: Kind, name: str) -> int:
    internal = kind.model._meta.get_field(name).get_internal_type()
    return 32767 if "Small" in internal else 2_147_483_647


@dataclass(slots=True)
class Row:
    number: int
    cells: list[Any]
    values: dict[str, Any]  # model field -> typed value, for the columns the file has
    people: tuple[int, ...] | None  # 参加人员/提出人 pks, None when the file has no such column
    raw: dict[str, Any]  # layout key -> raw cell (for messages)
    key: tuple = ()
    org_id: int = 0


class RowCleaner:
    """Cleans one data row: a Row of model values, or the problems of its cells."""

    def __init__(self, layout: Layout, headers: dict[str, str], orgs: OrgIndex, people: PeopleIndex,
                 union_orgs: OrgIndex):
        self.layout = layout
        self.kind = kind = layout.kind
        self.headers = headers
        self.orgs, self.people, self.union_orgs = orgs, people, union_orgs
        self.empty = {f: empty_value(kind, f) for col in layout.columns for f in model_fields(col)}
        self.steps = []
        steps = {
            "date": lambda col: _memo(cells.date),
            "choice": lambda col: _memo(_choice(col)),
            "int": lambda col: _memo(_integer(_int_limit(kind, col.field))),
            "money": lambda col: _memo(_money),
            "hours": lambda col: _memo(_hours),
            "org": lambda col: self._org,
            "person": lambda col: self._person,
            "recipient": lambda col: self._recipient,
            "persons": lambda col: self._persons,
            "text": lambda col: _memo(_text(kind.model._meta.get_field(col.field).max_length)),
        }
        for col in layout.columns:
            if col.field in headers:
                self.steps.append((col, steps[col.type.cleaning](col)))

    def _org(self, raw):
        text = cells.text(raw)
        return self.orgs.root.pk if not text else self.orgs.resolve(text)

    def _people_error(self, unknown: list[str], ambiguous: list[str]) -> CellError:
        parts = []
        if unknown:
            parts.append(PEOPLE_UNKNOWN % {"names": "、".join(unknown)})
        if ambiguous:
            parts.append(PEOPLE_AMBIGUOUS % {"names": "、".join(ambiguous)})
        return CellError("".join(parts), "people")

    def _person(self, raw):
        text = cells.text(raw)
        if not text:
            return None
        found = self.people.find(text)
        if len(found) == 1:
            return found[0]
        raise self._people_error([] if found else [text], [text] if found else [])

    def _persons(self, raw):
        unknown, ambiguous, pks = [], [], []
        for token in split_people(raw):
            found = self.people.find(token)
            if len(found) == 1:
                pks.append(found[0])
            elif found:
                ambiguous.append(token)
            else:
                unknown.append(token)
        if unknown or ambiguous:
            raise self._people_error(unknown, ambiguous)
        return tuple(dict.fromkeys(pks))

    def _recipient(self, raw):
        text = cells.text(raw)
        if not text:
            return (None, None)
        people = self.people.find(text)
        orgs = self.union_orgs.find(text)
        if people and orgs:
            raise CellError(RECIPIENT_AMBIGUOUS % {"v": text}, "recipient_ambiguous")
        if len(orgs) == 1:
            return (None, orgs[0])
        if len(people) == 1:
            return (people[0], None)
        if orgs:
            return (None, self.union_orgs.resolve(text))  # raises the "several orgs" message
        raise self._people_error([] if people else [text], [text] if people else [])

    def clean(self, number: int, raw_cells: list[Any], raw: dict[str, Any]) -> tuple[Row | None, list[Problem]]:
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        people = None
        for col, fn in self.steps:
            cell = raw.get(col.field)
            try:
                value = fn(cell) if not (cell is None or cell == "") or col.type == ORG else None
            except CellError as exc:
                problems.append(Problem(self.headers[col.field], cell, exc.message))
                continue
            t = col.type
            if t == PERSONS:
                people = value or ()
            elif t == PERSON_OR_ORG:
                values["recipient_person"], values["recipient_org"] = value or (None, None)
            elif t == ORG:
                values["org"] = value
            else:
                values[col.field] = self.empty[col.field] if value is None or value == "" else value
        if problems:
            return None, problems
        return Row(number=number, cells=raw_cells, values=values, people=people, raw=raw), []

