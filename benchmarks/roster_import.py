#!/usr/bin/env python3
"""Roster import benchmark (issue 4). Not a timed test: run it by hand and write the figures down.

    python benchmarks/roster_import.py --rows 100000 [--dj-ie-rows 10000] [--keep DIR]

1. Builds an N-row roster .xlsx like a real one (perf-floors.md generator: valid IDs, ID/phone/工号 as text
   cells, real Excel dates) - untimed.
2. Migrates a fresh SQLite database in a temp GONGHUI_DATA_DIR - untimed, separate process.
3. Imports the file with `roster_import` in its own process: `seconds` is the call, `peak_rss_mb` is that
   process's ru_maxrss (interpreter + Django included).
4. The floor, in its own process: python-calamine reading the same file + a raw sqlite3 executemany insert of
   the same rows into a table with a unique index (no validation, one transaction, WAL).
5. django-import-export 4.x with default settings on a plain model with the same columns (as perf-floors.md),
   at --dj-ie-rows (default 10,000, since 100k takes minutes); the 100k time is extrapolated linearly and
   both are printed.
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
HDR = ["序号", "姓名", "性别", "民族", "身份证号码", "出生日期", "学历", "政治面貌", "手机号码", "工号", "入职日期", "入会日期", "用工形式", "所在班组"]
DATES = {5, 10, 11}
TEXT = {4, 8, 9}
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def check_digit(s17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(s17, W)) % 11]


def gen_rows(n: int, seed: int = 42) -> list[tuple]:
    r = random.Random(seed)
    areas = ["110101", "110105", "310104", "310115", "440305", "440106", "330106", "320102", "510107", "420106", "370102", "610113", "500103", "210102", "350203", "430104", "410105", "130102", "450103", "530102"]
    sur = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    giv = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰华建国玉梅红志鹏飞宇浩然欣怡子涵梓轩晨阳雪婷佳琪思雨文博嘉俊海波春燕丹凤云龙德福永"
    nat = ["汉族"] * 90 + ["回族", "满族", "壮族", "蒙古族", "土家族", "苗族", "维吾尔族", "彝族", "朝鲜族", "藏族"]
    edu = ["初中"] * 5 + ["高中"] * 10 + ["中专"] * 10 + ["大专"] * 25 + ["本科"] * 35 + ["硕士研究生"] * 12 + ["博士研究生"] * 3
    pol = ["群众"] * 60 + ["中共党员"] * 22 + ["中共预备党员"] * 3 + ["共青团员"] * 14 + ["民主党派"]
    emp = ["全日制合同工"] * 70 + ["劳务派遣"] * 15 + ["临时工"] * 5 + ["合同工"] * 7 + ["退休返聘"] * 3
    teams = [f"{w}车间{g}班" for w in "一二三四五六七八" for g in "甲乙丙丁"] + ["质检科", "设备科", "安全环保部", "财务部", "人力资源部", "后勤服务中心"]
    seen, rows, end = set(), [], dt.date(2025, 6, 30)
    while len(rows) < n:
        b = dt.date(1965, 1, 1) + dt.timedelta(days=r.randrange(365 * 40))
        male = r.random() < .55
        s17 = f"{r.choice(areas)}{b:%Y%m%d}{r.randrange(500) * 2 + male:03d}"
        idn = s17 + check_digit(s17)
        if idn in seen:
            continue
        seen.add(idn)
        i = len(rows) + 1
        lo = b + dt.timedelta(days=365 * 18 + 10)
        hire = lo + dt.timedelta(days=r.randrange((end - lo).days))
        join = min(end, hire + dt.timedelta(days=r.randrange(400)))
        name = r.choice(sur) + "".join(r.choice(giv) for _ in range(r.choice((1, 2, 2))))
        rows.append((i, name, "男" if male else "女", r.choice(nat), idn, b, r.choice(edu), r.choice(pol),
                     f'{r.choice(("13", "15", "17", "18", "19"))}{r.randrange(10 ** 9):09d}', f"GH{i:06d}",
                     hire, join, r.choice(emp), r.choice(teams)))
    return rows


TEAMS = [f"{w}车间{g}班" for w in "一二三四五六七八" for g in "甲乙丙丁"] + ["质检科", "设备科", "安全环保部", "财务部", "人力资源部", "后勤服务中心"]


def write_xlsx(path: Path, rows: list[tuple]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("花名册")
    txt, dfmt = wb.add_format({"num_format": "@"}), wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, HDR)
    for ri, row in enumerate(rows, 1):
        for ci, v in enumerate(row):
            if ci in DATES:
                ws.write_datetime(ri, ci, v, dfmt)
            elif ci in TEXT:
                ws.write_string(ri, ci, v, txt)
            else:
                ws.write(ri, ci, v)
    wb.close()


def peak_run(args: list[str], env: dict) -> tuple[dict, float]:
    """Run a child, return (its last JSON line, its peak RSS in MB)."""
    p = subprocess.Popen(args, stdout=subprocess.PIPE, env=env, text=True, cwd=str(REPO))
    out = p.stdout.read()
    _pid, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        sys.stderr.write(out)
        raise SystemExit(f"child failed: {args}")
    return json.loads(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


# ---- children -------------------------------------------------------------------------------------------

def child_import(path: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    django.setup()
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.orgs.services import org_create
    from gonghui.people.models import Person
    from gonghui.people.roster.importer import roster_import

    union = org_create(actor=SYSTEM, parent=None, kind="union", name="某某机械厂工会", code="BENCH")
    for i, team in enumerate(TEAMS, 1):
        org_create(actor=SYSTEM, parent=union, kind="group", name=team, code=f"BENCH-G{i:02d}")
    t = time.perf_counter()
    result = roster_import(actor=SYSTEM, org=union, source=path)
    seconds = time.perf_counter() - t
    assert result.counts["created"] == Person.objects.count(), result.counts
    print(json.dumps({"seconds": seconds, "counts": result.counts}))


def child_reimport(path: str) -> None:
    """The same file again as a dry run, into the database the import filled (its own process, so the
    import's peak memory is its own)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    django.setup()
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.orgs.models import Org
    from gonghui.people.roster.importer import roster_import

    t = time.perf_counter()
    again = roster_import(actor=SYSTEM, org=Org.objects.get(code="BENCH"), source=path, dry_run=True)
    print(json.dumps({"reimport_dry_run_seconds": time.perf_counter() - t,
                      "reimport_unchanged": again.counts["unchanged"]}))


def child_floor(path: str, db: str) -> None:
    import sqlite3

    from python_calamine import CalamineWorkbook

    cols = ["seq", "name", "gender", "ethnicity", "id_number", "birth_date", "education", "political_status", "mobile", "employee_no", "hire_date", "join_date", "employment_type", "team"]
    t = time.perf_counter()
    rows = list(CalamineWorkbook.from_path(path).get_sheet_by_index(0).iter_rows())[1:]
    read = time.perf_counter() - t
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.executescript("CREATE TABLE person (id integer primary key, seq integer, "
                      + ", ".join(f"{c} {'date' if i in DATES else 'text'}" for i, c in enumerate(cols) if i)
                      + "); CREATE UNIQUE INDEX person_idno ON person(id_number)")
    t = time.perf_counter()
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO person ({','.join(cols)}) VALUES ({','.join(['?'] * len(cols))})",
                    [tuple(v.isoformat() if isinstance(v, dt.date) else v for v in r) for r in rows])
    con.execute("COMMIT")
    insert = time.perf_counter() - t
    print(json.dumps({"read": read, "insert": insert, "rows": len(rows)}))


