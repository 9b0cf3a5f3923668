"""The 福利发放 pages (检查 flags a member over the limit before saving; 签收单) and the 经审 pages (findings,
the report download)."""

import io

import docx
from django.urls import reverse

from gonghui.core.scope_guard import unscoped
from gonghui.funds.models import AuditFinding, WelfareIssue
from gonghui.funds.tests.helpers import build_year

FORM = {"date": "2026-09-20", "item": "birthday", "form": "goods", "summary": "生日蛋糕",
        "recipients": "王会员 200\n周师傅 350"}


def test_the_check_flags_the_member_over_the_limit_and_saves_nothing(cast, login):
    client = login(cast.finance_a)
    url = reverse("web:funds-welfare-create") + "?org=UA"
    page = client.post(url, {**FORM, "check": "1"}).content.decode()
    assert "周师傅：2026年“生日慰问”每人限额300.00元，本年已发0.00元，本次350.00元，合计350.00元，超出50.00元" in page
    assert "王会员：" not in page
    page = client.post(url, {**FORM, "recipients": "王会员 200\n张三 300", "check": "1"}).content.decode()
    assert "“张三”不在本会会员名册中" in page
    page = client.post(url, {**FORM, "recipients": "王会员 200\n周师傅 300", "check": "1"}).content.decode()
    assert "检查通过" in page
    with unscoped("test"):
        assert not WelfareIssue.objects.exists()


def test_a_saved_issue_prints_its_sign_sheet(cast, login):
    client = login(cast.chair_a)
    response = client.post(reverse("web:funds-welfare-create") + "?org=UA", {**FORM, "recipients": "王会员 200\n周师傅 300"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "文化局工会福利发放签收单" in page and "周师傅" in page and "500.00" in page and "签名" in page
    assert "2026-09 记-1" in page
    with unscoped("test"):
        issue = WelfareIssue.objects.get()
        assert sorted(issue.recipients.values_list("person_id", flat=True)) == sorted(
            [cast.wang_person.pk, cast.zhou_person.pk])
    page = login(cast.auditor_a).get(reverse("web:funds-voucher-detail", args=[issue.voucher_id])).content.decode()
    assert f'href="{response["Location"]}"' in page  # the voucher opens the issue it came from


def test_the_auditor_records_a_finding_and_downloads_the_report(cast, login):
    build_year(cast)
    client = login(cast.auditor_a)
    page = client.get(reverse("web:funds-audit") + "?org=UA&year=2026").content.decode()
    assert "购置打印机" in page and "6000.00" in page
    with unscoped("test"):
        from gonghui.funds.models import Voucher
        voucher = Voucher.objects.get(summary="委员会会议")
    response = client.post(reverse("web:funds-audit-finding", args=[voucher.pk]),
                           {"result": "issue", "text": "缺少会议签到表"})
    assert response.status_code == 302
    with unscoped("test"):
        assert AuditFinding.objects.get().text == "缺少会议签到表"
    response = client.get(reverse("web:funds-audit-report") + "?org=UA&year=2026")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs)
    assert "缺少会议签到表" in text


def test_finance_sets_the_budget_and_the_chair_approves_it(cast, login):
    from gonghui.funds.tests.helpers import account

    client = login(cast.finance_a)
    meeting = account(cast.ua, "50502")
    url = reverse("web:funds-budget-edit") + "?org=UA&year=2026"
    page = client.post(url, {"account-0": meeting.pk, "amount-0": "abc"}).content.decode()
    assert "第1行的预算金额“abc”不是数字" in page
    response = client.post(url, {"account-0": meeting.pk, "kind-0": "basic", "amount-0": "1000", "control-0": "block"})
    assert response.status_code == 302
    assert 'value="1000.00"' in client.get(url).content.decode()
    login(cast.chair_a).post(reverse("web:funds-budget-approve") + "?org=UA&year=2026")
    page = client.get(reverse("web:funds-budget") + "?org=UA&year=2026").content.decode()
    assert "已批准" in page and "50502 会议" in page and "禁止超支" in page


def test_finance_registers_an_asset_and_its_depreciation(cast, login):
    client = login(cast.finance_a)
    url = reverse("web:funds-assets") + "?org=UA"
    client.post(url, {"name": "打印机", "category": "office", "cost": "3000", "acquired": "2026-06-20",
                      "life_years": "6", "custodian": "张三", "place": "工会办公室"})
    page = client.post(reverse("web:funds-asset-depreciate") + "?org=UA", {"year": "2026", "month": "6"},
                       follow=True).content.decode()
    assert "已生成2026年6月折旧凭证草稿2026-06 记-2" in page  # 记-1 is the purchase
    assert "打印机" in page and "3000.00" in page and "工会办公室" in page
    page = client.post(url, {"name": "台灯", "category": "office", "cost": "200", "acquired": "2026-06-20",
                             "life_years": "6"}, follow=True).content.decode()
    assert "低于固定资产标准（1000.00元）" in page
