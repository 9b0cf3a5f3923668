"""Ledger export (a period as one workbook laid out like the paper ledgers) and the empty template of a kind.

Both write the headers the importer reads back, and name orgs and people the way the importer resolves them
(excel.lookup), so export -> import of the same org changes nothing. User text never becomes a formula
(core.tabular.writer); money is a number with two decimals, dates are Excel dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gonghui.accounts.roles import READ_ROLES
from gonghui.accounts.scoping import scope_of
from gonghui.core import audit
from gonghui.core.models import AuditEvent
from gonghui.core.periods import parse_period
from gonghui.core.tabular.writer import SafeXlsxWriter
from gonghui.ledgers.excel.lookup import OrgIndex, PeopleIndex
from gonghui.ledgers.excel.spec import Layout, choice_labels, layout_of
from gonghui.ledgers.kinds import CHOICE, DATE, KINDS, ORG, PERSON, PERSON_OR_ORG, PERSONS, Kind, get_kind
from gonghui.ledgers.selectors import entry_list, entry_related
from gonghui.orgs.models import Org
from gonghui.orgs.tree import union_of
from gonghui.people.models import Person

A4 = 9
OPTIONS_SHEET = "可选值"
TEMPLATE_ROWS = 5000


def period_label(start: dt.date, end: dt.date) -> str:
    """"2026年上半年" when the dates are exactly a year, half, quarter or month; else "2026-01-01至2026-03-15"."""
    y = start.year
    for code in (f"{y}", f"{y}H1", f"{y}H2", *(f"{y}Q{q}" for q in range(1, 5)), f"{y}-{start.month:02d}"):
        period = parse_period(code)
        if (period.start, period.end) == (start, end):
            return period.label
    return parse_period(start=start, end=end).label


def _print_ready(sheet, header_row: int) -> None:
    """A4 landscape, the header row repeated on every page, all columns on one page's width."""
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.repeat_rows(header_row)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.hide_gridlines(0)  # print the grid, as on a paper ledger
    sheet.set_footer("&C第 &P 页，共 &N 页")


class _Labels:
    """Cell text of the org and person columns of one export (the importer's indexes, read backwards)."""

    def __init__(self, org: Org):
        self.orgs = OrgIndex(org)
        union = union_of(org)
        self.people = PeopleIndex(union)
        self.union_orgs = OrgIndex(union) if union.pk != org.pk else self.orgs
        self._outsiders: dict[int, str] = {}

    def org(self, pk: int) -> str:
        if pk in self.orgs.by_id:
            return self.orgs.label(pk)
        return Org.objects.filter(pk=pk).values_list("code", flat=True).first() or ""

    def person(self, pk: int | None) -> str:
        if pk is None:
            return ""
        if pk in self.people.info:
            return self.people.label(pk)
        if pk not in self._outsiders:  # outside the union's roster (moved away): the name as it was
            self._outsiders[pk] = Person.objects.filter(pk=pk).values_list("name", flat=True).first() or ""
        return self._outsiders[pk]

    def collective(self, pk: int) -> str:
        if pk in self.union_orgs.by_id:
            name = self.union_orgs.name(pk)
            if self.union_orgs.find(name) == [pk] and not self.people.find(name):
                return name
            return self.union_orgs.by_id[pk][1]
        return self.org(pk)


def _participants(kind: Kind, pks: list[int]) -> dict[int, list[int]]:
    from gonghui.ledgers.excel.fields import through_of

    through, src, tgt = through_of(kind)
    out: dict[int, list[int]] = {pk: [] for pk in pks}
    for start in range(0, len(pks), 900):
        rows = through.objects.filter(**{f"{src}__in": pks[start:start + 900]}).order_by("pk").values_list(src, tgt)
        for entry_id, person_id in rows:
            out[entry_id].append(person_id)
    return out


class _Context:
    """What the column types read to export one sheet: the labels, the participants, the choice texts."""

    def __init__(self, layout: Layout, entries: list, labels: _Labels):
        kind = layout.kind
        self.labels = labels
        self.people = _participants(kind, [e.pk for e in entries]) if kind.persons_field else {}
        self.choice_text = {c.field: {v: str(lbl) for v, lbl in c.choices.choices}
                            for c in layout.columns if c.type == CHOICE}


def _cells(layout: Layout, entries: list, labels: _Labels) -> Iterable[list[Any]]:
    ctx = _Context(layout, entries, labels)
    for n, entry in enumerate(entries, start=1):
        yield [n, *(col.type.export(col, entry, ctx) for col in layout.columns)]


def _text_columns(layout: Layout) -> frozenset[int]:
    # +1: 序号 is column 0.
    return frozenset(i + 1 for i, c in enumerate(layout.columns) if c.type.sheet_kind == "text")


