"""扫码签到: the officer's phone sends the decoded text or a camera frame; a signed code of a member signed up
checks them in, anything else is refused with a clear reason. Closing attaches the 签到表 (.xlsx)."""

import io

import pytest
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.accounts.scoping import SYSTEM
from gonghui.activities import cards, services
from gonghui.core.scope_guard import unscoped
from gonghui.ledgers.models import Attachment


@pytest.fixture
def activity(cast):
    today = timezone.localdate()
    act = services.activity_publish(actor=SYSTEM, org=cast.ua, kind="culture", title="读书会", date=today,
                                    signup_until=today, place="图书室")
    services.signup_add(actor=cast.member_a, activity=act)
    return act


def _code(person, **kw):
    return cards.card_token(cards.card_for(person, kind=cards.CHECKIN, **kw))


def _frame(text) -> SimpleUploadedFile:
    out = io.BytesIO()
    segno.make_qr(text, error="m").save(out, kind="png", scale=6, border=4)
    return SimpleUploadedFile("frame.jpg", out.getvalue(), content_type="image/png")


def test_a_camera_frame_of_a_members_code_checks_them_in(cast, login, activity):
    officer = login(cast.chair_a)
    page = officer.get(reverse("web:activity-scan", args=[activity.pk]))
    assert page["Permissions-Policy"].startswith("camera=(self)") and "qrscan.js" in page.content.decode()
    url = reverse("web:activity-scan-check", args=[activity.pk])
    r = officer.post(url, {"frame": _frame(_code(cast.wang_person))})
    assert r.status_code == 200 and r.json() == {"ok": True, "name": "王会员", "org": "第一小组",
                                                 "message": "王会员 签到成功"}
    with unscoped("test"):
        assert activity.signups.get(person=cast.wang_person).checked_in_by == cast.chair_a
    r = officer.post(url, {"code": _code(cast.wang_person)})  # the text, as BarcodeDetector reads it
    assert r.status_code == 409 and r.json()["code"] == "already" and "已于" in r.json()["message"]
    assert r.json()["name"] == "王会员"  # the page keeps the green for the member still in front of the camera


@pytest.mark.parametrize("make,reason", [
    (lambda c, a: "https://example.com/", "not_member_code"),
    (lambda c, a: cards.card_token(cards.card_for(c.wang_person, kind=cards.CHECKIN),
                                   key=Ed25519PrivateKey.generate()), "invalid"),  # signed by another key
    (lambda c, a: _code(c.wang_person, on=timezone.localdate().replace(year=2000)), "expired"),
    (lambda c, a: _code(c.wang_person, activity_id=a.pk + 1), "other_activity"),
    (lambda c, a: _code(c.zhou_person), "not_signed_up"),
    (lambda c, a: _code(c.wu_person), "outside"),
])
def test_anything_else_is_refused_with_the_reason(cast, login, activity, make, reason):
    r = login(cast.chair_a).post(reverse("web:activity-scan-check", args=[activity.pk]),
                                 {"code": make(cast, activity)})
    assert r.status_code == 409 and r.json()["code"] == reason and r.json()["message"]
    with unscoped("test"):
        assert not activity.signups.filter(checked_in_at__isnull=False).exists()


def test_a_frame_without_a_code_is_no_code(cast, login, activity):
    blank = SimpleUploadedFile("frame.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", content_type="image/jpeg")
    r = login(cast.chair_a).post(reverse("web:activity-scan-check", args=[activity.pk]), {"frame": blank})
    assert r.status_code == 409 and r.json()["code"] == "no_code"


def test_a_code_edited_after_signing_is_refused(cast, activity):
    prefix, _body, sig = _code(cast.wang_person).split(".")
    other = cards.card_token(cards.card_for(cast.zhou_person, kind=cards.CHECKIN)).split(".")[1]
    with pytest.raises(services.Refused) as refused:
        services.checkin_by_scan(actor=cast.chair_a, activity=activity, code=f"{prefix}.{other}.{sig}")
    assert refused.value.code == "invalid"


def test_closing_attaches_the_sign_in_sheet_to_the_ledger_entry(cast, activity):
    services.checkin_by_scan(actor=cast.chair_a, activity=activity, code=_code(cast.wang_person))
    services.checkin_add(actor=cast.chair_a, activity=activity, person=cast.zhou_person)  # a walk-in
    entry = services.activity_close(actor=cast.chair_a, activity=activity)
    with unscoped("test"):
        att = Attachment.objects.get(kind="culture", entry_id=entry.pk)
    assert att.content_type.endswith("spreadsheetml.sheet") and att.original_name.startswith("签到表-")
    rows = [[c for c in row if c is not None] for row in load_workbook(att.file.path).active.iter_rows(values_only=True)]
    assert rows[0] == ["文化局工会 签到表"] and "地点：图书室" in rows[1][0]
    names = {row[1]: row[-1] for row in rows[3:5]}
    assert names == {"王会员": "报名", "周师傅": "现场补登"}
    assert "共 2 人，已签到 2 人" in rows[-1][0]
