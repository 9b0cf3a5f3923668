"""Attachments of vouchers (发票, the activity's 签到表/签收单): uploaded on the voucher page by finance, checked by
content as the ledgers' attachments are (core.attachment_check: a PNG named .pdf is stored and handed out as
.png; a file of no accepted type, a broken image or a PDF with scripts is refused), stored under a random name
with the sniffed extension. Each one counts on the voucher (`attachments_count`, 附件 N 张).

Files may be added at any state (an invoice often arrives after 记账, and the 经审 asks for it); a file is
removed only from a draft: what a reviewed or posted voucher carried stays, as the voucher itself does.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.attachment_check import EXTENSIONS, inspect_upload, remove_files, uploads_problems
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.funds.book_services import BOOKS, user_of
from gonghui.funds.models import Voucher, VoucherAttachment
from gonghui.funds.rights import can_write_books, require

FILE_FIXED = _("凭证%(v)s已审核或已记账，它的附件不能删除。")
NO_FILES = _("请选择要上传的文件。")


def voucher_attachments_add(*, actor, voucher: Voucher, uploads) -> list[VoucherAttachment]:
    """Check every file first (the refusal names each one that cannot be taken), then store all or none."""
    require(can_write_books(actor, voucher.org))
    uploads = list(uploads or [])
    if not uploads:
        raise ValidationError({"file": NO_FILES})
    problems = uploads_problems(uploads)
    if problems:
        raise ValidationError({"file": problems})
    stored: list[VoucherAttachment] = []
    try:
        with transaction.atomic(), unscoped(BOOKS):
            locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
            for upload in uploads:
                name, content_type, _thumb = inspect_upload(upload)
                att = VoucherAttachment(org=locked.org, voucher=locked, original_name=name,
                                        content_type=content_type, size=upload.size, uploaded_by=user_of(actor))
                upload.seek(0)
                att.file.save(uuid.uuid4().hex + EXTENSIONS[content_type], upload, save=False)
                stored.append(att)
                att.save()
            Voucher.objects.filter(pk=locked.pk).update(attachments_count=F("attachments_count") + len(stored))
            audit.record(actor=actor, action="update", obj=locked, object_type="funds_voucher",
                         org_path=locked.org.path, changes={_("附件"): [None, [a.original_name for a in stored]]})
    except Exception:
        for att in stored:
            remove_files(att.file.storage, [att.file.name])
        raise
    return [mark_fetched(att) for att in stored]


def voucher_attachment_delete(*, actor, attachment: VoucherAttachment) -> None:
    require(can_write_books(actor, attachment.org))
    with transaction.atomic(), unscoped(BOOKS):
        voucher = Voucher.objects.select_for_update().get(pk=attachment.voucher_id)
        if voucher.state != Voucher.State.DRAFT:
            raise ValidationError({"file": FILE_FIXED % {"v": voucher}})
        name, storage, files = attachment.original_name, attachment.file.storage, [attachment.file.name]
        VoucherAttachment.objects.filter(pk=attachment.pk).delete()
        Voucher.objects.filter(pk=voucher.pk, attachments_count__gt=0).update(
            attachments_count=F("attachments_count") - 1)
        audit.record(actor=actor, action="update", obj=voucher, object_type="funds_voucher",
                     org_path=voucher.org.path, changes={_("附件"): [name, None]})
        transaction.on_commit(lambda: remove_files(storage, files))
