"""The officers' queues of members' requests: 转会 (each side decides on its own page) and 帮扶申请 (approve with
the help given, into the ledgers; refuse with a reason)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from gonghui.accounts.scoping import SYSTEM
from gonghui.ledgers.models import Aid, Hardship
from gonghui.ledgers.requests.services import help_apply
from gonghui.people.models import MembershipEvent, Person, TransferRequest
from gonghui.people.services import membership_event_add


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def active(cast):
    membership_event_add(actor=SYSTEM, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1))
    return cast.wang_person


def test_an_officer_starts_a_transfer_and_both_sides_approve_on_their_pages(cast, login, active):
    client = login(cast.officer_a1)
    assert reverse("web:transfer-start", args=[active.pk]) in client.get(
        reverse("web:person-detail", args=[active.pk])).content.decode()
    response = client.post(reverse("web:transfer-start", args=[active.pk]), {"to_org": "UB", "note": "调动"})
    transfer = TransferRequest.objects.get()
    assert response["Location"] == reverse("web:transfer-review", args=[transfer.pk])
    queue = client.get(reverse("web:transfer-queue")).content.decode()
    assert "王会员" in queue and "机械厂工会" in queue
    page = client.get(reverse("web:transfer-review", args=[transfer.pk])).content.decode()
    assert "以转出单位身份审核" in page and "以转入单位身份审核" not in page
    client.post(reverse("web:transfer-approve", args=[transfer.pk]), {"side": "from"})
    client = login(cast.admin_b)
    assert "王会员" in client.get(reverse("web:transfer-queue") + "?side=in&status=pending").content.decode()
    assert "王会员" not in client.get(reverse("web:transfer-queue")).content.decode()  # not leaving UB
    response = client.post(reverse("web:transfer-approve", args=[transfer.pk]), {"side": "to"}, follow=True)
    assert "已转入“机械厂工会”" in response.content.decode()
    assert Person.objects.get(pk=active.pk).org == cast.ub
    assert MembershipEvent.objects.filter(kind__in=["transfer_out", "transfer_in"]).count() == 2


def test_a_side_refuses_with_a_reason_or_is_told_to_give_one(cast, login, active):
    from gonghui.people.transfers.services import transfer_request

    transfer = transfer_request(actor=cast.member_a, person=active, to_org=cast.ub)
    client = login(cast.admin_b)
    response = client.post(reverse("web:transfer-reject", args=[transfer.pk]), {"side": "to", "reason": ""})
    assert response.status_code == 200 and "请写明不同意转会的理由" in response.content.decode()
    client.post(reverse("web:transfer-reject", args=[transfer.pk]), {"side": "to", "reason": "暂不接收"})
    assert TransferRequest.objects.get().status == "rejected"


def _png(name="证明.png"):
    out = io.BytesIO()
    Image.new("RGB", (12, 12)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue())


def test_an_officer_approves_help_into_the_ledgers(cast, login):
    request = help_apply(actor=cast.member_a, category="relative", situation="孩子上大学", family_size=3,
                         income_per_capita="1100", documents=[_png()])
    client = login(cast.officer_a1)
    queue = client.get(reverse("web:help-queue")).content.decode()
    assert "王会员" in queue and "相对困难" in queue
    page = client.get(reverse("web:help-review", args=[request.pk])).content.decode()
    assert "孩子上大学" in page and "证明.png" in page
    doc = request.documents.get()
    download = client.get(reverse("web:help-document", args=[doc.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    response = client.post(reverse("web:help-approve", args=[request.pk]), {
        "date": "", "file_hardship": "on", "aid_type": "schooling", "amount": "2000"})
    assert "请填写帮扶日期" in response.content.decode() and not Hardship.objects.exists()
    today = timezone.localdate().isoformat()
    response = client.post(reverse("web:help-approve", args=[request.pk]), {
        "date": today, "file_hardship": "on", "aid_type": "schooling", "amount": "2000", "fund_source": "工会经费"})
    assert response.status_code == 302
    assert Hardship.objects.count() == 1 and str(Aid.objects.get().amount) == "2000.00"
    page = client.get(reverse("web:help-review", args=[request.pk])).content.decode()
    assert "建档" in page and "金秋助学" in page and "以转出" not in page


def test_an_officer_refuses_help_with_a_reason(cast, login):
    request = help_apply(actor=cast.member_a, category="deep", situation="x", family_size=1, income_per_capita="0")
    client = login(cast.chair_a)
    response = client.post(reverse("web:help-reject", args=[request.pk]), {"reason": ""})
    assert "请写明不予批准的理由" in response.content.decode()
    response = client.post(reverse("web:help-reject", args=[request.pk]), {"reason": "请补充低保证明"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "rejected" and request.reason == "请补充低保证明"
