"""Rules that belong to one ledger kind alone, declared on it as `Kind.checks` (kinds.py) and applied by
rules.check_entry. Each takes the entry's typed values and err(field, Chinese message)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gonghui.ledgers import choices as c


def closed_on_matches_status(values: dict, err) -> None:
    """劳动争议调解: 结案日期 only, and always, for a closed status."""
    status = values.get("status")
    closed = status in c.MEDIATION_CLOSED
    if closed and not values.get("closed_on"):
        err("closed_on", _("状态为“%(s)s”时必须填写结案日期。") % {"s": c.MediationStatus(status).label})
    if not closed and values.get("closed_on"):
        err("closed_on", _("案件尚未结案（状态“%(s)s”），不应填写结案日期。")
            % {"s": c.MediationStatus(status).label if status else ""})


def rejection_needs_reason(values: dict, err) -> None:
    """合理化建议: 未采纳 needs its reason."""
    if values.get("status") == c.SuggestionStatus.REJECTED and not (values.get("rejection_reason") or "").strip():
        err("rejection_reason", _("状态为“未采纳”时请填写未采纳原因。"))


def aid_nature_matches_type(values: dict, err) -> None:
    """帮扶慰问: 结婚/生育/丧事/生日/退休/节日慰问 are member welfare, 走访慰问/送温暖/金秋助学/医疗救助/临时救助 are
    hardship aid, and 住院/大病 are either: the 性质 says which."""
    aid_type, nature = values.get("aid_type"), values.get("nature")
    if not aid_type:
        return
    label = c.AidType(aid_type).label if aid_type in c.AidType.values else aid_type
    if aid_type in c.AID_NATURE_REQUIRED and not nature:
        err("nature", _("“%(t)s”可以是困难帮扶，也可以是会员福利，请在“性质”中选择其一。") % {"t": label})
    elif aid_type in c.AID_WELFARE_TYPES and nature == c.AidNature.HARDSHIP:
        err("nature", _("“%(t)s”属于会员福利，不是困难帮扶，请把性质改为“会员福利”或留空。") % {"t": label})
    elif aid_type in c.AID_HARDSHIP_TYPES and nature == c.AidNature.WELFARE:
        err("nature", _("“%(t)s”属于困难帮扶，不是会员福利，请把性质改为“困难帮扶”或留空。") % {"t": label})
