"""Writes of 会费: the policy, collections (a month's payroll deduction), single payments and refunds.
Atomic, audited, called alike by the pages, the API and the CLI. Wage and payment files: dues.imports.

Who: 管理员 and 财务 of the union (or above) write; everybody else reads per their scope.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Role
from gonghui.accounts.scoping import scope_of
from gonghui.core import audit
from gonghui.core.models import AuditEvent
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.core.tabular.bulk import insert_many, update_many
from gonghui.core.tabular.spec import normalize_header
from gonghui.dues import selectors, wage_sql
from gonghui.dues.models import DuesCollection, DuesPayment, DuesPolicy, Frequency, Method, Rounding, WageRow
from gonghui.dues.rules import FEN, ZERO, base_key, money, month_label, parse_rate
from gonghui.funds.voucher_services import voucher_draft_from
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.tree import union_of, within
from gonghui.people.models import EmploymentType

DUES_WRITE_ROLES = frozenset({Role.ADMIN, Role.FINANCE})

NOT_A_UNION = _("会费标准按基层工会设置，分会和工会小组沿用所在基层工会的标准；请选择基层工会“%(union)s”。")
NO_COMPONENTS = _("请填写缴费基数由哪些工资项目构成（如：岗位工资,薪级工资）。")
BAD_ROUNDING = _("舍入方式“%(v)s”无效，可选：tail10（尾数不足10元不计）、tail100、none、yuan。")
BAD_FREQUENCY = _("收缴频次“%(v)s”无效，可选：monthly（按月）、half_yearly（按半年）、yearly（按年）。")
BAD_CATEGORY = _("定额会费的用工形式“%(v)s”无效，可选：%(choices)s。")
BAD_FLAT = _("“%(cat)s”的定额会费“%(v)s”无效，请填写不小于0的金额。")
NO_POLICY = _("“%(org)s”在%(month)s尚未设置会费标准，请先设置（会费标准：基数构成、费率、舍入方式）。")
NOTHING_OWED = _("%(month)s没有尚欠的会费，无需代扣。")
NOT_OWING = _("%(name)s在%(month)s不需缴纳会费（非会员、保留会籍、已离会或缺工资数据），不能登记缴费。")
OVERPAID = _("%(name)s在%(month)s尚欠%(owed)s元，本次%(amount)s元超出了尚欠金额。")
REFUND_REASON = _("退款或更正（负数金额）必须填写原因。")
REFUND_TOO_MUCH = _("%(name)s在%(month)s已缴%(paid)s元，退款%(amount)s元超出了已缴金额。")
AMOUNT_ZERO = _("金额不能为0。")
AMOUNT_INVALID = _("金额“%(v)s”无效，请填写如 21.80 的金额。")
BAD_METHOD = _("缴费方式“%(v)s”无效，可选：代扣、现金、转账。")
DATE_FUTURE = _("缴费日期%(d)s晚于今天，请核对。")


def can_write_dues(user, org: Org) -> bool:
    return scope_of(user).covers(org.path, DUES_WRITE_ROLES)


def require_dues_write(user, org: Org) -> None:
    if not can_write_dues(user, org):
        raise PermissionDenied


def component_key(name: str) -> str:
    """How a wage column is named in a policy and in a stored wage row: '岗位工资（元）' -> '岗位工资'."""
    return normalize_header(name)


def clean_components(value) -> list[str]:
    parts = value if isinstance(value, (list, tuple)) else str(value or "").replace("，", ",").replace("、", ",")\
        .replace("+", ",").split(",")
    out = []
    for part in parts:
        key = component_key(part)
        if key and key not in out:
            out.append(key)
    return out


CATEGORY_LABELS = {str(label): value for value, label in EmploymentType.choices}


def clean_flat_amounts(value) -> dict[str, str]:
    """{用工形式 (value or its Chinese label): amount} -> {value: "10.00"}."""
    out: dict[str, str] = {}
    for raw_key, raw_amount in (value or {}).items():
        key = CATEGORY_LABELS.get(str(raw_key).strip(), str(raw_key).strip())
        if key not in EmploymentType.values:
            raise ValidationError({"flat_amounts": BAD_CATEGORY % {
                "v": raw_key, "choices": "、".join(CATEGORY_LABELS)}}, code="flat_category")
        try:
            amount = Decimal(str(raw_amount).strip())
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0:
            raise ValidationError({"flat_amounts": BAD_FLAT % {"cat": raw_key, "v": raw_amount}}, code="flat_amount")
        out[key] = money(amount)
    return out


@transaction.atomic
def policy_set(*, actor, org: Org, month: dt.date, base_components, rate="0.005", rounding: str = Rounding.TAIL10,
               frequency: str = Frequency.MONTHLY, flat_amounts: dict | None = None, note: str = "") -> DuesPolicy:
    """The union's policy from `month` on (replacing one set for that same month); the past keeps its own."""
    require_dues_write(actor, org)
    if org.kind != OrgKind.UNION:
        raise ValidationError({"org": NOT_A_UNION % {"union": union_of(org).name}}, code="not_union")
    components = clean_components(base_components)
    if not components:
        raise ValidationError({"base_components": NO_COMPONENTS}, code="no_components")
    if rounding not in Rounding.values:
        raise ValidationError({"rounding": BAD_ROUNDING % {"v": rounding}}, code="rounding")
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": BAD_FREQUENCY % {"v": frequency}}, code="frequency")
    values = {"base_components": components, "rate": parse_rate(rate), "rounding": rounding,
              "frequency": frequency, "flat_amounts": clean_flat_amounts(flat_amounts), "note": (note or "").strip()}
    month = month.replace(day=1)
    with unscoped("the policy of a union the actor may write (checked above)"):
        policy = DuesPolicy.objects.filter(org_id=org.pk, effective_from=month).select_for_update().first()
    before = audit.snapshot(policy, values) if policy else {}
    if policy is None:
        policy = DuesPolicy(org=org, effective_from=month, **values)
        action = AuditEvent.Action.CREATE
    else:
        for name, value in values.items():
            setattr(policy, name, value)
        action = AuditEvent.Action.UPDATE
    policy.full_clean()
    policy.save()
    bases_keep(union=org, policy=policy)
    after = audit.snapshot(policy, values)
    audit.record(actor=actor, action=action, obj=policy, org_path=org.path,
                 changes=audit.diff(before, after) if before else after)
    return mark_fetched(policy)


