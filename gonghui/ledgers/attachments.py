"""Attachments of ledger entries: photos, scanned sign-in sheets, PDFs, Word and Excel files.

A file is accepted by what it *is* (core.sniffing on its first bytes, and for .docx/.xlsx the parts inside the
zip; then read through by core.attachment_check: images decoded whole, PDFs without scripts or embedded files),
never by its name. It is stored under MEDIA_ROOT (the data dir) through the model's FileField under a random
name with the extension of that type; the uploaded name is kept for the download, its extension made that
of the type too (a PNG sent as "poly.html" downloads as "poly.png"). Images get a thumbnail of at most
240 px. Every add and delete is audited on the entry's trail (object_type = the kind code).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.attachment_check import (  # noqa: F401  (DOCX, PDF, XLSX, MAX_BYTES, download_name: used by faces
    DOCX,
    EXTENSIONS,
    MAX_BYTES,
    PDF,
    PNG,
    XLSX,
    content_type_of,
    download_name,
    inspect_upload,
    remove_files,
    uploads_problems,
)
from gonghui.core.scope_guard import unscoped
from gonghui.ledgers.kinds import Kind
from gonghui.ledgers.models import Attachment, LedgerEntry
from gonghui.ledgers.rights import can_write_ledgers


def upload_name_and_type(upload) -> tuple[str, str]:
    """(download name, content type) of an upload that passes every check (else ValidationError): for files
    kept outside an entry, such as a member's help-request documents (ledgers/requests)."""
    name, content_type, _thumb = inspect_upload(upload)
    return name, content_type


def attachments_check(uploads) -> list[str]:
    """The Chinese messages of every upload that would be refused (empty when all pass): entry_save checks
    the files of the entry form with the entry's fields, so nothing is written unless all of it can be."""
    return uploads_problems(uploads)


def attachment_add(*, actor, kind: Kind, entry: LedgerEntry, upload) -> Attachment:
    """Check, store and audit one uploaded file of an entry."""
    if not can_write_ledgers(actor, entry.org):
        raise PermissionDenied
    name, content_type, thumb = inspect_upload(upload)

    stem = uuid.uuid4().hex
    att = Attachment(org=entry.org, kind=kind.code, entry_id=entry.pk, original_name=name,
                     content_type=content_type, size=upload.size,
                     uploaded_by=actor if getattr(actor, "pk", None) else None)
    upload.seek(0)
    att.file.save(stem + EXTENSIONS[content_type], upload, save=False)
    if thumb is not None:
        att.thumbnail.save(stem + (".png" if content_type == PNG else ".jpg"), ContentFile(thumb), save=False)
    try:
        with transaction.atomic():
            att.full_clean(exclude=["uploaded_by"])
            att.save()
            audit.record(actor=actor, action="update", object_type=kind.code, object_id=str(entry.pk),
                         object_repr=f"{kind.label} {entry.date}", org_path=entry.org.path,
                         changes={_("附件"): [None, name]})
    except Exception:
        attachment_files_remove(att)
        raise
    return att


def attachments_store(*, actor, kind: Kind, entry: LedgerEntry, uploads) -> list[Attachment]:
    """Store `uploads` (already checked) with the caller's transaction: when one fails, the files of those
    stored before it are removed too (their rows roll back with the transaction)."""
    stored: list[Attachment] = []
    try:
        for upload in uploads:
            stored.append(attachment_add(actor=actor, kind=kind, entry=entry, upload=upload))
    except Exception:
        for att in stored:
            attachment_files_remove(att)
        raise
    return stored


def attachments_add(*, actor, kind: Kind, entry: LedgerEntry, uploads) -> list[Attachment]:
    """Several files of an entry at once (the detail page's upload): every file is checked first and the
    refusal names each one that cannot be taken; then all are stored, or none."""
    uploads = list(uploads)
    if not can_write_ledgers(actor, entry.org):
        raise PermissionDenied
    problems = attachments_check(uploads)
    if problems:
        raise ValidationError({"file": problems})
    with transaction.atomic():
        return attachments_store(actor=actor, kind=kind, entry=entry, uploads=uploads)


def attachment_delete(*, actor, attachment: Attachment) -> None:
    if not can_write_ledgers(actor, attachment.org):
        raise PermissionDenied
    with transaction.atomic():
        name, org_path = attachment.original_name, attachment.org.path
        audit.record(actor=actor, action="update", object_type=attachment.kind, object_id=str(attachment.entry_id),
                     object_repr=name, org_path=org_path, changes={_("附件"): [name, None]})
        files = [attachment.file.name, attachment.thumbnail.name]
        storage = attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: remove_files(storage, files))


def attachments_delete(*, actor, kind: Kind, entry: LedgerEntry) -> None:
    """Delete every attachment of an entry (each audited; files removed after commit). Part of entry_delete."""
    with transaction.atomic(), unscoped("an entry's own attachments go with it"):
        for att in Attachment.objects.filter(kind=kind.code, entry_id=entry.pk):
            attachment_delete(actor=actor, attachment=att)


def attachments_follow(*, kind: Kind, entry: LedgerEntry) -> None:
    """The attachments of an entry belong to the entry's org: called in the transaction that moves it."""
    with unscoped("an entry's own attachments go with it"):
        Attachment.objects.filter(kind=kind.code, entry_id=entry.pk).exclude(org=entry.org).update(org=entry.org)


def attachment_files_remove(att: Attachment) -> None:
    """Remove the stored files of an attachment whose row is being rolled back."""
    remove_files(att.file.storage, [att.file.name, att.thumbnail.name])


