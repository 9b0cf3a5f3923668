"""职工, 会员 and 会籍 flows, and the 入会率 declared over them."""

from __future__ import annotations

from django.db.models import Q

from gonghui.indicators.definitions.measures import count
from gonghui.indicators.registry import Measure, indicator, rate
from gonghui.orgs.tree import subtree_q
from gonghui.people.models import MembershipEvent, Person
from gonghui.people.selectors import members_at, membership_events_between

K = MembershipEvent.Kind


def _workers(org, period):
    return Person.objects.filter(
        Q(hired_on__isnull=True) | Q(hired_on__lte=period.end),
        subtree_q(org.path, "org__"), work_status="active",
    )


@indicator("workers", "职工人数", "人", "在职、入职日期（已知时）不晚于期末的职工", source="people")
def workers(org, period):
    return count(_workers(org, period))


@indicator("workers_female", "女职工", "人", "职工人数中的女性", source="people")
def workers_female(org, period):
    return count(_workers(org, period), Q(gender="F"))


@indicator("workers_dispatched", "劳务派遣职工", "人", "职工人数中用工形式为劳务派遣的", source="people")
def workers_dispatched(org, period):
    return count(_workers(org, period), Q(employment_type="dispatched"))


@indicator("members", "会员人数", "人", "期末会籍在册（按会籍变动记录）的会员", source="membership")
def members(org, period):
    return count(members_at(org, period.end))


@indicator("members_female", "女会员", "人", "期末在册会员中的女性", source="membership")
def members_female(org, period):
    return count(members_at(org, period.end), Q(person__gender="F"))


@indicator("members_migrant", "农民工会员", "人", "期末在册会员中的农民工", source="membership")
def members_migrant(org, period):
    return count(members_at(org, period.end), Q(person__is_migrant_worker=True))


@indicator("members_dispatched", "劳务派遣会员", "人", "期末在册会员中用工形式为劳务派遣的", source="membership")
def members_dispatched(org, period):
    return count(members_at(org, period.end), Q(person__employment_type="dispatched"))


@indicator("members_retained", "保留会籍会员", "人", "期末处于保留会籍状态的会员（最近一次会籍变动为保留会籍）",
           source="membership")
def members_retained(org, period):
    on = period.end
    return count(MembershipEvent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=on),
        subtree_q(org.path, "org__"), kind=K.RETAIN, date__lte=on,
    ))


EVENT_KINDS = [K.JOIN, K.TRANSFER_IN, K.TRANSFER_OUT, K.LEAVE, K.EXPEL]


def _events(org, period, kinds):
    # One QuerySet for the four flows (the kind is a `where`), so they are counted in one query.
    events = membership_events_between(org, EVENT_KINDS, period.start, period.end)
    return Measure(events, where=Q(kind__in=list(kinds)), date="date")


@indicator("members_joined", "新入会", "人", "期间内的入会记录", source="membership")
def members_joined(org, period):
    return _events(org, period, [K.JOIN])


@indicator("members_transferred_in", "转入", "人", "期间内的转入记录", source="membership")
def members_transferred_in(org, period):
    return _events(org, period, [K.TRANSFER_IN])


@indicator("members_transferred_out", "转出", "人", "期间内的转出记录", source="membership")
def members_transferred_out(org, period):
    return _events(org, period, [K.TRANSFER_OUT])


@indicator("members_left", "退会", "人", "期间内的退会与除名记录", source="membership")
def members_left(org, period):
    return _events(org, period, [K.LEAVE, K.EXPEL])


rate("membership_rate", "入会率", numerator="members", denominator="workers", places=1)
