"""Summary drafts: saved per org/period/section in scope, unknown fields refused, the fields recomputed at
generation, the generated text round-trips through its template form, hand-typed numbers flagged."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEvent
from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.reports.drafts import draft_delete, draft_list, draft_save, hand_numbers, split_hand_numbers
from gonghui.reports.jobs import report_write
from gonghui.reports.summary import summary_build, summary_write
from gonghui.reports.summary.draft_text import apply_drafts, render_draft, template_text
from gonghui.reports.tests.trace_data import build

H1 = parse_period("2026H1")
H2 = parse_period("2026H2")


@pytest.fixture
def data(cast):
    build(cast)
    for org in (cast.fed, cast.ua, cast.ub):
        org.refresh_from_db()
    return cast


def _docx_text(target) -> str:
    import docx

    target.seek(0)
    return "\n".join(p.text for p in docx.Document(target).paragraphs)


def test_it_saves_lists_and_deletes_a_draft_per_org_period_and_section(cast):
    draft_save(actor=cast.chair_a, org=cast.ua, period=H1, section="org", text="会员{{members}}。\r\n第二段。")
    draft_save(actor=cast.officer_a1, org=cast.ua_b1, period=H1, section="org", text="分会{{members}}。")
    assert draft_list(viewer=cast.chair_a, org=cast.ua, period=H1) == {"org": "会员{{members}}。\n第二段。"}
    assert draft_list(viewer=cast.chair_a, org=cast.ua, period=H2) == {}
    # saving again replaces; the audit trail has both writes
    draft_save(actor=cast.chair_a, org=cast.ua, period=H1, section="org", text="会员共{{members}}。")
    assert draft_list(viewer=cast.chair_a, org=cast.ua, period=H1) == {"org": "会员共{{members}}。"}
    assert AuditEvent.objects.filter(object_type="summarydraft", org_path=cast.ua.path).count() == 2
    # outside the scope nothing is listed
    assert draft_list(viewer=cast.admin_b, org=cast.ua, period=H1) == {}
    assert draft_list(viewer=cast.finance_a, org=cast.ua, period=H1) == {"org": "会员共{{members}}。"}
    assert draft_delete(actor=cast.chair_a, org=cast.ua, period=H1, section="org") is True
    assert draft_list(viewer=cast.chair_a, org=cast.ua, period=H1) == {}
    assert draft_delete(actor=cast.chair_a, org=cast.ua, period=H1, section="org") is False


@pytest.mark.parametrize("who", ["admin_b", "finance_a", "viewer_fed", "member_a"])
def test_it_refuses_a_save_or_delete_without_write_scope(cast, who):
    with pytest.raises(PermissionDenied):
        draft_save(actor=getattr(cast, who), org=cast.ua, period=H1, section="org", text="会员{{members}}。")
    draft_save(actor=cast.chair_a, org=cast.ua, period=H1, section="org", text="会员{{members}}。")
    with pytest.raises(PermissionDenied):
        draft_delete(actor=getattr(cast, who), org=cast.ua, period=H1, section="org")
    assert draft_list(viewer=cast.chair_a, org=cast.ua, period=H1) == {"org": "会员{{members}}。"}


@pytest.mark.parametrize("text,named", [
    ("会员{{memberz}}人。", "memberz"),
    ("会员{{Members}}。", "{{Members}}"),
    ("会员{{members@UB}}。", "UB"),  # a sibling union is not inside UA
    ("会员{{members:delta}}。", "{{members:delta}}"),
])
def test_it_refuses_an_unknown_field_naming_it_in_chinese(cast, text, named):
    with pytest.raises(ValidationError) as exc:
        draft_save(actor=cast.chair_a, org=cast.ua, period=H1, section="org", text=text)
    message = " ".join(exc.value.message_dict["text"])
    assert named in message and ("不存在" in message or "无法识别" in message or "不在" in message)
    assert draft_list(viewer=cast.chair_a, org=cast.ua, period=H1) == {}


def test_it_refuses_an_unknown_section_and_empty_text(cast):
    with pytest.raises(ValidationError):
        draft_save(actor=cast.chair_a, org=cast.ua, period=H1, section="nonsense", text="x")
    with pytest.raises(ValidationError):
        draft_save(actor=cast.chair_a, org=cast.ua, period=H1, section="org", text="  \n ")


def test_the_docx_has_the_officers_wording_with_the_number_recomputed(data):
    from gonghui.conftest import make_id
    from gonghui.people.services import membership_event_add, person_create

    draft_save(actor=data.chair_a, org=data.ua, period=H1, section="org",
               text="经过努力，我会会员达到{{members}}，新发展会员{{members_joined}}。")
    before = compute(data.ua, H1, ["members", "members_joined"])
    out = io.BytesIO()
    report_write("summary", org=data.ua, period=H1, target=out, viewer=data.chair_a)
    text = _docx_text(out)
    assert f"经过努力，我会会员达到{before['members']}人，新发展会员{before['members_joined']}人。" in text
    assert "截至" not in text.split("二、")[0].split("一、")[-1]  # the generated 组织建设 wording is gone
    # the ledger changes after the draft was saved: the next file has the new numbers
    newcomer = person_create(actor=data.root, org=data.ua_b1, name="新人", id_number=make_id("19900101", 777))
    membership_event_add(actor=data.root, person=newcomer, kind="join", date=dt.date(2026, 4, 1))
    after = compute(data.ua, H1, ["members", "members_joined"])
    assert after["members"] == before["members"] + 1
    out = io.BytesIO()
    report_write("summary", org=data.ua, period=H1, target=out, viewer=data.chair_a)
    text = _docx_text(out)
    assert f"经过努力，我会会员达到{after['members']}人，新发展会员{after['members_joined']}人。" in text
    assert f"达到{before['members']}人" not in text


def test_the_generated_text_round_trips_through_its_template_form(data):
    """Every section's generated wording, turned into the editor's text and rendered back, is the same text
    with the same fields: an untouched draft changes nothing (同比 fields included)."""
    for org in (data.ua, data.fed):
        summary = summary_build(org, H1)
        for section in [*summary.sections]:
            template = template_text(section.paragraphs)
            assert "{" in template or not section.fields, section.key
            out = apply_drafts(summary_build(org, H1), {section.key: template})
            again = next(s for s in out.sections if s.key == section.key)
            assert [p.text for p in again.paragraphs] == [p.text for p in section.paragraphs], section.key
            assert [(f.code, f.role, f.org) for f in again.fields] == [(f.code, f.role, f.org)
                                                                      for f in section.fields]


def test_a_change_field_writes_its_word_from_the_numbers(data):
    summary = summary_build(data.ua, H1)
    p = render_draft("会员{{members:change}}。", {"members": 10}, last_year={"members": 12})
    assert p.text == "会员减少2人。"
    assert render_draft("{{members:change}}", {"members": 12}, last_year={"members": 12}).text == "持平"
    assert render_draft("{{members:change}}", {"members": 13}, last_year={"members": 12}).text == "增加1人"
    assert summary.values["members"] is not None


def test_a_hand_typed_number_is_flagged_and_kept(data):
    text = "截至2026年6月30日，我会共有会员1234人，{{members}}，第3届技能大赛。"
    found = hand_numbers(text, generated="在第3届技能大赛中……")
    assert [h.number for h in found] == ["1234"]  # not the date, not the number the ledger's own text has
    assert "手工输入的数字 1234" in found[0].message and "不一致" in found[0].message
    # a number equal to a field's current value says which field to use instead
    same = hand_numbers("会员12人。", values={"members": "12人", "workers": "15人"})
    assert same[0].same_as == ("members",) and "{{members}}" in same[0].message
    assert [t for t, hand in split_hand_numbers("共1234人，2026年") if hand] == ["1234"]
    # kept as written in the document
    out = io.BytesIO()
    summary_write(org=data.ua, period=H1, target=out, drafts={"org": text})
    assert "我会共有会员1234人" in _docx_text(out)


def test_drafts_save_keeps_every_section_at_once_or_none(cast):
    from gonghui.reports.drafts import draft_signed_on, drafts_save

    generated = {"opening": "上半年，我会……{{members}}。", "plans": "下半年……"}
    out = drafts_save(actor=cast.chair_a, org=cast.ua, period=H1, generated=generated, signed_on=dt.date(2026, 7, 8),
                      texts={"opening": generated["opening"], "org": "会员{{members}}。", "plans": "我们的打算。"})
    assert out == {"opening": "unchanged", "org": "saved", "plans": "saved"}  # the generated text is no draft
    assert draft_list(viewer=cast.chair_a, org=cast.ua, period=H1) == {"org": "会员{{members}}。", "plans": "我们的打算。"}
    assert draft_signed_on(viewer=cast.chair_a, org=cast.ua, period=H1) == dt.date(2026, 7, 8)
    # one bad section: every problem named, nothing written
    with pytest.raises(ValidationError) as exc:
        drafts_save(actor=cast.chair_a, org=cast.ua, period=H1, signed_on=dt.date(2024, 1, 1),
                    texts={"org": "会员{members}。", "plans": "新的打算。", "nonsense": "x"})
    errors = exc.value.message_dict
    assert "不是数字字段" in errors["org"][0] and "{{members}}" in errors["org"][0]
    assert "早于期间开始" in errors["signed_on"][0] and "nonsense" in errors
    assert draft_list(viewer=cast.chair_a, org=cast.ua, period=H1)["plans"] == "我们的打算。"
    # an emptied section goes back to the generated text; no date: today again
    out = drafts_save(actor=cast.chair_a, org=cast.ua, period=H1, texts={"plans": "  "}, signed_on=None)
    assert out == {"plans": "reset"} and draft_list(viewer=cast.chair_a, org=cast.ua, period=H1) == {
        "org": "会员{{members}}。"}
    assert draft_signed_on(viewer=cast.chair_a, org=cast.ua, period=H1) is None
    with pytest.raises(PermissionDenied):
        drafts_save(actor=cast.finance_a, org=cast.ua, period=H1, texts={"org": "x"})


def test_full_width_braces_are_named(cast):
    with pytest.raises(ValidationError) as exc:
        draft_save(actor=cast.chair_a, org=cast.ua, period=H1, section="org", text="会员｛｛members｝｝。")
    assert "全角" in " ".join(exc.value.message_dict["text"])


def test_the_migration_turns_old_fields_into_the_one_syntax():
    import importlib

    migration = importlib.import_module("gonghui.reports.migrations.0003_drafts_double_brace_fields")
    old = "会员{members}，{members:change}，{members@UA-B1}；已是{{workers}}。"
    new = migration.OLD_FIELD.sub(r"{{\1}}", old)
    assert new == "会员{{members}}，{{members:change}}，{{members@UA-B1}}；已是{{workers}}。"
    assert migration.NEW_FIELD.sub(r"{\1}", new) == "会员{members}，{members:change}，{members@UA-B1}；已是{workers}。"
