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
