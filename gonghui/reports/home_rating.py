"""The 会员评家 line of the 职工之家 rating: per year, the 满意率 and 参与率 of the org's 职工满意度测评 from the
indicator registry (never counted again here), and whether they reach what a rating needs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.orgs.models import Org
from gonghui.surveys.selectors import satisfaction_years

SATISFACTION_NEEDED = Decimal(90)  # 会员评价满意度 >= 90 % (the 模范职工之家 conditions)
PARTICIPATION_NEEDED = Decimal(60)  # a 测评 counts with >= 60 % of the members taking part
CODES = ["home_satisfaction", "home_satisfied_answers", "home_rated_answers", "home_survey_participation",
         "home_survey_responses", "home_survey_invited"]


@dataclass(frozen=True)
class YearScore:
    year: int
    score: Decimal | None
    satisfied: int
    rated: int
    participation: Decimal | None
    responses: int
    invited: int

    @property
    def score_reached(self) -> bool:
        return self.score is not None and self.score >= SATISFACTION_NEEDED

    @property
    def participation_reached(self) -> bool:
        return self.participation is not None and self.participation >= PARTICIPATION_NEEDED


def satisfaction_by_year(org: Org, *, years: int = 3) -> list[YearScore]:
    """The last `years` years with a 测评 in the org's subtree, latest first. `org` was read through the scope."""
    out = []
    for year in satisfaction_years(org)[:years]:
        v = compute(org, parse_period(str(year)), CODES)
        out.append(YearScore(year, v["home_satisfaction"], v["home_satisfied_answers"], v["home_rated_answers"],
                             v["home_survey_participation"], v["home_survey_responses"], v["home_survey_invited"]))
    return out
