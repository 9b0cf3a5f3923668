"""A refusal (403) is one warning line naming the user and the path, never a traceback."""

import logging

from django.urls import reverse


def _lines(caplog):
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_403_page_logs_one_line_with_user_and_path(cast, login, caplog):
    url = reverse("accounts:user-list")
    with caplog.at_level(logging.WARNING):
        response = login(cast.finance_a).get(url)
    assert response.status_code == 403
    records = _lines(caplog)
    assert [r.getMessage() for r in records] == [f"403 forbidden: user=zhaocaiwu path={url}"]
    assert records[0].exc_info is None and "Traceback" not in caplog.text
