"""The named cast every test can use (healthchecks' alice/bob/charlie, in union terms).

区总工会 FED
├── 文化局工会 UA  (张主席 admin, 赵财务 finance, 钱经审 auditor)
│   ├── 机关分会 UA-B1  (李干事 officer)
│   │   └── 第一小组 UA-B1-G1  (孙组长 group_leader; 王会员 is a member here)
│   └── 后勤小组 UA-G2
└── 机械厂工会 UB  (外单位 admin)
上级查看 viewer on FED; root is a superuser.
"""

from __future__ import annotations

import copy
import datetime as dt
from types import SimpleNamespace

import pytest

from gonghui.core.idcard import check_digit

PASSWORD = "Xq7#Lw2!mRp"


def make_id(birth: str = "19850312", seq: int = 123, area: str = "110101") -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + check_digit(first17)


@pytest.fixture(autouse=True)
def scope_guard_on(settings):
    """Pages, API calls and commands run under the scope guard in every test (core/scope_guard.py)."""
    settings.GONGHUI_SCOPE_GUARD = True


def pytest_collection_modifyitems(items):
    """Tests without the cast run first, so none of them meets the cast built for the rest (stable: each
    module keeps its order, and both xdist workers collect the same order)."""
    items.sort(key=lambda item: "cast" in getattr(item, "fixturenames", ()))


class _SharedCast:
    """The cast built once per test process in a transaction every cast test nests in (Django's
    setUpTestData): each test runs in a savepoint rolled back after it, and gets its own copies."""

    def __init__(self, connection):
        self.connection = connection
        self.raw = connection.connection
        self.cast = build_cast()

    def intact(self) -> bool:
        """Whether the transaction holding the cast is still open: a test that closed the database connection
        (PostgreSQL: the transaction goes with it; an in-memory SQLite database survives any close) leaves the
        tests after it to build their own cast."""
        c = self.connection
        return c.connection is not None and c.connection is self.raw and c.in_atomic_block \
            and not c.closed_in_transaction


@pytest.fixture(scope="session")
def _cast_built(django_db_setup, django_db_blocker):
    from django.db import connection, transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _SharedCast(connection)
        finally:
            try:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
            except Exception:  # the connection was closed by a test: its transaction is gone already
                pass


@pytest.fixture
def cast(_cast_built, db):
    """The shared cast (above) while its transaction lasts, else one built for this test."""
    if not _cast_built.intact():
        return build_cast()
    return copy.deepcopy(_cast_built.cast)


def build_cast():
    from gonghui.accounts import services as accounts
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.orgs import services as orgs
    from gonghui.people import services as people

    c = SimpleNamespace()
    c.fed = orgs.org_create(actor=SYSTEM, parent=None, kind="federation", name="某区总工会", code="FED")
    c.ua = orgs.org_create(actor=SYSTEM, parent=c.fed, kind="union", name="文化局工会", code="UA",
                           founded_on=dt.date(2010, 1, 1))
    c.ua_b1 = orgs.org_create(actor=SYSTEM, parent=c.ua, kind="branch", name="机关分会", code="UA-B1")
    c.ua_g1 = orgs.org_create(actor=SYSTEM, parent=c.ua_b1, kind="group", name="第一小组", code="UA-B1-G1")
    c.ua_g2 = orgs.org_create(actor=SYSTEM, parent=c.ua, kind="group", name="后勤小组", code="UA-G2")
    c.ub = orgs.org_create(actor=SYSTEM, parent=c.fed, kind="union", name="机械厂工会", code="UB")

    c.root = accounts.user_create(actor=SYSTEM, username="root", password=PASSWORD, is_superuser=True)
    system = c.root
    c.wang_person = people.person_create(
        actor=system, org=c.ua_g1, name="王会员", id_number=make_id("19900101", 111), mobile="13800138001",
        employee_no="A001", employment_type="regular",
    )
    c.zhou_person = people.person_create(
        actor=system, org=c.ua_g2, name="周师傅", id_number=make_id("19780512", 222), mobile="13800138002",
        employee_no="A002", employment_type="dispatched", is_migrant_worker=True,
    )
    c.wu_person = people.person_create(
        actor=system, org=c.ub, name="吴工人", id_number=make_id("19881111", 333, area="440305"),
        mobile="13900139003", employee_no="B001",
    )

    def user(username, org, role, **kw):
        return accounts.user_create(actor=SYSTEM, username=username, password=PASSWORD,
                                    display_name=kw.pop("display_name", username), grants=[(org, role)], **kw)

    c.chair_a = user("zhangzhuxi", c.ua, "admin", display_name="张主席")
    c.officer_a1 = user("liganshi", c.ua_b1, "officer", display_name="李干事")
    c.finance_a = user("zhaocaiwu", c.ua, "finance", display_name="赵财务")
    c.auditor_a = user("qianjingshen", c.ua, "auditor", display_name="钱经审")
    c.leader_g1 = user("sunzuzhang", c.ua_g1, "group_leader", display_name="孙组长")
    c.member_a = user("wanghuiyuan", c.ua, "member", display_name="王会员", person=c.wang_person)
    c.admin_b = user("waidanwei", c.ub, "admin", display_name="外单位")
    c.viewer_fed = user("shangji", c.fed, "viewer", display_name="上级查看")
    return c


@pytest.fixture
def login(client):
    """login(user) -> the test client logged in as that user (password checks not repeated)."""

    def _login(user):
        client.force_login(user, backend="gonghui.accounts.backends.UsernameOrMobileBackend")
        return client

    return _login
