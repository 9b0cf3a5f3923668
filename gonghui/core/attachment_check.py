"""What an uploaded attachment is, told by core.sniffing and then read through, not only from its first bytes.
Shared by the ledgers' attachments and the vouchers' (funds), which must not import each other.

    name, content_type, thumb = inspect_upload(upload)  # every check below, or ValidationError({"file": …})
    content_type = content_type_of(stream)         # by the first bytes (and a zip's directory), or None
    check_content(stream, content_type, name)      # ValidationError with a Chinese message, or nothing

An image must decode whole (Pillow's verify() and load()), end at its end marker, and carry no web markup: a
PNG head on an HTML body, a truncated photo or a picture with a page glued behind it is refused. A PDF must
end with its trailer and %%EOF, and may not carry scripts, automatic actions, launches or embedded files,
looked for in its plain bytes and in its deflated streams.
"""

from __future__ import annotations

import io
import os
import re
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import sniffing

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {sniffing.JPEG: JPEG, sniffing.PNG: PNG, sniffing.PDF: PDF,
                 sniffing.DOCX: DOCX, sniffing.XLSX: XLSX}
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx"}
IMAGES = frozenset({JPEG, PNG})

MSG_BAD_IMAGE = gettext_lazy("“%(name)s”看起来是图片，但无法读取，文件可能已损坏。")
MSG_IMAGE_EXTRA = gettext_lazy("“%(name)s”不是单纯的图片：图片数据之外还夹带了其他内容（如网页或脚本），不能上传。")
MSG_PDF_BROKEN = gettext_lazy("“%(name)s”不是完整的 PDF 文件（缺少文件结尾），可能已损坏或被截断。")
MSG_PDF_ACTIVE = gettext_lazy(
    "“%(name)s”含有脚本、自动执行的动作或嵌入的文件，出于安全考虑不能上传。请用“打印为 PDF”另存一份再上传。")

MARKUP = re.compile(rb"<\s*(script|html|!doctype|svg|iframe|body|object|embed|\?php)\b|javascript:", re.IGNORECASE)
# PDF names that run something or carry a file: /JS and /JavaScript (scripts, also behind /OpenAction),
# /AA (actions on open, close, focus...), /Launch (starts a program), embedded files and rich media.
PDF_ACTIVE = frozenset({b"JS", b"JavaScript", b"AA", b"Launch", b"EmbeddedFile", b"EmbeddedFiles",
                        b"RichMedia"})
PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
PDF_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
PDF_TAIL = 1024
MAX_INFLATED = 64 * 1024 * 1024  # all of a PDF's streams together: more is a zip bomb, not a scan


def content_type_of(stream) -> str | None:
    """The attachment content type of the file by its bytes, or None when it is none of the accepted kinds."""
    kind = sniffing.sniff(stream)
    if kind == sniffing.ZIP:
        kind = sniffing.office_kind(stream)
    return CONTENT_TYPES.get(kind)


def check_content(stream, content_type: str, name: str) -> None:
    stream.seek(0)
    data = stream.read()
    stream.seek(0)
    if content_type in IMAGES:
        _check_image(stream, data, content_type, name)
    elif content_type == PDF:
        _check_pdf(data, name)


def _check_image(stream, data: bytes, content_type: str, name: str) -> None:
    from PIL import Image

    try:
        with Image.open(stream) as image:
            image.verify()  # structure and checksums: a PNG cut short
        stream.seek(0)
        with Image.open(stream) as image:
            image.load()  # every pixel: a JPEG cut short
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError({"file": MSG_BAD_IMAGE % {"name": name}}) from exc
    finally:
        stream.seek(0)
    if _image_tail(data, content_type).strip(b"\x00\r\n\t ") or MARKUP.search(data):
        raise ValidationError({"file": MSG_IMAGE_EXTRA % {"name": name}})


def _image_tail(data: bytes, content_type: str) -> bytes:
    """What follows the image's end marker (IEND chunk and its checksum; the last EOI of a JPEG)."""
    if content_type == PNG:
        end = data.rfind(b"IEND")
        return data[end + 8:] if end >= 0 else data
    end = data.rfind(b"\xff\xd9")
    return data[end + 2:] if end >= 0 else data


def _check_pdf(data: bytes, name: str) -> None:
    tail = data[-PDF_TAIL:]
    end = tail.rfind(b"%%EOF")
    if end < 0 or tail[end + 5:].strip() or (b"trailer" not in data and b"startxref" not in tail):
        raise ValidationError({"file": MSG_PDF_BROKEN % {"name": name}})
    if _pdf_active(data) or any(_pdf_active(part) for part in _inflated_streams(data)):
        raise ValidationError({"file": MSG_PDF_ACTIVE % {"name": name}})


