"""Reads of notices: an officer's list (their scope) with read counts, one notice's readers and those who have
not read it yet, and a member's notices (addressed to their org or one above it, unread first)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from gonghui.accounts.scoping import get_for, scoped
from gonghui.core.scope_guard import unscoped
from gonghui.notices.models import Notice, NoticeRead
from gonghui.people.models import Person
from gonghui.surveys.selectors import addressed_to, audience, member_person


def notice_list(*, viewer) -> QuerySet[Notice]:
    return scoped(Notice.objects.select_related("org"), viewer).annotate(read_count=Count("reads"))


def notice_get(*, viewer, pk, write: bool = False) -> Notice:
    return get_for(viewer, Notice.objects.select_related("org"), pk, write=write)


def notices_for_member(*, viewer) -> QuerySet[Notice]:
    """Published notices addressed to the member, unread first, then newest first; `is_read` on each."""
    person = member_person(viewer)
    qs = addressed_to(Notice.objects.select_related("org"), person).filter(status=Notice.Status.PUBLISHED)
    if person is None:
        return qs
    mine = NoticeRead.objects.filter(notice=OuterRef("pk"), person_id=person.pk)
    return qs.annotate(is_read=Exists(mine)).order_by("is_read", "-published_at", "-pk")


def notice_for_member(*, viewer, pk) -> Notice:
    """A published notice addressed to the member; 404 otherwise (withdrawn ones too)."""
    found = notices_for_member(viewer=viewer).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


@dataclass
class Reader:
    person: Person
    read_at: object  # datetime or None


def notice_readers(notice: Notice) -> tuple[list[Reader], list[Reader]]:
    """(read, not yet read) among the members the notice is addressed to (会籍在册 in its org's subtree), by
    org and name; someone who read it and has since left the audience is still listed as read. `notice` was
    read through the scope."""
    with unscoped("the receipts of a notice the viewer may read"):
        receipts = {r.person_id: r.read_at for r in NoticeRead.objects.filter(notice=notice)}
        members = list(audience(notice.org))
        seen = {p.pk for p in members}
        gone = list(Person.objects.filter(pk__in=[pk for pk in receipts if pk not in seen]).select_related("org"))
    read = [Reader(p, receipts[p.pk]) for p in members if p.pk in receipts] + [Reader(p, receipts[p.pk]) for p in gone]
    unread = [Reader(p, None) for p in members if p.pk not in receipts]
    return read, unread
