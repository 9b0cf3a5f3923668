"""Vouchers and opening balances from Excel, through the one importer (core.tabular).

Vouchers: one line a row (日期, 凭证号, 摘要, 科目, 借方金额, 贷方金额, 专项, 项目). Rows with the same month and
凭证号 form one voucher (a blank 日期 or 凭证号 continues the voucher above, as exports from 用友 and 金蝶 write
them). The account is its code, "code name", its own name where unique (银行存款), or "上级—下级" (业务支出—会议).
A voucher that does not balance, names an unknown account, or has a line with both or neither amount is
refused whole, with its number and the reason; the others are written in one transaction. A voucher already
in the books with the same content is unchanged (re-importing a file changes nothing); a draft with other
content is updated; a reviewed or posted one is refused (it is changed only by a red voucher).

Opening balances (期初余额): 科目代码, 科目名称, 借方余额, 贷方余额; refused whole when a row is wrong or debits
and credits differ. A row of an account with sub-accounts is a subtotal: it must equal its sub-accounts' rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from gonghui.core.tabular import (
    CellError,
    Column,
    ImportResult,
    Problem,
    TableReader,
    TableSpec,
    cells,
    open_table,
)
from gonghui.core.tabular.results import Refusal, RowStatus
from gonghui.funds import book_services, opening_services, selectors, voucher_services
from gonghui.funds.book_services import fen
from gonghui.funds.models import Account, Voucher
from gonghui.funds.rights import can_write_books
from gonghui.funds.voucher_services import LineInput, lines_snapshot
from gonghui.orgs.models import Org

ZERO = Decimal("0.00")
ProgressFn = Callable[[int, int], None]

VOUCHER_SPEC = TableSpec(
    name="vouchers",
    columns=(
        Column("date", "日期", ("凭证日期", "记账日期", "制单日期"), required=True, kind="date", example="2026-01-10"),
        Column("number", "凭证号", ("凭证字号", "凭证编号", "凭证号码", "编号"), required=True, example="记-1"),
        Column("summary", "摘要", ("凭证摘要",), example="收到会费"),
        Column("account", "科目", ("会计科目", "科目名称", "科目代码", "科目编码"), required=True, example="102 银行存款"),
        Column("debit", "借方金额", ("借方", "借方发生额"), required=True, kind="number", example="6000.00"),
        Column("credit", "贷方金额", ("贷方", "贷方发生额"), required=True, kind="number"),
        Column("earmarked", "专项", ("是否专项", "专项/非专项", "资金性质"), kind="choice", choices=("是", "否")),
        Column("project", "项目", ("项目名称", "专项项目")),
    ),
)

OPENING_SPEC = TableSpec(
    name="opening",
    columns=(
        Column("code", "科目代码", ("科目编码", "代码"), required=True, text_cells=True),
        Column("name", "科目名称", ("名称", "科目")),
        Column("debit", "借方余额", ("期初借方余额", "年初借方余额", "借方", "期初借方"), required=True, kind="number"),
        Column("credit", "贷方余额", ("期初贷方余额", "年初贷方余额", "贷方", "期初贷方"), required=True, kind="number"),
    ),
)

UNKNOWN_ACCOUNT = _("本单位账套中找不到科目“%(v)s”。可写科目代码（50502）、“代码 名称”（50502 会议）、唯一的科目名称"
                    "（银行存款）或“上级—下级”（业务支出—会议）。")
AMBIGUOUS = _("科目名称“%(v)s”不唯一（%(list)s），请写科目代码或“上级—下级”。")
CODE_NAME_MISMATCH = _("科目代码%(c)s是“%(a)s”，与所写名称“%(n)s”不符。")
BAD_NUMBER = _("凭证号“%(v)s”无法识别，请写成“记-3”或 3。")
NO_NUMBER = _("缺少凭证号。")
NO_DATE = _("缺少日期。")
ROW_PROBLEM = _("第%(row)d行 〈%(col)s〉“%(v)s”：%(m)s")
VOUCHER_LABEL = _("%(y)d年%(m)d月 记-%(n)d")
VOUCHER_NO_SUMMARY = _("缺少摘要。")
VOUCHER_LOCKED = _("账上的这张凭证已审核或记账，内容与文件不同；已记账的凭证只能用红字凭证冲销，不能用导入修改。")
EARMARK = _("“%(v)s”应填“是/否”或“专项/非专项”。")
OPENING_ROWS = _("期初余额有误，整份未导入：%(r)s")
OPENING_PARENT = _("第%(row)d行科目“%(a)s”有明细科目，请按明细科目填写余额。")
OPENING_SUBTOTAL = _("第%(row)d行科目“%(a)s”的余额与其明细科目合计（%(s)s元）不符。")
OPENING_DUPLICATE = _("第%(row)d行科目“%(a)s”重复出现。")

_SEPARATORS = re.compile(r"\s*(?:——|—|－|―|-|/|\\|_|>|:|：)\s*")
_CODE_NAME = re.compile(r"^(\d{3,})\s*(.*)$")
_NUMBER = re.compile(r"^(?:记(?:账)?(?:字)?)?\s*[-－—#第]?\s*(\d+)\s*号?$")


def _norm(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().replace(" ", "")


class AccountIndex:
    """How the import finds an account by what an officer writes in 科目."""

    def __init__(self, accounts: list[Account]):
        self.by_code = {a.code: a for a in accounts}
        paths = selectors.account_paths(accounts)
        by_id = {a.pk: a for a in accounts}
        self.by_path = {_norm(p): by_id[a_id] for a_id, p in paths.items()}
        self.by_name: dict[str, list[Account]] = defaultdict(list)
        for account in accounts:
            self.by_name[_norm(account.name)].append(account)
        self.paths = paths
        self._memo: dict[str, Account | str] = {}

    def find(self, value: Any) -> Account | str:
        """The account, or a Chinese message why not."""
        raw = cells.text(value)
        if raw in self._memo:
            return self._memo[raw]
        found = self._find(raw)
        self._memo[raw] = found
        return found

    def _find(self, raw: str) -> Account | str:
        text = _norm(raw)
        if not text:
            return UNKNOWN_ACCOUNT % {"v": raw}
        match = _CODE_NAME.match(unicodedata.normalize("NFKC", raw).strip())
        if match:
            account = self.by_code.get(match.group(1))
            if account is None:
                return UNKNOWN_ACCOUNT % {"v": raw}
            name = _norm(match.group(2))
            if name and name not in (_norm(account.name), _norm(self.paths[account.pk])):
                return CODE_NAME_MISMATCH % {"c": account.code, "a": account, "n": match.group(2).strip()}
            return account
        path = "—".join(_SEPARATORS.split(text))
        if path in self.by_path:
            return self.by_path[path]
        named = self.by_name.get(text, [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            return AMBIGUOUS % {"v": raw, "list": "、".join(self.paths[a.pk] for a in named)}
        return UNKNOWN_ACCOUNT % {"v": raw}


def _earmark(value: Any) -> bool:
    raw = cells.text(value)
    if raw in ("专项", "专项资金"):
        return True
    if raw in ("非专项", "一般", ""):
        return False
    try:
        return bool(cells.boolean(value))
    except CellError:
        raise CellError(EARMARK % {"v": raw}, "earmark") from None


@dataclass
class _Voucher:
    key: tuple[int, int, int]
    first_row: int
    date: Any = None
    summary: str = ""
    lines: list[LineInput] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return VOUCHER_LABEL % {"y": self.key[0], "m": self.key[1], "n": self.key[2]}


def _voucher_number(value: Any) -> int | None:
    raw = unicodedata.normalize("NFKC", cells.text(value)).strip()
    match = _NUMBER.match(raw)
    if not match or int(match.group(1)) == 0:
        raise CellError(BAD_NUMBER % {"v": raw}, "voucher_number")
    return int(match.group(1))


class _Cleaner:
    """Cell cleaning memoised per raw value (a year of vouchers repeats its dates, numbers and flags)."""

    def __init__(self):
        self.memo: dict[tuple[str, Any], Any] = {}

    def __call__(self, key: str, clean, value: Any):
        if isinstance(value, float) and key in ("debit", "credit"):
            return Decimal(repr(value))  # the usual amount cell: no memo needed
        memo_key = (key, value)
        try:
            found = self.memo[memo_key]
        except KeyError:
            try:
                found = clean(value)
            except CellError as exc:
                found = exc
            except TypeError:  # an unhashable cell: never memoised
                found = clean(value)
            self.memo[memo_key] = found
        if isinstance(found, CellError):
            raise found
        return found


def _number_cell(value: Any) -> int | None:
    return None if cells.is_blank(value) else _voucher_number(value)


CLEANERS = (("date", cells.date), ("number", _number_cell), ("debit", cells.decimal), ("credit", cells.decimal),
            ("earmarked", _earmark))


def _read_vouchers(reader: TableReader, index: AccountIndex, result: ImportResult, progress: ProgressFn,
                   total: int) -> dict[tuple, _Voucher]:
    spec = VOUCHER_SPEC
    vouchers: dict[tuple, _Voucher] = {}
    last_date = last_number = None
    seen = 0
    clean = _Cleaner()
    for row in reader.rows():
        seen += 1
        if seen % 1000 == 0:
            progress(seen, max(total, seen))
        if row.kind == "footer":
            result.add(RowStatus.FOOTER)
            continue
        v = row.values
        problems = []
        got = {}
        for key, cleaner in CLEANERS:
            value = v.get(key)
            if value is None:
                got[key] = None
                continue
            try:
                got[key] = clean(key, cleaner, value)
            except CellError as exc:
                got[key] = None
                problems.append(ROW_PROBLEM % {"row": row.number, "col": spec.column(key).label,
                                               "v": cells.shown(value), "m": exc.message})
        date = got["date"] or last_date
        number = got["number"] or (last_number if cells.is_blank(v.get("number")) else None)
        if date is None or number is None:
            if not problems:
                problems.append(ROW_PROBLEM % {"row": row.number, "col": _("日期") if date is None else _("凭证号"),
                                               "v": "", "m": NO_DATE if date is None else NO_NUMBER})
            result.refusals.append(Refusal(row=row.number, problems=[
                Problem(column=_("凭证"), value="", message="；".join(problems))], cells=list(row.cells)))
            result.add(RowStatus.REFUSED)
            continue
        last_date, last_number = date, number
        key = (date.year, date.month, number)
        voucher = vouchers.get(key)
        if voucher is None:
            voucher = vouchers[key] = _Voucher(key=key, first_row=row.number, date=date)
        summary = cells.text(v.get("summary"))
        voucher.summary = voucher.summary or summary
        found = index.find(v.get("account"))
        if isinstance(found, str):
            problems.append(ROW_PROBLEM % {"row": row.number, "col": _("科目"), "v": cells.shown(v.get("account")),
                                           "m": found})
            found = None
        voucher.problems.extend(problems)
        voucher.lines.append(LineInput(account=found, debit=got["debit"], credit=got["credit"],
                                       earmarked=got["earmarked"] or False, project=cells.text(v.get("project")),
                                       summary=summary))
    result.add(RowStatus.BLANK, reader.blank)
    result.notes.extend(reader.warnings)
    progress(seen, seen)
    return vouchers


def voucher_import(*, actor, org: Org, source: Any, post: bool = False, dry_run: bool = False,
                   progress: ProgressFn | None = None, filename: str | None = None) -> ImportResult:
    """Import a file of voucher lines into `org`'s books. The counts are of vouchers (created, updated,
    unchanged, refused) and of rows (blank, footer). `post`: recorded as posted, reviewed by the system.
    Raises FileUnreadable (the file cannot be read) or PermissionDenied (the actor keeps no books here)."""
    books = book_services.book_org(org)
    if not can_write_books(actor, books):
        raise PermissionDenied
    book_services.chart_ensure(org=books)
    progress = progress or (lambda done, total: None)
    index = AccountIndex(list(selectors.account_list(viewer=actor, org=books)))
    with open_table(source, name=filename) as table:
        reader = TableReader(table, VOUCHER_SPEC)
        result = ImportResult(filename=table.name, kind=table.kind, sheet=table.sheet, dry_run=dry_run,
                              header_rows=reader.header_rows, columns=reader.columns, header_cells=reader.header_cells)
        total = max(0, (table.last_row or 0) - reader.header_rows[-1])
        vouchers = _read_vouchers(reader, index, result, progress, total)
    closed = selectors.closed_periods(viewer=actor, org=books)
    existing = selectors.voucher_snapshots(viewer=actor, org=books, keys=set(vouchers))
    plan = []
    for key, voucher in vouchers.items():
        problems = list(voucher.problems)
        if not problems:
            problems += voucher_services.line_problems(voucher.lines, books)
            if not voucher.summary:
                problems.append(VOUCHER_NO_SUMMARY)
            if (key[0], 0) in closed:
                problems.append(book_services.YEAR_CLOSED % {"y": key[0]})
            elif (key[0], key[1]) in closed:
                problems.append(book_services.MONTH_CLOSED % {"y": key[0], "m": key[1]})
        stored = existing.get(key)
        status = RowStatus.CREATED
        if not problems and stored is not None:
            same = (stored.date == voucher.date and stored.summary == voucher.summary[:200]
                    and stored.lines == lines_snapshot(voucher.lines))
            if same and (stored.state == Voucher.State.POSTED or not post):
                status = RowStatus.UNCHANGED
            elif stored.state != Voucher.State.DRAFT or stored.kind != Voucher.Kind.NORMAL:
                problems.append(VOUCHER_LOCKED)
            else:
                status = RowStatus.UPDATED
        if problems:
            result.refusals.append(Refusal(row=voucher.first_row, problems=[
                Problem(column=_("凭证 %(v)s") % {"v": voucher.label}, value="", message="；".join(problems))]))
            result.add(RowStatus.REFUSED)
            continue
        result.add(status)
        if status != RowStatus.UNCHANGED:
            plan.append({"voucher": stored, "date": voucher.date, "number": key[2], "summary": voucher.summary[:200],
                         "lines": voucher.lines})
    changing = [item["voucher"].pk for item in plan if item["voucher"] is not None]
    if changing:
        objects = selectors.vouchers_by_pk(viewer=actor, org=books, pks=changing)
        for item in plan:
            if item["voucher"] is not None:
                item["voucher"] = objects[item["voucher"].pk]
    result.refusals.sort(key=lambda r: r.row)
    result.extra["lines"] = sum(len(v.lines) for v in vouchers.values())
    if plan and not dry_run:
        voucher_services.vouchers_import_write(actor=actor, org=books, plan=plan, post=post, filename=result.filename)
    return result


def voucher_summary(result: ImportResult) -> str:
    c = result.counts
    head = _("（试导入，未写入）") if result.dry_run else ""
    return head + _("凭证：新增 %(created)d 张，更新 %(updated)d 张，无变化 %(unchanged)d 张，未导入 %(refused)d 张；"
                    "空行 %(blank)d 行，表尾/说明 %(footer)d 行") % c


# --- opening balances ------------------------------------------------------------------------------------

def opening_import(*, actor, org: Org, year: int, source: Any, filename: str | None = None) -> dict:
    """Read a 期初余额 file and set the year's opening balances (opening_services.opening_set), or refuse it whole
    (ValidationError listing every wrong row). Returns {"accounts", "debit", "credit"}."""
    books = book_services.book_org(org)
    if not can_write_books(actor, books):
        raise PermissionDenied
    book_services.chart_ensure(org=books)
    accounts = list(selectors.account_list(viewer=actor, org=books))
    index = AccountIndex(accounts)
    children: dict[int, list[Account]] = defaultdict(list)
    for account in accounts:
        if account.parent_id:
            children[account.parent_id].append(account)
    problems: list[str] = []
    amounts: dict[int, tuple[int, Account, Decimal, Decimal]] = {}
    with open_table(source, name=filename) as table:
        reader = TableReader(table, OPENING_SPEC)
        for row in reader.rows():
            if row.kind == "footer":
                continue
            v = row.values
            code = cells.code_text(v.get("code"))
            name = cells.text(v.get("name"))
            found = index.find(f"{code} {name}" if code else name)
            if isinstance(found, str):
                problems.append(ROW_PROBLEM % {"row": row.number, "col": _("科目代码"), "v": code, "m": found})
                continue
            try:
                debit, credit = cells.decimal(v.get("debit")) or ZERO, cells.decimal(v.get("credit")) or ZERO
            except CellError as exc:
                problems.append(ROW_PROBLEM % {"row": row.number, "col": _("金额"), "v": code, "m": exc.message})
                continue
            if found.pk in amounts:
                problems.append(OPENING_DUPLICATE % {"row": row.number, "a": found})
                continue
            amounts[found.pk] = (row.number, found, debit, credit)

    def leaf_sum(account: Account) -> Decimal:
        total = ZERO
        for child in children.get(account.pk, []):
            if child.pk in amounts:
                total += amounts[child.pk][2] - amounts[child.pk][3]
            total += leaf_sum(child) if not child.is_leaf and child.pk not in amounts else ZERO
        return total

    rows = []
    for number, account, debit, credit in amounts.values():
        if account.is_leaf:
            rows.append((account, debit, credit))
            continue
        if not debit and not credit:
            continue
        if not any(c.pk in amounts for c in children.get(account.pk, [])):
            problems.append(OPENING_PARENT % {"row": number, "a": account})
        elif leaf_sum(account) != debit - credit:
            problems.append(OPENING_SUBTOTAL % {"row": number, "a": account, "s": fen(abs(leaf_sum(account)))})
    if problems:
        raise ValidationError({"rows": OPENING_ROWS % {"r": "；".join(problems)}})
    count = opening_services.opening_set(actor=actor, org=books, year=year, rows=rows)
    return {"accounts": count, "debit": fen(sum((d for _a, d, _c in rows), ZERO)),
            "credit": fen(sum((c for _a, _d, c in rows), ZERO))}
