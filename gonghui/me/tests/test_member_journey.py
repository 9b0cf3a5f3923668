"""Issue #16's "Done when", walked end to end through the faces a user touches: a worker applies without a
login (API) and is approved, a second is rejected and reads the reason; the CLI gives the first an account;
they sign up for an activity on /me/, are checked in by the QR code /me/ shows them (a camera frame sent to
the officer's scan page); closing writes the ledger entry and moves the half-year numbers (API); a
满意度测评 answered on /me/ shows on the 职工之家 rating line; the member's phone shows their card,
activities, requests and notices and nothing of anyone else."""

import io
import re

import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.scoping import SYSTEM
from gonghui.accounts.services import token_create
from gonghui.activities.cards import CHECKIN, card_for, card_token
from gonghui.api.tests.conftest import ApiClient
from gonghui.cli.tests.helpers import run
from gonghui.conftest import PASSWORD, make_id
from gonghui.core.scope_guard import unscoped
from gonghui.ledgers.models import Culture
from gonghui.notices.services import notice_publish
from gonghui.people.models import Person
from gonghui.surveys import services as surveys

pytestmark = pytest.mark.django_db

LIU_ID = make_id("19950615", 222)
CHEN_ID = make_id("19900303", 331)
APPLY = {"org": "UA-B1", "name": "刘晓红", "gender": "女", "id_number": LIU_ID, "mobile": "13912345678",
         "ethnicity": "汉族", "education": "本科", "political_status": "群众", "workplace": "办公室",
         "employment_type": "劳务派遣", "is_migrant_worker": True, "consent": True}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the 签到表 attached on closing


def api(user=None) -> ApiClient:
    """A client of its own (no session shared with the pages), with the user's token or none."""
    return ApiClient(Client(), token_create(actor=SYSTEM, user=user) if user else None)


def frame(text: str) -> SimpleUploadedFile:
    """What the officer's phone camera sends: a picture of the QR code."""
    out = io.BytesIO()
    segno.make_qr(text, error="m").save(out, kind="png", scale=6, border=4)
    return SimpleUploadedFile("frame.png", out.getvalue(), content_type="image/png")


def half_year_values(officer) -> dict:
    today = timezone.localdate()
    half = f"{today.year}H{1 if today.month <= 6 else 2}"
    r = api(officer).get("/indicators", {"org": "UA-B1", "period": half})
    assert r.status_code == 200, r.content
    return r.json()["values"]


