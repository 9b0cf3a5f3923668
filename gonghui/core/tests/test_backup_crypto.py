"""Encrypted backups (core/backup/crypto.py): a round trip, and a wrong passphrase, a changed byte or a cut-off
file refused with nothing written. In-process and with a cheap scrypt: the full CLI round trip is in
cli/tests/test_backup.py."""

from __future__ import annotations

import io
import json
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from gonghui.cli import backup_face
from gonghui.core.backup import BackupError, backup_restore, crypto
from gonghui.core.backup.archive import FORMAT, FORMAT_VERSION, Writer, read_manifest

PASSPHRASE = "一句够长的备份密码 2026"
CHUNK = 1024


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_LOG2_N", 10)


def seal(data: bytes, passphrase=PASSPHRASE, chunk=CHUNK, writes=333) -> bytes:
    out = io.BytesIO()
    stream = crypto.Encryptor(out, passphrase, chunk=chunk)
    for i in range(0, len(data), writes):
        stream.write(data[i:i + writes])
        assert len(stream.buffer) <= chunk  # one chunk in memory, whatever the size of the backup
    stream.close()
    return out.getvalue()


def unseal(tmp_path: Path, sealed: bytes, passphrase=PASSPHRASE) -> bytes:
    source, target = tmp_path / "sealed.bin", tmp_path / "plain.bin"
    source.write_bytes(sealed)
    assert crypto.is_encrypted(source)
    crypto.decrypt_file(source, target, passphrase)
    assert target.stat().st_mode & 0o777 == 0o600
    return target.read_bytes()


def refused(tmp_path: Path, sealed: bytes, passphrase=PASSPHRASE) -> str:
    with pytest.raises(BackupError) as caught:
        unseal(tmp_path, sealed, passphrase)
    assert not (tmp_path / "plain.bin").exists()  # nothing of it left behind
    return str(caught.value)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17])
def test_it_round_trips_any_size(tmp_path, size):
    data = os.urandom(size)
    sealed = seal(data)
    assert sealed.startswith(crypto.MAGIC)
    assert unseal(tmp_path, sealed) == data


def test_the_same_backup_never_encrypts_alike(tmp_path):
    data = b"110101199001011234" * 100
    first, second = seal(data), seal(data)
    assert first[crypto.HEADER.size:] != second[crypto.HEADER.size:]
    assert b"110101199001011234" not in first


def test_a_wrong_passphrase_is_refused(tmp_path):
    message = refused(tmp_path, seal(b"x" * 5000), "另一句够长的备份密码 2026")
    assert "密码不正确" in message and "未写入任何数据" in message


def test_the_same_words_in_another_unicode_form_decrypt():
    composed, decomposed = "Café 备份密码很长很长", "Cafe\u0301 备份密码很长很长"
    assert crypto.passphrase_bytes(composed) == crypto.passphrase_bytes(decomposed)


