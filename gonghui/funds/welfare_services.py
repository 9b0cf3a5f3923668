"""福利发放: festival gifts, birthday, wedding/birth, hospital, bereavement and retirement issues to members,
checked against the province's yearly per-member limits before they are saved, each posting its draft
voucher (50105 会员活动) through `services.voucher_draft_from`.

The limits are data (WelfareLimit: item, in force from a year, amount per member per year, whether cash or
shopping cards are allowed), seeded once per union from DEFAULT_LIMITS and edited by 财务/管理员. The seed is
安徽's later edition (domain.md §4.3, a secondary source): a union sets its own province's figures.

Reads run inside `unscoped(...)` after the actor's right on the union's books was checked (as services.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import SYSTEM, scoped
from gonghui.core import audit
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.funds.book_services import BOOKS, ZERO, book_org, fen, money
from gonghui.funds.models import (
    Voucher,
    WelfareForm,
    WelfareIssue,
    WelfareItem,
    WelfareLimit,
    WelfareRecipient,
)
from gonghui.funds.rights import FUNDS_READ_ROLES, can_issue_welfare, can_read_books, require
from gonghui.funds.voucher_services import voucher_delete, voucher_draft_from
from gonghui.orgs.models import Org

WELFARE_ACCOUNT = "50105"  # 职工活动支出—会员活动 (festival, birthday, wedding/funeral, retirement gifts)
PAID_FROM = "102"  # 银行存款 (a union that divided it gets its first sub-account; finance may change the draft)
DEFAULT_FROM = 2018
DEFAULT_BASIS = "安徽省基层工会经费收支管理实施办法（修订版），请按本省规定核对修改"
# item -> (yearly amount per member, cash/card allowed)
DEFAULT_LIMITS = {
    WelfareItem.FESTIVAL: (Decimal("2000.00"), False),
    WelfareItem.BIRTHDAY: (Decimal("300.00"), False),
    WelfareItem.WEDDING: (Decimal("2000.00"), True),
    WelfareItem.BIRTH: (Decimal("1000.00"), True),
    WelfareItem.HOSPITAL: (Decimal("1000.00"), True),
    WelfareItem.DEATH_MEMBER: (Decimal("2000.00"), True),
    WelfareItem.DEATH_RELATIVE: (Decimal("1000.00"), True),
    WelfareItem.RETIREMENT: (Decimal("1000.00"), False),
}
MONEY_FORMS = (WelfareForm.CASH, WelfareForm.CARD)

BAD_ITEM = _("请选择发放项目（节日、生日、结婚、生育、住院、去世、退休）。")
BAD_FORM = _("请选择发放形式（实物、指定商品提货券、现金或购物卡）。")
NO_SUMMARY = _("请填写摘要（如“2026年春节慰问品”）。")
NO_RECIPIENTS = _("请至少填写一名发放对象。")
NO_NAME = _("第%(n)d名发放对象没有姓名。")
BAD_AMOUNT = _("%(name)s的金额应大于0，最多两位小数（到分）。")
TWICE = _("%(name)s在本次发放中出现了两次，请合并为一行。")
NO_LIMIT = _("%(y)d年没有“%(i)s”的每人限额，请先在“福利限额”中设置。")
FORM_FORBIDDEN = _("“%(i)s”不得发放%(f)s（只能发放实物或指定商品的提货券），请改为实物。")
OVER_LIMIT = _("%(name)s：%(y)d年“%(i)s”每人限额%(limit)s元，本年已发%(had)s元，本次%(amount)s元，合计%(total)s元，"
               "超出%(over)s元。")
ISSUE_POSTED = _("这次发放的凭证%(v)s已审核或记账，不能撤销；请财务人员先红字冲销。")
LIMIT_YEAR = _("起始年度应为2000至2100之间的年份。")
LIMIT_AMOUNT = _("限额应为不小于0、最多两位小数的金额。")


@dataclass
class RecipientInput:
    name: str
    amount: Decimal | None
    person_id: int | None = None


def _key(person_id, name: str):
    return ("p", person_id) if person_id else ("n", name.strip())


# --- limits ----------------------------------------------------------------------------------------------

def limits_ensure(*, org: Org) -> None:
    """Seed DEFAULT_LIMITS into a union's books once (a union with any limit row keeps its own)."""
    with unscoped(BOOKS):
        if WelfareLimit.objects.filter(org=org).exists():
            return
        WelfareLimit.objects.bulk_create([
            WelfareLimit(org=org, item=item, year_from=DEFAULT_FROM, amount=amount, cash_allowed=cash,
                         basis=DEFAULT_BASIS)
            for item, (amount, cash) in DEFAULT_LIMITS.items()])


def limit_list(*, viewer, org: Org) -> list[WelfareLimit]:
    org = book_org(org)
    require(can_read_books(viewer, org))
    limits_ensure(org=org)
    with unscoped(BOOKS):
        return [mark_fetched(x) for x in WelfareLimit.objects.filter(org=org).order_by("item", "year_from")]


