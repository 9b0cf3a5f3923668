#!/usr/bin/env python3
"""Offline packages at scale: a federation receives one signed package from each of `--unions` unions.

    python benchmarks/federation.py --unions 200        # SQLite in a temp data dir; DATABASE_URL for PostgreSQL

Builds the federation and its unions, one reporting task for them all, and one package per union from a
generated snapshot (every registry code with a value, a 20 KB .xlsx-sized file), each signed by its own
install's key and registered with `key_trust`. Then times `package_receive` over all of them (issue #17 §3:
>= 100 packages/s), and once more (every package `unchanged`). Prints one JSON line last. The federation's
tables from the accepted submissions (the other §3 target) wait for the roll-up over submissions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import people as people_bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unions", type=int, default=200)
    parser.add_argument("--period", default="2026H1")
    args = parser.parse_args()
    args.reuse, args.reuse_dir = False, ""
    people_bench.setup(args)

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.utils import timezone

    from gonghui.accounts.scoping import SYSTEM
    from gonghui.core import signing
    from gonghui.core.periods import parse_period
    from gonghui.indicators.registry import INDICATORS
    from gonghui.orgs.services import org_create
    from gonghui.reports.submissions.packages import services as packages
    from gonghui.reports.submissions.services import report_task_create

    period = parse_period(args.period)
    t0 = time.perf_counter()
    fed = org_create(actor=SYSTEM, parent=None, kind="federation", name="某市总工会", code="CITY")
    unions = [org_create(actor=SYSTEM, parent=fed, kind="union", name=f"第{i + 1}工会", code=f"U{i + 1:05d}")
              for i in range(args.unions)]
    report_task_create(actor=SYSTEM, org=fed, contents="tables", period=period,
                       deadline=timezone.localdate() + dt.timedelta(days=30))
    blob = os.urandom(20_000)
    files = [{"kind": "tables", "name": "统计报表.xlsx", "sha256": hashlib.sha256(blob).hexdigest(),
              "data": signing.b64(blob)}]
    built = []
    for i, org in enumerate(unions):
        key = Ed25519PrivateKey.generate()
        packages.key_trust(actor=SYSTEM, org=org, document=packages.key_document(org=org, key=key))
        payload = {"format": "gonghui.submission/1", "software": "bench", "org": {"code": org.code, "name": org.name},
                   "period": {"code": period.code, "start": period.start.isoformat(), "end": period.end.isoformat()},
                   "task": {"title": "bench", "contents": "tables", "deadline": "2026-07-31", "issued_by": "CITY"},
                   "version": 1, "submitted_at": timezone.now().isoformat(), "submitted_by": "bench",
                   "values": {code: (i * 7 + n) % 500 for n, code in enumerate(INDICATORS)},
                   "explanations": [], "files": files}
        built.append(packages._envelope(packages.SUBMISSION, org, payload, key))
    setup_s = time.perf_counter() - t0

    def receive_all() -> tuple[float, dict]:
        counts: dict[str, int] = {}
        start = time.perf_counter()
        for data in built:
            how = packages.package_receive(actor=SYSTEM, data=data)
            counts[how] = counts.get(how, 0) + 1
        return time.perf_counter() - start, counts

    first_s, first = receive_all()
    again_s, again = receive_all()
    from django.db import connection

    print(json.dumps({"db": connection.vendor, "unions": args.unions, "package_kb": round(len(built[0]) / 1024, 1),
                      "setup_s": round(setup_s, 2), "receive_s": round(first_s, 2),
                      "packages_per_s": round(args.unions / first_s, 1), "received": first,
                      "again_s": round(again_s, 2), "again": again}, ensure_ascii=False))


if __name__ == "__main__":
    main()
