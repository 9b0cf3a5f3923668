"""Members' requests: 帮扶申请 (apply, approve into 困难职工档案/帮扶慰问, refuse) and 金点子 (straight into the
suggestion ledger), each step audited; the numbers of the summary move with the entries written."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from gonghui.core.models import AuditEvent
from gonghui.core.periods import parse_period
from gonghui.indicators import registry
from gonghui.ledgers.models import Aid, Attachment, Hardship, Suggestion
from gonghui.ledgers.requests import selectors, services
from gonghui.ledgers.requests.models import HelpDocument, HelpRequest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(name="证明.png"):
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue())


def apply(cast, **over):
    data = {"category": "relative", "situation": "爱人重病住院，孩子上学", "family_size": "3",
            "income_per_capita": "1250.50", "documents": [png()]}
    data.update(over)
    return services.help_apply(actor=cast.member_a, **data)


def test_a_member_applies_with_documents_checked_by_content(cast):
    request = apply(cast)
    assert request.status == "pending" and request.org == cast.ua_g1 and request.person == cast.wang_person
    assert request.income_per_capita == Decimal("1250.50") and request.family_size == 3
    assert [d.original_name for d in HelpDocument.objects.all()] == ["证明.png"]
    assert AuditEvent.objects.filter(object_type="helprequest", actor_name="wanghuiyuan").count() == 1
    with pytest.raises(ValidationError, match="正在审核"):
        apply(cast, documents=[])


def test_it_says_what_to_fix_and_writes_nothing(cast):
    with pytest.raises(ValidationError) as exc:
        apply(cast, category="x", situation=" ", family_size="0", income_per_capita="12.345",
              documents=[SimpleUploadedFile("a.html", b"<script>")])
    errors = exc.value.message_dict
    assert set(errors) == {"category", "situation", "family_size", "income_per_capita", "documents"}
    assert errors["income_per_capita"] == [services.INCOME_BAD]
    assert not HelpRequest.objects.exists() and not HelpDocument.objects.exists()
    with pytest.raises(ValidationError, match="没有关联职工档案"):
        services.help_apply(actor=cast.officer_a1, category="deep", situation="x", family_size=1,
                            income_per_capita="0")


def test_approval_files_the_hardship_and_the_aid_and_moves_the_numbers(cast):
    request = apply(cast)
    day = timezone.localdate()
    period = parse_period(f"{day.year}")
    before = registry.compute(cast.ua, period, ["aid_amount", "aid_households"])
    with pytest.raises(PermissionDenied):  # finance reads, may not decide
        services.help_approve(actor=cast.finance_a, request=request, date=day, aid_type="warmth", amount="800")
    request = services.help_approve(actor=cast.officer_a1, request=request, date=day, aid_type="warmth",
                                    amount="800", fund_source="工会经费")
    assert request.status == "approved" and request.decided_by == cast.officer_a1
    hardship, aid = Hardship.objects.get(), Aid.objects.get()
    assert request.hardship == hardship and request.aid == aid
    assert hardship.person == cast.wang_person and hardship.income_per_capita == Decimal("1250.50")
    assert aid.amount == Decimal("800.00") and aid.nature == "hardship" and aid.recipient == cast.wang_person
    assert Attachment.objects.get().entry_id == hardship.pk  # the documents went with the file
    after = registry.compute(cast.ua, period, ["aid_amount", "aid_households"])
    assert after["aid_amount"] - (before["aid_amount"] or 0) == Decimal("800.00")
    assert after["aid_households"] - (before["aid_households"] or 0) == 1
    with pytest.raises(ValidationError, match="已经审核过"):
        services.help_reject(actor=cast.chair_a, request=request, reason="重复")


def test_a_second_request_in_the_year_gives_aid_without_filing_again(cast):
    day = timezone.localdate()
    services.help_approve(actor=cast.chair_a, request=apply(cast, documents=[]), date=day)
    second = apply(cast, documents=[])
    with pytest.raises(ValidationError) as exc:
        services.help_approve(actor=cast.chair_a, request=second, date=day)
    assert "今年已有困难职工档案" in exc.value.message_dict["aid_type"][0]
    with pytest.raises(ValidationError) as exc:
        services.help_approve(actor=cast.chair_a, request=second, date=day, aid_type="visit", amount="-5")
    assert exc.value.message_dict["amount"] == [services.AMOUNT_BAD]
    services.help_approve(actor=cast.chair_a, request=second, date=day, aid_type="visit", amount="300")
    assert Hardship.objects.count() == 1 and Aid.objects.count() == 1


def test_a_refusal_needs_a_reason_the_member_reads(cast):
    request = apply(cast)
    with pytest.raises(ValidationError) as exc:
        services.help_reject(actor=cast.officer_a1, request=request, reason="")
    assert exc.value.message_dict["reason"] == [services.REASON_MISSING]
    services.help_reject(actor=cast.officer_a1, request=request, reason="家庭收入高于困难标准")
    mine = list(selectors.my_help_requests(viewer=cast.member_a))
    assert mine[0].status == "rejected" and mine[0].reason == "家庭收入高于困难标准"
    assert list(selectors.help_request_list(viewer=cast.member_a)) == []  # not an officer's queue
    assert list(selectors.help_request_list(viewer=cast.admin_b)) == []
    assert list(selectors.help_request_list(viewer=cast.officer_a1)) == [request]


def test_a_suggestion_enters_the_ledger_and_the_member_follows_its_status(cast):
    submission = services.suggestion_submit(actor=cast.member_a, category="golden_idea", title="食堂错峰就餐",
                                            content="分三批就餐，减少排队。", attachment=png("方案.png"))
    entry = Suggestion.objects.get()
    assert submission.entry == entry and entry.status == "submitted" and entry.org == cast.ua_g1
    assert list(entry.proposers.all()) == [cast.wang_person] and entry.notes == "分三批就餐，减少排队。"
    assert Attachment.objects.get().entry_id == entry.pk
    assert AuditEvent.objects.filter(object_type="suggestionsubmission", actor_name="wanghuiyuan").exists()
    Suggestion.objects.filter(pk=entry.pk).update(status="rejected", rejection_reason="场地不足")
    mine = selectors.my_suggestions(viewer=cast.member_a).get()
    assert mine.entry.get_status_display() == "未采纳" and mine.entry.rejection_reason == "场地不足"
    with pytest.raises(ValidationError) as exc:
        services.suggestion_submit(actor=cast.member_a, category="", title="", content="")
    assert set(exc.value.message_dict) == {"category", "title", "content"}
    assert Suggestion.objects.count() == 1
