"""The writes of the books: chart, vouchers (制单 -> 审核 -> 记账, red reversal), opening balances, month and
year-end close, drafts posted downward by other apps. Every service takes keyword-only arguments and `actor`,
runs atomically, raises ValidationError (Chinese) or PermissionDenied, and writes its audit row.

Queries run inside `unscoped(...)` after the service has checked the actor's right on the union's books
(rights.py): the books are one union's, and the check is the scope for them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import is_system
from gonghui.core import audit
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.core.tabular.bulk import insert_many, reserve_ids
from gonghui.funds import chart
from gonghui.funds.models import (
    Account,
    Budget,
    BudgetLine,
    ClosedPeriod,
    OpeningBalance,
    Voucher,
    VoucherLine,
)
from gonghui.funds.rights import can_read_books, can_review_vouchers, can_write_books, require
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.tree import union_of

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
BOOKS = "the books of one union, after the service checked the actor's right on them (funds/rights.py)"

NOT_A_UNION = _("“%(org)s”不是工会（分会、小组的经费记在所属基层工会的账上）。")
NO_LINES = _("凭证至少要有一条借方分录和一条贷方分录。")
NO_SUMMARY = _("请填写凭证摘要。")
LINE_BOTH = _("第%(n)d行分录的借方和贷方只能填一个。")
LINE_NEITHER = _("第%(n)d行分录没有金额：请填写借方或贷方金额。")
LINE_NEGATIVE = _("第%(n)d行分录的金额应大于0。")
LINE_CENTS = _("第%(n)d行分录的金额最多两位小数（到分）。")
LINE_ACCOUNT = _("第%(n)d行分录没有科目。")
LINE_NOT_LEAF = _("第%(n)d行分录的科目“%(a)s”有明细科目，请记到明细科目。")
LINE_OTHER_BOOKS = _("第%(n)d行分录的科目不属于本单位的账套。")
LINE_PROJECT = _("第%(n)d行分录是专项资金，请填写项目名称。")
UNBALANCED = _("借贷不平衡：借方合计%(d)s元，贷方合计%(c)s元，相差%(x)s元。")
YEAR_CLOSED = _("%(y)d年已年末结账，不能再录入、修改或记账凭证。")
MONTH_CLOSED = _("%(y)d年%(m)d月已结账，不能再录入、修改或记账凭证。")
NOT_DRAFT = _("凭证%(v)s已审核或已记账，不能修改或删除；已记账的凭证只能用红字凭证冲销。")
NOT_DRAFT_REVIEW = _("凭证%(v)s不是待审核状态。")
OWN_VOUCHER = _("不能审核自己制单的凭证，请由另一位财务人员或单位负责人审核。")
NOT_REVIEWED = _("凭证%(v)s尚未审核，审核后才能记账。")
NOT_POSTED = _("只有已记账的凭证才需要红字冲销；未记账的凭证可直接修改或删除。")
ALREADY_REVERSED = _("凭证%(v)s已被冲销过（%(r)s）。")
RED_FIXED = _("红字冲销凭证照原凭证生成，不能修改；如有误，删除后重新冲销。")
REVERSE_REVERSAL = _("红字冲销凭证和年末结转凭证不能再冲销。")
OPEN_VOUCHERS_MONTH = _("%(y)d年%(m)d月还有%(n)d张凭证未记账，请先审核、记账或删除后再结账。")
OPEN_VOUCHERS_YEAR = _("%(y)d年还有%(n)d张凭证未记账，请先审核、记账或删除后再年末结账。")
ALREADY_CLOSED_MONTH = _("%(y)d年%(m)d月已经结账。")
PREVIOUS_YEAR_OPEN = _("%(y)d年尚未年末结账，请先结上一年度。")
OPENING_UNBALANCED = _("期初余额借贷不平衡：借方合计%(d)s元，贷方合计%(c)s元，相差%(x)s元。整份期初余额未导入。")
OPENING_INCOME = _("科目“%(a)s”是收入或支出类科目，年初没有余额。")
OPENING_OTHER_YEAR = _("本账套已有%(y)d年的期初余额；以后年度的年初余额由上年结转得出，不必再导入。")
OPENING_AFTER_VOUCHERS = _("本账套在%(y)d年之前已有凭证，期初余额只能录入账套启用的第一年。")
ACCOUNT_PARENT_USED = _("科目“%(a)s”已有凭证或期初余额，不能再增设明细科目。")
ACCOUNT_NAME = _("请填写科目名称（不超过30个字）。")
ACCOUNT_NAME_TAKEN = _("“%(p)s”下已有名为“%(n)s”的明细科目。")
ACCOUNT_CODE = _("明细科目代码应以上级科目代码“%(p)s”开头，再加两位数字，如 %(p)s01。")
ACCOUNT_CODE_TAKEN = _("科目代码“%(c)s”已被使用。")
BUDGET_FIXED = _("%(y)d年预算已批准，不能再修改。")
BUDGET_NOT_EXPENSE = _("预算科目“%(a)s”不是支出类科目。")
BUDGET_AMOUNT = _("预算科目“%(a)s”的金额应为不小于0、最多两位小数的数。")
BUDGET_DUPLICATE = _("预算科目“%(a)s”（%(k)s）重复。")
BUDGET_EMPTY = _("%(y)d年预算还没有任何项目，不能批准。")
BUDGET_MISSING = _("%(y)d年还没有编制预算。")
OVER_BUDGET = _("超出预算：%(a)s %(y)d年预算%(b)s元，已支出%(s)s元，本凭证%(v)s元，超出%(x)s元。该预算项目设为禁止超支，"
                "请调整预算或凭证。")
SOURCE_POSTED = _("来源“%(s)s”的凭证%(v)s已审核或记账，不能再自动修改；请财务人员处理（必要时红字冲销后重做）。")
UNKNOWN_CODE = _("本账套没有代码为“%(c)s”的科目。")


def money(value) -> Decimal:
    return (value or ZERO).quantize(CENT)


def fen(value: Decimal) -> str:
    """Money as text with two decimals (for messages and JSON)."""
    return f"{money(value):.2f}"


def _user(actor):
    return actor if getattr(actor, "pk", None) and not is_system(actor) else None


def book_org(org: Org) -> Org:
    """The org that keeps the books of `org`: its 基层工会 (a branch or group keeps none of its own)."""
    books = union_of(org)
    if books.kind not in (OrgKind.UNION, OrgKind.FEDERATION):
        raise ValidationError({"org": NOT_A_UNION % {"org": org.name}})
    return books


# --- chart -----------------------------------------------------------------------------------------------

def chart_ensure(*, org: Org) -> None:
    """Seed the prescribed chart into `org`'s books, once (idempotent; called by every service that needs it).
    No actor: the chart is the rules' data, not a choice of anybody's."""
    subs = chart.subaccounts()
    expected = len(chart.MAIN) + len(subs)
    with unscoped(BOOKS):
        if Account.objects.filter(org=org, prescribed=True).count() >= expected:
            return
        with transaction.atomic():
            have = {a.code: a for a in Account.objects.filter(org=org)}
            Account.objects.bulk_create([
                Account(org=org, code=item.code, name=item.name, category=item.category, side=item.side,
                        county=item.county, prescribed=True, is_leaf=True)
                for item in chart.MAIN.values() if item.code not in have])
            have = {a.code: a for a in Account.objects.filter(org=org)}
            parents = {parent_code for parent_code, _item in subs}
            Account.objects.bulk_create([
                Account(org=org, parent=have[parent_code], code=item.code, name=item.name, category=item.category,
                        side=item.side, county=item.county, prescribed=True, is_leaf=True)
                for parent_code, item in subs if item.code not in have])
            Account.objects.filter(org=org, code__in=parents).update(is_leaf=False)


def account_add(*, actor, org: Org, parent: Account, name: str, code: str = "") -> Account:
    """A union's own sub-account under a prescribed (or own) account: code = parent's code + two digits."""
    org = book_org(org)
    require(can_write_books(actor, org))
    name = (name or "").strip()
    if not name or len(name) > 30:
        raise ValidationError({"name": ACCOUNT_NAME})
    with transaction.atomic(), unscoped(BOOKS):
        chart_ensure(org=org)
        parent = Account.objects.select_for_update().get(pk=parent.pk, org=org)
        siblings = Account.objects.filter(org=org, parent=parent)
        if siblings.filter(name=name).exists():
            raise ValidationError({"name": ACCOUNT_NAME_TAKEN % {"p": parent, "n": name}})
        if parent.is_leaf and (parent.lines.exists() or parent.openings.exists()):
            raise ValidationError({"parent": ACCOUNT_PARENT_USED % {"a": parent}})
        code = (code or "").strip()
        if not code:
            taken = {a.code for a in Account.objects.filter(org=org, code__startswith=parent.code)}
            code = next(f"{parent.code}{n:02d}" for n in range(1, 100) if f"{parent.code}{n:02d}" not in taken)
        if not (code.startswith(parent.code) and len(code) == len(parent.code) + 2 and code.isdigit()):
            raise ValidationError({"code": ACCOUNT_CODE % {"p": parent.code}})
        if Account.objects.filter(org=org, code=code).exists():
            raise ValidationError({"code": ACCOUNT_CODE_TAKEN % {"c": code}})
        account = Account.objects.create(org=org, parent=parent, code=code, name=name, category=parent.category,
                                         side=parent.side, county=parent.county, prescribed=False, is_leaf=True)
        if parent.is_leaf:
            parent.is_leaf = False
            parent.save(update_fields=["is_leaf"])
        audit.record(actor=actor, action="create", obj=account, object_type="funds_account", org_path=org.path,
                     changes={"科目": [None, str(account)]})
    return mark_fetched(account)


# --- periods ---------------------------------------------------------------------------------------------

def closed_state(org: Org, year: int) -> tuple[bool, set[int]]:
    """(year closed, closed months) of `org`'s books."""
    with unscoped(BOOKS):
        months = set(ClosedPeriod.objects.filter(org=org, year=year).values_list("month", flat=True))
    return 0 in months, months - {0}