def test_a_worker_joins_takes_part_and_sees_only_their_own(cast, login):
    today = timezone.localdate()
    officer = cast.officer_a1  # 机关分会 (UA-B1) 干事

    # 1. Two workers scan the poster and apply without a login; the officer rejects the second with a reason,
    #    who then reads it, and nothing else about themself, on the status check.
    poster = Client().get(reverse("web:join-poster", args=["UA-B1"]))
    assert poster.status_code == 200 and reverse("web:join-qr", args=["UA-B1"]) in poster.content.decode()
    r = api().post("/join-applications", APPLY)
    assert r.status_code == 201 and r.json()["status"] == "pending", r.content
    liu_app = r.json()["id"]
    r = api().post("/join-applications", {**APPLY, "name": "陈大伟", "gender": "男", "id_number": CHEN_ID,
                                          "mobile": "13700001111"})
    assert r.status_code == 201, r.content
    chen_app = r.json()["id"]
    queue = api(officer).get("/join-applications", {"org": "UA-B1", "status": "pending"}).json()
    assert queue["count"] == 2 and {i["id"] for i in queue["items"]} == {liu_app, chen_app}
    assert api(officer).post(f"/join-applications/{chen_app}/reject", {"reason": ""}).status_code == 422
    r = api(officer).post(f"/join-applications/{chen_app}/reject", {"reason": "不在本单位工作"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    r = api().get("/join-applications/status", {"id_number": CHEN_ID, "mobile": "13700001111"})
    assert r.status_code == 200 and r.json() == {"status": "rejected", "reason": "不在本单位工作"}
    assert api().get("/join-applications/status", {"id_number": LIU_ID, "mobile": "13912345678"}
                     ).json() == {"status": "pending", "reason": ""}

    # 2. The officer approves the first: a person with a 入会 event dated today and a member number; the CLI
    #    gives them a member account linked to that person.
    r = api(officer).post(f"/join-applications/{liu_app}/approve", {"org": "UA-B1-G1"})
    assert r.status_code == 200 and r.json()["status"] == "approved", r.content
    with unscoped("test: the person the approval created"):
        liu = Person.objects.get(pk=r.json()["person"])
        events = list(liu.membership_events.values_list("kind", "date"))
    assert liu.id_number == LIU_ID and liu.org == cast.ua_g1 and liu.member_no
    assert events == [("join", today)]
    assert api().get("/join-applications/status", {"id_number": LIU_ID, "mobile": "13912345678"}
                     ).json()["status"] == "approved"
    out, _err = run("user", "add", "--username", "liuxiaohong", "--password", PASSWORD, "--role", "member",
                    "--org", "UA-B1-G1", "--person", LIU_ID)
    assert "已新增账号“liuxiaohong”" in out
    member = User.objects.get(username="liuxiaohong")
    assert member.person_id == liu.pk

    # 3. The officer publishes a culture activity; the member sees it on /me/ and signs up there (王会员 too,
    #    but he will not come); the officer's scan page reads a camera frame of the member's own code.
    before = half_year_values(officer)
    r = api(officer).post("/activities", {"org": "UA-B1", "kind": "culture", "title": "迎新春书法比赛",
                                          "date": today.isoformat(), "quota": 10,
                                          "signup_until": today.isoformat()})
    assert r.status_code == 201, r.content
    aid = r.json()["id"]
    phone = login(member)
    home = phone.get(reverse("me:home")).content.decode()
    assert "迎新春书法比赛" in home and reverse("me:activity-signup", args=[aid]) in home
    r = phone.post(reverse("me:activity-signup", args=[aid]))
    assert r.status_code == 302 and r["Location"] == reverse("me:home")
    assert "已报名" in phone.get(reverse("me:home")).content.decode()
    assert api(cast.member_a).post(f"/activities/{aid}/signups", {}).status_code == 201

    with unscoped("test: read the member as /me/ does"):
        liu = Person.objects.get(pk=liu.pk)
    code = card_token(card_for(liu) or card_for(liu, kind=CHECKIN))  # the QR on their /me/ page
    scanner = login(officer)
    assert "qrscan.js" in scanner.get(reverse("web:activity-scan", args=[aid])).content.decode()
    r = scanner.post(reverse("web:activity-scan-check", args=[aid]), {"frame": frame(code)})
    assert r.status_code == 200 and r.json()["ok"] is True and r.json()["name"] == "刘晓红", r.content

    # 4. Closing writes the ledger entry with exactly those checked in; the half-year numbers move by one.
    r = api(officer).post(f"/activities/{aid}/close", {})
    assert r.status_code == 200, r.content
    with unscoped("test: the entry the closing wrote"):
        entry = Culture.objects.get(pk=r.json()["entry"])
        participants = list(entry.participants.all())
    assert participants == [liu] and entry.person_times == 1 and entry.org == cast.ua_b1
    after = half_year_values(officer)
    assert after["culture_events"] - before["culture_events"] == 1
    assert after["culture_person_times"] - before["culture_person_times"] == 1

    # 5. A 满意度测评 for the branch, answered by the member on /me/, shows on the 职工之家 rating line.
    survey = surveys.survey_create(actor=officer, org=cast.ua_b1, kind="satisfaction", title="",
                                   opens_on=today, closes_on=today)
    surveys.survey_publish(actor=officer, survey=survey)
    phone = login(member)
    assert reverse("me:survey-answer", args=[survey.pk]) in phone.get(reverse("me:home")).content.decode()
    dims = list(survey.questions.filter(satisfaction=True).order_by("position"))
    picks = {f"q{q.pk}": q.options.get(text="不满意" if i == 0 else "满意").pk for i, q in enumerate(dims)}
    r = phone.post(reverse("me:survey-answer", args=[survey.pk]), picks)
    assert r.status_code == 302, r.content.decode()
    satisfied, rated = len(dims) - 1, len(dims)
    score = f"{100 * satisfied / rated:.2f}%"
    org_page = login(officer).get(reverse("web:org-detail", args=[cast.ua_b1.pk])).content.decode()
    assert f"{today.year}年：满意率 <b>{score}</b>（满意+基本满意 {satisfied} ÷ 有效答案 {rated}）" in org_page

    # 6. The member's phone: their card, the activity attended, their notices and requests; nothing of anyone
    #    else, and another org's things answer 404.
    notice_publish(actor=officer, org=cast.ua_b1, title="分会年终联欢会通知", body="全体会员参加")
    notice_publish(actor=SYSTEM, org=cast.ua_g2, title="后勤小组通知", body="别人的")
    theirs = notice_publish(actor=SYSTEM, org=cast.ub, title="B厂通知", body="别人的")
    other_survey = surveys.survey_create(actor=SYSTEM, org=cast.ub, kind="survey", title="B厂调查",
                                         opens_on=today, closes_on=today)
    surveys.question_add(actor=SYSTEM, survey=other_survey, text="建议", kind="text")
    surveys.survey_publish(actor=SYSTEM, survey=other_survey)
    other_activity = api(cast.admin_b).post("/activities", {"org": "UB", "kind": "culture", "title": "B厂球赛",
                                                            "date": today.isoformat(),
                                                            "signup_until": today.isoformat()}).json()["id"]
    phone = login(cast.member_a)
    assert phone.post(reverse("me:suggestion-new"), {"category": "golden_idea", "title": "王会员的点子",
                                                     "content": "别人的建议。"}).status_code == 302
    phone = login(member)
    assert phone.post(reverse("me:suggestion-new"), {"category": "golden_idea", "title": "书法角常设",
                                                     "content": "在活动室设书法角。"}).status_code == 302

    home = phone.get(reverse("me:home")).content.decode()
    assert "工会会员证（电子）" in home and liu.member_no in home and "刘晓红" in home
    attended = re.search(r'<li class="me-act">(?:(?!</li>).)*迎新春书法比赛(?:(?!</li>).)*</li>', home, re.DOTALL)
    assert attended and '<p class="me-state">已参加</p>' in attended.group(0)
    assert "分会年终联欢会通知" in home and reverse("me:requests") in home
    requests = phone.get(reverse("me:requests")).content.decode()
    assert "书法角常设" in requests and "王会员的点子" not in requests
    for page in (home, requests):
        for other in (cast.wang_person, cast.zhou_person, cast.wu_person):
            assert other.name not in page and other.id_number not in page
        assert LIU_ID not in page and "后勤小组通知" not in page and "B厂" not in page
    assert phone.get(reverse("me:notice-detail", args=[theirs.pk])).status_code == 404
    assert phone.get(reverse("me:survey-answer", args=[other_survey.pk])).status_code == 404
    assert phone.post(reverse("me:activity-signup", args=[other_activity])).status_code == 404
    assert phone.get(reverse("web:person-detail", args=[cast.wang_person.pk])).status_code in (403, 404)
    assert api(member).get(f"/people/{cast.wang_person.pk}").status_code in (403, 404)
