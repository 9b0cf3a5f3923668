"""会费 for the demo: each demo union sets its policy six months back, imports a payroll file every month but
one (the month without a file keeps the month before), collects each complete month by payroll deduction and
leaves the current month open, so the roll, the arrears list and 会费收缴率 all have something to show.

Written through the dues services and importers like real work (actor=SYSTEM); deterministic (seeded)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.dues import imports, selectors, services
from gonghui.dues.rules import month_end, months_between
from gonghui.orgs.models import OrgKind
from gonghui.orgs.selectors import org_list
from gonghui.people.selectors import PersonFilters, person_list

MONTHS = 6
BASES = ("岗位工资", "薪级工资")


class DemoDues:
    def __init__(self, *, federation, viewer=SYSTEM, seed: int = 2026):
        self.unions = list(org_list(viewer=viewer, under=federation, kind=OrgKind.UNION))
        self.viewer = viewer
        self.random = random.Random(seed)
        today = timezone.localdate()
        last = today.replace(day=1)
        first = months_between(last - dt.timedelta(days=31 * (MONTHS - 1)), last)[0]
        self.months = months_between(first, last)

    def exist(self) -> bool:
        return any(selectors.policy_list(viewer=self.viewer, org=union).exists() for union in self.unions)

    def post_vouchers(self) -> int:
        """Draft vouchers for collections recorded before the books existed (once; later runs find none)."""
        return sum(services.vouchers_post_pending(actor=SYSTEM, org=union) for union in self.unions)

    def build(self) -> dict[str, int]:
        counts = {"wage_rows": 0, "collections": 0}
        for union in self.unions:
            services.policy_set(actor=SYSTEM, org=union, month=self.months[0], base_components=",".join(BASES),
                                rate="0.005", rounding="tail10", note="演示：岗位工资+薪级工资的0.5%")
            people = list(person_list(viewer=self.viewer, filters=PersonFilters(org=union, work_status="active"))
                          .values_list("name", "id_number"))
            wages = {id_number: (Decimal(self.random.randrange(1800, 6000)), Decimal(self.random.randrange(300, 2500)))
                     for _name, id_number in people}
            skipped = self.months[len(self.months) // 2]
            for month in self.months:
                if month == skipped:
                    continue  # a month without a payroll file: the month before stands
                lines = ["序号,姓名,身份证号码,岗位工资,薪级工资,绩效工资"]
                for n, (name, id_number) in enumerate(people, 1):
                    post, grade = wages[id_number]
                    cents = Decimal(self.random.randrange(0, 100)) / 100
                    lines.append(f"{n},{name},{id_number},{post + cents},{grade},{self.random.randrange(0, 1500)}")
                lines.append("合计,,,,,")
                result = imports.wages_import(actor=SYSTEM, org=union, month=month, filename=f"{month:%Y-%m}工资.csv",
                                              source=("\n".join(lines) + "\n").encode("utf-8"))
                counts["wage_rows"] += result.counts["created"]
            for month in self.months[:-1]:
                try:
                    services.dues_collect(actor=SYSTEM, org=union, month=month,
                                          paid_on=min(month_end(month), timezone.localdate()))
                    counts["collections"] += 1
                except ValidationError:
                    pass  # nothing owed that month
        return counts
