"""会员评家: the 职工满意度测评 (surveys/, the built-in template) counted for the 职工之家 rating.

满意率 = answers 满意 or 基本满意 ÷ all answers to the satisfaction questions (every dimension of every response
counts once), × 100, two decimals, half-up. 参与率 = responses ÷ the members the surveys were addressed to when
published. A survey belongs to the period of its end date and to the org it was addressed to (an answer carries
no respondent, so a union-wide survey counts at the union's own level, not in its branches). Not traceable:
an anonymous answer has no one behind it to list; the survey's results page shows the counts."""

from __future__ import annotations

from gonghui.indicators.registry import Measure, indicator, rate
from gonghui.surveys.selectors import (
    SATISFIED,
    satisfaction_answers,
    satisfaction_responses,
    satisfaction_surveys,
)

ANSWERS = "response__survey__org__path"
ENDS = "response__survey__closes_on"


def _answers(org, period):
    return satisfaction_answers(org).filter(**{f"{ENDS}__range": (period.start, period.end)})


@indicator("home_rated_answers", "满意度测评有效答案", "个", "期间内截止的职工满意度测评中，各测评维度的有效答案数"
           "（每份答卷每个维度计一个）", source="surveys", traceable=False)
def home_rated_answers(org, period):
    return Measure(_answers(org, period), path=ANSWERS, date=ENDS)


@indicator("home_satisfied_answers", "满意度测评满意答案", "个", "上述答案中选择“满意”或“基本满意”的",
           source="surveys", traceable=False)
def home_satisfied_answers(org, period):
    return Measure(_answers(org, period), where=SATISFIED, path=ANSWERS, date=ENDS)


rate("home_satisfaction", "会员评价满意度", numerator="home_satisfied_answers", denominator="home_rated_answers",
     places=2, source="surveys",
     definition="（满意+基本满意）答案数 ÷ 测评维度有效答案数 × 100，保留两位小数；职工之家评定一般要求不低于90%")


@indicator("home_survey_invited", "满意度测评应参与人数", "人", "期间内截止的职工满意度测评发布时发送范围内在册会员人数之和",
           source="surveys", traceable=False)
def home_survey_invited(org, period):
    qs = satisfaction_surveys(org).filter(closes_on__range=(period.start, period.end))
    return Measure(qs, "sum", "audience_size", date="closes_on")


@indicator("home_survey_responses", "满意度测评答卷数", "份", "上述测评收回的答卷（每人一份）", source="surveys", traceable=False)
def home_survey_responses(org, period):
    qs = satisfaction_responses(org).filter(survey__closes_on__range=(period.start, period.end))
    return Measure(qs, path="survey__org__path", date="survey__closes_on")


rate("home_survey_participation", "满意度测评参与率", numerator="home_survey_responses",
     denominator="home_survey_invited", places=2, source="surveys",
     definition="答卷数 ÷ 应参与人数 × 100，保留两位小数；测评一般要求参与率不低于60%")
