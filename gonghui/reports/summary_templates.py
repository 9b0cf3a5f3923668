"""A union's own Word template for the work summary (issue #7): upload, replace, delete, or choose the
built-in layout; and which layout applies to an org.

    summary_template_upload(actor=user, org=org, upload=f)   # checked first: nothing is stored when refused
    summary_template_delete(actor=user, org=org)              # back to what applies from above (or built-in)
    summary_template_use_builtin(actor=user, org=org)         # the built-in layout here, even under a
                                                              # federation's template
    summary_template_in_force(org) -> SummaryTemplate | None  # None, or a row without file: built-in layout
    summary_template_open(org)                                # context manager: the .docx to fill, or None
    summary_template_check(upload) -> ["members", "正文", …]   # ValidationError({"file": [...]}) in Chinese

The nearest choice up the tree applies: an org's own row, else its parent's, … A row without a file is the
choice of the built-in layout. Writing needs write scope on the org (管理员, 干事: the roles that edit the
summary's wording); what applies to an org is shown to whoever may read that org (the org itself is fetched
in the viewer's scope by the face), even when it comes from a federation the viewer cannot otherwise read.
Files live under MEDIA_ROOT (the data dir) with a random name, like ledger attachments.
"""

from __future__ import annotations

import contextlib
import os
import uuid
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.scoping import can_write_org
from gonghui.core import audit, sniffing
from gonghui.core.scope_guard import unscoped
from gonghui.ledgers.attachments import MAX_BYTES
from gonghui.orgs.models import Org
from gonghui.reports.models import SummaryTemplate
from gonghui.reports.summary.custom import scan_template

MSG_EMPTY = gettext_lazy("请选择要上传的 Word 模板文件（.docx）。")
MSG_TOO_BIG = gettext_lazy("“%(name)s”有 %(mb)s MB，模板不能超过 %(max)d MB：请删去或压缩其中的大图片后再上传。")
MSG_OLD_WORD = gettext_lazy("“%(name)s”是旧版 Word（.doc）或 WPS（.wps）格式：请在 Word 或 WPS 中打开它，"
                            "“另存为”Word 文档（*.docx）后再上传。")
MSG_PASSWORD = gettext_lazy("“%(name)s”设置了打开密码，系统无法读取：请在 Word 中去掉密码（文件 → 信息 → 保护文档 → "
                            "用密码进行加密，清空密码）并保存后再上传。")
MSG_PDF = gettext_lazy("“%(name)s”是 PDF 文件，不能作为模板：请上传 Word 文档（.docx）。")
MSG_NOT_DOCX = gettext_lazy("“%(name)s”不是 Word 文档（.docx）：请在 Word 或 WPS 中打开它，“另存为”Word 文档（*.docx）"
                            "后再上传。")
MSG_DOCX_KIND = gettext_lazy("“%(name)s”是 Word 模板（.dotx）或启用宏的文档（.docm）：请在 Word 中“另存为”Word 文档"
                             "（*.docx）后再上传。")
MSG_UNREADABLE = gettext_lazy("“%(name)s”无法读取，文件可能已损坏：请在 Word 中打开确认无误，另存为 .docx 后再上传。")
MSG_NO_PLACEHOLDER = gettext_lazy("模板中没有任何占位符：请在要填入内容的地方写 {{正文}}（生成的总结正文）、{{单位名称}}、"
                                  "{{期间}}、{{日期}} 或 {{指标代码}}（如 {{members}}）。")
MSG_UNKNOWN = gettext_lazy("模板中有无法识别的占位符：%(list)s。占位符只能是 {{单位名称}}、{{期间}}、{{日期}}、{{正文}} "
                           "或指标代码（如 {{members}}；全部代码见“报表”页指标表中每个指标名称下的代码，或 "
                           "docs/indicators.md），请改正后再上传。")
