"""我的申请: a member sends a help request, a suggestion and a transfer from their phone, sees each one's state
and the reasons, corrects their own mobile; nothing of anybody else shows."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.models import AuditEvent
from gonghui.ledgers.models import Suggestion
from gonghui.ledgers.requests.models import HelpRequest
from gonghui.ledgers.requests.services import help_apply, help_reject
from gonghui.people.models import Person, TransferRequest
from gonghui.people.services import membership_event_add
from gonghui.people.transfers.services import transfer_reject


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(name):
    out = io.BytesIO()
    Image.new("RGB", (12, 12)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def test_a_member_applies_for_help_and_reads_the_refusal(cast, login):
    client = login(cast.member_a)
    page = client.get(reverse("me:help-new")).content.decode()
    assert "申请困难帮扶" in page and 'enctype="multipart/form-data"' in page
    response = client.post(reverse("me:help-new"), {"category": "deep", "situation": "父亲卧床", "family_size": "4",
                                                    "income_per_capita": "八百", "documents": [png("a.png")]})
    assert response.status_code == 200 and "家庭月人均收入请填" in response.content.decode()
    assert not HelpRequest.objects.exists()
    response = client.post(reverse("me:help-new"), {"category": "deep", "situation": "父亲卧床", "family_size": "4",
                                                    "income_per_capita": "800", "documents": [png("a.png"), png("b.png")]})
    assert response.status_code == 302 and response["Location"] == reverse("me:requests")
    request = HelpRequest.objects.get()
    assert request.documents.count() == 2
    help_reject(actor=cast.officer_a1, request=request, reason="收入未低于困难标准")
    body = client.get(reverse("me:requests")).content.decode()
    assert "未批准的理由：收入未低于困难标准" in body and "材料2份" in body


def test_a_member_submits_a_suggestion_and_follows_its_status(cast, login):
    client = login(cast.member_a)
    response = client.post(reverse("me:suggestion-new"), {"category": "golden_idea", "title": "车棚加装充电桩",
                                                          "content": "方便骑电动车上班的职工。"})
    assert response.status_code == 302
    entry = Suggestion.objects.get()
    assert entry.status == "submitted"
    assert "车棚加装充电桩" in client.get(reverse("me:requests")).content.decode()
    Suggestion.objects.filter(pk=entry.pk).update(status="adopted")
    assert "已采纳" in client.get(reverse("me:requests")).content.decode()


def test_a_member_asks_to_transfer_and_sees_each_side(cast, login):
    membership_event_add(actor=SYSTEM, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1))
    client = login(cast.member_a)
    page = client.get(reverse("me:transfer-new")).content.decode()
    assert '<option value="机械厂工会（UB）">' in page and 'list="unions"' in page
    response = client.post(reverse("me:transfer-new"), {"to_org": "文化局工会（UA）"})
    assert "不需要转会" in response.content.decode()
    response = client.post(reverse("me:transfer-new"), {"to_org": "机械厂工会（UB）", "note": "调动"})
    assert response.status_code == 302
    body = client.get(reverse("me:requests")).content.decode()
    assert "第一小组 → 机械厂工会" in body and "原单位：待审核" in body
    transfer_reject(actor=cast.admin_b, transfer=TransferRequest.objects.get(), side="to", reason="编制已满")
    assert "转入单位不同意，理由：编制已满" in client.get(reverse("me:requests")).content.decode()


def test_a_member_corrects_their_own_mobile(cast, login):
    client = login(cast.member_a)
    response = client.post(reverse("me:phone"), {"mobile": "1380013"})
    assert "格式不对" in response.content.decode()
    response = client.post(reverse("me:phone"), {"mobile": "139 0000 1111"})
    assert response.status_code == 302
    assert Person.objects.get(pk=cast.wang_person.pk).mobile == "13900001111"
    row = AuditEvent.objects.filter(object_type="person", actor_name="wanghuiyuan").get()
    assert "13900001111" not in str(row.changes)  # masked in the trail


def test_the_page_shows_only_the_members_own(cast, login):
    from gonghui.accounts.services import user_create
    from gonghui.conftest import PASSWORD

    zhou = user_create(actor=SYSTEM, username="zhou", password=PASSWORD, grants=[(cast.ua, "member")],
                       person=cast.zhou_person)
    help_apply(actor=zhou, category="deep", situation="周师傅的困难", family_size=2, income_per_capita="500")
    body = login(cast.member_a).get(reverse("me:requests")).content.decode()
    assert "周师傅" not in body and "还没有帮扶申请" in body
    assert reverse("me:requests") in login(cast.member_a).get(reverse("me:home")).content.decode()


def _pending_help(cast):
    return help_apply(actor=cast.member_a, category="deep", situation="父亲卧床", family_size=4,
                      income_per_capita="800", documents=[])


def test_a_member_withdraws_a_pending_help_request_and_may_apply_again(cast, login):
    client = login(cast.member_a)
    request = _pending_help(cast)
    assert "撤回申请" in client.get(reverse("me:requests")).content.decode()
    assert client.get(reverse("me:help-withdraw", args=[request.pk])).status_code == 405
    response = client.post(reverse("me:help-withdraw", args=[request.pk]), follow=True)
    body = response.content.decode()
    assert "帮扶申请已撤回" in body and "您已撤回这份申请" in body and "撤回申请</button>" not in body
    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert AuditEvent.objects.filter(object_type="helprequest", object_id=str(request.pk),
                                     changes__status=["pending", "withdrawn"]).exists()
    with pytest.raises(ValidationError, match="已撤回"):  # it left the queue: nobody decides it any more
        help_reject(actor=cast.officer_a1, request=request, reason="迟到")
    assert _pending_help(cast).status == "pending"  # the one pending request of a member may be sent again


def test_a_decided_or_someone_elses_request_cannot_be_withdrawn(cast, login):
    from gonghui.accounts.services import user_create
    from gonghui.conftest import PASSWORD

    request = _pending_help(cast)
    help_reject(actor=cast.officer_a1, request=request, reason="收入未低于困难标准")
    client = login(cast.member_a)
    body = client.post(reverse("me:help-withdraw", args=[request.pk]), follow=True).content.decode()
    assert "已经处理过（未批准），不能撤回" in body
    request.refresh_from_db()
    assert request.status == "rejected"
    other = _pending_help(cast)
    zhou = user_create(actor=SYSTEM, username="zhoushifu", password=PASSWORD, grants=[(cast.ua, "member")],
                       person=cast.zhou_person)
    response = login(zhou).post(reverse("me:help-withdraw", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "pending"


def test_a_member_withdraws_a_transfer_one_side_has_agreed_to(cast, login):
    from gonghui.people.transfers.services import transfer_approve, transfer_request

    membership_event_add(actor=SYSTEM, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1))
    transfer = transfer_request(actor=cast.member_a, person=cast.wang_person, to_org=cast.ub)
    transfer_approve(actor=cast.chair_a, transfer=transfer, side="from")
    client = login(cast.member_a)
    body = client.post(reverse("me:transfer-withdraw", args=[transfer.pk]), follow=True).content.decode()
    assert "转会申请已撤回" in body and "您已撤回这份申请" in body
    transfer.refresh_from_db()
    assert transfer.status == "withdrawn"
    with pytest.raises(ValidationError, match="已撤回"):
        transfer_approve(actor=cast.admin_b, transfer=transfer, side="to")
    wang = Person.objects.get(pk=cast.wang_person.pk)
    assert wang.org_id == cast.ua_g1.pk  # nothing moved
