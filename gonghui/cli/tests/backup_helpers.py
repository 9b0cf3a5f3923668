"""For the backup tests: a process that keeps creating people while a backup runs, and table dumps to compare."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

WRITER = r"""
import os, sys, django
django.setup()
from gonghui.accounts.scoping import SYSTEM
from gonghui.conftest import make_id
from gonghui.orgs.selectors import org_get
from gonghui.people.services import person_create
org = org_get(viewer=SYSTEM, code="UA", write=True)
upload = os.path.join(os.environ["GONGHUI_DATA_DIR"], "uploads", "written")
os.makedirs(upload, exist_ok=True)
for i in range(1, 100000):
    with open(os.path.join(upload, f"{i}.txt"), "w") as fh:
        fh.write(f"file {i}\n" * 50)
    person_create(actor=SYSTEM, org=org, name=f"职工{i}", id_number=make_id("19900101", i % 1000,
                  area=str(110101 + i // 1000)), employee_no=f"W{i:05d}")
    print(i, flush=True)
"""


def start_writer(env: dict) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", WRITER], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, stdin=subprocess.DEVNULL)
    for _ in range(5):  # wait until it has committed a few people
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
    return proc


def stop_writer(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=60)
    time.sleep(0.2)


def files_of(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def table_rows(cursor, table: str) -> list[tuple]:
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
    return [tuple(r) for r in cursor.fetchall()]


def table_counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts
