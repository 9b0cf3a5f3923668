"""/reports/summary in the Word template in force for the org, or the built-in layout with builtin=true."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.reports.summary.wording import fmt_value
from gonghui.reports.summary_templates import summary_template_upload
from gonghui.reports.tests.template_files import all_text, docx_bytes

pytestmark = pytest.mark.django_db

P = {"org": "UA", "period": "2026H1"}


@pytest.fixture
def ua_template(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return summary_template_upload(actor=cast.chair_a, org=cast.ua,
                                   upload=SimpleUploadedFile("本会.docx", docx_bytes()))


def _doc(r):
    assert r.status_code == 200, r.content
    return docx.Document(io.BytesIO(b"".join(r.streaming_content)))


def test_the_summary_is_written_in_the_template_in_force(api, cast, ua_template):
    doc = _doc(api(cast.finance_a).get("/reports/summary", P))
    text = all_text(doc)
    members = fmt_value("members", compute(cast.ua, parse_period("2026H1"))["members"])
    assert "{{" not in text and f"本期会员{members}" in text and "文化局工会 内部资料" in text


def test_builtin_true_gives_the_built_in_layout(api, cast, ua_template):
    doc = _doc(api(cast.chair_a).get("/reports/summary", {**P, "builtin": "true"}))
    assert doc.paragraphs[0].style.name == "Title" and "内部资料" not in all_text(doc)


def test_union_as_template_never_reaches_union_b(api, cast, ua_template):
    doc = _doc(api(cast.admin_b).get("/reports/summary", {"org": "UB", "period": "2026H1"}))
    assert "内部资料" not in all_text(doc)