def bases_keep(*, union: Org, policy: DuesPolicy) -> int:
    """Keep WageRow.base_fen for `policy`'s components on the union's wage rows of the months it is in force
    (from its month until the next policy's): one UPDATE of the rows kept for other components, the database
    adding up the components stored as the import writes numbers (wage_sql.WageFen); a row with a component
    stored another way is then worked out the Python way (rules.wage_base_fen). Part of policy_set (which
    checks who may write, and audits): called in its transaction; the kept base is derived from the rows, so it
    has no audit row of its own. Rows of earlier months are left as kept for their own policy: a roll under this policy that
    falls back on one of them works its base out from the components. Returns the number of rows kept anew."""
    names = list(policy.base_components)
    key = base_key(names)
    with unscoped("the wage rows of the union whose policy is being set (the actor may write it)"):
        later = (DuesPolicy.objects.filter(org_id=union.pk, effective_from__gt=policy.effective_from)
                 .order_by("effective_from").values_list("effective_from", flat=True).first())
        rows = WageRow.objects.filter(org_id=union.pk, month__gte=policy.effective_from)
        if later is not None:
            rows = rows.filter(month__lt=later)
        n = rows.exclude(base_of=key).update(base_fen=wage_sql.wage_fen_sum(names), base_of=key)
        if n:
            left = list(rows.filter(base_of=key, base_fen__isnull=True).values_list("pk", flat=True))
            update_many(WageRow, ("base_fen",), ((base, pk) for pk, base in selectors.bases_by_pk(left, names).items()))
    return n


def require_policy(org: Org, month: dt.date) -> None:
    for union in selectors.unions_of(org):
        if selectors.policy_in_force(union, month) is None:
            raise ValidationError({"month": NO_POLICY % {"org": union.name, "month": month_label(month)}},
                                  code="no_policy")


def _collection(*, actor, org: Org, kind: str, month: dt.date, paid_on: dt.date, method: str,
                note: str = "") -> DuesCollection:
    collection = DuesCollection(org=org, kind=kind, month=month, paid_on=paid_on, method=method, note=note[:200],
                                created_by=actor if getattr(actor, "pk", None) else None)
    collection.full_clean()
    collection.save()
    return collection


