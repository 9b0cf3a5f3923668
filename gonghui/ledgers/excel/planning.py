"""Ledger import, step 3: cleaned rows matched to stored entries and to earlier rows, checked, and planned.

Stored entries are loaded once; each row is matched by its natural key within the same org (案号 within the
union) and ends created / updated / unchanged / refused (with the reason), or merged into an identical
earlier row. The rules are ledgers.services.check_entry, the same function entry_save applies. A column the
file does not have keeps what is stored; a blank cell in a column it has clears the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.scope_guard import unscoped
from gonghui.core.tabular import ImportResult, Problem, RowStatus
from gonghui.ledgers.excel.cleaning import Row
from gonghui.ledgers.excel.fields import CHUNK, empty_value, key_fields, m2m_field, model_fields, through_of
from gonghui.ledgers.excel.lookup import OrgIndex, PeopleIndex
from gonghui.ledgers.excel.spec import Layout
from gonghui.ledgers.rules import check_entry, stored_rules
from gonghui.orgs.models import Org
from gonghui.orgs.tree import subtree_q

DUPLICATE_DIFFERENT = _("与第%(first)d行是同一条记录（%(key)s相同），但内容不同。请把两行合并为一行。")
DUPLICATE_SAME = _("第%(row)d行与第%(first)d行完全相同，已合并为一条。")
STORED_TWICE = _("系统中已有%(n)d条%(key)s相同的记录，无法确定要更新哪一条，请在系统中先合并它们。")


@dataclass
class Plan:
    """What the write will do: the entries to create and the entries to update."""

    creates: list[tuple[Row, dict[str, Any], tuple[int, ...]]] = field(default_factory=list)
    updates: list[tuple[Row, int, dict[str, Any], dict[str, Any], tuple | None, tuple | None]] = field(
        default_factory=list)  # (row, pk, stored, merged, people before, people after or None)


class Planner:
    """Matches and checks the cleaned rows (run), counting each in `result`, and fills `plan`."""

    def __init__(self, *, layout: Layout, org: Org, union: Org, orgs: OrgIndex, people: PeopleIndex,
                 union_orgs: OrgIndex, headers: dict[str, str], result: ImportResult):
        self.layout = layout
        self.union_orgs = union_orgs
        self.kind = kind = layout.kind
        self.org, self.union, self.orgs, self.people = org, union, orgs, people
        self.headers = headers
        self.result = result
        self.fields = self.all_fields(layout)
        self.empty = {f: empty_value(kind, f) for f in self.fields}
        self.key = key_fields(kind)
        self.key_groups = [model_fields(kind.column(name)) for name in kind.natural_key]
        self.m2m = m2m_field(kind)
        self.plan = Plan()

    @staticmethod
    def all_fields(layout: Layout) -> tuple[str, ...]:
        out: list[str] = []
        for col in layout.columns:
            out.extend(model_fields(col))
        if layout.kind.derives_person_times and "person_times" not in out:
            out.append("person_times")
        return tuple(dict.fromkeys(out))

    def header(self, name: str) -> str:
        if name in ("recipient_person", "recipient_org"):
            name = "recipient"
        if name in self.headers:
            return self.headers[name]
        try:
            return self.layout.column(name).header
        except StopIteration:
            return name

    def _raw(self, row: Row, name: str):
        if name in ("recipient_person", "recipient_org"):
            name = "recipient"
        return row.raw.get(name)

    def _refuse(self, row: Row, name: str, message: str) -> None:
        self.result.refuse(row.number, [Problem(self.header(name), self._raw(row, name), message)], row.cells)

    def key_text(self) -> str:
        return "+".join(self.layout.column(name).header for name in self.kind.natural_key)

    def run(self, rows: list[Row]) -> None:
        kind, result = self.kind, self.result
        # 1. Stored entries that could match: same org subtree (the union's for 案号), within the file's dates.
        scope = self.union if kind.unique_in_union else self.org
        qs = kind.model.objects.filter(subtree_q(scope.path, "org__"))
        if "date" in self.key:
            dates = [r.values["date"] for r in rows if r.values.get("date")]
            if not dates:
                qs = qs.none()
            else:
                qs = qs.filter(date__gte=min(dates), date__lte=max(dates))
        stored: dict[int, dict[str, Any]] = {}
        by_key: dict[tuple, list[int]] = {}
        with unscoped("the entries stored under the org, to match re-imported rows; the importer's rights decide "
                      "which of them it may change"):
            stored_rows = list(qs.order_by().values("pk", *self.fields).iterator(chunk_size=5000))
        for values in stored_rows:
            pk = values.pop("pk")
            stored[pk] = values
            by_key.setdefault(self._stored_key(values), []).append(pk)
        org_in_key = not kind.unique_in_union

        # 2. Match rows to stored entries, and rows to earlier rows of the file.
        first_of: dict[tuple, Row] = {}
        matched: list[tuple[Row, int | None]] = []
        holders: dict[int, list[int]] = {}  # row number -> org ids of other entries of the union with its 案号
        for row in rows:
            values = row.values
            if "org" not in values:
                values["org"] = self.org.pk
            row.org_id = values["org"]
            row.key = ((row.org_id,) if org_in_key else ()) + tuple(values.get(f) for f in self.key)
            if any(all(values.get(f) in (None, "") for f in group) for group in self.key_groups):
                matched.append((row, None))  # a key column left empty: check_entry says it must be filled
                continue
            first = first_of.get(row.key)
            if first is not None:
                if (first.values, first.people) == (values, row.people):
                    result.add(RowStatus.MERGED)
                    result.notes.append(DUPLICATE_SAME % {"row": row.number, "first": first.number})
                else:
                    self._refuse(row, kind.natural_key[0], DUPLICATE_DIFFERENT % {
                        "first": first.number, "key": self.key_text()})
                continue
            first_of[row.key] = row
            pks = by_key.get(row.key, [])
            if len(pks) > 1:
                self._refuse(row, kind.natural_key[0], STORED_TWICE % {"n": len(pks), "key": self.key_text()})
                continue
            pk = pks[0] if pks else None
            if pk is not None and kind.unique_in_union and stored[pk]["org"] != row.org_id:
                holders[row.number] = [stored[pk]["org"]]  # held elsewhere in the union: never updated from here
                pk = None
            matched.append((row, pk))

        # 3. The people listed on the matched entries, in one query per chunk.
        before_people: dict[int, tuple[int, ...]] = {}
        if self.m2m:
            through, src, tgt = through_of(kind)
            pks = [pk for _row, pk in matched if pk is not None]
            lists: dict[int, list[int]] = {pk: [] for pk in pks}
            for start in range(0, len(pks), CHUNK):
                for entry_id, person_id in through.objects.filter(
                        **{f"{src}__in": pks[start:start + CHUNK]}).values_list(src, tgt):
                    lists[entry_id].append(person_id)
            before_people = {pk: tuple(sorted(v)) for pk, v in lists.items()}

        # 4. Rules, then created / updated / unchanged.
        for row, pk in matched:
            if pk is None:
                merged = {**self.empty, **row.values}
                people = row.people or ()
            else:
                merged = {**stored[pk], **row.values}
                people = row.people if row.people is not None else before_people.get(pk, ())
            errors = stored_rules(kind, merged, people, case_holders=holders.get(row.number, ()),
                                  org_name=self._org_name)
            if errors:  # as before the other rules: a 案号 held elsewhere is the one thing to say
                self._refuse(row, "case_no", errors["case_no"][0])
                continue
            errors = check_entry(kind, self._rule_values(merged), list(people))
            if errors:
                problems = [Problem(self.header(name), self._raw(row, name), msg)
                            for name, msgs in errors.items() for msg in msgs]
                result.refuse(row.number, problems, row.cells)
                continue
            for name, value in merged.items():
                if isinstance(value, Decimal) and name in self.kind.money_fields:
                    merged[name] = value.quantize(Decimal("0.01"))
            if pk is None:
                self.plan.creates.append((row, merged, tuple(people)))
                result.add(RowStatus.CREATED)
                continue
            old_people = before_people.get(pk, ()) if self.m2m else ()
            new_people = tuple(sorted(people)) if (self.m2m and row.people is not None) else None
            changed = any(merged[f] != stored[pk][f] for f in self.fields)
            if changed or (new_people is not None and new_people != old_people):
                self.plan.updates.append((row, pk, stored[pk], merged, old_people, new_people))
                result.add(RowStatus.UPDATED)
            else:
                result.add(RowStatus.UNCHANGED)

    def _org_name(self, org_id: int) -> str:
        return self.orgs.name(org_id) if org_id in self.orgs.by_id else ""

    def _stored_key(self, values: dict[str, Any]) -> tuple:
        own = (values["org"],) if not self.kind.unique_in_union else ()
        return own + tuple(values.get(f) for f in self.key)

    def _rule_values(self, merged: dict[str, Any]) -> dict[str, Any]:
        out = dict(merged)
        out.pop("org", None)
        return out