def limits_in_force(org: Org, year: int) -> dict[str, WelfareLimit]:
    """item -> the limit row in force in `year` (the latest `year_from` not after it)."""
    limits_ensure(org=org)
    out = {}
    with unscoped(BOOKS):
        for row in WelfareLimit.objects.filter(org=org, year_from__lte=year).order_by("year_from"):
            out[row.item] = row
    return out


def limit_set(*, actor, org: Org, item: str, year_from: int, amount, cash_allowed: bool,
              basis: str = "") -> WelfareLimit:
    """Set the per-member yearly limit of `item` from `year_from` on (a new edition of the province's rules
    adds a row; earlier years keep theirs)."""
    org = book_org(org)
    require(can_issue_welfare(actor, org))
    errors = {}
    if item not in WelfareItem.values:
        errors["item"] = BAD_ITEM
    if not isinstance(year_from, int) or not 2000 <= year_from <= 2100:
        errors["year_from"] = LIMIT_YEAR
    if amount is None or amount < 0 or amount != money(amount):
        errors["amount"] = LIMIT_AMOUNT
    if errors:
        raise ValidationError(errors)
    limits_ensure(org=org)
    with transaction.atomic(), unscoped(BOOKS):
        row = WelfareLimit.objects.select_for_update().filter(org=org, item=item, year_from=year_from).first()
        before = {"限额": fen(row.amount), "可发现金": row.cash_allowed} if row else {}
        if row is None:
            row = WelfareLimit(org=org, item=item, year_from=year_from)
        row.amount, row.cash_allowed, row.basis = money(amount), bool(cash_allowed), (basis or "").strip()[:200]
        row.save()
        audit.record(actor=actor, action="update" if before else "create", obj=row, object_type="funds_welfare_limit",
                     object_repr=f"{WelfareItem(item).label!s} {year_from}年起", org_path=org.path,
                     changes=audit.diff(before, {"限额": fen(row.amount), "可发现金": row.cash_allowed}))
    return mark_fetched(row)


# --- issues ----------------------------------------------------------------------------------------------

def parse_recipients(text: str) -> tuple[list[RecipientInput], list[str]]:
    """Lines "姓名 金额" (space, tab, comma or 、) as typed in the form: recipients and problems."""
    out, problems = [], []
    for n, raw in enumerate((text or "").splitlines(), start=1):
        parts = raw.replace("，", " ").replace(",", " ").replace("、", " ").replace("\t", " ").split()
        if not parts:
            continue
        if len(parts) != 2:
            problems.append(_("第%(n)d行“%(t)s”应为“姓名 金额”。") % {"n": n, "t": raw.strip()})
            continue
        try:
            amount = Decimal(parts[1])
        except InvalidOperation:
            problems.append(_("第%(n)d行的金额“%(a)s”不是数字。") % {"n": n, "a": parts[1]})
            continue
        out.append(RecipientInput(name=parts[0], amount=amount))
    return out, problems


def issue_problems(*, org: Org, date: dt.date, item: str, form: str, summary: str,
                   recipients: list[RecipientInput], exclude_issue: int | None = None) -> list[str]:
    """Everything wrong with an issue, in Chinese; over a limit says for whom and by how much."""
    problems = []
    if item not in WelfareItem.values:
        return [BAD_ITEM]
    if form not in WelfareForm.values:
        problems.append(BAD_FORM)
    if not (summary or "").strip():
        problems.append(NO_SUMMARY)
    if not recipients:
        problems.append(NO_RECIPIENTS)
    seen = set()
    for n, r in enumerate(recipients, start=1):
        if not (r.name or "").strip():
            problems.append(NO_NAME % {"n": n})
            continue
        if r.amount is None or r.amount <= 0 or r.amount != money(r.amount):
            problems.append(BAD_AMOUNT % {"name": r.name})
        key = _key(r.person_id, r.name)
        if key in seen:
            problems.append(TWICE % {"name": r.name})
        seen.add(key)
    label = str(WelfareItem(item).label)
    limit = limits_in_force(org, date.year).get(item)
    if limit is None:
        return problems + [NO_LIMIT % {"y": date.year, "i": label}]
    if form in MONEY_FORMS and not limit.cash_allowed:
        problems.append(FORM_FORBIDDEN % {"i": label, "f": str(WelfareForm(form).label)})
    if problems:
        return problems
    had = _issued_in_year(org, item, date.year, exclude_issue)
    for r in recipients:
        before = had.get(_key(r.person_id, r.name), ZERO)
        total = before + r.amount
        if total > limit.amount:
            problems.append(OVER_LIMIT % {"name": r.name, "y": date.year, "i": label, "limit": fen(limit.amount),
                                          "had": fen(before), "amount": fen(r.amount), "total": fen(total),
                                          "over": fen(total - limit.amount)})
    return problems


def _issued_in_year(org: Org, item: str, year: int, exclude_issue: int | None) -> dict:
    """(person key) -> what members already got of `item` in `year` (issues of these books)."""
    out: dict = defaultdict(lambda: ZERO)
    with unscoped(BOOKS):
        qs = WelfareRecipient.objects.filter(issue__org=org, issue__item=item, issue__date__year=year)
        if exclude_issue:
            qs = qs.exclude(issue_id=exclude_issue)
        for person_id, name, amount in qs.values("person_id", "name").annotate(a=Sum("amount")).values_list(
                "person_id", "name", "a"):
            out[_key(person_id, name)] += money(amount)
    return out