def check_open(org: Org, date: dt.date) -> None:
    year_closed, months = closed_state(org, date.year)
    if year_closed:
        raise ValidationError({"date": YEAR_CLOSED % {"y": date.year}})
    if date.month in months:
        raise ValidationError({"date": MONTH_CLOSED % {"y": date.year, "m": date.month}})


# --- vouchers --------------------------------------------------------------------------------------------

@dataclass
class LineInput:
    account: Account | None
    debit: Decimal | None = None
    credit: Decimal | None = None
    earmarked: bool = False
    project: str = ""
    summary: str = ""


def line_problems(lines: list[LineInput], org: Org) -> list[str]:
    """Every problem of a voucher's lines, in Chinese (empty when it may be saved)."""
    problems = []
    if len(lines) < 2:
        problems.append(NO_LINES)
    debit = credit = ZERO
    for n, line in enumerate(lines, start=1):
        d, c = line.debit or ZERO, line.credit or ZERO
        if line.account is None:
            problems.append(LINE_ACCOUNT % {"n": n})
        elif line.account.org_id != org.pk:
            problems.append(LINE_OTHER_BOOKS % {"n": n})
        elif not line.account.is_leaf:
            problems.append(LINE_NOT_LEAF % {"n": n, "a": line.account})
        if d and c:
            problems.append(LINE_BOTH % {"n": n})
        elif not d and not c:
            problems.append(LINE_NEITHER % {"n": n})
        elif d < 0 or c < 0:
            problems.append(LINE_NEGATIVE % {"n": n})
        elif d != d.quantize(CENT) or c != c.quantize(CENT):
            problems.append(LINE_CENTS % {"n": n})
        if line.earmarked and not (line.project or "").strip():
            problems.append(LINE_PROJECT % {"n": n})
        debit += d
        credit += c
    if not problems and (debit != credit):
        problems.append(UNBALANCED % {"d": fen(debit), "c": fen(credit), "x": fen(abs(debit - credit))})
    return problems


