"""The work summary (.docx): read back with python-docx, every number against the registry."""

import datetime as dt
import io
import re
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import compute
from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save
from gonghui.people import services as people
from gonghui.reports.summary import (
    summary_build,
    summary_document,
    summary_sections,
    summary_write,
)
from gonghui.reports.summary.draft_text import render_draft
from gonghui.reports.summary.wording import fmt_value

D = dt.date
H1 = parse_period("2026H1")
SIGNED = D(2026, 7, 1)
BLANKS = re.compile(r"None|XX|xx|共\s|[\s　]+[人元项次件条个户篇场%]|[，、：]\s*[人元项次件条个户篇场]")


def save(cast, code, org, participants=(), **values):
    return entry_save(actor=cast.root, kind=get_kind(code), org=org, values=values, participants=list(participants))


@pytest.fixture
def ledgers(cast):
    """文化局工会 (UA) in 2026H1, with some of 2025H1 for the 同比; nothing about 女职工."""
    add = people.membership_event_add
    add(actor=cast.root, person=cast.wang_person, kind="join", date=D(2025, 3, 1))
    add(actor=cast.root, person=cast.zhou_person, kind="join", date=D(2026, 2, 1))
    # last year: two study sessions, no aid, no suggestions
    for day in (D(2025, 3, 10), D(2025, 5, 10)):
        save(cast, "study", cast.ua, date=day, study_type="law", topic=f"{day.year}年法律学习", participant_count=20)
    # this year
    for day, topic in ((D(2026, 1, 8), "学习《工会法》"), (D(2026, 3, 8), "安全生产知识培训"),
                       (D(2026, 6, 30), "技能比武赛前培训")):
        save(cast, "study", cast.ua, date=day, study_type="law", topic=topic, participant_count=30)
    save(cast, "study", cast.ua, date=D(2026, 7, 1), study_type="law", topic="期外的培训", participant_count=99)
    save(cast, "aid", cast.ua, date=D(2026, 1, 20), aid_type="warmth", recipient=cast.zhou_person,
         person_times=1, amount=Decimal("8000.00"), goods_value=Decimal("120.50"))
    save(cast, "aid", cast.ua, date=D(2026, 2, 10), aid_type="visit", recipient=cast.zhou_person,
         person_times=2, amount=Decimal("4600.00"))
    save(cast, "aid", cast.ua, date=D(2026, 2, 11), aid_type="visit", recipient=cast.wang_person,
         person_times=1, amount=Decimal("1000.00"))
    for i, status in enumerate(["implemented", "implemented", "in_progress", "adopted", "rejected"]):
        save(cast, "suggestion", cast.ua, date=D(2026, 3, 1 + i), category="golden_idea", title=f"建议{i}",
             status=status, economic_value=Decimal("42000.00") if i < 3 else None,
             rejection_reason="成本过高" if status == "rejected" else "")
    save(cast, "competition", cast.ua, date=D(2026, 4, 1), end_date=D(2026, 4, 30), title="2026年职工技能比武",
         reward_amount=Decimal("3000.00"), title_awarded="技术能手")
    save(cast, "honour", cast.ua, date=D(2026, 5, 1), recipient_org=cast.ua_b1, honour_name="工人先锋号",
         level="city", granted_by="市总工会")
    save(cast, "culture", cast.ua, date=D(2026, 5, 20), title="参加区总工会职工乒乓球比赛", mode="upper",
         awards="女子团体亚军", participant_count=8)
    save(cast, "mediation", cast.ua, case_no="2026-1", date=D(2026, 3, 1), dispute_type="pay", status="mediating")
    save(cast, "meeting", cast.ub, date=D(2026, 3, 1), meeting_type="committee", title="兄弟单位的会议")
    return cast


