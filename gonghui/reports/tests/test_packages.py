"""Signed packages between installs (issue #17 §2): keys, trust, receive rules, refusals that change nothing.

One database stands for both sides here: a package is built from the union's live submission, then that
submission is wiped so the target looks as it does on the federation's install. The real two-install cycle
runs once, in two data dirs, in cli/tests/test_report_packages.py.
"""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.core import signing
from gonghui.core.models import AuditEvent
from gonghui.core.periods import parse_period
from gonghui.core.scope_guard import unscoped
from gonghui.reports.submissions import services
from gonghui.reports.submissions.models import Submission, TargetState
from gonghui.reports.submissions.packages import services as packages
from gonghui.reports.submissions.snapshot import decode_values

H1 = parse_period("2026H1")
CODES = ["workers", "members"]
UNION_KEY = Ed25519PrivateKey.generate()
FED_KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def target(cast, monkeypatch):
    monkeypatch.setattr("gonghui.reports.tables.tables_check", lambda org, period, viewer=None: [])
    task = services.report_task_create(actor=cast.root, org=cast.fed, contents="tables", period=H1,
                                       deadline=timezone.localdate() + dt.timedelta(days=10))
    return task.targets.get(org=cast.ua)


def _package(cast, target) -> bytes:
    """The union's v1 package; then the target as the federation's install has it (nothing received yet)."""
    services.submission_submit(actor=cast.chair_a, target=target, codes=CODES)
    data = packages.package_build(actor=cast.chair_a, target=target, key=UNION_KEY)
    with unscoped("test: forget the live submission, as the other install never had it"):
        target.refresh_from_db()
        target.current, target.state = None, TargetState.MISSING
        target.save()
        Submission.objects.filter(target=target).delete()
    return data


def _trust(cast, org, key):
    return packages.key_trust(actor=cast.root, org=org, document=packages.key_document(org=org, key=key))


def _resigned(data: bytes, signer, key=UNION_KEY, **changes) -> bytes:
    """The same package with payload fields changed, signed again (a later version, or another key)."""
    body = json.loads(data)
    payload = {**body["payload"], **changes}
    return packages._envelope(body["kind"], signer, payload, key)


def _state(target):
    with unscoped("test"):
        target.refresh_from_db()
        return target.state, target.current.version if target.current else None, Submission.objects.count(), \
            AuditEvent.objects.count()


