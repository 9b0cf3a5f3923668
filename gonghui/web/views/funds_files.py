"""The files of a voucher (发票, 签到表, 签收单): upload and delete (finance), download (readers of the books), and
the attachments of the ledger entry a voucher came from, served to the voucher's readers (finance and the 经审
read the books, not the ledgers). Downloads go out like the ledgers' (web/views/ledger_files.py): under the
type the file was found to be, as a download, nosniff, sandboxed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.attachment_check import download_name
from gonghui.funds.attachment_services import voucher_attachment_delete, voucher_attachments_add
from gonghui.funds.selectors import voucher_file_get, voucher_get
from gonghui.ledgers.selectors import voucher_entry_file_get
from gonghui.web.views.funds import _error_text
from gonghui.web.views.ledger_files import _file_response


def _back(pk: int):
    return redirect(reverse("web:funds-voucher-detail", args=[pk]) + "#files")


@require_POST
def voucher_files_add(request, pk: int):
    voucher = voucher_get(viewer=request.user, pk=pk, write=True)
    try:
        added = voucher_attachments_add(actor=request.user, voucher=voucher, uploads=request.FILES.getlist("file"))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "已上传附件%s。" % "、".join(f"“{a.original_name}”" for a in added))
    return _back(voucher.pk)


def voucher_file(request, pk: int):
    att = voucher_file_get(viewer=request.user, pk=pk)
    return _file_response(att.file, filename=download_name(att.original_name, att.content_type),
                          content_type=att.content_type, as_attachment=True)


@require_POST
def voucher_file_delete(request, pk: int):
    att = voucher_file_get(viewer=request.user, pk=pk, write=True)
    try:
        voucher_attachment_delete(actor=request.user, attachment=att)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已删除附件“{att.original_name}”。")
    return _back(att.voucher_id)


def voucher_entry_file(request, pk: int, file_pk: int):
    voucher = voucher_get(viewer=request.user, pk=pk)
    att = voucher_entry_file_get(viewer=request.user, voucher=voucher, pk=file_pk)
    return _file_response(att.file, filename=download_name(att.original_name, att.content_type),
                          content_type=att.content_type, as_attachment=True)
