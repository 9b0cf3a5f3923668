"""Every API operation against each role, in one table (pretix-style). A new route missing from the
table fails `test_it_covers_every_operation`; a route that forgets its scope check fails a row."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from gonghui.api.routes import api as ninja_api
from gonghui.api.tests.ledger_samples import make_entry, sample_body
from gonghui.ledgers.kinds import KINDS

pytestmark = pytest.mark.django_db

# (method, path, body) -> expected status for: anonymous, outsider (admin_b), member_a, viewer_fed, chair_a.
# Creating in an org the caller cannot even read is a 422 on `org` (same text for missing and hidden).
# {wang} is 王会员 in UA-B1-G1; {ua} is union A; {entry} is an entry of the row's ledger kind in UA.
# A body may be a function of the cast (ledger bodies name people by id).
JOIN = {"kind": "join", "date": "2020-01-01"}
READ_ALL = (401, 200, 200, 200, 200)
TABLE = [
    ("get", "/orgs", None, (401, 200, 200, 200, 200)),
    ("get", "/orgs/{ua}", None, (401, 404, 404, 200, 200)),
    ("get", "/orgs/{ua}/subtree", None, (401, 404, 404, 200, 200)),
    ("patch", "/orgs/{ua}", {"address": "新地址"}, (401, 404, 404, 403, 200)),
    ("get", "/people", None, (401, 200, 200, 200, 200)),
    ("get", "/people?org=UA", None, (401, 404, 404, 200, 200)),
    ("post", "/people", {"name": "新人", "gender": "男", "org": "UA-B1"}, (401, 422, 422, 403, 201)),
    ("get", "/people/{wang}", None, (401, 404, 200, 200, 200)),
    ("patch", "/people/{wang}", {"post": "文员"}, (401, 404, 403, 403, 200)),
    ("get", "/people/{wang}/membership-events", None, (401, 404, 200, 200, 200)),
    ("post", "/people/{wang}/membership-events", JOIN, (401, 404, 403, 403, 201)),
    ("get", "/membership-events", None, (401, 200, 200, 200, 200)),
    ("get", "/membership-events?org=UA", None, (401, 404, 404, 200, 200)),
    ("get", "/openapi.json", None, (401, 200, 200, 200, 200)),
    ("get", "/ledgers/kinds", None, READ_ALL),
    ("get", "/indicators?org=UA&period=2026H1", None, (401, 404, 404, 200, 200)),
    ("get", "/indicators/definitions", None, READ_ALL),
]


def _ledger_body(code):
    return lambda cast: sample_body(KINDS[code], cast.wang_person, org="UA", n=1)


# Every kind, every operation. A 会员 reads no ledger (an empty list, 404 for an entry); the federation
# viewer reads all and writes nothing; creating in a hidden org is a 422 on `org`, as for people.
# 16 kinds x 6 rows: each row asks the roles in turn in one test (only chair_a, last, changes anything).
LEDGER_TABLE = []
for _code in KINDS:
    LEDGER_TABLE += [
        ("get", f"/ledgers/{_code}", None, READ_ALL),
        ("get", f"/ledgers/{_code}?org=UA", None, (401, 404, 404, 200, 200)),
        ("post", f"/ledgers/{_code}", _ledger_body(_code), (401, 422, 422, 403, 201)),
        ("get", f"/ledgers/{_code}/{{entry}}", None, (401, 404, 404, 200, 200)),
        ("patch", f"/ledgers/{_code}/{{entry}}", {"notes": "补记"}, (401, 404, 404, 403, 200)),
        ("delete", f"/ledgers/{_code}/{{entry}}", None, (401, 404, 404, 403, 204)),
    ]
ROLES = ("anonymous", "admin_b", "member_a", "viewer_fed", "chair_a")

# 花名册 import jobs and export. {job} is a finished dry run of union A (with one refused row, so it has an
# errors file). A job is for the roles that may edit people in its org: read-only roles get 403, others 404.
# POST /people/import is multipart (file + org=UA); UA hidden is a 422 on `org`, as for POST /people.
ROSTER_TABLE = [
    ("post", "/people/import", "upload", (401, 422, 422, 403, 202)),
    ("get", "/jobs/{job}", None, (401, 404, 404, 403, 200)),
    ("get", "/jobs/{job}/errors", None, (401, 404, 404, 403, 200)),
    ("post", "/jobs/{job}/confirm", {}, (401, 404, 404, 403, 202)),
    ("get", "/people/export?org=UA", None, (401, 404, 404, 200, 200)),
    ("get", "/people/export?org=UA&unmasked=true", None, (401, 404, 404, 403, 200)),
]


# 报表: union A's reports and the drill-down behind each number ({indicator} is an indicator code). Readers of
# UA get them; union B's admin and the member (no read scope on UA) get the 404 of an unknown org.
UA_REPORT = (401, 404, 404, 200, 200)
REPORT_TABLE = [
    ("get", "/reports/summary?org=UA&period=2026H1", None, UA_REPORT),
    ("get", "/reports/summary?org=UA&period=2026H1&builtin=true", None, UA_REPORT),
    ("get", "/reports/tables?org=UA&period=2026H1", None, UA_REPORT),
    ("get", "/indicators/{indicator}/trace?org=UA&period=2026H1", "meetings", UA_REPORT),
    ("get", "/indicators/{indicator}/trace?org=UA&period=2026H1", "members", UA_REPORT),
    ("get", "/indicators/{indicator}/trace?org=UA&period=2026H1", "aid_amount", UA_REPORT),
]


# 工会经费 of union A: read by its chair and the federation viewer (and finance, 经审: web matrix); union B's
# admin and the member get the 404 of an unknown org.
FUNDS_TABLE = [
    ("get", "/funds/statements?org=UA&period=2026", None, UA_REPORT),
    ("get", "/funds/balances?org=UA&period=2026-06", None, UA_REPORT),
    ("get", "/funds/welfare?org=UA&year=2026", None, UA_REPORT),
    ("get", "/funds/welfare/{issue}", None, UA_REPORT),
    ("get", "/funds/findings?org=UA&year=2026", None, UA_REPORT),
    ("get", "/funds/assets?org=UA&on=2026-12-31", None, UA_REPORT),
]


def _call(api, cast, role, method, path, body, entry=None):
    client = api(None if role == "anonymous" else getattr(cast, role))
    url = path.format(ua=cast.ua.pk, wang=cast.wang_person.pk, entry=entry)
    url, _, query = url.partition("?")
    params = dict(p.split("=") for p in query.split("&")) if query else None
    body = body(cast) if callable(body) else body
    r = client.get(url, params) if method == "get" else getattr(client, method)(url, body)
    if r.status_code >= 400:
        assert set(r.json()) >= {"code", "message"}, r.content
    return r


@pytest.mark.parametrize(("method", "path", "body", "expected"), TABLE, ids=[f"{m} {p}" for m, p, _b, _e in TABLE])
@pytest.mark.parametrize("role", ROLES)
def test_it_answers_each_role_as_the_table_says(api, cast, method, path, body, expected, role):
    r = _call(api, cast, role, method, path, body)
    assert r.status_code == expected[ROLES.index(role)], r.content


@pytest.mark.parametrize(("method", "path", "body", "expected"), LEDGER_TABLE,
                         ids=[f"{m} {p}" for m, p, _b, _e in LEDGER_TABLE])
def test_it_answers_each_role_on_the_ledgers_as_the_table_says(api, cast, method, path, body, expected):
    entry = make_entry(cast, path.split("/")[2]).pk if "{entry}" in path else None
    got = tuple(_call(api, cast, role, method, path, body, entry).status_code for role in ROLES)
    assert got == expected, dict(zip(ROLES, got))


@pytest.mark.parametrize(("method", "path", "body", "expected"), ROSTER_TABLE,
                         ids=[f"{m} {p}" for m, p, _b, _e in ROSTER_TABLE])
def test_it_answers_each_role_on_the_roster_as_the_table_says(api, client, cast, settings, tmp_path, method, path,
                                                              body, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.people.roster.jobs import roster_import_job_start
    from gonghui.people.tests.roster_files import person_row, write_xlsx

    settings.MEDIA_ROOT = tmp_path / "media"
    roster = write_xlsx(tmp_path / "r.xlsx", [person_row(1), person_row(2, 手机号码="1380013")])
    got = []
    for role in ROLES:
        if body == "upload":
            headers = api(None if role == "anonymous" else getattr(cast, role)).headers
            data = {"file": SimpleUploadedFile("花名册.xlsx", roster.read_bytes()), "org": "UA"}
            r = client.post("/api/v1/people/import", data, headers=headers)
            if r.status_code >= 400:
                assert set(r.json()) >= {"code", "message"}, r.content
        else:
            job = roster_import_job_start(actor=cast.chair_a, org=cast.ua, file_path=str(roster), dry_run=True,
                                          run_now=True)
            r = _call(api, cast, role, method, path.replace("{job}", str(job.pk)), body)
        got.append(r.status_code)
    assert tuple(got) == expected, dict(zip(ROLES, got))


@pytest.mark.parametrize(("method", "path", "indicator", "expected"), REPORT_TABLE,
                         ids=[f"{m} {p} {i or ''}" for m, p, i, _e in REPORT_TABLE])
def test_it_answers_each_role_on_the_reports_as_the_table_says(api, cast, method, path, indicator, expected):
    url = path.replace("{indicator}", indicator or "")
    got = tuple(_call(api, cast, role, method, url, None).status_code for role in ROLES)
    assert got == expected, dict(zip(ROLES, got))


@pytest.mark.parametrize(("method", "path", "body", "expected"), FUNDS_TABLE, ids=[p for _m, p, _b, _e in FUNDS_TABLE])
def test_it_answers_each_role_on_the_funds_as_the_table_says(api, cast, method, path, body, expected):
    if "{issue}" in path:  # a 福利发放 of union A
        from gonghui.funds.welfare_services import RecipientInput, welfare_issue

        issue = welfare_issue(actor=cast.finance_a, org=cast.ua, date=dt.date(2026, 2, 1), item="festival",
                              form="goods", summary="春节慰问品", recipients=[RecipientInput("张三", Decimal(200))])
        path = path.replace("{issue}", str(issue.pk))
    got = tuple(_call(api, cast, role, method, path, body).status_code for role in ROLES)
    assert got == expected, dict(zip(ROLES, got))


def test_it_covers_every_operation():
    schema = ninja_api.get_openapi_schema()
    operations = {
        (method, re.sub(r"\{\w+\}", "{}", path.removeprefix("/api/v1")))
        for path, ops in schema["paths"].items() for method in ops
    }
    table = {(m, re.sub(r"\{\w+\}", "{}", p.partition("?")[0]))
             for m, p, _b, _e in TABLE + LEDGER_TABLE + ROSTER_TABLE + REPORT_TABLE + DUES_TABLE + FUNDS_TABLE
             + JOIN_TABLE + SUBMISSION_TABLE + ACTIVITY_TABLE + REQUEST_TABLE}
    assert operations <= table, operations - table


def test_it_keeps_queries_out_of_the_api_modules():
    # House rule: faces call selectors and services; they never build querysets themselves.
    api_dir = Path(__file__).resolve().parent.parent
    offenders = [p.name for p in api_dir.glob("*.py") if ".objects." in p.read_text()]
    assert offenders == []


# 会费: readers of UA read; 管理员 and 财务 write (the federation viewer: 403); union B's admin and the member
# cannot read UA (404). Union A has no policy here, so chair_a's collection and payments are refused (422).
UA_READ = (401, 404, 404, 200, 200)
DUES_WRITE = (401, 404, 404, 403, 422)
DUES_TABLE = [
    ("get", "/dues/policies?org=UA", None, UA_READ),
    ("post", "/dues/policies", {"org": "UA", "from": "2026-01", "base": "岗位工资,薪级工资"}, (401, 404, 404, 403, 201)),
    ("get", "/dues/roll?org=UA&month=2026-01", None, UA_READ),
    ("get", "/dues/arrears?org=UA&as_of=2026-03", None, UA_READ),
    ("post", "/dues/collections", {"org": "UA", "month": "2026-01", "date": "2026-01-25"}, DUES_WRITE),
    ("post", "/dues/payments", lambda c: {"org": "UA", "person": c.wang_person.pk, "month": "2026-01",
                                          "amount": "10.00", "paid_on": "2026-01-25"}, DUES_WRITE),
    ("post", "/dues/wages/import", "upload", (401, 404, 404, 403, 200)),
    ("post", "/dues/payments/import", "upload", DUES_WRITE),
    ("get", "/dues/people/{wang}/history", None, (401, 404, 200, 200, 200)),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), DUES_TABLE,
                         ids=[f"{m} {p}" for m, p, _b, _e in DUES_TABLE])
def test_it_answers_each_role_on_dues_as_the_table_says(api, client, cast, method, path, body, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = (f"姓名,身份证号码,岗位工资,实缴金额,缴费日期\n王会员,{cast.wang_person.id_number},3000,10.00,2026-01-25\n"
           ).encode()
    got = []
    for role in ROLES:
        if body == "upload":
            headers = api(None if role == "anonymous" else getattr(cast, role)).headers
            data = {"file": SimpleUploadedFile("会费.csv", csv), "org": "UA", "month": "2026-01"}
            r = client.post("/api/v1" + path, data, headers=headers)
            if r.status_code >= 400:
                assert set(r.json()) >= {"code", "message"}, r.content
        else:
            r = _call(api, cast, role, method, path, body)
        got.append(r.status_code)
    assert tuple(got) == expected, dict(zip(ROLES, got))


# 入会: applying and checking the status need no login (anyone: 201 / 404 with nothing to find); the queue is
# read through the scope; approving and rejecting {app} (an application to 机关分会 UA-B1) need write on it.
JOIN_BODY = {"org": "UA-B1", "name": "刘晓红", "gender": "女", "id_number": "11010119950615222X",
             "mobile": "13912345678", "ethnicity": "汉族", "education": "本科", "political_status": "群众",
             "workplace": "办公室", "employment_type": "正式", "consent": True}
JOIN_TABLE = [
    ("post", "/join-applications", JOIN_BODY, (201, 201, 201, 201, 201)),
    ("get", "/join-applications/status?id_number=11010119950615222X&mobile=13912345678", None,
     (404, 404, 404, 404, 404)),
    ("get", "/join-applications", None, (401, 200, 200, 200, 200)),
    ("get", "/join-applications?org=UA-B1", None, (401, 404, 404, 200, 200)),
    ("post", "/join-applications/{app}/approve", {}, (401, 404, 404, 403, 200)),
    ("post", "/join-applications/{app}/reject", {"reason": "材料不全"}, (401, 404, 404, 403, 200)),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), JOIN_TABLE,
                         ids=[f"{m} {p}" for m, p, _b, _e in JOIN_TABLE])
def test_it_answers_each_role_on_join_applications_as_the_table_says(api, cast, method, path, body, expected):
    from gonghui.conftest import make_id
    from gonghui.people.joining.notice import NOTICE_VERSION
    from gonghui.people.joining.services import join_apply
    from gonghui.people.models import JoinApplication

    assert make_id("19950615", 222) == JOIN_BODY["id_number"]
    got = []
    for role in ROLES:
        JoinApplication.objects.all().delete()
        url = path
        if "{app}" in path:
            data = {k: v for k, v in JOIN_BODY.items() if k not in ("org", "consent")}
            app = join_apply(org=cast.ua_b1, data=data, consent=True, notice_version=NOTICE_VERSION)
            url = path.replace("{app}", str(app.pk))
        got.append(_call(api, cast, role, method, url, body).status_code)
    assert tuple(got) == expected, dict(zip(ROLES, got))


# 上报任务: a task of 某区总工会 to UA and UB. The board is the federation's (its viewer reads it; UA's chair reads
# only UA's place in it); UA's chair submits; deciding needs write scope on the federation (nobody here).
SUBMISSION_TABLE = [
    ("get", "/report-tasks", None, (401, 200, 200, 200, 200)),
    ("get", "/report-tasks/{task}", None, (401, 404, 404, 200, 404)),
    ("post", "/report-targets/{target}/submit", {}, (401, 404, 404, 403, 201)),
    ("post", "/report-targets/{target}/return", {"reason": "重报"}, (401, 404, 404, 403, 403)),
    ("post", "/report-targets/{target}/accept", {}, (401, 404, 404, 403, 403)),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), SUBMISSION_TABLE,
                         ids=[f"{m} {p}" for m, p, _b, _e in SUBMISSION_TABLE])
def test_it_answers_each_role_on_submissions_as_the_table_says(api, cast, method, path, body, expected):
    import datetime as dt

    from gonghui.accounts.scoping import SYSTEM
    from gonghui.core.periods import parse_period
    from gonghui.reports.submissions.services import report_task_create

    task = report_task_create(actor=SYSTEM, org=cast.fed, contents="tables", period=parse_period("2026H1"),
                              deadline=dt.date.today() + dt.timedelta(days=30))
    url = path.replace("{task}", str(task.pk)).replace("{target}", str(task.targets.get(org=cast.ua).pk))
    got = tuple(_call(api, cast, role, method, url, body).status_code for role in ROLES)
    assert got == expected, dict(zip(ROLES, got))


# 活动: {act} is an activity of union A open today. Publishing needs ledger write on UA (outsider and member:
# 422 on `org`); signing up is for a member of UA (the others have no person of their own: 422; union B's
# admin does not see it: 404); checking in and closing need ledger write on it.
ACT_BODY = {"org": "UA", "kind": "culture", "title": "读书会", "date": "2026-01-01", "signup_until": "2026-01-01"}
ACTIVITY_TABLE = [
    ("post", "/activities", ACT_BODY, (401, 422, 422, 403, 201)),
    ("post", "/activities/{act}/signups", {}, (401, 404, 201, 422, 422)),
    ("post", "/activities/{act}/signups?waitlist=true", {}, (401, 404, 201, 422, 422)),
    ("delete", "/activities/{act}/signups", None, (401, 404, 409, 422, 422)),
    ("post", "/activities/{act}/checkins", {"person": "{wang}"}, (401, 404, 404, 403, 201)),
    ("post", "/activities/{act}/close", {}, (401, 404, 404, 403, 200)),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), ACTIVITY_TABLE,
                         ids=[f"{m} {p}" for m, p, _b, _e in ACTIVITY_TABLE])
def test_it_answers_each_role_on_activities_as_the_table_says(api, cast, method, path, body, expected):
    from django.utils import timezone

    from gonghui.accounts.scoping import SYSTEM
    from gonghui.activities.services import activity_publish

    today = timezone.localdate()
    act = activity_publish(actor=SYSTEM, org=cast.ua, kind="culture", title="读书会", date=today, signup_until=today)
    url = path.replace("{act}", str(act.pk))
    if body and body.get("person") == "{wang}":
        body = {"person": cast.wang_person.pk}
    got = tuple(_call(api, cast, role, method, url, body).status_code for role in ROLES)
    assert got == expected, dict(zip(ROLES, got))


# 转会 and 帮扶申请 (issue 16): {transfer} is wang's (UA-B1-G1) request to go to UB: UA's chair decides the side
# left, UB's admin the side joined, and each reads it; {help} is wang's help request, decided in UA.
REQUEST_TABLE = [
    ("get", "/transfer-requests", None, READ_ALL),
    ("get", "/transfer-requests?side=in&status=pending", None, READ_ALL),
    ("post", "/transfer-requests/{transfer}/approve", {"side": "from"}, (401, 403, 403, 403, 200)),
    ("post", "/transfer-requests/{transfer}/reject", {"side": "to", "reason": "暂不接收"}, (401, 200, 403, 403, 403)),
    ("get", "/help-requests", None, READ_ALL),
    ("get", "/help-requests?org=UA&status=pending", None, (401, 404, 404, 200, 200)),
    ("post", "/help-requests/{help}/approve", "approve", (401, 404, 403, 403, 200)),
    ("post", "/help-requests/{help}/reject", {"reason": "收入高于标准"}, (401, 404, 403, 403, 200)),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), REQUEST_TABLE,
                         ids=[f"{m} {p}" for m, p, _b, _e in REQUEST_TABLE])
def test_it_answers_each_role_on_members_requests_as_the_table_says(api, cast, method, path, body, expected):
    import datetime as dt

    from django.utils import timezone

    from gonghui.accounts.scoping import SYSTEM
    from gonghui.ledgers.requests.models import HelpRequest
    from gonghui.ledgers.requests.services import help_apply
    from gonghui.people.models import TransferRequest
    from gonghui.people.services import membership_event_add
    from gonghui.people.transfers.services import transfer_request

    membership_event_add(actor=SYSTEM, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1))
    if body == "approve":
        body = {"date": timezone.localdate().isoformat(), "aid_type": "visit", "amount": "300.00"}
    got = []
    for role in ROLES:
        TransferRequest.objects.all().delete()
        HelpRequest.objects.filter(status="pending").delete()
        transfer = transfer_request(actor=SYSTEM, person=cast.wang_person, to_org=cast.ub)
        help_request = help_apply(actor=cast.member_a, category="deep", situation="家人生病", family_size=2,
                                  income_per_capita="600")
        url = path.replace("{transfer}", str(transfer.pk)).replace("{help}", str(help_request.pk))
        got.append(_call(api, cast, role, method, url, body).status_code)
    assert tuple(got) == expected, dict(zip(ROLES, got))
