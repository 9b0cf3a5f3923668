"""A refusal (403) from the API is one warning line naming the user and the path, never a traceback."""

import json
import logging


def test_a_403_from_the_api_logs_one_line_with_user_and_path(cast, api, caplog):
    path = f"/api/v1/people/{cast.wang_person.pk}"
    with caplog.at_level(logging.WARNING):
        response = api(cast.finance_a).patch(f"/people/{cast.wang_person.pk}", {"post": "x"})
    assert response.status_code == 403, response.content
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in records] == [f"403 forbidden: user=zhaocaiwu path={path}"]
    assert records[0].exc_info is None and json.loads(response.content)["code"] == "forbidden"
