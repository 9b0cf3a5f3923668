"""Demo ledger plans for democratic management and upward work: rules, openness (厂务公开), collective contracts,
congress proposals, tasks from the federation, and the publicity articles written about everything else."""

from __future__ import annotations

import datetime as dt

from gonghui.cli.demo.ledger_planner import LedgerPlanner, Title, Union, add_months, cn_number
from gonghui.cli.demo.ledger_words import (
    DEPARTMENTS,
    EXTRA_TASKS,
    MEDIA,
    OPENNESS,
    OPENNESS_FORMS,
    PROPOSALS,
    RULES,
    TASKS,
)
from gonghui.ledgers import choices as c


class GovernancePlans(LedgerPlanner):
    """Rules, openness, contracts, proposals, tasks and publicity of one union."""

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

