"""工作台账 Excel downloads on the pages: the template of a kind, the export of one kind from its list page (the
list's org and period) and of every kind from the index; scoped (404 outside), and the buttons on the pages."""

from __future__ import annotations

import datetime as dt
import io
import urllib.parse

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.models import AuditEvent
from gonghui.ledgers.excel.spec import layout_of
from gonghui.ledgers.kinds import KINDS, get_kind
from gonghui.ledgers.services import entry_save

D = dt.date


def book_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def filename(response) -> str:
    return urllib.parse.unquote(response["Content-Disposition"].split("filename*=utf-8''")[-1])


def rows(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


@pytest.fixture
def entries(cast):
    meeting, study = get_kind("meeting"), get_kind("study")
    entry_save(actor=SYSTEM, kind=meeting, org=cast.ua_g1, participants=[cast.wang_person],
               values={"date": D(2026, 3, 5), "meeting_type": "group", "title": "三月小组会"})
    entry_save(actor=SYSTEM, kind=meeting, org=cast.ua, participants=[],
               values={"date": D(2026, 6, 30), "meeting_type": "committee", "title": "六月委员会"})
    entry_save(actor=SYSTEM, kind=meeting, org=cast.ua, participants=[],
               values={"date": D(2026, 7, 1), "meeting_type": "committee", "title": "七月委员会"})
    entry_save(actor=SYSTEM, kind=study, org=cast.ua_g2, participants=[],
               values={"date": D(2026, 4, 2), "study_type": "law", "topic": "学习《工会法》"})
    return cast


@pytest.mark.parametrize("code", ["meeting", "study", "aid", "hardship"])
def test_the_template_opens_with_the_headers_of_the_kind(cast, login, code):
    response = login(cast.finance_a).get(reverse("web:ledger-template", args=[code]))
    book = book_of(response)
    kind = KINDS[code]
    assert book.sheetnames == [kind.label, "可选值"]
    assert rows(book[kind.label])[1] == layout_of(code).template_header
    assert filename(response) == f"{kind.label}台账模板.xlsx"


def test_the_list_export_has_the_entries_of_ua_in_2026h1(entries, login):
    client = login(entries.chair_a)
    response = client.get(reverse("web:ledger-export", args=["meeting"]) + "?org=UA&period=2026H1")
    book = book_of(response)
    assert book.sheetnames == ["会议"]
    sheet = rows(book["会议"])
    assert sheet[0][0] == "文化局工会会议台账（2026年上半年）"
    titles = [row[4] for row in sheet[2:]]
    assert titles == ["三月小组会", "六月委员会"]  # in the subtree (第一小组 too), not July
    assert filename(response) == "文化局工会会议台账（2026年上半年）.xlsx"
    assert AuditEvent.objects.filter(object_type="ledger_export", actor=entries.chair_a).exists()

    # A branch: only its subtree.
    branch = book_of(client.get(reverse("web:ledger-export", args=["meeting"]) + "?org=UA-B1&period=2026H1"))
    assert [row[4] for row in rows(branch["会议"])[2:]] == ["三月小组会"]
    # Dates instead of a period code, as the list's filter sends them.
    dates = book_of(client.get(reverse("web:ledger-export", args=["meeting"])
                               + "?org=UA&start=2026-06-01&end=2026-07-31&page=2"))
    assert [row[4] for row in rows(dates["会议"])[2:]] == ["六月委员会", "七月委员会"]


def test_the_index_exports_every_kind_in_one_workbook(entries, login):
    response = login(entries.chair_a).get(reverse("web:ledger-export-all") + "?period=2026H1")
    book = book_of(response)  # no org: the chair's own union
    assert book.sheetnames == [k.label for k in KINDS.values()]
    assert [row[4] for row in rows(book["会议"])[2:]] == ["三月小组会", "六月委员会"]
    assert rows(book["学习培训"])[2][4] == "学习《工会法》"
    assert filename(response) == "文化局工会工作台账（2026年上半年）.xlsx"


@pytest.mark.parametrize("role,expected", [("admin_b", 404), ("finance_a", 200), ("viewer_fed", 200),
                                           ("officer_a1", 404), ("leader_g1", 404), ("chair_a", 200)])
def test_the_export_of_ua_answers_its_readers_only(entries, login, role, expected):
    client = login(getattr(entries, role))
    for url in (reverse("web:ledger-export", args=["meeting"]) + "?org=UA&period=2026H1",
                reverse("web:ledger-export-all") + "?org=UA&period=2026H1"):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 404:
            assert "页面不存在" in response.content.decode()


def test_leader_g1_exports_their_group_by_default(entries, login):
    book = book_of(login(entries.leader_g1).get(reverse("web:ledger-export", args=["meeting"]) + "?period=2026H1"))
    assert [row[4] for row in rows(book["会议"])[2:]] == ["三月小组会"]


def test_a_bad_period_or_several_top_orgs_ask_instead_of_guessing(entries, login):
    response = login(entries.chair_a).get(reverse("web:ledger-export", args=["meeting"]) + "?period=2026H3")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["period"]
    # The superuser's only top org is 某区总工会: exported without choosing ...
    assert book_of(login(entries.root).get(reverse("web:ledger-export-all") + "?period=2026H1"))
    # ... until there are two: then the page asks which.
    from gonghui.orgs.services import org_create

    org_create(actor=SYSTEM, parent=None, kind="federation", name="另一总工会", code="FED2")
    asked = login(entries.root).get(reverse("web:ledger-export-all") + "?period=2026H1")
    assert asked.status_code == 200 and asked["Content-Type"].startswith("text/html")
    assert asked.context["form"].errors["org"] == ["请选择要导出的组织。"]
    assert '<option value="FED2">' in asked.content.decode()


def test_the_list_and_index_show_the_excel_buttons_by_role(entries, login):
    client = login(entries.chair_a)
    list_url = reverse("web:ledger-list", args=["meeting"])
    html = client.get(list_url + "?org=UA-B1&period=2026H1").content.decode()
    export = reverse("web:ledger-export", args=["meeting"]) + "?org=UA-B1&amp;period=2026H1"
    assert f'href="{export}"' in html and ">导出Excel<" in html
    assert f'href="{reverse("web:ledger-import", args=["meeting"])}?org={entries.ua_b1.pk}"' in html
    assert f'href="{reverse("web:ledger-template", args=["meeting"])}"' in html
    index = client.get(reverse("web:ledger-index") + "?period=2026H1").content.decode()
    assert f'href="{reverse("web:ledger-export-all")}?period=2026H1"' in index and "导出全部台账" in index

    reader = login(entries.finance_a).get(list_url).content.decode()
    assert ">导出Excel<" in reader and ">下载模板<" in reader and "导入Excel" not in reader