def welfare_check(*, actor, org: Org, date: dt.date, item: str, form: str, summary: str,
                  recipients: list[RecipientInput]) -> list[str]:
    """What `welfare_issue` would refuse, without saving anything (the form's 检查 button): [] when it may be
    saved."""
    org = book_org(org)
    require(can_issue_welfare(actor, org))
    return issue_problems(org=org, date=date, item=item, form=form, summary=summary, recipients=recipients)


def welfare_issue(*, actor, org: Org, date: dt.date, item: str, form: str, summary: str,
                  recipients: list[RecipientInput]) -> WelfareIssue:
    """Record a 福利发放 and post its draft voucher (借 50105 会员活动, 贷 102 银行存款). Refused whole, before
    anything is saved, when a member would go above the year's limit (naming the member and the excess), when
    the form is cash or a shopping card where the rules forbid it, or when any line is wrong."""
    org = book_org(org)
    require(can_issue_welfare(actor, org))
    with transaction.atomic(), unscoped(BOOKS):
        # Checked inside the transaction: the year's sums the limit is checked against are those written with it.
        problems = issue_problems(org=org, date=date, item=item, form=form, summary=summary, recipients=recipients)
        if problems:
            raise ValidationError({"recipients": problems})
        total = sum((money(r.amount) for r in recipients), ZERO)
        summary = summary.strip()[:200]
        issue = WelfareIssue.objects.create(org=org, date=date, item=item, form=form, summary=summary, total=total,
                                            created_by=actor if getattr(actor, "pk", None) else None)
        WelfareRecipient.objects.bulk_create([
            WelfareRecipient(issue=issue, position=n, person_id=r.person_id, name=r.name.strip()[:50],
                             amount=money(r.amount)) for n, r in enumerate(recipients, start=1)])
        voucher = voucher_draft_from(
            actor=actor, org=org, source=f"funds.welfare:{issue.pk}",
            source_label=f"福利发放 {date:%Y-%m-%d} {WelfareItem(item).label!s} {len(recipients)}人",
            date=date, summary=summary,
            lines=[{"account": WELFARE_ACCOUNT, "debit": total}, {"account": PAID_FROM, "credit": total}])
        issue.voucher = voucher
        issue.save(update_fields=["voucher"])
        audit.record(actor=actor, action="create", obj=issue, object_type="funds_welfare_issue", org_path=org.path,
                     changes={"项目": [None, str(WelfareItem(item).label)], "形式": [None, str(WelfareForm(form).label)],
                              "合计": [None, fen(total)],
                              "发放对象": [None, [f"{r.name} {fen(r.amount)}" for r in recipients]],
                              "凭证": [None, str(voucher)]})
    return mark_fetched(issue)


def welfare_issue_delete(*, actor, issue: WelfareIssue) -> None:
    """Withdraw an issue entered by mistake, with its draft voucher; refused once finance reviewed or posted
    the voucher (finance reverses it first)."""
    org = book_org(issue.org)
    require(can_issue_welfare(actor, org))
    with transaction.atomic(), unscoped(BOOKS):
        issue = WelfareIssue.objects.select_for_update().get(pk=issue.pk, org=org)
        voucher = Voucher.objects.filter(org=org, source=f"funds.welfare:{issue.pk}").exclude(
            kind=Voucher.Kind.REVERSAL).first()
        if voucher is not None and voucher.state != Voucher.State.DRAFT:
            raise ValidationError({"issue": ISSUE_POSTED % {"v": voucher}})
        names = [f"{r.name} {fen(r.amount)}" for r in issue.recipients.all()]
        audit.record(actor=actor, action="delete", object_type="funds_welfare_issue", object_id=str(issue.pk),
                     object_repr=str(issue), org_path=org.path,
                     changes={"合计": [fen(issue.total), None], "发放对象": [names, None],
                              "凭证": [str(voucher) if voucher else None, None]})
        if voucher is not None:
            voucher_delete(actor=SYSTEM, voucher=voucher)
        issue.delete()


def issue_list(*, viewer, org: Org, year: int) -> list[WelfareIssue]:
    org = book_org(org)
    require(can_read_books(viewer, org))
    with unscoped(BOOKS):
        return [mark_fetched(i) for i in WelfareIssue.objects.filter(org=org, date__year=year)
                .select_related("voucher").order_by("-date", "-id")]


def issue_get(*, viewer, pk) -> tuple[WelfareIssue, list[WelfareRecipient]]:
    """One issue with its members (Http404 when missing or outside the books the viewer reads)."""
    from django.http import Http404

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    issue = scoped(WelfareIssue.objects.filter(pk=pk), viewer, roles=FUNDS_READ_ROLES).select_related(
        "org", "voucher").first()
    if issue is None:
        raise Http404
    recipients = list(scoped(WelfareRecipient.objects.filter(issue=issue), viewer, roles=FUNDS_READ_ROLES)
                      .order_by("position", "id"))
    return issue, recipients
