"""Demo ledger plans for care and rights: hardship files, aid to workers, mediation of disputes and
women's work."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from gonghui.cli.demo.ledger_planner import LedgerPlanner, Title, Union, add_months, lunar, money, workday
from gonghui.cli.demo.ledger_words import (
    DISPUTES,
    HARDSHIP_CAUSES,
    HOSPITAL_REASONS,
    MID_AUTUMN,
    SCHOOLS,
    SPRING_FESTIVAL,
)
from gonghui.ledgers import choices as c


class CarePlans(LedgerPlanner):
    """Hardship files, aid, mediation and women's work of one union."""

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