DJ_MODEL = """from django.db import models
class Person(models.Model):
    seq = models.IntegerField()
    name = models.CharField(max_length=50)
    gender = models.CharField(max_length=2)
    ethnicity = models.CharField(max_length=20)
    id_number = models.CharField(max_length=18, unique=True)
    birth_date = models.DateField()
    education = models.CharField(max_length=20)
    political_status = models.CharField(max_length=20)
    mobile = models.CharField(max_length=11)
    employee_no = models.CharField(max_length=20)
    hire_date = models.DateField()
    join_date = models.DateField()
    employment_type = models.CharField(max_length=20)
    team = models.CharField(max_length=50)
"""


def child_dj_ie(path: str, workdir: str) -> None:
    """perf-floors.md's dj_ie step: django-import-export 4.x, default settings, SQLite."""
    app = Path(workdir) / "bench_roster"
    app.mkdir(exist_ok=True)
    (app / "__init__.py").write_text("")
    (app / "models.py").write_text(DJ_MODEL)
    sys.path.insert(0, workdir)
    import django
    from django.conf import settings

    settings.configure(INSTALLED_APPS=["bench_roster"], USE_TZ=False,
                       DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3",
                                              "NAME": str(Path(workdir) / "dj_ie.sqlite3")}},
                       DEFAULT_AUTO_FIELD="django.db.models.BigAutoField")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    import tablib
    from bench_roster.models import Person
    from import_export import fields, resources
    from import_export import widgets as wg

    cols = [f.name for f in Person._meta.fields if f.name != "id"]

    def widget(c):
        return wg.DateWidget() if c.endswith("_date") else wg.IntegerWidget() if c == "seq" else wg.CharWidget()

    attrs = {c: fields.Field(attribute=c, column_name=h, widget=widget(c)) for c, h in zip(cols, HDR)}
    meta = {"model": Person, "fields": tuple(cols), "import_id_fields": ("id_number",)}
    resource = type("PersonResource", (resources.ModelResource,), {**attrs, "Meta": type("Meta", (), meta)})
    t = time.perf_counter()
    with open(path, "rb") as f:
        dataset = tablib.Dataset().load(f, format="xlsx")
    res = resource().import_data(dataset, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - t
    assert not res.has_errors() and not res.has_validation_errors(), res.totals
    print(json.dumps({"seconds": seconds, "rows": Person.objects.count()}))


# ---- driver ---------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dj-ie-rows", type=int, default=10_000, help="0 to skip django-import-export")
    parser.add_argument("--keep", help="work in this folder and keep it (the generated files are reused)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run import and floor this many times, alternating, and keep the fastest of each "
                             "(a shared 2-core machine is noisy)")
    parser.add_argument("--stream", action="store_true",
                        help="read the sheet row by row (openpyxl) as files above GONGHUI_IMPORT_STREAM_ABOVE are, "
                             "to see that memory stays flat as the file grows")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        {"import": child_import, "reimport": child_reimport, "floor": child_floor,
         "dj_ie": child_dj_ie}[args.child[0]](*args.child[1:])
        return
    work = Path(args.keep or tempfile.mkdtemp(prefix="gh-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    xlsx = work / f"roster_{args.rows}.xlsx"
    if not xlsx.exists():
        t = time.perf_counter()
        write_xlsx(xlsx, gen_rows(args.rows))
        print(f"generated {xlsx} ({xlsx.stat().st_size / 2**20:.1f} MiB) in {time.perf_counter() - t:.1f} s",
              file=sys.stderr)
    data = work / "data"
    if data.exists():
        for p in data.glob("gonghui.sqlite3*"):
            p.unlink()
    data.mkdir(exist_ok=True)
    env = {**os.environ, "GONGHUI_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "gonghui.settings",
           "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("DATABASE_URL", None)
    if args.stream:
        env["GONGHUI_IMPORT_STREAM_ABOVE"] = "1"
    me = [sys.executable, str(Path(__file__).resolve()), "--child"]
    runs, floors = [], []
    floor_db = work / "floor.sqlite3"
    for _ in range(max(1, args.repeat)):
        for p in data.glob("gonghui.sqlite3*"):
            p.unlink()
        subprocess.run([sys.executable, "-m", "gonghui", "migrate", "-v", "0"], env=env, check=True, cwd=str(REPO))
        runs.append(peak_run([*me, "import", str(xlsx)], env))
        again, _rss = peak_run([*me, "reimport", str(xlsx)], env)
        runs[-1][0].update(again)
        for suffix in ("", "-wal", "-shm"):
            Path(str(floor_db) + suffix).unlink(missing_ok=True)
        floors.append(peak_run([*me, "floor", str(xlsx), str(floor_db)], env))
    imported = min((r for r, _ in runs), key=lambda r: r["seconds"])
    rss = max(m for _, m in runs)
    floor = min((f for f, _ in floors), key=lambda f: f["read"] + f["insert"])
    floor_rss = max(m for _, m in floors)
    floor_seconds = floor["read"] + floor["insert"]
    out = {
        "rows": args.rows,
        "reader": "openpyxl, row by row" if args.stream else "calamine, whole sheet",
        "seconds": round(imported["seconds"], 2),
        "rows_per_s": round(args.rows / imported["seconds"]),
        "peak_rss_mb": round(rss),
        "floor_seconds": round(floor_seconds, 2),
        "floor_read_seconds": round(floor["read"], 2),
        "floor_insert_seconds": round(floor["insert"], 2),
        "floor_peak_rss_mb": round(floor_rss),
        "ratio": round(imported["seconds"] / floor_seconds, 2),
        "counts": imported["counts"],
        "reimport_dry_run_seconds": round(imported["reimport_dry_run_seconds"], 2),
        "reimport_unchanged": imported["reimport_unchanged"],
        "repeat": max(1, args.repeat),
        "all_seconds": [round(r["seconds"], 2) for r, _ in runs],
        "all_floor_seconds": [round(f["read"] + f["insert"], 2) for f, _ in floors],
    }
    if args.dj_ie_rows:
        n = min(args.dj_ie_rows, args.rows)
        small = work / f"roster_{n}.xlsx"
        if not small.exists():
            write_xlsx(small, gen_rows(n))
        dj_dir = work / "dj_ie"
        dj_dir.mkdir(exist_ok=True)
        (dj_dir / "dj_ie.sqlite3").unlink(missing_ok=True)
        dj, _rss = peak_run([*me, "dj_ie", str(small), str(dj_dir)], env)
        per_row = dj["seconds"] / n
        out.update({
            "django_import_export_rows": n,
            "django_import_export_seconds": round(dj["seconds"], 2),
            "django_import_export_seconds_at_rows_extrapolated": round(per_row * args.rows, 1),
            "speedup_vs_django_import_export": round(per_row * args.rows / imported["seconds"], 1),
        })
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
