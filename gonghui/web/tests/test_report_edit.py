"""The 工作总结 editor (/reports/edit/) and the 台账明细 download (/reports/evidence.xlsx)."""

from __future__ import annotations

import io
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import all_indicators, compute
from gonghui.reports.drafts import draft_list, draft_save
from gonghui.reports.tests.trace_data import build
from gonghui.reports.trace import trace_entries, traceable

H1 = parse_period("2026H1")
Q = "?org=UA&period=2026H1"


@pytest.fixture
def data(cast):
    build(cast)
    for org in (cast.fed, cast.ua, cast.ub):
        org.refresh_from_db()
    return cast


def _edit():
    return reverse("web:report-edit") + Q


def _docx_text(content: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


# --- the editor ------------------------------------------------------------------------------------------

def test_the_editor_shows_each_section_as_text_with_number_fields(data, login):
    body = unescape(login(data.chair_a).get(_edit()).content.decode())
    assert 'data-section="opening"' in body and 'data-section="org"' in body
    values = compute(data.ua, H1)
    # the generated wording, each number as its field in the one placeholder syntax: 会员{{members}}
    assert "会员{{members}}" in body and f"会员{values['members']}人" not in body.split("可用的数字字段")[0]
    # the opening, 存在的问题 and 下一步打算 are drafted, not 【请填写】 places
    assert "【请填写" not in body and "现将上半年工作总结如下" in body and "重点做好以下工作" in body
    # the legend lists every code with its current value
    for ind in all_indicators():
        assert f'data-code="{ind.code}"' in body and "{{" + ind.code + "}}" in body
    assert reverse("web:report-preview") + Q in body and reverse("web:report-summary") + Q in body
    # one form, one save for every section, the 落款 date, and the page's script from a static file
    assert body.count("<form method=\"post\" class=\"draft-form\"") == 1 and body.count('value="save"') == 1
    assert 'name="signed_on"' in body and "web/report_edit.js" in body
    assert "<script>" not in body and " onclick=" not in body and " onbeforeunload=" not in body


def _post(client, action="save", **texts):
    data = {f"text-{key}": text for key, text in texts.items() if key != "signed_on"}
    data["action"] = action
    data["signed_on"] = texts.get("signed_on", "")
    return client.post(_edit(), data)


def test_one_save_keeps_every_section_and_the_download_uses_them(data, login):
    client = login(data.chair_a)
    r = _post(client, org="我会现有会员{{members}}。", plans="下半年重点抓好职工之家建设。")
    assert r.status_code == 302
    assert draft_list(viewer=data.chair_a, org=data.ua, period=H1) == {
        "org": "我会现有会员{{members}}。", "plans": "下半年重点抓好职工之家建设。"}
    body = unescape(client.get(_edit()).content.decode())
    assert "我会现有会员{{members}}。" in body and "下半年重点抓好职工之家建设。" in body
    r = client.get(reverse("web:report-summary") + Q)
    members = compute(data.ua, H1, ["members"])["members"]
    text = _docx_text(b"".join(r.streaming_content))
    assert f"我会现有会员{members}人。" in text and "下半年重点抓好职工之家建设。" in text
    # 恢复自动生成 of one section while another is being edited: the edit is saved, not lost
    r = _post(client, action="reset:org", org="我会现有会员{{members}}。", plans="改过的打算。")
    assert r.status_code == 302 and r["Location"].endswith("#s-org")
    assert draft_list(viewer=data.chair_a, org=data.ua, period=H1) == {"plans": "改过的打算。"}
    # posting the generated text back unchanged stores no draft (it keeps following the ledger)
    page = unescape(client.get(_edit()).content.decode())
    auto = page.split('id="text-opening" name="text-opening" rows="')[1].split(">", 1)[1].split("</textarea>")[0]
    assert _post(client, opening=auto, plans="改过的打算。").status_code == 302
    assert set(draft_list(viewer=data.chair_a, org=data.ua, period=H1)) == {"plans"}


def test_an_error_in_one_section_saves_nothing_and_keeps_every_text(data, login):
    client = login(data.chair_a)
    r = _post(client, org="会员{{memberz}}。", plans="下半年的打算。", opening="会员{members}人。")
    body = unescape(r.content.decode())
    assert r.status_code == 200 and "memberz" in body and "不存在" in body
    assert "不是数字字段" in body  # the old single-brace syntax is named, with the right one
    assert "会员{{memberz}}。</textarea>" in body and "下半年的打算。</textarea>" in body
    assert 'data-unsaved="1"' in body  # the page still warns before leaving
    assert draft_list(viewer=data.chair_a, org=data.ua, period=H1) == {}


def test_the_signature_date_is_chosen_and_checked(data, login):
    client = login(data.chair_a)
    assert _post(client, signed_on="2026-07-10").status_code == 302
    assert 'value="2026-07-10"' in client.get(_edit()).content.decode()
    text = _docx_text(b"".join(client.get(reverse("web:report-summary") + Q).streaming_content))
    assert text.rstrip().endswith("2026年7月10日")
    r = _post(client, signed_on="2025-01-01")
    assert r.status_code == 200 and "早于期间开始" in r.content.decode()
    r = _post(client, signed_on="10/07/2026")
    assert r.status_code == 200 and "YYYY-MM-DD" in r.content.decode()
    # cleared: the date of the day the file is written again
    assert _post(client, signed_on="").status_code == 302
    from gonghui.reports.drafts import draft_signed_on

    assert draft_signed_on(viewer=data.chair_a, org=data.ua, period=H1) is None


def test_a_hand_typed_number_is_listed_on_the_editor_and_marked_in_the_preview(data, login):
    draft_save(actor=data.chair_a, org=data.ua, period=H1, section="org",
               text="截至2026年6月30日，我会共有会员1234人，入会率{{membership_rate}}。")
    client = login(data.chair_a)
    body = unescape(client.get(_edit()).content.decode())
    assert "手工输入的数字 1234 与台账不一致/未关联台账" in body
    assert "手工输入的数字 2026" not in body and "手工输入的数字 30" not in body
    preview = client.get(reverse("web:report-preview") + Q).content.decode()
    assert '<mark class="hand" data-hand="1234"' in preview
    assert "我会共有会员" in preview  # the draft, not the generated wording


def test_scope_on_the_editor(data, login):
    assert login(data.admin_b).get(_edit()).status_code == 404
    assert login(data.admin_b).post(_edit(), {"text-org": "x{{members}}"}).status_code == 404
    assert login(data.officer_a1).get(_edit()).status_code == 404  # UA is above the branch officer
    body = login(data.finance_a).get(_edit()).content.decode()
    assert "只有查看权限" in body and "readonly" in body
    assert login(data.finance_a).post(_edit(), {"text-org": "x{{members}}"}).status_code == 403
    assert draft_list(viewer=data.chair_a, org=data.ua, period=H1) == {}
    # the branch officer edits the branch's summary
    url = reverse("web:report-edit") + "?org=UA-B1&period=2026H1"
    assert login(data.officer_a1).post(url, {"text-org": "分会{{members}}"}).status_code == 302


def test_the_report_index_links_the_editor_and_the_evidence(data, login):
    body = login(data.chair_a).get(reverse("web:report-index") + Q).content.decode()
    assert reverse("web:report-edit") + Q.replace("&", "&amp;") in body
    assert reverse("web:report-evidence") + Q.replace("&", "&amp;") in body


# --- the evidence workbook -------------------------------------------------------------------------------

def _workbook(content: bytes):
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(content))


