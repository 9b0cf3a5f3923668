"""Writes of the members' requests. A member writes only their own (their account's person); officers review
within their subtree. Each step is atomic and audited; approvals write ledger entries through
ledgers.services.entry_save, so the ledger rules apply and the summary's numbers move."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import scoping
from gonghui.core import audit
from gonghui.core.attachment_check import EXTENSIONS
from gonghui.core.reviews import application_reject, application_withdraw, decider, review_due
from gonghui.core.scope_guard import mark_fetched, same_row, unscoped
from gonghui.ledgers import choices as c
from gonghui.ledgers.attachments import attachments_check, upload_name_and_type
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.models import Hardship
from gonghui.ledgers.requests.models import HelpDocument, HelpRequest, SuggestionSubmission
from gonghui.ledgers.services import entry_save
from gonghui.people.models import Person

NO_PERSON = _("您的账号没有关联职工档案，不能提交申请；请联系工会干事。")
HELP_PENDING = _("您已有一份帮扶申请正在审核，请等审核完成后再申请。")
NOT_PENDING = _("这份帮扶申请已经审核过（%(status)s），不能再次审核。")
NOT_PENDING_WITHDRAW = _("这份帮扶申请已经处理过（%(status)s），不能撤回。")
REASON_MISSING = _("请写明不予批准的理由，申请人会看到这段话。")
SITUATION_MISSING = _("请写明家庭困难情况（致困原因、目前的困难）。")
SITUATION_LONG = _("困难情况不超过1000字，请简要说明。")
FAMILY_BAD = _("家庭人口请填1到30之间的整数。")
INCOME_BAD = _("家庭月人均收入请填不小于0的金额（元，最多两位小数），例如 1250.50。")
CATEGORY_BAD = _("请选择困难类别：%(all)s。")
TOO_MANY_FILES = _("证明材料最多%(n)d个文件。")
NOTHING_GIVEN = _("请选择批准后的帮扶：为其建立困难职工档案，或填写帮扶慰问的类型和金额（或两者）。")
HAS_FILE = _("%(name)s今年已有困难职工档案（%(d)s建档），不再重复建档；请填写本次帮扶慰问的内容。")
AID_TYPE_BAD = _("帮扶形式应为：%(all)s。")
AMOUNT_BAD = _("帮扶金额请填大于0的金额（元，最多两位小数）。")
DATE_MISSING = _("请填写帮扶日期。")
TITLE_MISSING = _("请填写建议的标题。")
TITLE_LONG = _("标题不超过200字。")
CONTENT_MISSING = _("请写明建议的内容：现状、建议怎么做、预期效果。")
CONTENT_LONG = _("建议内容不超过2000字。")
SUGGESTION_CATEGORY_BAD = _("请选择类别：%(all)s。")

MAX_DOCUMENTS = 5
HELP_KINDS = (c.AidType.VISIT, c.AidType.WARMTH, c.AidType.SCHOOLING, c.AidType.MEDICAL, c.AidType.EMERGENCY)


def _labels(choices) -> str:
    return "、".join(str(label) for _v, label in choices)


def _own_person(actor) -> Person:
    """The person of the acting member's own account."""
    person_id = scoping.scope_of(actor).person_id
    if not person_id:
        raise ValidationError(NO_PERSON, code="no_person")
    with unscoped("the actor's own person"):
        return Person.objects.select_related("org").get(pk=person_id)


def money(raw, *, positive: bool = False) -> Decimal | None:
    """A money amount typed by a person (Decimal, 2 places), or None when it is not one."""
    if isinstance(raw, Decimal):
        value = raw
    else:
        text = str(raw or "").strip().replace(",", "").replace("，", "").removesuffix("元")
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
    if not value.is_finite() or value < 0 or value >= Decimal("1e12") or (positive and value == 0):
        return None
    if value != value.quantize(Decimal("0.01")):
        return None
    return value.quantize(Decimal("0.01"))


# --- 帮扶申请 --------------------------------------------------------------------------------------------