def _next_number(org: Org, year: int, month: int) -> int:
    top = Voucher.objects.filter(org=org, year=year, month=month).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def _write_lines(voucher: Voucher, lines: list[LineInput], *, red: bool = False) -> None:
    VoucherLine.objects.bulk_create([
        VoucherLine(voucher=voucher, position=n, summary=(line.summary or "")[:200], account=line.account,
                    debit=money(line.debit), credit=money(line.credit), earmarked=line.earmarked,
                    project=(line.project or "").strip()[:100],
                    red=red)
        for n, line in enumerate(lines, start=1)
    ])


def lines_snapshot(lines) -> list[list[str]]:
    """A voucher's lines as comparable text (audit trail and import's "unchanged")."""
    out = []
    for line in lines:
        out.append([line.account.code, fen(line.debit or ZERO), fen(line.credit or ZERO),
                    "专项" if line.earmarked else "", (line.project or "").strip(), (line.summary or "").strip()])
    return out


def _validate(org: Org, date: dt.date, summary: str, lines: list[LineInput]) -> str:
    summary = (summary or "").strip()
    errors = {}
    if not summary:
        errors["summary"] = NO_SUMMARY
    problems = line_problems(lines, org)
    if problems:
        errors["lines"] = problems
    if errors:
        raise ValidationError(errors)
    check_open(org, date)
    return summary[:200]


def voucher_save(*, actor, org: Org, date: dt.date, summary: str, lines: list[LineInput],
                 voucher: Voucher | None = None, attachments_count: int = 0) -> Voucher:
    """Create a draft (制单), or change a draft. The number is the next of the month."""
    org = book_org(org)
    require(can_write_books(actor, org))
    return _voucher_save(actor=actor, org=org, date=date, summary=summary, lines=lines, voucher=voucher,
                         attachments_count=attachments_count, maker=_user(actor))


def _voucher_save(*, actor, org, date, summary, lines, voucher, attachments_count=0, maker=None, source="",
                  source_label=""):
    with transaction.atomic(), unscoped(BOOKS):
        chart_ensure(org=org)
        summary = _validate(org, date, summary, lines)
        if voucher is None:
            voucher = Voucher(org=org, created_by=maker, source=source, source_label=source_label[:200])
            before = None
        else:
            voucher = Voucher.objects.select_for_update().get(pk=voucher.pk, org=org)
            if voucher.state != Voucher.State.DRAFT:
                raise ValidationError({"state": NOT_DRAFT % {"v": voucher}})
            if voucher.kind != Voucher.Kind.NORMAL:
                raise ValidationError({"kind": RED_FIXED})
            check_open(org, voucher.date)
            before = {"日期": voucher.date.isoformat(), "摘要": voucher.summary,
                      "分录": lines_snapshot(voucher.lines.select_related("account"))}
        if before is None or (voucher.year, voucher.month) != (date.year, date.month):
            voucher.number = _next_number(org, date.year, date.month)
        voucher.date, voucher.year, voucher.month = date, date.year, date.month
        voucher.summary = summary
        voucher.attachments_count = attachments_count
        voucher.save()
        voucher.lines.all().delete()
        _write_lines(voucher, lines)
        after = {"日期": date.isoformat(), "摘要": summary, "分录": lines_snapshot(lines)}
        audit.record(actor=actor, action="create" if before is None else "update", obj=voucher,
                     object_type="funds_voucher", org_path=org.path,
                     changes=audit.diff(before or {}, after))
    return mark_fetched(voucher)