MSG_UNCLOSED = gettext_lazy("模板中有不完整的占位符（“{{”与“}}”没有成对）：%(list)s。请改正后再上传。")
MSG_FULLWIDTH = gettext_lazy("占位符的花括号要用英文半角 {{ }}，模板中有全角的“｛｝”：%(list)s。请改正后再上传。")
MSG_BODY_TWICE = gettext_lazy("{{正文}} 只能出现一次，模板中有 %(n)d 处。")
MSG_BODY_NOT_ALONE = gettext_lazy("{{正文}} 要单独占一段（它所在的整段会换成总结正文，同段的其他文字会丢失）：%(list)s。")
MSG_BODY_OUTSIDE = gettext_lazy("{{正文}} 不能放在页眉或页脚里，请放在正文中。")
MSG_FILE_GONE = gettext_lazy("%(org)s的工作总结模板文件找不到了：请重新上传模板，或选用内置格式。")


def _clean_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/")).strip() or str(_("模板.docx"))
    if len(name) > 200:
        stem, ext = os.path.splitext(name)
        name = stem[: 200 - len(ext)] + ext
    return name


def _refuse(message) -> ValidationError:
    return ValidationError({"file": [message]})


# --- checking an upload ----------------------------------------------------------------------------------

def _check_kind(upload, name: str) -> None:
    """By content, never by the name: a .doc, .wps or .pdf renamed to .docx is told for what it is."""
    kind = sniffing.sniff(upload)  # OLE: .doc and .wps, or a password-protected .docx inside one
    if kind in (sniffing.OLE, sniffing.ENCRYPTED):
        raise _refuse((MSG_PASSWORD if kind == sniffing.ENCRYPTED else MSG_OLD_WORD) % {"name": name})
    if kind == sniffing.PDF:
        raise _refuse(MSG_PDF % {"name": name})
    if kind != sniffing.ZIP or sniffing.office_kind(upload) != sniffing.DOCX:
        raise _refuse(MSG_NOT_DOCX % {"name": name})
    # python-docx inflates every part in memory: refuse what would inflate beyond the importers' cap
    max_inflated = int(getattr(settings, "GONGHUI_IMPORT_MAX_UNCOMPRESSED", 400 * 1024 * 1024))
    try:
        with zipfile.ZipFile(upload) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(MSG_UNREADABLE % {"name": name}) from None
    finally:
        upload.seek(0)
    if inflated > max_inflated:
        raise _refuse(MSG_UNREADABLE % {"name": name})


def _open(upload, name: str):
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    upload.seek(0)
    try:
        return Document(upload)
    except ValueError:  # python-docx: "file '…' is not a Word file, content type is '…template…'"
        raise _refuse(MSG_DOCX_KIND % {"name": name}) from None
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, zlib.error, XMLSyntaxError, OSError, EOFError,
            AttributeError, IndexError, TypeError):  # a broken member, malformed XML, a missing part
        raise _refuse(MSG_UNREADABLE % {"name": name}) from None
    finally:
        upload.seek(0)


def _quoted(items) -> str:
    return "、".join(f"“{item}”" for item in items)


