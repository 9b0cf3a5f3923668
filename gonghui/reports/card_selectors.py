"""Verifying a member card (会员证) shown by a member of any gonghui of the federation (issue #16 §5).

activities.cards reads the token and checks it against this install's key; here the keys of other installs
come in: the TrustedKey registered for the card's union code (the same registry that trusts their reporting
packages, reports/submissions). Lives on this floor because that registry does."""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import home_org_paths
from gonghui.activities.cards import INVALID, Check, card_check, still_member
from gonghui.core import signing
from gonghui.core.scope_guard import unscoped
from gonghui.orgs.models import Org
from gonghui.reports.submissions.models import TrustedKey

MSG_NO_KEY_HINT = _("如该会员证是“%(code)s”自己的工会系统签发的，请管理员先登记该单位的公钥（gonghui report trust）再核验。")


def trusted_key_for(code: str, *, own: bytes) -> bytes | None:
    """The raw public key that must have signed a card of the union with this code: the one registered for
    it, else this install's own (`own`) when the org is one of ours, else None (unknown union)."""
    code = (code or "").strip().upper()
    with unscoped("any union's registered public key: a card is checked against it, nothing else is read"):
        row = TrustedKey.objects.filter(org__code=code).only("public_key").first()
        ours = row is None and Org.objects.filter(code=code).exists()
    if row is None:
        return own if ours else None
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
    key = key or signing.install_key()
    own = signing.public_raw(key)
    registered = []

    def trusted(code):
        raw = trusted_key_for(code, own=own)
        registered.append(raw is not None and raw != own)
        return raw

    check = still_member(card_check(token, trusted=trusted, key=key))
    if check.status == INVALID and not any(registered):
        # one of our orgs without a registered key: forged, or issued by that union's own install
        return replace(check, message=check.message + str(MSG_NO_KEY_HINT % {"code": check.card.union_code}))
    return check
