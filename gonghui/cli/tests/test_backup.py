"""`gonghui backup` and `gonghui restore` through the real console script, on SQLite data dirs of their own."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest

from gonghui.cli.tests.backup_helpers import files_of, start_writer, stop_writer, table_counts, table_rows
from gonghui.cli.tests.test_bare_install import assert_clean, console


@pytest.fixture
def source(tmp_path):
    call = console(tmp_path / "source")
    assert_clean(call("org", "add", "--code", "FED", "--name", "某区总工会", "--kind", "federation"))
    assert_clean(call("org", "add", "--code", "UA", "--name", "文化局工会", "--kind", "union", "--parent", "FED"))
    folder = call.data / "uploads" / "attachments" / "2026" / "06"
    folder.mkdir(parents=True)
    (folder / "签到表.pdf").write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 40)
    return call


@pytest.fixture
def backup(source, tmp_path):
    out = tmp_path / "gonghui.zip"
    assert_clean(source("backup", "-o", str(out)))
    return out


def sqlite_of(call):
    return sqlite3.connect(call.data / "gonghui.sqlite3")


def test_it_restores_a_snapshot_taken_while_another_process_writes(source, tmp_path):
    writer = start_writer(source.env)
    try:
        out = tmp_path / "during.zip"
        made = source("backup", "-o", str(out))
        assert_clean(made)
        after = writer.stdout.readline()  # the writer went on past the backup
        assert after
    finally:
        stop_writer(writer)
    assert made.stdout.startswith(f"已备份到“{out}”")
    manifest = json.loads(zipfile.ZipFile(out).read("manifest.json"))

    target = console(tmp_path / "target")
    restored = target("restore", str(out))
    assert_clean(restored)
    assert restored.stdout.startswith(f"已从“{out}”恢复")
    assert "Traceback" not in restored.stderr

    new, old = sqlite_of(target).cursor(), sqlite_of(source).cursor()
    assert table_counts(new, manifest["tables"]) == manifest["tables"]
    people = manifest["tables"]["people_person"]
    assert people >= 5
    assert table_counts(old, ["people_person"])["people_person"] > people  # the source went on writing
    # A snapshot: the people it holds are exactly the first ones written, each with its audit row.
    assert table_rows(new, "people_person") == table_rows(old, "people_person")[:people]
    new.execute("SELECT count(*) FROM core_auditevent WHERE action = 'create' AND object_type LIKE '%person%'")
    assert new.fetchone()[0] == people
    for table in ("orgs_org", "django_migrations"):
        assert table_rows(new, table) == table_rows(old, table)
    # Every uploaded file restored is byte for byte the source's, and the ones there before the backup are all in.
    restored_files, source_files = files_of(target.data / "uploads"), files_of(source.data / "uploads")
    assert restored_files.items() <= source_files.items()
    assert "attachments/2026/06/签到表.pdf" in restored_files
    assert all(f"written/{i}.txt" in restored_files for i in range(1, people + 1))
    assert (target.data / "secret_key").read_text() == (source.data / "secret_key").read_text()
    assert (target.data / "secret_key").stat().st_mode & 0o777 == 0o600
    assert target("org", "list").stdout.count("[UA]") == 1


def test_it_refuses_a_target_in_use_unless_forced(backup, source, tmp_path):
    target = console(tmp_path / "target")
    assert_clean(target("org", "add", "--code", "OTHER", "--name", "另一工会", "--kind", "union"))
    refused = target("restore", str(backup))
    assert_clean(refused, 1)
    assert "目标不是空的：数据库中已有数据" in refused.stderr and "--force" in refused.stderr
    assert "[OTHER]" in target("org", "list").stdout

    forced = target("restore", str(backup), "--force")
    assert_clean(forced)
    listed = target("org", "list").stdout
    assert "[UA]" in listed and "[OTHER]" not in listed
    assert files_of(target.data / "uploads") == files_of(source.data / "uploads")


def test_it_refuses_a_tampered_file_and_writes_nothing(backup, tmp_path):
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(backup) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("签到表.pdf"):
                data = data.replace(b"%PDF", b"%PDX")
            dst.writestr(item, data)
    target = console(tmp_path / "target")
    refused = target("restore", str(tampered))
    assert_clean(refused, 1)
    assert "已损坏或被改动" in refused.stderr and "签到表.pdf" in refused.stderr and "未写入任何数据" in refused.stderr
    assert not (target.data / "gonghui.sqlite3").exists()
    assert not (target.data / "uploads").exists()
    assert not [p for p in target.data.iterdir() if p.name.startswith(".restore-")]


def test_it_refuses_a_foreign_or_missing_file(tmp_path):
    target = console(tmp_path / "target")
    foreign, half, plain = tmp_path / "note.zip", tmp_path / "half.zip", tmp_path / "roster.xlsx"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with zipfile.ZipFile(half, "w") as zf:  # looks like ours, but says nothing about its contents
        zf.writestr("manifest.json", json.dumps({"format": "gonghui-backup", "files": [{"path": "x"}]}))
        zf.writestr("x", "x")
    plain.write_bytes(b"not a zip at all")
    for path in (foreign, half, plain):
        refused = target("restore", str(path))
        assert_clean(refused, 1)
        assert "不是 gonghui 备份文件" in refused.stderr
    missing = target("restore", str(tmp_path / "nowhere.zip"))
    assert_clean(missing, 1)
    assert "文件或文件夹不存在" in missing.stderr
    assert not (target.data / "gonghui.sqlite3").exists()


def test_it_refuses_a_backup_from_a_newer_schema(backup, tmp_path):
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(backup) as src, zipfile.ZipFile(newer, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"].append("people.9999_from_the_future")
                data = json.dumps(manifest).encode()
            dst.writestr(item, data)
    refused = console(tmp_path / "target")("restore", str(newer))
    assert_clean(refused, 1)
    assert "来自较新版本的 gonghui" in refused.stderr


def test_it_migrates_a_backup_from_an_older_schema_encrypted_on_the_way(tmp_path):
    old = console(tmp_path / "old")
    assert_clean(old("manage", "migrate", "orgs", "-v0"))  # an older schema: only the orgs app and below
    out, secret = tmp_path / "old.zip", tmp_path / "passphrase.txt"
    # Encrypted, as a cron job would: the passphrase from the environment, then from a file to restore.
    old.env["GONGHUI_BACKUP_PASSPHRASE"] = "一句够长的备份密码 2026"
    made = old("backup", "-o", str(out), "--encrypt")
    del old.env["GONGHUI_BACKUP_PASSPHRASE"]
    assert_clean(made)
    assert "已加密" in made.stdout and not zipfile.is_zipfile(out)
    assert (old.data / "secret_key").read_bytes() not in out.read_bytes()
    secret.write_text("一句够长的备份密码 2026\n", encoding="utf-8")
    target = console(tmp_path / "target")
    restored = target("restore", str(out), "--passphrase-file", str(secret))
    assert_clean(restored)
    assert "已更新数据库结构" in restored.stderr
    assert (target.data / "secret_key").read_text() == (old.data / "secret_key").read_text()
    assert not [p for p in target.data.iterdir() if p.name.startswith(".restore-")]  # no decrypted copy left
    assert_clean(target("org", "list"))
    # Wrong passphrases, changed bytes, cut-off files, a missing passphrase: core/tests/test_backup_crypto.py.


def test_backup_mistakes_are_one_chinese_line(source, tmp_path):
    nowhere = source("backup", "-o", str(tmp_path / "no" / "such" / "dir" / "b.zip"))
    assert_clean(nowhere, 1)
    assert "文件或文件夹不存在" in nowhere.stderr
    folder = source("backup", "-o", str(tmp_path))
    assert_clean(folder, 1)
    assert "这是一个文件夹" in folder.stderr
    precious = tmp_path / "precious.sqlite3"
    precious.write_bytes(b"do not overwrite")
    kept = source("backup", "-o", str(precious))
    assert_clean(kept, 1)
    assert "不会覆盖" in kept.stderr and precious.read_bytes() == b"do not overwrite"
    assert not list(tmp_path.glob("*.partial"))