def voucher_delete(*, actor, voucher: Voucher) -> None:
    org = voucher.org
    require(can_write_books(actor, org))
    with transaction.atomic(), unscoped(BOOKS):
        voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if voucher.state != Voucher.State.DRAFT:
            raise ValidationError({"state": NOT_DRAFT % {"v": voucher}})
        check_open(org, voucher.date)
        snap = {"日期": voucher.date.isoformat(), "摘要": voucher.summary,
                "分录": lines_snapshot(voucher.lines.select_related("account"))}
        audit.record(actor=actor, action="delete", object_type="funds_voucher", object_id=str(voucher.pk),
                     object_repr=str(voucher), org_path=org.path, changes={k: [v, None] for k, v in snap.items()})
        voucher.delete()


STATE_LABELS = {"draft": "制单", "reviewed": "已审核", "posted": "已记账"}


def _transition(*, actor, voucher: Voucher, allowed: bool, source: str, target: str, wrong_state: str,
                check=None, **fields) -> Voucher:
    """Move a voucher from `source` to `target` state, setting `fields`, under a row lock, audited."""
    org = voucher.org
    require(allowed)
    with transaction.atomic(), unscoped(BOOKS):
        voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if voucher.state != source:
            raise ValidationError({"state": wrong_state % {"v": voucher}})
        if check is not None:
            check(voucher)
        check_open(org, voucher.date)
        voucher.state = target
        for name, value in fields.items():
            setattr(voucher, name, value)
        voucher.save(update_fields=["state", *fields])
        audit.record(actor=actor, action="update", obj=voucher, object_type="funds_voucher", org_path=org.path,
                     changes={"状态": [STATE_LABELS[source], STATE_LABELS[target]]})
    return mark_fetched(voucher)


def voucher_review(*, actor, voucher: Voucher) -> Voucher:
    """审核: by someone other than the maker (a finance officer or the union's head)."""
    user = _user(actor)

    def not_the_maker(locked: Voucher) -> None:
        if user is not None and locked.created_by_id == user.pk:
            raise ValidationError({"reviewed_by": OWN_VOUCHER})

    return _transition(actor=actor, voucher=voucher, allowed=can_review_vouchers(actor, voucher.org),
                       source=Voucher.State.DRAFT, target=Voucher.State.REVIEWED, wrong_state=NOT_DRAFT_REVIEW,
                       check=not_the_maker, reviewed_by=user, reviewed_at=timezone.now(), by_system=user is None)


def voucher_unreview(*, actor, voucher: Voucher) -> Voucher:
    """取消审核: back to a draft the maker can change (not once posted)."""
    return _transition(actor=actor, voucher=voucher, allowed=can_review_vouchers(actor, voucher.org),
                       source=Voucher.State.REVIEWED, target=Voucher.State.DRAFT, wrong_state=NOT_REVIEWED,
                       reviewed_by=None, reviewed_at=None, by_system=False)


def voucher_post(*, actor, voucher: Voucher) -> Voucher:
    """记账: a reviewed voucher enters the books; from now on it is never changed. Refused when it would take
    an expense above an approved budget line set to 禁止超支."""
    return _transition(actor=actor, voucher=voucher, allowed=can_write_books(actor, voucher.org),
                       source=Voucher.State.REVIEWED, target=Voucher.State.POSTED, wrong_state=NOT_REVIEWED,
                       check=_within_budget, posted_by=_user(actor), posted_at=timezone.now())


def _within_budget(voucher: Voucher) -> None:
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.funds.selectors import spent_by_prefix

    blocks = list(BudgetLine.objects.filter(budget__org=voucher.org, budget__year=voucher.year,
                                            budget__state=Budget.State.APPROVED,
                                            control=BudgetLine.Control.BLOCK).select_related("account"))
    if not blocks:
        return
    lines = list(voucher.lines.filter(account__category=chart.EXPENSE).select_related("account"))
    spent = spent_by_prefix(viewer=SYSTEM, org=voucher.org, start=dt.date(voucher.year, 1, 1),
                            end=dt.date(voucher.year, 12, 31), prefixes=sorted({b.account.code for b in blocks}))
    for block in blocks:
        amount = sum((ln.debit - ln.credit for ln in lines if ln.account.code.startswith(block.account.code)), ZERO)
        total = spent[block.account.code] + amount
        if amount > 0 and total > block.amount:
            raise ValidationError({"budget": OVER_BUDGET % {
                "a": block.account, "y": voucher.year, "b": fen(block.amount), "s": fen(spent[block.account.code]),
                "v": fen(amount), "x": fen(total - block.amount)}})


