"""The demo's 通知公告 and 问卷: a notice of the federation to everyone and one of the hospital union, a vote
open to the hospital's members (the demo member `huiyuan` finds it to answer), and a 职工满意度测评 of one of the
hospital's 工会小组 whose members (invited to accounts for it) have answered, so the hospital's 职工之家 rating
shows a 满意率 and a 参与率.

Written through the same services as real work (actor=SYSTEM); deterministic."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.notices.services import notice_publish
from gonghui.orgs.models import OrgKind
from gonghui.orgs.selectors import org_list
from gonghui.people.invitations.services import members_invite
from gonghui.surveys import services as surveys
from gonghui.surveys.models import Survey
from gonghui.surveys.selectors import audience, survey_list

HOSPITAL = "医院"
RESPONDENTS = 12  # each account costs a deliberate password hash (~0.5 s)
# The level picked per dimension by respondent i: mostly 满意, some 基本满意, a few 不满意 (about 95 %).
LEVELS = ("满意", "满意", "基本满意", "满意", "满意", "满意", "不满意", "满意", "基本满意", "满意", "满意")

FED_NOTICE = ("关于开展2026年度职工之家“会员评家”活动的通知", ("各基层工会：\n\n"
              "为推进职工之家建设常建常新，区总工会决定在全区开展年度“会员评家”活动。请各基层工会组织会员通过"
              "“我的工会”参加职工满意度测评，参与率不低于60%。\n\n"
              "测评结果作为职工之家评定的重要依据（会员评价满意度不低于90%）。\n\n区总工会\n"))
HOSPITAL_NOTICE = ("关于元旦春节期间走访慰问困难职工的通知", ("各分会、工会小组：\n\n"
                   "请于1月10日前摸清本单位困难职工情况，填写走访慰问登记表报工会办公室。\n\n医院工会\n"))


class DemoNotices:
    def __init__(self, *, federation, viewer=SYSTEM):
        self.federation = federation
        self.viewer = viewer

    def exist(self) -> bool:
        return survey_list(viewer=self.viewer, kind=Survey.Kind.SATISFACTION).exists()

    def build_once(self) -> None:
        if not self.exist():
            self.build()

    def _hospital(self):
        unions = org_list(viewer=self.viewer, under=self.federation, kind=OrgKind.UNION)
        return next((u for u in unions if HOSPITAL in u.name), None) or unions.first()

    def build(self) -> None:
        today = timezone.localdate()
        hospital = self._hospital()
        notice_publish(actor=SYSTEM, org=self.federation, title=FED_NOTICE[0], body=FED_NOTICE[1])
        notice_publish(actor=SYSTEM, org=hospital, title=HOSPITAL_NOTICE[0], body=HOSPITAL_NOTICE[1])
        ends = min(today + dt.timedelta(days=14), dt.date(today.year, 12, 31))
        vote = surveys.survey_create(actor=SYSTEM, org=hospital, kind=Survey.Kind.VOTE, title="职工运动会项目投票",
                                     opens_on=today, closes_on=ends, anonymous=False,
                                     intro="请选出您最想参加的项目（最多3项），得票最多的5项列入明年运动会。")
        surveys.question_add(actor=SYSTEM, survey=vote, text="您想参加哪些项目？", kind="multi", min_picks=1,
                             max_picks=3, options=["拔河", "跳绳", "乒乓球", "羽毛球", "趣味接力", "健步走", "象棋"])
        surveys.question_add(actor=SYSTEM, survey=vote, text="对运动会的期待（1–5分）", kind="rating")
        surveys.survey_publish(actor=SYSTEM, survey=vote)
        self._satisfaction(hospital, today, ends)

    def _satisfaction(self, hospital, today, ends) -> None:
        groups = [g for g in org_list(viewer=self.viewer, under=hospital, kind=OrgKind.GROUP)]
        sized = sorted(((audience(g).count(), g.path, g) for g in groups), key=lambda t: (t[0], t[1]))
        group = next((g for n, _p, g in sized if n >= 6), hospital)
        invited = members_invite(actor=SYSTEM, org=group, limit=RESPONDENTS)
        survey = surveys.survey_create(actor=SYSTEM, org=group, kind=Survey.Kind.SATISFACTION, title="",
                                       opens_on=today, closes_on=ends, anonymous=True)
        surveys.survey_publish(actor=SYSTEM, survey=survey)
        dims = list(survey.questions.filter(satisfaction=True).prefetch_related("options"))
        comment = survey.questions.filter(satisfaction=False).first()
        for i, invitation in enumerate(invited[:-1]):  # one invited member has not answered yet
            answers = {}
            for j, q in enumerate(dims):
                level = LEVELS[(i + j) % len(LEVELS)]
                answers[q.pk] = next(o.pk for o in q.options.all() if o.text == level)
            if comment is not None and i % 4 == 0:
                answers[comment.pk] = "希望职工书屋延长开放时间。" if i % 8 == 0 else "食堂夜班供餐可以再改进。"
            surveys.response_submit(actor=invitation.person.account, survey=survey, answers=answers)
