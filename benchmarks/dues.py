#!/usr/bin/env python3
"""会费 benchmark (issue 14). Not a timed test: run it by hand and write the figures down.

    python benchmarks/dues.py --members 100000 [--keep DIR]

1. Builds a union of N members with the roster benchmark's generator (花名册 .xlsx through `roster_import`, all
   with an 入会日期) and a payroll .xlsx of the same N people (a title row, 序号, 姓名, 身份证号码 as text,
   工号, 部门, 岗位工资, 薪级工资, 绩效工资, 应发合计, and a 合计 footer) - untimed.
2. Sets the policy (岗位工资 + 薪级工资, 0.5 %, tail10).
3. `wages_import` of the payroll file: `import_seconds`; then the same file again (`reimport_seconds`, all
   unchanged).
4. The month's roll for the N members (`dues.selectors.roll`): `roll_seconds` (best of 5; `roll_cpu_seconds` its CPU time), plus its total.
5. The floor: python-calamine reading the payroll file + a raw sqlite3 executemany of its rows into a table with
   a unique (person, month) index, as benchmarks/roster_import.py measures it for the roster.
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

MONTH = dt.date(2026, 1, 1)
WAGE_HEADER = ["序号", "姓名", "身份证号码", "工号", "部门", "岗位工资", "薪级工资", "绩效工资", "应发合计"]


def write_wages(path: Path, people: list[tuple], seed: int = 7) -> None:
    import xlsxwriter

    r = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("工资表")
    txt = wb.add_format({"num_format": "@"})
    ws.write_row(0, 0, ["2026年1月工资表"])
    ws.write_row(1, 0, WAGE_HEADER)
    for i, (seq, name, id_number, no, team) in enumerate(people, 2):
        post = Decimal(r.randrange(150000, 600000)) / 100
        grade = Decimal(r.randrange(50000, 300000)) / 100
        bonus = Decimal(r.randrange(0, 200000)) / 100
        ws.write_number(i, 0, seq)
        ws.write_string(i, 1, name)
        ws.write_string(i, 2, id_number, txt)
        ws.write_string(i, 3, no, txt)
        ws.write_string(i, 4, team)
        ws.write_number(i, 5, float(post))  # a payroll export holds numbers (the benchmark file only)
        ws.write_number(i, 6, float(grade))
        ws.write_number(i, 7, float(bonus))
        ws.write_number(i, 8, float(post + grade + bonus))
    ws.write_row(len(people) + 2, 0, ["合计"])
    wb.close()


def floor(path: Path, db: Path) -> dict:
    import sqlite3

    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    rows = list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())[2:-1]
    read = time.perf_counter() - t
    con = sqlite3.connect(str(db), isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.executescript("CREATE TABLE wage (id integer primary key, person text, month date, columns text); "
                      "CREATE UNIQUE INDEX wage_pm ON wage(person, month)")
    t = time.perf_counter()
    con.execute("BEGIN")
    con.executemany("INSERT INTO wage (person, month, columns) VALUES (?, ?, ?)",
                    [(r[2], MONTH.isoformat(), json.dumps(dict(zip(WAGE_HEADER[4:], r[4:])))) for r in rows])
    con.execute("COMMIT")
    return {"floor_read_seconds": read, "floor_insert_seconds": time.perf_counter() - t}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="gh-dues-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "data"
    data.mkdir(exist_ok=True)
    for p in data.glob("gonghui.sqlite3*"):
        p.unlink()
    os.environ["GONGHUI_DATA_DIR"] = str(data)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    os.environ.pop("DATABASE_URL", None)

    import roster_import as rb

    t = time.perf_counter()
    people = rb.gen_rows(args.members)
    roster = work / f"roster_{args.members}.xlsx"
    if not roster.exists():
        rb.write_xlsx(roster, people)
    wages = work / f"wages_{args.members}.xlsx"
    if not wages.exists():
        write_wages(wages, [(p[0], p[1], p[4], p[9], p[13]) for p in people])
    print(f"files ready in {time.perf_counter() - t:.1f} s", file=sys.stderr)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.dues import selectors, services
    from gonghui.dues.imports import wages_import
    from gonghui.orgs.selectors import org_get
    from gonghui.orgs.services import org_create
    from gonghui.people.roster.importer import roster_import

    created = org_create(actor=SYSTEM, parent=None, kind="union", name="某某机械厂工会", code="BENCH")
    for i, team in enumerate(rb.TEAMS, 1):
        org_create(actor=SYSTEM, parent=created, kind="group", name=team, code=f"BENCH-G{i:02d}")
    union = org_get(viewer=SYSTEM, code="BENCH")
    t = time.perf_counter()
    roster_import(actor=SYSTEM, org=union, source=str(roster))
    print(f"roster imported in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    services.policy_set(actor=SYSTEM, org=union, month=MONTH, base_components="岗位工资,薪级工资", rate="0.005",
                        rounding="tail10")

    t = time.perf_counter()
    result = wages_import(actor=SYSTEM, org=union, month=MONTH, source=str(wages))
    import_seconds = time.perf_counter() - t
    assert result.counts["created"] == args.members, result.counts
    t = time.perf_counter()
    again = wages_import(actor=SYSTEM, org=union, month=MONTH, source=str(wages))
    reimport_seconds = time.perf_counter() - t
    assert again.counts["unchanged"] == args.members, again.counts

    rolls, roll_cpu = [], []
    for _ in range(5):
        t, c = time.perf_counter(), time.process_time()
        roll = selectors.roll(org=union, month=MONTH)
        rolls.append(time.perf_counter() - t)
        roll_cpu.append(time.process_time() - c)
    assert roll.members_due == args.members, (roll.members_due, roll.missing_wages)

    f = floor(wages, work / "floor.sqlite3")
    (work / "floor.sqlite3").unlink(missing_ok=True)
    floor_seconds = f["floor_read_seconds"] + f["floor_insert_seconds"]
    print(json.dumps({
        "members": args.members, "import_seconds": round(import_seconds, 2),
        "reimport_seconds": round(reimport_seconds, 2), "floor_seconds": round(floor_seconds, 2),
        "floor_read_seconds": round(f["floor_read_seconds"], 2),
        "floor_insert_seconds": round(f["floor_insert_seconds"], 2),
        "import_over_floor": round(import_seconds / floor_seconds, 2),
        "roll_seconds": round(min(rolls), 3), "all_roll_seconds": [round(s, 3) for s in rolls],
        "roll_cpu_seconds": round(min(roll_cpu), 3), "load_average": round(os.getloadavg()[0], 1),
        "roll_due_total": str(roll.due_total), "roll_members_due": roll.members_due,
    }))


if __name__ == "__main__":
    main()
