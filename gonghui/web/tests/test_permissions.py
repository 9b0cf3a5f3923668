"""The permission matrix (STYLE.md rule 5): every URL of `web:` and `accounts:` against every role.

Sample objects sit in 机关分会 UA-B1 (wang_person lives in its group), so the branch officer may write
them, union A's chair may write them, read-only roles of A (finance, the federation viewer) may only read,
the member sees only their own record, and union B's admin gets 404 for all of it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse

from gonghui.accounts.scoping import SYSTEM

ROLES = ("anonymous", "admin_b", "member_a", "finance_a", "viewer_fed", "officer_a1", "chair_a")

LOGIN = "login"  # anonymous: redirected to the login page

#            anonymous admin_b member_a finance_a viewer_fed officer_a1 chair_a
OPEN = (LOGIN, 200, 200, 200, 200, 200, 200)
ORG_READ = (LOGIN, 404, 404, 200, 200, 200, 200)
ORG_WRITE = (LOGIN, 404, 404, 403, 403, 200, 200)
OWN_READ = (LOGIN, 404, 200, 200, 200, 200, 200)  # wang_person: member_a is wang
OWN_WRITE = (LOGIN, 404, 403, 403, 403, 200, 200)
ACCOUNTS = (LOGIN, 200, 403, 403, 403, 403, 200)
ACCOUNT_OF_A = (LOGIN, 404, 403, 403, 403, 403, 200)


def _event(c):
    from gonghui.people.services import membership_event_add

    return membership_event_add(actor=c.root, person=c.wang_person, kind="join", date=dt.date(2020, 1, 1))


def _position(c):
    from gonghui.people.services import position_add

    return position_add(actor=c.root, person=c.wang_person, org=c.ua_b1, title="committee",
                        start_on=dt.date(2021, 1, 1))


def _officer_token(c):
    from gonghui.accounts.models import ApiToken
    from gonghui.accounts.services import token_create

    secret = token_create(actor=SYSTEM, user=c.officer_a1, name="脚本")
    return ApiToken.objects.get(prefix=secret[:10])


def _officer_grant(c):
    return c.officer_a1.grants.get()


def _join_application(c):
    from gonghui.conftest import make_id
    from gonghui.people.joining.notice import NOTICE_VERSION
    from gonghui.people.joining.services import join_apply

    data = {"name": "刘晓红", "gender": "F", "id_number": make_id("19950615", 222), "mobile": "13912345678",
            "ethnicity": "01", "education": "20", "political_status": "13", "workplace": "办公室",
            "employment_type": "regular"}
    return join_apply(org=c.ua_b1, data=data, consent=True, notice_version=NOTICE_VERSION)


PUBLIC = (200, 200, 200, 200, 200, 200, 200)
JOIN_APP = lambda c: ([_join_application(c).pk], "")  # noqa: E731

def _activity(c):
    from django.utils import timezone

    from gonghui.activities.services import activity_publish

    today = timezone.localdate()
    return activity_publish(actor=SYSTEM, org=c.ua_b1, kind="meeting", title="小组会", date=today, signup_until=today)


ACT = lambda c: ([_activity(c).pk], "")  # noqa: E731
ME_ONLY = (LOGIN, 302, 302, 302, 302, 302, 302)  # everybody back to a home page; only member_a's signup counts


def _transfer(c):
    from gonghui.people.services import membership_event_add
    from gonghui.people.transfers.services import transfer_request

    membership_event_add(actor=SYSTEM, person=c.wang_person, kind="join", date=dt.date(2020, 1, 1))
    return transfer_request(actor=c.member_a, person=c.wang_person, to_org=c.ub)


def _help_request(c):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from gonghui.ledgers.requests.services import help_apply

    png = io.BytesIO()
    Image.new("RGB", (10, 10)).save(png, format="PNG")
    return help_apply(actor=c.member_a, category="relative", situation="家人生病", family_size=3,
                      income_per_capita="900", documents=[SimpleUploadedFile("证明.png", png.getvalue())])


TRANSFER = lambda c: ([_transfer(c).pk], "")  # wang (第一小组 of UA) asks to go to UB
HELP = lambda c: ([_help_request(c).pk], "")  # wang's own, in 第一小组
HELP_DOC = lambda c: ([_help_request(c).documents.get().pk], "")
ME_PAGE = (LOGIN, 302, 200, 302, 302, 302, 302)  # a member's own page; accounts without a person go home

# name -> list of (method, args(cast) -> (args, query), post data, expected per role)
ORG = lambda c: ([c.ua_b1.pk], "")
WANG = lambda c: ([c.wang_person.pk], "")
NONE = lambda c: ([], "")
OFFICER = lambda c: ([c.officer_a1.pk], "")

MATRIX = {
    "web:dashboard": [("get", NONE, None, OPEN),
                      ("get", lambda c: ([], f"?org={c.ua_b1.code}"), None, ORG_READ)],
    "web:dashboard-chart": [("get", lambda c: (["trend-meetings"], f"?org={c.ua_b1.code}"), None, ORG_READ)],
    "web:home": [("get", NONE, None, (LOGIN, 200, 302, 200, 200, 200, 200))],  # the member goes to me:home
    "me:home": [("get", NONE, None, (LOGIN, 302, 200, 302, 302, 302, 302))],  # only a user linked to a person
    "web:org-tree": [("get", NONE, None, OPEN)],
    "web:org-detail": [("get", ORG, None, ORG_READ)],
    "web:org-children": [("get", ORG, None, ORG_READ)],
    "web:org-create": [("get", ORG, None, ORG_WRITE), ("post", ORG, {}, ORG_WRITE)],
    "web:org-edit": [("get", ORG, None, ORG_WRITE), ("post", ORG, {}, ORG_WRITE)],
    "web:org-move": [("get", ORG, None, ORG_WRITE), ("post", ORG, {}, ORG_WRITE)],
    "web:org-dissolve": [("get", ORG, None, ORG_WRITE), ("post", ORG, {}, ORG_WRITE)],
    "web:org-rating-add": [("post", ORG, {}, ORG_WRITE)],
    "web:person-list": [("get", NONE, None, OPEN)],
    "web:person-create": [
        ("get", lambda c: ([], f"?org={c.ua_b1.pk}"), None, ORG_WRITE),
        ("post", lambda c: ([], f"?org={c.ua_b1.pk}"), {}, ORG_WRITE),
    ],
    "web:person-detail": [("get", WANG, None, OWN_READ)],
    "web:person-edit": [("get", WANG, None, OWN_WRITE), ("post", WANG, {}, OWN_WRITE)],
    "web:membership-add": [("post", WANG, {}, OWN_WRITE)],
    "web:membership-delete": [
        ("post", lambda c: ([c.wang_person.pk, _event(c).pk], ""), {},
         (LOGIN, 404, 403, 403, 403, 302, 302)),
    ],
    "web:position-add": [("post", WANG, {}, OWN_WRITE)],
    "web:position-end": [
        ("post", lambda c: ([c.wang_person.pk, _position(c).pk], ""), {"end_on": "2022-01-01"},
         (LOGIN, 404, 403, 403, 403, 302, 302)),
    ],
    # 入会: the public pages of a union or branch answer everybody; the application sits in UA-B1
    "web:join": [("get", lambda c: (["UA-B1"], ""), None, PUBLIC),
                 ("post", lambda c: (["UA-B1"], ""), {"action": "status"}, PUBLIC)],
    "web:join-poster": [("get", lambda c: (["UA"], ""), None, PUBLIC)],
    "web:join-qr": [("get", lambda c: (["UA"], ""), None, PUBLIC)],
    "web:join-queue": [("get", NONE, None, OPEN), ("get", lambda c: ([], "?org=UA-B1&status="), None, ORG_READ)],
    "web:join-review": [("get", JOIN_APP, None, ORG_READ)],
    "web:join-approve": [("post", JOIN_APP, {}, ORG_WRITE)],
    "web:join-reject": [("post", JOIN_APP, {}, ORG_WRITE)],
    # 活动 of 机关分会: officers of the branch and above publish, check in and close; readers read
    "web:activity-list": [("get", NONE, None, OPEN)],
    "web:activity-create": [("get", NONE, None, (LOGIN, 200, 403, 403, 403, 200, 200)),
                            ("post", NONE, {}, (LOGIN, 200, 403, 403, 403, 200, 200))],
    "web:activity-detail": [("get", ACT, None, ORG_READ)],
    "web:activity-sheet": [("get", ACT, None, ORG_READ)],
    "web:activity-checkins": [("post", ACT, {}, (LOGIN, 404, 404, 403, 403, 302, 302))],
    "web:activity-close": [("post", ACT, {}, (LOGIN, 404, 404, 403, 403, 302, 302))],
    "web:activity-scan": [("get", ACT, None, (LOGIN, 404, 404, 403, 403, 200, 200))],
    "web:activity-scan-check": [("post", ACT, {}, (LOGIN, 404, 404, 403, 403, 409, 409))],  # 409: no code
    # 会员证核验: anyone with an org to read (a member-only account is not a checkpoint)
    "web:card-verify": [("get", NONE, None, (LOGIN, 200, 403, 200, 200, 200, 200)),
                        ("post", NONE, {"token": "GH1.x.y"}, (LOGIN, 200, 403, 200, 200, 200, 200))],
    # 会员账号: for the admins of accounts (chair_a of UA, admin_b of UB); a post naming no org is a 404
    "web:member-invite": [("get", NONE, None, ACCOUNTS)],
    "web:member-invite-send": [("post", NONE, {}, (LOGIN, 404, 403, 403, 403, 403, 404))],
    # 转会 of wang (UA) to UB: each side decides for itself; both sides and the member read it
    "web:transfer-queue": [("get", NONE, None, OPEN), ("get", lambda c: ([], "?side=in&status="), None, OPEN)],
    "web:transfer-review": [("get", TRANSFER, None, (LOGIN, 200, 200, 200, 200, 200, 200))],
    "web:transfer-approve": [("post", TRANSFER, {"side": "from"}, (LOGIN, 403, 403, 403, 403, 302, 302)),
                             ("post", TRANSFER, {"side": "to"}, (LOGIN, 302, 403, 403, 403, 403, 403))],
    "web:transfer-reject": [("post", TRANSFER, {"side": "from"}, (LOGIN, 403, 403, 403, 403, 200, 200))],
    "web:transfer-start": [("get", WANG, None, OWN_WRITE), ("post", WANG, {}, OWN_WRITE)],
    # 帮扶申请 of wang: officers of his org decide; readers read; wang reads his own
    "web:help-queue": [("get", NONE, None, OPEN)],
    "web:help-review": [("get", HELP, None, OWN_READ)],
    "web:help-approve": [("post", HELP, {}, OWN_WRITE)],
    "web:help-reject": [("post", HELP, {}, OWN_WRITE)],
    "web:help-document": [("get", HELP_DOC, None, OWN_READ)],
    "me:requests": [("get", NONE, None, ME_PAGE)],
    "me:transfer-new": [("get", NONE, None, ME_PAGE), ("post", NONE, {}, ME_PAGE)],
    "me:help-new": [("get", NONE, None, ME_PAGE), ("post", NONE, {}, ME_PAGE)],
    "me:help-withdraw": [("post", HELP, {}, ME_ONLY)],  # only wang's own counts (test_requests.py)
    "me:transfer-withdraw": [("post", TRANSFER, {}, ME_ONLY)],
    "me:suggestion-new": [("get", NONE, None, ME_PAGE), ("post", NONE, {}, ME_PAGE)],
    "me:phone": [("get", NONE, None, ME_PAGE), ("post", NONE, {}, ME_PAGE)],
    "me:activity-signup": [("post", ACT, {}, ME_ONLY)],
    "me:activity-cancel": [("post", ACT, {}, ME_ONLY)],
    "me:activity-waitlist": [("post", ACT, {}, ME_ONLY)],
    # the installable web app's files are public like static files (a browser fetches the manifest without
    # the session); they hold nothing of anyone
    "me:manifest": [("get", NONE, None, PUBLIC)],
    "me:service-worker": [("get", NONE, None, PUBLIC)],
    "me:icon": [("get", lambda c: ([192], ""), None, PUBLIC)],
    "accounts:login": [("get", NONE, None, (200, 302, 302, 302, 302, 302, 302))],
    "accounts:logout": [("post", NONE, {}, (302, 302, 302, 302, 302, 302, 302))],
    "accounts:password-change": [("get", NONE, None, OPEN)],
    "accounts:user-list": [("get", NONE, None, ACCOUNTS)],
    "accounts:user-create": [("get", NONE, None, ACCOUNTS), ("post", NONE, {}, ACCOUNTS)],
    "accounts:user-detail": [("get", OFFICER, None, ACCOUNT_OF_A)],
    "accounts:grant-add": [("post", OFFICER, {}, ACCOUNT_OF_A)],
    "accounts:grant-revoke": [
        ("post", lambda c: ([c.officer_a1.pk, _officer_grant(c).pk], ""), {},
         (LOGIN, 404, 403, 403, 403, 403, 302)),
    ],
    "accounts:password-reset": [("post", OFFICER, {}, ACCOUNT_OF_A)],
    "accounts:user-deactivate": [("post", OFFICER, {}, (LOGIN, 404, 403, 403, 403, 403, 302))],
    "accounts:user-reactivate": [("post", OFFICER, {}, (LOGIN, 404, 403, 403, 403, 403, 302))],
    "accounts:audit-list": [("get", NONE, None, ACCOUNTS)],
    "accounts:audit-export": [("get", NONE, None, ACCOUNTS)],
    "accounts:user-unlock": [("post", OFFICER, {}, (LOGIN, 404, 403, 403, 403, 403, 302))],
    # every user keeps their own tokens; an admin also those of the accounts they manage
    "accounts:token-list": [("get", NONE, None, OPEN)],
    "accounts:token-revoke": [("post", lambda c: ([_officer_token(c).pk], ""), {},
                               (LOGIN, 404, 404, 404, 404, 302, 302))],
}

CASES = [
    pytest.param(name, method, args, data, role, expected[i], id=f"{name}-{method}-{role}")
    for name, rows in MATRIX.items()
    for method, args, data, expected in rows
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize("name,method,args,data,role,expected", CASES)
def test_it_answers_each_role_as_the_matrix_says(cast, client, login, name, method, args, data, role, expected):
    _answer(cast, client, login, name, method, args, data, role, expected)


def _answer(cast, client, login, name, method, args, data, role, expected):
    if role != "anonymous":
        client = login(getattr(cast, role))
    url_args, query = args(cast)
    url = reverse(name, args=url_args) + query
    response = client.get(url) if method == "get" else client.post(url, data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected, f"{role} {method.upper()} {url}"
    if response.status_code in (403, 404):
        # The Chinese error page, never a stack trace.
        body = response.content.decode()
        assert "Traceback" not in body
        assert ("您没有权限" in body) if response.status_code == 403 else ("页面不存在" in body)


def _url_names(namespace: str) -> set[str]:
    patterns = get_resolver().namespace_dict[namespace][1].url_patterns
    return {f"{namespace}:{p.name}" for p in patterns if p.name}


def test_it_lists_every_url_of_the_web_and_accounts_namespaces():
    missing = (_url_names("web") | _url_names("accounts")) - set(MATRIX) - set(LEDGER_MATRIX) - set(ROSTER_MATRIX) - set(REPORT_MATRIX)
    missing -= set(DUES_MATRIX) | set(FUNDS_MATRIX) | set(SUBMISSION_MATRIX) | set(OUTREACH_MATRIX)
    missing |= _url_names("me") - set(MATRIX) - set(OUTREACH_MATRIX)
    assert not missing, f"add these URL names to the permission matrix: {sorted(missing)}"


def test_it_covers_every_role_in_every_row():
    for name, rows in MATRIX.items():
        for _method, _args, _data, expected in rows:
            assert len(expected) == len(ROLES), name
    for name, rows in LEDGER_MATRIX.items():
        for _method, _args, _data, expected in rows:
            assert len(expected) == len(LEDGER_ROLES), name
    for name, rows in ROSTER_MATRIX.items():
        for _method, _args, _data, expected in rows:
            assert len(expected) == len(ROLES), name
    for name, rows in REPORT_MATRIX.items():
        for _method, _args, _data, expected in rows:
            assert len(expected) == len(ROLES), name
    for name, rows in DUES_MATRIX.items():
        for _method, _args, _data, expected in rows:
            assert len(expected) == len(ROLES), name
    for name, rows in FUNDS_MATRIX.items():
        for _method, _args, _data, expected in rows:
            assert len(expected) == len(FUNDS_ROLES), name
    for name, rows in SUBMISSION_MATRIX.items():
        for _method, _args, _data, expected in rows:
            assert len(expected) == len(ROLES), name


# --- ledgers: the same roles plus the 小组长 of UA-B1-G1 ------------------------------------------------
# Sample entries sit in 第一小组 UA-B1-G1 (孙组长's group, inside 李干事's branch) and in 后勤小组 UA-G2 (outside
# both). Writers of ledgers are 管理员, 干事 and 小组长 (their own group); read-only roles get 403 on writes.

LEDGER_ROLES = ROLES + ("leader_g1",)

#            anonymous admin_b member_a finance_a viewer_fed officer_a1 chair_a leader_g1
L_OPEN = (LOGIN, 200, 200, 200, 200, 200, 200, 200)
G1_READ = (LOGIN, 404, 404, 200, 200, 200, 200, 200)
G1_WRITE = (LOGIN, 404, 404, 403, 403, 200, 200, 200)
G1_DONE = (LOGIN, 404, 404, 403, 403, 302, 302, 302)
G2_READ = (LOGIN, 404, 404, 200, 200, 404, 200, 404)
G2_WRITE = (LOGIN, 404, 404, 403, 403, 404, 200, 404)
UA_WRITE = (LOGIN, 404, 404, 403, 403, 404, 200, 404)
ANY_WRITER = (LOGIN, 200, 403, 403, 403, 200, 200, 200)  # "new" without an org: who writes anywhere


def _entry(c, org=None):
    from gonghui.ledgers.kinds import get_kind
    from gonghui.ledgers.services import entry_save

    return entry_save(actor=SYSTEM, kind=get_kind("meeting"), org=org or c.ua_g1,
                      values={"date": dt.date(2026, 3, 5), "meeting_type": "group", "title": "小组会"},
                      participants=[c.wang_person])


def _attachment(c):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from gonghui.ledgers.attachments import attachment_add
    from gonghui.ledgers.kinds import get_kind

    png = io.BytesIO()
    Image.new("RGB", (30, 20)).save(png, format="PNG")
    return attachment_add(actor=SYSTEM, kind=get_kind("meeting"), entry=_entry(c),
                          upload=SimpleUploadedFile("照片.png", png.getvalue()))


G1_ENTRY = lambda c: (["meeting", _entry(c).pk], "")
G2_ENTRY = lambda c: (["meeting", _entry(c, c.ua_g2).pk], "")
ATTACHMENT = lambda c: ([_attachment(c).pk], "")
KIND = lambda c: (["meeting"], "")


def _in(org_attr, extra=""):
    return lambda c: (["meeting"], f"?org={getattr(c, org_attr).pk}{extra}")


def _picker(query):
    return lambda c: ([], "?" + query.format(g1=c.ua_g1.pk))


def _ledger_job(c, refused=False):
    from pathlib import Path

    from django.conf import settings

    from gonghui.ledgers.excel.jobs import ledger_import_job_start
    from gonghui.ledgers.tests.excel_files import SAMPLES, write_ledger

    row = {**SAMPLES["meeting"][1], "所属组织": "", "参加人员": "查无此人" if refused else "王会员"}
    path = write_ledger(Path(settings.MEDIA_ROOT) / f"ledger-{refused}.xlsx", "meeting", [row])
    return ledger_import_job_start(actor=c.chair_a, kind="meeting", org=c.ua_g1, file_path=str(path),
                                   file_name="会议.xlsx", dry_run=True, run_now=True)


LEDGER_JOB = lambda c: ([_ledger_job(c).pk], "")
LEDGER_JOB_REFUSED = lambda c: ([_ledger_job(c, refused=True).pk], "")


LEDGER_MATRIX = {
    "web:ledger-template": [("get", KIND, None, L_OPEN)],
    "web:ledger-import": [
        ("get", KIND, None, ANY_WRITER),
        ("get", _in("ua_g1"), None, G1_WRITE),
        ("post", _in("ua_g1"), {}, G1_WRITE),
        ("get", _in("ua"), None, UA_WRITE),
    ],
    "web:ledger-job": [("get", LEDGER_JOB, None, G1_WRITE)],
    "web:ledger-job-progress": [("get", LEDGER_JOB, None, G1_WRITE)],
    "web:ledger-job-errors": [("get", LEDGER_JOB_REFUSED, None, G1_WRITE)],
    "web:ledger-job-confirm": [("post", LEDGER_JOB, {}, G1_DONE)],
    "web:ledger-export": [
        ("get", lambda c: (["meeting"], "?org=UA-B1-G1&period=2026H1"), None, G1_READ),
        ("get", lambda c: (["meeting"], "?org=UA&period=2026H1"), None, (LOGIN, 404, 404, 200, 200, 404, 200, 404)),
    ],
    "web:ledger-export-all": [("get", lambda c: ([], "?org=UA-B1-G1&period=2026H1"), None, G1_READ)],
    "web:ledger-index": [("get", NONE, None, L_OPEN)],
    "web:ledger-calendar": [("get", lambda c: ([], "?period=2026-03"), None, L_OPEN)],
    "web:ledger-list": [
        ("get", KIND, None, L_OPEN),
        ("get", lambda c: (["meeting"], "?org=UA-B1-G1&period=2026H1"), None, G1_READ),
    ],
    "web:ledger-create": [
        ("get", KIND, None, ANY_WRITER),
        ("get", _in("ua_g1"), None, G1_WRITE),
        ("post", _in("ua_g1"), {}, G1_WRITE),
        ("get", _in("ua_g2"), None, G2_WRITE),
        ("post", _in("ua_g2"), {}, G2_WRITE),
        ("get", _in("ua"), None, UA_WRITE),
    ],
    "web:ledger-detail": [("get", G1_ENTRY, None, G1_READ), ("get", G2_ENTRY, None, G2_READ)],
    "web:ledger-edit": [
        ("get", G1_ENTRY, None, G1_WRITE), ("post", G1_ENTRY, {}, G1_WRITE),
        ("get", G2_ENTRY, None, G2_WRITE), ("post", G2_ENTRY, {}, G2_WRITE),
    ],
    "web:ledger-delete": [("get", G1_ENTRY, None, G1_WRITE), ("post", G1_ENTRY, {}, G1_DONE),
                          ("post", G2_ENTRY, {}, (LOGIN, 404, 404, 403, 403, 404, 302, 404))],
    "web:ledger-attachment-add": [("post", G1_ENTRY, {}, G1_WRITE)],
    "web:ledger-attachment": [("get", ATTACHMENT, None, G1_READ)],
    "web:ledger-attachment-thumb": [("get", ATTACHMENT, None, G1_READ)],
    "web:ledger-attachment-delete": [("post", ATTACHMENT, {}, G1_DONE)],
    "web:ledger-person-search": [("get", _picker("org={g1}&q=wang"), None, G1_READ)],
    "web:ledger-person-group": [("get", _picker("org={g1}&group={g1}"), None, G1_READ)],
}

LEDGER_CASES = [
    pytest.param(name, method, args, data, role, expected[i], id=f"{name}-{method}-{n}-{role}")
    for name, rows in LEDGER_MATRIX.items()
    for n, (method, args, data, expected) in enumerate(rows)
    for i, role in enumerate(LEDGER_ROLES)
]


@pytest.mark.parametrize("name,method,args,data,role,expected", LEDGER_CASES)
def test_it_answers_each_role_on_the_ledger_pages(cast, client, login, settings, tmp_path, name, method, args, data,
                                                  role, expected):
    settings.MEDIA_ROOT = tmp_path
    _answer(cast, client, login, name, method, args, data, role, expected)


# --- 花名册 import/export: the MATRIX roles; jobs import into 机关分会 UA-B1 (chair_a started them) -----------
# A job's page, progress, errors file and confirm need a role that may edit people in the job's org (the
# preview shows the file's cells in full): read-only roles in scope get 403, everybody else 404.

ANY_PEOPLE_WRITER = (LOGIN, 200, 403, 403, 403, 200, 200)  # the upload form without an org
B1_UNMASKED = (LOGIN, 404, 404, 403, 403, 200, 200)


def _roster_job(c, refused=False):
    from gonghui.people.roster.jobs import roster_import_job_start
    from gonghui.people.tests.roster_files import person_row, write_xlsx

    rows = [person_row(1, 手机号码="1380013")] if refused else [person_row(1)]
    path = write_xlsx(c.tmp / f"roster-{refused}.xlsx", rows)
    return roster_import_job_start(actor=c.chair_a, org=c.ua_b1, file_path=str(path), file_name="花名册.xlsx",
                                   dry_run=True, run_now=True)


JOB = lambda c: ([_roster_job(c).pk], "")
JOB_REFUSED = lambda c: ([_roster_job(c, refused=True).pk], "")
IN_B1 = lambda c: ([], f"?org={c.ua_b1.pk}")

ROSTER_MATRIX = {
    "web:roster-import": [("get", NONE, None, ANY_PEOPLE_WRITER), ("get", IN_B1, None, ORG_WRITE),
                          ("post", IN_B1, {}, ORG_WRITE)],
    "web:roster-template": [("get", NONE, None, OPEN)],
    "web:roster-export": [("get", lambda c: ([], "?org=UA-B1"), None, ORG_READ),
                          ("get", lambda c: ([], "?org=UA-B1&unmasked=1"), None, B1_UNMASKED)],
    "web:roster-job": [("get", JOB, None, ORG_WRITE)],
    "web:roster-job-progress": [("get", JOB, None, ORG_WRITE)],
    "web:roster-job-errors": [("get", JOB_REFUSED, None, ORG_WRITE)],
    "web:roster-job-confirm": [("post", JOB, {}, ORG_WRITE)],
}

ROSTER_CASES = [
    pytest.param(name, method, args, data, role, expected[i], id=f"{name}-{method}-{n}-{role}")
    for name, rows in ROSTER_MATRIX.items()
    for n, (method, args, data, expected) in enumerate(rows)
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize("name,method,args,data,role,expected", ROSTER_CASES)
def test_it_answers_each_role_on_the_roster_pages(cast, client, login, settings, tmp_path, name, method, args, data,
                                                  role, expected):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast.tmp = tmp_path
    _answer(cast, client, login, name, method, args, data, role, expected)


# --- 报表: the MATRIX roles on union A's reports ----------------------------------------------------------
# Reading the reports of an org needs read scope on it (finance, the federation viewer, the chair); the branch
# officer, the member and union B get 404 like for any org they cannot read. A report job (chair_a started it)
# is only its starter's: everybody else gets 404.

UA_READ = (LOGIN, 404, 404, 200, 200, 404, 200)
UA_STARTED = (LOGIN, 404, 404, 302, 302, 404, 302)
STARTER_ONLY = (LOGIN, 404, 404, 404, 404, 404, 200)
UA_H1 = lambda c: ([], "?org=UA&period=2026H1")


def _report_job(c, run_now=False):
    from gonghui.core.periods import parse_period
    from gonghui.reports.jobs import report_job_start

    return report_job_start(actor=c.chair_a, kind="summary", org=c.ua, period=parse_period("2026H1"),
                            run_now=run_now)


UA_EDIT = (LOGIN, 404, 404, 403, 403, 404, 302)


def _ua_template(c):
    """Union A's own Word template (the example one), for its download."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.reports.summary.example import example_document
    from gonghui.reports.summary_templates import summary_template_upload

    buf = io.BytesIO()
    example_document().save(buf)
    summary_template_upload(actor=SYSTEM, org=c.ua, upload=SimpleUploadedFile("模板.docx", buf.getvalue()))
    return [], "?org=UA"


