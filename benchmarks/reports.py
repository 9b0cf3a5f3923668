#!/usr/bin/env python3
"""Reports at scale: indicators with the per-union breakdown, the tables workbook, the work summary.

    python benchmarks/reports.py                      # 100 unions, 200,000 people, fresh SQLite in a temp dir
    python benchmarks/reports.py --unions 20 --people 20000 --entries 5000 --union-entries 5000   # quick
    python benchmarks/reports.py --keep /tmp/gh-reports    # build into that dir once, reuse it on later runs

Builds the federation of benchmarks/people.py with `--unions` unions (4 branches x 5 groups each) and `--people`
people with their 入会 events, `--entries` ledger entries spread over the federation (benchmarks/ledgers.py),
then makes the first union large: `--union-people` people in all (moved in from other unions, with their 会籍)
and `--union-entries` more entries of its own dated in the period. Times, median of `--runs`:

  (a) every indicator for the federation + the per-union breakdown (registry.compute_with_breakdown: grouped
      queries, the federation's counts and sums added up from its parts)                   target <= 1 s;
      and for comparison registry.compute + registry.compute_breakdown (the total scanned apart)
  (b) the naive way, once: one query per indicator per union (Indicator.value per code), and
      registry.compute per union; prints the ratio (b) / (a)
  (c) the tables workbook of the federation (reports.tables.tables_write to a BytesIO)    target <= 1 s
  (d) the work summary .docx of the large union (reports.summary.summary_write to BytesIO) target <= 1 s

Checks that the breakdown equals compute per union and the total compute of the federation. Prints one JSON
line last.

With `--keep DIR` the database is built in DIR the first time (with the build figures in DIR/built.json) and
reused as it is afterwards (the size options are then ignored; pending migrations are applied and the
planner statistics gathered again), so the timings can be repeated without the minutes of building.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ledgers as ledgers_bench
import people as people_bench


def grow_union(union, n_people: int, n_entries: int, period) -> dict:
    """Move people into `union` until it has n_people (their 会籍 events follow them), then add n_entries
    entries of its own dated within the period, on the union, its branches and groups."""
    from django.db import transaction

    from gonghui.ledgers import models as lm
    from gonghui.orgs.models import Org
    from gonghui.people.models import MembershipEvent, Person

    LEVEL = lm.c.Level.values[0]
    rnd = random.Random(23)
    t0 = time.perf_counter()
    orgs = list(Org.objects.filter(path__startswith=union.path).values_list("pk", "kind"))
    groups = [pk for pk, kind in orgs if kind == "group"]
    inside = set(Person.objects.filter(org__path__startswith=union.path).values_list("pk", flat=True))
    outside = list(Person.objects.exclude(pk__in=inside).values_list("pk", flat=True))
    moving = rnd.sample(outside, max(0, n_people - len(inside)))
    with transaction.atomic():
        per_group: dict[int, list[int]] = {}
        for pk in moving:
            per_group.setdefault(rnd.choice(groups), []).append(pk)
        for group, pks in per_group.items():
            for i in range(0, len(pks), 900):
                Person.objects.filter(pk__in=pks[i:i + 900]).update(org_id=group)
                MembershipEvent.objects.filter(person_id__in=pks[i:i + 900]).update(org_id=group)
        by_org: dict[int, list[int]] = {}
        for pk, org_id in Person.objects.filter(org__path__startswith=union.path).values_list("pk", "org_id"):
            by_org.setdefault(org_id, []).append(pk)
        with_people = list(by_org)
        all_orgs = [pk for pk, _ in orgs]
        days = (period.end - period.start).days + 1
        kinds = {"meeting": 0.3, "study": 0.2, "culture": 0.15, "suggestion": 0.1, "aid": 0.1, "publicity": 0.05,
                 "honour": 0.03, "mediation": 0.02, "women": 0.05}
        made = 0
        for code, share in kinds.items():
            rows = []
            for i in range(int(n_entries * share)):
                org_id = rnd.choice(with_people if code == "aid" else all_orgs)
                common = {"org_id": org_id, "date": period.start + dt.timedelta(days=rnd.randrange(days))}
                if code == "meeting":
                    rows.append(lm.Meeting(**common, meeting_type="group", title=f"小组会{i}"))
                elif code == "study":
                    rows.append(lm.Study(**common, study_type="safety", topic=f"安全培训{i}",
                                         person_times=rnd.randrange(5, 60)))
                elif code == "culture":
                    rows.append(lm.Culture(**common, title=f"活动{i}", mode="own", person_times=rnd.randrange(5, 200),
                                           awards="二等奖" if i % 10 == 0 else ""))
                elif code == "suggestion":
                    rows.append(lm.Suggestion(**common, category=rnd.choice(["golden_idea", "rationalisation",
                                                                             "innovation"]),
                                              title=f"建议{i}", status=rnd.choice(["collected", "adopted",
                                                                                 "implemented"]),
                                              economic_value=Decimal(rnd.randrange(0, 50000)) / 10))
                elif code == "aid":
                    rows.append(lm.Aid(**common, aid_type="visit", recipient_id=rnd.choice(by_org[org_id]),
                                       amount=Decimal("500.00"), person_times=1))
                elif code == "publicity":
                    rows.append(lm.Publicity(**common, title=f"稿件{i}", media_type="website", media_name="区工会网"))
                elif code == "honour":
                    rows.append(lm.Honour(**common, recipient_org_id=org_id, honour_name=f"先进集体{i}", level=LEVEL,
                                          granted_by="区总工会"))
                elif code == "mediation":
                    rows.append(lm.Mediation(**common, case_no=f"T{i}", dispute_type="pay", status="succeeded",
                                             closed_on=common["date"] + dt.timedelta(days=rnd.randrange(30))))
                else:
                    rows.append(lm.Women(**common, women_type="march8", title=f"女职工活动{i}"))
            type(rows[0]).objects.bulk_create(rows, batch_size=5000)
            made += len(rows)
    members = Person.objects.filter(org__path__startswith=union.path).count()
    return {"union_people": members, "union_entries_in_period": made,
            "build_union_s": round(time.perf_counter() - t0, 1)}


def once(fn) -> float:
    t = time.perf_counter()
    fn()
    return round(time.perf_counter() - t, 3)


def build(args, period):
    """(federation, large union, build figures): built afresh, or reused from --keep DIR."""
    from django.db import connection

    from gonghui.orgs.models import Org

    saved = args.keep / "built.json" if args.keep else None
    if saved and saved.exists():
        built = json.loads(saved.read_text())
        args.people = built.pop("people")
        with connection.cursor() as cur:  # an index added by a migration since the build needs statistics
            cur.execute("ANALYZE")
    else:
        ctx = people_bench.build(args.people, n_unions=args.unions)
        built = {"build_orgs_s": ctx["build_orgs_s"], "build_people_s": ctx["build_people_s"]}
        built.update(ledgers_bench.fill(args, ctx))
        built.update(grow_union(ctx["union"], args.union_people, args.union_entries, period))
        if saved:
            saved.write_text(json.dumps({"people": args.people, **built}))
    return Org.objects.get(code="BENCH"), Org.objects.get(code="U000"), built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unions", type=int, default=100)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--union-people", type=int, default=10_000)
    parser.add_argument("--union-entries", type=int, default=20_000)
    parser.add_argument("--period", default="2026H1")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the database in this directory once, then reuse it")
    args = parser.parse_args()
    args.links = 0
    args.reuse, args.reuse_dir = False, ""  # people.setup's own reuse (by its people count) is not used here
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{args.keep.resolve()}/bench.sqlite3"
    people_bench.setup(args)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.core.periods import parse_period
    from gonghui.indicators.registry import (
        INDICATORS,
        all_indicators,
        compute,
        compute_breakdown,
        compute_with_breakdown,
        direct_children,
    )
    from gonghui.reports.summary import summary_write
    from gonghui.reports.tables import tables_write

    period = parse_period(args.period)
    fed, union, built = build(args, period)
    codes = [i.code for i in all_indicators()]
    unions = direct_children(fed)

    def grouped():
        return compute_with_breakdown(fed, period)

    def scanned_twice():  # the federation's total by a query of its own, then the grouped parts
        return compute(fed, period), compute_breakdown(fed, period)

    total, parts = grouped()
    with CaptureQueriesContext(connection) as q:
        grouped()
    out = {"indicators": len(codes), "unions": len(unions), "grouped_queries": len(q.captured_queries)}
    assert (total, parts) == scanned_twice(), "compute_with_breakdown differs from compute, compute_breakdown"

    def naive_per_indicator():
        for u in unions:
            for code in codes:
                if code != "membership_rate":  # derived from members and workers, not a query of its own
                    INDICATORS[code].value(u, period)

    per_union = {}

    def naive_compute():
        for u in unions:
            per_union[u.pk] = compute(u, period)

    out["naive_per_indicator_s"] = once(naive_per_indicator)
    out["naive_compute_per_union_s"] = once(naive_compute)
    assert all(parts[u.pk] == per_union[u.pk] for u in unions), "breakdown differs from compute per union"

    def median_s(fn):
        return round(people_bench.timed(fn, args.runs)["median_ms"] / 1000, 3)

    out["grouped_s"] = median_s(grouped)
    out["total_and_breakdown_apart_s"] = median_s(scanned_twice)
    out["ratio_naive_per_indicator"] = round(out["naive_per_indicator_s"] / out["grouped_s"], 1)
    out["ratio_compute_per_union"] = round(out["naive_compute_per_union_s"] / out["grouped_s"], 1)
    out["tables_federation_s"] = median_s(lambda: tables_write(org=fed, period=period, target=io.BytesIO()))
    out["summary_union_s"] = median_s(lambda: summary_write(org=union, period=period, target=io.BytesIO()))
    members = compute(fed, period, ["members"])["members"]
    print(json.dumps({"benchmark": "reports", "database": connection.vendor, "people": args.people,
                      "federation_members": members, "period": args.period, **built, **out,
                      "targets_met": max(out["grouped_s"], out["tables_federation_s"], out["summary_union_s"]) <= 1},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
