"""A folder of packages received in batches (packages/batch.py): each file still whole or not at all, alone."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils import timezone

from gonghui.core.models import AuditEvent
from gonghui.core.periods import parse_period
from gonghui.core.scope_guard import unscoped
from gonghui.reports.submissions import services
from gonghui.reports.submissions.models import Submission, SubmissionFile, TargetState
from gonghui.reports.submissions.packages import batch
from gonghui.reports.submissions.packages import services as packages

H1 = parse_period("2026H1")
KEYS = {"UA": Ed25519PrivateKey.generate(), "UB": Ed25519PrivateKey.generate()}


@pytest.fixture
def built(cast, monkeypatch):
    """UA's and UB's v1 packages, their keys trusted, and the federation's install as if it had received
    nothing yet; plus UA's v2."""
    monkeypatch.setattr("gonghui.reports.tables.tables_check", lambda org, period, viewer=None: [])
    task = services.report_task_create(actor=cast.root, org=cast.fed, contents="tables", period=H1,
                                       deadline=timezone.localdate() + dt.timedelta(days=10))
    out = {}
    for org, chair in ((cast.ua, cast.chair_a), (cast.ub, cast.admin_b)):
        target = task.targets.get(org=org)
        services.submission_submit(actor=chair, target=target, codes=["workers", "members"])
        out[org.code] = packages.package_build(actor=chair, target=target, key=KEYS[org.code])
        packages.key_trust(actor=cast.root, org=org, document=packages.key_document(org=org, key=KEYS[org.code]))
    body = json.loads(out["UA"])
    out["UA2"] = packages._envelope("submission", cast.ua, {**body["payload"], "version": 2}, KEYS["UA"])
    with unscoped("test: the federation's install never had the live submissions"):
        task.targets.update(current=None, state=TargetState.MISSING)
        Submission.objects.all().delete()
    return task, out


def _files(*datas):
    return [(f"{i}.ghpkg", lambda d=d: d) for i, d in enumerate(datas)]


def _imports():
    with unscoped("test"):
        return AuditEvent.objects.filter(action="import").count()


def test_it_refuses_the_bad_package_in_the_middle_alone_and_keeps_the_others(cast, built):
    task, data = built
    forged = packages._envelope("submission", cast.ub, json.loads(data["UB"])["payload"], KEYS["UA"])
    got = batch.packages_receive(actor=cast.root, files=_files(data["UA"], forged, b"junk", data["UA2"]), batch=10)
    assert [name for name, _ in got] == ["0.ghpkg", "1.ghpkg", "2.ghpkg", "3.ghpkg"]
    assert got[0][1] == got[3][1] == packages.RECEIVED  # UA's v1, then its v2 in the same batch
    assert isinstance(got[1][1], ValidationError) and "签名与已登记的“机械厂工会”公钥不符" in str(got[1][1])
    assert "不是 gonghui 上报包" in str(got[2][1])
    with unscoped("test"):
        ua, ub = task.targets.get(org=cast.ua), task.targets.get(org=cast.ub)
        assert (ua.state, ua.current.version, ua.current.source) == (TargetState.SUBMITTED, 2, "package")
        assert (ub.state, ub.current) == (TargetState.MISSING, None)  # nothing of the refused one
        assert list(Submission.objects.order_by("version").values_list("org_code", "version")) == [("UA", 1), ("UA", 2)]
        assert SubmissionFile.objects.count() == 2
    assert _imports() == 2

    again = batch.packages_receive(actor=cast.root, files=_files(data["UA2"], data["UB"], data["UA"]))
    assert [v if isinstance(v, str) else "older" for _, v in again] == [packages.UNCHANGED, packages.RECEIVED,
                                                                        "older"]
    assert "旧版本不能替换新版本" in str(again[2][1])
    assert _imports() == 3


def test_batches_report_progress_and_each_batch_commits_on_its_own(cast, built):
    _task, data = built
    seen = []
    got = batch.packages_receive(actor=cast.root, files=_files(data["UA"], data["UB"], data["UA"]), batch=2,
                                 progress=lambda done, total: seen.append((done, total)))
    assert [v for _, v in got] == [packages.RECEIVED, packages.RECEIVED, packages.UNCHANGED]
    assert seen == [(2, 3), (3, 3)]


def test_when_the_database_refuses_a_batch_each_file_is_taken_alone(cast, built, monkeypatch):
    _task, data = built

    def refuse(actor, pending):
        raise DatabaseError("simulated")
    monkeypatch.setattr(batch, "write_received", refuse)
    got = batch.packages_receive(actor=cast.root, files=_files(data["UA"], b"junk", data["UB"]))
    assert [v if isinstance(v, str) else "refused" for _, v in got] == [packages.RECEIVED, "refused",
                                                                       packages.RECEIVED]
    with unscoped("test"):
        assert Submission.objects.count() == 2
    assert _imports() == 2


def test_big_files_make_smaller_batches(cast, built, monkeypatch):
    _task, data = built
    monkeypatch.setattr(batch, "BATCH_BYTES", len(data["UA"]) + 1)  # the first two pass it: a batch of two
    seen = []
    got = batch.packages_receive(actor=cast.root, files=_files(data["UA"], data["UB"], b"junk"),
                                 progress=lambda done, total: seen.append(done))
    assert [v if isinstance(v, str) else "refused" for _, v in got] == [packages.RECEIVED, packages.RECEIVED,
                                                                       "refused"]
    assert seen == [2, 3]
