"""A notice's attachment handed out (to the officers' page and the member's): never inline, never cached,
never sniffed into something else by the browser."""

from __future__ import annotations

from django.http import FileResponse, Http404

from gonghui.core.imports import attachment
from gonghui.notices.models import Notice


def attachment_response(notice: Notice) -> FileResponse:
    if not notice.attachment:
        raise Http404
    try:
        handle = notice.attachment.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = attachment(handle, notice.attachment_name, notice.attachment_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
