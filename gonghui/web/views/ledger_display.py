"""How ledger values read on a page: prepared here so the templates only loop (STYLE rule 11)."""

from __future__ import annotations

from django.urls import reverse

from gonghui.ledgers.columns import DASH
from gonghui.ledgers.columns import money_text as money
from gonghui.ledgers.kinds import PERSON, PERSON_OR_ORG, PERSONS, TEXT, Kind


def show(kind: Kind, col, entry) -> str:
    """One column of an entry as text (choices by their Chinese label, money with two decimals)."""
    return col.type.show(col, entry)


def title_columns(kind: Kind) -> list:
    """The columns that name an entry: its required text/person columns (at most two)."""
    cols = [c for c in kind.columns if c.required and c.type in (TEXT, PERSON, PERSON_OR_ORG)]
    return cols[:2]


def list_columns(kind: Kind) -> list[tuple[object, str]]:
    """(column, css class) of the list page, in reading order."""
    date_col = kind.column("date")
    out = [(date_col, "date")]
    out += [(c, "title") for c in title_columns(kind)]
    if kind.status_field:
        out.append((kind.column(kind.status_field), ""))
    for name in kind.list_extra:
        out.append((kind.column(name), "wide"))
    out.append((kind.column("org") if kind.has_org_column else None, "wide"))
    if kind.counts_person_times:
        out.append(("person_times", "num"))
    elif any(c.field == "participant_count" for c in kind.columns):  # a head count without a 人次 (劳动竞赛)
        out.append((kind.column("participant_count"), "num"))
    out += [(kind.column(name), "num") for name in kind.money_fields]
    return out


def list_headers(kind: Kind) -> list[tuple[str, str]]:
    heads = []
    for col, cls in list_columns(kind):
        if col == "person_times":
            heads.append(("人次", cls))
        elif col is None:
            heads.append(("所属组织", cls))
        else:
            heads.append((col.header, cls))
    return heads


def list_row(kind: Kind, entry) -> dict:
    """{"url", "cells": [(text, is_link, css)]}: the first naming column links to the entry."""
    url = reverse("web:ledger-detail", args=[kind.code, entry.pk])
    cells, linked = [], False
    for col, cls in list_columns(kind):
        if col == "person_times":
            cells.append((str(entry.person_times or 0), False, cls))
            continue
        if col is None:
            cells.append((entry.org.name, False, cls))
            continue
        text = show(kind, col, entry)
        link = cls == "title" and not linked
        linked = linked or link
        cells.append((text, link, cls))
    if not linked:  # no naming column (e.g. 集体合同): the date opens the entry
        text, _link, cls = cells[0]
        cells[0] = (text, True, cls)
    return {"url": url, "cells": cells}


def entry_title(kind: Kind, entry) -> str:
    parts = [show(kind, c, entry) for c in title_columns(kind)]
    if not parts and kind.status_field:
        parts = [show(kind, kind.column(kind.status_field), entry)]
    return " · ".join(p for p in parts if p != DASH) or kind.label


def detail_fields(kind: Kind, entry) -> list[tuple[str, str]]:
    rows = []
    for col in kind.columns:
        if col.type == PERSONS:
            continue
        rows.append((col.header, show(kind, col, entry)))
    if not kind.has_org_column:
        rows.insert(1, ("所属组织", entry.org.name))
    if kind.derives_person_times:
        rows.append(("人次", str(entry.person_times)))
    return rows


def totals_rows(kind: Kind, totals: dict) -> list[tuple[str, str]]:
    rows = [("条数", str(totals["count"]))]
    if "person_times" in totals:
        rows.append(("人次", str(totals["person_times"])))
    for name in kind.money_fields:
        rows.append((kind.column(name).header, money(totals[name])))
    return rows