def doc_text(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def section_text(document, heading_word: str) -> str:
    """The body text under the "一、…" heading containing heading_word, up to the next heading."""
    out, inside = [], False
    for p in document.paragraphs:
        if p.style.name == "Heading 1":
            inside = heading_word in p.text
            continue
        if inside:
            out.append(p.text)
    return "\n".join(out)


def test_every_number_field_is_the_registry_value(ledgers):
    c = ledgers
    values = compute(c.ua, H1)
    last_year = compute(c.ua, H1.same_period_last_year())
    sections = summary_sections(c.ua, H1)
    fields = [f for s in sections for f in s.fields]
    assert {f.code for f in fields} >= {"members", "members_female", "members_migrant", "membership_rate",
                                        "members_joined", "study_sessions", "aid_amount", "suggestions_collected",
                                        "suggestions_value", "competitions", "honours", "culture_events"}
    for f in fields:
        assert f.text == fmt_value(f.code, abs(f.value)), f  # written as officials write it, with the unit
        if f.role == "value":
            assert f.value == values[f.code], f.code
        else:  # 同比: this year's minus last year's, only where last year has data
            assert last_year[f.code], f.code
            assert f.value == values[f.code] - last_year[f.code], f.code
    # the document says exactly what the sections say
    text = "\n".join(doc_text(summary_document(org=c.ua, period=H1, signed_on=SIGNED)))
    for s in sections:
        for p in s.paragraphs:
            assert p.text in text


def test_member_sentence_parsed_back_equals_the_registry(ledgers):
    c = ledgers
    v = compute(c.ua, H1)
    text = section_text(summary_document(org=c.ua, period=H1, signed_on=SIGNED), "组织建设")
    m = re.search(r"截至6月30日，我会共有职工(\d+)人、会员(\d+)人，其中女会员(\d+)人、农民工会员(\d+)人，"
                  r"入会率([\d.]+)%。会员人数同比增加(\d+)人。", text)
    assert m, text
    assert tuple(int(m[i]) for i in (1, 2, 3, 4)) == (
        v["workers"], v["members"], v["members_female"], v["members_migrant"]) == (2, 2, 1, 1)
    assert Decimal(m[5]) == v["membership_rate"] == Decimal("100.0")
    assert int(m[6]) == v["members"] - compute(c.ua, H1.same_period_last_year(), ["members"])["members"] == 1
    assert re.search(r"上半年新发展会员(\d+)人", text)[1] == str(v["members_joined"]) == "1"


def test_money_sentences_use_wan_yuan_and_yuan(ledgers):
    c = ledgers
    doc = summary_document(org=c.ua, period=H1, signed_on=SIGNED)
    competition = section_text(doc, "劳动竞赛")
    # 3 × 42000 = 126000 元 of benefit
    assert "共征集“金点子”和合理化建议5条，其中已采纳4条、已实施完成2项、正在实施1项，创经济效益12.6万元。" in competition
    assert "发放竞赛奖励3000元" in competition
    assert "“职工技能比武”评出“技术能手”" in competition
    assert "市总工会" not in competition and "机关分会获“工人先锋号”" in competition
    aid = section_text(doc, "帮扶")
    # 8000 + 4600 + 1000 = 13600 元 → 1.36万元; goods 120.50 元 keeps its 角/分
    assert "慰问帮扶职工2户、4人次，发放慰问金1.36万元，慰问物品折价120.50元。" in aid


def test_tong_bi_only_where_last_year_has_data(ledgers):
    c = ledgers
    doc = summary_document(org=c.ua, period=H1, signed_on=SIGNED)
    study = section_text(doc, "学习教育")
    assert "上半年共组织学习培训3场、90人次，同比增加1场" in study  # 2025H1 had 2 sessions
    assert "期外的培训" not in study
    assert "同比" not in section_text(doc, "帮扶")  # no aid in 2025H1
    assert "同比" not in section_text(doc, "劳动竞赛")


def test_a_section_with_nothing_recorded_is_left_out(ledgers):
    c = ledgers
    doc = summary_document(org=c.ua, period=H1, signed_on=SIGNED)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、组织建设", "二、思想引领与学习教育", "三、民主管理与维权", "四、劳动竞赛与职工创新",
                        "五、帮扶与服务", "六、文体活动与宣传", "七、存在的问题", "八、下一步打算"]
    # 存在的问题 and 下一步打算 are drafted from the data, not left as places to fill
    problems = section_text(doc, "存在的问题")
    assert "【" not in problems and problems.startswith("对照年初工作计划")
    assert "受理的劳动争议中有1件未在受理后15日内结案" in problems
    assert "女职工工作方面上半年没有记录" in problems  # named as not recorded
    plans = section_text(doc, "下一步打算")
    assert plans.startswith("下半年，我会将紧紧围绕上级工会的工作部署") and "做到案件在受理后15日内结案" in plans


def test_a_union_with_nothing_recorded_says_nothing_false(cast):
    doc = summary_document(org=cast.ub, period=H1, signed_on=SIGNED)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、组织建设", "二、存在的问题", "三、下一步打算"]  # 吴工人 is a worker of UB
    assert "共有职工1人、会员0人" in section_text(doc, "组织建设")
    assert "入会率为0%，还有职工没有加入工会" in section_text(doc, "存在的问题")
    assert "继续做好职工入会工作" in section_text(doc, "下一步打算")


def test_low_membership_rate_is_offered_as_a_problem(cast):
    people.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join", date=D(2026, 3, 1))
    doc = summary_document(org=cast.ua, period=H1, signed_on=SIGNED)
    assert "入会率为50%，还有职工没有加入工会" in section_text(doc, "存在的问题")


def test_no_blank_none_or_xx_anywhere(ledgers):
    c = ledgers
    for org in (c.fed, c.ua, c.ub, c.ua_b1):
        doc = summary_document(org=org, period=H1, signed_on=SIGNED)
        texts = doc_text(doc) + [p.text for s in doc.sections for p in s.footer.paragraphs]
        for text in texts:
            assert not BLANKS.search(text), text
            assert "{" not in text and "}" not in text


