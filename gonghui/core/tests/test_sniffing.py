"""core.sniffing: a file's kind from its bytes, the stream left at its start."""

from __future__ import annotations

import io

import pytest

from gonghui.core import sniffing

OLE_HEAD = bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.mark.parametrize("data, kind", [
    (OLE_HEAD + b"\0" * 600, sniffing.OLE),
    (OLE_HEAD + b"\0" * 600 + "EncryptionInfo".encode("utf-16-le"), sniffing.ENCRYPTED),
    (OLE_HEAD + b"x" * (4 * 1024 * 1024 - 20) + "EncryptedPackage".encode("utf-16-le"), sniffing.ENCRYPTED),
    (b"PK\x03\x04rest", sniffing.ZIP),
    (b"%PDF-1.7", sniffing.PDF),
    (b"\xff\xd8\xff\xe0", sniffing.JPEG),
    (b"\x89PNG\r\n\x1a\n", sniffing.PNG),
    ("姓名,电话\n".encode("gbk"), ""),
    (b"", ""),
])
def test_it_tells_the_kind_and_rewinds(data, kind):
    stream = io.BytesIO(data)
    stream.seek(3 if data else 0)
    assert sniffing.sniff(stream) == kind
    assert stream.tell() == 0


def _zip(*names: str) -> io.BytesIO:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out


@pytest.mark.parametrize("names, kind", [
    (("[Content_Types].xml", "word/document.xml"), sniffing.DOCX),
    (("[Content_Types].xml", "xl/workbook.xml"), sniffing.XLSX),
    (("word/document.xml",), ""),  # no content types: not an Office file
    (("content.xml", "mimetype"), ""),
])
def test_it_tells_a_docx_from_an_xlsx_by_the_zip_directory(names, kind):
    stream = _zip(*names)
    assert sniffing.sniff(stream) == sniffing.ZIP
    assert sniffing.office_kind(stream) == kind and stream.tell() == 0


def test_a_broken_zip_is_no_office_file():
    assert sniffing.office_kind(io.BytesIO(b"PK\x03\x04 broken")) == ""