# 会计科目 of the draft vouchers (funds/chart.py): 借 银行存款/库存现金, 贷 401 会费收入 (a refund the other way).
CASH_ACCOUNT, BANK_ACCOUNT, DUES_INCOME = "101", "102", "401"


def voucher_source(collection: DuesCollection) -> str:
    """The `Voucher.source` naming a collection (funds finds the voucher of an entry by it)."""
    return f"dues.collection:{collection.pk}"


def voucher_post(*, actor, collection: DuesCollection) -> None:
    """The collection's draft voucher in its union's books, through funds' service (the finance officer reviews
    and posts it): 借 银行存款 (代扣, 转账) or 库存现金 (现金), 贷 401 会费收入, the collection's total to the fen.
    A refund (a negative total) is the same entry the other way round (借 401, 贷 银行存款/库存现金), the books
    taking positive amounts only outside a red reversal. Calling again updates the draft (a changed total);
    funds refuses once finance has reviewed or posted it. `voucher_ref` then names the voucher."""
    total = Decimal(collection.total)
    if not total:
        return  # nothing to book (a file whose payments and corrections cancel out)
    cash = CASH_ACCOUNT if collection.method == Method.CASH else BANK_ACCOUNT
    amount = abs(Decimal(total)).quantize(FEN)
    if total > 0:
        lines = [{"account": cash, "debit": amount}, {"account": DUES_INCOME, "credit": amount}]
        summary = _("收%(m)s会费（%(k)s）") % {"m": month_label(collection.month), "k": collection.get_kind_display()}
    else:
        lines = [{"account": DUES_INCOME, "debit": amount}, {"account": cash, "credit": amount}]
        summary = _("退%(m)s会费（%(r)s）") % {"m": month_label(collection.month), "r": collection.note}
    label = _("会费收缴 %(d)s %(k)s %(n)d笔") % {"d": collection.paid_on.isoformat(),
                                              "k": collection.get_kind_display(), "n": collection.payments}
    voucher = voucher_draft_from(actor=actor, org=collection.org, source=voucher_source(collection),
                                 source_label=label, date=collection.paid_on, summary=summary[:200], lines=lines)
    ref = f"funds.voucher:{voucher.pk}"
    if collection.voucher_ref != ref:
        collection.voucher_ref = ref
        collection.save(update_fields=["voucher_ref"])


def vouchers_post_pending(*, actor, org: Org, skip: int | None = None) -> int:
    """Draft vouchers for the union's collections recorded without one (before the books existed, e.g. the
    demo's), called by every collection service so no command is needed. A collection whose voucher funds
    refuses (a closed month) is left for the finance officer. Returns how many were posted."""
    with unscoped("the collections of a union the actor may write (checked by the calling service)"):
        pending = list(within(DuesCollection.objects.filter(voucher_ref=""), union_of(org)).exclude(total=0)
                       .exclude(pk=skip).select_related("org").order_by("paid_on", "id"))
    done = 0
    for collection in pending:
        try:
            with transaction.atomic():
                voucher_post(actor=actor, collection=collection)
            done += 1
        except ValidationError:
            continue
    return done


def _check_date(paid_on: dt.date) -> None:
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": DATE_FUTURE % {"d": paid_on.isoformat()}}, code="date_future")


