"""Who is still to be invited: members without an account."""

from __future__ import annotations

from django.db.models import QuerySet

from gonghui.orgs.models import Org
from gonghui.orgs.tree import within
from gonghui.people.models import MemberStatus, Person

MEMBER_STATUSES = (MemberStatus.ACTIVE, MemberStatus.RETAINED)


def uninvited_members(*, org: Org) -> QuerySet[Person]:
    """Members (在册 or 保留会籍) of `org`'s subtree without an account, by org and name. `org` was read
    through the viewer's scope."""
    return within(Person.objects.select_related("org"), org).filter(
        member_status__in=MEMBER_STATUSES, account__isnull=True).order_by("org__path", "name")
