"""Build the demo through the ordinary services, so it is validated and audited like real work.

Deterministic: one seeded Random drives every choice, so the same --people gives the same people
(dates are relative to today, so hire dates move with the calendar).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts import services as accounts
from gonghui.accounts.scoping import SYSTEM
from gonghui.core.idcard import check_digit
from gonghui.orgs import services as orgs
from gonghui.people import services as people
from gonghui.people.models import MembershipEvent, Position

from . import data

Kind = MembershipEvent.Kind
Title = Position.Title
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def org_code_check(code8: str) -> str:
    """GB 11714 check character of an 8-character organisation code."""
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in code8]
    c9 = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
    return {10: "X", 11: "0"}.get(c9, str(c9))


def uscc(area: str, code8: str) -> str:
    """统一社会信用代码 of a union: 8 (工会) 1 (基层工会), the area, the org code, two check characters."""
    first17 = f"81{area}{code8}{org_code_check(code8)}"
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return first17 + USCC_ALPHABET[(31 - total) % 31]


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class Placed:
    person: object
    union: dict
    org: object
    branch: object | None
    gender: str
    joined: dt.date | None = None
    member: bool = False  # an active 会员 at the end of the history
    retired: bool = False


@dataclass
class DemoResult:
    federation: object
    unions: list = field(default_factory=list)
    people: int = 0
    positions: int = 0
    events: int = 0
    accounts: list = field(default_factory=list)  # (username, role, org name, display name)


class DemoBuilder:
    def __init__(self, *, people_actor, n_people: int, seed: int = 2026, progress=None):
        self.actor = people_actor  # people/ services want an account that may write; orgs/accounts take None
        self.n_people = n_people
        self.rng = random.Random(seed)
        self.progress = progress or (lambda done, total: None)
        self.today = min(timezone.localdate(), dt.date.today())
        self.ids: set[str] = set()
        self.mobiles: set[str] = set()
        self.placed: list[Placed] = []
        self.result: DemoResult | None = None

    # --- small random helpers ----------------------------------------------------------------------

    def weighted(self, pairs):
        values, weights = zip(*pairs)
        return self.rng.choices(values, weights=weights)[0]

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    # --- the tree ----------------------------------------------------------------------------------

    def build_tree(self) -> DemoResult:
        fed = orgs.org_create(actor=SYSTEM, parent=None, kind="federation", name=data.FEDERATION_NAME,
                              code=data.FEDERATION_CODE, founded_on=dt.date(1956, 10, 1),
                              contact_person="区总工会组织部", address="青山区人民路1号")
        result = DemoResult(federation=fed)
        for spec in data.UNIONS:
            code = uscc(spec["area"], spec["org_code"])
            term_no, term_start = spec["term"]
            start = dt.date.fromisoformat(term_start)
            union = orgs.org_create(
                actor=SYSTEM, parent=fed, kind="union", name=spec["name"], code=code,
                founded_on=dt.date.fromisoformat(spec["founded"]), term_number=term_no, term_start=start,
                term_end=add_years(start, 5) - dt.timedelta(days=1), contact_person="工会办公室",
            )
            entry = {"spec": spec, "org": union, "branches": [], "groups": [], "all_groups": []}
            for b_index, (b_name, g_names) in enumerate(spec["branches"], start=1):
                branch = orgs.org_create(actor=SYSTEM, parent=union, kind="branch", name=b_name,
                                         code=f"{code}-B{b_index:02d}", founded_on=union.founded_on)
                groups = [
                    orgs.org_create(actor=SYSTEM, parent=branch, kind="group", name=g_name,
                                    code=f"{code}-B{b_index:02d}-G{g_index:02d}")
                    for g_index, g_name in enumerate(g_names, start=1)
                ]
                entry["branches"].append((branch, groups))
                entry["all_groups"] += [(g, branch) for g in groups]
            for g_index, g_name in enumerate(spec["groups"], start=1):
                group = orgs.org_create(actor=SYSTEM, parent=union, kind="group", name=g_name,
                                        code=f"{code}-G{g_index:02d}")
                entry["groups"].append(group)
                entry["all_groups"].append((group, None))
            result.unions.append(entry)
        self.result = result
        return result

    def rate(self) -> None:
        for entry in self.result.unions:
            for year, home, grade, level in entry["spec"]["ratings"]:
                orgs.org_rating_set(actor=SYSTEM, org=entry["org"], year=year, home=home, grade=grade, level=level)
            # A few 职工小家 among the branches and groups.
            for group, _branch in self.rng.sample(entry["all_groups"], k=min(3, len(entry["all_groups"]))):
                orgs.org_rating_set(actor=SYSTEM, org=group, year=self.rng.choice((2023, 2024, 2025)),
                                    home="small_home", grade=self.weighted((("qualified", 6), ("advanced", 3),
                                                                            ("model", 1))), level="enterprise")

    # --- people ------------------------------------------------------------------------------------

    def name_and_origin(self, gender: str) -> tuple[str, str, str]:
        """(name, ethnicity code, area code)."""
        roll = self.rng.random()
        if roll < 0.006:
            given = self.rng.choice(data.UYGHUR_MALE if gender == "M" else data.UYGHUR_FEMALE)
            father = self.rng.choice([f for f in data.UYGHUR_FATHER if f != given])
            return f"{given}·{father}", "05", self.rng.choice(data.XINJIANG_AREAS)
        if roll < 0.009:
            return (self.rng.choice(data.MONGOL_MALE if gender == "M" else data.MONGOL_FEMALE), "02",
                    self.rng.choice(data.INNER_MONGOLIA_AREAS))
        surname = self.weighted(data.SURNAMES)
        chars = data.MALE_CHARS if gender == "M" else data.FEMALE_CHARS
        given = "".join(self.rng.choice(chars) for _ in range(1 if self.rng.random() < 0.28 else 2))
        if self.rng.random() < 0.82:
            area = self.rng.choice(data.GUANGXI_AREAS)
            ethnicity = self.weighted((("01", 70), ("08", 24), ("13", 3), ("12", 2), ("06", 1)))
            if surname == "马" and self.rng.random() < 0.5:
                ethnicity = "03"
        else:
            area = self.rng.choice(data.OTHER_AREAS)
            ethnicity = self.weighted((("01", 92), ("03", 3), ("11", 3), ("15", 2)))
        return surname + given, ethnicity, area

    def id_number(self, area: str, birth: dt.date, gender: str) -> str:
        while True:
            seq = self.rng.randint(0, 99) * 10 + self.rng.choice((1, 3, 5, 7, 9) if gender == "M" else (0, 2, 4, 6, 8))
            first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
            number = first17 + check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(data.MOBILE_PREFIXES) + f"{self.rng.randint(0, 99_999_999):08d}"
            if number not in self.mobiles:
                self.mobiles.add(number)
                return number

    def quotas(self) -> list[int]:
        shares = [u["spec"]["share"] for u in self.result.unions]
        counts = [int(self.n_people * s) for s in shares]
        counts[1] += self.n_people - sum(counts)  # the factory takes the rounding
        return counts

    def make_people(self) -> None:
        done = 0
        for entry, quota in zip(self.result.unions, self.quotas()):
            slots = entry["all_groups"]
            weights = [self.rng.uniform(0.5, 1.8) for _ in slots]
            for i in range(quota):
                # Every group gets someone first, then people spread unevenly like real 班组.
                group, branch = slots[i] if i < len(slots) else self.rng.choices(slots, weights=weights)[0]
                self.make_person(entry, group, branch, serial=i + 1)
                done += 1
                self.progress(done, self.n_people)

    def make_person(self, entry, org, branch, serial: int) -> None:
        spec = entry["spec"]
        rng = self.rng
        gender = "M" if rng.random() < spec["male"] else "F"
        name, ethnicity, area = self.name_and_origin(gender)
        birth_year = int(rng.triangular(1965, 2004.99, 1987))
        birth = dt.date(birth_year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        start_age = rng.randint(*spec["start_age"])
        earliest = max(add_years(birth, start_age), dt.date(1985, 7, 1))
        hired = self.date_between(earliest, self.today - dt.timedelta(days=20))
        hired = max(hired, earliest)
        employment = self.weighted(spec["emp"])
        retire_age = 60 if gender == "M" else (50 if spec["key"] == "factory" and employment != "regular" else 55)
        retire_on = add_years(birth, retire_age)
        work_status = "active"
        if retire_on <= self.today:
            if rng.random() < 0.3:
                employment = "rehired"
            else:
                work_status = "retired"
        elif employment == "rehired":
            employment = "regular"
        migrant = employment in ("dispatched", "temporary") and rng.random() < 0.8 or (
            employment == "regular" and rng.random() < spec["migrant"] * 0.4)
        if spec["migrant"] == 0:
            migrant = False
        education = self.weighted(spec["edu"])
        political = self.weighted(spec["pol"])
        if political == "03" and self.today.year - birth.year > 28:
            political = "13"  # 共青团员 leave the League at 28
        low, high = spec["salary"]
        bump = {"10": 1.25, "20": 1.1}.get(education, 1.0)
        salary = Decimal(int(rng.randint(low, high) * bump) // 10 * 10).quantize(Decimal("0.01"))
        kwargs = {
            "name": name, "gender": gender, "ethnicity": ethnicity, "birth_date": birth, "education": education,
            "political_status": political, "mobile": self.mobile(),
            "employee_no": f"{spec['short']}{hired:%y}{serial:04d}", "hired_on": hired,
            "employment_type": employment, "post": rng.choice(spec["posts"]), "is_migrant_worker": migrant,
            "base_salary": salary, "work_status": work_status,
        }
        if spec["key"] == "factory" and rng.random() < 0.012:
            kwargs.update(model_worker_title=rng.choice(("市劳动模范", "区劳动模范", "五一劳动奖章获得者")),
                          model_worker_level=rng.choice(("city", "county")))
        for _attempt in range(5):
            kwargs["id_number"] = self.id_number(area, birth, gender)
            try:
                person = people.person_create(actor=self.actor, org=org, **kwargs)
                break
            except ValidationError as exc:
                # Only a clash with a person already in the database is worth another number.
                if "id_number" not in getattr(exc, "error_dict", {}):
                    raise
        else:
            raise RuntimeError("could not find a free ID number")
        placed = Placed(person=person, union=entry, org=org, branch=branch, gender=gender,
                        retired=work_status == "retired")
        self.placed.append(placed)
        self.history(placed, hired, retire_on, employment)

    def event(self, person, kind: str, date: dt.date, org=None, note: str = "") -> None:
        people.membership_event_add(actor=self.actor, person=person, kind=kind, date=date, org=org, note=note)
        self.result.events += 1

    def history(self, placed: Placed, hired: dt.date, retire_on: dt.date, employment: str) -> None:
        rng = self.rng
        outsider = employment in ("dispatched", "temporary")
        if rng.random() < (0.22 if outsider else 0.012):
            return  # not (yet) a member
        joined = min(hired + dt.timedelta(days=rng.choice((0, 0, 7, 30, 90, 180, 365))), self.today)
        self.event(placed.person, Kind.JOIN, joined)
        placed.joined, placed.member = joined, True
        if placed.retired:
            if retire_on > joined:
                self.event(placed.person, Kind.RETAIN, retire_on, note="退休，保留会籍")
                placed.member = False
            return
        if rng.random() < 0.02 and (self.today - joined).days > 60:
            left = self.date_between(joined + dt.timedelta(days=30), self.today - dt.timedelta(days=1))
            self.event(placed.person, Kind.LEAVE, left, note="离职退会")
            placed.person = people.person_update(actor=self.actor, person=placed.person, work_status="left")
            placed.member = False

    def transfers(self) -> int:
        """A few members move between the demo unions: 转出 at the old one, 转入 at the new one."""
        wanted = max(2, round(self.n_people * 0.01))
        movers = [p for p in self.placed if p.member and (self.today - p.joined).days > 400]
        self.rng.shuffle(movers)
        moved = 0
        unions = self.result.unions
        for placed in movers[:wanted]:
            target = self.rng.choice([u for u in unions if u is not placed.union])
            group, branch = self.rng.choice(target["all_groups"])
            when = self.date_between(placed.joined + dt.timedelta(days=365), self.today - dt.timedelta(days=10))
            old_org = placed.org
            note = f"调往{target['org'].name}"
            self.event(placed.person, Kind.TRANSFER_OUT, when, org=old_org, note=note)
            placed.person = people.person_update(actor=self.actor, person=placed.person, org=group)
            self.event(placed.person, Kind.TRANSFER_IN, when, org=group, note=f"由{placed.union['org'].name}调入")
            placed.union, placed.org, placed.branch = target, group, branch
            moved += 1
        return moved

    # --- positions ---------------------------------------------------------------------------------

    def position(self, placed: Placed, org, title: str, start: dt.date, end: dt.date | None = None) -> None:
        start = max(start, placed.joined or start)
        if end is not None and end < start:
            return
        people.position_add(actor=self.actor, person=placed.person, org=org, title=title, start_on=start,
                            end_on=end)
        self.result.positions += 1

    def positions(self) -> None:
        for entry in self.result.unions:
            union = entry["org"]
            term_start = union.term_start
            mine = [p for p in self.placed if p.union is entry]
            active = [p for p in mine if p.member]
            self.rng.shuffle(active)
            taken: set[int] = set()

            def pick(pool, *, gender=None, taken=taken):
                for p in pool:
                    if p.person.pk not in taken and (gender is None or p.gender == gender):
                        taken.add(p.person.pk)
                        return p
                return None

            committee = [(Title.CHAIR, None), (Title.VICE_CHAIR, None), (Title.WOMEN_CHAIR, "F"),
                         (Title.AUDIT_CHAIR, None), (Title.AUDIT_MEMBER, None), (Title.AUDIT_MEMBER, None),
                         (Title.WOMEN_MEMBER, "F"), (Title.COMMITTEE, None), (Title.COMMITTEE, None),
                         (Title.COMMITTEE, None), (Title.ORGANISATION, None), (Title.PUBLICITY, None)]
            if entry["spec"]["key"] == "factory":
                committee += [(Title.VICE_CHAIR, None), (Title.COMMITTEE, None), (Title.WOMEN_MEMBER, "F")]
            for title, gender in committee:
                chosen = pick(active, gender=gender)
                if chosen:
                    self.position(chosen, union, title, term_start)
            # The previous chair, for the history: a retiree when there is one.
            previous = pick([p for p in mine if p.retired and p.joined]) or pick(active)
            if previous:
                self.position(previous, union, Title.CHAIR, add_years(term_start, -5),
                              term_start - dt.timedelta(days=1))
            for branch, groups in entry["branches"]:
                in_branch = [p for p in active if p.branch is branch]
                chosen = pick(in_branch)
                if chosen:
                    self.position(chosen, branch, Title.BRANCH_CHAIR, term_start)
                if entry["spec"]["key"] == "factory" and "车间" in branch.name:
                    monitor = pick(in_branch)
                    if monitor:
                        self.position(monitor, branch, Title.SAFETY_MONITOR, term_start)
            for group, _branch in entry["all_groups"]:
                leader = pick([p for p in active if p.org is group])
                if leader:
                    self.position(leader, group, Title.GROUP_LEADER,
                                  self.date_between(term_start, term_start + dt.timedelta(days=60)))

    # --- accounts ----------------------------------------------------------------------------------

    def accounts(self, password: str) -> None:
        unions = {u["spec"]["key"]: u for u in self.result.unions}
        factory = unions["factory"]
        first_group = factory["branches"][0][1][0]
        leader = next((p.person for p in self.placed if p.org is first_group and p.member), None)
        member = next((p.person for p in self.placed if p.union is unions["hospital"] and p.member), None)
        for username, role, where, label in data.ACCOUNTS:
            person = None
            if where is None:
                org = self.result.federation
            elif where == "factory-group":
                org, person = first_group, leader
            elif where == "hospital-member":
                org, person = unions["hospital"]["org"], member
            else:
                org = unions[where]["org"]
            display = person.name if person else label
            accounts.user_create(actor=SYSTEM, username=username, password=password, display_name=display,
                                 person=person, grants=[(org, role)])
            self.result.accounts.append((username, role, org.name, display))

    # --- all of it ---------------------------------------------------------------------------------

    def build(self, *, account_password: str) -> DemoResult:
        self.build_tree()
        self.rate()
        self.make_people()
        self.transfers()
        self.positions()
        self.accounts(account_password)
        self.result.people = len(self.placed)
        return self.result
