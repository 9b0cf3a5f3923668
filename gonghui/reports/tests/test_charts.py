"""Our SVG charts: well-formed XML, one bar or point per value, every value written on the chart, text escaped,
Chinese labels kept, an accessible title, a viewBox so they scale on a phone."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from gonghui.reports import charts

NS = "{http://www.w3.org/2000/svg}"
MONTHS = ["1月", "2月", "3月", "4月", "5月", "6月"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything malformed


def texts(root) -> list[str]:
    return [t.text for t in root.iter(f"{NS}text")]


def written_values(root) -> list[str]:
    return [t.text for t in root.iter(f"{NS}text") if t.get("class") == "value"]


def bars(root) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if g.get("class") == "bar"]


def test_it_draws_one_bar_per_value_with_the_value_written_on_it():
    root = parse(charts.bar_chart("会议逐月", MONTHS, [3, 0, 12, 5, 7, 1], unit="次", subtitle="文化局工会 · 2026年上半年"))
    assert len(bars(root)) == 6
    assert all(len(g.findall(f"{NS}rect")) == 1 for g in bars(root))
    assert written_values(root) == ["3", "0", "12", "5", "7", "1"]
    assert [g.find(f"{NS}title").text for g in bars(root)][2] == "3月：12"
    assert set(MONTHS) <= set(texts(root))
    heights = [float(g.find(f"{NS}rect").get("height")) for g in bars(root)]
    assert heights[1] == 0 and heights[2] == max(heights)  # drawn to scale
    assert heights[2] == pytest.approx(heights[0] * 4, rel=0.01)


def test_it_has_an_accessible_title_a_description_and_a_viewbox():
    root = parse(charts.bar_chart("会议逐月", MONTHS[:2], [1, 2], subtitle="文化局工会", uid="trend-meetings"))
    assert root.tag == f"{NS}svg"
    assert root.get("viewBox") == "0 0 480 300" and root.get("role") == "img"
    first = next(iter(root))
    assert first.tag == f"{NS}title" and first.text == "会议逐月（文化局工会）"
    assert root.get("aria-labelledby") == "trend-meetings-t trend-meetings-d"
    assert root.find(f"{NS}desc").text == "1月：1；2月：2"


def test_it_names_the_system_chinese_fonts_and_no_web_font():
    svg = charts.hbar_chart("会员人数（按分会）", ["机关分会"], [12])
    root = parse(svg)
    assert "Microsoft YaHei" in root.get("font-family") and "Noto Sans CJK SC" in root.get("font-family")
    assert "@font-face" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


@pytest.mark.parametrize("draw", [
    lambda name: charts.bar_chart(name, [name, "乙"], [1, 2], subtitle=name),
    lambda name: charts.line_chart(name, [name, "乙"], [(name, [1, 2]), ("上年同期", [0, 1])], subtitle=name),
    lambda name: charts.hbar_chart(name, [name, "乙"], [1, 2], subtitle=name),
])
def test_it_escapes_every_text(draw):
    name = 'A<&>"B\'工会'
    svg = draw(name)
    root = parse(svg)  # would raise if < or & went through raw
    assert "A<&>" not in svg
    assert any(t and "A<&>" in t for t in texts(root))
    assert "A<&>" in next(iter(root)).text


def test_it_keeps_the_chinese_text():
    svg = charts.hbar_chart("会员人数（按基层工会）", ["文化局工会", "机械厂工会"], [231, 947], unit="人")
    root = parse(svg)
    assert "会员人数（按基层工会）" in texts(root)
    assert {"文化局工会", "机械厂工会", "单位：人"} <= set(texts(root))


def test_it_draws_an_hbar_row_per_label_and_grows_with_the_rows():
    names = [f"第{i}工会" for i in range(50)]
    root = parse(charts.hbar_chart("会议（按基层工会）", names, list(range(50)), unit="次"))
    assert len(bars(root)) == 50 and written_values(root) == [str(i) for i in range(50)]
    small = parse(charts.hbar_chart("会议", names[:3], [1, 2, 3]))
    assert float(root.get("height")) > float(small.get("height")) + 47 * 20
    widths = [float(g.find(f"{NS}rect").get("width")) for g in bars(root)]
    assert widths == sorted(widths) and widths[0] == 0


def test_it_cuts_a_long_name_but_keeps_it_whole_in_the_tooltip():
    long = "青山区文化广电和旅游局机关工会青山区文化广电和旅游局机关工会"
    root = parse(charts.hbar_chart("会员人数", [long], [5]))
    assert any(t and t.endswith("…") and t[:3] == "青山区" for t in texts(root))
    assert bars(root)[0].find(f"{NS}title").text == f"{long}：5"


def test_it_draws_a_line_with_a_point_per_value_and_a_dashed_last_year():
    root = parse(charts.line_chart("会员人数逐月", MONTHS, [("本期", [10, 11, 12, 12, 13, 15]),
                                                          ("上年同期", [8, 8, 9, 9, 9, 10])], unit="人"))
    points = [g for g in root.iter(f"{NS}g") if g.get("class") == "point"]
    assert len(points) == 12
    assert written_values(root) == ["10", "11", "12", "12", "13", "15"]  # this period's values only
    lines = root.findall(f"{NS}polyline")
    assert len(lines) == 2 and lines[0].get("stroke-dasharray") and not lines[1].get("stroke-dasharray")
    assert {"本期", "上年同期"} <= set(texts(root))


def test_it_leaves_a_gap_for_a_missing_value():
    root = parse(charts.line_chart("帮扶金额逐月", MONTHS[:4], [("本期", [1, None, 3, 4])]))
    assert len([g for g in root.iter(f"{NS}g") if g.get("class") == "point"]) == 3
    assert [len(p.get("points").split()) for p in root.findall(f"{NS}polyline")] == [2]


def test_it_writes_values_with_the_formatter_given():
    fmt = lambda v: f"{v}元"
    root = parse(charts.bar_chart("帮扶金额", ["1月"], [Decimal("800.50")], fmt=fmt))
    assert written_values(root) == ["800.50元"]


def test_it_says_so_when_there_is_nothing_to_draw():
    for svg in (charts.bar_chart("会议", [], []), charts.hbar_chart("会议", [], []),
                charts.line_chart("会议", [], [])):
        assert "暂无数据" in texts(parse(svg))


def test_it_ends_the_axis_on_a_round_number():
    assert charts.nice_max(0) == (1.0, 0.25)
    assert charts.nice_max(27) == (30, 10)
    assert charts.nice_max(1728)[0] == 2000
    assert charts.nice_max(3) == (3, 1)
    top, step = charts.nice_max(34500)
    assert top >= 34500 and top % step == 0
