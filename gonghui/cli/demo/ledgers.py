"""A year and a half of union work for the demo unions, written through `entry_save` like real work.

Every entry goes through `ledgers.services.entry_save` with actor=None (the system), so the ledger rules
(dates in order, 结案日期 only for closed cases, 未采纳原因, one 案号 per union, participants from the union's
own roster) are applied: a demo that breaks a rule fails loudly instead of showing numbers that could not
have been typed in.

The window is the 18 months ending today. Work recurs on a calendar (monthly 工会委员会会议, 学习《工会法》
in April and October, 送温暖 before the Spring Festival, 金秋助学 in August, 三八节 in March, ...), so every
half-year inside the window has something true to say in every section of a summary. Volumes follow the
size of each union: the factory does the most. Deterministic: one seeded Random drives every choice.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.cli.demo.ledger_words import (
    CN_DIGITS,
    COMMITTEE_AGENDA,
    CULTURE_CALENDAR,
    DEPARTMENTS,
    DISPUTES,
    EXTRA_TASKS,
    HARDSHIP_CAUSES,
    HOSPITAL_REASONS,
    IMPROVEMENTS,
    MEDIA,
    MID_AUTUMN,
    MONTHLY_STUDY,
    OPENNESS,
    OPENNESS_FORMS,
    OWN_AWARDS,
    PROPOSALS,
    REJECTION_REASONS,
    RULES,
    SCHOOLS,
    SHAPE,
    SPRING_FESTIVAL,
    STUDY_WORDS,
    SUGGESTION_TITLES,
    TASKS,
    UPPER_AWARDS,
)
from gonghui.ledgers import choices as c
from gonghui.ledgers.kinds import KINDS
from gonghui.ledgers.selectors import entry_list
from gonghui.ledgers.services import entry_save
from gonghui.orgs import selectors as org_selectors
from gonghui.people.models import Position
from gonghui.people.selectors import PersonFilters, officers_of, person_list

Title = Position.Title
WINDOW_MONTHS = 18

# --- small helpers ---------------------------------------------------------------------------------------

def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The 18 months ending today, both ends inclusive."""
    return add_months(today, -WINDOW_MONTHS) + dt.timedelta(days=1), today


def workday(day: dt.date) -> dt.date:
    """Saturday back to Friday, Sunday on to Monday."""
    shift = {5: -1, 6: 1}.get(day.weekday(), 0)
    return day + dt.timedelta(days=shift)


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + CN_DIGITS[n - 10]
    return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def lunar(table: dict, year: int, default: tuple[int, int]) -> dt.date:
    month, day = table.get(year, default)
    return dt.date(year, month, day)


@dataclass
class Union:
    key: str
    org: object
    shape: dict
    branches: list  # [(branch, [groups])]
    groups: list  # every group, under a branch or directly under the union
    people: list  # every person of the union's subtree
    officers: dict  # title -> [Person]
    reps: list = field(default_factory=list)  # 职工代表
    news: list = field(default_factory=list)  # (date, org, headline) worth an article
    sessions: list = field(default_factory=list)  # dates of the 职代会 (会员大会) where proposals are handed in
    hardship: list = field(default_factory=list)  # (person, filed, resolved, category, cause)

    @property
    def short(self) -> str:
        return self.shape["short"]

    def officer(self, title: str):
        found = self.officers.get(title) or []
        return found[0] if found else None


@dataclass
class Planned:
    code: str
    org: object
    values: dict
    participants: list | None = None


