"""What `gonghui roster import` and `gonghui ledger import` share: one shape of import from the shell.

    return self.run_import(lambda progress: roster_import(..., progress=progress), errors=errors, json=json,
                           summary=lambda result: result.summary())

It exits 0 whenever the file was read (refused rows are reported, and --errors writes them out with a 错误原因
column) and non-zero with a Chinese message when the file itself cannot be read or the import as a whole
cannot run. With --json the last line is one JSON object (created, updated, unchanged, refused, ...).
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Callable

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.cli.base import GonghuiCommand, Progress
from gonghui.core.imports import is_grouped, refusal_groups
from gonghui.core.tabular import FileUnreadable, ImportFailed, ImportResult, write_refused
from gonghui.core.tabular.cells import shown as shown_value


def json_line(payload) -> str:
    """One line of JSON (Chinese as it is, dates and Decimals as text)."""
    return jsonlib.dumps(payload, ensure_ascii=False, default=str)


def add_import_outputs(parser) -> None:
    """--errors and --json of an import sub-command."""
    parser.add_argument("--errors", metavar="OUT.xlsx", help="把未导入的行（原样，加“错误原因”列）写到该文件")
    parser.add_argument("--json", action="store_true", help="最后一行输出 JSON 结果")


def last_line(result: ImportResult, text: str, nothing: str) -> str:
    """The summary `text`, led by `nothing` ("没有导入任何人") when a real import wrote nothing although rows were
    refused: the last line never reads as a plain success then."""
    if not result.dry_run and not result.written and result.counts["refused"]:
        return f"{nothing}：{text}"
    return text


class ImportCommand(GonghuiCommand):
    def run_import(self, start: Callable[[Progress], ImportResult], *, errors: str | None, json: bool,
                   summary: Callable[[ImportResult], str]) -> str | None:
        """Run `start(progress)` under a progress bar, report the result, write --errors, print --json; return
        the one-line summary (None when the JSON line stands last)."""
        try:
            with self.progress(_("读取并检查")) as progress:
                result = start(progress)
        except (FileUnreadable, ImportFailed) as exc:
            raise CommandError(exc.message) from None
        self.report_import(result)
        if errors:
            n = write_refused(result, errors)
            self.info(_("未导入的 %(n)d 行已写入 %(path)s（最后一列是错误原因）。") % {"n": n, "path": errors})
        text = summary(result)
        if json:
            self.stdout.write(json_line({**result.as_dict(max_refusals=None), "summary": text}))
            return None
        return text

    def report_import(self, result: ImportResult) -> None:
        """The file and its columns (at -v 2), the problems that repeat (once each, with their count: "28行：…"),
        the rest of the refused rows (50 unless -v 2) and the first notes."""
        self.info(_("文件：%(f)s（%(k)s%(s)s），表头在第%(h)s行") % {
            "f": result.filename, "k": result.kind, "s": f"，工作表“{result.sheet}”" if result.sheet else "",
            "h": "、".join(str(n) for n in result.header_rows)}, level=2)
        for column in result.columns:
            if column.header or column.key:
                self.info(f"  {column.letter}列 {column.header or '（空）'} → {column.label or _('（不导入）')}",
                          level=2)
        groups = refusal_groups(r.as_dict() for r in result.refusals)
        for group in groups:
            self.info(group["text"])
        shown = result.refusals[:50] if self.verbosity < 2 else result.refusals
        for refusal in shown:
            rest = [p for p in refusal.problems if not is_grouped(
                {"column": p.column, "value": shown_value(p.value), "message": p.message}, groups)]
            if rest:
                self.info("；".join(p.text(refusal.row) for p in rest))
        if len(result.refusals) > len(shown):
            self.info(_("……另有 %(n)d 行未导入，用 --errors 导出全部。") % {"n": len(result.refusals) - len(shown)})
        for note in result.notes[:20]:
            self.info(note)
