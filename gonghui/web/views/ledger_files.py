"""Ledger helpers that are not pages: the participant picker's htmx partials and the attachment files.

Files are never served from a public URL: every download goes through attachment_get (→ scoping.get_for on
the Attachment, scope_org = "org__"), so only users who may see the entry get it (404 otherwise). A file goes
out under the type it was found to be (name, extension and Content-Type), as a download, with nosniff and a
sandboxing CSP, so a browser never runs it as a page of this site.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.ledgers.attachments import attachment_delete as delete_attachment
from gonghui.ledgers.attachments import download_name
from gonghui.ledgers.selectors import attachment_get
from gonghui.orgs.selectors import org_get
from gonghui.orgs.tree import union_of
from gonghui.people.models import WorkStatus
from gonghui.people.selectors import PersonFilters, person_list, person_pick

PICKER_FIELDS = frozenset({"participants", "proposers", "recipient", "person", "recipient_person"})
SEARCH_LIMIT = 20
GROUP_LIMIT = 500


def _picker_args(request):
    field = request.GET.get("field", "participants")
    if field not in PICKER_FIELDS:
        raise Http404
    org_pk = request.GET.get("org") or request.GET.get("entry_org")
    if not org_pk:
        raise Http404
    org = org_get(viewer=request.user, pk=org_pk)
    return field, request.GET.get("several") != "0", union_of(org)


def ledger_person_search(request):
    """htmx partial: people of the entry's union (as far as the viewer sees) matching name, pinyin,
    initials or 工号, as checkboxes the picker turns into chips."""
    field, several, union = _picker_args(request)
    q = request.GET.get("q", "")
    people = list(person_pick(viewer=request.user, within=union, q=q, limit=SEARCH_LIMIT))
    return render(request, "web/ledger_person_options.html", {
        "people": people, "field": field, "several": several, "q": q.strip(), "checked": False,
        "limit_hit": len(people) >= SEARCH_LIMIT,
    })


def ledger_person_group(request):
    """htmx partial: everybody at work in one org's subtree (inside the entry's union), already checked."""
    field, several, union = _picker_args(request)
    group_pk = request.GET.get("group")
    people = []
    if group_pk:
        group = org_get(viewer=request.user, pk=group_pk)
        if group.path.startswith(union.path):
            filters = PersonFilters(org=group, work_status=WorkStatus.ACTIVE)
            people = list(person_list(viewer=request.user, filters=filters)[:GROUP_LIMIT])
    return render(request, "web/ledger_person_options.html", {
        "people": people, "field": field, "several": several, "checked": True, "group": True,
        "limit_hit": len(people) >= GROUP_LIMIT,
    })


def _file_response(fieldfile, *, filename: str, content_type: str, as_attachment: bool):
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def ledger_attachment(request, pk):
    att = attachment_get(viewer=request.user, pk=pk)
    return _file_response(att.file, filename=download_name(att.original_name, att.content_type),
                          content_type=att.content_type, as_attachment=True)


def ledger_attachment_thumb(request, pk):
    att = attachment_get(viewer=request.user, pk=pk)
    if not att.thumbnail:
        raise Http404
    kind = "image/png" if att.thumbnail.name.endswith(".png") else "image/jpeg"
    return _file_response(att.thumbnail, filename="thumb", content_type=kind, as_attachment=False)


@require_POST
def ledger_attachment_delete(request, pk):
    att = attachment_get(viewer=request.user, pk=pk, write=True)
    kind, entry_id, name = att.kind, att.entry_id, att.original_name
    delete_attachment(actor=request.user, attachment=att)
    messages.success(request, _("已删除附件“%(n)s”。") % {"n": name})
    return redirect(reverse("web:ledger-detail", args=[kind, entry_id]) + "#attachments")
