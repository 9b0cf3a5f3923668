"""经审 (经费审查委员会): a sample of the year's posted vouchers to check against their attachments and the
entries they came from, findings recorded per voucher (by the 经审 only: it changes nothing else), and the
figures its report is made of.

The sample is reproducible (the same union and year give the same vouchers, so two auditors look at the same
ones): the largest vouchers by amount first, then vouchers spread evenly over the rest of the year, and every
voucher that already carries a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import scoped
from gonghui.core import audit
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.funds.book_services import BOOKS, ZERO, book_org, money
from gonghui.funds.models import AuditFinding, Voucher
from gonghui.funds.rights import FUNDS_READ_ROLES, can_audit_books, require

SAMPLE_SIZE = 20
LARGEST = 5  # of the sample, the largest vouchers by amount; the rest spread over the year

BAD_RESULT = _("请选择审查结论（无问题或有问题）。")
NEED_TEXT = _("结论为“有问题”时，请写明问题（如“缺少活动签到表”“超标准发放”）。")
TEXT_LONG = _("审查意见不超过500个字。")
NOT_POSTED = _("凭证%(v)s尚未记账，经审只审查已记账的凭证。")


@dataclass
class SampleRow:
    voucher: Voucher
    amount: Decimal
    findings: list = field(default_factory=list)


def _amounts(viewer, org, year) -> dict[int, Decimal]:
    rows = (scoped(Voucher.objects.filter(org=org, year=year, state=Voucher.State.POSTED,
                                          kind=Voucher.Kind.NORMAL), viewer, roles=FUNDS_READ_ROLES)
            .annotate(total=Sum("lines__debit")).values_list("pk", "total"))
    return {pk: money(total) for pk, total in rows}


def pick_sample(amounts: dict[int, Decimal], size: int = SAMPLE_SIZE, largest: int = LARGEST) -> list[int]:
    """The voucher ids to check: the `largest` by amount, then `size - largest` evenly spaced over the rest
    (in id order, which is the order they were written)."""
    if len(amounts) <= size:
        return sorted(amounts)
    top = sorted(amounts, key=lambda pk: (-amounts[pk], pk))[:largest]
    rest = sorted(set(amounts) - set(top))
    want = size - len(top)
    step = len(rest) / want
    spread = [rest[int(i * step)] for i in range(want)]
    return sorted(set(top) | set(spread))


def audit_sample(*, viewer, org, year: int, size: int = SAMPLE_SIZE) -> list[SampleRow]:
    """The sample of `year` with each voucher's amount and findings (readers of the books see it)."""
    amounts = _amounts(viewer, org, year)
    findings = list(scoped(AuditFinding.objects.filter(voucher__org=org, voucher__year=year), viewer,
                           roles=FUNDS_READ_ROLES).select_related("auditor").order_by("created_at", "id"))
    ids = set(pick_sample(amounts, size)) | {f.voucher_id for f in findings}
    vouchers = scoped(Voucher.objects.filter(pk__in=ids), viewer, roles=FUNDS_READ_ROLES).select_related("org").order_by(
        "year", "month", "number")
    by_voucher: dict[int, list] = {}
    for finding in findings:
        by_voucher.setdefault(finding.voucher_id, []).append(finding)
    return [SampleRow(v, amounts.get(v.pk, ZERO), by_voucher.get(v.pk, [])) for v in vouchers]


def findings_of(*, viewer, org, year: int) -> list[AuditFinding]:
    return list(scoped(AuditFinding.objects.filter(voucher__org=org, voucher__year=year), viewer,
                       roles=FUNDS_READ_ROLES).select_related("voucher", "auditor")
                .order_by("voucher__month", "voucher__number", "created_at", "id"))


def finding_add(*, actor, voucher: Voucher, result: str, text: str) -> AuditFinding:
    """Record what the 经审 found on a posted voucher (the 经审 writes findings and nothing else)."""
    org = book_org(voucher.org)
    require(can_audit_books(actor, org))
    text = (text or "").strip()
    if result not in AuditFinding.Result.values:
        raise ValidationError({"result": BAD_RESULT})
    if result == AuditFinding.Result.ISSUE and not text:
        raise ValidationError({"text": NEED_TEXT})
    if len(text) > 500:
        raise ValidationError({"text": TEXT_LONG})
    with transaction.atomic(), unscoped(BOOKS):
        voucher = Voucher.objects.get(pk=voucher.pk, org=org)
        if voucher.state != Voucher.State.POSTED:
            raise ValidationError({"voucher": NOT_POSTED % {"v": voucher}})
        finding = AuditFinding.objects.create(voucher=voucher, result=result, text=text, auditor=actor)
        audit.record(actor=actor, action="create", obj=finding, object_type="funds_audit_finding",
                     object_repr=str(voucher), org_path=org.path,
                     changes={"结论": [None, str(AuditFinding.Result(result).label)], "意见": [None, text]})
    return mark_fetched(finding)
