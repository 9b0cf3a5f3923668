"""Reads of surveys (lists, the member's, results, the satisfaction rows the indicators count), and who a
survey or a notice is addressed to: an org (a union, a branch or a group) and everyone below it.

One spelling for both (notices/ sits above and reads it): a member sees what was addressed to their own org or
one above it; the audience of an org is its members in force (会籍在册) in its subtree."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.scoping import get_for, scoped
from gonghui.core.scope_guard import mark_scoped, unscoped
from gonghui.orgs.models import Org
from gonghui.orgs.tree import ancestor_paths, subtree_q
from gonghui.people.models import MemberStatus, Person
from gonghui.surveys.models import Answer, Participation, Question, Survey


def member_person(viewer) -> Person | None:
    """The viewer's own person (with its org), or None for an account without one."""
    if not getattr(viewer, "person_id", None):
        return None
    with unscoped("the viewer's own person"):
        return Person.objects.select_related("org").filter(pk=viewer.person_id).first()


def addressed_to(qs: QuerySet, person: Person | None, prefix: str = "org__") -> QuerySet:
    """`qs` narrowed to the rows addressed to the person's org or an org above it (marked: it is the member's
    own view, not a subtree read)."""
    if person is None:
        return mark_scoped(qs.none())
    paths = ancestor_paths(person.org.path, including_self=True)
    return mark_scoped(qs.filter(**{f"{prefix}path__in": paths}))


def reaches(org: Org, person: Person) -> bool:
    """The person belongs to `org` or an org below it."""
    return person.org.path.startswith(org.path)


def audience(org: Org) -> QuerySet[Person]:
    """The members (会籍在册) of the org's subtree, by org and name. `org` belongs to a notice or survey the
    caller read through the scope."""
    qs = Person.objects.filter(subtree_q(org.path, "org__"), member_status=MemberStatus.ACTIVE)
    return mark_scoped(qs.select_related("org").order_by("org__path", "name_pinyin", "pk"))


# --- surveys ------------------------------------------------------------------------------------------------

# Surveys whose answers count (results, the 满意率 indicator): published, or ended after publishing.
COUNTED = (Survey.Status.PUBLISHED, Survey.Status.CLOSED)
# A satisfaction answer counts as satisfied when its option is 满意 or 基本满意 (Option.positive).
SATISFIED = Q(option__positive=True)


def survey_list(*, viewer, kind: str = "") -> QuerySet[Survey]:
    qs = scoped(Survey.objects.select_related("org"), viewer).annotate(
        responses_count=Count("participations", distinct=True))
    return qs.filter(kind=kind) if kind else qs


def survey_get(*, viewer, pk, write: bool = False) -> Survey:
    return get_for(viewer, Survey.objects.select_related("org"), pk, write=write)


def surveys_for_member(*, viewer) -> list[tuple[Survey, bool]]:
    """(survey, answered) for the surveys open today and addressed to the member, unanswered first."""
    person = member_person(viewer)
    today = timezone.localdate()
    qs = addressed_to(Survey.objects.select_related("org"), person).filter(
        status=Survey.Status.PUBLISHED, opens_on__lte=today, closes_on__gte=today)
    surveys = list(qs.order_by("closes_on", "pk"))
    done = set()
    if surveys:
        done = set(scoped(Participation.objects.all(), viewer).filter(
            person_id=person.pk, survey__in=surveys).values_list("survey_id", flat=True))
    return sorted(((s, s.pk in done) for s in surveys), key=lambda pair: pair[1])


def survey_for_member(*, viewer, pk) -> Survey:
    """A published survey addressed to the member (open or not); 404 otherwise."""
    found = addressed_to(Survey.objects.select_related("org"), member_person(viewer)).filter(
        status__in=COUNTED, pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("options"))