REPORT_MATRIX = {
    "web:report-edit": [("get", UA_H1, None, UA_READ),
                        ("post", UA_H1, {"section": "org", "action": "save", "text": "会员{members}"}, UA_EDIT)],
    "web:report-evidence": [("get", UA_H1, None, UA_READ)],
    "web:report-index": [("get", NONE, None, OPEN), ("get", UA_H1, None, UA_READ)],
    "web:report-preview": [("get", UA_H1, None, UA_READ)],
    "web:report-summary": [("get", UA_H1, None, UA_READ)],
    "web:report-tables": [("get", UA_H1, None, UA_READ)],
    "web:report-trace": [("get", lambda c: (["meetings"], "?org=UA&period=2026H1"), None, UA_READ),
                         ("get", lambda c: (["members"], "?org=UA&period=2026H1"), None, UA_READ)],
    "web:report-job-start": [("post", NONE, {"kind": "summary", "org": "UA", "period": "2026H1"}, UA_STARTED)],
    "web:report-job": [("get", lambda c: ([_report_job(c).pk], ""), None, STARTER_ONLY)],
    "web:report-job-progress": [("get", lambda c: ([_report_job(c).pk], ""), None, STARTER_ONLY)],
    "web:report-job-file": [("get", lambda c: ([_report_job(c, run_now=True).pk], ""), None, STARTER_ONLY)],
    # the summary's Word template: managed by who may write the org, downloaded by who may read it
    "web:report-template-upload": [("post", UA_H1, {}, UA_EDIT)],
    "web:report-template-delete": [("post", UA_H1, {}, UA_EDIT)],
    "web:report-template-builtin": [("post", UA_H1, {}, UA_EDIT)],
    "web:report-template-file": [("get", _ua_template, None, UA_READ)],
    "web:report-template-example": [("get", NONE, None, OPEN)],
}