def ledger_export(*, actor, org: Org, start: dt.date, end: dt.date, target: Any,
                  kinds: Iterable[Kind | str] | None = None, label: str = "",
                  progress: Callable[[int, int], None] | None = None) -> int:
    """Write the entries of `org`'s subtree dated start..end (both inclusive) to `target` (a path or a binary
    file object): one sheet per kind (all 16 unless `kinds`), a title row "〈org〉〈kind〉台账（〈period〉）",
    the headers, one row per entry oldest first; A4 landscape, header row repeated, fit to width.
    `label` names the period in the titles (default: "2026年上半年" or the two dates). Returns the number of
    entries written. Raises PermissionDenied when the actor may not read `org`."""
    if not scope_of(actor).covers(org.path, READ_ROLES):
        raise PermissionDenied
    viewer = actor
    chosen = [get_kind(k) if isinstance(k, str) else k for k in (kinds or KINDS.values())]
    label = label or period_label(start, end)
    progress = progress or (lambda done, total: None)
    labels = _Labels(org)
    total = 0
    counts: dict[str, int] = {}
    with SafeXlsxWriter(target, sheet_name=chosen[0].label) as out:
        for index, kind in enumerate(chosen):
            layout = layout_of(kind)
            sheet = out.sheet if index == 0 else out.add_sheet(kind.label)
            text_columns = _text_columns(layout)
            out.set_columns([c.width for c in layout.spec.columns], text_columns)
            out.write_title(_("%(org)s%(kind)s台账（%(period)s）") % {"org": org.name, "kind": kind.label,
                                                                    "period": label}, len(layout.header))
            out.write_header(layout.header)
            _print_ready(sheet, out.row - 1)
            qs = entry_related(entry_list(viewer=viewer, kind=kind, org=org, start=start, end=end), kind)
            entries = list(qs.order_by("date", "id"))
            for row in _cells(layout, entries, labels):
                out.write_row(row, text_columns=text_columns)
            counts[kind.code] = len(entries)
            total += len(entries)
            progress(index + 1, len(chosen))
    audit.record(actor=actor, action=AuditEvent.Action.EXPORT, object_type="ledger_export", object_id=str(org.pk),
                 object_repr=f"{org.name} 台账导出 {label}"[:200], org_path=org.path,
                 changes={"start": start.isoformat(), "end": end.isoformat(), "entries": counts})
    return total


# --- the template --------------------------------------------------------------------------------------

def ledger_template(*, kind: Kind | str, target: Any) -> None:
    """An empty ledger of one kind: the headers (required ones marked *), one example row (序号 “示例”, which
    the importer skips), dropdowns on the coded columns whose values are listed on a second sheet, date checks,
    and a hint on the person columns."""
    kind = get_kind(kind) if isinstance(kind, str) else kind
    layout = layout_of(kind)
    header = layout.template_header
    text_columns = _text_columns(layout)
    with SafeXlsxWriter(target, sheet_name=kind.label, constant_memory=False) as out:
        out.set_columns([c.width for c in layout.spec.columns], text_columns)
        out.write_title(_("%(kind)s台账（请从第3行起填写，示例行可删除；带*的列必须填写；所属组织留空即导入到的组织）")
                        % {"kind": kind.label}, len(header))
        out.write_header(header)
        _print_ready(out.sheet, out.row - 1)
        first, last = out.row, out.row + TEMPLATE_ROWS  # from the example row down
        out.write_row(["示例", *(c.type.example(c, dt.date(2026, 3, 1)) for c in layout.columns)],
                      text_columns=text_columns)
        options = out.workbook.add_worksheet(OPTIONS_SHEET)
        slot = 0
        for index, col in enumerate(layout.columns, start=1):
            if col.type == CHOICE:
                values = choice_labels(col)
                options.write_string(0, slot, col.header)
                for i, value in enumerate(values, start=1):
                    options.write_string(i, slot, value)
                options.set_column(slot, slot, max(10, max(len(v) for v in values) * 2 + 2))
                letter = _letter(slot)
                out.sheet.data_validation(first, index, last, index, {
                    "validate": "list", "source": f"='{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
                    "error_type": "warning", "error_message": _("请从下拉列表中选择。")})
                slot += 1
            elif col.type == DATE:
                out.sheet.data_validation(first, index, last, index, {
                    "validate": "date", "criteria": ">", "value": dt.date(1900, 1, 1), "error_type": "warning",
                    "error_message": _("请填写日期，如 2026-03-01。")})
            elif col.type in (PERSON, PERSONS, PERSON_OR_ORG):
                hint = _("填写工号、身份证号码或姓名；重名时写成“姓名(工号)”。")
                if col.type == PERSONS:
                    hint += _("多人用、或，分隔。")
                if col.type == PERSON_OR_ORG:
                    hint += _("集体填写组织名称或代码。")
                out.sheet.data_validation(first, index, last, index, {
                    "validate": "any", "input_title": col.header, "input_message": hint[:255]})
            elif col.type == ORG:
                out.sheet.data_validation(first, index, last, index, {
                    "validate": "any", "input_title": col.header,
                    "input_message": _("填写下级组织的名称或代码；留空即导入到的组织。")})


def _letter(index: int) -> str:
    n, out = index + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out