def voucher_reverse(*, actor, voucher: Voucher, date: dt.date | None = None) -> Voucher:
    """红字冲销: a draft red voucher with the same accounts and sides, amounts negative; it goes through
    审核 and 记账 like any voucher."""
    org = voucher.org
    require(can_write_books(actor, org))
    date = date or timezone.localdate()
    with transaction.atomic(), unscoped(BOOKS):
        original = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if original.state != Voucher.State.POSTED:
            raise ValidationError({"state": NOT_POSTED})
        if original.kind != Voucher.Kind.NORMAL:
            raise ValidationError({"kind": REVERSE_REVERSAL})
        done = Voucher.objects.filter(reverses=original).first()
        if done is not None:
            raise ValidationError({"reverses": ALREADY_REVERSED % {"v": original, "r": done}})
        check_open(org, date)
        red = Voucher.objects.create(
            org=org, date=date, year=date.year, month=date.month, number=_next_number(org, date.year, date.month),
            summary=_("冲销%(y)d年%(m)d月记-%(n)d号凭证：%(s)s") % {
                "y": original.year, "m": original.month, "n": original.number, "s": original.summary},
            kind=Voucher.Kind.REVERSAL, reverses=original, created_by=_user(actor))
        VoucherLine.objects.bulk_create([
            VoucherLine(voucher=red, position=line.position, summary=line.summary, account_id=line.account_id,
                        debit=-line.debit, credit=-line.credit, earmarked=line.earmarked, project=line.project,
                        red=True)
            for line in original.lines.all()
        ])
        audit.record(actor=actor, action="create", obj=red, object_type="funds_voucher", org_path=org.path,
                     changes={"冲销": [None, str(original)]})
    return mark_fetched(red)


def _leaf_of(account: Account) -> Account:
    """The account a draft from elsewhere goes to: the account itself, or, when the union opened sub-accounts
    under it (银行存款 — 工商银行), the first of them by code (the finance officer may change the draft)."""
    while not account.is_leaf:
        child = Account.objects.filter(org_id=account.org_id, parent=account).order_by("code").first()
        if child is None:
            break
        account = child
    return account


def voucher_draft_from(*, actor, org: Org, source: str, source_label: str, date: dt.date, summary: str,
                       lines: list[dict]) -> Voucher:
    """The entry point for other apps (dues, aid, events): a draft voucher for the finance officer, linked
    to the entry it came from (`source`, e.g. "ledgers.aid:12"; `source_label` what to show). Lines are dicts
    {"account": code, "debit" or "credit": Decimal, "earmarked": bool, "project": str, "summary": str}.

    The calling app has checked its own actor's right to record that entry; the voucher is made by the
    system for the finance officer (so anyone in finance may review it). Calling again for the same source
    updates the draft; once it was reviewed or posted, a ValidationError asks finance to act. A line's account
    with sub-accounts of the union's own goes to the first of them (`_leaf_of`)."""
    org = book_org(org)
    chart_ensure(org=org)
    with unscoped(BOOKS):
        codes = [ln["account"] for ln in lines]
        accounts = {a.code: _leaf_of(a) for a in Account.objects.filter(org=org, code__in=codes)}
        existing = Voucher.objects.filter(org=org, source=source).exclude(kind=Voucher.Kind.REVERSAL).first()
    missing = [ln["account"] for ln in lines if ln["account"] not in accounts]
    if missing:
        raise ValidationError({"lines": UNKNOWN_CODE % {"c": missing[0]}})
    inputs = [LineInput(account=accounts[ln["account"]], debit=ln.get("debit"), credit=ln.get("credit"),
                        earmarked=bool(ln.get("earmarked")), project=ln.get("project", ""),
                        summary=ln.get("summary", "")) for ln in lines]
    if existing is not None and existing.state != Voucher.State.DRAFT:
        raise ValidationError({"source": SOURCE_POSTED % {"s": source_label or source, "v": existing}})
    return _voucher_save(actor=actor, org=org, date=date, summary=summary, lines=inputs, voucher=existing,
                         source=source, source_label=source_label, maker=None)


# --- opening balances --------------------------------------------------------------------------------------