REPORT_CASES = [
    pytest.param(name, method, args, data, role, expected[i], id=f"{name}-{method}-{n}-{role}")
    for name, rows in REPORT_MATRIX.items()
    for n, (method, args, data, expected) in enumerate(rows)
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize("name,method,args,data,role,expected", REPORT_CASES)
def test_it_answers_each_role_on_the_report_pages(cast, client, login, settings, tmp_path, name, method, args, data,
                                                  role, expected):
    settings.MEDIA_ROOT = tmp_path / "media"
    _answer(cast, client, login, name, method, args, data, role, expected)


# --- masking column -------------------------------------------------------------------------------

def _wang_id(cast):
    return cast.wang_person.id_number


MASKED_PHONE = "138****8001"


@pytest.mark.parametrize("role,id_full,phone_full", [
    ("finance_a", False, False),
    ("viewer_fed", False, False),
    ("auditor_a", False, False),
    ("leader_g1", False, True),
    ("officer_a1", True, True),
    ("chair_a", True, True),
    ("member_a", True, True),  # their own record
    ("root", True, True),
])
@pytest.mark.parametrize("page", ["person-list", "person-detail"])
def test_it_masks_id_and_phone_by_role(cast, login, role, id_full, phone_full, page):
    client = login(getattr(cast, role))
    url = reverse("web:person-list") if page == "person-list" else reverse("web:person-detail",
                                                                            args=[cast.wang_person.pk])
    body = client.get(url).content.decode()
    full_id = _wang_id(cast)
    masked_id = full_id[:4] + "*" * 10 + full_id[-4:]
    assert masked_id.startswith("1101**********")
    # The audit trail stores masked values for everybody, so only the direction that leaks is exclusive.
    if id_full:
        assert full_id in body
    else:
        assert masked_id in body and full_id not in body
    if phone_full:
        assert "13800138001" in body
    else:
        assert MASKED_PHONE in body and "13800138001" not in body


# --- 会费: pages of union A's dues. Readers of UA read; 管理员 and 财务 write (finance_a and chair_a), the
# federation viewer gets 403 on writes; the branch officer, the member and union B's admin cannot read UA (404).
# Each row asks every role in turn in one test.
UA_DUES = lambda c: ([], "?org=UA&month=2026-01")
DUES_READ = (LOGIN, 404, 404, 200, 200, 404, 200)
DUES_WRITE_PAGE = (LOGIN, 404, 404, 200, 403, 404, 200)
DUES_MATRIX = {
    "web:dues-roll": [("get", UA_DUES, None, DUES_READ)],
    "web:dues-roll-export": [("get", UA_DUES, None, DUES_READ)],
    "web:dues-collect": [("post", UA_DUES, {}, (LOGIN, 404, 404, 302, 403, 404, 302))],
    "web:dues-policy": [("get", UA_DUES, None, DUES_READ), ("post", UA_DUES, {}, DUES_WRITE_PAGE)],
    "web:dues-wages": [("get", UA_DUES, None, DUES_WRITE_PAGE), ("post", UA_DUES, {}, DUES_WRITE_PAGE)],
    "web:dues-payments": [("get", UA_DUES, None, DUES_WRITE_PAGE), ("post", UA_DUES, {}, DUES_WRITE_PAGE)],
    "web:dues-arrears": [("get", lambda c: ([], "?org=UA&as_of=2026-03"), None, DUES_READ)],
    # wang_person's own dues: the member reads their own; readers of UA-B1 theirs
    "web:dues-person": [("get", WANG, None, OWN_READ)],
}
DUES_CASES = [
    pytest.param(name, method, args, data, expected, id=f"{name}-{method}-{n}")
    for name, rows in DUES_MATRIX.items()
    for n, (method, args, data, expected) in enumerate(rows)
]


@pytest.mark.parametrize("name,method,args,data,expected", DUES_CASES)
def test_it_answers_each_role_on_the_dues_pages(cast, client, login, name, method, args, data, expected):
    for i, role in enumerate(ROLES):
        client.logout()
        _answer(cast, client, login, name, method, args, data, role, expected[i])


# --- 工会经费: the books of 文化局工会 UA. 财务 writes, the chair (管理员) also reviews, 经审 and 上级查看 read;
# 干事 (of a branch), 会员 and another union get 404 (the union is not in their scope or not their wing).

FUNDS_ROLES = ("anonymous", "admin_b", "member_a", "officer_a1", "auditor_a", "viewer_fed", "chair_a", "finance_a")
#          anonymous admin_b member_a officer_a1 auditor_a viewer_fed chair_a finance_a
F_READ = (LOGIN, 404, 404, 404, 200, 200, 200, 200)
F_WRITE = (LOGIN, 404, 404, 404, 403, 403, 403, 200)
F_WRITE_DONE = (LOGIN, 404, 404, 404, 403, 403, 403, 302)
F_REVIEW = (LOGIN, 404, 404, 404, 403, 403, 302, 302)
F_WELFARE = (LOGIN, 404, 404, 404, 403, 403, 200, 200)  # 福利发放: finance and the chair
F_AUDIT = (LOGIN, 404, 404, 404, 302, 403, 403, 403)  # findings: the 经审 only


def _voucher(c, posted=False):
    from gonghui.funds.tests.helpers import lines_of, post
    from gonghui.funds.voucher_services import voucher_save

    rows = [("102", "100", ""), ("401", "", "100")]
    if posted:
        return post(c, "2026-02-01", "收会费", rows)
    return voucher_save(actor=c.finance_a, org=c.ua, date=dt.date(2026, 2, 1), summary="收会费",
                        lines=lines_of(c.ua, rows))


UA_BOOKS = lambda c: ([], "?org=UA")


def _welfare(c):
    from gonghui.funds.welfare_services import RecipientInput, welfare_issue

    return welfare_issue(actor=c.finance_a, org=c.ua, date=dt.date(2026, 2, 1), item="festival", form="goods",
                         summary="春节慰问品", recipients=[RecipientInput("张三", Decimal(200))])


WELFARE = lambda c: ([_welfare(c).pk], "")


def _asset(c):
    from gonghui.funds.asset_services import asset_add

    return asset_add(actor=c.finance_a, org=c.ua, name="打印机", category="office", cost=Decimal(3000),
                     acquired=dt.date(2026, 6, 20), life_years=6)


ASSET = lambda c: ([_asset(c).pk], "")
F_STOCK = (LOGIN, 404, 404, 404, 403, 403, 302, 302)  # 物资台账: finance and the chair keep it


def _book(c, lent=False):
    from gonghui.funds import stock_services as stock

    book = stock.item_add(actor=c.finance_a, org=c.ua, category="books", name="平凡的世界")
    stock.stock_receive(actor=c.finance_a, item=book, date=dt.date(2026, 2, 1), quantity=2, unit_price=Decimal(68))
    if lent:
        return stock.book_lend(actor=c.finance_a, item=book, borrower="王五", lent_on=dt.date(2026, 2, 2),
                               due_on=dt.date(2026, 3, 2))
    return book


BOOK = lambda c: ([_book(c).pk], "")
LOAN = lambda c: ([_book(c, lent=True).pk], "")


def _png(name="发票.png"):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _voucher_file(c):
    from gonghui.funds.attachment_services import voucher_attachments_add

    return voucher_attachments_add(actor=c.finance_a, voucher=_voucher(c), uploads=[_png()])[0]


def _entry_file(c):
    """A 帮扶慰问 entry with its 签收单, and the draft voucher it made."""
    from gonghui.core.scope_guard import unscoped
    from gonghui.funds.models import Voucher
    from gonghui.ledgers.attachments import attachment_add
    from gonghui.ledgers.kinds import get_kind
    from gonghui.ledgers.services import entry_save

    kind = get_kind("aid")
    entry = entry_save(actor=c.chair_a, kind=kind, org=c.ua, values={
        "date": dt.date(2026, 2, 1), "aid_type": "visit", "recipient": c.zhou_person, "amount": Decimal(500)})
    att = attachment_add(actor=c.chair_a, kind=kind, entry=entry, upload=_png("签收单.png"))
    with unscoped("test fixture"):
        voucher = Voucher.objects.get(source=f"ledgers.aid:{entry.pk}")
    return [voucher.pk, att.pk], ""


VOUCHER_FILE = lambda c: ([_voucher_file(c).pk], "")
DRAFT = lambda c: ([_voucher(c).pk], "")
POSTED = lambda c: ([_voucher(c, posted=True).pk], "")

FUNDS_MATRIX = {
    "web:funds-vouchers": [("get", UA_BOOKS, None, F_READ)],
    "web:funds-voucher-create": [("get", UA_BOOKS, None, F_WRITE), ("post", UA_BOOKS, {}, F_WRITE)],
    "web:funds-voucher-detail": [("get", DRAFT, None, F_READ)],
    "web:funds-voucher-edit": [("get", DRAFT, None, F_WRITE)],
    "web:funds-voucher-review": [("post", DRAFT, {}, F_REVIEW)],
    "web:funds-voucher-post": [("post", DRAFT, {}, F_WRITE_DONE)],
    "web:funds-voucher-reverse": [("post", POSTED, {}, F_WRITE_DONE)],
    "web:funds-voucher-delete": [("post", DRAFT, {}, F_WRITE_DONE)],
    "web:funds-voucher-files-add": [("post", DRAFT, {}, F_WRITE_DONE)],
    "web:funds-voucher-file": [("get", VOUCHER_FILE, None, F_READ)],
    "web:funds-voucher-file-delete": [("post", VOUCHER_FILE, {}, F_WRITE_DONE)],
    "web:funds-voucher-entry-file": [("get", _entry_file, None, F_READ)],
    "web:funds-month-close": [("post", NONE, {"org": "UA", "year": "2026", "month": "1"}, F_WRITE_DONE)],
    "web:funds-balances": [("get", UA_BOOKS, None, F_READ)],
    "web:funds-trace": [("get", lambda c: ([], "?org=UA&a=102&sign=D&from=2026-01-01&to=2026-12-31"), None, F_READ)],
    "web:funds-vouchers-import": [("get", UA_BOOKS, None, F_WRITE), ("post", UA_BOOKS, {}, F_WRITE)],
    "web:funds-budget": [("get", lambda c: ([], "?org=UA&year=2026"), None, F_READ)],
    "web:funds-accounts": [("get", UA_BOOKS, None, F_READ), ("post", UA_BOOKS, {}, F_WRITE_DONE)],
    "web:funds-ledger": [("get", lambda c: ([], "?org=UA&account=102&period=2026"), None, F_READ)],
    "web:funds-budget-edit": [("get", UA_BOOKS, None, F_WRITE), ("post", UA_BOOKS, {}, F_WRITE)],
    "web:funds-budget-approve": [("post", lambda c: ([], "?org=UA&year=2026"), {}, F_REVIEW)],
    "web:funds-assets": [("get", UA_BOOKS, None, F_READ), ("post", UA_BOOKS, {}, F_WRITE_DONE)],
    "web:funds-asset-depreciate": [("post", UA_BOOKS, {"year": "2026", "month": "1"}, F_WRITE_DONE)],
    "web:funds-asset-dispose": [("post", ASSET, {}, F_WRITE_DONE)],
    "web:funds-welfare": [("get", UA_BOOKS, None, F_READ)],
    "web:funds-welfare-create": [("get", UA_BOOKS, None, F_WELFARE), ("post", UA_BOOKS, {}, F_WELFARE)],
    "web:funds-welfare-limits": [("get", UA_BOOKS, None, F_READ), ("post", UA_BOOKS, {}, F_REVIEW)],
    "web:funds-welfare-detail": [("get", WELFARE, None, F_READ)],
    "web:funds-welfare-delete": [("post", WELFARE, {}, F_REVIEW)],
    "web:funds-stock": [("get", UA_BOOKS, None, F_READ), ("post", UA_BOOKS, {}, F_STOCK),
                        ("get", lambda c: ([], "?org=UA&format=xlsx"), None, F_READ)],
    "web:funds-stock-item": [("get", BOOK, None, F_READ)],
    "web:funds-stock-receive": [("post", BOOK, {}, F_STOCK)],
    "web:funds-stock-issue": [("post", BOOK, {}, F_STOCK)],
    "web:funds-stock-stocktake": [("post", BOOK, {}, F_STOCK)],
    "web:funds-stock-lend": [("post", BOOK, {}, F_STOCK)],
    "web:funds-stock-loans": [("get", UA_BOOKS, None, F_READ),
                              ("get", lambda c: ([], "?org=UA&overdue=1"), None, F_READ)],
    "web:funds-stock-return": [("post", LOAN, {}, F_STOCK)],
    "web:funds-audit": [("get", UA_BOOKS, None, F_READ)],
    "web:funds-audit-report": [("get", lambda c: ([], "?org=UA&year=2026"), None, F_READ)],
    "web:funds-audit-finding": [("post", DRAFT, {}, F_AUDIT)],
    "web:funds-statements": [("get", UA_BOOKS, None, F_READ),
                             ("get", lambda c: ([], "?org=UA&period=2026&format=xlsx"), None, F_READ)],
}


@pytest.mark.parametrize("name,method,args,data,role,expected", [
    pytest.param(name, method, args, data, role, expected[i], id=f"{name}-{method}-{role}")
    for name, rows in FUNDS_MATRIX.items()
    for method, args, data, expected in rows
    for i, role in enumerate(FUNDS_ROLES)
])
def test_it_answers_each_role_on_the_funds_pages(cast, client, login, name, method, args, data, role, expected):
    _answer(cast, client, login, name, method, args, data, role, expected)


# --- 上报任务: a task of 某区总工会 FED to UA and UB. The board is the federation's (only its viewer reads it here;
# its writers, root in the cast, decide); UA's task page is read by readers of UA and submitted by its writers.

#             anonymous admin_b member_a finance_a viewer_fed officer_a1 chair_a
FED_ONLY_READ = (LOGIN, 404, 404, 404, 200, 404, 404)
FED_WRITE = (LOGIN, 404, 404, 404, 403, 404, 404)
FED_DECIDE = (LOGIN, 404, 404, 403, 403, 404, 403)  # reads UA's target, may not write the federation


def _report_task(c):
    from gonghui.core.periods import parse_period
    from gonghui.reports.submissions.services import report_task_create

    return report_task_create(actor=SYSTEM, org=c.fed, contents="tables", period=parse_period("2026H1"),
                              deadline=dt.date.today() + dt.timedelta(days=30))


def _ua_target(c):
    return _report_task(c).targets.get(org=c.ua)


def _frozen_file(c):
    """A frozen submission of UA written directly (the service's own tests cover how it is made)."""
    from django.utils import timezone

    from gonghui.reports.submissions.models import Submission, SubmissionFile

    target = _ua_target(c)
    sub = Submission.objects.create(target=target, version=1, org_code="UA", org_name=c.ua.name,
                                    period_code="2026H1", period_start=dt.date(2026, 1, 1),
                                    period_end=dt.date(2026, 6, 30), values={"members": 1},
                                    submitted_at=timezone.now())
    SubmissionFile.objects.create(submission=sub, kind="tables", name="表.xlsx", data=b"PK", sha256="0" * 64)
    return [sub.pk, "tables"], ""


SUBMISSION_MATRIX = {
    "web:submission-tasks": [("get", NONE, None, OPEN)],
    "web:submission-task-create": [("get", lambda c: ([], "?org=FED"), None, FED_WRITE),
                                   ("post", lambda c: ([], "?org=FED"), {}, FED_WRITE)],
    "web:submission-board": [("get", lambda c: ([_report_task(c).pk], ""), None, FED_ONLY_READ)],
    "web:submission-target": [("get", lambda c: ([_ua_target(c).pk], ""), None, UA_READ)],
    "web:submission-submit": [("post", lambda c: ([_ua_target(c).pk], ""), {},
                               (LOGIN, 404, 404, 403, 403, 404, 302))],
    "web:submission-return": [("post", lambda c: ([_ua_target(c).pk], ""), {"reason": "重报"}, FED_DECIDE)],
    "web:submission-accept": [("post", lambda c: ([_ua_target(c).pk], ""), {}, FED_DECIDE)],
    "web:submission-file": [("get", _frozen_file, None, UA_READ)],
    "web:submission-counts": [("get", lambda c: ([_report_task(c).pk], ""), None, FED_WRITE),
                              ("post", lambda c: ([_report_task(c).pk], ""), {}, FED_WRITE)],
    "web:submission-counts-template": [("get", lambda c: ([_report_task(c).pk], ""), None, FED_ONLY_READ)],
    "web:submission-rollup": [("get", lambda c: ([_report_task(c).pk], "?basis=submitted"), None, FED_ONLY_READ)],
    "web:submission-rollup-rows": [("get", lambda c: ([_report_task(c).pk, "workers"], "?basis=live"), None,
                                    FED_ONLY_READ)],
    "web:submission-rollup-download": [("get", lambda c: ([_report_task(c).pk, "tables"], ""), None, FED_ONLY_READ)],
}


@pytest.mark.parametrize("name,method,args,data,role,expected", [
    pytest.param(name, method, args, data, role, expected[i], id=f"{name}-{method}-{role}")
    for name, rows in SUBMISSION_MATRIX.items()
    for method, args, data, expected in rows
    for i, role in enumerate(ROLES)
])
def test_it_answers_each_role_on_the_submission_pages(cast, client, login, name, method, args, data, role,
                                                      expected):
    _answer(cast, client, login, name, method, args, data, role, expected)


# --- 通知公告 and 问卷 (issue #16 §4): a notice and surveys of 机关分会 UA-B1, where wang (member_a) lives. The
# officers' pages follow the org's scope (writers: officer_a1, chair_a; admin_b writes only in UB); the member
# pages (me:) answer member_a only, everybody else goes back to a home page. A notice carries an attachment.

def _notice(c):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from gonghui.notices.services import notice_publish

    out = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(out, format="PNG")
    return notice_publish(actor=SYSTEM, org=c.ua_b1, title="通知", body="正文",
                          upload=SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png"))


def _survey(c, *, publish=True):
    from django.utils import timezone

    from gonghui.surveys import services

    today = timezone.localdate()
    survey = services.survey_create(actor=SYSTEM, org=c.ua_b1, kind="vote", title="投票", opens_on=today,
                                    closes_on=today)
    question = services.question_add(actor=SYSTEM, survey=survey, text="选哪个", kind="single", options=["甲", "乙"])
    if publish:
        services.survey_publish(actor=SYSTEM, survey=survey)
    return survey, question


NOTICE = lambda c: ([_notice(c).pk], "")  # noqa: E731
SURVEY = lambda c: ([_survey(c)[0].pk], "")  # noqa: E731
DRAFT = lambda c: ([_survey(c, publish=False)[0].pk], "")  # noqa: E731
WRITERS = (LOGIN, 200, 403, 403, 403, 200, 200)  # may publish somewhere (admin_b in UB)
ORG_ACT = (LOGIN, 404, 404, 403, 403, 302, 302)
ME_PAGE = (LOGIN, 302, 200, 302, 302, 302, 302)

OUTREACH_MATRIX = {
    "web:notice-list": [("get", NONE, None, OPEN)],
    "web:notice-create": [("get", NONE, None, WRITERS), ("post", NONE, {}, WRITERS)],
    "web:notice-detail": [("get", NOTICE, None, ORG_READ)],
    "web:notice-edit": [("get", NOTICE, None, ORG_WRITE), ("post", NOTICE, {}, ORG_WRITE)],
    "web:notice-withdraw": [("post", NOTICE, {}, ORG_ACT)],
    "web:notice-unread": [("get", NOTICE, None, ORG_READ), ("get", lambda c: (NOTICE(c)[0], "?format=xlsx"), None,
                                                             ORG_READ)],
    "web:notice-file": [("get", NOTICE, None, ORG_READ)],
    "web:survey-list": [("get", NONE, None, OPEN)],
    "web:survey-create": [("get", NONE, None, WRITERS), ("post", NONE, {}, WRITERS)],
    "web:survey-detail": [("get", SURVEY, None, ORG_READ)],
    "web:survey-question-add": [("get", DRAFT, None, ORG_WRITE), ("post", DRAFT, {}, ORG_WRITE)],
    "web:survey-question-delete": [("post", lambda c: ([_survey(c, publish=False)[0].pk, 0], ""), {}, ORG_ACT)],
    "web:survey-publish": [("post", DRAFT, {}, ORG_ACT)],
    "web:survey-close": [("post", SURVEY, {}, ORG_ACT)],
    "web:survey-export": [("get", SURVEY, None, ORG_READ)],
    "web:survey-chart": [("get", lambda c: (SURVEY(c)[0] + [1], ""), None, ORG_READ)],
    "me:notice-list": [("get", NONE, None, ME_PAGE)],
    "me:notice-detail": [("get", NOTICE, None, ME_PAGE)],
    "me:notice-file": [("get", NOTICE, None, ME_PAGE)],
    "me:survey-answer": [("get", SURVEY, None, ME_PAGE), ("post", SURVEY, {}, (LOGIN, 302, 422, 302, 302, 302, 302))],
}

OUTREACH_CASES = [
    pytest.param(name, method, args, data, role, expected[i], id=f"{name}-{method}-{role}")
    for name, rows in OUTREACH_MATRIX.items()
    for method, args, data, expected in rows
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize("name,method,args,data,role,expected", OUTREACH_CASES)
def test_it_answers_each_role_on_the_notice_and_survey_pages(cast, client, login, settings, tmp_path, name, method,
                                                             args, data, role, expected):
    settings.MEDIA_ROOT = tmp_path
    _answer(cast, client, login, name, method, args, data, role, expected)
