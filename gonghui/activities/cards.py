"""会员证 (issue #16 §5): the member's electronic card, its QR code signed with the install's key, and reading
one back. The same code is the member's personal check-in code (services.checkin_by_scan), so a forged or
edited code is refused there too.

    card_for(person, on=) -> Card | None          # None: not a member in force (no card to show)
    card_token(card, key=) -> "GH1.<payload>.<signature>"   (core.signing.seal; Ed25519)
    card_qr(token) -> SVG data URI
    card_check(token, trusted=, key=, today=) -> Check       # valid / invalid / expired / unknown_union / unreadable

The payload is compact JSON (the QR stays small enough for a phone camera at arm's length):
    t "card" (会员证) or "checkin" (a check-in code only: not a member in force), p person id (issuing install), n name, m masked 身份证号, no member number,
    u union code, un union name, s member since (入会), i issued, e expires (ISO dates),
    a activity id (optional: a check-in code for one activity only).
Another gonghui of the same federation checks it offline: against its own key, else against the TrustedKey
registered there for the card's union code (reports.card_selectors passes that lookup in as `trusted`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import segno
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.activities.selectors import member_since, signed_person
from gonghui.core import signing
from gonghui.core.masking import mask_id_number
from gonghui.orgs.tree import union_of
from gonghui.people.models import MemberStatus, Person

PREFIX = "GH1"
CARD, CHECKIN = "card", "checkin"  # a 会员证 (members in force) / a check-in code only (anyone on the roster)
CARD_DAYS = 365  # a card shown today is good for a year; the page issues a fresh one every day
IN_FORCE = (MemberStatus.ACTIVE, MemberStatus.RETAINED)

VALID, INVALID, EXPIRED, UNKNOWN_UNION, UNREADABLE, NOT_CARD, REVOKED = (
    "valid", "invalid", "expired", "unknown_union", "unreadable", "not_card", "revoked")
OWN_SIGNER = _("本系统")
MESSAGES = {
    VALID: _("会员证有效：签名核验通过。"),
    INVALID: _("会员证无效：签名不符，二维码可能被伪造或改动过。"),
    EXPIRED: _("会员证已过期：请会员打开“我的工会”出示新的会员证。"),
    UNKNOWN_UNION: _("无法核验：本系统没有登记工会“%(code)s”的公钥。请管理员先登记该单位的公钥（gonghui report trust）。"),
    UNREADABLE: _("这不是 gonghui 会员证二维码（内容无法识别）。"),
    NOT_CARD: _("这是活动签到码，不是会员证：持有人目前不是在册会员。"),
    REVOKED: _("会员证已失效：签发后持有人的会籍已变更（当前：%(status)s）。"),
}


@dataclass(frozen=True)
class Card:
    person_id: int
    name: str
    masked_id: str
    member_no: str
    union_code: str
    union_name: str
    since: str
    issued: dt.date
    expires: dt.date
    activity_id: int | None = None
    kind: str = CARD

    def payload(self) -> dict:
        data = {"t": self.kind, "p": self.person_id, "n": self.name, "m": self.masked_id, "no": self.member_no,
                "u": self.union_code, "un": self.union_name, "s": self.since,
                "i": self.issued.isoformat(), "e": self.expires.isoformat()}
        if self.activity_id is not None:
            data["a"] = self.activity_id
        return data

    @classmethod
    def from_payload(cls, data: dict) -> Card:
        """ValueError/KeyError/TypeError when a field is missing or of the wrong type."""
        if data.get("t") not in (CARD, CHECKIN):
            raise ValueError("not a card")
        texts = [data[k] for k in ("n", "m", "no", "u", "un", "s")]
        if not all(isinstance(t, str) for t in texts) or not isinstance(data["p"], int):
            raise TypeError("bad field")
        activity = data.get("a")
        if activity is not None and not isinstance(activity, int):
            raise TypeError("bad activity")
        return cls(person_id=data["p"], name=texts[0], masked_id=texts[1], member_no=texts[2],
                   union_code=texts[3], union_name=texts[4], since=texts[5],
                   issued=dt.date.fromisoformat(data["i"]), expires=dt.date.fromisoformat(data["e"]),
                   activity_id=activity, kind=data["t"])


@dataclass(frozen=True)
class Check:
    status: str
    card: Card | None
    message: str
    signer: str = ""  # "本系统" or the union whose registered key signed it

    @property
    def ok(self) -> bool:
        return self.status == VALID


def card_for(person: Person, *, on: dt.date | None = None, activity_id: int | None = None,
             kind: str = CARD) -> Card | None:
    """The card of a person read through the caller's scope; None when they are not a member in force.
    kind=CHECKIN: their check-in code (anyone on the roster), signed the same way."""
    if kind == CARD and person.member_status not in IN_FORCE:
        return None
    on = on or timezone.localdate()
    union = union_of(person.org)
    since = member_since(person)
    return Card(person_id=person.pk, name=person.name, masked_id=mask_id_number(person.id_number),
                member_no=person.member_no, union_code=union.code, union_name=union.name,
                since=since.isoformat() if since else "", issued=on, expires=on + dt.timedelta(days=CARD_DAYS),
                activity_id=activity_id, kind=kind)


def card_token(card: Card, *, key=None) -> str:
    return signing.seal(PREFIX, card.payload(), key or signing.install_key())


def card_qr(token: str) -> str:
    """The token as a QR code image the page shows inline (byte mode, error correction M)."""
    return segno.make_qr(token, error="m").svg_data_uri(scale=4, border=2)


def card_check(token: str, *, trusted: Callable[[str], bytes | None] = lambda code: None, key=None,
               today: dt.date | None = None, accept: tuple[str, ...] = (CARD,)) -> Check:
    """Read and verify a card token: this install's key first, else `trusted(union_code)` (the raw public key
    registered for that union, or None). A signed code of a kind not in `accept` is NOT_CARD."""
    try:
        data, body, signature = signing.unseal(PREFIX, token)
        card = Card.from_payload(data)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return Check(UNREADABLE, None, str(MESSAGES[UNREADABLE]))
    own = signing.public_raw(key or signing.install_key())
    if signing.verify_bytes(body, signature, own):
        signer = str(OWN_SIGNER)
    else:
        raw = trusted(card.union_code)
        if raw is None:
            return Check(UNKNOWN_UNION, card, str(MESSAGES[UNKNOWN_UNION]) % {"code": card.union_code})
        if not signing.verify_bytes(body, signature, raw):
            return Check(INVALID, card, str(MESSAGES[INVALID]))
        signer = card.union_name or card.union_code
    if card.kind not in accept:
        return Check(NOT_CARD, card, str(MESSAGES[NOT_CARD]), signer)
    if (today or timezone.localdate()) > card.expires:
        return Check(EXPIRED, card, str(MESSAGES[EXPIRED]), signer)
    return Check(VALID, card, str(MESSAGES[VALID]), signer)


def still_member(check: Check) -> Check:
    """A valid card this install issued is checked against the roster as it is now: a member who left since
    (or a person no longer on the roster) holds a REVOKED card. Other installs' cards are taken as signed."""
    if not check.ok or check.signer != str(OWN_SIGNER):
        return check
    person = signed_person(check.card.person_id)
    if person is not None and person.member_status in IN_FORCE:
        return check
    status = person.get_member_status_display() if person is not None else _("不在本系统名册中")
    return Check(REVOKED, check.card, str(MESSAGES[REVOKED]) % {"status": status}, check.signer)


def own_card_check(token: str, *, key=None, today: dt.date | None = None) -> Check:
    """A card this install issued (check-in codes): another install's card is not ours to check in."""
    key = key or signing.install_key()
    own = signing.public_raw(key)
    return card_check(token, trusted=lambda code: own, key=key, today=today, accept=(CARD, CHECKIN))
