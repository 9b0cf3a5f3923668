#!/usr/bin/env python3
"""Member list speed at scale.

    python benchmarks/people.py --people 100000                       # fresh SQLite in a temp dir
    DATABASE_URL=postgres://... python benchmarks/people.py --people 1000000
    DATABASE_URL=postgres://... python benchmarks/people.py --people 1000000 --reuse   # time again, no rebuild

Fills a fresh database with a federation of 50 unions (4 branches x 5 groups each) and N people with
membership events, then times through Django's test client (50 requests each): the member list page (first
page, a filtered page, a pinyin search) and the API list; and the subtree member count at a past date.
Prints one JSON line last. Targets (docs/performance.md): page p95 <= 150 ms, count <= 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰华建国玉梅红志鹏飞宇浩然欣怡子涵梓轩晨阳雪婷佳琪思雨文博嘉俊海波春燕丹凤云龙德福永三"
AREAS = ["110101", "110105", "310104", "310115", "440305", "440106", "330106", "320102", "510107", "420106", "370102", "610113", "500103", "210102"]


def setup(args) -> bool:
    """Point Django at the benchmark database and migrate it. True when a --reuse found a built one."""
    data_dir = args.reuse_dir or tempfile.mkdtemp(prefix="gh-bench-")
    os.makedirs(data_dir, exist_ok=True)
    os.environ["GONGHUI_DATA_DIR"] = data_dir
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{data_dir}/bench.sqlite3")
    os.environ["GONGHUI_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if args.reuse and "people_person" in connection.introspection.table_names():
        # Keep the people already loaded; new migrations (an index, say) are applied to them.
        call_command("migrate", verbosity=0)
        from gonghui.people.models import Person

        if Person.objects.count() == args.people:
            return True
        print(f"--reuse: the database does not hold {args.people} people; building afresh", file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:  # a reused PostgreSQL starts empty
            cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    elif args.reuse_dir:
        connection.close()
        Path(data_dir, "bench.sqlite3").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    return False


def existing(n_unions: int) -> dict:
    """The context of a database an earlier run built (--reuse)."""
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.orgs.models import Org

    with connection.cursor() as cur:  # statistics (and the visibility map) for whatever new migrations added
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"fed": Org.objects.get(code="BENCH"), "union": Org.objects.get(code="U000"),
            "admin": User.objects.get(username="bench"), "union_admin": User.objects.get(username="uadmin"),
            "build_orgs_s": None, "build_people_s": None}


def build(n_people: int, seed: int = 7, n_unions: int = 50) -> dict:
    """A federation of n_unions unions (4 branches x 5 groups each) and n_people people in the groups."""
    from django.db import transaction

    from gonghui.accounts.scoping import SYSTEM
    from gonghui.accounts.services import user_create
    from gonghui.core.idcard import check_digit
    from gonghui.orgs.services import org_create
    from gonghui.people import pinyin
    from gonghui.people.models import MembershipEvent, Person

    rnd = random.Random(seed)
    t0 = time.perf_counter()
    with transaction.atomic():
        fed = org_create(actor=SYSTEM, parent=None, kind="federation", name="基准区总工会", code="BENCH")
        groups = []
        unions = []
        for u in range(n_unions):
            union = org_create(actor=SYSTEM, parent=fed, kind="union", name=f"第{u + 1}基层工会", code=f"U{u:03d}")
            unions.append(union)
            for b in range(4):
                branch = org_create(actor=SYSTEM, parent=union, kind="branch", name=f"{b + 1}车间分会",
                                    code=f"U{u:03d}B{b}")
                for g in range(5):
                    groups.append(org_create(actor=SYSTEM, parent=branch, kind="group", name=f"{g + 1}班",
                                             code=f"U{u:03d}B{b}G{g}"))
    orgs_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    keys: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()
    batch, events = [], []
    emp_types = ["regular"] * 8 + ["dispatched", "temporary"]
    made = 0
    end = dt.date(2025, 6, 30)

    def flush():
        Person.objects.bulk_create(batch, batch_size=2000)
        for person, joined in events:
            person_ev.append(MembershipEvent(person=person, org_id=person.org_id, kind="join", date=joined,
                                             member_no=f"M{person.pk:08d}"))
        MembershipEvent.objects.bulk_create(person_ev, batch_size=2000)
        batch.clear()
        events.clear()
        person_ev.clear()

    person_ev: list = []
    with transaction.atomic():
        while made < n_people:
            birth = dt.date(1965, 1, 1) + dt.timedelta(days=rnd.randrange(365 * 40))
            male = rnd.random() < 0.55
            s17 = f"{rnd.choice(AREAS)}{birth:%Y%m%d}{rnd.randrange(500) * 2 + male:03d}"
            idn = s17 + check_digit(s17)
            if idn in seen:
                continue
            seen.add(idn)
            made += 1
            name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2, 2))))
            if name not in keys:
                keys[name] = (pinyin.sort_key(name), pinyin.search_key(name))
            hired = birth + dt.timedelta(days=365 * 18 + rnd.randrange(365 * 10))
            hired = min(hired, end)
            joined = min(end, hired + dt.timedelta(days=rnd.randrange(400)))
            member = rnd.random() < 0.9
            p = Person(
                name=name, name_pinyin=keys[name][0], search_key=keys[name][1], gender="M" if male else "F",
                ethnicity="01", id_number=idn, birth_date=birth, education="20", political_status="13",
                mobile=f"1{rnd.choice('3589')}{rnd.randrange(10 ** 9):09d}", employee_no=f"E{made:07d}",
                hired_on=hired, employment_type=rnd.choice(emp_types), org=rnd.choice(groups),
                is_migrant_worker=rnd.random() < 0.15, member_status="active" if member else "none",
                member_no=f"M{made:08d}" if member else "",
            )
            batch.append(p)
            if member:
                events.append((p, joined))
            if len(batch) >= 10000:
                flush()
        if batch:
            flush()
    people_s = time.perf_counter() - t0
    # Fresh bulk loads have no planner statistics (and on PostgreSQL no visibility map): gather them, as
    # autovacuum / a nightly ANALYZE would on a live system.
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    admin = user_create(actor=SYSTEM, username="bench", password="Bench#2026x", is_superuser=True)
    union_admin = user_create(actor=SYSTEM, username="uadmin", password="Bench#2026x", grants=[(unions[0], "admin")])
    return {"fed": fed, "union": unions[0], "admin": admin, "union_admin": union_admin,
            "build_orgs_s": round(orgs_s, 2), "build_people_s": round(people_s, 2)}


def timed(fn, n: int) -> dict:
    fn()  # warm caches, as an office server would be
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)]
    return {"median_ms": round(statistics.median(samples), 1), "p95_ms": round(p95, 1)}


def measure(ctx: dict, n: int) -> dict:
    from django.test import Client

    from gonghui.people.selectors import member_count_at

    client = Client()
    client.force_login(ctx["admin"], backend="gonghui.accounts.backends.UsernameOrMobileBackend")
    scoped_client = Client()
    scoped_client.force_login(ctx["union_admin"], backend="gonghui.accounts.backends.UsernameOrMobileBackend")
    union = ctx["union"].code

    def get(c, url):
        def run():
            r = c.get(url)
            assert r.status_code == 200, (url, r.status_code)
        return run

    out = {
        "list_first_page": timed(get(client, "/people/"), n),
        "list_filtered": timed(get(client, f"/people/?org={union}&gender=F&employment_type=regular"), n),
        "list_pinyin_search": timed(get(client, "/people/?q=zhangwei"), n),
        "list_as_union_admin": timed(get(scoped_client, "/people/"), n),
        "api_list": timed(get(client, "/api/v1/people?page=1&page_size=50"), n),
        "api_list_filtered": timed(get(client, f"/api/v1/people?org={union}&q=zw"), n),
    }
    past = dt.date(2024, 6, 30)
    out["member_count_at_past_date"] = timed(lambda: member_count_at(ctx["fed"], past), n)
    out["member_count_value"] = member_count_at(ctx["fed"], past)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--unions", type=int, default=50)
    parser.add_argument("--reuse", action="store_true",
                        help="time the database an earlier run built (same --people) instead of building one; "
                             "PostgreSQL: the DATABASE_URL database, SQLite: the one in --reuse-dir")
    parser.add_argument("--reuse-dir", default="", help="SQLite: keep the database in this folder (for --reuse)")
    args = parser.parse_args()
    reused = setup(args)
    from django.db import connection

    ctx = existing(args.unions) if reused else build(args.people, n_unions=args.unions)
    results = measure(ctx, args.requests)
    pages = [v["p95_ms"] for k, v in results.items() if k.startswith(("list", "api"))]
    line = {
        "benchmark": "people",
        "people": args.people,
        "database": connection.vendor,
        "build_orgs_s": ctx["build_orgs_s"],
        "build_people_s": ctx["build_people_s"],
        "reused": reused,
        **results,
        "worst_page_p95_ms": max(pages),
        "targets_met": max(pages) <= 150 and results["member_count_at_past_date"]["p95_ms"] <= 50,
    }
    print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