@pytest.mark.parametrize("where", ["salt", "chunk size", "check", "first chunk", "middle", "last tag"])
def test_a_flipped_byte_is_refused(tmp_path, where):
    sealed = bytearray(seal(os.urandom(3 * CHUNK + 100)))
    header = crypto.HEADER.size
    at = {"salt": header - 10, "chunk size": 22, "check": header + 3, "first chunk": header + 16 + 5,
          "middle": len(sealed) // 2, "last tag": len(sealed) - 1}[where]
    sealed[at] ^= 0x01
    message = refused(tmp_path, bytes(sealed))
    assert ("已损坏" in message or "密码不正确" in message) and "未写入任何数据" in message


@pytest.mark.parametrize("cut", ["last chunk", "inside a chunk", "header only", "half a header", "added bytes"])
def test_a_cut_off_or_lengthened_file_is_refused(tmp_path, cut):
    sealed = seal(os.urandom(3 * CHUNK + 100))
    header, sealed_chunk = crypto.HEADER.size + crypto.TAG, CHUNK + crypto.TAG
    changed = {
        "last chunk": sealed[: header + 3 * sealed_chunk],  # a chunk boundary: only the last-chunk flag tells
        "inside a chunk": sealed[:-50],
        "header only": sealed[:header],
        "half a header": sealed[:30],
        "added bytes": sealed + sealed[header: header + sealed_chunk],
    }[cut]
    assert "已损坏、不完整或被改动" in refused(tmp_path, changed)


def test_a_forged_header_cannot_ask_for_huge_scrypt_memory(tmp_path):
    sealed = bytearray(seal(b"x"))
    sealed[len(crypto.MAGIC) + 2] = 40  # log2 N
    assert "已损坏" in refused(tmp_path, bytes(sealed))


def test_decrypting_reads_one_chunk_at_a_time(tmp_path):
    source, target = tmp_path / "big.bin", tmp_path / "plain.bin"
    source.write_bytes(seal(os.urandom(4 * 1024 * 1024), chunk=64 * 1024, writes=64 * 1024))
    tracemalloc.start()
    try:
        crypto.decrypt_file(source, target, PASSPHRASE)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert target.stat().st_size == 4 * 1024 * 1024
    assert peak < 1024 * 1024


def sealed_backup(tmp_path: Path, passphrase=PASSPHRASE) -> Path:
    """A backup file as backup_create writes it (a zip streamed into the Encryptor), without a database."""
    out = tmp_path / "backup.zip"
    writer = Writer(out, lambda handle: crypto.Encryptor(handle, passphrase, chunk=CHUNK))
    writer.add_bytes("database.sqlite3", os.urandom(5000))
    writer.add_bytes("secret_key", b"django-insecure-key")
    writer.finish({"format": FORMAT, "format_version": FORMAT_VERSION, "engine": "sqlite", "created_at": "x",
                   "database": "database.sqlite3", "tables": {}, "migrations": []})
    return out


def test_the_zip_streamed_through_the_encryptor_reads_back(tmp_path):
    out = sealed_backup(tmp_path)
    assert not zipfile.is_zipfile(out) and b"django-insecure-key" not in out.read_bytes()
    assert out.stat().st_mode & 0o777 == 0o600
    plain = tmp_path / "plain.zip"
    crypto.decrypt_file(out, plain, PASSPHRASE)
    zf, manifest = read_manifest(plain, out)
    with zf:
        assert zf.read("secret_key") == b"django-insecure-key"
        assert {f["path"] for f in manifest["files"]} == {"database.sqlite3", "secret_key"}


def test_a_plain_backup_is_not_taken_for_an_encrypted_one(tmp_path):
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": FORMAT}))
    assert not crypto.is_encrypted(plain)


@pytest.fixture
def target(tmp_path, settings):
    data = tmp_path / "data"
    settings.DATA_DIR, settings.MEDIA_ROOT = data, data / "uploads"
    return data


@pytest.mark.parametrize("passphrase", [None, "另一句够长的备份密码 2026"])
def test_a_restore_without_the_passphrase_writes_nothing(tmp_path, target, passphrase):
    sealed = sealed_backup(tmp_path)
    with pytest.raises(BackupError, match="需要提供备份密码" if passphrase is None else "密码不正确"):
        backup_restore(sealed, passphrase=passphrase)
    assert not target.exists() or list(target.iterdir()) == []


def test_a_damaged_encrypted_backup_writes_nothing(tmp_path, target):
    sealed = sealed_backup(tmp_path)
    sealed.write_bytes(sealed.read_bytes()[:-1])
    with pytest.raises(BackupError, match="已损坏、不完整或被改动"):
        backup_restore(sealed, passphrase=PASSPHRASE)
    assert list(target.iterdir()) == []


def test_a_new_passphrase_must_be_long_enough(tmp_path):
    with pytest.raises(BackupError, match="至少要10个字符"):
        crypto.Encryptor(io.BytesIO(), "Admin@123")


def test_the_command_line_takes_the_passphrase_from_a_file_the_environment_or_the_terminal(tmp_path, monkeypatch):
    monkeypatch.delenv(backup_face.PASSPHRASE_ENV, raising=False)
    assert backup_face.given_passphrase(None) is None
    monkeypatch.setenv(backup_face.PASSPHRASE_ENV, "from the environment")
    assert backup_face.given_passphrase(None) == "from the environment"
    secret = tmp_path / "passphrase.txt"
    secret.write_text("\ufeff" + PASSPHRASE + "\r\nsecond line\n", encoding="utf-8")
    assert backup_face.given_passphrase(str(secret)) == PASSPHRASE  # the file wins, its first line only
    secret.write_text("\n")
    with pytest.raises(BackupError, match="第一行是空的"):
        backup_face.given_passphrase(str(secret))

    with pytest.raises(BackupError, match="--passphrase-file"):
        backup_face.ask_passphrase(new=True, interactive=False)
    typed = iter([PASSPHRASE, PASSPHRASE + "!"])
    monkeypatch.setattr(backup_face.getpass, "getpass", lambda prompt: next(typed))
    with pytest.raises(BackupError, match="两次输入的备份密码不一致"):
        backup_face.ask_passphrase(new=True, interactive=True)
    typed = iter(["short"])
    with pytest.raises(BackupError, match="至少要10个字符"):
        backup_face.ask_passphrase(new=True, interactive=True)
    typed = iter([PASSPHRASE, PASSPHRASE])
    assert backup_face.ask_passphrase(new=True, interactive=True) == PASSPHRASE
    typed = iter(["whatever was set"])
    assert backup_face.ask_passphrase(new=False, interactive=True) == "whatever was set"


def test_gonghui_restore_asks_for_the_passphrase_and_refuses_a_wrong_one(tmp_path, target):
    from django.core.management import CommandError, call_command

    sealed = sealed_backup(tmp_path)
    with pytest.raises(CommandError, match="需要备份密码.*--passphrase-file"):  # no terminal under pytest
        call_command("restore", str(sealed))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("另一句够长的备份密码 2026\n", encoding="utf-8")
    with pytest.raises(CommandError, match="密码不正确"):
        call_command("restore", str(sealed), "--passphrase-file", str(wrong))
    assert list(target.iterdir()) == []
