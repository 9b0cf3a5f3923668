"""Ledger (台账) import: one kind's Excel sheet in, every row accounted for. The roster's engine, not a second one.

Parse -> check every row -> write once, as the roster import does (people/roster/importer.py):
1. core.tabular opens the file, finds the header (with or without * marks) and classifies rows; the
   kind's columns come from ledgers.kinds through excel.spec.
2. Each data row is cleaned per column type (dates as the roster accepts them, numbers, choices by Chinese
   label or code, 所属组织 inside the org worked in, people of the union's roster), memoised per cell value.
3. Stored entries are loaded once; each row is matched by its natural key within the same org and ends
   created / updated / unchanged / refused (with the reason), or merged into an identical earlier row. The
   rules are ledgers.services.check_entry, the same function entry_save applies.
4. One transaction writes everything set-based (core.tabular.bulk): entries, participant links, one audit
   row per created or updated entry shaped like entry_save's, and one 'import' audit row. A failure
   anywhere rolls all of it back; dry_run stops before step 4 with the same counts.
A column the file does not have keeps what is stored; a blank cell in a column it has clears the value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.models import AuditEvent
from gonghui.core.tabular import (
    FileUnreadable,
    ImportResult,
    Problem,
    RowStatus,
    TableReader,
    cells,
    open_table,
)
from gonghui.core.tabular.bulk import insert_many, update_many
from gonghui.core.tabular.errors import CellError, ImportFailed
from gonghui.core.tabular.memo import Memo
from gonghui.ledgers import models as m
from gonghui.ledgers.excel.lookup import (
    PEOPLE_AMBIGUOUS,
    PEOPLE_UNKNOWN,
    RECIPIENT_AMBIGUOUS,
    OrgIndex,
    PeopleIndex,
    split_people,
)
from gonghui.ledgers.excel.spec import Layout, layout_of
from gonghui.ledgers.kinds import (
    CHOICE,
    DATE,
    DECIMAL,
    INT,
    MONEY,
    ORG,
    PERSON,
    PERSON_OR_ORG,
    PERSONS,
    Kind,
    get_kind,
)
from gonghui.ledgers.services import _audited, can_write_ledgers, check_entry, union_of
from gonghui.orgs.models import Org

ProgressFn = Callable[[int, int], None]
PROGRESS_EVERY = 1000
CHUNK = 900

NOT_A_CHOICE = _("“%(v)s”不是可选的值，请从下拉列表中选择：%(choices)s。")
NOT_A_WHOLE_NUMBER = _("请填写不小于0的整数。")
TOO_BIG = _("数值过大，请核对。")
NOT_NEGATIVE = _("不能是负数。")
ONE_DECIMAL = _("最多一位小数。")
TOO_LONG = _("内容超过%(n)d个字，请精简。")
DUPLICATE_DIFFERENT = _("与第%(first)d行是同一条记录（%(key)s相同），但内容不同。请把两行合并为一行。")
DUPLICATE_SAME = _("第%(row)d行与第%(first)d行完全相同，已合并为一条。")
STORED_TWICE = _("系统中已有%(n)d条%(key)s相同的记录，无法确定要更新哪一条，请在系统中先合并它们。")
CASE_TAKEN = _("案号“%(n)s”在本工会已存在。")
CASE_ELSEWHERE = _("案号“%(n)s”在本工会已登记在“%(org)s”，与本行的所属组织不同。")
CONCURRENT = _("导入期间有人同时修改了这些台账，本次导入已全部撤销，请重新导入。")
ORG_DISSOLVED = _("“%(org)s”已撤销，不能再导入台账。")


class LedgerImportError(ImportFailed):
    """The ledger import as a whole could not run (after the file was read); nothing was written."""


# --- what each column becomes --------------------------------------------------------------------------

def model_fields(col) -> tuple[str, ...]:
    """The model fields a column fills (获奖对象 fills two; 参加人员 none: it is a many-to-many)."""
    if col.type == PERSON_OR_ORG:
        return ("recipient_person", "recipient_org")
    if col.type == PERSONS:
        return ()
    return (col.field,)


def key_fields(kind: Kind) -> tuple[str, ...]:
    out: list[str] = []
    for name in kind.natural_key:
        out.extend(model_fields(kind.column(name)))
    return tuple(out)


def m2m_field(kind: Kind) -> str | None:
    return next((c.field for c in kind.columns if c.type == PERSONS), None)


def _is_text(kind: Kind, name: str) -> bool:
    return kind.model._meta.get_field(name).get_internal_type() in ("CharField", "TextField")


def _empty(kind: Kind, name: str) -> Any:
    if kind.code == "aid" and name == "person_times":
        return 1
    return "" if _is_text(kind, name) else None


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


class _Cleaner:
    def __init__(self, layout: Layout, headers: dict[str, str], orgs: OrgIndex, people: PeopleIndex,
                 union_orgs: OrgIndex):
        self.layout = layout
        self.kind = kind = layout.kind
        self.headers = headers
        self.orgs, self.people, self.union_orgs = orgs, people, union_orgs
        self.empty = {f: _empty(kind, f) for col in layout.columns for f in model_fields(col)}
        self.steps = []
        for col in layout.columns:
            if col.field not in headers:
                continue
            t = col.type
            if t == DATE:
                fn = _memo(cells.date)
            elif t == CHOICE:
                fn = _memo(_choice(col))
            elif t == INT:
                fn = _memo(_integer(_int_limit(kind, col.field)))
            elif t == MONEY:
                fn = _memo(_money)
            elif t == DECIMAL:
                fn = _memo(_hours)
            elif t == ORG:
                fn = self._org
            elif t == PERSON:
                fn = self._person
            elif t == PERSON_OR_ORG:
                fn = self._recipient
            elif t == PERSONS:
                fn = self._persons
            else:
                max_length = kind.model._meta.get_field(col.field).max_length
                fn = _memo(_text(max_length))
            self.steps.append((col, fn))

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


# --- the plan ------------------------------------------------------------------------------------------

@dataclass
class _Plan:
    creates: list[tuple[Row, dict[str, Any], tuple[int, ...]]] = field(default_factory=list)
    updates: list[tuple[Row, int, dict[str, Any], dict[str, Any], tuple | None, tuple | None]] = field(
        default_factory=list)  # (row, pk, stored, merged, people before, people after or None)


class _Planner:
    def __init__(self, *, layout: Layout, org: Org, union: Org, orgs: OrgIndex, people: PeopleIndex,
                 union_orgs: OrgIndex, headers: dict[str, str], result: ImportResult):
        self.layout = layout
        self.union_orgs = union_orgs
        self.kind = kind = layout.kind
        self.org, self.union, self.orgs, self.people = org, union, orgs, people
        self.headers = headers
        self.result = result
        self.fields = self.all_fields(layout)
        self.empty = {f: _empty(kind, f) for f in self.fields}
        self.key = key_fields(kind)
        self.key_groups = [model_fields(kind.column(name)) for name in kind.natural_key]
        self.m2m = m2m_field(kind)
        self.plan = _Plan()

    @staticmethod
    def all_fields(layout: Layout) -> tuple[str, ...]:
        out: list[str] = []
        for col in layout.columns:
            out.extend(model_fields(col))
        if issubclass(layout.kind.model, m.WithParticipants) and "person_times" not in out:
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
        scope = self.union if kind.code == "mediation" else self.org
        qs = kind.model.objects.filter(org__path__startswith=scope.path)
        if "date" in self.key:
            dates = [r.values["date"] for r in rows if r.values.get("date")]
            if not dates:
                qs = qs.none()
            else:
                qs = qs.filter(date__gte=min(dates), date__lte=max(dates))
        stored: dict[int, dict[str, Any]] = {}
        by_key: dict[tuple, list[int]] = {}
        for values in qs.order_by().values("pk", *self.fields).iterator(chunk_size=5000):
            pk = values.pop("pk")
            stored[pk] = values
            by_key.setdefault(self._stored_key(values), []).append(pk)
        org_in_key = kind.code != "mediation"

        # 2. Match rows to stored entries, and rows to earlier rows of the file.
        first_of: dict[tuple, Row] = {}
        matched: list[tuple[Row, int | None]] = []
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
            if pk is not None and kind.code == "mediation" and stored[pk]["org"] != row.org_id:
                where = self.orgs.name(stored[pk]["org"]) if stored[pk]["org"] in self.orgs.by_id else ""
                message = CASE_ELSEWHERE % {"n": values["case_no"], "org": where} if where else (
                    CASE_TAKEN % {"n": values["case_no"]})
                self._refuse(row, "case_no", message)
                continue
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
        with_participants = issubclass(kind.model, m.WithParticipants)
        for row, pk in matched:
            if pk is None:
                merged = {**self.empty, **row.values}
                people = row.people or ()
            else:
                merged = {**stored[pk], **row.values}
                people = row.people if row.people is not None else before_people.get(pk, ())
            if with_participants:
                merged["person_times"] = max(merged.get("participant_count") or 0, len(people))
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

    def _stored_key(self, values: dict[str, Any]) -> tuple:
        own = (values["org"],) if self.kind.code != "mediation" else ()
        return own + tuple(values.get(f) for f in self.key)

    def _rule_values(self, merged: dict[str, Any]) -> dict[str, Any]:
        out = dict(merged)
        out.pop("org", None)
        return out


def through_of(kind: Kind):
    name = m2m_field(kind)
    f = kind.model._meta.get_field(name)
    return f.remote_field.through, f.m2m_field_name(), f.m2m_reverse_field_name()


# --- the write -----------------------------------------------------------------------------------------

def _write(*, actor, kind: Kind, org: Org, planner: _Planner, result: ImportResult) -> None:
    plan = planner.plan
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    actor_name = getattr(actor, "username", "") or ""
    source = audit.current_source.get()
    fields = planner.fields
    m2m = planner.m2m
    orgs, people = planner.orgs, planner.people
    union_orgs = planner.union_orgs if kind.code == "honour" else None
    audited = _audited(kind)
    fk_names = _fk_names(kind, people, union_orgs)

    def plain(name: str, value: Any) -> Any:
        if value is None:
            return None
        if name in fk_names:
            return fk_names[name](value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    def snapshot(values: dict[str, Any]) -> dict[str, Any]:
        return {name: plain(name, values.get(name)) for name in audited}

    with transaction.atomic():
        # 1. New entries; their ids read back by key (rows above the largest id before).
        insert_fields = (*fields, "created_by", "created_at", "updated_at")  # fields include 备注 (notes)
        floor_pk = kind.model.objects.aggregate(m=Max("pk"))["m"] or 0

        def entry_rows():
            for _row, merged, _people in plan.creates:
                yield (*(merged.get(f) for f in insert_fields[:-3]), actor_id, now, now)

        insert_many(kind.model, insert_fields, entry_rows())
        new_pk: dict[tuple, int] = {}
        if plan.creates:
            key = planner.key
            org_in_key = kind.code != "mediation"
            for pk, org_id, *values in (kind.model.objects.filter(pk__gt=floor_pk, created_at=now).order_by()
                                        .values_list("pk", "org", *key).iterator(chunk_size=5000)):
                new_pk[((org_id,) if org_in_key else ()) + tuple(values)] = pk

        # 2. Changed entries: one UPDATE statement shape per set of changed fields.
        groups: dict[tuple[str, ...], list[tuple]] = {}
        for _row, pk, stored, merged, _old, _new in plan.updates:
            changed = tuple(f for f in fields if merged[f] != stored[f])
            groups.setdefault((*changed, "updated_at"), []).append((*(merged[f] for f in changed), now, pk))
        for names, rows in groups.items():
            update_many(kind.model, names, rows)

        # 3. Participants: links of new entries, and a fresh set for entries whose list changed.
        if m2m:
            through, src, tgt = through_of(kind)
            replaced = [pk for _row, pk, _s, _m, old, new in plan.updates if new is not None and new != old]
            for start in range(0, len(replaced), CHUNK):
                through.objects.filter(**{f"{src}__in": replaced[start:start + CHUNK]})._raw_delete(
                    through.objects.db)

            def links():
                for row, _merged, persons in plan.creates:
                    entry_id = new_pk[row.key]
                    for person_id in persons:
                        yield (entry_id, person_id)
                for _row, pk, _s, _m, old, new in plan.updates:
                    if new is not None and new != old:
                        for person_id in new:
                            yield (pk, person_id)

            insert_many(through, (src, tgt), links())

        # 4. The audit trail, as entry_save writes it, plus one row for the import.
        audit_fields = ("at", "actor", "actor_name", "source", "action", "object_type", "object_id",
                        "object_repr", "org_path", "changes")

        def audit_rows():
            for row, merged, persons in plan.creates:
                changes = audit.diff({}, snapshot(merged))
                if m2m and persons:
                    changes[m2m] = [0, len(persons)]
                yield (now, actor_id, actor_name, source, AuditEvent.Action.CREATE, kind.code,
                       str(new_pk[row.key]), f"{kind.label} {merged['date']}"[:200], orgs.path(merged["org"]),
                       changes)
            for _row, pk, stored, merged, old, new in plan.updates:
                changes = audit.diff(snapshot(stored), snapshot(merged))
                if new is not None and new != old:
                    changes[m2m] = [len(old), len(new)]
                yield (now, actor_id, actor_name, source, AuditEvent.Action.UPDATE, kind.code, str(pk),
                       f"{kind.label} {merged['date']}"[:200], orgs.path(merged["org"]), changes)

        insert_many(AuditEvent, audit_fields, audit_rows())
        c = result.counts
        audit.record(actor=actor, action=AuditEvent.Action.IMPORT, object_type="ledger_import",
                     object_id=str(org.pk), object_repr=f"{org.name} {kind.label}台账导入 {result.filename}"[:200],
                     org_path=org.path,
                     changes={"kind": kind.code, "file": result.filename, "created": c["created"],
                              "updated": c["updated"], "unchanged": c["unchanged"], "refused": c["refused"]})


def _fk_names(kind: Kind, people: PeopleIndex, union_orgs: OrgIndex | None) -> dict[str, Callable[[int], str]]:
    """Audit rows name people and orgs as entry_save's snapshot does (str(): the name)."""
    from gonghui.people.models import Person

    def person(pk: int) -> str:
        if pk in people.info:
            return people.name(pk)
        return Person.objects.filter(pk=pk).values_list("name", flat=True).first() or str(pk)

    def org(pk: int) -> str:
        if union_orgs is not None and pk in union_orgs.by_id:
            return union_orgs.name(pk)
        return Org.objects.filter(pk=pk).values_list("name", flat=True).first() or str(pk)

    out: dict[str, Callable[[int], str]] = {}
    for col in kind.columns:
        if col.type == PERSON:
            out[col.field] = person
    if kind.code == "honour":
        out["recipient_person"], out["recipient_org"] = person, org
    return out


