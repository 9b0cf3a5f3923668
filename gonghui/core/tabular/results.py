"""The row-result contract every import shares: each data row ends as created, updated, unchanged or refused
with a reason (or merged into an identical earlier row); blank and footer rows are counted, never refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.tabular.cells import shown


class RowStatus(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"
    MERGED = "merged"  # the same record again, identical to an earlier row of the file
    BLANK = "blank"
    FOOTER = "footer"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    RowStatus.CREATED: _("新增"),
    RowStatus.UPDATED: _("更新"),
    RowStatus.UNCHANGED: _("无变化"),
    RowStatus.REFUSED: _("未导入"),
    RowStatus.MERGED: _("重复行（已合并）"),
    RowStatus.BLANK: _("空行"),
    RowStatus.FOOTER: _("表尾/说明行"),
}


@dataclass
class Problem:
    column: str  # the column's label as the officer knows it
    value: Any
    message: str
    note: bool = False  # True: the row is taken as it is told here (学历 小学及以下 -> 小学), only noted


    def text(self, row: int) -> str:
        value = shown(self.value)
        return f"第{row}行 〈{self.column}〉: {value or '（空）'} — {self.message}"


@dataclass
class Refusal:
    row: int  # the row number in Excel
    problems: list[Problem]
    cells: list[Any] = field(default_factory=list)  # the row as it was, for the errors file

    @property
    def reason(self) -> str:
        return "；".join(p.text(self.row) for p in self.problems)

    def as_dict(self) -> dict:
        return {"row": self.row, "reason": self.reason,
                "problems": [{"column": p.column, "value": shown(p.value), "message": p.message}
                             for p in self.problems]}


@dataclass
class ColumnMatch:
    index: int  # 0-based column in the sheet
    header: str  # as written in the file
    key: str | None  # the spec key it feeds, or None when ignored
    label: str = ""  # the key's label

    @property
    def letter(self) -> str:
        n, out = self.index + 1, ""
        while n:
            n, r = divmod(n - 1, 26)
            out = chr(65 + r) + out
        return out

    def as_dict(self) -> dict:
        return {"index": self.index, "letter": self.letter, "header": self.header, "key": self.key,
                "label": self.label}


@dataclass
class ImportResult:
    filename: str = ""
    kind: str = ""  # xlsx / xls / csv
    sheet: str = ""
    dry_run: bool = False
    header_rows: list[int] = field(default_factory=list)
    columns: list[ColumnMatch] = field(default_factory=list)
    header_cells: list[Any] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in RowStatus})
    refusals: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # merged duplicates, warnings
    extra: dict[str, Any] = field(default_factory=dict)
    row_notes: list[tuple[int, Problem]] = field(default_factory=list)  # rows taken with a note

    @property
    def unused_columns(self) -> list[str]:
        """Headers of the file that feed nothing (序号 aside): named to the officer, never dropped silently."""
        from gonghui.core.tabular.spec import SEQ_HEADERS, normalize_header

        return [c.header for c in self.columns
                if not c.key and not c.label and c.header.strip() and normalize_header(c.header) not in SEQ_HEADERS]

    def note_row(self, row: int, problem: Problem) -> None:
        self.row_notes.append((row, problem))

    def grouped_row_notes(self) -> list[str]:
        """The row notes, one line per column, value and message: "第3、5行 〈学历〉: 小学及以下 — …"."""
        groups: dict[tuple[str, str, str], list[int]] = {}
        for row, p in self.row_notes:
            groups.setdefault((p.column, shown(p.value), p.message), []).append(row)
        lines = []
        for (column, value, message), rows in groups.items():
            rows = sorted(set(rows))
            where = "、".join(str(r) for r in rows[:8]) + (f"…（共{len(rows)}行）" if len(rows) > 8 else "")
            lines.append(f"第{where}行 〈{column}〉: {value or '（空）'} — {message}")
        return lines

    def add(self, status: RowStatus, n: int = 1) -> None:
        self.counts[status.value] += n

    def refuse(self, row: int, problems: list[Problem], cells: list[Any]) -> None:
        self.refusals.append(Refusal(row=row, problems=problems, cells=list(cells)))
        self.add(RowStatus.REFUSED)

    @property
    def data_rows(self) -> int:
        return sum(self.counts[s] for s in ("created", "updated", "unchanged", "refused", "merged"))

    @property
    def written(self) -> int:
        return self.counts["created"] + self.counts["updated"]

    def summary(self) -> str:
        c = self.counts
        head = "（试导入，未写入）" if self.dry_run else ""
        return (f"{head}新增 {c['created']} 人，更新 {c['updated']} 人，无变化 {c['unchanged']} 人，"
                f"未导入 {c['refused']} 行，重复合并 {c['merged']} 行，空行 {c['blank']} 行，"
                f"表尾/说明 {c['footer']} 行")

    def as_dict(self, *, max_refusals: int | None = 200) -> dict:
        refusals = self.refusals if max_refusals is None else self.refusals[:max_refusals]
        return {
            **self.counts,
            "dry_run": self.dry_run,
            "file": self.filename,
            "format": self.kind,
            "sheet": self.sheet,
            "header_rows": self.header_rows,
            "columns": [c.as_dict() for c in self.columns],
            "refusals": [r.as_dict() for r in refusals],
            "refusals_total": len(self.refusals),
            "notes": self.notes,
            "unused_columns": self.unused_columns,
            "row_notes": [{"row": row, "column": p.column, "value": shown(p.value), "message": p.message}
                          for row, p in self.row_notes[:max_refusals]],
            **self.extra,
        }