def test_the_install_key_is_made_once_and_kept_owner_only(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first = signing.install_key()
    assert stat.S_IMODE((tmp_path / signing.KEY_FILE).stat().st_mode) == 0o600
    assert signing.public_raw(signing.install_key()) == signing.public_raw(first)
    fp = signing.fingerprint(signing.public_raw(first))
    assert len(fp.split(" ")) == 16 and all(len(g) == 4 for g in fp.split(" "))


def test_trust_is_first_registration_then_the_same_key_or_an_explicit_replace(cast):
    row, how = _trust(cast, cast.ua, UNION_KEY)
    assert how == "created" and row.fingerprint == signing.fingerprint(signing.public_raw(UNION_KEY))
    assert _trust(cast, cast.ua, UNION_KEY)[1] == "unchanged"
    other = packages.key_document(org=cast.ua, key=FED_KEY)
    with pytest.raises(ValidationError) as e:
        packages.key_trust(actor=cast.root, org=cast.ua, document=other)
    assert "--replace" in str(e.value)
    assert packages.key_trust(actor=cast.root, org=cast.ua, document=other, replace=True)[1] == "replaced"
    actions = list(AuditEvent.objects.filter(object_type="trustedkey").values_list("action", flat=True))
    assert sorted(actions) == ["create", "update"]  # AuditEvent.action is at most 16 characters
    with pytest.raises(ValidationError) as e:  # a key file labelled for another org
        packages.key_trust(actor=cast.root, org=cast.ub, document=other)
    assert "不是“UB”" in str(e.value)
    with pytest.raises(ValidationError):
        packages.key_trust(actor=cast.root, org=cast.ub, document=b"not a key")
    with pytest.raises(PermissionDenied):  # an officer is not an admin
        packages.key_trust(actor=cast.viewer_fed, org=cast.ub, document=packages.key_document(org=cast.ub,
                                                                                             key=UNION_KEY))


def test_it_receives_once_replaces_with_newer_and_refuses_older_or_accepted(cast, target):
    data = _package(cast, target)
    _trust(cast, cast.ua, UNION_KEY)
    assert packages.package_receive(actor=cast.root, data=data) == packages.RECEIVED
    target.refresh_from_db()
    sub = target.current
    assert target.state == TargetState.SUBMITTED and sub.source == "package" and sub.version == 1
    assert set(decode_values(sub.values)) == set(CODES) and sub.files.get(kind="tables").data[:2] == b"PK"
    assert packages.package_receive(actor=cast.root, data=data) == packages.UNCHANGED

    v2 = _resigned(data, cast.ua, version=2, values={"workers": 99, "members": 98})
    assert packages.package_receive(actor=cast.root, data=v2) == packages.RECEIVED
    assert _state(target)[:2] == (TargetState.SUBMITTED, 2)
    with pytest.raises(ValidationError) as e:
        packages.package_receive(actor=cast.root, data=data)
    assert "旧版本不能替换新版本" in str(e.value)
    with pytest.raises(ValidationError) as e:
        packages.package_receive(actor=cast.root, data=_resigned(data, cast.ua, version=2))
    assert "内容不同" in str(e.value)

    services.submission_accept(actor=cast.root, target=target)
    assert packages.package_receive(actor=cast.root, data=v2) == packages.UNCHANGED
    with pytest.raises(ValidationError) as e:
        packages.package_receive(actor=cast.root, data=_resigned(data, cast.ua, version=3))
    assert "已通过审核并锁定" in str(e.value)


def test_it_refuses_altered_foreign_unknown_or_unregistered_packages_whole(cast, target):
    data = _package(cast, target)
    before = _state(target)
    with pytest.raises(ValidationError) as e:  # no key registered yet
        packages.package_receive(actor=cast.root, data=data)
    assert "尚未登记“文化局工会”的公钥" in str(e.value)
    _trust(cast, cast.ua, UNION_KEY)
    before = _state(target)
    at = data.index(b'"members": ') + len(b'"members": ')
    altered = data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]  # one digit of a frozen value changed
    cases = {
        altered: "签名与已登记",
        _resigned(data, cast.ua, key=FED_KEY): "签名与已登记",  # another install's key
        _resigned(data, cast.ua, org={"code": "ZZ", "name": "无名工会"}): "没有这个单位",
        data[:-40]: "不是 gonghui 上报包",
        b" " * (packages.MAX_BYTES + 1): "超过50MB",
        _resigned(data, cast.ua, period={"code": "2025H1", "start": "2025-01-01", "end": "2025-06-30"}):
            "不是本系统2025H1任何上报任务的上报单位",
    }
    body = json.loads(data)
    body["payload"]["files"][0]["data"] = signing.b64(b"PK broken")  # a file swapped, then signed again
    cases[packages._envelope("submission", cast.ua, body["payload"], UNION_KEY)] = "与其校验值不符"
    for bad, reason in cases.items():
        with pytest.raises(ValidationError) as e:
            packages.package_receive(actor=cast.root, data=bad)
        assert reason in str(e.value)
        assert _state(target) == before
    with pytest.raises(PermissionDenied):  # the union itself cannot receive into its federation's task
        packages.package_receive(actor=cast.chair_a, data=data)


def test_a_return_file_sends_the_union_back_with_the_reason(cast, target):
    data = _package(cast, target)
    _trust(cast, cast.ua, UNION_KEY)
    packages.package_receive(actor=cast.root, data=data)
    with pytest.raises(ValidationError):  # not returned yet
        packages.return_build(actor=cast.root, target=target, key=FED_KEY)
    services.submission_return(actor=cast.root, target=target, reason="会员数与名册不符")
    ret = packages.return_build(actor=cast.root, target=target, key=FED_KEY)

    # the union's install: its v1 still 已上报 there, and the federation's key registered
    with unscoped("test: the target as the union's install has it"):
        target.refresh_from_db()
        target.state, target.return_reason = TargetState.SUBMITTED, ""
        target.save()
    with pytest.raises(ValidationError) as e:
        packages.package_receive(actor=cast.chair_a, data=ret)
    assert "尚未登记“某区总工会”的公钥" in str(e.value)
    _trust(cast, cast.fed, FED_KEY)
    assert packages.package_receive(actor=cast.chair_a, data=ret) == packages.RECEIVED
    target.refresh_from_db()
    assert target.state == TargetState.RETURNED and target.return_reason == "会员数与名册不符"
    assert packages.package_receive(actor=cast.chair_a, data=ret) == packages.UNCHANGED
    with pytest.raises(ValidationError) as e:  # a return signed by the union's own key
        packages.package_receive(actor=cast.chair_a, data=_resigned(ret, cast.fed, key=UNION_KEY))
    assert "签名与已登记" in str(e.value)
