"""Submissions between installs that never share a network (issue #17 §2): signed files on a USB stick.

    key_document(org=) -> dict                             # this install's public key, to hand to the other side
    key_trust(actor=, org=, document=, replace=False)      # register another install's key for `org` (TOFU)
    package_build(actor=, target=) -> bytes                # the union: its current submission, signed (.ghpkg)
    return_build(actor=, target=) -> bytes                 # the federation: a returned submission, signed (.ghret)
    package_receive(actor=, data=) -> RECEIVED | UNCHANGED # either file, on the other side; ValidationError = refused
    # a folder's files: batch.packages_receive, the same checks (prepare_submission) and writes (write_received)

A file is one JSON document: {"format", "kind": "submission" | "return", "signer": {"org", "fingerprint"},
"payload", "signature"}; the signature (Ed25519, core/signing.py) covers the canonical bytes of everything but
itself, and is checked against the key registered for the org that must have signed it (the union for a
submission, the issuing federation for a return) — never against a key the file brings along. A refused file
changes nothing; the same file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.scoping import can_manage_accounts, can_write_org, scoped
from gonghui.core import audit, signing
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.orgs.models import Org
from gonghui.reports.submissions.models import (
    ReportTarget,
    Submission,
    SubmissionFile,
    SubmissionSource,
    TargetState,
    TrustedKey,
)
from gonghui.reports.submissions.services import MSG_ACCEPTED
from gonghui.reports.submissions.snapshot import snapshot_dict

FORMAT = "gonghui.package/1"
KEY_FORMAT = "gonghui.key/1"
SUBMISSION, RETURN = "submission", "return"
RECEIVED, UNCHANGED = "received", "unchanged"
FILE_KINDS = ("summary", "tables")
MAX_BYTES = 50 * 1024 * 1024  # a package holds one union's .docx and .xlsx: far below this

MSG_KEY_FILE = gettext_lazy("不是 gonghui 公钥文件（应由对方用 gonghui report key 导出）。")
MSG_KEY_ORG = gettext_lazy("公钥文件属于组织代码“%(file)s”，不是“%(org)s”：请核对是哪个单位的公钥。")
MSG_KEY_DIFFERENT = gettext_lazy(
    "“%(org)s”已登记公钥（指纹 %(old)s），这个文件是另一把公钥（指纹 %(new)s）。如确认对方换了电脑或重装了系统，"
    "请电话核对新指纹后加 --replace 替换。")
MSG_NOT_SUBMITTED = gettext_lazy("“%(org)s”%(period)s当前没有可导出的上报（状态：%(state)s）：请先上报。")
MSG_NOT_OWN = gettext_lazy("这个上报版本是从上报包收到的，不是本单位在本系统上报的，不能再导出。")
MSG_NOT_RETURNED = gettext_lazy("“%(org)s”%(period)s的上报没有被退回（状态：%(state)s），不能生成退回文件。")
MSG_TOO_BIG = gettext_lazy("文件超过50MB，不是 gonghui 上报包或退回文件。")
MSG_NOT_PACKAGE = gettext_lazy("不是 gonghui 上报包或退回文件（文件损坏，或不是本系统导出的）。")
MSG_FORMAT = gettext_lazy("文件格式“%(f)s”不受支持：请把本系统升级到与对方相同或更新的版本。")
MSG_BAD_CONTENT = gettext_lazy("文件内容不完整或有误（%(what)s）：请让对方重新导出。")
MSG_UNKNOWN_ORG = gettext_lazy("文件来自组织代码“%(code)s”，本系统中没有这个单位（或不在您的管理范围内）："
                               "请先在组织树中建立它。")
MSG_NO_KEY = gettext_lazy("尚未登记“%(org)s”的公钥：请先用 gonghui report trust --org %(code)s 登记对方提供的公钥文件。")
MSG_SIGNATURE = gettext_lazy("签名与已登记的“%(org)s”公钥不符：文件可能被改动过，或是用另一台电脑的密钥签名的。"
                             "请让对方重新导出，不要手工修改文件。")
MSG_HASH = gettext_lazy("文件中的“%(name)s”与其校验值不符：内容已损坏，请让对方重新导出。")
MSG_NO_TARGET = gettext_lazy("“%(org)s”不是本系统%(period)s任何上报任务的上报单位：请先布置上报任务。")
MSG_OLDER = gettext_lazy("这是“%(org)s”的第%(v)d版，本系统已收到第%(have)d版：旧版本不能替换新版本。")
MSG_SAME_VERSION = gettext_lazy("这是“%(org)s”的第%(v)d版，但与已收到的第%(v)d版内容不同：请让该单位重新上报生成新版本。")
MSG_RETURN_ISSUER = gettext_lazy("退回文件来自“%(code)s”，不是本单位上报任务的布置单位“%(issuer)s”。")
MSG_RETURN_STALE = gettext_lazy("退回文件针对第%(v)s版，本单位当前是第%(have)s版（状态：%(state)s）：已不适用。")


def key_document(*, org: Org, key=None) -> dict:
    """This install's public key, labelled with the org it speaks for (the file `report key` writes)."""
    raw = signing.public_raw(key or signing.install_key())
    return {"format": KEY_FORMAT, "algorithm": "ed25519", "org": {"code": org.code, "name": org.name},
            "public_key": signing.b64(raw), "fingerprint": signing.fingerprint(raw)}


