"""The shapes the CLI (`--json`) and the API answer with: one body for both faces. Money as strings with two
decimals ("21.80"); ID numbers as the caller may see them (`show_id`)."""

from __future__ import annotations

from collections.abc import Callable

from gonghui.dues.rules import fen_text, money, month_label
from gonghui.dues.selectors import ArrearsItem, Roll


def _plain(id_number: str) -> str:
    return id_number


def id_shower(viewer, org) -> Callable[[str], str]:
    """ID numbers in full for those who may see them in `org` (管理员, 干事, the system), masked for the rest."""
    from gonghui.accounts.roles import FULL_ID_ROLES
    from gonghui.accounts.scoping import scope_of
    from gonghui.core.masking import mask_id_number

    return _plain if scope_of(viewer).covers(org.path, FULL_ID_ROLES) else mask_id_number


def roll_payload(roll: Roll, *, show_id: Callable[[str], str] = _plain, lines=None) -> dict:
    """{"month", "due_total", "paid_total", "owed_total", "members_due", "missing_wages", "exempt",
    "components", "lines": [{"id_number", "name", "org", "status", "base", "due", "paid", "owed"}]}: every
    line of the roll, or only `lines` (a page of them; the totals stay the roll's)."""
    text = _money_cached()
    return {
        "month": month_label(roll.month),
        "org": roll.org.code,
        "due_total": money(roll.due_total),
        "paid_total": money(roll.paid_total),
        "owed_total": money(roll.owed_total),
        "members_due": roll.members_due,
        "missing_wages": roll.missing_wages,
        "exempt": roll.exempt,
        "components": roll.components,
        "lines": [{
            "id_number": show_id(line.id_number),
            "name": line.name,
            "employee_no": line.employee_no,
            "org": roll.org_name(line.org_id),
            "status": line.status,
            "base": None if line.base_fen is None else fen_text(line.base_fen),
            "due": text(line.due),
            "paid": text(line.paid),
            "owed": text(line.owed),
        } for line in (roll.lines if lines is None else lines)],
    }


def _money_cached() -> Callable:
    """`money`, remembered per amount (a roll of 100,000 lines has a few hundred distinct dues)."""
    cache: dict = {}

    def text(value):
        found = cache.get(value)
        if found is None:
            found = cache[value] = money(value)
        return found

    return text


def arrears_payload(items: list[ArrearsItem], *, show_id: Callable[[str], str] = _plain) -> dict:
    """{"items": [{"id_number", "name", "months": ["2026-03", ...], "owed": "60.45"}]}."""
    return {"items": [{
        "id_number": show_id(item.id_number),
        "name": item.name,
        "months": [month_label(m) for m in item.months],
        "owed": money(item.owed),
    } for item in items]}


def collection_payload(collection) -> dict:
    return {"id": collection.pk, "org": collection.org.code, "kind": collection.kind,
            "month": month_label(collection.month), "paid_on": collection.paid_on.isoformat(),
            "method": collection.method, "payments": collection.payments, "total": money(collection.total),
            "debit_account": collection.debit_account, "voucher_ref": collection.voucher_ref}


def policy_payload(policy) -> dict:
    return {"id": policy.pk, "org": policy.org.code, "from": month_label(policy.effective_from),
            "base": list(policy.base_components), "rate": str(policy.rate.normalize()),
            "rounding": policy.rounding, "frequency": policy.frequency,
            "flat_amounts": dict(policy.flat_amounts or {}), "note": policy.note}


def history_payload(months) -> dict:
    """{"months": [{"month", "status", "base", "due", "paid", "payments": [{"amount", "paid_on", "method",
    "reason"}]}]}, newest first; status is "due", "missing_wages" or "none" (owed nothing that month)."""
    return {"months": [{
        "month": month_label(h.month),
        "status": h.line.status if h.line else "none",
        "base": money(h.line.base) if h.line else None,
        "due": money(h.line.due) if h.line else "0.00",
        "paid": money(sum((p.amount for p in h.payments), 0)),
        "payments": [{"amount": money(p.amount), "paid_on": p.paid_on.isoformat(), "method": p.method,
                      "reason": p.reason} for p in h.payments],
    } for h in months]}
