"""Demo ledger plans for labour competitions, 合理化建议 (suggestions) and honours."""

from __future__ import annotations

import datetime as dt

from gonghui.cli.demo.ledger_planner import LedgerPlanner, Union, money, workday
from gonghui.cli.demo.ledger_words import IMPROVEMENTS, REJECTION_REASONS, SUGGESTION_TITLES
from gonghui.ledgers import choices as c


class AchievementPlans(LedgerPlanner):
    """Competitions, suggestions and honours of one union."""

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

