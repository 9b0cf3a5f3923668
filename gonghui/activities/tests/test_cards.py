"""会员证: the signed token verifies with this install's key or a union's registered key, and is refused when
edited, expired, signed by an unknown key, or only a check-in code."""

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gonghui.accounts.scoping import SYSTEM
from gonghui.activities import cards
from gonghui.core import signing
from gonghui.core.scope_guard import unscoped
from gonghui.orgs.models import Org
from gonghui.people.services import membership_event_add
from gonghui.reports.card_selectors import card_verify
from gonghui.reports.submissions.models import TrustedKey

HERE = Ed25519PrivateKey.generate()  # this install
THERE = Ed25519PrivateKey.generate()  # union B's own install


@pytest.fixture
def member(cast):
    membership_event_add(actor=SYSTEM, person=cast.wang_person, kind="join", date=dt.date(2021, 3, 1))
    cast.wang_person.refresh_from_db()
    return cast.wang_person


def _trust(org, key):
    raw = signing.public_raw(key)
    with unscoped("test: register union B's key"):
        TrustedKey.objects.create(org=org, public_key=signing.b64(raw), fingerprint=signing.fingerprint(raw))


def test_a_card_of_this_install_is_valid_and_carries_the_members_details(cast, member):
    card = cards.card_for(member, on=dt.date(2026, 12, 6))
    assert card.union_code == "UA" and card.union_name == "文化局工会" and card.since == "2021-03-01"
    assert card.member_no and "*" in card.masked_id and member.id_number not in cards.card_token(card, key=HERE)
    check = card_verify(viewer=cast.chair_a, token=cards.card_token(card, key=HERE), key=HERE)
    assert check.ok and check.card == card and check.signer == "本系统"


def test_an_edited_card_is_invalid(cast, member):
    token = cards.card_token(cards.card_for(member), key=HERE)
    prefix, body, sig = token.split(".")
    forged = signing.unb64url(body).replace("王会员".encode(), "李四五".encode())
    check = card_verify(viewer=cast.chair_a, token=f"{prefix}.{signing.b64url(forged)}.{sig}", key=HERE)
    assert check.status == cards.INVALID  # union A is ours: its cards must carry our signature
    _trust(cast.ua, THERE)  # even with a key registered for the union, the edit does not verify
    check = card_verify(viewer=cast.chair_a, token=f"{prefix}.{signing.b64url(forged)}.{sig}", key=HERE)
    assert check.status == cards.INVALID and "伪造" in check.message


def test_an_expired_card_is_refused(cast, member):
    old = cards.card_for(member, on=dt.date(2020, 1, 1))
    check = card_verify(viewer=cast.chair_a, token=cards.card_token(old, key=HERE), key=HERE)
    assert check.status == cards.EXPIRED and check.card.name == "王会员"


def test_another_installs_card_needs_its_unions_registered_key(cast):
    membership_event_add(actor=SYSTEM, person=cast.wu_person, kind="join", date=dt.date(2022, 5, 1))
    cast.wu_person.refresh_from_db()
    token = cards.card_token(cards.card_for(cast.wu_person), key=THERE)  # issued by union B's install
    with unscoped("test: union B is not in this install's tree"):
        Org.objects.filter(pk=cast.ub.pk).update(code="UB-ELSEWHERE")
    check = card_verify(viewer=cast.viewer_fed, token=token, key=HERE)
    assert check.status == cards.UNKNOWN_UNION and "UB" in check.message
    with unscoped("test"):
        Org.objects.filter(pk=cast.ub.pk).update(code="UB")
    assert card_verify(viewer=cast.viewer_fed, token=token, key=HERE).status == cards.INVALID  # UB without a key
    _trust(cast.ub, Ed25519PrivateKey.generate())  # a key registered, but not the one that signed
    assert card_verify(viewer=cast.viewer_fed, token=token, key=HERE).status == cards.INVALID
    with unscoped("test"):
        TrustedKey.objects.all().delete()
    _trust(cast.ub, THERE)
    check = card_verify(viewer=cast.viewer_fed, token=token, key=HERE)
    assert check.ok and check.signer == "机械厂工会"


def test_garbage_and_check_in_codes_are_not_cards(cast):
    assert card_verify(viewer=cast.chair_a, token="hello", key=HERE).status == cards.UNREADABLE
    assert card_verify(viewer=cast.chair_a, token="GH1.e30.AAAA", key=HERE).status == cards.UNREADABLE
    code = cards.card_token(cards.card_for(cast.wang_person, kind=cards.CHECKIN), key=HERE)  # not a member
    assert cards.card_for(cast.wang_person) is None
    assert card_verify(viewer=cast.chair_a, token=code, key=HERE).status == cards.NOT_CARD


def test_a_member_only_account_may_not_verify(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        card_verify(viewer=cast.member_a, token="hello", key=HERE)


def test_a_deeply_nested_payload_is_unreadable_not_an_error(cast):
    token = "GH1." + signing.b64url(b"[" * 1400) + "." + signing.b64url(b"\0" * 64)
    assert card_verify(viewer=cast.chair_a, token=token, key=HERE).status == cards.UNREADABLE


def test_a_card_of_a_member_who_left_since_is_revoked(cast, member):
    token = cards.card_token(cards.card_for(member), key=HERE)
    membership_event_add(actor=SYSTEM, person=member, kind="leave", date=dt.date(2026, 1, 1))
    check = card_verify(viewer=cast.chair_a, token=token, key=HERE)
    assert check.status == cards.REVOKED and "已离会" in check.message
