"""The writes of surveys: an officer drafts one (or the built-in 职工满意度测评), adds questions, publishes it and
may close it early; a member answers once. Officers act within their subtree (`scoping.require_write`)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.scoping import require_write
from gonghui.core import audit
from gonghui.core.scope_guard import mark_fetched, unscoped
from gonghui.orgs.models import Org
from gonghui.people.models import Person
from gonghui.surveys.models import Answer, Option, Participation, Question, Response, Survey
from gonghui.surveys.selectors import COUNTED, audience, member_person, reaches

K = Question.Kind
TEXT_MAX = 2000
OPTIONS_MAX = 20

# The built-in 职工满意度测评 (会员评家): ten dimensions, each 满意 / 基本满意 / 不满意, and free text.
SATISFACTION_LEVELS = (("满意", True), ("基本满意", True), ("不满意", False))
SATISFACTION_DIMENSIONS = (
    "工会依法履行维护职工合法权益职责",
    "职工代表大会和厂务公开等民主管理",
    "关心关爱职工、困难职工帮扶",
    "职工素质提升和学习培训",
    "文体活动和职工之家阵地建设",
    "合理化建议和劳动竞赛",
    "女职工权益保护和关爱",
    "工会干部作风和自身建设",
    "工会经费使用和公开",
    "对本单位职工之家建设的总体评价",
)
SATISFACTION_TEXT = "您对职工之家建设还有哪些意见和建议？"

MSG_NOT_DRAFT = gettext_lazy("问卷已发布，题目不能再改。")
MSG_ONCE = gettext_lazy("您已经提交过这份问卷，每人只能提交一次。")
MSG_NOT_OPEN = gettext_lazy("这份问卷不在填写时间内（%(a)s至%(b)s）。")
MSG_NO_PERSON = gettext_lazy("您的账号没有关联职工档案，不能填写问卷；请联系工会干事。")


class Refused(ValidationError):
    """The step cannot be taken now (answered already, closed, not addressed to this member)."""


def _dates(opens_on, closes_on, errors: dict) -> None:
    if not opens_on:
        errors["opens_on"] = _("请填写开始日期。")
    if not closes_on:
        errors["closes_on"] = _("请填写截止日期。")
    elif opens_on and closes_on < opens_on:
        errors["closes_on"] = _("截止日期不能早于开始日期。")


@transaction.atomic
def survey_create(*, actor, org: Org, kind: str, title: str, opens_on: dt.date, closes_on: dt.date,
                  intro: str = "", anonymous: bool = True) -> Survey:
    """A draft addressed to `org` and below; the 职工满意度测评 comes with its questions."""
    require_write(actor, org)
    errors: dict[str, str] = {}
    if kind not in Survey.Kind.values:
        errors["kind"] = _("类型应为：%(all)s。") % {"all": "、".join(str(lb) for lb in Survey.Kind.labels)}
    title = (title or "").strip()
    if kind == Survey.Kind.SATISFACTION and not title:
        title = _("%(y)d年度职工之家会员满意度测评") % {"y": (opens_on or timezone.localdate()).year}
    if not title:
        errors["title"] = _("请填写标题。")
    _dates(opens_on, closes_on, errors)
    if errors:
        raise ValidationError(errors)
    survey = Survey(org=org, kind=kind, title=title, intro=(intro or "").strip(), anonymous=anonymous,
                    opens_on=opens_on, closes_on=closes_on, created_by=actor if getattr(actor, "pk", None) else None)
    survey.full_clean(exclude=["org", "created_by"])
    survey.save()
    if kind == Survey.Kind.SATISFACTION:
        for i, dimension in enumerate(SATISFACTION_DIMENSIONS, start=1):
            q = Question.objects.create(survey=survey, position=i, text=dimension, kind=K.SINGLE, satisfaction=True)
            Option.objects.bulk_create(Option(question=q, position=j, text=text, positive=positive)
                                       for j, (text, positive) in enumerate(SATISFACTION_LEVELS))
        Question.objects.create(survey=survey, position=len(SATISFACTION_DIMENSIONS) + 1, text=SATISFACTION_TEXT,
                                kind=K.TEXT, required=False)
    audit.record(actor=actor, action="create", obj=survey, org_path=org.path,
                 changes={"title": [None, title], "kind": [None, kind], "anonymous": [None, anonymous]})
    return mark_fetched(survey)


def _draft(actor, survey: Survey) -> None:
    require_write(actor, survey.org)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(MSG_NOT_DRAFT)


@transaction.atomic
def question_add(*, actor, survey: Survey, text: str, kind: str, options: list[str] | None = None,
                 required: bool = True, min_picks: int | None = None, max_picks: int | None = None) -> Question:
    _draft(actor, survey)
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("请填写题目。")
    if kind not in K.values:
        errors["kind"] = _("题型应为：%(all)s。") % {"all": "、".join(str(lb) for lb in K.labels)}
    options = [o.strip() for o in options or [] if o.strip()]
    low, high = 1, 1
    if kind in (K.SINGLE, K.MULTI):
        if len(options) < 2:
            errors["options"] = _("选择题至少要有两个选项，每行写一个。")
        elif len(options) > OPTIONS_MAX:
            errors["options"] = _("选项最多%(n)d个。") % {"n": OPTIONS_MAX}
        elif len(set(options)) < len(options):
            errors["options"] = _("选项有重复，请删去重复的一行。")
        elif any(len(o) > 200 for o in options):
            errors["options"] = _("每个选项不能超过200字。")
    if kind == K.MULTI and "options" not in errors:
        low = min_picks if min_picks is not None else (1 if required else 0)
        high = max_picks if max_picks is not None else len(options)
        if high < 1 or high > len(options):
            errors["max_picks"] = _("最多选的个数应在1到%(n)d之间。") % {"n": len(options)}
        elif low < 0 or low > high:
            errors["min_picks"] = _("最少选的个数应在0到最多选（%(n)d）之间。") % {"n": high}
        elif required and low < 1:
            errors["min_picks"] = _("必答的多选题至少要选1项。")
    if errors:
        raise ValidationError(errors)
    position = survey.questions.count() + 1
    question = Question(survey=survey, position=position, text=text, kind=kind, required=required,
                        min_picks=low if kind == K.MULTI else (1 if required else 0),
                        max_picks=high if kind == K.MULTI else 1)
    question.full_clean(exclude=["survey"])
    question.save()
    if kind in (K.SINGLE, K.MULTI):
        Option.objects.bulk_create(Option(question=question, position=j, text=o) for j, o in enumerate(options))
    audit.record(actor=actor, action="update", obj=survey, org_path=survey.org.path,
                 changes={"question": [None, text]})
    return question


@transaction.atomic
def question_delete(*, actor, survey: Survey, question_id: int) -> None:
    _draft(actor, survey)
    question = survey.questions.filter(pk=question_id).first()
    if question is None:
        raise ValidationError(_("没有这道题。"))
    audit.record(actor=actor, action="update", obj=survey, org_path=survey.org.path,
                 changes={"question": [question.text, None]})
    question.delete()


@transaction.atomic
def survey_publish(*, actor, survey: Survey) -> Survey:
    """Members addressed can answer it from its opening date; the audience is counted now (参与率's base)."""
    _draft(actor, survey)
    if not survey.questions.exists():
        raise ValidationError(_("请先添加至少一道题目再发布。"))
    survey.status = Survey.Status.PUBLISHED
    survey.published_at = timezone.now()
    survey.audience_size = audience(survey.org).count()
    survey.save(update_fields=["status", "published_at", "audience_size"])
    audit.record(actor=actor, action="update", obj=survey, org_path=survey.org.path,
                 changes={"status": ["draft", "published"], "audience_size": [None, survey.audience_size]})
    return survey


@transaction.atomic
def survey_close(*, actor, survey: Survey) -> Survey:
    """End a published survey now (its answers stay, its end date becomes today at the latest); a draft, or a
    survey not open yet, is withdrawn instead."""
    require_write(actor, survey.org)
    today = timezone.localdate()
    before = survey.status, survey.closes_on
    if survey.status == Survey.Status.DRAFT or (survey.status == Survey.Status.PUBLISHED and survey.opens_on > today):
        survey.status = Survey.Status.WITHDRAWN
    elif survey.status == Survey.Status.PUBLISHED:
        survey.status = Survey.Status.CLOSED
        survey.closes_on = min(survey.closes_on, today)
    else:
        raise ValidationError(_("问卷已经结束。"))
    survey.save(update_fields=["status", "closes_on"])
    audit.record(actor=actor, action="update", obj=survey, org_path=survey.org.path,
                 changes={"status": [before[0], survey.status], "closes_on": [str(before[1]), str(survey.closes_on)]})
    return survey


def is_open(survey: Survey, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    return survey.status == Survey.Status.PUBLISHED and survey.opens_on <= on <= survey.closes_on


def _clean_answers(survey: Survey, answers: dict) -> list[Answer]:
    """The Answer rows (unsaved, without response) for `answers` {question id: option id | [option ids] |
    rating | text}; every problem at once, each naming its question by number."""
    rows, problems = [], []
    for n, q in enumerate(survey.questions.prefetch_related("options"), start=1):
        raw = answers.get(q.pk)
        label = _("第%(n)d题“%(t)s”") % {"n": n, "t": q.text[:20]}
        options = {o.pk: o for o in q.options.all()}
        if q.kind in (K.SINGLE, K.MULTI):
            picked = raw if isinstance(raw, (list, tuple)) else ([] if raw in (None, "") else [raw])
            try:
                picked = list(dict.fromkeys(int(p) for p in picked))
            except (TypeError, ValueError):
                picked = [0]
            if any(p not in options for p in picked):
                problems.append(_("%(q)s：选项无效，请重新选择。") % {"q": label})
                continue
            if not picked:
                if q.required:
                    problems.append(_("%(q)s：请选择一项。") % {"q": label} if q.kind == K.SINGLE
                                    else _("%(q)s：请至少选择%(n)d项。") % {"q": label, "n": max(q.min_picks, 1)})
                continue
            if q.kind == K.SINGLE and len(picked) > 1:
                problems.append(_("%(q)s：只能选一项。") % {"q": label})
                continue
            if q.kind == K.MULTI and not q.min_picks <= len(picked) <= q.max_picks:
                problems.append(_("%(q)s：请选择%(a)d至%(b)d项（现在选了%(n)d项）。") % {
                    "q": label, "a": q.min_picks, "b": q.max_picks, "n": len(picked)})
                continue
            rows += [Answer(question=q, option=options[p]) for p in picked]
        elif q.kind == K.RATING:
            if raw in (None, ""):
                if q.required:
                    problems.append(_("%(q)s：请打分（1至5分）。") % {"q": label})
                continue
            try:
                score = int(raw)
            except (TypeError, ValueError):
                score = 0
            if not 1 <= score <= 5:
                problems.append(_("%(q)s：分数应为1至5分。") % {"q": label})
                continue
            rows.append(Answer(question=q, rating=score))
        else:
            text = str(raw or "").strip()
            if not text:
                if q.required:
                    problems.append(_("%(q)s：请填写。") % {"q": label})
                continue
            if len(text) > TEXT_MAX:
                problems.append(_("%(q)s：不能超过%(m)d字（现在%(n)d字）。") % {"q": label, "m": TEXT_MAX, "n": len(text)})
                continue
            if "\x00" in text:
                problems.append(_("%(q)s：含有无法保存的字符，请删去后再提交。") % {"q": label})
                continue
            rows.append(Answer(question=q, text=text))
    if problems:
        raise ValidationError(problems)
    return rows


def _member(actor) -> Person:
    person = member_person(actor)
    if person is None:
        raise ValidationError(MSG_NO_PERSON, code="no_person")
    return person


@transaction.atomic
def response_submit(*, actor, survey: Survey, answers: dict) -> None:
    """The member's one answer. Anonymous: the response stores no person and no time; the participation (who
    has answered) is stored apart and refuses a second answer."""
    person = _member(actor)
    if survey.status not in COUNTED or not reaches(survey.org, person):
        raise PermissionDenied
    if not is_open(survey):
        raise Refused(MSG_NOT_OPEN % {"a": survey.opens_on.isoformat(), "b": survey.closes_on.isoformat()},
                      code="closed")
    rows = _clean_answers(survey, answers)
    now = timezone.now()
    try:
        with transaction.atomic():
            participation = Participation.objects.create(survey=survey, person=person, answered_at=now)
    except IntegrityError:
        raise Refused(MSG_ONCE, code="answered") from None
    response = Response.objects.create(survey=survey, person=None if survey.anonymous else person,
                                       submitted_at=None if survey.anonymous else now)
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    # The trail names the participation only: an anonymous response is never tied to a person, here either.
    audit.record(actor=actor, action="create", obj=participation, org_path=survey.org.path,
                 object_repr=f"{person.name} 提交 {survey.title}"[:200])


def answered(survey: Survey, person: Person) -> bool:
    with unscoped("whether the member has answered a survey addressed to them"):
        return Participation.objects.filter(survey=survey, person=person).exists()
