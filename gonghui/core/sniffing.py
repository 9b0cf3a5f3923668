"""What a file is, told from its first bytes and never from its name: a renamed .xls or .doc is still told
for what it is. One reading for the tabular reader, the Word-template upload and the ledger attachments.

    kind = sniff(stream)      # OLE, ENCRYPTED, ZIP, PDF, JPEG, PNG, or "" (anything else: text, HTML, …)
    office_kind(stream)       # of a ZIP: DOCX, XLSX, or "" (another zip, or a broken one)

An OLE container is an old Office file (.xls, .doc, .wps) or a password-protected .xlsx/.docx, which Office
stores as an OLE container holding EncryptionInfo and EncryptedPackage streams; ZIP is every modern Office
file (.xlsx, .docx, .ods): `office_kind` tells a .docx from an .xlsx by the names in the zip's directory.
"""

from __future__ import annotations

import zipfile
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
DOCX = "docx"
XLSX = "xlsx"

MAX_ZIP_MEMBERS = 5000  # a real .docx/.xlsx has dozens; more is not an office file

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


def office_kind(stream: BinaryIO) -> str:
    """DOCX or XLSX for an Office Open XML zip, "" for any other zip or a broken one; the stream is left at
    its start. Only the central directory is read: names are listed, nothing is inflated."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                return ""
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return ""
    finally:
        stream.seek(0)
    if "[Content_Types].xml" not in names:
        return ""
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return ""