def test_title_and_signature(ledgers):
    c = ledgers
    doc = summary_document(org=c.ua, period=H1, signed_on=SIGNED)
    paras = [p for p in doc.paragraphs if p.text.strip()]
    assert paras[0].text == "文化局工会2026年上半年工作总结" and paras[0].style.name == "Title"
    assert [p.text for p in paras[-2:]] == ["文化局工会", "2026年7月1日"]
    date = paras[-1]._p.pPr.find(qn("w:ind"))
    assert date.get(qn("w:rightChars")) == "400"  # right-indented 4 characters
    assert paras[-1].style.name == "Signature"
    assert doc.paragraphs[-3].text == ""  # one empty line below the text


def test_styles_and_page_follow_gbt_9704(ledgers):
    doc = summary_document(org=ledgers.ua, period=H1, signed_on=SIGNED)

    def fonts(name):
        rpr = doc.styles[name].element.rPr
        f = rpr.find(qn("w:rFonts"))
        assert f.get(qn("w:asciiTheme")) is None and f.get(qn("w:eastAsiaTheme")) is None
        return f.get(qn("w:eastAsia")), f.get(qn("w:ascii")), doc.styles[name].font.size

    assert fonts("Normal") == ("仿宋_GB2312", "Times New Roman", Pt(16))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None
    assert fonts("Title") == ("方正小标宋简体", "Times New Roman", Pt(22))
    assert fonts("Heading 1") == ("黑体", "Times New Roman", Pt(16))
    assert fonts("Heading 2") == ("楷体_GB2312", "Times New Roman", Pt(16))
    assert fonts("Footer")[0] == "宋体" and fonts("Footer")[2] == Pt(14)
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing == Pt(28.9) and normal.first_line_indent == Pt(32)
    assert doc.styles["Normal"].element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert not doc.styles["Heading 1"].font.bold and doc.styles["Heading 1"].font.color.rgb == (0, 0, 0)
    s = doc.sections[0]
    for got, mm in ((s.page_width, 210), (s.page_height, 297), (s.top_margin, 37), (s.bottom_margin, 35), (s.left_margin, 28), (s.right_margin, 26)):
        assert abs(got - Mm(mm)) < Mm(0.5)
    # page numbers: — PAGE —, odd right, even left
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = s.footer.paragraphs[0], s.even_page_footer.paragraphs[0]
    for p in (odd, even):
        assert p.text == "— 1 —"
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
    assert (odd.alignment, even.alignment) == (2, 0)  # RIGHT, LEFT


def test_federation_covers_its_unions_with_a_breakdown(ledgers):
    c = ledgers
    doc = summary_document(org=c.fed, period=H1, signed_on=SIGNED)
    org_text = section_text(doc, "组织建设")
    fed = compute(c.fed, H1)
    assert f"所属各工会共有职工{fed['workers']}人、会员{fed['members']}人" in org_text
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 2"] == ["（一）总体情况", "（二）各工会情况"]
    for union in (c.ua, c.ub):
        v = compute(union, H1, ["workers", "members"])
        assert f"{union.name}：职工{v['workers']}人，会员{v['members']}人" in org_text
    # the sibling's meeting counts for the federation only
    assert f"召开各类工会会议{fed['meetings']}次" in org_text and fed["meetings"] == 1
    assert "召开各类工会会议" not in section_text(summary_document(org=c.ua, period=H1), "组织建设")


def test_written_to_a_path_and_a_file_object(ledgers, tmp_path):
    c = ledgers
    buf = io.BytesIO()
    summary_write(org=c.ua, period=H1, target=buf, signed_on=SIGNED)
    assert docx.Document(io.BytesIO(buf.getvalue())).paragraphs[0].text == "文化局工会2026年上半年工作总结"
    path = tmp_path / "总结.docx"
    summary_write(org=c.ua, period=H1, target=path)
    assert docx.Document(path).paragraphs[0].text.startswith("文化局工会")


def test_drafts_keep_the_officers_words_with_live_numbers(ledgers):
    c = ledgers
    # a field is written with its unit
    drafts = {"org": "我会现有会员{{members}}，入会率{{membership_rate}}。", "women": "开展“三八”节活动。"}
    doc = summary_document(org=c.ua, period=H1, drafts=drafts, signed_on=SIGNED)
    assert section_text(doc, "组织建设") == "我会现有会员2人，入会率100%。"
    assert section_text(doc, "女职工工作") == "开展“三八”节活动。"  # added in its place in the order
    with pytest.raises(KeyError):
        render_draft("{{no_such_code}}", compute(c.ua, H1))


def test_highlights_are_read_in_the_viewers_scope(ledgers):
    c = ledgers
    # an admin of another union sees none of UA's entries: names are left out, the numbers stay the registry's
    summary = summary_build(c.ua, H1, viewer=c.admin_b)
    competition = next(s for s in summary.sections if s.key == "competition")
    text = "".join(p.text for p in competition.paragraphs)
    assert "技术能手" not in text and "工人先锋号" not in text
    assert "劳动竞赛1项" in text
