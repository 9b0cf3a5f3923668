"""会员证核验 for officers: paste the text of a member card's QR code or scan it with the phone's camera; the
page says valid / invalid / expired / unknown union with the card's details (issue #16 §5). Thin: the
verification is reports.card_selectors.card_verify (this install's key, or the key registered for the card's union)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render

from gonghui.activities.scan import MAX_BYTES, decode_image
from gonghui.reports.card_selectors import card_verify, may_verify_cards
from gonghui.web.views.activities import CAMERA_POLICY

MAX_TOKEN = 2000


def card_verify_page(request):
    if not may_verify_cards(request.user):
        raise PermissionDenied
    if request.method == "POST" and "frame" in request.FILES:
        # the camera fallback of a browser without BarcodeDetector: decode the frame, the page then submits it
        return JsonResponse({"text": decode_image(request.FILES["frame"].read(MAX_BYTES + 1)) or ""})
    token = request.POST.get("token", "").strip()[:MAX_TOKEN] if request.method == "POST" else ""
    check = card_verify(viewer=request.user, token=token) if token else None
    response = render(request, "web/card_verify.html", {"token": token, "check": check})
    response["Permissions-Policy"] = CAMERA_POLICY
    return response
