"""Viewers do not see buttons they cannot use (issue 12 §7): on the pages a read-only role opens, every link
opens (no 403) and there is no form that writes."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save

LINK = re.compile(r'href="(/[^"#]*)')
# Links that lead to a write (the pages behind them answer 403 to who may not write); reading links are not
# followed, which keeps the test fast.
WRITES = re.compile(r"/(new|edit|move|dissolve|delete|import|template|files|end|ratings|membership|positions|"
                    r"export)/|/reports/(edit|template)/")
POST_FORM = re.compile(r'<form[^>]*method="post"[^>]*action="([^"]*)"')


@pytest.fixture
def meeting(cast):
    return entry_save(actor=cast.root, kind=get_kind("meeting"), org=cast.ua_g1,
                      values={"date": dt.date(2026, 3, 5), "meeting_type": "group", "title": "小组会"})


@pytest.mark.parametrize("role", ["viewer_fed", "auditor_a"])
def test_a_read_only_role_sees_no_button_it_cannot_use(cast, login, meeting, role):
    client = login(getattr(cast, role))
    pages = [reverse("web:home"), reverse("web:ledger-index"), reverse("web:ledger-list", args=["meeting"]),
             reverse("web:ledger-detail", args=["meeting", meeting.pk]), reverse("web:org-detail", args=[cast.ua.pk]),
             reverse("web:person-detail", args=[cast.wang_person.pk]),
             reverse("web:person-list") + f"?org={cast.ua.code}", reverse("web:ledger-calendar")]
    forbidden = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        writes = [a for a in POST_FORM.findall(html) if a != reverse("accounts:logout")]
        forbidden += [f"{page}: form posting to {a}" for a in writes]
        for href in set(LINK.findall(html)):
            href = href.replace("&amp;", "&")
            if not WRITES.search(href):
                continue
            if client.get(href).status_code == 403:
                forbidden.append(f"{page}: link to {href}")
    assert not forbidden, "\n".join(forbidden)
