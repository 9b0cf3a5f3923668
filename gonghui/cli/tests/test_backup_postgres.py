"""The backup round trip on PostgreSQL: pg_dump of a database being written to, pg_restore into a second one.

Runs on the server of DATABASE_URL when the suite runs on PostgreSQL, else on a throwaway server started from
scripts/pg_throwaway.sh; skipped only when no PostgreSQL server binaries can be found."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest

from gonghui.cli.tests.backup_helpers import files_of, start_writer, stop_writer, table_counts, table_rows
from gonghui.cli.tests.test_bare_install import assert_clean, console

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install '.[postgres]')")
SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "pg_throwaway.sh"


def server_bins() -> list[str]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if shutil.which("initdb"):
        found.append(shutil.which("initdb"))
    return [str(Path(p).parent) for p in found]


@pytest.fixture(scope="module")
def server():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        yield url
        return
    if not server_bins():
        pytest.skip("no PostgreSQL server binaries (initdb) found: install postgresql-15 to run this round trip")
    if not SCRIPT.exists():
        pytest.skip(f"{SCRIPT} not found: the throwaway PostgreSQL comes from the source checkout")
    started = subprocess.run(["bash", "-c", f'source "{SCRIPT}" && pg_start >&2 && echo "$DATABASE_URL $PGTMP"'],
                             capture_output=True, text=True, timeout=180, check=False)
    assert started.returncode == 0, started.stderr
    url, tmp = started.stdout.split()
    yield url
    subprocess.run(["bash", "-c", f'source "{SCRIPT}" && PGTMP="{tmp}" pg_stop'], timeout=120, check=False)


@pytest.fixture
def databases(server):
    """Two new databases on the server: (source url, target url); dropped afterwards."""
    admin = psycopg.connect(server, autocommit=True)
    version = admin.execute("SHOW server_version_num").fetchone()[0]
    names = [f"gh_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("src", "dst")]
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = server.rsplit("/", 1)[0]
    yield [f"{base}/{name}" for name in names], version
    for name in names:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def on(url: str, data: Path, version: str):
    call = console(data)
    call.env["DATABASE_URL"] = url
    own = f"/usr/lib/postgresql/{int(version) // 10000}/bin"
    if Path(own).is_dir():  # pg_dump as new as the server
        call.env["PATH"] = own + os.pathsep + call.env.get("PATH", "")
    return call


def test_it_round_trips_a_database_being_written_to(databases, tmp_path):
    (src_url, dst_url), version = databases
    source = on(src_url, tmp_path / "source", version)
    assert_clean(source("org", "add", "--code", "FED", "--name", "某区总工会", "--kind", "federation"))
    assert_clean(source("org", "add", "--code", "UA", "--name", "文化局工会", "--kind", "union", "--parent", "FED"))
    writer = start_writer(source.env)
    try:
        out = tmp_path / "pg.zip"
        made = source("backup", "-o", str(out))
        assert_clean(made)
        assert writer.stdout.readline()
    finally:
        stop_writer(writer)
    manifest = json.loads(zipfile.ZipFile(out).read("manifest.json"))
    assert manifest["engine"] == "postgresql" and manifest["database"] == "database.pgdump"

    target = on(dst_url, tmp_path / "target", version)
    assert_clean(target("org", "list"))  # set up by a first command: tables, but nothing to lose
    restored = target("restore", str(out))
    assert_clean(restored)
    with psycopg.connect(dst_url) as new, psycopg.connect(src_url) as old:
        assert table_counts(new.cursor(), manifest["tables"]) == manifest["tables"]
        people = manifest["tables"]["people_person"]
        assert people >= 5
        assert table_rows(new.cursor(), "people_person") == table_rows(old.cursor(), "people_person")[:people]
        assert table_rows(new.cursor(), "orgs_org") == table_rows(old.cursor(), "orgs_org")
    assert files_of(target.data / "uploads").items() <= files_of(source.data / "uploads").items()
    assert (target.data / "secret_key").read_text() == (source.data / "secret_key").read_text()

    again = target("restore", str(out))
    assert_clean(again, 1)
    assert "目标不是空的" in again.stderr
    assert_clean(target("restore", str(out), "--force"))
    with psycopg.connect(dst_url) as new:
        assert table_counts(new.cursor(), ["people_person"])["people_person"] == people


def test_it_says_what_to_install_without_pg_dump(databases, tmp_path):
    (src_url, _dst), version = databases
    source = on(src_url, tmp_path / "source", version)
    assert_clean(source("org", "list"))
    source.env["PATH"] = str(tmp_path / "empty")
    refused = source("backup", "-o", str(tmp_path / "b.zip"))
    assert_clean(refused, 1)
    assert "找不到 pg_dump" in refused.stderr and "postgresql-client" in refused.stderr
    assert not (tmp_path / "b.zip").exists() and not (tmp_path / "b.zip.partial").exists()
