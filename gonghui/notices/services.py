"""The writes of notices: publish, edit (audited field by field), withdraw (officers of the org's subtree), and
the member's read receipt. An attachment is checked by content like a ledger's (ledgers.attachments)."""

from __future__ import annotations

import os
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import require_write
from gonghui.core import audit
from gonghui.core.attachment_check import EXTENSIONS, content_type_of
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.ledgers.attachments import attachments_check, download_name
from gonghui.notices.models import Notice, NoticeRead
from gonghui.orgs.models import Org
from gonghui.surveys.selectors import member_person, reaches

TITLE_MAX = 200
BODY_MAX = 20000
AUDITED = ("title", "body", "attachment_name")


def _clean(title: str, body: str) -> tuple[str, str]:
    errors = {}
    title = (title or "").strip()
    body = (body or "").replace("\r\n", "\n").strip()
    if not title:
        errors["title"] = _("请填写标题。")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("标题不能超过%(m)d字（现在%(n)d字）。") % {"m": TITLE_MAX, "n": len(title)}
    if not body:
        errors["body"] = _("请填写正文。")
    elif len(body) > BODY_MAX:
        errors["body"] = _("正文不能超过%(m)d字（现在%(n)d字）。") % {"m": BODY_MAX, "n": len(body)}
    if "\x00" in title + body:
        errors["body"] = _("正文含有无法保存的字符，请删去后再发布。")
    if errors:
        raise ValidationError(errors)
    return title, body


def _attach(notice: Notice, upload) -> None:
    """Check the file by what it is and store it under a random name (the uploaded name only for the download)."""
    problems = attachments_check([upload])
    if problems:
        raise ValidationError({"attachment": problems})
    content_type = content_type_of(upload)
    name = os.path.basename((upload.name or "").replace("\\", "/")).strip()[:190] or _("附件")
    notice.attachment_name = download_name(name, content_type)
    notice.attachment_type = content_type
    upload.seek(0)
    notice.attachment.save(uuid.uuid4().hex + EXTENSIONS[content_type], upload, save=False)


def _remove_file(name: str, storage) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def notice_publish(*, actor, org: Org, title: str, body: str, upload=None) -> Notice:
    require_write(actor, org)
    title, body = _clean(title, body)
    notice = Notice(org=org, title=title, body=body, published_at=timezone.now(),
                    created_by=actor if getattr(actor, "pk", None) else None)
    if upload is not None:
        _attach(notice, upload)
    notice.save()
    audit.record(actor=actor, action="create", obj=notice, org_path=org.path,
                 changes={"title": [None, title], "attachment_name": [None, notice.attachment_name or None]})
    return mark_fetched(notice)


@transaction.atomic
def notice_update(*, actor, notice: Notice, title: str, body: str, upload=None,
                  remove_attachment: bool = False) -> Notice:
    """An edit after publishing: the changed fields go to the audit trail (old and new)."""
    require_write(actor, notice.org)
    if notice.status == Notice.Status.WITHDRAWN:
        raise ValidationError(_("通知已撤回，不能再修改。"))
    before = audit.snapshot(notice, AUDITED)
    notice.title, notice.body = _clean(title, body)
    old_file = notice.attachment.name
    if upload is not None:
        _attach(notice, upload)
    elif remove_attachment and old_file:
        notice.attachment, notice.attachment_name, notice.attachment_type = "", "", ""
    changes = audit.diff(before, audit.snapshot(notice, AUDITED))
    if not changes and upload is None:
        return notice
    notice.updated_at = timezone.now()
    notice.save()
    if notice.attachment.name != old_file:
        _remove_file(old_file, notice.attachment.storage)
    audit.record(actor=actor, action="update", obj=notice, org_path=notice.org.path, changes=changes)
    return notice


@transaction.atomic
def notice_withdraw(*, actor, notice: Notice) -> Notice:
    require_write(actor, notice.org)
    if notice.status == Notice.Status.WITHDRAWN:
        return notice
    notice.status = Notice.Status.WITHDRAWN
    notice.updated_at = timezone.now()
    notice.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="update", obj=notice, org_path=notice.org.path,
                 changes={"status": ["published", "withdrawn"]})
    return notice


@transaction.atomic
def notice_read(*, actor, notice: Notice) -> NoticeRead | None:
    """The member opened the notice: the first opening is kept (later ones change nothing). None for an
    account without a person (an officer reading it)."""
    person = member_person(actor)
    if person is None:
        return None
    if notice.status != Notice.Status.PUBLISHED or not reaches(notice.org, person):
        raise PermissionDenied
    with unscoped("the member's own receipt of a notice addressed to them"):
        try:
            with transaction.atomic():
                receipt, _created = NoticeRead.objects.get_or_create(notice=notice, person=person,
                                                                     defaults={"read_at": timezone.now()})
        except IntegrityError:  # two openings at once: the other one was first
            return NoticeRead.objects.filter(notice=notice, person=person).first()
    return receipt