def opening_set(*, actor, org: Org, year: int, rows: list[tuple[Account, Decimal, Decimal]]) -> int:
    """Replace the 期初余额 of `year` (the first year of the books) by `rows` of (account, debit, credit);
    refused whole when debits and credits differ. Returns the number of accounts with a balance."""
    org = book_org(org)
    require(can_write_books(actor, org))
    debit = sum((money(d) for _a, d, _c in rows), ZERO)
    credit = sum((money(c) for _a, _d, c in rows), ZERO)
    if debit != credit:
        raise ValidationError({"rows": OPENING_UNBALANCED % {"d": fen(debit), "c": fen(credit),
                                                             "x": fen(abs(debit - credit))}})
    for account, d, c in rows:
        if account.category in (chart.INCOME, chart.EXPENSE) and (d or c):
            raise ValidationError({"rows": OPENING_INCOME % {"a": account}})
    year_closed, _months = closed_state(org, year)
    if year_closed:
        raise ValidationError({"year": YEAR_CLOSED % {"y": year}})
    with transaction.atomic(), unscoped(BOOKS):
        chart_ensure(org=org)
        other = OpeningBalance.objects.filter(org=org).exclude(year=year).values_list("year", flat=True).first()
        if other is not None:
            raise ValidationError({"year": OPENING_OTHER_YEAR % {"y": other}})
        if Voucher.objects.filter(org=org, year__lt=year).exists():
            raise ValidationError({"year": OPENING_AFTER_VOUCHERS % {"y": year}})
        before = {o.account.code: [fen(o.debit), fen(o.credit)]
                  for o in OpeningBalance.objects.filter(org=org, year=year).select_related("account")}
        OpeningBalance.objects.filter(org=org, year=year).delete()
        kept = [OpeningBalance(org=org, year=year, account=a, debit=money(d), credit=money(c))
                for a, d, c in rows if money(d) or money(c)]
        OpeningBalance.objects.bulk_create(kept)
        after = {o.account.code: [fen(o.debit), fen(o.credit)] for o in kept}
        audit.record(actor=actor, action="import", object_type="funds_opening", object_id=str(year),
                     object_repr=_("%(y)d年期初余额") % {"y": year}, org_path=org.path,
                     changes=audit.diff(before, after))
    return len(kept)


# --- closing ---------------------------------------------------------------------------------------------

def month_close(*, actor, org: Org, year: int, month: int) -> None:
    """结账 of one month: every voucher of it posted; afterwards nothing is dated, changed or posted in it."""
    org = book_org(org)
    require(can_write_books(actor, org))
    with transaction.atomic(), unscoped(BOOKS):
        year_closed, months = closed_state(org, year)
        if year_closed:
            raise ValidationError({"year": YEAR_CLOSED % {"y": year}})
        if month in months:
            raise ValidationError({"month": ALREADY_CLOSED_MONTH % {"y": year, "m": month}})
        n = Voucher.objects.filter(org=org, year=year, month=month).exclude(state=Voucher.State.POSTED).count()
        if n:
            raise ValidationError({"month": OPEN_VOUCHERS_MONTH % {"y": year, "m": month, "n": n}})
        ClosedPeriod.objects.create(org=org, year=year, month=month, closed_by=_user(actor))
        audit.record(actor=actor, action="update", object_type="funds_period", object_id=f"{year}-{month:02d}",
                     object_repr=_("%(y)d年%(m)d月结账") % {"y": year, "m": month}, org_path=org.path,
                     changes={"结账": [None, f"{year}-{month:02d}"]})


def _net_by(org: Org, end: dt.date, qs_filter: dict, keys: tuple[str, ...]) -> dict:
    """Posted lines up to `end`, net (credit - debit) grouped by `keys`."""
    rows = (VoucherLine.objects.filter(voucher__org=org, voucher__state=Voucher.State.POSTED, voucher__date__lte=end,
                                       **qs_filter)
            .values(*keys).annotate(d=Sum("debit"), c=Sum("credit")))
    return {tuple(r[k] for k in keys): money(r["c"]) - money(r["d"]) for r in rows}


def _closing_voucher(org: Org, date: dt.date, summary: str, lines: list[LineInput], actor) -> Voucher | None:
    if not lines:
        return None
    problems = line_problems(lines, org)
    assert not problems, problems  # built from balanced books, so balanced itself
    voucher = Voucher.objects.create(
        org=org, date=date, year=date.year, month=date.month, number=_next_number(org, date.year, date.month),
        summary=summary, kind=Voucher.Kind.CLOSING, state=Voucher.State.POSTED, by_system=True,
        created_by=_user(actor), posted_by=_user(actor), posted_at=timezone.now(), reviewed_at=timezone.now())
    _write_lines(voucher, lines)
    return voucher


def _side(amount: Decimal) -> dict:
    """A net credit amount as one positive line side."""
    return {"credit": amount} if amount > 0 else {"debit": -amount}


