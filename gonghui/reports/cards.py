"""Verifying a member card (会员证) shown by a member of any gonghui of the federation (issue #16 §5).

activities.cards reads the token and checks it against this install's key; here the keys of other installs
come in: the TrustedKey registered for the card's union code (the same registry that trusts their reporting
packages, reports/submissions). Lives on this floor because that registry does."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from gonghui.accounts.scoping import home_org_paths
from gonghui.activities.cards import Check, card_check
from gonghui.core import signing
from gonghui.core.scope_guard import unscoped
from gonghui.reports.submissions.models import TrustedKey


def trusted_key_for(code: str) -> bytes | None:
    """The raw public key registered for the org of this code, or None."""
    with unscoped("any union's registered public key: a card is checked against it, nothing else is read"):
        row = TrustedKey.objects.filter(org__code=(code or "").strip().upper()).only("public_key").first()
    if row is None:
        return None
    try:
        return signing.unb64(row.public_key)
    except ValueError:
        return None


def may_verify_cards(viewer) -> bool:
    """Officers (anyone with an org to read); a member-only account is not a checkpoint."""
    return bool(getattr(viewer, "is_authenticated", False)
                and (getattr(viewer, "is_superuser", False) or home_org_paths(viewer)))


def card_verify(*, viewer, token: str, key=None) -> Check:
    if not may_verify_cards(viewer):
        raise PermissionDenied
    return card_check(token, trusted=trusted_key_for, key=key)
