"""The 入会 pages: the public join page (apply, duplicate, status), the QR poster, the officers' queue."""

import datetime as dt

from django.urls import reverse

from gonghui.conftest import make_id
from gonghui.people.joining import services
from gonghui.people.joining.notice import NOTICE_VERSION
from gonghui.people.models import JoinApplication

NEW_ID = make_id("19950615", 222)
FORM = {"action": "apply", "name": "刘晓红", "gender": "F", "id_number": NEW_ID, "mobile": "13912345678",
        "ethnicity": "01", "education": "20", "political_status": "13", "workplace": "办公室",
        "employment_type": "dispatched", "is_migrant_worker": "1", "consent": "on", "notice_version": NOTICE_VERSION}


def test_it_shows_the_join_page_without_login_with_the_notice(cast, client):
    body = client.get(reverse("web:join", args=["UA-B1"])).content.decode()
    assert "申请加入机关分会" in body and "个人信息告知书" in body and NOTICE_VERSION in body
    assert "保存多久" in body and "谁能看到" in body
    assert client.get(reverse("web:join", args=["UA-B1-G1"])).status_code == 404


def test_it_takes_an_application_and_says_when_it_will_be_reviewed(cast, client):
    body = client.post(reverse("web:join", args=["UA"]), FORM).content.decode()
    assert "申请已提交" in body and "3个工作日内" in body
    assert JoinApplication.objects.get().org == cast.ua


def test_it_shows_what_to_fix_and_needs_consent(cast, client):
    body = client.post(reverse("web:join", args=["UA"]), {**FORM, "consent": "", "mobile": "139"}).content.decode()
    assert "勾选" in body and "手机号" in body and "申请已提交" not in body
    assert not JoinApplication.objects.exists()


def test_it_refuses_a_second_pending_application_and_points_to_the_status(cast, client):
    client.post(reverse("web:join", args=["UA"]), FORM)
    body = client.post(reverse("web:join", args=["UA"]), FORM).content.decode()
    assert "正在审核" in body and "查询审核进度" in body
    assert JoinApplication.objects.count() == 1


def test_it_shows_the_status_and_the_reason_of_a_rejection(cast, client):
    app = services.join_apply(org=cast.ua, data={k: v for k, v in FORM.items() if k not in (
        "action", "consent", "notice_version")}, consent=True, notice_version=NOTICE_VERSION)
    services.join_reject(actor=cast.chair_a, application=app, reason="请先提供劳动合同。")
    url = reverse("web:join", args=["UA"])
    body = client.post(url, {"action": "status", "id_number": NEW_ID, "mobile": "13912345678"}).content.decode()
    assert "未批准" in body and "请先提供劳动合同。" in body
    body = client.post(url, {"action": "status", "id_number": NEW_ID, "mobile": "13900000000"}).content.decode()
    assert "没有查到" in body and "请先提供" not in body


def test_it_draws_the_poster_with_a_server_made_svg_qr(cast, client):
    body = client.get(reverse("web:join-poster", args=["UA"])).content.decode()
    assert "码上入会" in body and reverse("web:join-qr", args=["UA"]) in body
    assert "http://testserver/join/UA/" in body
    svg = client.get(reverse("web:join-qr", args=["UA"]))
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")


def test_it_lists_the_queue_with_overdue_in_red_and_approves(cast, login, client):
    app = services.join_apply(org=cast.ua_b1, data={k: v for k, v in FORM.items() if k not in (
        "action", "consent", "notice_version")}, consent=True, notice_version=NOTICE_VERSION)
    JoinApplication.objects.filter(pk=app.pk).update(due_on=dt.date(2020, 1, 1))
    officer = login(cast.officer_a1)
    body = officer.get(reverse("web:join-queue")).content.decode()
    assert "刘晓红" in body and "已超期" in body and NEW_ID in body
    response = officer.post(reverse("web:join-approve", args=[app.pk]), {"org": cast.ua_g1.pk})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "approved" and app.person.org == cast.ua_g1


def test_it_masks_the_queue_for_readers_who_only_read(cast, login):
    services.join_apply(org=cast.ua_b1, data={k: v for k, v in FORM.items() if k not in (
        "action", "consent", "notice_version")}, consent=True, notice_version=NOTICE_VERSION)
    body = login(cast.viewer_fed).get(reverse("web:join-queue")).content.decode()
    assert "刘晓红" in body and NEW_ID not in body and "139****5678" in body


def test_it_needs_a_reason_to_reject(cast, login):
    app = services.join_apply(org=cast.ua, data={k: v for k, v in FORM.items() if k not in (
        "action", "consent", "notice_version")}, consent=True, notice_version=NOTICE_VERSION)
    body = login(cast.chair_a).post(reverse("web:join-reject", args=[app.pk]), {"reason": ""}).content.decode()
    assert services.REASON_MISSING in body
    app.refresh_from_db()
    assert app.status == "pending"


def test_it_lists_the_queue_in_the_same_queries_for_more_rows(cast, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = login(cast.chair_a)
    data = {k: v for k, v in FORM.items() if k not in ("action", "consent", "notice_version")}
    services.join_apply(org=cast.ua, data=data, consent=True, notice_version=NOTICE_VERSION)
    with CaptureQueriesContext(connection) as one:
        officer.get(reverse("web:join-queue"))
    for n, birth in enumerate(("19800101", "19810202", "19820303")):
        services.join_apply(org=cast.ua_b1, data={**data, "id_number": make_id(birth, 222 + 2 * n), "mobile":
                                                  f"1391234567{n}"}, consent=True, notice_version=NOTICE_VERSION)
    with django_assert_max_num_queries(len(one)):
        assert officer.get(reverse("web:join-queue")).content.decode().count("刘晓红") == 4