def test_every_indicator_sheet_adds_up_to_the_registry_value(data, login):
    r = login(data.chair_a).get(reverse("web:report-evidence") + Q)
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    wb = _workbook(b"".join(r.streaming_content))
    assert wb.sheetnames[0] == "目录"
    values = compute(data.ua, H1)
    index = {}
    for row in wb["目录"].iter_rows(values_only=True):
        if isinstance(row[0], int):
            index[row[1]] = row
    assert set(index) == set(values)  # every indicator listed
    checked = 0
    for ind in all_indicators():
        code, value = ind.code, values[ind.code]
        row = index[code]
        if not traceable(code):
            assert row[7] != "一致"
            continue
        assert row[7] == "一致", code
        if not value:
            assert row[8] == "本期无记录", code
            continue
        sheet = wb[row[8]]
        assert ind.name in sheet["A1"].value and code in sheet["A2"].value
        rows = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
        trace = trace_entries(viewer=data.chair_a, code=code, org=data.ua, period=H1)
        if trace.sum_field:
            total = sum(Decimal(str(r[6] or 0)) for r in rows)
            assert total == Decimal(str(value)), code
            assert row[6] == pytest.approx(float(value))
        else:
            assert len(rows) == value, code
            assert row[5] == value
        checked += 1
    assert checked >= 20
    # the rows are what the drill-down lists: the meetings of the period by name, none from outside it
    meetings = wb[index["meetings"][8]]
    names = " ".join(str(c) for r in meetings.iter_rows(values_only=True) for c in r if c)
    assert "会议0" not in names and "兄弟单位会议" not in names


def test_the_evidence_is_in_scope(data, login):
    assert login(data.admin_b).get(reverse("web:report-evidence") + Q).status_code == 404
    assert login(data.officer_a1).get(reverse("web:report-evidence") + Q).status_code == 404
    assert login(data.finance_a).get(reverse("web:report-evidence") + Q).status_code == 200


def test_a_name_that_looks_like_a_formula_stays_text(data, login, tmp_path):
    from gonghui.ledgers.kinds import get_kind
    from gonghui.ledgers.services import entry_save
    from gonghui.reports.evidence import evidence_write

    entry_save(actor=data.root, kind=get_kind("meeting"), org=data.ua, participants=[],
               values={"date": H1.start, "meeting_type": "committee", "title": "=HYPERLINK(\"http://x\")"})
    path = tmp_path / "e.xlsx"
    evidence_write(org=data.ua, period=H1, target=path, viewer=data.chair_a)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    index = {r[1]: r for r in wb["目录"].iter_rows(values_only=True) if isinstance(r[0], int)}
    cells = [c for r in wb[index["meetings"][8]].iter_rows() for c in r if c.value and "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" for c in cells)
