"""The organisation: orgs in force, officers in post, rules in force."""

from __future__ import annotations

from django.db.models import Q

from gonghui.indicators.definitions.measures import count, in_force
from gonghui.indicators.registry import indicator
from gonghui.ledgers import models as lm
from gonghui.orgs.tree import in_force_q, subtree, subtree_q
from gonghui.people.models import Position


def _orgs(org, period, kind):
    return count(subtree(org).filter(in_force_q(period.end)), Q(kind=kind),
                  path="path")


@indicator("branches", "分会数", "个", "期末存续的分会/车间工会", source="orgs")
def branches(org, period):
    return _orgs(org, period, "branch")


@indicator("groups", "小组数", "个", "期末存续的工会小组", source="orgs")
def groups(org, period):
    return _orgs(org, period, "group")


def _positions(org, period, title):
    return count(Position.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=period.end),
        subtree_q(org.path, "org__"), start_on__lte=period.end,
    ), Q(title=title))


@indicator("unions", "基层工会数", "个", "期末存续的基层工会（含联合基层工会）", source="orgs")
def unions(org, period):
    return _orgs(org, period, "union")


@indicator("group_leaders", "工会小组长", "人", "期末在任的工会小组长", source="positions")
def group_leaders(org, period):
    return _positions(org, period, Position.Title.GROUP_LEADER)


@indicator("safety_monitors", "劳动保护监督员", "人", "期末在任的劳动保护监督员", source="positions")
def safety_monitors(org, period):
    return _positions(org, period, Position.Title.SAFETY_MONITOR)


@indicator("rules", "制度", "项", "期末有效的制度（制定日期至废止日期）", source="rule")
def rules(org, period):
    return count(in_force(lm.Rule, org, period.end, end="repealed_on"))


