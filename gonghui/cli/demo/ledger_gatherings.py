"""Demo ledger plans for meetings (委员会、经审会、女职委、小组会、职代会、恳谈会), study sessions and culture
events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gonghui.cli.demo.ledger_planner import LedgerPlanner, Title, Union, cn_number
from gonghui.cli.demo.ledger_words import (
    COMMITTEE_AGENDA,
    CULTURE_CALENDAR,
    MONTHLY_STUDY,
    OWN_AWARDS,
    STUDY_WORDS,
    UPPER_AWARDS,
)
from gonghui.ledgers import choices as c


class GatheringPlans(LedgerPlanner):
    """Meetings, studies and culture events of one union."""

    def pick_reps(self, u: Union) -> None:
        active = self.pool(u, self.today)
        committee = [p for title in (Title.CHAIR, Title.VICE_CHAIR, Title.BRANCH_CHAIR)
                     for p in u.officers.get(title, [])]
        others = [p for p in active if p not in committee]
        wanted = max(5, round(len(active) * u.shape["reps_share"]))
        u.reps = committee + self.sample(others, wanted - len(committee))

    def meetings(self, u: Union) -> None:
        shape = u.shape
        committee = [p for t in (Title.CHAIR, Title.VICE_CHAIR, Title.COMMITTEE, Title.WOMEN_CHAIR, Title.AUDIT_CHAIR,
                                 Title.ORGANISATION, Title.PUBLICITY) for p in u.officers.get(t, [])]
        audit = [p for t in (Title.AUDIT_CHAIR, Title.AUDIT_MEMBER) for p in u.officers.get(t, [])]
        women = [p for t in (Title.WOMEN_CHAIR, Title.WOMEN_MEMBER) for p in u.officers.get(t, [])]
        every = shape["committee_every"]
        for y, m in self.months():
            if m % every == 0:
                n = m // every
                agenda, resolution = COMMITTEE_AGENDA[m]
                self.add("meeting", u.org, self.day_in(y, m, 3, 15), participants=committee,
                         participant_count=len(committee) + self.rng.choice((0, 0, 1, 2)),
                         meeting_type=c.MeetingType.COMMITTEE, title=f"{y}年第{n}次工会委员会会议",
                         agenda=agenda, resolutions=resolution)
            quarter = (m - 1) // 3 + 1
            if m % 3 == 0 and (u.key != "culture" or m % 6 == 0):
                self.add("meeting", u.org, self.day_in(y, m, 10, 25), participants=audit,
                         participant_count=len(audit), meeting_type=c.MeetingType.AUDIT,
                         title=f"{y}年第{quarter}季度经费审查委员会会议",
                         agenda="审查工会经费收支情况", resolutions="经费收支符合规定，同意报告")
            if m % 3 == 2 and (u.key != "culture" or m in (2, 8)):
                self.add("meeting", u.org, self.day_in(y, m, 5, 20), participants=women,
                         participant_count=len(women), meeting_type=c.MeetingType.WOMEN,
                         title=f"{y}年第{quarter}季度女职工委员会会议",
                         agenda="研究女职工权益保护和关爱活动", resolutions="落实女职工特殊保护措施")
            self.congress(u, y, m)
            group_every = shape["group_every"]
            for i, group in enumerate(u.groups):
                if (m + i) % group_every:
                    continue
                day = self.day_in(y, m, 1, 28)
                members = self.pool(u, day, under=group)
                if not members:
                    continue
                present = self.share(members, 0.7, 1.0)
                self.add("meeting", group, day, participants=present, participant_count=len(present),
                         meeting_type=c.MeetingType.GROUP, title=f"{group.name}{y}年{m}月工会小组会",
                         agenda=self.rng.choice(("传达上级工会会议精神", "讨论班组安全生产和劳动竞赛", "收集职工意见建议",
                                                 "推选优秀工会会员", "学习工会法律法规")))

    def session_name(self, u: Union, y: int, kind: str) -> str:
        term, start = u.org.term_number, u.org.term_start
        session = max(1, y - start.year + (1 if start.month <= 3 else 0))
        if term:
            return f"{cn_number(term)}届{cn_number(session)}次{kind}"
        return f"{y}年{kind}"

    def congress(self, u: Union, y: int, m: int) -> None:
        """职代会 twice a year at the factory and the hospital, 民主恳谈会 the other quarters; the bureau holds
        its 会员大会 each December and a 恳谈会 in June."""
        reps = u.reps
        plan = {"factory": {3: "workers_congress", 9: "workers_congress", 6: "dialogue", 12: "dialogue"},
                "hospital": {1: "workers_congress", 7: "workers_congress", 4: "dialogue", 10: "dialogue"},
                "culture": {12: "congress", 6: "dialogue"}}[u.key]
        kind = plan.get(m)
        if kind is None:
            return
        day = self.day_in(y, m, 8, 26)
        if kind == "workers_congress":
            first = m <= 3
            title = self.session_name(u, y, "职工代表大会") if first else f"{y}年职工代表大会专题会议"
            agenda = ("审议工会工作报告、经费审查报告和年度经营计划" if first else "审议职工薪酬分配调整方案和集体合同履行情况")
            added = self.add("meeting", u.org, day, participants=reps,
                             participant_count=len(reps) + self.rng.randint(2, 6),
                             meeting_type=c.MeetingType.WORKERS_CONGRESS, title=title, agenda=agenda,
                             resolutions="各项报告经表决通过", news=(u, f"召开{title}"))
            if added:
                u.sessions.append(day)
        elif kind == "congress":
            present = self.share(self.pool(u, day), 0.75, 0.9)
            if self.add("meeting", u.org, day, participants=present, participant_count=len(present),
                        meeting_type=c.MeetingType.CONGRESS, title=f"{y}年度会员大会",
                        agenda="听取工会年度工作报告和经费收支情况报告", resolutions="报告经会员表决通过",
                        news=(u, f"召开{y}年度会员大会")):
                u.sessions.append(day)
        else:
            present = self.sample(reps, max(3, len(reps) // 3))
            self.add("meeting", u.org, day, participants=present, participant_count=len(present),
                     meeting_type=c.MeetingType.DIALOGUE, title=f"{y}年{m}月民主恳谈会",
                     agenda=self.rng.choice(("职工食堂和通勤问题", "一线岗位劳动保护", "绩效分配办法", "职工休假安排")),
                     resolutions="形成问题清单，明确责任部门限期答复", news=(u, "召开民主恳谈会倾听职工心声"))

    def studies(self, u: Union) -> None:
        words = STUDY_WORDS[u.key]
        chair = u.officer(Title.CHAIR)
        for y, m in self.months():
            study_type, topic = MONTHLY_STUDY[m]
            topic = topic.format(**words)
            day = self.day_in(y, m, 10, 27)
            pool = self.pool(u, day)
            lecturer = {
                "political": chair.name if chair else "工会主席",
                "law": self.rng.choice(("区总工会法律顾问黄律师", "广西某律师事务所韦律师", f"工会主席{chair.name if chair else ''}")),
                "safety": self.rng.choice(("区应急管理局专家", "消防救援大队教官", "安全管理部负责人")),
                "skill": self.skilled(pool),
            }[study_type]
            cap = {"factory": 140, "hospital": 90, "culture": 60}[u.key]
            present = self.share(pool, 0.15, 0.35, cap=cap)
            hours = Decimal(self.rng.choice(("2.0", "2.0", "3.0", "4.0")) if study_type != "skill" else "8.0")
            self.add("study", u.org, day, participants=present,
                     participant_count=len(present) + self.rng.choice((0, 0, 0, 2, 5)), study_type=study_type,
                     topic=f"{y}年{m}月{topic}", hours=hours, lecturer=lecturer,
                     news=(u, f"组织干部职工{topic}") if self.rng.random() < 0.5 or "工会法" in topic else None)
            # Branch-level sessions: monthly safety in the factory's workshops, business training elsewhere.
            for i, (branch, _groups) in enumerate(u.branches):
                if (m + i) % u.shape["branch_study_every"]:
                    continue
                day = self.day_in(y, m, 1, 28)
                people = self.pool(u, day, under=branch)
                if len(people) < 2:
                    continue
                topic = self.rng.choice(words["branch"])
                study_type = "safety" if u.key == "factory" else "skill"
                present = self.share(people, 0.6, 0.95)
                self.add("study", branch, day, participants=present, participant_count=len(present),
                         study_type=study_type, topic=f"{branch.name}{m}月{topic}", hours=Decimal("2.0"),
                         lecturer=self.skilled(people))
            if u.key == "factory" and m == 5:
                monitors = u.officers.get(Title.SAFETY_MONITOR, []) + u.officers.get(Title.GROUP_LEADER, [])
                self.add("study", u.org, self.day_in(y, m, 12, 22), participants=monitors,
                         participant_count=len(monitors), study_type=c.StudyType.SAFETY_MONITOR,
                         topic=f"{y}年群众性劳动保护监督检查员培训", hours=Decimal("8.0"), lecturer="区总工会劳动保护部",
                         news=(u, "举办群众性劳动保护监督检查员培训班"))
            if u.key == "factory" and m == 8:
                trainees = self.sample(self.pool(u, dt.date(y, m, 1)), 12)
                self.add("study", u.org, self.day_in(y, m, 5, 20), participants=trainees,
                         participant_count=len(trainees) + 6, study_type=c.StudyType.EMPLOYMENT,
                         topic=f"{y}年转岗职工数控操作再就业培训", hours=Decimal("40.0"), lecturer="区职业技能培训中心",
                         employed_count=len(trainees) + 6 - self.rng.randint(1, 3))

    def skilled(self, pool: list) -> str:
        posts = ("技术员", "主管护师", "副主任医师", "副研究馆员", "质检员", "班长")
        found = [p for p in pool if p.post in posts]
        return self.rng.choice(found or pool).name if (found or pool) else "外聘讲师"

    def culture(self, u: Union) -> None:
        for y, m in self.months():
            options = list(CULTURE_CALENDAR[m])
            if u.key == "hospital" and m == 5:
                options[0] = ("“五一”职工气排球赛", "own", False)
            if u.key == "culture" and m == 5:
                options = options[1:]
            for title, mode, on_branch in options[:u.shape["culture_per_month"]]:
                org = u.org
                if on_branch and u.branches and self.rng.random() < 0.6:
                    org = self.rng.choice(u.branches)[0]
                day = self.day_in(y, m, 5, 26)
                people = self.pool(u, day, under=org)
                if not people:
                    continue
                if mode == "upper":
                    present = self.share(people, 0.05, 0.2, cap=60)
                else:
                    present = self.share(people, 0.15, 0.45, cap=160)
                if mode == "upper":
                    awards = self.rng.choice(UPPER_AWARDS) if self.rng.random() < 0.7 else ""
                else:
                    team = self.rng.choice(u.branches)[0].name.replace("分会", "") if u.branches else "机关"
                    awards = self.rng.choice(OWN_AWARDS).format(b=team) if "赛" in title else ""
                headline = title if mode == "upper" else f"举办{title}"
                self.add("culture", org, day, participants=present,
                         participant_count=len(present) + self.rng.choice((0, 0, 3, 8)),
                         title=f"{y}年{title}", mode=mode, awards=awards,
                         news=(u, headline + (f"，{awards}" if awards and mode == "upper" else "")))

