#!/usr/bin/env python3
"""Ledger list pages at scale.

    python benchmarks/ledgers.py --entries 200000 --links 2000000 --people 20000

Builds the federation of benchmarks/people.py (50 unions), then `--entries` ledger entries spread over the
kinds (most of them meetings, study sessions and cultural events with participants) and `--links` participant
links, and times the ledger list pages (every kind, the whole federation and one union, a period filter)
through Django's test client, 50 requests each. Prints one JSON line last. Target: every list page p95 <= 150 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import people as people_bench


def fill(args, ctx) -> dict:
    from django.db import connection, transaction

    from gonghui.ledgers import models as lm
    from gonghui.orgs.models import Org
    from gonghui.people.models import Person

    rnd = random.Random(11)
    orgs = list(Org.objects.exclude(kind="federation").values_list("pk", flat=True))
    by_org: dict[int, list[int]] = {}
    for pk, org_id in Person.objects.values_list("pk", "org_id"):
        by_org.setdefault(org_id, []).append(pk)
    orgs_with_people = [o for o in orgs if o in by_org]
    start = dt.date(2025, 1, 1)
    t0 = time.perf_counter()
    # Shares of the entries: the kinds with participants carry the links.
    shares = {"meeting": 0.35, "study": 0.25, "culture": 0.15, "suggestion": 0.10, "aid": 0.10, "publicity": 0.05}
    made = {}
    with transaction.atomic():
        for code, share in shares.items():
            n = int(args.entries * share)
            rows = []
            for i in range(n):
                org_id = rnd.choice(orgs_with_people)
                day = start + dt.timedelta(days=rnd.randrange(540))
                common = {"org_id": org_id, "date": day}
                if code == "meeting":
                    rows.append(lm.Meeting(**common, meeting_type="group", title=f"小组会{i}"))
                elif code == "study":
                    rows.append(lm.Study(**common, study_type="safety", topic=f"安全培训{i}"))
                elif code == "culture":
                    rows.append(lm.Culture(**common, title=f"活动{i}", mode="own"))
                elif code == "suggestion":
                    rows.append(lm.Suggestion(**common, category="golden_idea", title=f"金点子{i}",
                                              status="collected", economic_value=Decimal("100.00")))
                elif code == "aid":
                    rows.append(lm.Aid(**common, aid_type="visit", recipient_id=rnd.choice(by_org[org_id]),
                                       amount=Decimal("500.00")))
                else:
                    rows.append(lm.Publicity(**common, title=f"稿件{i}", media_type="website", media_name="区工会网"))
            model = type(rows[0])
            model.objects.bulk_create(rows, batch_size=5000)
            made[code] = n
        # Participant links through raw executemany: 2,000,000 ORM objects would measure the ORM, not the pages.
        per_kind = {"meeting": lm.Meeting, "study": lm.Study, "culture": lm.Culture}
        link_total = 0
        weights = {"meeting": 0.4, "study": 0.4, "culture": 0.2}
        for code, model in per_kind.items():
            through = model.participants.through
            table = through._meta.db_table
            fk = f"{model._meta.model_name}_id"
            want = int(args.links * weights[code])
            entries = list(model.objects.values_list("pk", "org_id"))
            per_entry = max(1, want // max(1, len(entries)))
            batch = []
            sql = f"INSERT INTO {table} ({fk}, person_id) VALUES (%s, %s)"
            with connection.cursor() as cur:
                for pk, org_id in entries:
                    pool = by_org[org_id]
                    for person_id in rnd.sample(pool, min(per_entry, len(pool))):
                        batch.append((pk, person_id))
                    if len(batch) >= 50000:
                        cur.executemany(sql, batch)
                        link_total += len(batch)
                        batch.clear()
                if batch:
                    cur.executemany(sql, batch)
                    link_total += len(batch)
            model.objects.update(person_times=per_entry)
    return {"entries": sum(made.values()), "links": link_total, "build_ledgers_s": round(time.perf_counter() - t0, 1)}


def measure(ctx, n: int) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(ctx["admin"], backend="gonghui.accounts.backends.UsernameOrMobileBackend")
    union = ctx["union"].code

    def get(url):
        def run():
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)
        return run

    out = {}
    for code in ("meeting", "study", "culture", "suggestion", "aid", "publicity"):
        out[f"{code}_list"] = people_bench.timed(get(f"/ledgers/{code}/?period=2025"), n)
    out["meeting_list_union"] = people_bench.timed(get(f"/ledgers/meeting/?org={union}&period=2025H2"), n)
    out["meeting_list_no_period"] = people_bench.timed(get("/ledgers/meeting/"), n)
    out["ledger_index"] = people_bench.timed(get("/ledgers/?period=2025"), n)
    out["api_meeting_list"] = people_bench.timed(get("/api/v1/ledgers/meeting?from=2025-01-01&to=2025-12-31"), n)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--links", type=int, default=2_000_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    people_bench.setup(args)
    from django.db import connection

    ctx = people_bench.build(args.people)
    built = fill(args, ctx)
    results = measure(ctx, args.requests)
    worst = max(v["p95_ms"] for v in results.values())
    print(json.dumps({"benchmark": "ledgers", "database": connection.vendor, "people": args.people, **built,
                      **results, "worst_page_p95_ms": worst, "targets_met": worst <= 150}, ensure_ascii=False))


if __name__ == "__main__":
    main()