def _clean_help(*, category: str, situation: str, family_size, income_per_capita, documents: list) -> dict:
    errors: dict[str, list[str]] = {}
    if category not in c.HardshipCategory.values:
        errors["category"] = [CATEGORY_BAD % {"all": _labels(c.HardshipCategory.choices)}]
    situation = (situation or "").strip()
    if not situation:
        errors["situation"] = [SITUATION_MISSING]
    elif len(situation) > 1000:
        errors["situation"] = [SITUATION_LONG]
    try:
        family_size = int(family_size)
    except (TypeError, ValueError):
        family_size = 0
    if not 1 <= family_size <= 30:
        errors["family_size"] = [FAMILY_BAD]
    income = money(income_per_capita)
    if income is None:
        errors["income_per_capita"] = [INCOME_BAD]
    if len(documents) > MAX_DOCUMENTS:
        errors["documents"] = [TOO_MANY_FILES % {"n": MAX_DOCUMENTS}]
    else:
        problems = attachments_check(documents)
        if problems:
            errors["documents"] = problems
    if errors:
        raise ValidationError(errors)
    return {"category": category, "situation": situation, "family_size": family_size, "income_per_capita": income}


def _store_document(request: HelpRequest, upload) -> HelpDocument:
    """One document, already checked: stored under a random name of its type, the uploaded name kept."""
    name, content_type = upload_name_and_type(upload)
    doc = HelpDocument(request=request, original_name=name, content_type=content_type, size=upload.size)
    upload.seek(0)
    doc.file.save(uuid.uuid4().hex + EXTENSIONS[content_type], upload, save=False)
    doc.save()
    return doc


