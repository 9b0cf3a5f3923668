import pytest
from django.db import transaction
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.cli.demo import data
from gonghui.cli.tests.helpers import run
from gonghui.core import idcard
from gonghui.core.models import AuditEvent
from gonghui.funds.models import BookLoan, StockItem
from gonghui.ledgers.requests.models import HelpRequest, SuggestionSubmission
from gonghui.orgs.models import Org, OrgRating
from gonghui.people.models import MembershipEvent, Person, Position

ADMIN_PASSWORD = "Demo#Union2026"


def counts() -> dict:
    return {
        "orgs": Org.objects.count(),
        "unions": Org.objects.filter(kind="union").count(),
        "people": Person.objects.count(),
        "events": MembershipEvent.objects.count(),
        "positions": Position.objects.count(),
        "ratings": OrgRating.objects.count(),
        "users": User.objects.count(),
        "audit": AuditEvent.objects.count(),
        "stock": StockItem.objects.count(),
        "loans": BookLoan.objects.count(),
        "help_requests": HelpRequest.objects.count(),
        "member_suggestions": SuggestionSubmission.objects.count(),
    }


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """One demo of 200 people for the whole module, rolled back at the end (each test runs in a savepoint);
    the tests of a first run on an empty database are in test_demo_first_run.py."""
    with django_db_blocker.unblock(), transaction.atomic():
        out, _ = run("demo", "--no-serve", "--people", "200", "--admin-password", ADMIN_PASSWORD)
        yield out
        transaction.set_rollback(True)


@pytest.fixture
def demo(built, db):
    return built


def test_it_builds_three_unions_under_the_demo_federation(demo):
    fed = Org.objects.get(code=data.FEDERATION_CODE)
    unions = Org.objects.filter(kind="union", path__startswith=fed.path)
    assert sorted(u.name for u in unions) == sorted(spec["name"] for spec in data.UNIONS)
    assert Org.objects.filter(kind="branch").count() == 13
    assert Org.objects.filter(kind="group").count() >= 40


def test_it_creates_the_requested_people_with_the_factory_biggest(demo):
    assert Person.objects.count() == 200
    sizes = {u.name: Person.objects.filter(org__path__startswith=u.path).count()
             for u in Org.objects.filter(kind="union")}
    assert max(sizes, key=sizes.get) == "青山重型机械制造有限公司工会"
    assert "已生成演示数据：青山区总工会，3个基层工会" in demo


def test_every_id_number_is_valid_and_matches_the_person(demo):
    for person in Person.objects.all():
        parsed = idcard.parse(person.id_number)
        assert parsed.gender == person.gender and parsed.birth_date == person.birth_date
        assert 1965 <= person.birth_date.year <= 2004
    assert Person.objects.values("id_number").distinct().count() == 200


def test_it_records_positions_and_a_membership_history_with_transfers(demo):
    titles = set(Position.objects.values_list("title", flat=True))
    assert {"chair", "vice_chair", "committee", "audit_chair", "women_chair", "branch_chair", "group_leader",
            "safety_monitor"} <= titles
    assert Position.objects.filter(title="chair", end_on__isnull=True).count() == 3
    assert Position.objects.filter(title="women_chair", person__gender="M").count() == 0
    kinds = set(MembershipEvent.objects.values_list("kind", flat=True))
    assert {"join", "transfer_out", "transfer_in"} <= kinds
    moved = MembershipEvent.objects.filter(kind="transfer_in").first()
    out = MembershipEvent.objects.get(person=moved.person, kind="transfer_out")
    assert out.date == moved.date and out.org.path[:8] != moved.org.path[:8]  # a different union
    assert Person.objects.filter(member_status="none").exists()  # a few non-members
    assert Person.objects.filter(member_status="active").count() > 150


def test_it_varies_employment_types_and_marks_migrant_workers(demo):
    types = set(Person.objects.values_list("employment_type", flat=True))
    assert {"regular", "dispatched", "contract"} <= types
    assert Person.objects.filter(employment_type="regular").count() > 100
    assert Person.objects.filter(is_migrant_worker=True).exists()
    assert Person.objects.exclude(base_salary__isnull=True).count() == 200


def test_it_is_audited_as_cli_work(demo):
    assert not AuditEvent.objects.exclude(source="cli").exists()
    assert AuditEvent.objects.filter(object_type="person", action="create").count() == 200


def test_it_does_not_duplicate_anything_when_run_again(demo):
    before = counts()
    assert (before["stock"], before["loans"]) == (6, 2)  # the first union's 物资台账 and 职工书屋 loans
    assert (before["help_requests"], before["member_suggestions"]) == (1, 1)  # the demo member's requests
    admin_hash = User.objects.get(username="admin").password
    out, _ = run("demo", "--no-serve", "--people", "200")
    assert counts() == before
    assert User.objects.get(username="admin").password == admin_hash
    assert "演示数据已存在" in out


def test_it_creates_demo_accounts_with_roles(demo):
    grants = {u.username: [(g.role, g.org.kind) for g in u.grants.all()]
              for u in User.objects.prefetch_related("grants__org")}
    assert grants["shangji"] == [("viewer", "federation")]
    assert grants["ganshi"] == [("officer", "union")]
    assert grants["caiwu"] == [("finance", "union")]
    assert grants["zuzhang"] == [("group_leader", "group")]
    assert User.objects.get(username="huiyuan").person is not None
    assert "演示账号（密码均为" in demo


def test_admin_can_log_in(demo, client):
    response = client.post(reverse("accounts:login"), {"username": "admin", "password": ADMIN_PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(username="admin").is_superuser


def test_it_shows_the_join_queue_and_a_reporting_task_half_submitted(demo):
    from gonghui.people.models import JoinApplication
    from gonghui.reports.submissions.models import ReportTarget

    assert sorted(JoinApplication.objects.values_list("status", flat=True)) == ["pending", "pending", "rejected"]
    assert JoinApplication.objects.get(status="rejected").reason.startswith("演示：")
    states = sorted(ReportTarget.objects.values_list("state", flat=True))
    assert states == ["missing", "missing", "submitted"]
    run("demo", "--no-serve", "--people", "200")  # again: nothing twice
    assert JoinApplication.objects.count() == 3 and ReportTarget.objects.count() == 3
    _notices_and_an_answered_satisfaction_survey()  # built once too (same demo: no second build for them)


def _notices_and_an_answered_satisfaction_survey():
    """Two notices, a vote, and a 满意度测评 answered anonymously whose union scores at least 90 %."""
    from gonghui.core.periods import parse_period
    from gonghui.indicators.registry import compute
    from gonghui.notices.models import Notice
    from gonghui.surveys.models import Participation, Response, Survey

    assert Notice.objects.count() == 2
    survey = Survey.objects.get(kind="satisfaction")
    assert Participation.objects.filter(survey=survey).count() == Response.objects.filter(survey=survey).count() > 0
    assert not Response.objects.filter(survey=survey, person__isnull=False).exists()  # anonymous
    union = Org.objects.get(pk=survey.org.pk) if survey.org.kind == "union" else Org.objects.get(
        path=survey.org.path[:2 * Org.steplen])
    score = compute(union, parse_period(str(survey.closes_on.year)), ["home_satisfaction"])["home_satisfaction"]
    assert score is not None and score >= 90