def percent(part, whole, places: int = 1) -> Decimal | None:
    """part ÷ whole × 100, rounded half-up to `places` decimals; None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    label: str
    count: int
    share: Decimal | None  # percent of the respondents (a multiple choice's shares add up to more than 100)


@dataclass
class QuestionResult:
    number: int
    question: Question
    answered: int = 0  # respondents who answered it
    rows: list[Row] = field(default_factory=list)  # options, or the ratings 1..5
    average: Decimal | None = None  # a rating's mean, 2 places
    texts: list[tuple[str, str]] = field(default_factory=list)  # (name or "", text)
    positive: int = 0  # a satisfaction question: 满意 + 基本满意


@dataclass
class Results:
    survey: Survey
    respondents: int
    questions: list[QuestionResult]
    participation: Decimal | None  # respondents ÷ audience_size, 2 places
    satisfied: int = 0  # satisfaction answers that are 满意 or 基本满意
    rated: int = 0  # all answers to the satisfaction questions
    score: Decimal | None = None  # satisfied ÷ rated × 100, 2 places


def _answers(survey: Survey) -> QuerySet[Answer]:
    return Answer.objects.filter(response__survey=survey)


def survey_results(survey: Survey) -> Results:
    """Counts per option (and per rating), shares of the respondents, text answers (named only when the survey
    is named), and for a satisfaction survey its score. `survey` was read through the scope."""
    with unscoped("the answers of a survey the viewer may read"):
        respondents = Participation.objects.filter(survey=survey).count()
        answers = _answers(survey)
        picks = {(q, o): n for q, o, n in answers.filter(option__isnull=False).values_list(
            "question_id", "option_id").annotate(n=Count("pk")).values_list("question_id", "option_id", "n")}
        ratings = {(q, r): n for q, r, n in answers.filter(rating__isnull=False).values_list(
            "question_id", "rating").annotate(n=Count("pk")).values_list("question_id", "rating", "n")}
        per_question = dict(answers.values_list("question_id").annotate(n=Count("response", distinct=True))
                            .values_list("question_id", "n"))
        texts: dict[int, list[tuple[str, str]]] = {}
        text_rows = answers.exclude(text="").select_related("response__person").order_by("response__person__name")
        for a in text_rows:
            name = a.response.person.name if (not survey.anonymous and a.response.person_id) else ""
            texts.setdefault(a.question_id, []).append((name, a.text))
    out = []
    satisfied = rated = 0
    for n, q in enumerate(questions_of(survey), start=1):
        r = QuestionResult(n, q, per_question.get(q.pk, 0))
        if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTI):
            for o in q.options.all():
                c = picks.get((q.pk, o.pk), 0)
                r.rows.append(Row(o.text, c, percent(c, respondents)))
                if o.positive:
                    r.positive += c
            if q.satisfaction:
                satisfied += r.positive
                rated += sum(row.count for row in r.rows)
        elif q.kind == Question.Kind.RATING:
            total = 0
            for score in range(1, 6):
                c = ratings.get((q.pk, score), 0)
                total += c * score
                r.rows.append(Row(f"{score}分", c, percent(c, respondents)))
            if r.answered:
                r.average = (Decimal(total) / r.answered).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        else:
            r.texts = texts.get(q.pk, [])
        out.append(r)
    is_rated = survey.kind == Survey.Kind.SATISFACTION
    return Results(survey, respondents, out, percent(respondents, survey.audience_size, 2),
                   satisfied, rated, percent(satisfied, rated, 2) if is_rated else None)


def satisfaction_answers(org: Org) -> QuerySet[Answer]:
    """The answers to the satisfaction questions of the 职工满意度测评 addressed to the org's subtree (the
    indicator's rows; SATISFIED marks the 满意/基本满意 among them). Dated by the survey's end date."""
    return Answer.objects.filter(subtree_q(org.path, "response__survey__org__"), question__satisfaction=True,
                                 response__survey__kind=Survey.Kind.SATISFACTION,
                                 response__survey__status__in=COUNTED)


def satisfaction_surveys(org: Org) -> QuerySet[Survey]:
    """The published 职工满意度测评 of the org's subtree (their audience_size is the participation's base)."""
    return Survey.objects.filter(subtree_q(org.path, "org__"), kind=Survey.Kind.SATISFACTION, status__in=COUNTED)


def satisfaction_responses(org: Org) -> QuerySet[Participation]:
    return Participation.objects.filter(subtree_q(org.path, "survey__org__"), survey__kind=Survey.Kind.SATISFACTION,
                                        survey__status__in=COUNTED)


def satisfaction_years(org: Org) -> list[int]:
    """The years (by end date) with a published 职工满意度测评 in the org's subtree, latest first; `org` was read
    through the scope."""
    with unscoped("the years of the satisfaction surveys under an org the viewer may read"):
        dates = satisfaction_surveys(org).dates("closes_on", "year", order="DESC")
        return [d.year for d in dates]
