"""Reads of 转会 requests. The union left reads them through the scope (TransferRequest.scope_org is the org
left); the union joined reads its incoming requests by `to_org` within the viewer's own read paths; a member
reads their own (scope_own)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.accounts.roles import READ_ROLES
from gonghui.accounts.scoping import scope_of, scoped
from gonghui.core.scope_guard import mark_fetched, mark_scoped, unscoped
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.tree import subtree_q
from gonghui.people.models import TransferRequest

OUT, IN = "out", "in"
UNION_UNKNOWN = _("没有找到名为“%(q)s”的工会。请从列表中选择，或填写工会的组织代码。")
UNION_MISSING = _("请填写要转入的工会（名称或组织代码）。")
UNION_AMBIGUOUS = _("有多个工会叫“%(q)s”，请从列表中选择带组织代码的一项。")

_BASE = ("person", "person__org", "from_org", "to_org", "requested_by", "from_approved_by", "to_approved_by",
         "rejected_by")


def _incoming_q(viewer) -> Q | None:
    """Requests whose union joined lies in the viewer's read paths (None: no limit)."""
    scope = scope_of(viewer)
    if scope.everything:
        return None
    q = Q(pk__in=[])
    for path in scope.paths(READ_ROLES):
        q |= subtree_q(path, "to_org__")
    return q


def transfer_list(*, viewer, side: str = OUT, status: str = "") -> QuerySet[TransferRequest]:
    """An officers' queue: `out` the requests of members leaving orgs the viewer reads, `in` the requests to
    unions the viewer reads. Pending ones oldest due first."""
    qs = TransferRequest.objects.select_related(*_BASE)
    if side == IN:
        q = _incoming_q(viewer)
        qs = mark_scoped(qs if q is None else qs.filter(q))
    else:
        qs = scoped(qs, viewer, roles=READ_ROLES)  # roles given: officers' queue, not the member's own
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "id") if status == TransferRequest.Status.PENDING else qs.order_by(
        "-requested_at", "-id")


def transfer_get(*, viewer, pk) -> TransferRequest:
    """One request the viewer may read from either side (or their own): 404 otherwise."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = scoped(TransferRequest.objects.select_related(*_BASE), viewer).filter(pk=pk).first()
    if found is None:
        q = _incoming_q(viewer)
        incoming = TransferRequest.objects.select_related(*_BASE).filter(pk=pk)
        found = mark_scoped(incoming if q is None else incoming.filter(q)).first()
    if found is None:
        raise Http404
    return mark_fetched(found)


def my_transfers(*, viewer) -> QuerySet[TransferRequest]:
    """The viewer's own requests (as the member), newest first."""
    person_id = scope_of(viewer).person_id
    if person_id is None:
        return TransferRequest.objects.none()
    return scoped(TransferRequest.objects.select_related("from_org", "to_org"), viewer).filter(
        person_id=person_id).order_by("-requested_at", "-id")


def transfer_unions() -> list[tuple[str, str]]:
    """(code, name) of every active union of the install: where a member may ask to go. Names are public
    inside the install (the join pages show them too)."""
    with unscoped("the names of the install's unions: a member picks where to transfer"):
        return list(Org.objects.filter(kind=OrgKind.UNION, status=Org.Status.ACTIVE).order_by("name")
                    .values_list("code", "name"))


def union_label(code: str, name: str) -> str:
    return f"{name}（{code}）"


def transfer_union_find(text: str) -> Org:
    """The union a member typed or picked: "名称（代码）" from the list, a code, or an exact name."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"to_org": UNION_MISSING}, code="union_missing")
    match = re.search(r"[（(]([^（）()]+)[）)]\s*$", text)
    unions = Org.objects.filter(kind=OrgKind.UNION, status=Org.Status.ACTIVE)
    with unscoped("a union of the install picked by its public name or code"):
        if match:
            found = list(unions.filter(code=match.group(1).strip().upper()))
        else:
            found = list(unions.filter(code=text.upper())) or list(unions.filter(name=text)[:2])
    if not found:
        raise ValidationError({"to_org": UNION_UNKNOWN % {"q": text}}, code="union_unknown")
    if len(found) > 1:
        raise ValidationError({"to_org": UNION_AMBIGUOUS % {"q": text}}, code="union_ambiguous")
    return mark_fetched(found[0])
