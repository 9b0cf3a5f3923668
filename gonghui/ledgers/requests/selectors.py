"""Reads of the members' requests: the officers' queue (the scope), one request and its documents, and a
member's own requests and suggestions (scope_own)."""

from __future__ import annotations

from django.db.models import QuerySet

from gonghui.accounts.roles import READ_ROLES
from gonghui.accounts.scoping import get_for, scope_of, scoped
from gonghui.ledgers.requests.models import HelpDocument, HelpRequest, SuggestionSubmission
from gonghui.orgs.models import Org
from gonghui.orgs.tree import within


def help_request_list(*, viewer, org: Org | None = None, status: str = "") -> QuerySet[HelpRequest]:
    """The officers' queue: requests of orgs the viewer reads (not a member's own), pending ones oldest due
    first."""
    qs = scoped(HelpRequest.objects.select_related("person", "org", "decided_by"), viewer, roles=READ_ROLES)
    if org is not None:
        qs = within(qs, org)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "id") if status == HelpRequest.Status.PENDING else qs.order_by(
        "-submitted_at", "-id")


def help_request_get(*, viewer, pk, write: bool = False) -> HelpRequest:
    return get_for(viewer, HelpRequest.objects.select_related("person", "person__org", "org", "decided_by",
                                                              "hardship", "aid"), pk, write=write)


def help_documents(request: HelpRequest) -> QuerySet[HelpDocument]:
    return request.documents.order_by("id")


def help_document_get(*, viewer, pk) -> HelpDocument:
    """A document, for the officers who read its request (the member who sent it too)."""
    return get_for(viewer, HelpDocument.objects.select_related("request"), pk)


def my_help_requests(*, viewer) -> QuerySet[HelpRequest]:
    person_id = scope_of(viewer).person_id
    if person_id is None:
        return HelpRequest.objects.none()
    return scoped(HelpRequest.objects.select_related("aid").prefetch_related("documents"), viewer).filter(
        person_id=person_id).order_by("-submitted_at", "-id")


def my_suggestions(*, viewer) -> QuerySet[SuggestionSubmission]:
    person_id = scope_of(viewer).person_id
    if person_id is None:
        return SuggestionSubmission.objects.none()
    return scoped(SuggestionSubmission.objects.select_related("entry"), viewer).filter(
        person_id=person_id).order_by("-submitted_at", "-id")
