"""An encrypted backup: the backup zip, encrypted as a stream with a key derived from a passphrase.

Nothing here is home-made cryptography: the key comes from scrypt and every chunk is sealed with AES-GCM, both
from the `cryptography` library. The file is

    header (48 bytes)  magic "GHBACKUP-AESGCM\\n", version 1, KDF 1 (scrypt) with log2(N), r, p,
                       the plaintext chunk size (u32), a random 16-byte salt, a random 7-byte nonce prefix
    check (16 bytes)   AES-GCM tag over the header alone (empty plaintext, nonce prefix|FFFFFFFF|02):
                       tells a wrong passphrase (or a changed header) from a damaged body
    chunks             each chunk of `chunk size` plaintext bytes (the last one 0..chunk size) sealed with
                       nonce = prefix (7) | chunk number (4, big-endian) | 1 for the last chunk else 0 (1),
                       and the header as associated data; each is its plaintext plus a 16-byte tag.

The key is new for every file (fresh salt), the nonces never repeat within it, and the last-chunk flag makes a
file cut at a chunk boundary fail as surely as a changed byte (the STREAM construction). Writing keeps one
chunk in memory; reading too, so neither grows with the backup.
"""

from __future__ import annotations

import os
import secrets
import struct
import unicodedata
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.utils.translation import gettext as _

from gonghui.core.backup.archive import BackupError, Progress, no_progress

MAGIC = b"GHBACKUP-AESGCM\n"
VERSION = 1
KDF_SCRYPT = 1
HEADER = struct.Struct(">16sBBBBBI16s7s")  # magic, version, kdf, log2 N, r, p, chunk size, salt, nonce prefix
TAG = 16
CHUNK = 1024 * 1024
# scrypt with N = 2^17, r = 8: 128 MiB and about a second per try, for whoever holds a stolen backup.
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 17, 8, 1
MIN_PASSPHRASE = 10
LAST_CHUNK = 2**32 - 2  # chunk numbers stop short of the check's FFFFFFFF


def wrong_passphrase(path: Path) -> BackupError:
    return BackupError(_("备份文件“%(f)s”的密码不正确（或文件头已损坏），未写入任何数据。") % {"f": path})


def damaged(path: Path) -> BackupError:
    return BackupError(_("加密备份文件“%(f)s”已损坏、不完整或被改动（解密校验未通过），未写入任何数据。") % {"f": path})


def passphrase_bytes(passphrase: str) -> bytes:
    # The same words typed on another system or input method give the same bytes.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise BackupError(_("备份密码至少要%(n)d个字符（可以用一句话），请换一个更长的密码。") % {"n": MIN_PASSPHRASE})


def derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> AESGCM:
    key = Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(passphrase_bytes(passphrase))
    return AESGCM(key)


def nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + number.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def check_nonce(prefix: bytes) -> bytes:
    return prefix + b"\xff\xff\xff\xff\x02"


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


class Encryptor:
    """A write-only stream (what zipfile writes into) that seals its bytes chunk by chunk into `out`.
    `close()` seals the last chunk; without it the file does not decrypt (a cut-off backup is refused)."""

    def __init__(self, out, passphrase: str, *, chunk: int = CHUNK):
        check_new_passphrase(passphrase)
        self.out, self.chunk = out, chunk
        salt, self.prefix = secrets.token_bytes(16), secrets.token_bytes(7)
        self.header = HEADER.pack(MAGIC, VERSION, KDF_SCRYPT, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, chunk, salt,
                                  self.prefix)
        self.aead = derive(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)
        out.write(self.header)
        out.write(self.aead.encrypt(check_nonce(self.prefix), b"", self.header))
        self.buffer = bytearray()
        self.number = 0
        self.closed = False

    def seal(self, data: bytes, last: bool) -> None:
        if self.number > LAST_CHUNK:
            raise BackupError(_("备份太大，无法加密。"))
        self.out.write(self.aead.encrypt(nonce(self.prefix, self.number, last), data, self.header))
        self.number += 1

    def write(self, data) -> int:
        self.buffer += data
        # Strictly more than a chunk: the chunk sealed is known not to be the last one.
        while len(self.buffer) > self.chunk:
            self.seal(bytes(self.buffer[: self.chunk]), last=False)
            del self.buffer[: self.chunk]
        return len(data)

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        if not self.closed:
            self.seal(bytes(self.buffer), last=True)
            self.buffer = bytearray()
            self.closed = True
            self.out.flush()


def read_header(fh, path: Path) -> tuple[bytes, tuple]:
    header = fh.read(HEADER.size)
    if len(header) < HEADER.size or not header.startswith(MAGIC):
        raise damaged(path)
    _magic, version, kdf, log2_n, r, p, chunk, salt, prefix = HEADER.unpack(header)
    if version > VERSION:
        raise BackupError(_("加密备份文件“%(f)s”由较新版本的 gonghui 生成，请先升级 gonghui。") % {"f": path})
    # Bounds keep a forged header from asking for terabytes of scrypt memory or of chunk buffer.
    if (version != VERSION or kdf != KDF_SCRYPT or not 10 <= log2_n <= 22 or not 1 <= r <= 32 or not 1 <= p <= 16
            or 2**log2_n * r * p * 128 > 1024**3 or not 1024 <= chunk <= 64 * 1024 * 1024):
        raise damaged(path)
    return header, (log2_n, r, p, chunk, salt, prefix)


def decrypt_file(source: Path, target: Path, passphrase: str, progress: Progress = no_progress) -> None:
    """Decrypt `source` into `target` (created 0600), checking every chunk; raises BackupError for a wrong
    passphrase, a changed byte, a cut-off or lengthened file, and then removes what it wrote of `target`."""
    total = os.path.getsize(source)
    try:
        with open(source, "rb") as src, open(target, "wb", opener=lambda p, f: os.open(p, f, 0o600)) as dst:
            header, (log2_n, r, p, chunk, salt, prefix) = read_header(src, source)
            aead = derive(passphrase, salt, log2_n, r, p)
            try:
                aead.decrypt(check_nonce(prefix), src.read(TAG), header)
            except InvalidTag:
                raise wrong_passphrase(source) from None
            size, number, done = chunk + TAG, 0, HEADER.size + TAG
            current = src.read(size)
            while True:
                following = src.read(size)  # one chunk ahead: the current one is the last when nothing follows
                last = not following
                if len(current) < TAG or number > LAST_CHUNK:
                    raise damaged(source)
                try:
                    dst.write(aead.decrypt(nonce(prefix, number, last), current, header))
                except InvalidTag:
                    raise damaged(source) from None
                done += len(current)
                progress(done, total)
                if last:
                    break
                current, number = following, number + 1
    except BaseException:
        Path(target).unlink(missing_ok=True)
        raise
