"""The 会员评价满意度 and 参与率 in the indicator registry: per org and year, rolled up as numerator/denominator."""

import datetime as dt
from decimal import Decimal

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute, compute_breakdown
from gonghui.orgs.selectors import org_get
from gonghui.surveys.tests.data import satisfaction

CODES = ["home_satisfaction", "home_satisfied_answers", "home_rated_answers", "home_survey_participation",
         "home_survey_responses", "home_survey_invited"]


def test_it_computes_the_score_per_org_and_year_and_rolls_it_up(cast):
    satisfaction(cast.ua_b1, [["不满意", "不满意"], [], []], ends=dt.date(2026, 5, 1))  # 28 of 30
    satisfaction(cast.ua, [["基本满意"], ["不满意"]], ends=dt.date(2026, 11, 1), seq=540)  # 19 of 20
    satisfaction(cast.ua, [["不满意"] * 10], ends=dt.date(2025, 11, 1), seq=560)  # last year: 0 of 10
    year = parse_period("2026")
    branch = compute(cast.ua_b1, year, CODES)
    assert branch == {"home_satisfaction": Decimal("93.33"), "home_satisfied_answers": 28, "home_rated_answers": 30,
                      "home_survey_participation": Decimal("100.00"), "home_survey_responses": 3,
                      "home_survey_invited": 3}
    union = compute(cast.ua, year, CODES)
    # 47 of 50 = 94.00, not the mean of 93.33 and 95.00; the union-wide survey reached the branch's 3 members too
    assert union["home_satisfaction"] == Decimal("94.00")
    assert (union["home_survey_responses"], union["home_survey_invited"]) == (5, 3 + 5)
    assert compute(cast.fed, year, CODES)["home_satisfaction"] == Decimal("94.00")
    assert compute(cast.ua, parse_period("2025"), ["home_satisfaction"])["home_satisfaction"] == Decimal("0.00")
    assert compute(cast.ub, year, ["home_satisfaction"])["home_satisfaction"] is None  # no survey: no score
    parts = compute_breakdown(org_get(viewer=cast.chair_a, pk=cast.ua.pk), year, CODES)
    assert parts[cast.ua_b1.pk]["home_satisfaction"] == Decimal("93.33")
    assert parts[cast.ua.pk]["home_satisfied_answers"] == 19  # 本级: the union-wide survey
