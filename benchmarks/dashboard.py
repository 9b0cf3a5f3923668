#!/usr/bin/env python3
"""数据看板 at scale: a federation of 50 unions (+5 that recorded nothing).

    python benchmarks/dashboard.py --people 20000 --entries 20000

Builds the federation of benchmarks/people.py (50 unions x 4 branches x 5 groups) and `--entries` ledger
entries (benchmarks/ledgers.py), adds 5 empty unions, then times the dashboard page through Django's test
client for the federation (key numbers, monthly trends, the per-union breakdown and the silent unions) and for
one union, and a chart download. Prints one JSON line last. No hard target (issue 7 §4: "reasonable time").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ledgers as ledgers_bench
import people as people_bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--period", default="2026H1")
    args = parser.parse_args()
    args.links = 0
    args.reuse, args.reuse_dir = False, ""  # a fresh database each time
    people_bench.setup(args)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.accounts.scoping import SYSTEM
    from gonghui.orgs.services import org_create

    ctx = people_bench.build(args.people)
    built = ledgers_bench.fill(args, ctx)
    for i in range(5):
        org_create(actor=SYSTEM, parent=ctx["fed"], kind="union", name=f"未记录工会{i + 1}", code=f"QUIET{i}")

    out = {}
    client = Client()
    client.force_login(ctx["admin"], backend="gonghui.accounts.backends.UsernameOrMobileBackend")

    def get(url):
        def run():
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)
        return run

    fed_url = f"/dashboard/?org={ctx['fed'].code}&period={args.period}"
    with CaptureQueriesContext(connection) as q:
        r = client.get(fed_url)
    assert r.status_code == 200
    out["federation_queries"] = len(q.captured_queries)
    found = re.search(r"本期未记录任何工作的基层工会（(\d+)/(\d+)）", r.content.decode())
    out["federation_silent"] = f"{found.group(1)}/{found.group(2)}"
    out["federation_page"] = people_bench.timed(get(fed_url), args.requests)
    union_url = f"/dashboard/?org={ctx['union'].code}&period={args.period}"
    with CaptureQueriesContext(connection) as q:
        client.get(union_url)
    out["union_queries"] = len(q.captured_queries)
    out["union_page"] = people_bench.timed(get(union_url), args.requests)
    out["federation_chart"] = people_bench.timed(
        get(f"/dashboard/charts/breakdown-members.svg?org={ctx['fed'].code}&period={args.period}"), args.requests)
    print(json.dumps({"benchmark": "dashboard", "database": connection.vendor, "people": args.people,
                      "unions": 55, **built, **out}, ensure_ascii=False))


if __name__ == "__main__":
    main()