class DemoLedgers:
    """Plans the entries of all 16 kinds for each demo union, then saves them through entry_save."""

    def __init__(self, *, federation, viewer, seed: int = 2026, today: dt.date | None = None):
        from django.utils import timezone

        self.federation = federation
        self.viewer = viewer
        self.rng = random.Random(f"ledgers-{seed}")
        self.today = today or min(timezone.localdate(), dt.date.today())
        self.start, self.end = window(self.today)
        self.plan: list[Planned] = []
        self.counts: Counter = Counter()

    # --- reading the demo's orgs and people -----------------------------------------------------------

    def exist(self) -> bool:
        return any(entry_list(viewer=self.viewer, kind=kind, org=self.federation).exists()
                   for kind in KINDS.values())

    def load(self) -> list[Union]:
        from gonghui.cli.demo import data

        keys = {spec["name"]: spec["key"] for spec in data.UNIONS}
        tree = list(org_selectors.org_list(viewer=self.viewer, under=self.federation))
        people = list(person_list(viewer=self.viewer, filters=PersonFilters(org=self.federation))
                      .select_related("org").order_by("id"))
        unions = []
        for org in tree:
            if org.kind != "union" or org.name not in keys:
                continue
            below = [o for o in tree if o.path.startswith(org.path) and o.pk != org.pk]
            branches = [(b, [g for g in below if g.kind == "group" and g.path.startswith(b.path)])
                        for b in below if b.kind == "branch"]
            mine = {p.pk: p for p in people if p.org.path.startswith(org.path)}
            officers: dict[str, list] = {}
            for holder in [org, *below]:
                for position in officers_of(holder, self.today):
                    # Only officers still working on this union's roster: entry_save refuses anyone else.
                    if position.person_id in mine and mine[position.person_id].work_status == "active":
                        officers.setdefault(position.title, []).append(mine[position.person_id])
            unions.append(Union(
                key=keys[org.name], org=org, shape=SHAPE[keys[org.name]], branches=branches,
                groups=[g for g in below if g.kind == "group"], people=list(mine.values()), officers=officers,
            ))
        return unions

    # --- random helpers --------------------------------------------------------------------------------

    def weighted(self, pairs):
        values, weights = zip(*pairs)
        return self.rng.choices(values, weights=weights)[0]

    def day_in(self, year: int, month: int, lo: int = 1, hi: int = 28) -> dt.date:
        last = calendar.monthrange(year, month)[1]
        return workday(dt.date(year, month, min(self.rng.randint(lo, hi), last)))

    def between(self, a: dt.date, b: dt.date) -> dt.date:
        return a if b <= a else a + dt.timedelta(days=self.rng.randint(0, (b - a).days))

    def in_window(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self):
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            yield y, m
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)

    def halves(self):
        """(start, end) of each half-year overlapping the window, clipped to it."""
        for year in range(self.start.year, self.end.year + 1):
            for a, b in ((dt.date(year, 1, 1), dt.date(year, 6, 30)), (dt.date(year, 7, 1), dt.date(year, 12, 31))):
                a, b = max(a, self.start), min(b, self.end)
                if a <= b:
                    yield a, b

    def pool(self, union: Union, on: dt.date, under=None, gender: str = "", retired: bool = False) -> list:
        path = (under or union.org).path
        return [p for p in union.people
                if p.org.path.startswith(path) and (p.hired_on is None or p.hired_on <= on)
                and (p.work_status == "active" or retired and p.work_status == "retired")
                and (not gender or p.gender == gender)]

    def sample(self, pool: list, k: int) -> list:
        return self.rng.sample(pool, max(0, min(k, len(pool))))

    def share(self, pool: list, low: float, high: float, cap: int = 10_000) -> list:
        k = round(len(pool) * self.rng.uniform(low, high))
        return self.sample(pool, min(max(k, min(3, len(pool))), cap))

    def leaders(self, union: Union) -> str:
        chair, vice = union.officer(Title.CHAIR), union.officer(Title.VICE_CHAIR)
        parts = []
        if chair:
            parts.append(f"工会主席{chair.name}")
        if vice:
            parts.append(f"副主席{vice.name}")
        return "、".join(parts) or "工会委员会"

    def add(self, code: str, org, day: dt.date, participants=None, news: tuple | None = None, **values) -> bool:
        if not self.in_window(day):
            return False
        values["date"] = day
        self.plan.append(Planned(code, org, values, participants))
        if news is not None:
            union, headline = news
            union.news.append((day, org, headline))
        return True

    # --- the plan --------------------------------------------------------------------------------------

    def plan_union(self, u: Union) -> None:
        self.pick_reps(u)
        self.meetings(u)
        self.studies(u)
        self.culture(u)
        self.competitions(u)
        self.suggestions(u)
        self.honours(u)
        self.hardship(u)
        self.aid(u)
        self.mediation(u)
        self.women(u)
        self.rules(u)
        self.openness(u)
        self.contracts(u)
        self.proposals(u)
        self.tasks(u)
        self.publicity(u)  # last: it writes up the news of everything above

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

    def competitions(self, u: Union) -> None:
        groups = [g.name for g in u.groups]
        n_people = len(self.pool(u, self.today))
        for year in range(self.start.year, self.end.year + 1):
            # 安康杯: April to November, results and rewards once it is over.
            start = workday(dt.date(year, 4, 1))
            finish = dt.date(year, 11, 30)
            done = finish <= self.today
            teams = self.sample(groups, max(2, len(groups) * 2 // 3))
            self.add("competition", u.org, start, end_date=finish if done else None, title=f"{year}年“安康杯”竞赛",
                     competition_type=c.CompetitionType.ANKANG, teams="、".join(teams),
                     participant_count=round(n_people * self.rng.uniform(0.6, 0.9)) or 1,
                     results=(f"开展安全隐患排查{self.rng.randint(20, 60)}次，整改隐患{self.rng.randint(40, 160)}项，全年无重伤以上事故"
                              if done else ""),
                     reward_amount=money({"factory": 50000, "hospital": 20000, "culture": 5000}[u.key])
                     if done else None,
                     title_awarded=f"“安康杯”优胜班组（{'、'.join(teams[:2])}）" if done else "",
                     news=(u, f"启动{year}年“安康杯”竞赛活动"))
            # 技能比武 in the autumn (the hospital in May, around 护士节), a few days long.
            month, name, reward, champion = {
                "factory": (9, "职工技能比武（车工、焊工、数控车）", 30000, "技术能手"),
                "hospital": (5, "护理技能竞赛", 12000, "护理技能标兵"),
                "culture": (10, "讲解员技能大赛", 3000, "优秀讲解员")}[u.key]
            day = self.day_in(year, month, 8, 20)
            end = day + dt.timedelta(days=self.rng.randint(1, 3))
            over = end <= self.today
            self.add("competition", u.org, day, end_date=end if over else None, title=f"{year}年{name}",
                     competition_type=c.CompetitionType.SKILL, teams="、".join(self.sample(groups, 4)),
                     participant_count=max(4, round(n_people * self.rng.uniform(0.05, 0.12))),
                     results="评出一等奖2名、二等奖4名、三等奖6名" if over else "",
                     reward_amount=money(reward) if over else None, title_awarded=champion if over else "",
                     news=(u, f"举办{year}年{name}"))
            # 岗位练兵 in a branch (two at the factory) each March and October; the factory's 节能降耗 each half.
            drills = [(m, b) for m in (3, 10)
                      for b in self.sample([b for b, _g in u.branches], 2 if u.key == "factory" else 1)]
            for month, branch in drills:
                day = self.day_in(year, month, 3, 12)
                end = day + dt.timedelta(days=self.rng.randint(14, 40))
                over = end <= self.today
                label = {"factory": "岗位练兵“比学赶帮超”活动", "hospital": "“三基三严”岗位练兵",
                         "culture": "公文写作岗位练兵"}[u.key]
                self.add("competition", branch, day, end_date=end if over else None,
                         title=f"{year}年{branch.name}{label}", competition_type=c.CompetitionType.DRILL,
                         participant_count=len(self.pool(u, day, under=branch)) or 1,
                         results="全员参与考核，合格率100%" if over else "",
                         reward_amount=money(self.rng.choice((2000, 3000, 5000))) if over else None)
            if u.key == "factory":
                for half, first, finish in (("上", dt.date(year, 1, 5), dt.date(year, 6, 30)),
                                            ("下", dt.date(year, 7, 1), dt.date(year, 12, 31))):
                    over = finish <= self.today
                    self.add("competition", u.org, workday(first), end_date=finish if over else None,
                             title=f"{year}年{half}半年节能降耗劳动竞赛", competition_type=c.CompetitionType.ENERGY,
                             teams="一车间、二车间、三车间、四车间", participant_count=round(n_people * 0.5) or 1,
                             results=f"万元产值综合能耗同比下降{self.rng.choice(('3.2', '4.6', '5.1'))}%" if over else "",
                             reward_amount=money(20000) if over else None)

    def suggestions(self, u: Union) -> None:
        titles = {k: list(v) for k, v in SUGGESTION_TITLES[u.key].items()}
        for pool in titles.values():
            self.rng.shuffle(pool)
        taken: set = set()
        scale = max(1, round(len(self.pool(u, self.today)) / 300))
        # (category, per quarter low-high before scaling, value range)
        plan = {"factory": (("golden_idea", 4, 8, (2000, 60000)), ("rationalisation", 3, 5, (5000, 90000)),
                            ("innovation", 2, 3, (20000, 400000))),
                "hospital": (("golden_idea", 2, 4, (1000, 30000)), ("rationalisation", 1, 2, (5000, 60000)),
                             ("innovation", 1, 1, (10000, 120000))),
                "culture": (("golden_idea", 1, 2, (500, 8000)), ("rationalisation", 1, 1, (1000, 20000)),
                            ("innovation", 0, 1, (5000, 30000)))}[u.key]
        for y, m in self.months():
            if m % 3 != 2:  # 金点子征集 in the middle month of each quarter
                continue
            for category, low, high, (vmin, vmax) in plan:
                for _ in range(self.rng.randint(low * scale, high * scale)):
                    day = self.day_in(y, m, 1, 28) + dt.timedelta(days=self.rng.randint(0, 20))
                    if not self.in_window(day):
                        continue
                    proposers = self.sample(self.pool(u, day), self.rng.choice((1, 1, 1, 2, 3)))
                    org = self.proposer_org(u, proposers)
                    title = self.suggestion_title(u, titles[category], proposers, taken, day)
                    status = self.suggestion_status((self.today - day).days)
                    values = {"category": category, "title": title, "status": status}
                    if status in ("adopted", "in_progress", "implemented") and (category != "golden_idea"
                                                                                 or self.rng.random() < 0.75):
                        values["economic_value"] = money(round(self.rng.triangular(vmin, vmax, vmin * 2.5), -2))
                    if status == "implemented":
                        values["reward_amount"] = money(self.rng.choice(
                            (2000, 3000, 5000, 8000) if category == "innovation" else (200, 300, 500, 1000)))
                    if status == "rejected":
                        values["rejection_reason"] = self.rng.choice(REJECTION_REASONS)
                    self.add("suggestion", org, day, participants=proposers, **values)
            if m in (5, 11):
                u.news.append((self.day_in(y, m, 20, 28), u.org, "开展“金点子”合理化建议征集活动"))

    def suggestion_title(self, u: Union, pool: list, proposers: list, taken: set, day: dt.date) -> str:
        """The listed titles first, then the proposer's own team with a typical improvement."""
        while pool:
            title = pool.pop()
            if title not in taken:
                break
        else:
            place = proposers[0].org.name.replace("小组", "") if proposers else u.short
            title = f"{place}{self.rng.choice(IMPROVEMENTS[u.key])}"
        if title in taken:
            title = f"{title}（{day.year}年{day.month}月）"
        taken.add(title)
        return title

    def proposer_org(self, u: Union, proposers: list):
        if not proposers or self.rng.random() < 0.5:
            return u.org
        home = proposers[0].org
        for branch, _groups in u.branches:
            if home.path.startswith(branch.path) and all(p.org.path.startswith(branch.path) for p in proposers):
                return branch
        return u.org

    def suggestion_status(self, age: int) -> str:
        if age < 30:
            return self.weighted((("collected", 6), ("reviewing", 4)))
        if age < 100:
            return self.weighted((("reviewing", 3), ("adopted", 3), ("in_progress", 2), ("to_decision", 1),
                                  ("rejected", 1)))
        return self.weighted((("implemented", 45), ("adopted", 8), ("in_progress", 14), ("to_decision", 6),
                              ("rejected", 22), ("reviewing", 5)))

    def honours(self, u: Union) -> None:
        for year in range(self.start.year, self.end.year + 1):
            # January: the union's own 年度表彰.
            day = self.day_in(year, 1, 10, 25)
            people = self.pool(u, day)
            k = max(2, len(people) // 60)
            for person in self.sample(people, k):
                self.add("honour", u.org, day, recipient_person=person, honour_name=f"{year - 1}年度优秀工会会员",
                         level=c.Level.ENTERPRISE, granted_by=u.org.name)
            for person in self.sample(people, max(1, k // 2)):
                self.add("honour", u.org, day, recipient_person=person, honour_name=f"{year - 1}年度优秀工会积极分子",
                         level=c.Level.ENTERPRISE, granted_by=u.org.name)
            for group in self.sample(u.groups, max(1, len(u.groups) // 8)):
                self.add("honour", u.org, day, recipient_org=group, honour_name=f"{year - 1}年度先进工会小组",
                         level=c.Level.ENTERPRISE, granted_by=u.org.name)
            u.news.append((day + dt.timedelta(days=1), u.org, f"表彰{year - 1}年度优秀工会会员和先进工会小组"))
            # March: 三八红旗手; April: 五一 honours from the district (and above, for the factory).
            women = self.pool(u, dt.date(year, 3, 1), gender="F")
            if women:
                self.add("honour", u.org, self.day_in(year, 3, 3, 7), recipient_person=self.rng.choice(women),
                         honour_name=f"{year}年度青山区“三八红旗手”", level=c.Level.COUNTY, granted_by="青山区妇女联合会",
                         news=(u, "女职工荣获区“三八红旗手”称号"))
            day = self.day_in(year, 4, 24, 29)
            people = self.pool(u, day)
            if people:
                self.add("honour", u.org, day, recipient_person=self.rng.choice(people),
                         honour_name="青山区五一劳动奖章", level=c.Level.COUNTY, granted_by="青山区总工会",
                         news=(u, "职工荣获青山区五一劳动奖章"))
            if u.groups:
                group = self.rng.choice(u.groups)
                level = c.Level.CITY if u.key == "factory" else c.Level.COUNTY
                self.add("honour", u.org, day, recipient_org=group, honour_name="工人先锋号", level=level,
                         granted_by="市总工会" if level == c.Level.CITY else "青山区总工会",
                         news=(u, f"{group.name}荣获“工人先锋号”称号"))
            if u.key == "factory" and year % 2 == 0 and people:
                self.add("honour", u.org, day, recipient_person=self.rng.choice(people),
                         honour_name="广西五一劳动奖章", level=c.Level.PROVINCE, granted_by="广西壮族自治区总工会")
            if u.key == "hospital":
                self.add("honour", u.org, self.day_in(year, 5, 8, 12),
                         recipient_org=self.rng.choice(u.branches)[0] if u.branches else u.org,
                         honour_name="巾帼文明岗", level=c.Level.CITY, granted_by="市妇女联合会")
            day = self.day_in(year, 9, 1, 15)
            people = self.pool(u, day)
            if people:
                self.add("honour", u.org, day, recipient_person=self.rng.choice(people),
                         honour_name=f"{year}年度青山区优秀工会积极分子", level=c.Level.COUNTY, granted_by="青山区总工会")
            # Autumn: 技术能手 after the skill competition; December: the union itself is recognised.
            day = self.day_in(year, 10, 20, 30)
            people = self.pool(u, day)
            for person in self.sample(people, {"factory": 3, "hospital": 2, "culture": 1}[u.key]):
                self.add("honour", u.org, day, recipient_person=person,
                         honour_name={"factory": "技术能手", "hospital": "护理技能标兵", "culture": "优秀讲解员"}[u.key],
                         level=c.Level.ENTERPRISE, granted_by=u.org.name)
            name, level, by = {"factory": ("“安康杯”竞赛优胜单位", c.Level.CITY, "市总工会"),
                               "hospital": ("模范职工之家", c.Level.COUNTY, "青山区总工会"),
                               "culture": ("优秀职工书屋", c.Level.COUNTY, "青山区总工会")}[u.key]
            self.add("honour", u.org, self.day_in(year, 12, 10, 20), recipient_org=u.org,
                     honour_name=f"{year}年度{name}", level=level, granted_by=by, news=(u, f"荣获{year}年度{name}称号"))

    def hardship(self, u: Union) -> None:
        active = self.pool(u, self.start)
        n = max(u.shape["hardship_min"], round(len(active) * u.shape["hardship_share"]))
        chosen = self.sample(active, n)
        early_end = add_months(self.start, 10)
        for i, person in enumerate(chosen):
            category, cause = self.rng.choice(HARDSHIP_CAUSES)
            if i == len(chosen) - 1 and len(chosen) > 2:
                category, cause = "accident", "家中遭遇火灾，房屋受损"
                filed = self.between(add_months(self.start, 11), self.today - dt.timedelta(days=20))
            else:
                filed = self.between(self.start + dt.timedelta(days=10), early_end)
            reviewed = add_months(filed, 6)
            resolved = None
            # About a third of the files opened early are closed once the family is back on its feet; at
            # least half of them stay open at any time.
            if i % 3 == 1 and i < len(chosen) - 1:
                candidate = filed + dt.timedelta(days=self.rng.randint(240, 420))
                candidate = min(candidate, self.today - dt.timedelta(days=self.rng.randint(5, 30)))
                if candidate >= filed + dt.timedelta(days=90):
                    resolved = candidate
            values = {"person": person, "category": category, "cause": cause,
                      "family_size": self.rng.randint(2, 5),
                      "income_per_capita": money(self.rng.randrange(500, 1400, 10))}
            if reviewed <= self.today and (resolved is None or reviewed < resolved):
                values["reviewed_on"] = reviewed
            if resolved:
                values["resolved_on"] = resolved
            self.add("hardship", u.org, filed, **values)
            u.hardship.append((person, filed, resolved, category, cause))

    def in_hardship(self, u: Union, on: dt.date) -> list:
        return [(p, category, cause) for p, filed, resolved, category, cause in u.hardship
                if filed <= on and (resolved is None or resolved >= on)]

    def aid(self, u: Union) -> None:
        seen: set = set()
        visitors = self.leaders(u)
        visiting = {p.pk for t in (Title.CHAIR, Title.VICE_CHAIR) for p in u.officers.get(t, [])}

        def give(day, person, aid_type, amount=None, goods=None, source="本单位工会经费", notes="", news=None):
            key = (day, person.pk, aid_type)
            if key in seen or person.pk in visiting or (person.hired_on and person.hired_on > day):
                return
            seen.add(key)
            self.add("aid", u.org, day, aid_type=aid_type, recipient=person, person_times=1,
                     amount=money(amount) if amount else None, goods_value=money(goods) if goods else None,
                     fund_source=source, visitors=visitors, notes=notes, news=news)

        extra = max(3, len(self.pool(u, self.today)) // 50)
        for year in range(self.start.year, self.end.year + 2):
            # 送温暖: the weeks before the Spring Festival.
            festival = lunar(SPRING_FESTIVAL, year, (2, 1))
            day = workday(festival - dt.timedelta(days=self.rng.randint(8, 18)))
            if self.in_window(day):
                for person, category, _cause in self.in_hardship(u, day):
                    give(day, person, "warmth", 2000 if category == "deep" else 1000, 300,
                         "区总工会送温暖专项资金", "春节送温暖：慰问金及米、油等慰问品")
                poor = self.pool(u, day, retired=True)
                for person in self.sample(poor, extra):
                    give(day, person, "warmth", 500, 200, "本单位工会经费", "春节送温暖：生活困难职工")
                u.news.append((day + dt.timedelta(days=1), u.org, f"开展{year}年春节送温暖活动"))
            # 金秋助学: August.
            day = self.day_in(year, 8, 10, 26)
            if self.in_window(day):
                kids = [p for p, _cat, _cause in self.in_hardship(u, day)][:2]
                kids += self.sample(self.pool(u, day), {"factory": 3, "hospital": 2, "culture": 1}[u.key])
                for person in kids:
                    give(day, person, "schooling", self.rng.choice((2000, 3000, 5000)), None, "市总工会金秋助学专项资金",
                         f"子女考入{self.rng.choice(SCHOOLS)}")
                u.news.append((day + dt.timedelta(days=2), u.org, f"为{len(kids)}名职工子女发放金秋助学金"))
            # 中秋: visits to every hardship family.
            day = workday(lunar(MID_AUTUMN, year, (9, 20)) - dt.timedelta(days=self.rng.randint(2, 6)))
            if self.in_window(day):
                for person, _category, _cause in self.in_hardship(u, day):
                    give(day, person, "visit", 500, 150, "本单位工会经费", "中秋节走访困难职工家庭")
            # 医疗救助 for the files caused by illness, once a year in June.
            day = self.day_in(year, 6, 5, 25)
            for person, _category, cause in self.in_hardship(u, day):
                if "患" in cause or "住院" in cause:
                    give(day, person, "medical", self.rng.choice((3000, 5000, 8000)), None, "区总工会医疗互助资金",
                         cause)
        # 走访慰问 of workers in hospital, spread over the months.
        low, high = u.shape["aid_visits"]
        for y, m in self.months():
            for _ in range(self.rng.randint(low, high)):
                day = self.day_in(y, m, 1, 28)
                people = self.pool(u, day)
                if people:
                    give(day, self.rng.choice(people), "visit", self.rng.choice((500, 500, 800, 1000)),
                         self.rng.choice((None, 100, 200)), "本单位工会经费", f"住院慰问：{self.rng.choice(HOSPITAL_REASONS)}")
        # 临时救助 for the family hit by an accident.
        for person, filed, _resolved, category, cause in u.hardship:
            if category == "accident":
                give(filed + dt.timedelta(days=2), person, "emergency", 5000, 1000, "区总工会临时救助资金", cause,
                     news=(u, "为遭遇意外的职工家庭送去临时救助金"))

    def mediation(self, u: Union) -> None:
        low, high = u.shape["mediation_per_half"]
        cases = []
        for a, b in self.halves():
            n = self.rng.randint(low, high)
            if (b - a).days < 60:
                n = min(n, 1)
            cases += [self.between(a, b) for _ in range(n)]
        seq: Counter = Counter()
        people = self.pool(u, self.today)
        latest = max(cases, default=None)
        for day in sorted(cases):
            seq[day.year] += 1
            dispute, what = self.rng.choice(DISPUTES[u.key])
            age = (self.today - day).days
            values = {"case_no": f"{day.year}-调-{seq[day.year]:03d}", "dispute_type": dispute,
                      "applicant": self.rng.choice(people).name if people else "职工", "notes": what}
            if age < 20 or day == latest or self.rng.random() < 0.06:  # the latest case is still being worked on
                values["status"] = self.weighted((("received", 1), ("mediating", 2)))
            else:
                late = self.rng.random() < 0.2
                closed = day + dt.timedelta(days=self.rng.randint(16, 45) if late else self.rng.randint(3, 14))
                if closed > self.today:
                    values["status"] = "mediating"
                else:
                    values["status"] = self.weighted((("succeeded", 70), ("failed", 10), ("arbitration", 10),
                                                      ("withdrawn", 10)))
                    values["closed_on"] = closed
            self.add("mediation", u.org, day, **values)
        if cases:
            u.news.append((max(cases), u.org, "劳动争议调解委员会化解劳动纠纷"))

    def women(self, u: Union) -> None:
        for year in range(self.start.year, self.end.year + 1):
            women = self.pool(u, dt.date(year, 3, 1), gender="F")
            if not women:
                continue
            march8 = {"factory": "“巾帼心向党·建功新时代”三八节趣味运动会", "hospital": "“关爱女医护”三八节插花活动",
                      "culture": "“书香三八”女职工读书会"}[u.key]
            present = self.share(women, 0.4, 0.8)
            self.add("women", u.org, self.day_in(year, 3, 4, 8), participants=present,
                     participant_count=len(present),
                     women_type=c.WomenType.MARCH8, title=f"{year}年{march8}", amount=money(len(present) * 80),
                     news=(u, f"举办{march8}"))
            if u.key != "culture":
                present = self.share(self.pool(u, dt.date(year, 5, 1), gender="F"), 0.2, 0.4)
                self.add("women", u.org, self.day_in(year, 5, 8, 12), participants=present,
                         participant_count=len(present), women_type=c.WomenType.OTHER,
                         title=f"{year}年“母亲节”关爱女职工暨“爱心妈咪小屋”开放日", amount=money(len(present) * 50))
            self.add("women", u.org, self.day_in(year, 6, 10, 25), participant_count=max(10, len(women) // 3),
                     women_type=c.WomenType.OTHER, title=f"{year}年女职工权益保护知识讲座",
                     news=(u, "开展女职工权益保护知识讲座"))
            day = self.day_in(year, 10, 10, 28)
            women = self.pool(u, day, gender="F")
            checked = self.share(women, 0.75, 0.95)
            self.add("women", u.org, day, participants=checked, participant_count=len(checked),
                     women_type=c.WomenType.CHECKUP, title=f"{year}年女职工“两癌”筛查健康体检",
                     amount=money(len(checked) * 260), news=(u, "组织女职工开展“两癌”筛查"))
            day = self.day_in(year, 11, 15, 28)
            self.add("women", u.org, day, participant_count=len(women), women_type=c.WomenType.INSURANCE,
                     title=f"{year}年度女职工安康互助保险参保", amount=money(len(women) * 30))
            if u.key != "culture":
                self.add("women", u.org, self.day_in(year, 9, 10, 25), participant_count=len(u.reps) // 4 or 1,
                         women_type=c.WomenType.CONTRACT, title=f"{year}年女职工权益保护专项集体合同履约检查")

    def rules(self, u: Union) -> None:
        early = add_months(self.start, 11)
        specs = list(RULES[u.key])
        dates = sorted(self.between(self.start + dt.timedelta(days=20), early) for _ in specs)
        for (title, category), day in zip(specs, dates):
            values = {"title": title, "category": category}
            if title == "工会经费收支管理办法":
                # The old 办法 gives way to a 实施细则 under the newer rules of the 全总.
                values["title"] = "工会经费收支管理办法（试行）"
                values["repealed_on"] = add_months(day, 5)
                newer = add_months(day, 5)
                self.add("rule", u.org, newer, title="工会经费收支管理实施细则", category=category,
                         news=(u, "修订完善工会经费收支管理制度"))
            elif self.rng.random() < 0.3 and add_months(day, 8) <= self.today:
                values["revised_on"] = add_months(day, 8)
            self.add("rule", u.org, day, **values)

    def openness(self, u: Union) -> None:
        items = OPENNESS[u.key]
        every = u.shape["openness_every"]
        for i, (y, m) in enumerate(self.months()):
            if i % every:
                continue
            matter = items[(y * 12 + m) % len(items)]
            last_quarter = (y * 12 + m - 1) // 3 - 1  # the quarter before this month's
            quarter = f"{last_quarter // 4}年第{cn_number(last_quarter % 4 + 1)}季度"
            self.add("openness", u.org, self.day_in(y, m, 5, 25), matter=matter.format(q=quarter),
                     form=self.rng.choice(OPENNESS_FORMS))

    def contracts(self, u: Union) -> None:
        signed = self.between(self.start + dt.timedelta(days=15), self.start + dt.timedelta(days=60))
        begins = add_months(signed.replace(day=1), 1)
        workers = len(self.pool(u, signed))
        self.add("contract", u.org, signed, contract_type=c.ContractType.GENERAL, start_on=begins,
                 end_on=add_months(begins, 36) - dt.timedelta(days=1), workers_covered=workers,
                 notes=("经会员大会" if u.key == "culture" else "经职工代表大会") + "审议通过，报人社部门审查备案",
                 news=(u, "签订新一期集体合同"))
        for year in range(self.start.year, self.end.year + 1):
            signed = self.day_in(year, 3, 10, 28)
            workers = len(self.pool(u, signed))
            self.add("contract", u.org, signed, contract_type=c.ContractType.WAGES, start_on=dt.date(year, 4, 1),
                     end_on=dt.date(year + 1, 3, 31), workers_covered=workers,
                     notes=f"{year}年度工资集体协商，职工工资平均增长{self.rng.choice(('3', '3.5', '4', '5'))}%",
                     news=(u, f"开展{year}年度工资集体协商"))

    def proposals(self, u: Union) -> None:
        titles = list(PROPOSALS[u.key])
        self.rng.shuffle(titles)
        k = 0
        for day in u.sessions:
            n = {"factory": self.rng.randint(6, 10), "hospital": self.rng.randint(4, 7), "culture": 2}[u.key]
            for _ in range(n):
                title = titles[k % len(titles)]  # a proposal not settled last time is often handed in again
                k += 1
                rep = self.rng.choice(u.reps) if u.reps else None
                age = (self.today - day).days
                co = self.rng.choice((0, 0, 2, 3, 5))
                values = {"title": title,
                          "proposer": (f"职工代表{rep.name}" + (f"等{co}人" if co else "")) if rep else "职工代表"}
                if age < 30:
                    values["status"] = "received"
                else:
                    status = self.weighted((("closed", 65), ("filed", 20), ("not_filed", 10), ("received", 5)))
                    values["status"] = status
                    if status == "closed":
                        closed = day + dt.timedelta(days=self.rng.randint(25, 150))
                        if closed <= self.today:
                            values["closed_on"] = closed
                        else:
                            values["status"] = "filed"
                self.add("proposal", u.org, day, **values)

    def tasks(self, u: Union) -> None:
        for y, m in self.months():
            jobs = [TASKS[m]]
            if self.rng.random() < {"factory": 0.6, "hospital": 0.5, "culture": 0.4}[u.key]:
                jobs.append(self.rng.choice(EXTRA_TASKS))
            for task in jobs:
                day = self.day_in(y, m, 1, 20)
                due = day + dt.timedelta(days=self.rng.choice((10, 15, 20, 30)))
                roll = self.rng.random()
                if roll < 0.85:
                    done = day + dt.timedelta(days=self.rng.randint(2, (due - day).days))
                else:
                    done = due + dt.timedelta(days=self.rng.randint(1, 15))
                self.add("task", u.org, day, task=task if task in TASKS.values() else f"{y}年{task}",
                         assigned_by=self.department(task), due_on=due,
                         completed_on=done if done <= self.today else None)

    def department(self, task: str) -> str:
        for words, department in DEPARTMENTS:
            if any(w in task for w in words):
                return department
        return "青山区总工会办公室"

    def publicity(self, u: Union) -> None:
        author_pool = u.officers.get(Title.PUBLICITY, []) + u.officers.get(Title.CHAIR, [])
        people = self.pool(u, self.today)
        titles: set = set()
        for day, org, headline in sorted(u.news, key=lambda n: n[0]):
            if self.rng.random() > u.shape["news_share"]:
                continue
            written = day + dt.timedelta(days=self.rng.randint(0, 4))
            if written > self.today:
                continue
            who = org.name if org.pk != u.org.pk else u.short
            title = f"{who}{headline}"
            if (written, title) in titles:
                continue
            titles.add((written, title))
            media_type, media_name, level, _w = self.rng.choices(MEDIA, weights=[m[3] for m in MEDIA])[0]
            author = self.rng.choice(author_pool or people).name if (author_pool or people) else ""
            if self.rng.random() < 0.3 and people:
                author = f"{author}、{self.rng.choice(people).name}"
            self.add("publicity", u.org, written, title=title, author=author, media_type=media_type,
                     media_name=media_name.format(own=u.short),
                     level=level)

    # --- saving ----------------------------------------------------------------------------------------

    def build(self, progress: Callable[[int, int], None] | None = None) -> Counter:
        progress = progress or (lambda done, total: None)
        for union in self.load():
            self.plan_union(union)
        total = len(self.plan)
        for done, item in enumerate(sorted(self.plan, key=lambda p: p.values["date"]), start=1):
            entry_save(actor=None, kind=KINDS[item.code], org=item.org, values=item.values,
                       participants=item.participants)
            self.counts[item.code] += 1
            if done % 50 == 0 or done == total:
                progress(done, total)
        return self.counts
