"""The summary's 经费管理 paragraph (会费收缴率, the books' income and expense) and the 帮扶与服务 paragraph telling
hardship aid from member welfare, read back from the .docx; every number a live field equal to the registry."""

from decimal import Decimal

import pytest

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.scope_guard import unscoped
from gonghui.dues import services as dues
from gonghui.dues.imports import wages_import
from gonghui.funds import voucher_services
from gonghui.funds.models import Voucher
from gonghui.funds.tests.helpers import post
from gonghui.indicators.registry import compute
from gonghui.reports.summary import summary_document, summary_sections
from gonghui.reports.tests.test_summary import H1, SIGNED, D, doc_text, ledgers, save, section_text  # noqa: F401

WAGES = "序号,姓名,身份证号码,岗位工资\n1,{w.name},{w.id_number},4368.90\n2,{z.name},{z.id_number},3000\n"


@pytest.fixture
def finance(ledgers):  # noqa: F811 (the fixture imported above)
    """ledgers (文化局工会 2026H1) plus: two welfare entries; dues of 王会员 (21.80/month, Jan–Jun) and 周师傅
    (15.00/month from his joining month, Feb–Jun) = 205.80 owed, January and February collected = 58.60; the
    two collections' vouchers posted, and 800 元 of expense (职工活动 300, 维权 500)."""
    c = ledgers
    save(c, "aid", c.ua, date=D(2026, 4, 1), aid_type="wedding", recipient=c.wang_person, person_times=1,
         amount=Decimal("500.00"))
    save(c, "aid", c.ua, date=D(2026, 4, 2), aid_type="birthday", recipient=c.zhou_person, person_times=1,
         amount=Decimal("200.00"))
    dues.policy_set(actor=SYSTEM, org=c.ua, month=D(2026, 1, 1), base_components="岗位工资", rate="0.5%")
    wages_import(actor=SYSTEM, org=c.ua, month=D(2026, 1, 1), filename="工资.csv",
                 source=WAGES.format(w=c.wang_person, z=c.zhou_person).encode("utf-8"))
    for month, day in ((D(2026, 1, 1), D(2026, 1, 25)), (D(2026, 2, 1), D(2026, 2, 25))):
        collection = dues.dues_collect(actor=SYSTEM, org=c.ua, month=month, paid_on=day)
        with unscoped("test"):
            voucher = Voucher.objects.get(source=f"dues.collection:{collection.pk}")
        voucher_services.voucher_review(actor=c.chair_a, voucher=voucher)
        voucher_services.voucher_post(actor=c.finance_a, voucher=voucher)
    post(c, "2026-03-10", "送温暖", [("50405", "500", ""), ("102", "", "500")])
    post(c, "2026-05-20", "乒乓球比赛", [("50102", "300", ""), ("101", "", "300")])
    return c


def test_the_finance_paragraph_states_the_dues_rate_and_the_books(finance):
    c = finance
    v = compute(c.ua, H1)
    assert (v["dues_due"], v["dues_paid"], v["dues_rate"]) == (Decimal("205.80"), Decimal("58.60"), Decimal("28.5"))
    assert (v["funds_income"], v["funds_expense"]) == (Decimal("58.60"), Decimal("800.00"))
    doc = summary_document(org=c.ua, period=H1, signed_on=SIGNED)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[5:8] == ["六、文体活动与宣传", "七、经费管理", "八、存在的问题"]  # no 其他工作: 会费 is written
    text = section_text(doc, "经费管理")
    assert "上半年按规定收缴会费，应缴会费205.80元，实缴会费58.60元，会费收缴率28.5%。" in text
    assert "上半年工会经费收入58.60元，经费支出800元，其中职工活动支出300元、维权支出500元。" in text
    finance_section = next(s for s in summary_sections(c.ua, H1) if s.key == "finance")
    fields = {f.code: f.value for f in finance_section.fields}
    assert fields == {code: v[code] for code in ("dues_due", "dues_paid", "dues_rate", "funds_income",
                                                 "funds_expense", "funds_expense_activities", "funds_expense_rights")}


def test_aid_names_hardship_types_only_and_welfare_has_its_own_sentence(finance):
    c = finance
    v = compute(c.ua, H1)
    aid = section_text(summary_document(org=c.ua, period=H1, signed_on=SIGNED), "帮扶")
    assert "上半年开展送温暖、走访慰问等帮扶工作，慰问帮扶职工2户、4人次，发放慰问金1.36万元" in aid
    assert "结婚" not in aid.split("\n")[0]
    assert "上半年开展结婚、生日等会员慰问2人次，发放慰问金700元。" in aid
    section = next(s for s in summary_sections(c.ua, H1) if s.key == "aid")
    welfare = {f.code: f.value for f in section.fields if f.code.startswith("welfare_")}
    assert welfare == {"welfare_person_times": v["welfare_person_times"], "welfare_amount": v["welfare_amount"]}
    assert (v["welfare_person_times"], v["welfare_amount"]) == (2, Decimal("700.00"))


def test_no_finance_paragraph_without_dues_or_books(ledgers):  # noqa: F811
    doc = summary_document(org=ledgers.ua, period=H1, signed_on=SIGNED)
    assert not [p for p in doc.paragraphs if p.style.name == "Heading 1" and "经费管理" in p.text]
    assert "会员慰问" not in "\n".join(doc_text(doc))


def test_the_evidence_workbook_and_the_trace_page_take_the_funds_figures(finance, login):
    """经费 figures are not traceable (no voucher lines in the trace): the workbook gives their values, and the
    trace page is a 404, not a 500."""
    import io

    import openpyxl
    from django.urls import reverse

    from gonghui.reports.evidence import evidence_write

    c = finance
    out = io.BytesIO()
    items = {i.indicator.code: i for i in evidence_write(org=c.ua, period=H1, target=out)}
    assert items["funds_expense"].value == Decimal("800.00") and items["funds_expense"].trace is None
    assert openpyxl.load_workbook(io.BytesIO(out.getvalue())).sheetnames
    r = login(c.chair_a).get(reverse("web:report-trace", args=["funds_income"]) + "?org=UA&period=2026H1")
    assert r.status_code == 404


def test_welfare_alone_is_not_called_a_silent_aid_section(cast):
    save(cast, "aid", cast.ua, date=D(2026, 4, 1), aid_type="wedding", recipient=cast.wang_person, person_times=1,
         amount=Decimal("500.00"))
    doc = summary_document(org=cast.ua, period=H1, signed_on=SIGNED)
    assert "上半年开展结婚等会员慰问1人次，发放慰问金500元。" in section_text(doc, "帮扶")
    assert "帮扶与服务" not in section_text(doc, "存在的问题")