# --- the entry point -----------------------------------------------------------------------------------

def _open(source: Any, *, filename: str | None, sheet: str | int | None, kind: Kind):
    """The sheet named after the kind (an export holds one per kind), else the first visible one."""
    table = open_table(source, name=filename, sheet=sheet)
    if sheet is None and table.sheet != kind.label and kind.label in table.sheet_names:
        table.close()
        table = open_table(source, name=filename, sheet=kind.label)
    return table


def ledger_import(
    *,
    actor,
    kind: Kind | str,
    org: Org,
    source: Any,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    filename: str | None = None,
    sheet: str | int | None = None,
) -> ImportResult:
    """Import one kind's ledger file into `org` (entries land in `org` or the org named in 所属组织).

    `source` is a path, bytes or a binary file object. Raises FileUnreadable (the file cannot be read:
    nothing happened), PermissionDenied (the actor may not write ledgers in `org`), or LedgerImportError.
    `actor=None` is the system itself (the CLI without --as-user)."""
    kind = get_kind(kind) if isinstance(kind, str) else kind
    if not can_write_ledgers(actor, org):
        raise PermissionDenied
    if not org.is_active:
        raise LedgerImportError(ORG_DISSOLVED % {"org": org.name}, "org_dissolved")
    progress = progress or (lambda done, total: None)
    layout = layout_of(kind)
    union = union_of(org)
    with _open(source, filename=filename, sheet=sheet, kind=kind) as table:
        reader = TableReader(table, layout.spec)
        result = ImportResult(filename=table.name, kind=table.kind, sheet=table.sheet, dry_run=dry_run,
                              header_rows=reader.header_rows, columns=reader.columns,
                              header_cells=reader.header_cells)
        result.extra["ledger"] = kind.code
        total = max(0, (table.last_row or 0) - reader.header_rows[-1])
        headers = {c.key: c.header for c in reader.columns if c.key}
        orgs = OrgIndex(org)
        people = PeopleIndex(union)
        union_orgs = OrgIndex(union) if kind.code == "honour" else orgs
        cleaner = _Cleaner(layout, headers, orgs, people, union_orgs)
        rows: list[Row] = []
        seen = 0
        for row in reader.rows():
            seen += 1
            if seen % PROGRESS_EVERY == 0:
                progress(seen, max(total, seen))
            if row.kind == "footer":
                result.add(RowStatus.FOOTER)
                continue
            cleaned, problems = cleaner.clean(row.number, row.cells, row.values)
            if problems:
                result.refuse(row.number, problems, row.cells)
                continue
            rows.append(cleaned)
        result.add(RowStatus.BLANK, reader.blank)
        result.notes.extend(reader.warnings)
    planner = _Planner(layout=layout, org=org, union=union, orgs=orgs, people=people, union_orgs=union_orgs,
                       headers=headers, result=result)
    planner.run(rows)
    result.refusals.sort(key=lambda r: r.row)
    progress(seen, seen)
    if dry_run or not (planner.plan.creates or planner.plan.updates):
        return result
    if hasattr(progress, "phase"):
        progress.phase(_("正在写入数据库…"))
    try:
        _write(actor=actor, kind=kind, org=org, planner=planner, result=result)
    except IntegrityError:
        raise LedgerImportError(CONCURRENT, "concurrent") from None
    return result


def ledger_summary(result: ImportResult) -> str:
    """The one-line outcome, in 条 (entries) rather than the roster's 人."""
    c = result.counts
    head = _("（试导入，未写入）") if result.dry_run else ""
    return head + _("新增 %(created)d 条，更新 %(updated)d 条，无变化 %(unchanged)d 条，未导入 %(refused)d 行，"
                    "重复合并 %(merged)d 行，空行 %(blank)d 行，表尾/说明 %(footer)d 行") % c


__all__ = ["FileUnreadable", "LedgerImportError", "ledger_import", "ledger_summary"]
