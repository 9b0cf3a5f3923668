"""Reads of the ledgers, scoped. The list pages, exports, API and the drill-down behind a report number
all use `entry_list`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from gonghui.accounts.scoping import get_for, scoped
from gonghui.core.scope_guard import unscoped
from gonghui.funds.selectors import vouchers_of_source
from gonghui.ledgers.kinds import Kind
from gonghui.ledgers.vouchers import AMOUNT_FIELDS, voucher_source
from gonghui.orgs.models import Org
from gonghui.orgs.tree import subtree_q


def entry_list(
    *, viewer, kind: Kind, org: Org | None = None, start: dt.date | None = None, end: dt.date | None = None,
    status: str = "",
) -> QuerySet:
    qs = scoped(kind.model.objects.select_related("org"), viewer)
    if org is not None:
        qs = qs.filter(subtree_q(org.path, "org__"))
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    if status and kind.status_field:
        qs = qs.filter(**{kind.status_field: status})
    return qs.order_by("-date", "-id")


def entry_get(*, viewer, kind: Kind, pk, write: bool = False):
    """One entry: 404 outside the viewer's scope; with write, 403 unless they may write ledgers there
    (小组长 included, unlike people records)."""
    entry = get_for(viewer, kind.model.objects.select_related("org"), pk)
    if write:
        from gonghui.ledgers.rights import can_write_ledgers

        if not can_write_ledgers(viewer, entry.org):
            raise PermissionDenied
    return entry


def entry_totals(qs: QuerySet, kind: Kind) -> dict:
    """Count, 人次 and money sums of a filtered list, in one query."""
    aggregates = {"count": Count("id")}
    if kind.counts_person_times:
        aggregates["person_times"] = Sum("person_times")
    for name in kind.money_fields:
        aggregates[name] = Sum(name)
    row = qs.order_by().aggregate(**aggregates)
    for name in kind.money_fields:
        row[name] = row[name] if row[name] is not None else Decimal("0.00")
    if "person_times" in row and row["person_times"] is None:
        row["person_times"] = 0
    return row


# --- pages: choices, related rows, audit, attachments, calendar ----------------------------------

def ledger_write_orgs(*, viewer) -> QuerySet[Org]:
    """Active orgs the viewer may record ledgers in (管理员/干事 their subtree, 小组长 their group)."""
    from gonghui.ledgers.rights import LEDGER_WRITE_ROLES

    qs = Org.objects.filter(status=Org.Status.ACTIVE)
    return scoped(qs, viewer, roles=LEDGER_WRITE_ROLES).order_by("path")


def entry_related(qs: QuerySet, kind: Kind) -> QuerySet:
    """`qs` with the person/org columns of the kind joined, so a list shows them without a query per row."""
    from gonghui.ledgers.kinds import PERSON, PERSON_OR_ORG

    names = []
    for col in kind.columns:
        if col.type == PERSON:
            names.append(col.field)
        elif col.type == PERSON_OR_ORG:
            names += ["recipient_person", "recipient_org"]
    return qs.select_related(*names) if names else qs


def with_people_names(qs: QuerySet, kind: Kind) -> QuerySet:
    """`qs` with the people listed on each entry fetched with the page (their id and name only: a 会议 of the
    whole federation lists hundreds), not one query per row."""
    from django.db.models import Prefetch

    from gonghui.people.models import Person

    if kind.persons_field is None:
        return qs
    return qs.prefetch_related(Prefetch(kind.persons_field, queryset=Person.objects.only("id", "name")))


def entry_people(entry, kind: Kind) -> QuerySet:
    """The people listed on an entry (参加人员 / 提出人), with their org, in roster order."""
    from gonghui.people.models import Person

    if kind.persons_field is None:
        return Person.objects.none()
    return getattr(entry, kind.persons_field).select_related("org").order_by("name_pinyin", "id")


def entry_audit(*, viewer, kind: Kind, entry) -> QuerySet:
    """The trail of one entry (its rows use object_type = the kind code), as far as the viewer's scope reaches."""
    from gonghui.core.models import AuditEvent

    qs = AuditEvent.objects.filter(object_type=kind.code, object_id=str(entry.pk))
    return scoped(qs, viewer).order_by("-at", "-id")


def attachment_list(*, viewer, kind: Kind, entry) -> QuerySet:
    from gonghui.ledgers.models import Attachment

    qs = Attachment.objects.filter(kind=kind.code, entry_id=entry.pk)
    return scoped(qs, viewer).order_by("uploaded_at", "id")


def attachment_get(*, viewer, pk, write: bool = False):
    """One attachment: 404 when missing or the viewer may not see its entry (the same answer)."""
    from gonghui.ledgers.models import Attachment

    att = get_for(viewer, Attachment.objects.select_related("org"), pk)
    if write:
        from django.core.exceptions import PermissionDenied

        from gonghui.ledgers.rights import can_write_ledgers

        if not can_write_ledgers(viewer, att.org):
            raise PermissionDenied
    return att


def entries_by_day(*, viewer, start: dt.date, end: dt.date, org: Org | None = None) -> dict:
    """{date: [(kind, entry), …]} across all kinds, scoped: the calendar. One query per kind."""
    from gonghui.ledgers.kinds import KINDS

    days: dict[dt.date, list] = {}
    for kind in KINDS.values():
        qs = entry_related(entry_list(viewer=viewer, kind=kind, org=org, start=start, end=end), kind)
        for entry in qs.order_by("date", "id"):
            days.setdefault(entry.date, []).append((kind, entry))
    return days


def entry_vouchers(*, viewer, kind: Kind, entry) -> list:
    """The vouchers in the union's books an entry that paid money made (funds.selectors.SourceVoucher)."""
    if kind.code not in AMOUNT_FIELDS:
        return []
    return vouchers_of_source(viewer=viewer, org=entry.org, source=voucher_source(kind, entry))


def voucher_entry_files(*, viewer, voucher) -> list:
    """The attachments of the ledger entry a voucher came from (签到表, 签收单, photos), for a reader of the
    voucher (the caller fetched it through funds' `voucher_get`): finance and the 经审 read the books, not the
    ledgers, yet must see the evidence of what they review. Empty for a voucher from no ledger entry."""
    from gonghui.ledgers.models import Attachment

    app, _dot, rest = voucher.source.partition(".")
    code, _colon, pk = rest.partition(":")
    if app != "ledgers" or code not in AMOUNT_FIELDS or not pk.isdigit():
        return []
    with unscoped("the evidence of a voucher its reader fetched through the books' scope"):
        return list(Attachment.objects.filter(kind=code, entry_id=int(pk)).order_by("uploaded_at", "id"))


def voucher_entry_file_get(*, viewer, voucher, pk):
    """One of `voucher_entry_files` (404 when it is not one of them)."""
    found = next((att for att in voucher_entry_files(viewer=viewer, voucher=voucher) if str(att.pk) == str(pk)),
                 None)
    if found is None:
        raise Http404
    return found
