"""The SQLite copy reads one snapshot: writers committing between its steps neither restart it nor leak in."""

from __future__ import annotations

import sqlite3

from gonghui.core.backup import sqlite


def test_it_copies_the_snapshot_while_another_connection_commits(tmp_path):
    source, target = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    db = sqlite3.connect(source, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)")
    db.executemany("INSERT INTO t (body) VALUES (?)", [(b"x" * 2000,) for _ in range(2000)])
    steps = []

    def write_meanwhile(done, total):
        steps.append((done, total))
        db.execute("INSERT INTO t (body) VALUES (?)", (b"y" * 2000,))  # commits at once (autocommit)

    sqlite.copy(source, target, write_meanwhile)
    assert len(steps) > 10  # many steps, each followed by a commit elsewhere, and the copy still finished
    copied = sqlite3.connect(target)
    assert copied.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copied.execute("SELECT count(*), max(id) FROM t").fetchone() == (2000, 2000)
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 2000 + len(steps)
