"""The Excel layout of each ledger kind, derived from its declaration in ledgers.kinds: 序号, the kind's
columns with their Chinese headers (the contract), then 备注. The importer reads it with core.tabular's
reader; the template and the export write it.

困难职工档案 declares no 所属组织 (the form asks for it separately): its sheet carries an optional 所属组织
column after 困难职工, so an export of a union with entries in its branches reads back unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from gonghui.core.tabular import Column as TColumn
from gonghui.core.tabular import TableSpec
from gonghui.ledgers.kinds import (
    ORG,
    ORG_COL,
    TEXT,
    Column,
    Kind,
    get_kind,
)

SEQ_KEY = "seq"
NOTES = Column("备注", "notes", TEXT)
ORG_ALIASES = ("所属单位", "所在组织", "所属分会", "所属小组", "组织", "单位")


@dataclass(frozen=True)
class Layout:
    """One kind's sheet: `columns` (the kind's, plus 所属组织 where it lacks one, plus 备注) and the TableSpec
    the reader matches headers with (keys are the columns' fields; `seq` for 序号)."""

    kind: Kind
    columns: tuple[Column, ...]
    spec: TableSpec

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.field == key)

    @property
    def header(self) -> list[str]:
        """Headers as the export writes them (no * marks)."""
        return ["序号", *(c.header for c in self.columns)]

    @property
    def template_header(self) -> list[str]:
        """Headers as the template writes them: required columns marked with *."""
        return ["序号", *(c.label for c in self.columns)]


def choice_labels(col: Column) -> tuple[str, ...]:
    return tuple(str(label) for _v, label in col.choices.choices) if col.choices else ()


@cache
def layout_of(kind: Kind | str) -> Layout:
    kind = get_kind(kind) if isinstance(kind, str) else kind
    columns = list(kind.columns)
    if not any(c.type == ORG for c in columns):
        columns.insert(1, ORG_COL)
    columns.append(NOTES)
    spec_columns = [TColumn(SEQ_KEY, "序号", width=6, importable=False)]
    for col in columns:
        spec_columns.append(TColumn(
            key=col.field, label=col.header, aliases=(*(ORG_ALIASES if col.type == ORG else ()), *col.aliases),
            required=col.required, kind=col.type.sheet_kind, choices=choice_labels(col),
            width=_width(kind, col), text_cells=col.type.sheet_kind == "text",
        ))
    spec = TableSpec(name=f"ledger_{kind.code}", columns=tuple(spec_columns),
                     identity_keys=tuple(c.field for c in columns if c.required))
    return Layout(kind=kind, columns=tuple(columns), spec=spec)


def _width(kind: Kind, col: Column) -> int:
    if col.type.width is not None:
        return col.type.width
    if col.field == "notes":
        return 20
    field = kind.model._meta.get_field(col.field)
    if field.get_internal_type() == "TextField":
        return 30
    return max(10, min(28, len(col.header) * 2 + 4, (field.max_length or 20) // 4 + 8))