def _pdf_active(data: bytes) -> bool:
    return any(_pdf_name(match.group(1)) in PDF_ACTIVE for match in PDF_NAME.finditer(data))


def _pdf_name(raw: bytes) -> bytes:
    # A name may spell any of its bytes as #xx (/J#61vaScript is /JavaScript).
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)


def _inflated_streams(data: bytes):
    """The deflated streams of the PDF (object streams hide dictionaries there), up to MAX_INFLATED in all."""
    budget = MAX_INFLATED
    for match in PDF_STREAM.finditer(data):
        if budget <= 0:
            return
        head = data[max(0, match.start() - 512):match.start()]
        if PDF_IMAGE.search(head[max(head.rfind(b"obj"), 0):]):
            continue  # pixels, the bulk of a scan: no names live there
        inflater = zlib.decompressobj()
        try:
            part = inflater.decompress(data[match.end():match.end() + budget], budget)
        except zlib.error:
            continue
        budget -= len(part)
        yield part


MAX_BYTES = 20 * 1024 * 1024
THUMB_PX = 240

MSG_TYPE = gettext_lazy("只能上传 JPG、PNG 图片，PDF，Word（.docx）或 Excel（.xlsx）文件；“%(name)s”不是这些类型之一。")
MSG_TOO_BIG = gettext_lazy("“%(name)s”有 %(mb)s MB，附件不能超过 %(max)d MB。")
MSG_EMPTY = gettext_lazy("请选择要上传的文件。")
# The names a type may already carry in an uploaded name (anything else gets the type's own extension).
NAME_EXTENSIONS = {JPEG: (".jpg", ".jpeg", ".jpe"), PNG: (".png",), PDF: (".pdf",), DOCX: (".docx",),
                   XLSX: (".xlsx",)}


def download_name(name: str, content_type: str) -> str:
    """The name a file is handed out under: its own, with the extension of the type it was found to be."""
    stem, ext = os.path.splitext(name)
    if ext.lower() in NAME_EXTENSIONS.get(content_type, ()):
        return name
    return (stem or name) + EXTENSIONS.get(content_type, "")


def thumbnail_of(fileobj, content_type: str, name: str) -> bytes:
    """A PNG or JPEG of at most THUMB_PX of an image upload."""
    from PIL import Image, ImageOps

    fileobj.seek(0)
    try:
        with Image.open(fileobj) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((THUMB_PX, THUMB_PX))
            out = io.BytesIO()
            if content_type == PNG:
                image.save(out, format="PNG", optimize=True)
            else:
                image.convert("RGB").save(out, format="JPEG", quality=80)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError({"file": MSG_BAD_IMAGE % {"name": name}}) from exc
    finally:
        fileobj.seek(0)
    return out.getvalue()


def clean_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/")).strip() or str(_("附件"))
    if len(name) > 195:  # room for the type's extension
        stem, ext = os.path.splitext(name)
        name = stem[: 195 - len(ext)] + ext
    return name


def inspect_upload(upload) -> tuple[str, str, bytes | None]:
    """(download name, content type, thumbnail or None) of an upload that passes every check; else
    ValidationError({"file": message})."""
    if upload is None:
        raise ValidationError({"file": MSG_EMPTY})
    name = clean_name(getattr(upload, "name", ""))
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": MSG_TOO_BIG % {
            "name": name, "mb": f"{upload.size / 1024 / 1024:.1f}", "max": MAX_BYTES // (1024 * 1024)}})
    content_type = content_type_of(upload)
    if content_type is None:
        raise ValidationError({"file": MSG_TYPE % {"name": name}})
    check_content(upload, content_type, name)
    name = download_name(name, content_type)
    thumb = thumbnail_of(upload, content_type, name) if content_type in IMAGES else None
    upload.seek(0)
    return name, content_type, thumb


def uploads_problems(uploads) -> list[str]:
    """The Chinese messages of every upload that would be refused (empty when all pass)."""
    messages = []
    for upload in uploads:
        try:
            inspect_upload(upload)
        except ValidationError as exc:
            messages += exc.messages
    return messages


def remove_files(storage, names) -> None:
    """Remove stored files (after a rollback or a delete's commit); a file already gone is no error."""
    for name in names:
        if name:
            try:
                storage.delete(name)
            except OSError:
                pass
