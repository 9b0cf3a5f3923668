"""Surveys: the audience, one answer per member, anonymity that stores no link, the satisfaction score."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.accounts.services import user_create
from gonghui.conftest import PASSWORD
from gonghui.core.models import AuditEvent
from gonghui.core.scope_guard import unscoped
from gonghui.people.services import membership_event_add
from gonghui.surveys import services
from gonghui.surveys.models import Answer, Participation, Question, Response, Survey
from gonghui.surveys.selectors import survey_results, surveys_for_member


def _today():
    return timezone.localdate()


def _survey(cast, org=None, *, kind="survey", anonymous=True, **kw):
    return services.survey_create(actor=cast.officer_a1, org=org or cast.ua_b1, kind=kind, title=kw.pop("title", "食堂调查"),
                                  opens_on=_today(), closes_on=_today() + dt.timedelta(days=7), anonymous=anonymous)


def _choice(survey, text="您常去食堂吗", kind="single", options=("常去", "偶尔", "不去"), **kw):
    return services.question_add(actor=SYSTEM, survey=survey, text=text, kind=kind, options=list(options), **kw)


def _opt(question, text):
    return question.options.get(text=text).pk


def _members(cast):
    for person in (cast.wang_person, cast.zhou_person):
        membership_event_add(actor=SYSTEM, person=person, kind="join", date=dt.date(2020, 1, 1))


def test_it_lets_officers_write_only_within_their_subtree(cast):
    with pytest.raises(PermissionDenied):
        services.survey_create(actor=cast.officer_a1, org=cast.ua, kind="survey", title="全会调查",
                               opens_on=_today(), closes_on=_today())
    with pytest.raises(PermissionDenied):
        services.survey_create(actor=cast.member_a, org=cast.ua_g1, kind="survey", title="小组调查",
                               opens_on=_today(), closes_on=_today())
    with pytest.raises(ValidationError) as err:
        services.survey_create(actor=cast.chair_a, org=cast.ua, kind="survey", title="",
                               opens_on=_today(), closes_on=_today() - dt.timedelta(days=1))
    assert err.value.message_dict == {"title": ["请填写标题。"], "closes_on": ["截止日期不能早于开始日期。"]}


def test_it_reaches_the_members_of_the_org_and_below_only(cast):
    _members(cast)
    survey = _survey(cast)  # 机关分会: wang (its group) is in it, zhou (后勤小组 of UA) is not
    _choice(survey)
    services.survey_publish(actor=cast.officer_a1, survey=survey)
    assert survey.audience_size == 1
    assert [s.pk for s, _done in surveys_for_member(viewer=cast.member_a)] == [survey.pk]
    zhou = user_create(actor=SYSTEM, username="zhou", password=PASSWORD, grants=[(cast.ua, "member")],
                       person=cast.zhou_person)
    assert surveys_for_member(viewer=zhou) == []
    with pytest.raises(PermissionDenied):
        services.response_submit(actor=zhou, survey=survey, answers={})


def test_it_takes_one_answer_per_member_and_refuses_a_second(cast):
    survey = _survey(cast)
    q = _choice(survey)
    services.survey_publish(actor=SYSTEM, survey=survey)
    services.response_submit(actor=cast.member_a, survey=survey, answers={q.pk: _opt(q, "常去")})
    with pytest.raises(services.Refused) as err:
        services.response_submit(actor=cast.member_a, survey=survey, answers={q.pk: _opt(q, "偶尔")})
    assert err.value.messages == ["您已经提交过这份问卷，每人只能提交一次。"]
    with unscoped("test"):
        assert Response.objects.filter(survey=survey).count() == 1
    assert surveys_for_member(viewer=cast.member_a) == [(survey, True)]


def test_an_anonymous_answer_stores_no_link_to_the_person(cast):
    survey = _survey(cast, anonymous=True)
    q = _choice(survey)
    text = services.question_add(actor=SYSTEM, survey=survey, text="建议", kind="text", required=False)
    services.survey_publish(actor=SYSTEM, survey=survey)
    services.response_submit(actor=cast.member_a, survey=survey, answers={q.pk: _opt(q, "不去"), text.pk: "饭菜太咸"})
    with unscoped("test"):
        response = Response.objects.get(survey=survey)
        assert response.person_id is None and response.submitted_at is None
        assert Participation.objects.get(survey=survey).person_id == cast.wang_person.pk  # has answered: apart
        audit = list(AuditEvent.objects.filter(object_type__in=["response", "answer"]))
        assert audit == []  # the trail names the participation, never the response
    results = survey_results(survey)
    assert results.questions[1].texts == [("", "饭菜太咸")]


def test_a_named_answer_shows_who_wrote_the_text(cast):
    survey = _survey(cast, anonymous=False)
    text = services.question_add(actor=SYSTEM, survey=survey, text="建议", kind="text")
    services.survey_publish(actor=SYSTEM, survey=survey)
    services.response_submit(actor=cast.member_a, survey=survey, answers={text.pk: "多开窗"})
    with unscoped("test"):
        assert Response.objects.get(survey=survey).person_id == cast.wang_person.pk
    assert survey_results(survey).questions[0].texts == [("王会员", "多开窗")]


def test_it_checks_every_answer_and_names_the_question(cast):
    survey = _survey(cast)
    _choice(survey)
    multi = _choice(survey, "想吃什么", "multi", ("面", "饭", "粥", "饺子"), min_picks=2, max_picks=3)
    rating = services.question_add(actor=SYSTEM, survey=survey, text="打分", kind="rating")
    services.survey_publish(actor=SYSTEM, survey=survey)
    with pytest.raises(ValidationError) as err:
        services.response_submit(actor=cast.member_a, survey=survey,
                                 answers={multi.pk: [_opt(multi, "面")], rating.pk: "9"})
    assert err.value.messages == ["第1题“您常去食堂吗”：请选择一项。", "第2题“想吃什么”：请选择2至3项（现在选了1项）。",
                                  "第3题“打分”：分数应为1至5分。"]
    with unscoped("test"):
        assert not Participation.objects.filter(survey=survey).exists()  # nothing half-written


def test_it_refuses_a_choice_question_without_two_options_and_edits_after_publishing(cast):
    survey = _survey(cast)
    with pytest.raises(ValidationError) as err:
        _choice(survey, options=("只有一个",))
    assert err.value.message_dict == {"options": ["选择题至少要有两个选项，每行写一个。"]}
    _choice(survey)
    services.survey_publish(actor=SYSTEM, survey=survey)
    with pytest.raises(ValidationError) as err:
        _choice(survey)
    assert err.value.messages == ["问卷已发布，题目不能再改。"]


def test_it_refuses_an_answer_outside_the_dates(cast):
    survey = _survey(cast)
    q = _choice(survey)
    services.survey_publish(actor=SYSTEM, survey=survey)
    services.survey_close(actor=cast.officer_a1, survey=survey)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED and survey.closes_on == _today()
    with pytest.raises(services.Refused):
        services.response_submit(actor=cast.member_a, survey=survey, answers={q.pk: _opt(q, "常去")})


def _satisfaction(cast, picks: list[list[str]]):
    """A published 满意度测评 of UA answered by len(picks) members, each row the level picked per dimension."""
    survey = services.survey_create(actor=cast.chair_a, org=cast.ua, kind="satisfaction", title="",
                                    opens_on=_today(), closes_on=_today())
    services.survey_publish(actor=cast.chair_a, survey=survey)
    dims = list(survey.questions.filter(satisfaction=True))
    for i, levels in enumerate(picks):
        person = cast.wang_person if i == 0 else _person(cast, i)
        user = cast.member_a if i == 0 else user_create(actor=SYSTEM, username=f"m{i}", password=PASSWORD,
                                                         grants=[(cast.ua, "member")], person=person)
        answers = {q.pk: q.options.get(text=level).pk for q, level in zip(dims, levels)}
        services.response_submit(actor=user, survey=survey, answers=answers)
    return survey


def _person(cast, i):
    from gonghui.conftest import make_id
    from gonghui.people.services import person_create

    return person_create(actor=SYSTEM, org=cast.ua_g2, name=f"职工{i}", id_number=make_id("19900101", 400 + i))


def test_the_satisfaction_template_scores_satisfied_and_basically_satisfied_to_the_fen_of_a_percent(cast):
    # 3 members x 10 dimensions = 30 answers; 不满意: 1 + 1 + 0 -> 28 / 30 = 93.333... -> 93.33
    full = ["满意"] * 10
    survey = _satisfaction(cast, [["不满意"] + ["基本满意"] * 9, full[:9] + ["不满意"], full])
    assert survey.questions.count() == 11 and survey.questions.filter(satisfaction=True).count() == 10
    assert survey.questions.get(kind=Question.Kind.TEXT).required is False
    results = survey_results(survey)
    assert (results.satisfied, results.rated, results.score) == (28, 30, Decimal("93.33"))
    assert results.respondents == 3
    first = results.questions[0]
    assert [(r.label, r.count, r.share) for r in first.rows] == [
        ("满意", 2, Decimal("66.7")), ("基本满意", 0, Decimal("0.0")), ("不满意", 1, Decimal("33.3"))]
    with unscoped("test"):
        assert Answer.objects.filter(response__survey=survey).count() == 30