@transaction.atomic
def dues_collect(*, actor, org: Org, month: dt.date, paid_on: dt.date, method: str = Method.DEDUCTION,
                 note: str = "") -> DuesCollection:
    """The whole month's roll paid in full (代扣 from the payroll, on `paid_on`): one payment per member who
    still owes, for what they owe; one collection (what a voucher needs)."""
    require_dues_write(actor, org)
    month = month.replace(day=1)
    require_policy(org, month)
    _check_date(paid_on)
    if method not in Method.values:
        raise ValidationError({"method": BAD_METHOD % {"v": method}}, code="method")
    owing = [line for line in selectors.roll(org=org, month=month).lines if line.owed > 0]
    if not owing:
        raise ValidationError({"month": NOTHING_OWED % {"month": month_label(month)}}, code="nothing_owed")
    collection = _collection(actor=actor, org=org, kind=DuesCollection.Kind.DEDUCTION, month=month, paid_on=paid_on,
                             method=method, note=note or _("%(m)s会费工资代扣") % {"m": month_label(month)})
    now = timezone.now()
    insert_many(DuesPayment, ("org", "person", "month", "amount", "paid_on", "method", "reason", "collection",
                              "created_at"),
                ((line.org_id, line.person_id, month, line.owed, paid_on, method, "", collection.pk, now)
                 for line in owing))
    collection.total = sum((line.owed for line in owing), ZERO)
    collection.payments = len(owing)
    collection.save(update_fields=["total", "payments"])
    voucher_post(actor=actor, collection=collection)
    vouchers_post_pending(actor=actor, org=org, skip=collection.pk)
    audit.record(actor=actor, action=AuditEvent.Action.CREATE, obj=collection, org_path=org.path,
                 changes={"kind": collection.kind, "month": month_label(month), "paid_on": paid_on.isoformat(),
                          "payments": collection.payments, "total": money(collection.total)})
    return mark_fetched(collection)


def check_payment(line, *, name: str, month: dt.date, amount: Decimal, reason: str) -> str | None:
    """Why a payment (or, negative, a refund) of `amount` for this roll line cannot be recorded; None if it can.
    `line` is the member's line of the month's roll (None: they are not on it)."""
    if amount == 0:
        return AMOUNT_ZERO
    label = month_label(month)
    if amount > 0:
        if line is None or line.status != selectors.DUE or line.due <= 0:
            return NOT_OWING % {"name": name, "month": label}
        if amount > line.due - line.paid:
            return OVERPAID % {"name": name, "month": label, "owed": money(max(line.due - line.paid, ZERO)),
                               "amount": money(amount)}
        return None
    if not reason.strip():
        return REFUND_REASON
    paid = line.paid if line is not None else ZERO
    if -amount > paid:
        return REFUND_TOO_MUCH % {"name": name, "month": label, "paid": money(paid), "amount": money(-amount)}
    return None


def parse_amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount != amount.quantize(FEN):
        raise ValidationError({"amount": AMOUNT_INVALID % {"v": value}}, code="amount")
    return amount


@transaction.atomic
def payment_record(*, actor, org: Org, person, month: dt.date, amount, paid_on: dt.date,
                   method: str = Method.CASH, reason: str = "") -> DuesPayment:
    """One member's payment for one month (partial allowed), or a refund/correction as a negative amount with a
    reason. Refused for someone who owes nothing that month, and beyond what is owed (or was paid)."""
    require_dues_write(actor, org)
    month = month.replace(day=1)
    amount = parse_amount(amount)
    _check_date(paid_on)
    if method not in Method.values:
        raise ValidationError({"method": BAD_METHOD % {"v": method}}, code="method")
    line = selectors.roll(org=org, month=month, person_id=person.pk).line_of(person.pk)
    problem = check_payment(line, name=person.name, month=month, amount=amount, reason=reason)
    if problem:
        raise ValidationError({"amount": problem}, code="payment_refused")
    kind = DuesCollection.Kind.REFUND if amount < 0 else DuesCollection.Kind.FILE
    collection = _collection(actor=actor, org=org, kind=kind, month=month, paid_on=paid_on, method=method,
                             note=reason or _("%(name)s %(m)s会费") % {"name": person.name, "m": month_label(month)})
    payment = DuesPayment(org_id=line.org_id if line else person.org_id, person=person, month=month, amount=amount,
                          paid_on=paid_on, method=method, reason=reason.strip()[:200], collection=collection,
                          created_at=timezone.now())
    payment.full_clean()
    payment.save()
    collection.total, collection.payments = amount, 1
    collection.save(update_fields=["total", "payments"])
    voucher_post(actor=actor, collection=collection)
    vouchers_post_pending(actor=actor, org=org, skip=collection.pk)
    audit.record(actor=actor, action=AuditEvent.Action.CREATE, obj=payment, org_path=org.path,
                 object_repr=f"{person.name} {month_label(month)} {money(amount)}元",
                 changes={"person": person.pk, "month": month_label(month), "amount": money(amount),
                          "paid_on": paid_on.isoformat(), "method": method, "reason": payment.reason})
    return mark_fetched(payment)
