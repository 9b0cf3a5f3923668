#!/usr/bin/env python3
"""Ledger import benchmark (issue 6: a 10,000-row ledger import <= 3 s). Not a timed test: run it by hand.

    python benchmarks/ledgers_import.py --rows 10000 [--people 2000] [--repeat 3] [--keep DIR]

1. Builds an N-row 会议 ledger .xlsx (the heaviest kind: a date, 所属组织 by group name, a coded 会议类型, a title,
   3-8 participants by 工号 or unique name, 参加人数, 议题) - untimed.
2. Migrates a fresh SQLite database in a temp GONGHUI_DATA_DIR - untimed, separate process.
3. In its own process: a union with 30 groups and --people roster people (bulk inserted, untimed), then
   `ledger_import` of the file (`seconds`), then the same file again (`reimport_seconds`, every row unchanged).
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
HEADER = ["序号", "日期*", "所属组织", "会议类型*", "会议名称*", "参加人员", "参加人数", "议题", "决议事项"]
GROUPS = [f"{w}车间{g}班" for w in "一二三四五六" for g in "甲乙丙丁戊"]
TYPES = ["工会委员会会议", "会员(代表)大会", "职工代表大会", "经费审查委员会会议", "女职工委员会会议", "工会小组会",
         "民主恳谈会", "其他"]


def person_name(i: int) -> str:
    return f"职工{i:05d}"  # unique, so a name alone finds them


def gen_rows(n: int, people: int, seed: int = 6) -> list[list]:
    r = random.Random(seed)
    start = dt.date(2025, 1, 1)
    rows = []
    for i in range(1, n + 1):
        listed = r.sample(range(1, people + 1), r.randint(3, 8))
        names = "、".join(f"GH{p:05d}" if r.random() < .7 else person_name(p) for p in listed)
        rows.append([i, start + dt.timedelta(days=r.randrange(540)), r.choice(GROUPS + [""]), r.choice(TYPES),
                     f"第{i}次班组会议", names, len(listed) + r.randrange(5), "学习安全生产规程", "通过"])
    return rows


def write_xlsx(path: Path, rows: list[list]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("会议")
    dfmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, HEADER)
    for ri, row in enumerate(rows, 1):
        for ci, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(ri, ci, v, dfmt)
            elif v != "":
                ws.write(ri, ci, v)
    wb.close()


def child_import(path: str, people: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    django.setup()
    from django.utils import timezone

    from gonghui.accounts.scoping import SYSTEM
    from gonghui.ledgers.excel import ledger_import
    from gonghui.ledgers.models import Meeting
    from gonghui.orgs.services import org_create
    from gonghui.people.models import Person

    union = org_create(actor=SYSTEM, parent=None, kind="union", name="某某机械厂工会", code="BENCH")
    groups = [org_create(actor=SYSTEM, parent=union, kind="group", name=g, code=f"BENCH-G{i:02d}")
              for i, g in enumerate(GROUPS, 1)]
    now = timezone.now()
    Person.objects.bulk_create([
        Person(name=person_name(i), name_pinyin=f"zhigong{i:05d}", gender="m" if i % 2 else "f",
               employee_no=f"GH{i:05d}", org=groups[i % len(groups)], created_at=now, updated_at=now)
        for i in range(1, int(people) + 1)], batch_size=2000)
    t = time.perf_counter()
    result = ledger_import(actor=SYSTEM, kind="meeting", org=union, source=path)
    seconds = time.perf_counter() - t
    assert result.counts["created"] == Meeting.objects.count(), (result.counts, result.refusals[:3])
    t = time.perf_counter()
    again = ledger_import(actor=SYSTEM, kind="meeting", org=union, source=path)
    reimport = time.perf_counter() - t
    links = Meeting.participants.through.objects.count()
    print(json.dumps({"seconds": seconds, "counts": result.counts, "reimport_seconds": reimport,
                      "reimport_unchanged": again.counts["unchanged"], "participant_links": links}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=1, help="run this many times and keep the fastest")
    parser.add_argument("--keep", help="work in this folder and keep it")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_import(*args.child)
        return
    work = Path(args.keep or tempfile.mkdtemp(prefix="gh-ledger-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    xlsx = work / f"meetings_{args.rows}_{args.people}.xlsx"
    if not xlsx.exists():
        write_xlsx(xlsx, gen_rows(args.rows, args.people))
    data = work / "data"
    data.mkdir(exist_ok=True)
    env = {**os.environ, "GONGHUI_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "gonghui.settings",
           "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("DATABASE_URL", None)
    runs = []
    for _ in range(max(1, args.repeat)):
        for p in data.glob("gonghui.sqlite3*"):
            p.unlink()
        subprocess.run([sys.executable, "-m", "gonghui", "migrate", "-v", "0"], env=env, check=True, cwd=str(REPO))
        out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(xlsx), str(args.people)],
                             env=env, cwd=str(REPO), capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    print(json.dumps({
        "kind": "meeting", "rows": args.rows, "people": args.people,
        "seconds": round(best["seconds"], 2), "rows_per_s": round(args.rows / best["seconds"]),
        "target_seconds": 3.0, "reimport_seconds": round(best["reimport_seconds"], 2),
        "reimport_unchanged": best["reimport_unchanged"], "participant_links": best["participant_links"],
        "counts": best["counts"], "repeat": len(runs), "all_seconds": [round(r["seconds"], 2) for r in runs],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
