"""问卷 pages: drafting with questions, publishing, the member answering once on /me/, results with counts,
shares and a chart, the .xlsx export opened and read, the 满意度 line on the org's 职工之家 rating."""

import datetime as dt
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.people.services import membership_event_add
from gonghui.surveys import services
from gonghui.surveys.models import Survey
from gonghui.surveys.tests.data import satisfaction


def _draft(cast, client):
    today = timezone.localdate()
    response = client.post(reverse("web:survey-create"), {
        "org": cast.ua_b1.pk, "kind": "vote", "title": "春游去哪里", "anonymous": "on",
        "opens_on": today.isoformat(), "closes_on": (today + dt.timedelta(days=3)).isoformat()})
    survey = Survey.objects.filter(title="春游去哪里")
    from gonghui.core.scope_guard import unscoped

    with unscoped("test"):
        survey = survey.get()
    assert response["Location"] == reverse("web:survey-detail", args=[survey.pk])
    return survey


def test_an_officer_drafts_publishes_and_reads_the_results(cast, login):
    membership_event_add(actor=SYSTEM, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1))
    client = login(cast.officer_a1)
    survey = _draft(cast, client)
    add = reverse("web:survey-question-add", args=[survey.pk])
    client.post(add, {"text": "地点", "kind": "single", "options": "植物园\n湿地公园\n", "required": "on"})
    client.post(add, {"text": "想带<家属>吗", "kind": "multi", "options": "配偶\n孩子\n父母", "min_picks": "0",
                      "max_picks": "2"})
    response = client.post(add, {"text": "坏题", "kind": "single", "options": "只有一个"})
    assert "选择题至少要有两个选项，每行写一个。" in response.content.decode()
    client.post(reverse("web:survey-publish", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == "published" and survey.audience_size == 1

    member = login(cast.member_a)
    home = member.get(reverse("me:home")).content.decode()
    assert "春游去哪里" in home and "去填写" in home
    page = member.get(reverse("me:survey-answer", args=[survey.pk])).content.decode()
    assert "想带&lt;家属&gt;吗" in page
    first, second = list(survey.questions.all())
    bad = member.post(reverse("me:survey-answer", args=[survey.pk]), {f"q{second.pk}": [
        str(o.pk) for o in second.options.all()]})
    assert bad.status_code == 422 and "第1题“地点”：请选择一项。" in bad.content.decode()
    ok = member.post(reverse("me:survey-answer", args=[survey.pk]), {
        f"q{first.pk}": str(first.options.get(text="湿地公园").pk), f"q{second.pk}": [
            str(second.options.get(text="孩子").pk)]})
    assert ok.status_code == 302
    again = member.get(reverse("me:survey-answer", args=[survey.pk])).content.decode()
    assert "您已提交过这份问卷" in again

    client = login(cast.officer_a1)
    body = client.get(reverse("web:survey-detail", args=[survey.pk])).content.decode()
    assert "<b>1</b> 份" in body and "参与率 <b>100.00%</b>" in body
    assert "<td>湿地公园</td><td class=\"num\">1</td><td class=\"num\">100.0%</td>" in body
    chart = client.get(reverse("web:survey-chart", args=[survey.pk, 2]))
    svg = chart.content.decode()
    assert chart["Content-Type"].startswith("image/svg+xml") and "想带&lt;家属&gt;吗" in svg and "1人（100.0%）" in svg

    export = client.get(reverse("web:survey-export", args=[survey.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    rows = [[c.value for c in row] for row in book["统计"].iter_rows()]
    assert rows[0][0] == "春游去哪里" and rows[1][:4] == ["答卷数", 1, "应参与人数", 1]
    assert ["题号", "题目", "选项", "人数", "占答卷比例（%）"] in rows
    assert [1, "地点", "湿地公园", 1, 100] in rows and [2, "想带<家属>吗", "配偶", 0, 0] in rows


def test_the_satisfaction_template_shows_its_score_and_feeds_the_rating_line(cast, login):
    survey = satisfaction(cast.ua, [["不满意"], [], []])  # 29 of 30 -> 96.67
    other = satisfaction(cast.ua_b1, [["不满意"] * 10], ends=dt.date(2025, 12, 1), seq=530)  # 2025: 0 of 10
    client = login(cast.chair_a)
    body = client.get(reverse("web:survey-detail", args=[survey.pk])).content.decode()
    assert "<b>96.67%</b>（满意+基本满意 29 ÷ 测评维度答案 30）" in body and "达到职工之家评定要求的90%" in body
    org = client.get(reverse("web:org-detail", args=[cast.ua.pk])).content.decode()
    year = timezone.localdate().year
    assert f"{year}年：满意率 <b>96.67%</b>" in org and "未达到评定要求的90%" in org  # 2025's line
    assert "参与率 100.00%（答卷 3 ÷ 应参与 3），达到60%" in org
    export = client.get(reverse("web:survey-export", args=[survey.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))["统计"]
    assert [c.value for c in sheet[3]] == ["满意率（%）", 96.67, "满意+基本满意", 29, 30]
    assert other.closes_on.year == 2025 and "2025年：满意率 <b>0.00%</b>" in org


def test_a_member_outside_the_audience_gets_404(cast, login):
    survey = services.survey_create(actor=SYSTEM, org=cast.ub, kind="survey", title="B厂调查",
                                    opens_on=timezone.localdate(), closes_on=timezone.localdate())
    services.question_add(actor=SYSTEM, survey=survey, text="建议", kind="text")
    services.survey_publish(actor=SYSTEM, survey=survey)
    member = login(cast.member_a)
    assert member.get(reverse("me:survey-answer", args=[survey.pk])).status_code == 404
    assert "B厂调查" not in member.get(reverse("me:home")).content.decode()