@transaction.atomic
def help_apply(*, actor, category: str, situation: str, family_size, income_per_capita,
               documents: Iterable = ()) -> HelpRequest:
    """A member applies for hardship help for themself. One pending application at a time."""
    person = _own_person(actor)
    documents = list(documents or [])
    cleaned = _clean_help(category=category, situation=situation, family_size=family_size,
                          income_per_capita=income_per_capita, documents=documents)
    with unscoped("the member's own pending application"):
        if HelpRequest.objects.filter(person=person, status=HelpRequest.Status.PENDING).exists():
            raise ValidationError(HELP_PENDING, code="already_pending")
    request = HelpRequest(person=person, org=person.org, submitted_at=timezone.now(), submitted_by=decider(actor),
                          due_on=review_due(), **cleaned)
    request.full_clean(exclude=["person", "org", "submitted_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ValidationError(HELP_PENDING, code="already_pending") from None
    stored: list[HelpDocument] = []
    try:
        for upload in documents:
            stored.append(_store_document(request, upload))
        audit.record(actor=actor, action="create", obj=request, org_path=person.org.path,
                     changes={"status": [None, request.status], "category": [None, request.category],
                              "family_size": [None, request.family_size],
                              "income_per_capita": [None, str(request.income_per_capita)],
                              "证明材料": [None, "、".join(d.original_name for d in stored)]})
    except Exception:
        for doc in stored:  # the rows roll back; their files go too
            doc.file.storage.delete(doc.file.name)
        raise
    return mark_fetched(request)


def _lock_pending(actor, request: HelpRequest) -> HelpRequest:
    request = same_row(request).select_for_update().select_related("org", "person", "person__org").get()
    scoping.require_write(actor, request.org)
    if request.status != HelpRequest.Status.PENDING:
        raise ValidationError(NOT_PENDING % {"status": request.get_status_display()}, code="not_pending")
    return request


def hardship_file_of_year(person: Person, year: int) -> Hardship | None:
    """The person's 困难职工档案 filed in `year`, if any (one per person and year is enough)."""
    with unscoped("the person's own hardship files, to avoid filing twice"):
        return Hardship.objects.filter(person=person, date__year=year).order_by("date").first()


def _document_uploads(request: HelpRequest) -> list[File]:
    with unscoped("the documents of the request being approved"):
        docs = list(HelpDocument.objects.filter(request=request))
    return [File(doc.file.open("rb"), name=doc.original_name) for doc in docs]


@transaction.atomic
def help_approve(*, actor, request: HelpRequest, date: dt.date | None, file_hardship: bool = True,
                 aid_type: str = "", amount=None, fund_source: str = "") -> HelpRequest:
    """Approve with the help given: a 困难职工档案 (unless the person has one this year) and/or a 帮扶慰问 entry
    (type, amount, date), each through entry_save; the request's documents go to the first entry written."""
    request = _lock_pending(actor, request)
    person = request.person
    errors: dict[str, list[str]] = {}
    if date is None:
        errors["date"] = [DATE_MISSING]
    existing = hardship_file_of_year(person, (date or timezone.localdate()).year) if file_hardship else None
    give_aid = bool(aid_type or (amount not in (None, "")))
    if give_aid:
        if aid_type not in HELP_KINDS:
            errors["aid_type"] = [AID_TYPE_BAD % {"all": _labels((k, c.AidType(k).label) for k in HELP_KINDS)}]
        amount = money(amount, positive=True)
        if amount is None:
            errors["amount"] = [AMOUNT_BAD]
    if not give_aid and (not file_hardship or existing is not None):
        errors.setdefault("aid_type", []).append(
            HAS_FILE % {"name": person.name, "d": existing.date.isoformat()} if existing else NOTHING_GIVEN)
    if errors:
        raise ValidationError(errors)
    uploads = _document_uploads(request)
    note = _("帮扶申请（%(d)s提交）") % {"d": timezone.localtime(request.submitted_at).date().isoformat()}
    changes: dict = {"status": [request.Status.PENDING, request.Status.APPROVED]}
    try:
        if file_hardship and existing is None:
            request.hardship = entry_save(
                actor=actor, kind=get_kind("hardship"), org=request.org, uploads=uploads,
                values={"person": person, "category": request.category, "cause": request.situation[:300],
                        "family_size": request.family_size, "income_per_capita": request.income_per_capita,
                        "date": date, "notes": note})
            uploads = []
            changes["hardship"] = [None, request.hardship.pk]
        if give_aid:
            request.aid = entry_save(
                actor=actor, kind=get_kind("aid"), org=request.org, uploads=uploads,
                values={"date": date, "aid_type": aid_type, "nature": c.AidNature.HARDSHIP, "recipient": person,
                        "person_times": 1, "amount": amount, "fund_source": (fund_source or "").strip()[:200],
                        "notes": note})
            changes["aid"] = [None, request.aid.pk]
            changes["帮扶金额"] = [None, str(amount)]
    finally:
        for upload in uploads:
            upload.close()
    request.status = request.Status.APPROVED
    request.decided_at = timezone.now()
    request.decided_by = decider(actor)
    request.save(update_fields=["status", "decided_at", "decided_by", "hardship", "aid"])
    audit.record(actor=actor, action="update", obj=request, org_path=request.org.path, changes=changes)
    return request


@transaction.atomic
def help_reject(*, actor, request: HelpRequest, reason: str) -> HelpRequest:
    """Refuse with a written reason (required): the member reads it on their page."""
    request = _lock_pending(actor, request)
    return application_reject(actor=actor, application=request, reason=reason, missing=REASON_MISSING,
                              org_path=request.org.path)


@transaction.atomic
def help_withdraw(*, actor, request: HelpRequest) -> HelpRequest:
    """The member takes back their own request while it waits: it leaves the officers' queue."""
    request = same_row(request).select_for_update().select_related("org").get()
    if scoping.scope_of(actor).person_id != request.person_id:
        raise PermissionDenied
    if request.status != HelpRequest.Status.PENDING:
        raise ValidationError(NOT_PENDING_WITHDRAW % {"status": request.get_status_display()}, code="not_pending")
    return application_withdraw(actor=actor, application=request, org_path=request.org.path)


# --- 金点子 / 合理化建议 ------------------------------------------------------------------------------------

@transaction.atomic
def suggestion_submit(*, actor, category: str, title: str, content: str, attachment=None) -> SuggestionSubmission:
    """A member submits a suggestion: it enters the suggestion ledger of the member's org at once (状态 已提出,
    提出人 the member, the content as 备注, the file as its attachment). A member may not write ledgers, so the
    entry is written by the system on the member's behalf; the submission's audit row names the member."""
    person = _own_person(actor)
    errors: dict[str, list[str]] = {}
    if category not in c.SuggestionCategory.values:
        errors["category"] = [SUGGESTION_CATEGORY_BAD % {"all": _labels(c.SuggestionCategory.choices)}]
    title, content = (title or "").strip(), (content or "").strip()
    if not title:
        errors["title"] = [TITLE_MISSING]
    elif len(title) > 200:
        errors["title"] = [TITLE_LONG]
    if not content:
        errors["content"] = [CONTENT_MISSING]
    elif len(content) > 2000:
        errors["content"] = [CONTENT_LONG]
    uploads = [attachment] if attachment else []
    problems = attachments_check(uploads)
    if problems:
        errors["attachment"] = problems
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    entry = entry_save(actor=scoping.SYSTEM, kind=get_kind("suggestion"), org=person.org, participants=[person],
                       uploads=uploads,
                       values={"date": today, "category": category, "title": title,
                               "status": c.SuggestionStatus.SUBMITTED, "notes": content})
    submission = SuggestionSubmission.objects.create(person=person, org=person.org, entry=entry, title=title,
                                                     submitted_at=timezone.now())
    audit.record(actor=actor, action="create", obj=submission, org_path=person.org.path,
                 changes={"title": [None, title], "entry": [None, entry.pk]})
    return mark_fetched(submission)
