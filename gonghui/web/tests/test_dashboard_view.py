"""The 数据看板 page and its chart downloads: scoped by org_get (404 outside), the registry's numbers on the
page with their drill-down links, the charts inline and downloadable as SVG."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save
from gonghui.orgs import services as orgs
from gonghui.reports.dashboard import CHART_NAMES
from gonghui.web.views.dashboard import current_half

D = dt.date
H1 = parse_period("2026H1")


def save(cast, code, org, **values):
    return entry_save(actor=cast.root, kind=get_kind(code), org=org, values=values)


@pytest.fixture
def data(cast):
    c = cast
    c.uc = orgs.org_create(actor=SYSTEM, parent=c.fed, kind="union", name="静默厂工会", code="UC")
    for day in (D(2026, 1, 10), D(2026, 3, 5), D(2026, 5, 6)):
        save(c, "meeting", c.ua_b1, date=day, meeting_type="committee", title=f"分会会议{day}")
    save(c, "meeting", c.ua, date=D(2025, 4, 1), meeting_type="committee", title="去年会议")
    save(c, "meeting", c.ub, date=D(2026, 2, 2), meeting_type="committee", title="兄弟单位会议")
    save(c, "aid", c.ua, date=D(2026, 2, 10), aid_type="visit", recipient=c.zhou_person, person_times=1,
         amount=Decimal("12600.00"))
    return c


def page(client, query=""):
    return client.get(reverse("web:dashboard") + query)


def test_it_shows_a_union_to_its_chair_with_the_registrys_numbers(data, login):
    response = page(login(data.chair_a), "?org=UA&period=2026H1")
    assert response.status_code == 200
    body = response.content.decode()
    values = compute(data.ua, H1, ["meetings", "aid_amount", "branches"])
    assert values == {"meetings": 3, "aid_amount": Decimal("12600.00"), "branches": 1}
    assert "数据看板 · 文化局工会 · 2026年上半年" in body
    assert '<b class="dash-value">3次</b>' in body
    assert '<b class="dash-value">1.26万元</b>' in body  # money as officials write it
    assert "同比 ↑ 2次" in body  # 3 against 1 last year
    assert "/reports/trace/meetings/?org=UA&amp;period=2026H1" in body
    assert "/reports/trace/aid_amount/?org=UA&amp;period=2026H1" in body
    assert "/reports/trace/membership_rate/" not in body  # a rate has no entries of its own: no link


def test_it_links_each_number_to_a_trace_page_that_answers(data, login):
    client = login(data.chair_a)
    response = page(client, "?org=UA&period=2026H1")
    for item in response.context["cards"]:
        if item["trace"]:
            assert client.get(item["trace"]).status_code == 200, item["trace"]


def test_it_gives_404_for_a_union_outside_the_scope(data, login):
    assert page(login(data.admin_b), "?org=UA&period=2026H1").status_code == 404
    assert page(login(data.member_a), "?org=UA").status_code == 404
    assert page(login(data.admin_b), "?org=NOSUCH").status_code == 404


def test_it_sends_a_stranger_to_the_login_page(client, data):
    response = page(client, "?org=UA")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_it_starts_at_the_users_top_org_and_the_current_half_year(data, login):
    from django.utils import timezone

    response = page(login(data.chair_a))
    assert response.status_code == 200
    assert response.context["org"] == data.ua
    assert response.context["period"].code == current_half(timezone.localdate())


def test_it_shows_a_federation_its_unions_and_the_silent_ones(data, login):
    response = page(login(data.viewer_fed), "?period=2026H1")
    assert response.context["org"] == data.fed
    body = response.content.decode()
    assert "按基层工会" in body
    assert "本期未记录任何工作的基层工会（1/3）" in body
    silent = response.context["silent"]
    assert [s["org"].code for s in silent] == ["UC"]
    assert f'href="{reverse("web:dashboard")}?org=UC&amp;period=2026H1">静默厂工会</a>' in body
    table = response.context["table"]
    assert [r["label"] for r in table["rows"]] == ["文化局工会", "机械厂工会", "静默厂工会"]  # most members first
    assert table["total"][1] == "4次"


def test_it_tells_a_user_without_an_org(data, login):
    response = page(login(data.member_a))
    assert response.status_code == 200
    assert "还没有可查看的组织" in response.content.decode()


def test_it_keeps_a_bad_period_as_an_error_and_shows_the_current_half(data, login):
    response = page(login(data.chair_a), "?org=UA&period=2026H9")
    assert response.status_code == 200
    assert "无法识别" in response.content.decode()


def test_it_takes_a_period_by_dates(data, login):
    response = page(login(data.chair_a), "?org=UA&from=2026-03-01&to=2026-05-31")  # as on the report pages
    assert response.status_code == 200
    assert '<b class="dash-value">2次</b>' in response.content.decode()
    assert "/reports/trace/meetings/?org=UA&amp;from=2026-03-01&amp;to=2026-05-31" in response.content.decode()


def test_it_draws_every_chart_inline_with_a_download_link(data, login):
    body = page(login(data.chair_a), "?org=UA&period=2026H1").content.decode()
    for name in CHART_NAMES:
        assert f'data-chart="{name}"' in body, name
        assert reverse("web:dashboard-chart", args=[name]) + "?org=UA&amp;period=2026H1" in body
    assert body.count('class="small secondary dash-png" hidden') == len(CHART_NAMES)  # shown by dashboard.js
    assert "web/dashboard.js" in body and "<script src=\"http" not in body


def test_it_downloads_a_chart_as_svg(data, login):
    url = reverse("web:dashboard-chart", args=["trend-meetings"]) + "?org=UA&period=2026H1"
    response = login(data.chair_a).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Disposition"].startswith("attachment")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "会议逐月" in response.content.decode()


def test_it_refuses_a_chart_outside_the_scope_or_unknown(data, login):
    url = reverse("web:dashboard-chart", args=["trend-meetings"]) + "?org=UA&period=2026H1"
    assert login(data.admin_b).get(url).status_code == 404
    bad = reverse("web:dashboard-chart", args=["trend-workers"]) + "?org=UA&period=2026H1"
    assert login(data.chair_a).get(bad).status_code == 404


def test_it_escapes_an_org_name_in_the_page_and_its_charts(data, login):
    orgs.org_update(actor=SYSTEM, org=data.ub, name="机械<&>厂工会")
    response = page(login(data.viewer_fed), "?org=FED&period=2026H1")
    body = response.content.decode()
    assert "机械<&>厂" not in body
    assert "机械&lt;&amp;&gt;厂工会" in body
    for chart in response.context["parts"]:
        root = ET.fromstring(chart.svg)
        assert "机械<&>厂工会" in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


# The rows proposed for web/tests/test_permissions.py's MATRIX, checked here through the same roles.
ROLES = ("anonymous", "admin_b", "member_a", "finance_a", "viewer_fed", "officer_a1", "chair_a")
LOGIN = "login"
OPEN = (LOGIN, 200, 200, 200, 200, 200, 200)
ORG_READ = (LOGIN, 404, 404, 200, 200, 200, 200)
MATRIX_ROWS = {
    "web:dashboard": [(lambda c: ([], ""), OPEN), (lambda c: ([], f"?org={c.ua_b1.code}"), ORG_READ)],
    "web:dashboard-chart": [(lambda c: (["trend-meetings"], f"?org={c.ua_b1.code}"), ORG_READ)],
}


@pytest.mark.parametrize("name,row", [(n, i) for n, rows in MATRIX_ROWS.items() for i in range(len(rows))])
@pytest.mark.parametrize("i,role", list(enumerate(ROLES)))
def test_it_answers_each_role_as_the_permission_matrix_row_says(cast, client, login, name, row, i, role):
    args, expected = MATRIX_ROWS[name][row]
    if role != "anonymous":
        client = login(getattr(cast, role))
    url_args, query = args(cast)
    response = client.get(reverse(name, args=url_args) + query)
    if expected[i] == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected[i], role


def test_it_keeps_the_org_when_a_date_is_wrong(data, login):
    response = login(data.chair_a).get(reverse("web:dashboard") + "?org=UA-B1&from=2026-13-01")
    assert response.status_code == 200 and response.context["org"] == data.ua_b1
    assert "日期格式应为" in response.content.decode()


def test_the_period_is_chosen_from_the_shared_picker_not_typed(data, login):
    body = page(login(data.chair_a), "?org=UA&period=2026Q2").content.decode()
    assert '<select name="period" id="id_period" class="period-picker"' in body
    assert '<option value="2026Q2" selected>' in body and "<datalist" not in body
    assert '<option value="">按日期</option>' in body  # left on it, the from/to dates below count
    body = page(login(data.chair_a), "?org=UA&from=2026-03-01&to=2026-05-31").content.decode()
    assert '<option value="" selected>按日期</option>' in body and 'value="2026-03-01"' in body
