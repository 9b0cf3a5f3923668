"""Small things an officer notices (issue 12 §7): line breaks kept (and escaped), Chinese colons in labels,
a period picker instead of typing codes, names in the audit log, money right-aligned."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save
from gonghui.web.forms.periods import period_groups, picker_context
from gonghui.web.templatetags.gonghui_extras import num_class


def test_multi_line_text_keeps_its_line_breaks_escaped(cast, login):
    entry = entry_save(actor=cast.root, kind=get_kind("meeting"), org=cast.ua, values={
        "date": dt.date(2026, 3, 5), "meeting_type": "committee", "title": "委员会会议",
        "agenda": "一、学习《工会法》\n二、<b>审议</b>预算", "notes": "第一行\n第二行"})
    html = login(cast.chair_a).get(reverse("web:ledger-detail", args=["meeting", entry.pk])).content.decode()
    assert "一、学习《工会法》<br>二、&lt;b&gt;审议&lt;/b&gt;预算" in html
    assert "第一行<br>第二行" in html


def test_form_labels_end_in_a_chinese_colon_but_checkboxes_do_not(cast, login):
    html = login(cast.chair_a).get(reverse("web:person-create") + f"?org={cast.ua_g1.pk}").content.decode()
    assert '<label for="id_name">姓名：</label>' in html
    assert '<label for="id_is_migrant_worker">农民工</label>' in html
    form_html = login(cast.chair_a).get(reverse("web:ledger-create", args=["meeting"])).content.decode()
    assert "参加人员： " in form_html and "会议名称*：" not in form_html


def test_the_period_picker_offers_years_halves_quarters_and_months(cast, login):
    groups = period_groups(dt.date(2026, 12, 6))
    assert [label for label, _options in groups] == ["2026年", "2025年", "2024年"]
    options = dict(groups[0][1])
    assert options["2026H1"] == "2026年上半年" and options["2026Q3"] == "2026年第三季度"
    assert options["2026-05"] == "2026年5月" and len(options) == 19
    assert picker_context(name="period", value="2019H2")["extra"] == [("2019H2", "2019年下半年")]

    html = login(cast.chair_a).get(reverse("web:ledger-list", args=["meeting"]), {"period": "2026Q2"}).content.decode()
    assert '<select name="period" id="id_period" class="period-picker">' in html
    assert '<option value="2026Q2" selected>2026年第二季度</option>' in html
    assert 'placeholder="如 2026H1' not in html


def test_the_audit_log_names_people(cast, login):
    entry = entry_save(actor=cast.officer_a1, kind=get_kind("meeting"), org=cast.ua_b1, values={
        "date": dt.date(2026, 3, 5), "meeting_type": "committee", "title": "分会会议"})
    html = login(cast.chair_a).get(reverse("web:ledger-detail", args=["meeting", entry.pk])).content.decode()
    name = f"{cast.officer_a1.display_name}（{cast.officer_a1.username}）"
    assert name in html
    today = dt.date.today().isoformat()
    audit = login(cast.chair_a).get(reverse("accounts:audit-list"), {"from": "2020-01-01", "to": today})
    assert name in audit.content.decode()


def test_money_cells_are_right_aligned(cast, login):
    assert num_class("1,234.50") == "num" and num_class("12") == "num" and num_class("王会员") == ""
    entry_save(actor=cast.root, kind=get_kind("aid"), org=cast.ua, values={
        "date": dt.date(2026, 3, 5), "aid_type": "visit", "recipient": cast.wang_person, "person_times": 1,
        "amount": Decimal("500.00")})
    html = login(cast.chair_a).get(reverse("web:ledger-list", args=["aid"])).content.decode()
    assert '<td class="num">500.00</td>' in html
