#!/usr/bin/env python3
"""Offline packages at scale: a federation receives one signed package from each of `--unions` unions.

    python benchmarks/federation.py --unions 200        # SQLite in a temp data dir; DATABASE_URL for PostgreSQL

Builds the federation and its unions, one reporting task for them all, and one package per union from a
generated snapshot (every registry code with a value, a 20 KB .xlsx-sized file), each signed by its own
install's key and registered with `key_trust`. Then times `packages_receive` over all of them, as a folder
is received (`--batch` files a transaction; `--one-by-one`: `package_receive` per file; issue #17 §3:
>= 100 packages/s), and once more (every package `unchanged`); accepts them all, and times the federation's
tables (.xlsx) built from the accepted submissions (`rollup(submitted=True)` + `rollup_tables_write`, target
<= 2 s), and the live roll-up once (every union a package: each taken from its frozen version). Wall time and
this process's CPU time (the machine is shared: the CPU time is what the code costs). `--profile N` prints the
top N functions of the receive under cProfile. Prints one JSON line last.
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
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions of the receive")
    parser.add_argument("--profile-tables", type=int, default=0,
                        help="print the top N functions of the tables from the submissions")
    parser.add_argument("--queries", action="store_true", help="print the SQL of the first package's receive")
    parser.add_argument("--statements", action="store_true",
                        help="the time of the receive's SQL statements by kind (the last 9,000 statements)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE a batch's target query (PostgreSQL)")
    parser.add_argument("--one-by-one", action="store_true",
                        help="receive with package_receive, one transaction per file (as before batches)")
    parser.add_argument("--batch", type=int, default=50, help="files per transaction (packages_receive)")
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

    from gonghui.reports.submissions.packages.batch import packages_receive

    def receive_all() -> tuple[float, float, dict]:
        counts: dict[str, int] = {}
        start, cpu = time.perf_counter(), time.process_time()
        if args.one_by_one:
            hows = [packages.package_receive(actor=SYSTEM, data=data) for data in built]
        else:
            got = packages_receive(actor=SYSTEM, files=[(str(i), lambda d=data: d) for i, data in enumerate(built)],
                                   batch=args.batch)
            hows = [how if isinstance(how, str) else repr(how) for _name, how in got]
        for how in hows:
            counts[how] = counts.get(how, 0) + 1
        return time.perf_counter() - start, time.process_time() - cpu, counts

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if args.queries:
        with CaptureQueriesContext(connection) as ctx:  # one package alone, then a batch of three
            packages.package_receive(actor=SYSTEM, data=built[0])
            packages_receive(actor=SYSTEM, files=[(str(i), lambda d=d: d) for i, d in enumerate(built[1:4])])
        for q in ctx.captured_queries:
            print(q["time"], q["sql"][:200], file=sys.stderr)
        built = built[4:]
    if args.queries or args.statements:
        connection.force_debug_cursor = True  # every statement's time, by kind, over the first receive
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    first_s, first_cpu, first = receive_all()
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(args.profile)
    if args.queries or args.statements:
        by_kind: dict[str, list[float]] = {}
        for q in connection.queries:
            words = q["sql"].split(None, 4)
            kind = " ".join(words[:3] if words[0] in ("INSERT", "UPDATE") else words[:1])
            by_kind.setdefault(kind, []).append(float(q["time"]))
        for kind, times in sorted(by_kind.items(), key=lambda kv: -sum(kv[1])):
            print(f"{len(times):6d} × {kind}: {sum(times):.2f} s", file=sys.stderr)
        connection.force_debug_cursor = False
    again_s, again_cpu, again = receive_all()
    if args.explain and connection.vendor == "postgresql":  # the plan of a batch's target query
        from django.db import transaction

        from gonghui.core.scope_guard import unscoped

        with transaction.atomic(), unscoped("benchmark: the plan of the batch query"):
            with CaptureQueriesContext(connection) as ctx:
                packages.targets_at_once(SYSTEM, [json.loads(d)["payload"] for d in built[-50:]])
            with connection.cursor() as cur:
                for when in ("as the tables were just filled", "after ANALYZE"):
                    if when.startswith("after"):
                        cur.execute("ANALYZE")
                    cur.execute("EXPLAIN ANALYZE " + ctx.captured_queries[-1]["sql"])
                    print(f"-- {when}:", *(r[0] for r in cur.fetchall()), sep="\n", file=sys.stderr)

    import io

    from django.db import connection

    from gonghui.core.scope_guard import unscoped
    from gonghui.reports.submissions.models import ReportTarget, TargetState
    from gonghui.reports.submissions.rollup_files import rollup_tables_write
    from gonghui.reports.submissions.rollup_selectors import rollup

    with unscoped("benchmark: accept every submission at once (accepting is not what is measured)"):
        ReportTarget.objects.filter(task__org=fed).update(state=TargetState.ACCEPTED)

    split = {}

    def tables(submitted: bool) -> tuple[float, float, int, object]:
        start, cpu = time.perf_counter(), time.process_time()
        r = rollup(viewer=SYSTEM, org=fed, period=period, submitted=submitted)
        split["rollup_cpu_s"] = time.process_time() - cpu
        buf = io.BytesIO()
        rollup_tables_write(r, buf)
        return time.perf_counter() - start, time.process_time() - cpu, len(buf.getvalue()), r

    if args.profile_tables:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        tables(True)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(
            args.profile_tables)
    tables_s, tables_cpu, tables_bytes, r = tables(True)
    rollup_cpu = split["rollup_cpu_s"]
    assert r.sources()["package"] == args.unions and all(u.included for u in r.units)
    live_s, live_cpu, _, live = tables(False)
    assert live.values == r.values
    print(json.dumps({"db": connection.vendor, "unions": args.unions, "package_kb": round(len(built[0]) / 1024, 1),
                      "setup_s": round(setup_s, 2), "receive_s": round(first_s, 2),
                      "receive_cpu_s": round(first_cpu, 2), "packages_per_s": round(args.unions / first_s, 1),
                      "received": first, "again_s": round(again_s, 2), "again_cpu_s": round(again_cpu, 2),
                      "again": again, "load": [round(x, 1) for x in os.getloadavg()],
                      "tables_submitted_s": round(tables_s, 2),
                      "tables_submitted_cpu_s": round(tables_cpu, 2),
                      "of_which_rollup_cpu_s": round(rollup_cpu, 2), "tables_kb": round(tables_bytes / 1024, 1),
                      "tables_live_s": round(live_s, 2), "tables_live_cpu_s": round(live_cpu, 2)},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