def _key_raw(document) -> tuple[bytes, str]:
    try:
        if isinstance(document, (bytes, str)):
            document = json.loads(document)
        if document.get("format") != KEY_FORMAT or document.get("algorithm") != "ed25519":
            raise ValueError
        raw = signing.unb64(document["public_key"])
        if len(raw) != 32:
            raise ValueError
        return raw, str((document.get("org") or {}).get("code") or "")
    except (ValueError, TypeError, KeyError, AttributeError):
        raise ValidationError(MSG_KEY_FILE) from None


@transaction.atomic
def key_trust(*, actor, org: Org, document, replace: bool = False) -> tuple[TrustedKey, str]:
    """Register another install's public key for `org` (an admin over it): "created" on first registration,
    "unchanged" for the same key, "replaced" only with `replace`; another key without it is refused."""
    if not can_manage_accounts(actor, org):
        raise PermissionDenied
    raw, code = _key_raw(document)
    if code.upper() != org.code.upper():
        raise ValidationError(MSG_KEY_ORG % {"file": code or "?", "org": org.code})
    fp = signing.fingerprint(raw)
    with unscoped("the org was read through the actor's scope; its one key row"):
        row = TrustedKey.objects.select_for_update().filter(org=org).first()
    user = actor if getattr(actor, "pk", None) else None
    if row is not None and row.fingerprint == fp:
        return row, "unchanged"
    if row is not None and not replace:
        raise ValidationError(MSG_KEY_DIFFERENT % {"org": org.name, "old": row.fingerprint, "new": fp})
    old = row.fingerprint if row else None
    if row is None:
        row = TrustedKey(org=org)
    row.public_key, row.fingerprint, row.registered_by = signing.b64(raw), fp, user
    row.save()
    audit.record(actor=actor, action="update" if old else "create", obj=row,
                 org_path=org.path, changes={"fingerprint": [old, fp]})
    return row, "replaced" if old else "created"


def _envelope(kind: str, signer: Org, payload: dict, key=None) -> bytes:
    key = key or signing.install_key()
    body = {"format": FORMAT, "kind": kind,
            "signer": {"org": signer.code, "fingerprint": signing.fingerprint(signing.public_raw(key))},
            "payload": payload}
    body["signature"] = signing.sign(body, key)
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def _period_label(target: ReportTarget) -> str:
    return target.task.period_code or f"{target.task.period_start}~{target.task.period_end}"


def package_build(*, actor, target: ReportTarget, key=None) -> bytes:
    """The union's current submission as a signed package (a version received from elsewhere is not re-sent)."""
    with unscoped("the target was read through the scope by the caller"):
        target = ReportTarget.objects.select_related("task", "task__org", "org", "current").get(pk=target.pk)
    if not can_write_org(actor, target.org):
        raise PermissionDenied
    sub = target.current
    if sub is None or target.state not in (TargetState.SUBMITTED, TargetState.ACCEPTED):
        raise ValidationError(MSG_NOT_SUBMITTED % {"org": target.org.name, "period": _period_label(target),
                                                   "state": target.get_state_display()})
    if sub.source != SubmissionSource.LIVE:
        raise ValidationError(MSG_NOT_OWN)
    with unscoped("the submission belongs to the target read above"):
        data = _envelope(SUBMISSION, target.org, snapshot_dict(sub), key)
    audit.record(actor=actor, action="export", obj=sub, org_path=target.org.path,
                 changes={"version": sub.version})
    return data


