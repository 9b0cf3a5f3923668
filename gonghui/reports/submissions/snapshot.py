"""A submission as plain data: indicator values as JSON (exact Decimals as strings), the files as blobs.

    encode_values({"members": 12, "aid_amount": Decimal("1000.00")}) -> {"members": 12, "aid_amount": "1000.00"}
    decode_values(...)                                                -> back to int / Decimal / None
    snapshot_dict(submission) -> {"format": ..., "org": {...}, "period": {...}, "values": {...}, "files": [...]}

`snapshot_dict` is what an offline package (issue #17 §2) will carry and sign: nothing in it needs the
database of the install that made it.
"""

from __future__ import annotations

import base64
from decimal import Decimal

from gonghui import __version__

FORMAT = "gonghui.submission/1"


def encode_values(values: dict) -> dict:
    """Registry values as JSON values: counts stay integers, money and rates become exact decimal strings."""
    out = {}
    for code, v in values.items():
        if isinstance(v, Decimal):
            out[code] = str(v)
        elif v is None or isinstance(v, int):
            out[code] = v
        else:
            raise TypeError(f"{code}: {type(v).__name__} is not a registry value")
    return out


def decode_values(values: dict) -> dict:
    return {code: Decimal(v) if isinstance(v, str) else v for code, v in values.items()}


def snapshot_dict(submission, *, with_files: bool = True) -> dict:
    """Everything frozen by one submission, as JSON-able plain data (files base64 with their SHA-256)."""
    task = submission.target.task
    out = {
        "format": FORMAT,
        "software": __version__,
        "org": {"code": submission.org_code, "name": submission.org_name},
        "period": {"code": submission.period_code, "start": submission.period_start.isoformat(),
                   "end": submission.period_end.isoformat()},
        "task": {"title": task.title, "contents": task.contents, "deadline": task.deadline.isoformat(),
                 "issued_by": task.org.code},
        "version": submission.version,
        "submitted_at": submission.submitted_at.isoformat(),
        "submitted_by": submission.submitted_by_name,
        "values": dict(submission.values),
        "explanations": list(submission.explanations),
    }
    if with_files:
        out["files"] = [{"kind": f.kind, "name": f.name, "sha256": f.sha256,
                         "data": base64.b64encode(bytes(f.data)).decode("ascii")}
                        for f in submission.files.order_by("kind")]
    return out
