"""报表 pages: the indicators equal registry.compute and link to their drill-down; the drill-down lists the
entries behind a number; the downloads hold the same numbers; the federation's files come from a job."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import all_indicators, compute
from gonghui.reports.tests.trace_data import build
from gonghui.reports.trace import trace_entries, traceable
from gonghui.web.views.reports import show_value

H1 = parse_period("2026H1")
Q = "?org=UA&period=2026H1"
INDICATORS = {i.code: i for i in all_indicators()}


@pytest.fixture
def data(cast):
    build(cast)
    for org in (cast.fed, cast.ua, cast.ub):
        org.refresh_from_db()
    return cast


def _cells(body: str) -> dict[str, tuple[str, str]]:
    """{code: (value shown, last year shown)} from the indicator table."""
    rows = re.findall(r'<tr data-code="(\w+)">.*?data-value="([^"]*)".*?data-last="([^"]*)"', body, re.DOTALL)
    return {code: (value, last) for code, value, last in rows}


def test_it_shows_every_indicator_as_compute_gives_it(data, login):
    body = login(data.chair_a).get(reverse("web:report-index") + Q).content.decode()
    cells = _cells(body)
    values = compute(data.ua, H1)
    last = compute(data.ua, H1.same_period_last_year())
    assert set(cells) == set(values)
    for code, value in values.items():
        assert cells[code] == (show_value(INDICATORS[code], value), show_value(INDICATORS[code], last[code])), code
    # Spot-check against hand counts, so show_value cannot hide a wrong number.
    assert cells["meetings"][0] == "2" and cells["competition_rewards"][0] == "13145.67"
    assert cells["members_joined"][0] == "3"


def test_each_value_links_to_its_drill_down(data, login):
    body = login(data.chair_a).get(reverse("web:report-index") + Q).content.decode()
    for code, ind in INDICATORS.items():
        if code == "membership_rate":
            assert reverse("web:report-trace", args=["members"]) + Q.replace("&", "&amp;") in body
            continue
        if not traceable(code):  # e.g. 会费: computed from the rolls, no entries to list
            assert reverse("web:report-trace", args=[code]) not in body, code
            continue
        url = reverse("web:report-trace", args=[code]) + Q
        if ind.ratio is not None or not traceable(code):
            # a rate links to its numerator and denominator; a value computed its own way (会费) or read from
            # the books (经费) has no rows to list, so no link (the trace page would be a 404)
            assert f'href="{url.replace("&", "&amp;")}"' not in body, code
            continue
        assert f'href="{url.replace("&", "&amp;")}"' in body, code


def test_the_drill_down_lists_the_entries_with_links(data, login):
    client = login(data.chair_a)
    body = client.get(reverse("web:report-trace", args=["meetings"]) + Q).content.decode()
    trace = trace_entries(viewer=data.chair_a, code="meetings", org=data.ua, period=H1)
    assert len(trace) == 2
    for entry in trace.items:
        assert reverse("web:ledger-detail", args=["meeting", entry.pk]) in body
    assert 'data-count="2"' in body and 'data-value="2"' in body
    assert "会议0" not in body and "会议3" not in body  # the days outside the period
    assert "兄弟单位会议" not in body
    # The same entries on the ledger list page, filtered the same way.
    assert reverse("web:ledger-list", args=["meeting"]) + "?org=UA&amp;period=2026H1" in body


@pytest.mark.parametrize("code", ["aid_amount", "study_person_times", "contract_workers_covered"])
def test_a_sum_drill_down_shows_the_sum_equal_to_the_value(data, login, code):
    body = login(data.chair_a).get(reverse("web:report-trace", args=[code]) + Q).content.decode()
    value = show_value(INDICATORS[code], compute(data.ua, H1, [code])[code])
    assert f'data-value="{value}"' in body and f'data-total="{value}"' in body
    assert "只有您有权查看的部分" not in body and "notice warn" not in body


@pytest.mark.parametrize("code,link", [("members", "person-detail"), ("workers", "person-detail"),
                                       ("members_joined", "person-detail"), ("group_leaders", "person-detail"),
                                       ("groups", "org-detail"), ("aid_households", "person-detail")])
def test_people_and_orgs_drill_downs_link_to_them(data, login, code, link):
    body = login(data.chair_a).get(reverse("web:report-trace", args=[code]) + Q).content.decode()
    value = compute(data.ua, H1, [code])[code]
    assert value > 0
    assert f'data-count="{value}"' in body
    assert len(re.findall(rf'href="/[^"]*{"people" if link == "person-detail" else "orgs"}/\d+/"', body)) >= value


def test_the_drill_down_never_shows_id_numbers_or_phones(data, login):
    body = login(data.finance_a).get(reverse("web:report-trace", args=["workers"]) + Q).content.decode()
    # neither whole nor masked (1101**********1234, 138****8001); a page's ids may hold the same digits
    assert not re.search(rf"{data.wang_person.id_number[:4]}[\d*]{{10}}", body)
    assert not re.search(r"(?<!\d)1[3-9]\d[\d*]{4}\d{4}(?!\d)", body)


def test_a_narrower_viewer_is_told_the_list_is_partial(data, login):
    # 李干事 reads only 机关分会: asking about 机关分会 is complete, union A is a 404 (not readable).
    client = login(data.officer_a1)
    assert client.get(reverse("web:report-trace", args=["meetings"]) + Q).status_code == 404
    body = client.get(reverse("web:report-trace", args=["meetings"]) + "?org=UA-B1&period=2026H1").content.decode()
    assert 'data-count="2"' in body and "notice warn" not in body


def test_the_drill_down_paginates(data, login):
    from gonghui.reports.tests.trace_data import save

    for i in range(55):
        save(data, "openness", data.ua, date=H1.start, matter=f"批量公开{i}")
    client = login(data.chair_a)
    url = reverse("web:report-trace", args=["openness_events"]) + Q
    first = client.get(url).content.decode()
    assert "第 1 / 2 页" in first and 'data-count="57"' in first
    second = client.get(url + "&page=2").content.decode()
    assert "第 2 / 2 页" in second


def test_unknown_indicator_and_the_rate_have_no_drill_down(data, login):
    client = login(data.chair_a)
    assert client.get(reverse("web:report-trace", args=["nothing"]) + Q).status_code == 404
    assert client.get(reverse("web:report-trace", args=["membership_rate"]) + Q).status_code == 404


def test_a_bad_period_is_explained(data, login):
    client = login(data.chair_a)
    body = client.get(reverse("web:report-index") + "?org=UA&period=2026H3").content.decode()
    assert "无法识别" in body and 'data-code="' not in body
    r = client.get(reverse("web:report-summary") + "?org=UA&period=2026H3")
    assert r.status_code == 400 and "无法识别" in r.content.decode()
    r = client.get(reverse("web:report-trace", args=["meetings"]) + "?org=UA&from=2026-07-01&to=2026-01-01")
    assert r.status_code == 400


def test_from_and_to_instead_of_a_period(data, login):
    client = login(data.chair_a)
    q = "?org=UA&from=2026-06-30&to=2026-07-01"
    cells = _cells(client.get(reverse("web:report-index") + q).content.decode())
    assert cells["meetings"][0] == "2"  # 会议2 on 6-30 and 会议3 on 7-01
    body = client.get(reverse("web:report-trace", args=["meetings"]) + q).content.decode()
    assert 'data-count="2"' in body


def test_without_an_org_it_opens_the_viewers_top_org(data, login):
    body = login(data.chair_a).get(reverse("web:report-index")).content.decode()
    assert "文化局工会" in body and 'data-code="meetings"' in body
    body = login(data.member_a).get(reverse("web:report-index")).content.decode()
    assert "您没有可查看报表的组织" in body


def test_the_nav_links_to_the_reports(data, login):
    body = login(data.chair_a).get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:report-index")}"' in body


# --- the summary in the browser and the downloads -------------------------------------------------------

def test_the_preview_highlights_every_number_and_links_it(data, login):
    from gonghui.reports.summary import summary_build

    body = login(data.chair_a).get(reverse("web:report-preview") + Q).content.decode()
    summary = summary_build(data.ua, H1, data.chair_a)
    fields = [f for s in summary.sections for f in s.fields] + summary.opening.fields
    assert fields
    for f in fields:
        assert f">{f.text}<" in body, f
    shown = re.findall(r'<a class="num[^"]*" href="([^"]+)" data-field="(\w+)"', body)
    assert shown and all(unescape(url).startswith(reverse("web:report-trace", args=[code])) for url, code in shown)
    for heading in summary.numbered_headings():
        assert heading in body


def _docx_text(content: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in doc.paragraphs)


def test_the_summary_download_holds_the_same_numbers(data, login):
    from gonghui.reports.summary import summary_build

    r = login(data.chair_a).get(reverse("web:report-summary") + Q)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in r["Content-Disposition"]
    text = _docx_text(b"".join(r.streaming_content))
    summary = summary_build(data.ua, H1, data.chair_a)
    for section in summary.sections:
        for p in section.paragraphs:
            assert p.text in text
    values = compute(data.ua, H1)
    # e.g. 召开会议2次; the money in 万元 as officials write it (13145.67元 -> 1.31万元)
    assert "1.31万元" in text and values["competition_rewards"] == Decimal("13145.67")


TABLE_CELLS = {  # sheet -> {row label: indicator code}; the 合计 column holds the whole org's value
    "基层工会基本情况统计表": {"分会（车间工会）数": "branches", "工会小组数": "groups", "职工人数": "workers",
                      "会员人数": "members", "其中：女会员": "members_female"},
    "会员发展情况表": {"本期新入会": "members_joined", "本期转入": "members_transferred_in",
                "本期退会（含除名）": "members_left", "期末会员人数": "members"},
    "活动统计季报": {"劳动竞赛奖励金额※": "competition_rewards", "征集金点子/合理化建议": "suggestions_collected",
               "其中：采纳": "suggestions_adopted"},
}


def test_the_tables_download_holds_the_same_numbers(data, login):
    import openpyxl

    r = login(data.chair_a).get(reverse("web:report-tables") + Q)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spr")
    assert "attachment" in r["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)), data_only=True)
    values = compute(data.ua, H1)
    for sheet, labels in TABLE_CELLS.items():
        ws = wb[sheet]
        header = next(row for row in ws.iter_rows(values_only=True) if row[0] == "序号")
        total_col = header.index("合计")
        by_label = {row[1]: row for row in ws.iter_rows(values_only=True) if isinstance(row[0], int)}
        for label, code in labels.items():
            cell = by_label[label][total_col]
            assert Decimal(str(cell)) == Decimal(values[code]), (sheet, label, cell, values[code])
    assert values["competition_rewards"] == Decimal("13145.67") and values["groups"] == 3


def test_a_union_downloads_directly_a_federation_through_a_job(data, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(data.root)
    union = client.get(reverse("web:report-index") + Q).content.decode()
    assert reverse("web:report-summary") in union and reverse("web:report-job-start") not in union
    fed = client.get(reverse("web:report-index") + "?org=FED&period=2026H1").content.decode()
    assert reverse("web:report-job-start") in fed and f'href="{reverse("web:report-summary")}' not in fed


def test_the_job_page_shows_progress_then_the_file(data, login, settings, tmp_path):
    from gonghui.core.models import Job
    from gonghui.reports.jobs import run_report_job

    settings.MEDIA_ROOT = tmp_path
    client = login(data.viewer_fed)
    r = client.post(reverse("web:report-job-start"), {"kind": "summary", "org": "FED", "period": "2026H1"})
    assert r.status_code == 302
    job = Job.objects.get(kind="report_summary")
    assert r["Location"] == reverse("web:report-job", args=[job.pk])
    page = client.get(r["Location"]).content.decode()
    assert "data-job-progress" in page and "reports.js" in page
    state = client.get(reverse("web:report-job-progress", args=[job.pk])).json()
    assert state["finished"] is False and state["status"] == "queued"
    assert client.get(reverse("web:report-job-file", args=[job.pk])).status_code == 404

    run_report_job(job)  # what the worker does
    state = client.get(reverse("web:report-job-progress", args=[job.pk])).json()
    assert state["finished"] is True and state["percent"] == 100
    page = client.get(reverse("web:report-job", args=[job.pk])).content.decode()
    assert reverse("web:report-job-file", args=[job.pk]) in page
    f = client.get(reverse("web:report-job-file", args=[job.pk]))
    assert f.status_code == 200
    text = _docx_text(b"".join(f.streaming_content))
    assert "某区总工会" in text
    # Only the one who started it.
    assert login(data.root).get(reverse("web:report-job", args=[job.pk])).status_code == 200
    assert login(data.chair_a).get(reverse("web:report-job", args=[job.pk])).status_code == 404


def test_the_tables_job_runs_now_when_configured(data, login, settings, tmp_path):
    import openpyxl

    settings.MEDIA_ROOT = tmp_path
    settings.GONGHUI_REPORT_JOBS_RUN_NOW = True
    client = login(data.root)
    r = client.post(reverse("web:report-job-start"), {"kind": "tables", "org": "FED", "period": "2026H1"})
    page = client.get(r["Location"]).content.decode()
    assert "下载" in page and "data-job-progress" not in page
    job_pk = int(r["Location"].rstrip("/").split("/")[-1])
    f = client.get(reverse("web:report-job-file", args=[job_pk]))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(f.streaming_content)))
    assert "逻辑检查" in wb.sheetnames


def test_the_job_page_refuses_a_job_past_the_limit_and_says_when_the_file_expired(cast, login, settings, tmp_path):
    import datetime as dt

    from django.utils import timezone

    from gonghui.core.jobs import job_update
    from gonghui.core.models import Job

    settings.MEDIA_ROOT = tmp_path
    settings.GONGHUI_REPORT_JOBS_PER_USER = 1
    client = login(cast.viewer_fed)
    start = reverse("web:report-job-start")
    first = client.post(start, {"kind": "summary", "org": "FED", "period": "2026H1"})
    assert client.post(start, {"kind": "summary", "org": "FED", "period": "2026H1"})["Location"] == first["Location"]
    refused = client.post(start, {"kind": "tables", "org": "FED", "period": "2026H1"}, follow=True)
    assert "正在生成" in refused.content.decode()
    assert Job.objects.filter(created_by=cast.viewer_fed).count() == 1

    settings.GONGHUI_REPORT_JOBS_RUN_NOW = True
    settings.GONGHUI_REPORT_JOBS_PER_USER = 2
    done = client.post(start, {"kind": "tables", "org": "FED", "period": "2026H2"})
    job = Job.objects.get(kind="report_tables")
    job_update(job, finished_at=timezone.now() - dt.timedelta(days=30))
    client.post(start, {"kind": "tables", "org": "FED", "period": "2026Q1"})
    page = client.get(done["Location"]).content.decode()
    assert "文件已过期" in page and reverse("web:report-job-file", args=[job.pk]) not in page
    assert client.get(reverse("web:report-job-file", args=[job.pk])).status_code == 404