def year_close(*, actor, org: Org, year: int) -> list[Voucher]:
    """年末结账: every income and expense balance goes to 321 工会资金结转 (专项) or 322 工会资金结余 (非专项)
    through their 本年收支结转 sub-accounts, which are then carried into 累计结转/累计结余; the year (and every
    month of it) is closed. Refused while a voucher of the year is not posted or the year before is open."""
    org = book_org(org)
    require(can_write_books(actor, org))
    end = dt.date(year, 12, 31)
    with transaction.atomic(), unscoped(BOOKS):
        chart_ensure(org=org)
        year_closed, months = closed_state(org, year)
        if year_closed:
            raise ValidationError({"year": YEAR_CLOSED % {"y": year}})
        if Voucher.objects.filter(org=org, year=year - 1).exists() and not closed_state(org, year - 1)[0]:
            raise ValidationError({"year": PREVIOUS_YEAR_OPEN % {"y": year - 1}})
        n = Voucher.objects.filter(org=org, year=year).exclude(state=Voucher.State.POSTED).count()
        if n:
            raise ValidationError({"year": OPEN_VOUCHERS_YEAR % {"y": year, "n": n}})
        accounts = {a.code: a for a in Account.objects.filter(org=org)}
        by_id = {a.pk: a for a in accounts.values()}
        nets = _net_by(org, end, {"account__category__in": [chart.INCOME, chart.EXPENSE]},
                       ("account_id", "earmarked", "project"))
        lines: list[LineInput] = []
        carried: dict[tuple[bool, str], Decimal] = defaultdict(lambda: ZERO)
        for (account_id, earmarked, project), net in sorted(nets.items(), key=lambda kv: by_id[kv[0][0]].code):
            if not net:
                continue
            # Close the account: the opposite side of its net balance.
            lines.append(LineInput(account=by_id[account_id], earmarked=earmarked, project=project,
                                   summary=_("本年收支结转"), **_side(-net)))
            carried[(earmarked, project if earmarked else "")] += net
        for (earmarked, project), net in sorted(carried.items()):
            if net:
                target = accounts[chart.CARRY_EARMARKED if earmarked else chart.CARRY_FREE]
                lines.append(LineInput(account=target, earmarked=earmarked, project=project,
                                       summary=_("本年收支结转"), **_side(net)))
        made = []
        first = _closing_voucher(org, end, _("%(y)d年本年收支结转") % {"y": year}, lines, actor)
        if first:
            made.append(first)
        carry = _net_by(org, end, {"account__code__in": [chart.CARRY_EARMARKED, chart.CARRY_FREE]},
                        ("account__code", "earmarked", "project"))
        lines = []
        for (code, earmarked, project), net in sorted(carry.items()):
            if not net:
                continue
            target = accounts[chart.ACCUM_EARMARKED if code == chart.CARRY_EARMARKED else chart.ACCUM_FREE]
            lines.append(LineInput(account=accounts[code], earmarked=earmarked, project=project,
                                   summary=_("转入累计结转结余"), **_side(-net)))
            lines.append(LineInput(account=target, earmarked=earmarked, project=project,
                                   summary=_("转入累计结转结余"), **_side(net)))
        second = _closing_voucher(org, end, _("%(y)d年收支结转转入累计结转结余") % {"y": year}, lines, actor)
        if second:
            made.append(second)
        ClosedPeriod.objects.bulk_create(
            [ClosedPeriod(org=org, year=year, month=m, closed_by=_user(actor)) for m in range(13)
             if m not in months])
        audit.record(actor=actor, action="update", object_type="funds_period", object_id=str(year),
                     object_repr=_("%(y)d年年末结账") % {"y": year}, org_path=org.path,
                     changes={"年末结账": [None, year], "结转凭证": [None, [str(v) for v in made]]})
    return made


VOUCHER_FIELDS = ("id", "org", "date", "year", "month", "number", "summary", "kind", "state", "attachments_count",
                  "source", "source_label", "created_by", "by_system", "created_at", "reviewed_at", "posted_at",
                  "posted_by")
LINE_FIELDS = ("voucher", "position", "summary", "account", "debit", "credit", "earmarked", "project", "red")


