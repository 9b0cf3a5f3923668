"""The permission matrix (STYLE.md rule 5): every URL of `web:` and `accounts:` against every role.

Sample objects sit in 机关分会 UA-B1 (wang_person lives in its group), so the branch officer may write
them, union A's chair may write them, read-only roles of A (finance, the federation viewer) may only read,
the member sees only their own record, and union B's admin gets 404 for all of it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import get_resolver, reverse

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


def _officer_grant(c):
    return c.officer_a1.grants.get()


# name -> list of (method, args(cast) -> (args, query), post data, expected per role)
ORG = lambda c: ([c.ua_b1.pk], "")  # noqa: E731
WANG = lambda c: ([c.wang_person.pk], "")  # noqa: E731
NONE = lambda c: ([], "")  # noqa: E731
OFFICER = lambda c: ([c.officer_a1.pk], "")  # noqa: E731

MATRIX = {
    "web:home": [("get", NONE, None, OPEN)],
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
}

CASES = [
    pytest.param(name, method, args, data, role, expected[i], id=f"{name}-{method}-{role}")
    for name, rows in MATRIX.items()
    for method, args, data, expected in rows
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize("name,method,args,data,role,expected", CASES)
def test_it_answers_each_role_as_the_matrix_says(cast, client, login, name, method, args, data, role, expected):
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
    missing = (_url_names("web") | _url_names("accounts")) - set(MATRIX)
    assert not missing, f"add these URL names to the permission matrix: {sorted(missing)}"


def test_it_covers_every_role_in_every_row():
    for name, rows in MATRIX.items():
        for _method, _args, _data, expected in rows:
            assert len(expected) == len(ROLES), name


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
