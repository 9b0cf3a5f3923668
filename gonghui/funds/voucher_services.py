"""Vouchers (记账凭证): 制单 -> 审核 -> 记账 by different users, red reversal, drafts posted downward by
other apps (`voucher_draft_from`), and the write step of the voucher import. Every service takes
keyword-only arguments and `actor`, runs atomically, raises ValidationError (Chinese) or PermissionDenied,
and writes its audit row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.attachment_check import remove_files
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.core.tabular.bulk import insert_many, reserve_ids
from gonghui.funds import chart
from gonghui.funds.book_services import (
    BOOKS,
    CENT,
    ZERO,
    book_org,
    chart_ensure,
    check_open,
    closed_state,
    fen,
    money,
    user_of,
)
from gonghui.funds.budget_services import within_budget
from gonghui.funds.models import (
    Account,
    Voucher,
    VoucherLine,
)
from gonghui.funds.rights import can_review_vouchers, can_write_books, require
from gonghui.orgs.models import Org

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
NOT_DRAFT = _("凭证%(v)s已审核或已记账，不能修改或删除；已记账的凭证只能用红字凭证冲销。")
NOT_DRAFT_REVIEW = _("凭证%(v)s不是待审核状态。")
OWN_VOUCHER = _("不能审核自己制单的凭证，请由另一位财务人员或单位负责人审核。")
NOT_REVIEWED = _("凭证%(v)s尚未审核，审核后才能记账。")
NOT_POSTED = _("只有已记账的凭证才需要红字冲销；未记账的凭证可直接修改或删除。")
ALREADY_REVERSED = _("凭证%(v)s已被冲销过（%(r)s）。")
RED_FIXED = _("红字冲销凭证照原凭证生成，不能修改；如有误，删除后重新冲销。")
REVERSE_REVERSAL = _("红字冲销凭证和年末结转凭证不能再冲销。")
SOURCE_POSTED = _("来源“%(s)s”的凭证%(v)s已审核或记账，不能再自动修改；请财务人员处理（必要时红字冲销后重做）。")
UNKNOWN_CODE = _("本账套没有代码为“%(c)s”的科目。")


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


def next_number(org: Org, year: int, month: int) -> int:
    top = Voucher.objects.filter(org=org, year=year, month=month).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def write_lines(voucher: Voucher, lines: list[LineInput], *, red: bool = False) -> None:
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


def _validate(org: Org, date: dt.date, summary: str, lines: list[LineInput], *, date_checked: bool = False) -> str:
    summary = (summary or "").strip()
    errors = {}
    if not summary:
        errors["summary"] = NO_SUMMARY
    problems = line_problems(lines, org)
    if problems:
        errors["lines"] = problems
    if errors:
        raise ValidationError(errors)
    if not date_checked:
        check_open(org, date)
    return summary[:200]


def voucher_save(*, actor, org: Org, date: dt.date, summary: str, lines: list[LineInput],
                 voucher: Voucher | None = None, attachments_count: int = 0) -> Voucher:
    """Create a draft (制单), or change a draft. The number is the next of the month."""
    org = book_org(org)
    require(can_write_books(actor, org))
    return _voucher_save(actor=actor, org=org, date=date, summary=summary, lines=lines, voucher=voucher,
                         attachments_count=attachments_count, maker=user_of(actor))


def _voucher_save(*, actor, org, date, summary, lines, voucher, attachments_count=0, maker=None, source="",
                  source_label="", prepared=False):
    """`prepared`: the caller seeded the chart and checked `date` is open, in its own transaction (a draft
    from a ledger entry is written on every save of the entry: fewer queries)."""
    with transaction.atomic(savepoint=not prepared), unscoped(BOOKS):
        if not prepared:
            chart_ensure(org=org)
        summary = _validate(org, date, summary, lines, date_checked=prepared)
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
            voucher.number = next_number(org, date.year, date.month)
        voucher.date, voucher.year, voucher.month = date, date.year, date.month
        voucher.summary = summary
        # Never fewer than the files uploaded on it (a draft from elsewhere passes 0 when it is updated).
        voucher.attachments_count = max(attachments_count, voucher.files.count() if voucher.pk else 0)
        voucher.save()
        if before is not None:
            voucher.lines.all().delete()
        write_lines(voucher, lines)
        after = {"日期": date.isoformat(), "摘要": summary, "分录": lines_snapshot(lines)}
        audit.record(actor=actor, action="create" if before is None else "update", obj=voucher,
                     object_type="funds_voucher", org_path=org.path,
                     changes=audit.diff(before or {}, after))
    return mark_fetched(voucher)


def voucher_delete(*, actor, voucher: Voucher) -> None:
    require(can_write_books(actor, voucher.org))
    voucher_delete_draft(actor=actor, voucher=voucher)


def voucher_delete_draft(*, actor, voucher: Voucher) -> None:
    """Delete a draft, audited (the right was checked by the caller: finance, or the app whose entry made it)."""
    org = voucher.org
    with transaction.atomic(), unscoped(BOOKS):
        voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if voucher.state != Voucher.State.DRAFT:
            raise ValidationError({"state": NOT_DRAFT % {"v": voucher}})
        check_open(org, voucher.date)
        snap = {"日期": voucher.date.isoformat(), "摘要": voucher.summary,
                "分录": lines_snapshot(voucher.lines.select_related("account"))}
        audit.record(actor=actor, action="delete", object_type="funds_voucher", object_id=str(voucher.pk),
                     object_repr=str(voucher), org_path=org.path, changes={k: [v, None] for k, v in snap.items()})
        files = [(f.file.storage, f.file.name) for f in voucher.files.all()]  # its attachments go with it
        voucher.delete()
        transaction.on_commit(lambda: [remove_files(storage, [name]) for storage, name in files])


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
    user = user_of(actor)

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
                       check=within_budget, posted_by=user_of(actor), posted_at=timezone.now())


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
            org=org, date=date, year=date.year, month=date.month, number=next_number(org, date.year, date.month),
            summary=_("冲销%(y)d年%(m)d月记-%(n)d号凭证：%(s)s") % {
                "y": original.year, "m": original.month, "n": original.number, "s": original.summary},
            kind=Voucher.Kind.REVERSAL, reverses=original, created_by=user_of(actor))
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


ADJUSTMENT = _("%(s)s（金额变更调整）")
LATE = _("%(s)s（补记%(d)s）")


def voucher_draft_follow(*, actor, org: Org, source: str, source_label: str, date: dt.date, summary: str,
                         lines: list[dict]) -> Voucher | None:
    """The draft of an entry that pays an amount which may change after finance fixed its voucher (aid,
    competition rewards, culture events): `lines` are the entry's two lines, 借 the expense and 贷 the payment
    account (empty: the entry pays nothing any more). Before 审核 the draft simply follows the entry. Once
    vouchers of the source are reviewed or posted, the draft carries only the difference between the entry's
    amount and the expense they booked (net of their red reversals and of earlier differences), on the
    accounts of the latest of them — as finance corrected them (库存现金 instead of 银行存款…) —, the other way
    round for a lower amount; no difference, no draft (an unneeded one is deleted). A posted voucher is never
    touched. The draft is dated `date`, or today (补记) when `date` is in a closed month. Returns the draft or
    None when nothing remains to book."""
    org = book_org(org)
    chart_ensure(org=org)
    # No savepoint of its own: a refusal here refuses the caller's whole write (the entry with its draft).
    with transaction.atomic(savepoint=False), unscoped(BOOKS):
        codes = [ln["account"] for ln in lines]
        accounts = {a.code: _leaf_of(a) for a in Account.objects.filter(org=org, code__in=codes)}
        missing = [code for code in codes if code not in accounts]
        if missing:
            raise ValidationError({"lines": UNKNOWN_CODE % {"c": missing[0]}})
        mine = list(Voucher.objects.select_for_update().filter(org=org, source=source, kind=Voucher.Kind.NORMAL)
                    .order_by("pk"))
        draft = next((v for v in mine if v.state == Voucher.State.DRAFT), None)
        fixed = [v.pk for v in mine if v.state != Voucher.State.DRAFT]
        inputs = [LineInput(account=accounts[ln["account"]], debit=ln.get("debit"), credit=ln.get("credit"),
                            earmarked=bool(ln.get("earmarked")), project=ln.get("project", ""),
                            summary=ln.get("summary", "")) for ln in lines]
        if fixed:
            inputs = _difference(fixed, inputs)
            summary = ADJUSTMENT % {"s": summary}
        if not inputs:
            if draft is not None:
                voucher_delete_draft(actor=actor, voucher=draft)
            return None
        year_closed, months = closed_state(org, date.year)
        if year_closed or date.month in months:
            summary, date = LATE % {"s": summary, "d": date.isoformat()}, timezone.localdate()
            check_open(org, date)
        return _voucher_save(actor=actor, org=org, date=date, summary=summary[:200], lines=inputs, voucher=draft,
                             source=source, source_label=source_label, maker=None, prepared=True)


def _difference(fixed: list[int], inputs: list[LineInput]) -> list[LineInput]:
    """What the books still lack for the entry `inputs` describe, given its reviewed or posted vouchers
    `fixed`: the entry's expense minus the expense they booked (with their red reversals), on the accounts of
    the latest of them."""
    target = sum((money(ln.debit) for ln in inputs if ln.account.category == chart.EXPENSE), ZERO)
    booked = list(VoucherLine.objects.filter(
        Q(voucher_id__in=fixed) | Q(voucher__reverses_id__in=fixed, voucher__state__in=[
            Voucher.State.REVIEWED, Voucher.State.POSTED])).select_related("account", "voucher"))
    spent = sum((ln.debit - ln.credit for ln in booked if ln.account.category == chart.EXPENSE), ZERO)
    delta = target - spent
    latest = [ln for ln in booked if ln.voucher_id == max(fixed)]
    expense = next((ln for ln in latest if ln.account.category == chart.EXPENSE), None)
    other = next((ln for ln in latest if ln.account.category != chart.EXPENSE), None)
    if not delta or expense is None or other is None:
        return []
    # Sides by the kind of account (whichever way round the latest voucher went), the debit line first.
    debit, credit = (expense, other) if delta > 0 else (other, expense)
    return [LineInput(account=debit.account, earmarked=debit.earmarked, project=debit.project, debit=abs(delta)),
            LineInput(account=credit.account, earmarked=credit.earmarked, project=credit.project, credit=abs(delta))]


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
    maker = user_of(actor)
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


