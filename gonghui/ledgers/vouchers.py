"""The draft vouchers of the ledger entries that spend the union's money: 帮扶慰问 (its 金额), 劳动竞赛 (its
奖励金额) and 文体活动 (its 活动费用) go to the union's books as drafts for the finance officer, through funds'
`voucher_draft_follow` (ledgers are above funds; funds never imports ledgers). 借 the expense sub-account of
the 工会会计制度 (domain.md §5.2), 贷 the payment account (settings.GONGHUI_FUNDS_PAYMENT_ACCOUNT: 102 银行存款 or
101 库存现金). The voucher's `source` names the entry ("ledgers.aid:12"), which is how each finds the other.

A changed amount follows (funds' rule): before 审核 the draft is updated, after it a new draft carries the
difference; a deleted entry leaves a draft undoing what was booked (or deletes its draft). 物品折价 is not
drafted: goods come from 库存物品 or were bought on a voucher of their own.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.funds.book_services import book_org
from gonghui.funds.voucher_services import voucher_draft_follow
from gonghui.ledgers import choices as c
from gonghui.ledgers.kinds import Kind
from gonghui.ledgers.models import LedgerEntry

# 会计科目 (funds/chart.py): 50404 困难职工帮扶, 50405 送温暖 (春送岗位, 夏送清凉, 金秋助学, 送温暖), 50105 会员活动
# (birthday, wedding, funeral, retirement and festival gifts), 50301 劳动和技能竞赛, 50102 文体活动.
HARDSHIP, WARMTH, MEMBER_WELFARE = "50404", "50405", "50105"
COMPETITION, CULTURE = "50301", "50102"
WARMTH_TYPES = frozenset({c.AidType.WARMTH, c.AidType.SCHOOLING})
# The field holding what an entry of the kind paid out.
AMOUNT_FIELDS = {"aid": "amount", "competition": "reward_amount", "culture": "cost"}


def aid_account(entry) -> str:
    """50105 for member welfare (by type or 性质), 50405 for 送温暖/金秋助学, else 50404 困难职工帮扶."""
    if entry.aid_type in c.AID_WELFARE_TYPES or entry.nature == c.AidNature.WELFARE:
        return MEMBER_WELFARE
    return WARMTH if entry.aid_type in WARMTH_TYPES else HARDSHIP


def expense_account(kind: Kind, entry) -> str:
    if kind.code == "aid":
        return aid_account(entry)
    return COMPETITION if kind.code == "competition" else CULTURE


def voucher_source(kind: Kind, entry: LedgerEntry) -> str:
    """The `Voucher.source` naming an entry (funds finds the vouchers of an entry by it)."""
    return f"ledgers.{kind.code}:{entry.pk}"


def _label(kind: Kind, entry) -> str:
    name = getattr(entry, "title", "") or (str(entry.recipient) if kind.code == "aid" else "")
    return f"{kind.label} {entry.date.isoformat()} {name}".strip()[:200]


def _summary(kind: Kind, entry) -> str:
    if kind.code == "aid":
        return _("%(t)s：%(p)s") % {"t": entry.get_aid_type_display(), "p": entry.recipient}
    if kind.code == "competition":
        return _("劳动竞赛奖励：%(t)s") % {"t": entry.title}
    return _("文体活动费用：%(t)s") % {"t": entry.title}


def _earmark(kind: Kind, entry) -> dict:
    """Aid paid from 专项 money (资金来源 naming 专项, e.g. 上级专项帮扶资金) is booked 专项 with that project."""
    source = (getattr(entry, "fund_source", "") or "").strip()
    return {"earmarked": True, "project": source[:100]} if "专项" in source else {}


def entry_voucher(*, actor, kind: Kind, entry: LedgerEntry, deleted: bool = False, created: bool = False):
    """Bring the entry's draft voucher in line with it (called by entry_save and entry_delete, in their
    transaction): None for kinds that do not spend, or when nothing remains to book. `created`: the entry is
    new, so no voucher of it exists yet (nothing to ask the books when it paid nothing)."""
    field = AMOUNT_FIELDS.get(kind.code)
    if field is None or (created and not getattr(entry, field)):
        return None
    try:
        book_org(entry.org)
    except ValidationError:
        return None  # an org outside any union keeps no books
    amount = Decimal(getattr(entry, field) or 0)
    lines = []
    if amount > 0 and not deleted:
        tag = _earmark(kind, entry)
        lines = [{"account": expense_account(kind, entry), "debit": amount, **tag},
                 {"account": settings.GONGHUI_FUNDS_PAYMENT_ACCOUNT, "credit": amount, **tag}]
    label = _label(kind, entry)
    if deleted:
        label = (_("（已删除）") + label)[:200]
    return voucher_draft_follow(actor=actor, org=entry.org, source=voucher_source(kind, entry), source_label=label,
                                date=entry.date, summary=_summary(kind, entry)[:200], lines=lines)
