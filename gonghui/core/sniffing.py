"""What a file is, told from its first bytes and never from its name: a renamed .xls or .doc is still told
for what it is. One reading for the tabular reader, the Word-template upload and the ledger attachments.

    kind = sniff(stream)      # OLE, ENCRYPTED, ZIP, PDF, JPEG, PNG, or "" (anything else: text, HTML, …)

An OLE container is an old Office file (.xls, .doc, .wps) or a password-protected .xlsx/.docx, which Office
stores as an OLE container holding EncryptionInfo and EncryptedPackage streams; ZIP is every modern Office
file (.xlsx, .docx, .ods): which one it is, is for the caller to read from the zip's directory.
"""

from __future__ import annotations

from typing import BinaryIO

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))

OLE = "ole"
ENCRYPTED = "encrypted"
ZIP = "zip"
PDF = "pdf"
JPEG = "jpeg"
PNG = "png"

_HEADS = ((ZIP_MAGIC, ZIP), (b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
_CHUNK = 4 * 1024 * 1024


def sniff(stream: BinaryIO) -> str:
    """The kind of the file in the binary `stream` (one of the constants above, "" when none); the stream is
    left at its start. An OLE container is read through to find the encryption streams, in chunks."""
    stream.seek(0)
    head = stream.read(8)
    try:
        if head.startswith(OLE_MAGIC):
            return ENCRYPTED if _encrypted(stream) else OLE
        return next((kind for magic, kind in _HEADS if head.startswith(magic)), "")
    finally:
        stream.seek(0)


def _encrypted(stream: BinaryIO) -> bool:
    stream.seek(0)
    tail = b""
    while chunk := stream.read(_CHUNK):
        window = tail + chunk
        if any(marker in window for marker in ENCRYPTED_MARKERS):
            return True
        tail = window[-64:]
    return False