def return_build(*, actor, target: ReportTarget, key=None) -> bytes:
    """The federation's return of a submission, as a small signed file the union's install receives."""
    with unscoped("the target was read through the scope by the caller"):
        target = ReportTarget.objects.select_related("task", "task__org", "org", "current").get(pk=target.pk)
    if not can_write_org(actor, target.task.org):
        raise PermissionDenied
    if target.state != TargetState.RETURNED or target.current is None:
        raise ValidationError(MSG_NOT_RETURNED % {"org": target.org.name, "period": _period_label(target),
                                                  "state": target.get_state_display()})
    task = target.task
    payload = {"org": {"code": target.org.code, "name": target.org.name},
               "issued_by": {"code": task.org.code, "name": task.org.name},
               "period": {"code": task.period_code, "start": task.period_start.isoformat(),
                          "end": task.period_end.isoformat()},
               "version": target.current.version, "reason": target.return_reason,
               "returned_at": target.decided_at.isoformat() if target.decided_at else "",
               "returned_by": target.decided_by.username if target.decided_by else ""}
    data = _envelope(RETURN, task.org, payload, key)
    audit.record(actor=actor, action="export", obj=target, org_path=target.org.path,
                 changes={"version": target.current.version, "file": "return"})
    return data


# --- receiving ---------------------------------------------------------------------------------------------

def _bad(what: str) -> ValidationError:
    return ValidationError(MSG_BAD_CONTENT % {"what": what})


def parse_file(data: bytes) -> dict:
    if len(data) > MAX_BYTES:
        raise ValidationError(MSG_TOO_BIG)
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ValidationError(MSG_NOT_PACKAGE) from None
    if not isinstance(body, dict) or not str(body.get("format", "")).startswith("gonghui.package/"):
        raise ValidationError(MSG_NOT_PACKAGE)
    if body["format"] != FORMAT:
        raise ValidationError(MSG_FORMAT % {"f": body["format"]})
    if body.get("kind") not in (SUBMISSION, RETURN) or not isinstance(body.get("payload"), dict) \
            or not isinstance(body.get("signature"), str):
        raise ValidationError(MSG_NOT_PACKAGE)
    return body


def _org(actor, code) -> Org:
    if not isinstance(code, str) or not code:
        raise _bad(_("组织代码"))
    # its registered key comes along (one query, not two: _check_signature reads it from the org)
    org = scoped(Org.objects.select_related("trusted_key").filter(code=code.strip().upper()), actor).first()
    if org is None:
        raise ValidationError(MSG_UNKNOWN_ORG % {"code": code})
    return org


def _check_signature(body: dict, signer: Org) -> str:
    """The signature against the key registered for `signer`; returns its fingerprint."""
    with unscoped("the signer org was read through the actor's scope"):
        try:
            row = signer.trusted_key  # read with the org by _org; a return's issuer reads it here
        except TrustedKey.DoesNotExist:
            row = None
    if row is None:
        raise ValidationError(MSG_NO_KEY % {"org": signer.name, "code": signer.code})
    signed = {k: v for k, v in body.items() if k != "signature"}
    if not signing.verify(signed, body["signature"], signing.unb64(row.public_key)):
        raise ValidationError(MSG_SIGNATURE % {"org": signer.name})
    return row.fingerprint


