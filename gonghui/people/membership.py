"""The 会籍 state machine and the bookkeeping that keeps `valid_until` and the person's status in step."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.people.models import MembershipEvent, MemberStatus, Person

Kind = MembershipEvent.Kind

# Which events may follow which state, and the state after the event.
TRANSITIONS: dict[str, tuple[set[str], str]] = {
    Kind.JOIN: ({MemberStatus.NONE, MemberStatus.OUT}, MemberStatus.ACTIVE),
    Kind.TRANSFER_IN: ({MemberStatus.NONE, MemberStatus.OUT}, MemberStatus.ACTIVE),
    Kind.TRANSFER_OUT: ({MemberStatus.ACTIVE}, MemberStatus.OUT),
    Kind.LEAVE: ({MemberStatus.ACTIVE, MemberStatus.RETAINED}, MemberStatus.OUT),
    Kind.EXPEL: ({MemberStatus.ACTIVE, MemberStatus.RETAINED}, MemberStatus.OUT),
    Kind.RETAIN: ({MemberStatus.ACTIVE}, MemberStatus.RETAINED),
    Kind.RESTORE: ({MemberStatus.RETAINED}, MemberStatus.ACTIVE),
}


def replay(events: list[MembershipEvent]) -> str:
    """Check the whole history in date order; return the final state or raise with the first problem."""
    state = MemberStatus.NONE
    for event in events:
        allowed, after = TRANSITIONS[event.kind]
        if state not in allowed:
            raise ValidationError(
                {"kind": _("%(date)s的“%(kind)s”不成立：此时会籍状态是“%(state)s”。%(hint)s")
                 % {"date": event.date.isoformat(), "kind": Kind(event.kind).label,
                    "state": MemberStatus(state).label, "hint": HINTS[event.kind]}},
                code="membership_sequence",
            )
        state = after
    return state


HINTS = {
    Kind.JOIN: _("已是会员的人不能再次入会；离会后才能重新入会。"),
    Kind.TRANSFER_IN: _("转入前此人不应是本系统中的在册会员；请先办理转出或退会。"),
    Kind.TRANSFER_OUT: _("只有在册会员才能转出。"),
    Kind.LEAVE: _("只有在册或保留会籍的会员才能退会。"),
    Kind.EXPEL: _("只有在册或保留会籍的会员才能除名。"),
    Kind.RETAIN: _("只有在册会员才能保留会籍。"),
    Kind.RESTORE: _("只有保留会籍的会员才能恢复。"),
}


def ordered(events: list[MembershipEvent]) -> list[MembershipEvent]:
    # Same-day events keep the order they were recorded in (a 转出 then a 转入 on one day).
    return sorted(events, key=lambda e: (e.date, e.pk or float("inf")))


def restamp(person: Person, events: list[MembershipEvent]) -> list[MembershipEvent]:
    """Set each event's valid_until to the next event's date; return events whose value changed."""
    changed = []
    for current, following in zip(events, [*events[1:], None]):
        until = following.date if following else None
        if current.valid_until != until:
            current.valid_until = until
            changed.append(current)
    return changed


def current_member_no(events: list[MembershipEvent]) -> str:
    for event in reversed(events):
        if event.member_no:
            return event.member_no
    return ""