def vouchers_import_write(*, actor, org: Org, plan: list[dict], post: bool, filename: str = "") -> None:
    """The write step of the voucher import (funds/importing.py): `plan` items are {"voucher": Voucher or None,
    "date", "number", "summary", "lines": [LineInput]}; new ones are created with their file number, drafts
    changed; with `post` they are recorded as posted, reviewed by the system. One transaction, set-based,
    one audit row naming every voucher written."""
    require(can_write_books(actor, org))
    now = timezone.now()
    maker = _user(actor)
    with transaction.atomic(), unscoped(BOOKS):
        for date in {item["date"].replace(day=1) for item in plan}:
            check_open(org, date)
        state = Voucher.State.POSTED if post else Voucher.State.DRAFT
        updates = [item for item in plan if item["voucher"] is not None]
        for item in updates:
            voucher, date = item["voucher"], item["date"]
            voucher.date, voucher.year, voucher.month, voucher.summary = date, date.year, date.month, item["summary"]
            if post:
                voucher.state, voucher.by_system, voucher.posted_by = state, True, maker
                voucher.reviewed_at = voucher.posted_at = now
        if updates:
            VoucherLine.objects.filter(voucher__in=[item["voucher"] for item in updates]).delete()
            Voucher.objects.bulk_update([item["voucher"] for item in updates],
                                        ["date", "year", "month", "summary", "state", "by_system", "reviewed_at",
                                         "posted_at", "posted_by"], batch_size=500)
        new = [item for item in plan if item["voucher"] is None]
        # A year of vouchers is tens of thousands of lines: written set-based (core.tabular.bulk), not per object.
        ids = reserve_ids(Voucher, len(new))
        stamp = now if post else None
        insert_many(Voucher, VOUCHER_FIELDS, (
            (pk, org.pk, item["date"], item["date"].year, item["date"].month, item["number"], item["summary"],
             Voucher.Kind.NORMAL, state, 0, "", "", getattr(maker, "pk", None), post, now, stamp, stamp,
             getattr(maker, "pk", None) if post else None)
            for pk, item in zip(ids, new, strict=True)))
        voucher_ids = [item["voucher"].pk for item in updates] + ids
        insert_many(VoucherLine, LINE_FIELDS, (
            (pk, n, (line.summary or "")[:200], line.account.pk, money(line.debit), money(line.credit),
             line.earmarked, (line.project or "").strip()[:100], False)
            for pk, item in zip(voucher_ids, updates + new, strict=True)
            for n, line in enumerate(item["lines"], start=1)))
        label = "{0:%Y}-{0:%m} 记-{1}".format
        created = [label(item["date"], item["number"]) for item in new]
        changed = [label(item["date"], item["number"]) for item in updates]
        audit.record(actor=actor, action="import", object_type="funds_voucher", object_repr=filename[:200],
                     org_path=org.path,
                     changes={"导入方式": [None, _("导入并由系统审核记账") if post else _("导入为待审核凭证")],
                              "新增": [None, created], "更新": [None, changed]})


@dataclass
class BudgetInput:
    account: Account
    amount: Decimal
    kind: str = BudgetLine.Kind.BASIC
    control: str = BudgetLine.Control.WARN


def budget_set(*, actor, org: Org, year: int, lines: list[BudgetInput]) -> Budget:
    """编制预算: replace the lines of the year's budget while it is not approved."""
    org = book_org(org)
    require(can_write_books(actor, org))
    problems, seen = [], set()
    for line in lines:
        if line.account.org_id != org.pk or line.account.category != chart.EXPENSE:
            problems.append(BUDGET_NOT_EXPENSE % {"a": line.account})
        if line.amount is None or line.amount < 0 or line.amount != money(line.amount):
            problems.append(BUDGET_AMOUNT % {"a": line.account})
        key = (line.account.pk, line.kind)
        if key in seen:
            problems.append(BUDGET_DUPLICATE % {"a": line.account, "k": BudgetLine.Kind(line.kind).label})
        seen.add(key)
    if problems:
        raise ValidationError({"lines": problems})
    with transaction.atomic(), unscoped(BOOKS):
        budget, _created = Budget.objects.select_for_update().get_or_create(org=org, year=year)
        if budget.state == Budget.State.APPROVED:
            raise ValidationError({"year": BUDGET_FIXED % {"y": year}})
        before = {f"{b.account.code}/{b.kind}": [fen(b.amount), b.control] for b in budget.lines.select_related("account")}
        budget.lines.all().delete()
        BudgetLine.objects.bulk_create([BudgetLine(budget=budget, account=ln.account, kind=ln.kind, amount=money(ln.amount),
                                                   control=ln.control) for ln in lines])
        after = {f"{ln.account.code}/{ln.kind}": [fen(ln.amount), ln.control] for ln in lines}
        audit.record(actor=actor, action="update", obj=budget, object_type="funds_budget", org_path=org.path,
                     changes=audit.diff(before, after))
    return mark_fetched(budget)


def budget_approve(*, actor, org: Org, year: int) -> Budget:
    """批准预算: from now on the budget is fixed (a finance officer or the union's head approves)."""
    org = book_org(org)
    require(can_review_vouchers(actor, org))
    with transaction.atomic(), unscoped(BOOKS):
        budget = Budget.objects.select_for_update().filter(org=org, year=year).first()
        if budget is None:
            raise ValidationError({"year": BUDGET_MISSING % {"y": year}})
        if budget.state == Budget.State.APPROVED:
            raise ValidationError({"year": BUDGET_FIXED % {"y": year}})
        if not budget.lines.exists():
            raise ValidationError({"year": BUDGET_EMPTY % {"y": year}})
        budget.state, budget.approved_by, budget.approved_at = Budget.State.APPROVED, _user(actor), timezone.now()
        budget.save(update_fields=["state", "approved_by", "approved_at"])
        audit.record(actor=actor, action="update", obj=budget, object_type="funds_budget", org_path=org.path,
                     changes={"状态": ["编制中", "已批准"]})
    return mark_fetched(budget)


def books_of(*, viewer, org: Org) -> Org:
    """The union whose books `viewer` reads for `org` (PermissionDenied when not a reader of them)."""
    books = book_org(org)
    require(can_read_books(viewer, books))
    chart_ensure(org=books)
    return books