def _date(text, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise _bad(what) from None


def _target(actor, org: Org, period: dict) -> ReportTarget:
    if not isinstance(period, dict):
        raise _bad(_("期间"))
    start, end = _date(period.get("start"), _("期间")), _date(period.get("end"), _("期间"))
    pk = (scoped(ReportTarget.objects.filter(org=org, task__period_start=start, task__period_end=end), actor)
          .order_by("-task__deadline", "-pk").values_list("pk", flat=True).first())
    if pk is None:
        raise ValidationError(MSG_NO_TARGET % {"org": org.name, "period": period.get("code") or f"{start}~{end}"})
    with unscoped("the target was just found through the actor's scope"):
        # locked with its task, the task's org and its current version in one query (only the target's row is
        # locked); its org is the one the caller read
        target = (ReportTarget.objects.filter(pk=pk).select_for_update(of=("self",))
                  .select_related("task", "task__org", "current").get())
    target.org = org
    return target


def _values(values) -> dict:
    if not isinstance(values, dict):
        raise _bad(_("指标值"))
    for code, v in values.items():
        if isinstance(v, bool) or not (v is None or isinstance(v, (int, str))):
            raise _bad(_("指标“%(c)s”的值") % {"c": code})
        if isinstance(v, str):
            try:
                Decimal(v)
            except InvalidOperation:
                raise _bad(_("指标“%(c)s”的值") % {"c": code}) from None
    return values


def _files(files) -> list[tuple[str, str, bytes, str]]:
    out, kinds = [], set()
    if not isinstance(files, list):
        raise _bad(_("文件列表"))
    for f in files:
        if not isinstance(f, dict) or f.get("kind") not in FILE_KINDS or f["kind"] in kinds:
            raise _bad(_("文件列表"))
        kinds.add(f["kind"])
        name = str(f.get("name") or f["kind"])[:200]
        try:
            data = signing.unb64(f.get("data") or "")
        except ValueError:
            raise ValidationError(MSG_HASH % {"name": name}) from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != f.get("sha256"):
            raise ValidationError(MSG_HASH % {"name": name})
        out.append((f["kind"], name, data, digest))
    return out


def target_key(payload) -> tuple[str, dt.date, dt.date] | None:
    """(org code, period start, period end) a submission package names, or None when any of them is odd."""
    org, period = payload.get("org"), payload.get("period")
    code = org.get("code") if isinstance(org, dict) else None
    if not isinstance(code, str) or not code or not isinstance(period, dict):
        return None
    try:
        return code.strip().upper(), dt.date.fromisoformat(period.get("start")), dt.date.fromisoformat(period.get("end"))
    except (TypeError, ValueError):
        return None


def targets_at_once(actor, payloads) -> dict[tuple, ReportTarget]:
    """The usual case in two queries, for one package or a batch of them: {target_key: target} of the orgs with
    those codes for those periods (the latest task's target of each), locked, with its org and the org's
    registered key, its task and the task's org, and its current version. A package whose key is missing here
    goes step by step (`prepare_submission`), for the precise reason."""
    by_period: dict[tuple, set[str]] = {}
    for key in filter(None, map(target_key, payloads)):
        by_period.setdefault(key[1:], set()).add(key[0])
    if not by_period:
        return {}
    # the orgs first, by their codes' unique index: then the targets by their org index. Joined in one query,
    # PostgreSQL scanned every target of the task and looked each one's org up (15 ms a batch at 2,000 unions,
    # growing with them; each package alone paid it before batches)
    ids = dict(scoped(Org.objects.filter(code__in=set().union(*by_period.values())), actor).values_list("code", "pk"))
    which = Q()
    for (start, end), codes in by_period.items():
        which |= Q(org_id__in=sorted(ids[c] for c in codes if c in ids), task__period_start=start,
                   task__period_end=end)
    found: dict[tuple, ReportTarget] = {}
    for target in (scoped(ReportTarget.objects.filter(which), actor)
                   .select_for_update(of=("self",))
                   .select_related("org", "org__trusted_key", "task", "task__org", "current")
                   .order_by("-task__deadline", "-pk")):
        mark_fetched(target.org)  # the target was read through the scope of its org
        found.setdefault((target.org.code, target.task.period_start, target.task.period_end), target)
    return found


@dataclass
class Pending:
    """A package that passed every check, not yet written: its version, files and audit changes."""

    sub: Submission
    files: list[SubmissionFile]
    target: ReportTarget
    changes: dict


def prepare_submission(actor, body: dict, target: ReportTarget | None) -> Pending | None:
    """Every check of a submission package against its target (`target` as `targets_at_once` found it; None:
    found here step by step, naming what is missing); None when it is the version already received (UNCHANGED).
    Nothing is written; the target in memory takes the new version only once every check passed (a second
    package for it in the same batch is checked against that)."""
    p = body["payload"]
    if target is not None:
        org = target.org
        fp = _check_signature(body, org)
    else:
        org = _org(actor, (p.get("org") or {}).get("code") if isinstance(p.get("org"), dict) else None)
        fp = _check_signature(body, org)
        target = _target(actor, org, p.get("period"))
    if not can_write_org(actor, target.task.org):
        raise PermissionDenied
    digest = hashlib.sha256(signing.canonical(p)).hexdigest()
    current = target.current
    if current is not None and current.package_sha256 == digest:
        return None
    if target.state == TargetState.ACCEPTED:
        raise ValidationError(MSG_ACCEPTED % {"org": org.name})
    version = p.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad(_("版本号"))
    if current is not None and version < current.version:
        raise ValidationError(MSG_OLDER % {"org": org.name, "v": version, "have": current.version})
    if current is not None and version == current.version:
        raise ValidationError(MSG_SAME_VERSION % {"org": org.name, "v": version})
    values, files = _values(p.get("values")), _files(p.get("files", []))
    explanations = p.get("explanations") or []
    if not isinstance(explanations, list):
        raise _bad(_("核实性检查说明"))
    try:
        submitted_at = dt.datetime.fromisoformat(p.get("submitted_at"))
    except (TypeError, ValueError):
        raise _bad(_("上报时间")) from None
    period = p["period"]
    sub = Submission(target=target, version=version, org_code=org.code,
                     org_name=str((p.get("org") or {}).get("name") or org.name)[:100],
                     period_code=str(period.get("code") or "")[:20], period_start=target.task.period_start,
                     period_end=target.task.period_end, values=values, explanations=explanations,
                     submitted_by=None, submitted_by_name=str(p.get("submitted_by") or "")[:150],
                     submitted_at=submitted_at, source=SubmissionSource.PACKAGE, package_sha256=digest,
                     signed_by=fp)
    sub.full_clean(exclude=["target"])
    before = target.state
    target.state, target.current = TargetState.SUBMITTED, sub
    return Pending(sub, [SubmissionFile(submission=sub, kind=k, name=n, data=d, sha256=h) for k, n, d, h in files],
                   target, {"task": target.task_id, "version": version, "state": [before, target.state],
                            "fingerprint": fp, "software": str(p.get("software") or "")})


def write_received(actor, pending: list[Pending]) -> None:
    """The checked packages' versions, files, targets and audit rows: a few statements for the whole batch."""
    if not pending:
        return
    subs = [p.sub for p in pending]
    if connection.features.can_return_rows_from_bulk_insert:
        Submission.objects.bulk_create(subs)
    else:  # an old SQLite: the ids one by one
        for sub in subs:
            sub.save()
    SubmissionFile.objects.bulk_create([f for p in pending for f in p.files])
    for p in pending:  # in file order: a target's last version is its current one
        p.target.current = p.sub
    targets = list({p.target.pk: p.target for p in pending}.values())
    if len(targets) == 1:
        targets[0].save(update_fields=["state", "current"])
    else:
        ReportTarget.objects.bulk_update(targets, ["state", "current"])
    audit.record_many([audit.event(actor=actor, action="import", obj=p.sub, org_path=p.target.org.path,
                                   changes=p.changes) for p in pending])


def _receive_submission(actor, body: dict) -> str:
    pending = prepare_submission(actor, body, targets_at_once(actor, [body["payload"]]).get(
        target_key(body["payload"])))
    if pending is None:
        return UNCHANGED
    write_received(actor, [pending])
    return RECEIVED


def _receive_return(actor, body: dict) -> str:
    p = body["payload"]
    org = _org(actor, (p.get("org") or {}).get("code") if isinstance(p.get("org"), dict) else None)
    issuer_code = (p.get("issued_by") or {}).get("code") if isinstance(p.get("issued_by"), dict) else None
    target = _target(actor, org, p.get("period"))
    if not can_write_org(actor, org):
        raise PermissionDenied
    issuer = target.task.org
    mark_fetched(issuer)  # the task above the actor's union names it; its key row is all that is read
    if not isinstance(issuer_code, str) or issuer_code.upper() != issuer.code.upper():
        raise ValidationError(MSG_RETURN_ISSUER % {"code": issuer_code, "issuer": issuer.name})
    _check_signature(body, issuer)
    reason = str(p.get("reason") or "").strip()
    version = p.get("version")
    if not reason:
        raise _bad(_("退回原因"))
    current = target.current
    if current is not None and current.version == version and target.state == TargetState.RETURNED \
            and target.return_reason == reason:
        return UNCHANGED
    if target.state == TargetState.ACCEPTED:
        raise ValidationError(MSG_ACCEPTED % {"org": org.name})
    if current is None or current.version != version or target.state != TargetState.SUBMITTED:
        raise ValidationError(MSG_RETURN_STALE % {"v": version, "have": current.version if current else "—",
                                                  "state": target.get_state_display()})
    try:
        returned_at = dt.datetime.fromisoformat(p.get("returned_at")) if p.get("returned_at") else None
    except (TypeError, ValueError):
        raise _bad(_("退回时间")) from None
    target.state, target.return_reason = TargetState.RETURNED, reason
    target.decided_by, target.decided_at = None, returned_at
    target.save(update_fields=["state", "return_reason", "decided_by", "decided_at"])
    audit.record(actor=actor, action="import", obj=target, org_path=org.path,
                 changes={"file": "return", "version": version, "reason": reason,
                          "returned_by": str(p.get("returned_by") or "")})
    return RECEIVED


@transaction.atomic
def package_receive(*, actor, data: bytes) -> str:
    """Take one package (on the federation's install) or return file (on the union's install), whole or not
    at all: RECEIVED, UNCHANGED (the same file again), or ValidationError with the Chinese reason."""
    body = parse_file(data)
    if body["kind"] == SUBMISSION:
        return _receive_submission(actor, body)
    return _receive_return(actor, body)
