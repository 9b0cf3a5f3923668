"""/me/ as an installable web app (manifest, service worker, icons under CSP) and the 会员证 on it; the
officers' verify page reads a pasted code."""

import datetime as dt
import json
import re

from django.urls import reverse

from gonghui.accounts.scoping import SYSTEM
from gonghui.people.services import membership_event_add


def test_the_web_app_files_are_served_with_their_types(client):
    r = client.get(reverse("me:manifest"))
    assert r["Content-Type"] == "application/manifest+json" and "Content-Security-Policy" in r
    manifest = json.loads(r.content)
    assert manifest["start_url"] == manifest["scope"] == "/me/" and manifest["display"] == "standalone"
    assert [i["sizes"] for i in manifest["icons"]] == ["192x192", "512x512"]
    sw = client.get(reverse("me:service-worker"))
    assert sw["Content-Type"].startswith("text/javascript") and "Content-Security-Policy" in sw
    assert '"/static/me/me.css"' in sw.content.decode() and '"/me/icon-192.png"' in sw.content.decode()
    icon = client.get(reverse("me:icon", args=[512]))
    assert icon["Content-Type"] == "image/png" and icon.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(reverse("me:icon", args=[100])).status_code == 404


def test_a_member_sees_their_card_and_an_officer_verifies_it(cast, login):
    membership_event_add(actor=SYSTEM, person=cast.wang_person, kind="join", date=dt.date(2021, 3, 1))
    home = login(cast.member_a).get(reverse("me:home")).content.decode()
    assert 'rel="manifest"' in home and "me.js" in home
    assert "工会会员证（电子）" in home and "文化局工会" in home and "2021-03-01" in home
    assert "data:image/svg+xml" in home and "<script>" not in home

    from gonghui.activities.cards import card_for, card_token

    cast.wang_person.refresh_from_db()
    token = card_token(card_for(cast.wang_person))
    page = login(cast.viewer_fed).post(reverse("web:card-verify"), {"token": token}).content.decode()
    assert "✓ 有效" in page and "王会员" in page and "文化局工会（UA）" in page
    page = login(cast.viewer_fed).post(reverse("web:card-verify"), {"token": token[:-4] + "AAAA"})
    assert "✗ 无效" in page.content.decode()
    assert re.search(r"camera=\(self\)", page["Permissions-Policy"])