def summary_template_check(upload) -> list[str]:
    """The placeholders of an uploaded template, or ValidationError({"file": [messages]}) saying what to
    fix."""
    if upload is None:
        raise _refuse(MSG_EMPTY)
    name = _clean_name(getattr(upload, "name", ""))
    if upload.size > MAX_BYTES:
        raise _refuse(MSG_TOO_BIG % {"name": name, "mb": f"{upload.size / 1024 / 1024:.1f}",
                                     "max": MAX_BYTES // (1024 * 1024)})
    _check_kind(upload, name)
    scan = scan_template(_open(upload, name))
    problems = []
    if scan.unknown:
        problems.append(MSG_UNKNOWN % {"list": "、".join("{{" + u + "}}" for u in scan.unknown)})
    if scan.unclosed:
        problems.append(MSG_UNCLOSED % {"list": _quoted(scan.unclosed[:5])})
    if scan.fullwidth:
        problems.append(MSG_FULLWIDTH % {"list": _quoted(scan.fullwidth[:5])})
    if scan.body_count > 1:
        problems.append(MSG_BODY_TWICE % {"n": scan.body_count})
    if scan.body_not_alone:
        problems.append(MSG_BODY_NOT_ALONE % {"list": _quoted(scan.body_not_alone[:3])})
    if scan.body_outside:
        problems.append(MSG_BODY_OUTSIDE)
    if not scan.placeholders and not problems:
        problems.append(MSG_NO_PLACEHOLDER)
    if problems:
        raise ValidationError({"file": problems})
    return scan.placeholders


# --- which layout applies ----------------------------------------------------------------------------------

def summary_template_in_force(org: Org) -> SummaryTemplate | None:
    """The choice that decides org's layout: its own row, else the nearest one up the tree; None when no org
    up the tree chose (the built-in layout). A row without a file is the built-in layout chosen there."""
    step = Org.steplen
    paths = [org.path[:end] for end in range(step, len(org.path) + 1, step)]
    with unscoped("a layout chosen by an org above applies below it"):
        return (SummaryTemplate.objects.filter(org__path__in=paths).select_related("org", "uploaded_by")
                .order_by("-org__depth").first())


@contextlib.contextmanager
def summary_template_open(org: Org):
    """The .docx to fill for org's summary (an open binary file), or None for the built-in layout."""
    row = summary_template_in_force(org)
    if row is None or row.is_builtin:
        yield None
        return
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise ValidationError({"template": [MSG_FILE_GONE % {"org": row.org.name}]}) from None
    with handle:
        yield handle


# --- services ----------------------------------------------------------------------------------------------

def _check_write(actor, org: Org) -> None:
    if not can_write_org(actor, org):
        raise PermissionDenied


def _remove_file_on_commit(storage, name: str) -> None:
    def remove():
        with contextlib.suppress(OSError):
            storage.delete(name)

    if name:
        transaction.on_commit(remove)


def summary_template_upload(*, actor, org: Org, upload) -> SummaryTemplate:
    """Check the upload and make it org's template (replacing its own one, if any)."""
    _check_write(actor, org)
    placeholders = summary_template_check(upload)
    name = _clean_name(getattr(upload, "name", ""))
    with unscoped("the org's own template row, after _check_write"):
        row = SummaryTemplate.objects.filter(org=org).first() or SummaryTemplate(org=org)
    existed, before, old_file = row.pk is not None, row.name, row.file.name if row.file else ""
    upload.seek(0)
    row.file.save(f"{uuid.uuid4().hex}.docx", upload, save=False)
    row.name, row.size, row.placeholders = name, upload.size, placeholders
    row.uploaded_by = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            row.save()
            audit.record(actor=actor, action="update" if existed else "create", obj=row,
                         org_path=org.path, changes={_("工作总结模板"): [before or None, name]})
            _remove_file_on_commit(row.file.storage, old_file)
    except Exception:
        row.file.storage.delete(row.file.name)
        raise
    return row


def summary_template_delete(*, actor, org: Org) -> bool:
    """Drop org's own choice (its template, or its choice of the built-in layout): what applies from above
    applies again. False when org had none."""
    _check_write(actor, org)
    with transaction.atomic(), unscoped("the org's own template row, after _check_write"):
        row = SummaryTemplate.objects.filter(org=org).first()
        if row is None:
            return False
        audit.record(actor=actor, action="delete", obj=row, org_path=org.path,
                     changes={_("工作总结模板"): [row.name or str(_("内置格式")), None]})
        _remove_file_on_commit(row.file.storage, row.file.name if row.file else "")
        row.delete()
    return True


def summary_template_use_builtin(*, actor, org: Org) -> SummaryTemplate:
    """The built-in layout for org and the orgs below it that have no template of their own, even when a
    template applies from above; org's own template, if any, is dropped."""
    _check_write(actor, org)
    with transaction.atomic():
        with unscoped("the org's own template row, after _check_write"):
            row = SummaryTemplate.objects.select_for_update().filter(org=org).first() or SummaryTemplate(org=org)
        before, old_file = row.name, row.file.name if row.file else ""
        row.file, row.name, row.size, row.placeholders = "", "", 0, []
        row.uploaded_by = actor if getattr(actor, "pk", None) else None
        row.save()
        audit.record(actor=actor, action="update", obj=row, org_path=org.path,
                     changes={_("工作总结模板"): [before or None, str(_("内置格式"))]})
        _remove_file_on_commit(row.file.storage, old_file)
    return row


__all__ = [
    "summary_template_check",
    "summary_template_delete",
    "summary_template_in_force",
    "summary_template_open",
    "summary_template_upload",
    "summary_template_use_builtin",
]
