"""The member's 通知公告 and 问卷 (issue #16 §4): what is addressed to their org or one above it, nothing else.
Opening a notice records the read receipt; a survey is answered once."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.notices.downloads import attachment_response
from gonghui.notices.selectors import notice_for_member, notices_for_member
from gonghui.notices.services import notice_read
from gonghui.surveys.selectors import member_person, questions_of, survey_for_member, surveys_for_member
from gonghui.surveys.services import answered, is_open, response_submit

NOTICES = 10


def home_context(user) -> dict:
    """The sections of the member's home page: notices (unread first, the unread count for the badge) and
    the surveys open to them."""
    notices = list(notices_for_member(viewer=user)[:NOTICES])
    unread = notices_for_member(viewer=user).filter(is_read=False).count()
    return {"notices": notices, "notices_unread": unread, "surveys": surveys_for_member(viewer=user)}


def notice_list(request):
    if not request.user.person_id:
        return redirect("web:home")
    return render(request, "me/notice_list.html", {"notices": notices_for_member(viewer=request.user)})


def notice_detail(request, pk):
    if not request.user.person_id:
        return redirect("web:home")
    notice = notice_for_member(viewer=request.user, pk=pk)
    notice_read(actor=request.user, notice=notice)
    return render(request, "me/notice_detail.html", {"notice": notice})


def notice_file(request, pk):
    if not request.user.person_id:
        return redirect("web:home")
    return attachment_response(notice_for_member(viewer=request.user, pk=pk))


def _answers_from(post, questions) -> dict:
    """{question id: option id(s), rating or text} as posted (field q<id>); the service checks them."""
    out = {}
    for q in questions:
        name = f"q{q.pk}"
        out[q.pk] = post.getlist(name) if q.kind == q.Kind.MULTI else post.get(name, "")
    return out


def survey_answer(request, pk):
    if not request.user.person_id:
        return redirect("web:home")
    survey = survey_for_member(viewer=request.user, pk=pk)
    questions = questions_of(survey)
    done = answered(survey, member_person(request.user))
    posted, errors = {}, []
    if request.method == "POST" and not done:
        posted = _answers_from(request.POST, questions)
        try:
            response_submit(actor=request.user, survey=survey, answers=posted)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("已提交“%(t)s”，谢谢参与！") % {"t": survey.title})
            return redirect("me:home")
    picked = {str(v) for values in posted.values() for v in (values if isinstance(values, list) else [values])}
    return render(request, "me/survey_answer.html", {
        "survey": survey, "questions": [(q, posted.get(q.pk, "")) for q in questions], "picked": picked,
        "errors": errors, "answered": done, "open": is_open(survey)}, status=422 if errors else 200)
