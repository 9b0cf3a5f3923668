"""Charts as server-side SVG: bar (vertical), line and hbar (horizontal bars), drawn by us, no chart library.

Pure functions: labels and numbers in, one standalone SVG document (a string) out. Every chart

- scales with its container (a viewBox, width 100%), so it stays legible on a phone;
- names the system's Chinese fonts (no web font, the project is offline) — `FONT`;
- writes each value on the chart, and carries a <title> and <desc> (role="img", aria-labelledby) for screen
  readers, plus a <title> on every bar or point ("机关分会：12次") shown as a tooltip;
- escapes every text it writes (an org called "A<&>B" cannot break the document).

Values may be int, Decimal, float or None (None is drawn as 0 and labelled "—"). `fmt` turns a value into its
label (default: the number as is); the dashboard passes the officials' formatting (indicators.formatting).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

FONT = '"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif'
INK, MUTED, GRID, AXIS = "#222", "#666", "#e6e6e6", "#999"
COLORS = ("#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f")
LAST_YEAR = "#9e9e9e"

Number = int | float | Decimal | None
WIDTH = 480  # viewBox width: about 1:1 in a desktop column, still legible scaled down on a phone


def _e(text) -> str:
    return escape(str(text), quote=True)


def _num(v: Number) -> float:
    return float(v) if v is not None else 0.0


def _plain(v: Number) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def text_width(text: str, size: float) -> float:
    """Rough width of a label: a CJK character is one em, ASCII about 0.6 em."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in str(text))


def clip(text: str, size: float, room: float) -> str:
    """The label cut to fit `room` pixels, with an ellipsis (the full text stays in the bar's <title>)."""
    text = str(text)
    if text_width(text, size) <= room:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > room:
            break
        out += ch
    return out + "…"


def nice_max(top: float) -> tuple[float, float]:
    """An axis end at or above `top` and its tick step, on 1-2-5 steps (top 0 gives an axis of 1)."""
    if top <= 0:
        return 1.0, 0.25
    raw = top / 4
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        step = m * mag
        if step >= raw:
            break
    if step < 1 and top >= 1:  # counts: whole-number ticks
        step = 1.0
    return step * math.ceil(top / step - 1e-9), step


def _tick(v: float) -> str:
    if v >= 10000:
        s = f"{v / 10000:.2f}".rstrip("0").rstrip(".")
        return s + "万"
    return f"{v:.2f}".rstrip("0").rstrip(".") if not float(v).is_integer() else str(int(v))


def _open(width: int, height: int, title: str, subtitle: str, desc: str, uid: str) -> list[str]:
    full = f"{title}（{subtitle}）" if subtitle else title
    parts = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
         f'height="{height}" role="img" aria-labelledby="{uid}-t {uid}-d" class="chart" '
         f"font-family='{FONT}' font-size=\"13\" data-chart=\"{_e(uid)}\">"),
        f'<title id="{uid}-t">{_e(full)}</title>',
        f'<desc id="{uid}-d">{_e(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<text x="14" y="24" font-size="16" font-weight="bold" fill="{INK}">{_e(clip(title, 16, width - 28))}</text>',
    ]
    if subtitle:
        parts.append(f'<text x="14" y="43" font-size="12" fill="{MUTED}">{_e(clip(subtitle, 12, width - 28))}</text>')
    return parts


def _header(subtitle: str, legend: bool = False) -> int:
    """Where the plot may start: below the title, the subtitle and the legend, with room for value labels."""
    return 34 + (18 if subtitle else 0) + (20 if legend else 0) + 18


VALUE = 'font-size="13" fill="#222" class="value" stroke="#fff" stroke-width="3" paint-order="stroke"'


def _uid(title: str, uid: str | None) -> str:
    if uid:
        return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in uid)
    return "c" + format(zlib.crc32(str(title).encode()), "x")


def _describe(labels, values, fmt) -> str:
    return "；".join(f"{lab}：{fmt(v)}" for lab, v in zip(labels, values))


def _empty_note(parts, width, height):
    parts.append(f'<text x="{width / 2:.1f}" y="{height / 2 + 10:.1f}" text-anchor="middle" fill="{MUTED}">'
                 f"{_e('暂无数据')}</text>")


def bar_chart(title: str, labels: Sequence[str], values: Sequence[Number], *, subtitle: str = "",
              unit: str = "", fmt: Callable[[Number], str] | None = None, width: int = WIDTH, height: int = 300,
              color: str = COLORS[0], uid: str | None = None) -> str:
    """Vertical bars, one per label, each with its value written above it."""
    fmt = fmt or _plain
    uid = _uid(title, uid)
    parts = _open(width, height, title, subtitle, _describe(labels, values, fmt), uid)
    left, right, top, bottom = 52, 12, _header(subtitle), 30
    plot_w, plot_h = width - left - right, height - top - bottom
    if not labels:
        _empty_note(parts, width, height)
        return "\n".join(parts + ["</svg>"])
    axis_max, step = nice_max(max(_num(v) for v in values))
    _grid(parts, left, top, plot_w, plot_h, axis_max, step, unit)
    n = len(labels)
    slot = plot_w / n
    bar = min(48.0, slot * 0.62)
    label_size = _label_size(slot)
    for i, (lab, v) in enumerate(zip(labels, values)):
        x = left + slot * i + (slot - bar) / 2
        h = plot_h * _num(v) / axis_max
        y = top + plot_h - h
        cx = x + bar / 2
        parts.append(f'<g class="bar"><title>{_e(lab)}：{_e(fmt(v))}</title>'
                     f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{color}"/></g>')
        parts.append(f'<text x="{cx:.1f}" y="{y - 5:.1f}" text-anchor="middle" {VALUE}>{_e(fmt(v))}</text>')
        parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 19:.1f}" text-anchor="middle" '
                     f'font-size="{label_size}" fill="{MUTED}">{_e(clip(lab, label_size, slot - 2))}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
                 f'stroke="{AXIS}"/>')
    return "\n".join(parts + ["</svg>"])


def _label_size(slot: float) -> int:
    return 13 if slot >= text_width("12月", 13) + 6 else 11


def _grid(parts, left, top, plot_w, plot_h, axis_max, step, unit=""):
    k = 0
    while step * k <= axis_max + 1e-9:
        v = step * k
        y = top + plot_h - plot_h * v / axis_max
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>')
        tick = _tick(v) + (unit if k and unit in ("元", "%") else "")
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{MUTED}">'
                     f"{_e(tick)}</text>")
        k += 1
    if unit and unit not in ("元", "%"):
        parts.append(f'<text x="{left - 6}" y="{top - 12:.1f}" text-anchor="end" font-size="12" fill="{MUTED}">'
                     f"{_e(unit)}</text>")


def line_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[Number]]], *,
               subtitle: str = "", unit: str = "", fmt: Callable[[Number], str] | None = None, width: int = WIDTH,
               height: int = 300, uid: str | None = None) -> str:
    """Lines over the labels, one per (name, values) in `series`; the first series has its values written at
    its points, the others (e.g. 上年同期, drawn dashed in grey) only in their points' tooltips. A value None
    leaves a gap (a month not yet come)."""
    fmt = fmt or _plain
    uid = _uid(title, uid)
    desc = "；".join(f"{name}：" + _describe(labels, vals, fmt) for name, vals in series)
    parts = _open(width, height, title, subtitle, desc, uid)
    legend = len(series) > 1
    left, right, top, bottom = 52, 12, _header(subtitle, legend), 30
    plot_w, plot_h = width - left - right, height - top - bottom
    if not labels or not series:
        _empty_note(parts, width, height)
        return "\n".join(parts + ["</svg>"])
    everything = [_num(v) for _, vals in series for v in vals if v is not None]
    axis_max, step = nice_max(max(everything, default=0))
    _grid(parts, left, top, plot_w, plot_h, axis_max, step, unit)
    n = len(labels)
    slot = plot_w / n
    label_size = _label_size(slot)
    xs = [left + slot * i + slot / 2 for i in range(n)]
    for i, lab in enumerate(labels):
        parts.append(f'<text x="{xs[i]:.1f}" y="{top + plot_h + 19:.1f}" text-anchor="middle" '
                     f'font-size="{label_size}" fill="{MUTED}">{_e(clip(lab, label_size, slot - 2))}</text>')
    if legend:  # under the (sub)title
        x, y = 14.0, _header(subtitle) - 12
        for k, (name, _vals) in enumerate(series):
            color, dash = _style(k)
            parts.append(f'<line x1="{x:.1f}" y1="{y - 4}" x2="{x + 18:.1f}" y2="{y - 4}" stroke="{color}" '
                         f'stroke-width="2"{dash}/>')
            parts.append(f'<text x="{x + 22:.1f}" y="{y}" font-size="12" fill="{MUTED}">{_e(name)}</text>')
            x += 22 + text_width(name, 12) + 16
    for k in list(range(1, len(series))) + [0]:  # the main line last, on top
        name, vals = series[k]
        color, dash = _style(k)
        run: list[str] = []
        for i, v in enumerate(vals[:n]):  # a None breaks the line
            if v is None:
                if len(run) > 1:
                    parts.append(_polyline(run, color, dash))
                run = []
                continue
            run.append(f"{xs[i]:.1f},{top + plot_h - plot_h * _num(v) / axis_max:.1f}")
        if len(run) > 1:
            parts.append(_polyline(run, color, dash))
        for i, v in enumerate(vals[:n]):
            if v is None:
                continue
            x, y = xs[i], top + plot_h - plot_h * _num(v) / axis_max
            parts.append(f'<g class="point"><title>{_e(name)} {_e(labels[i])}：{_e(fmt(v))}</title>'
                         f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{3.5 if k == 0 else 2.5}" fill="{color}"/></g>')
            if k == 0:
                parts.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" {VALUE}>{_e(fmt(v))}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
                 f'stroke="{AXIS}"/>')
    return "\n".join(parts + ["</svg>"])


def _style(k: int) -> tuple[str, str]:
    return (COLORS[1], "") if k == 0 else (LAST_YEAR, ' stroke-dasharray="4 3"')


def _polyline(points: list[str], color: str, dash: str) -> str:
    return (f'<polyline points="{" ".join(points)}" fill="none" stroke="{color}" stroke-width="2" '
            f'stroke-linejoin="round"{dash}/>')


def hbar_chart(title: str, labels: Sequence[str], values: Sequence[Number], *, subtitle: str = "",
               unit: str = "", fmt: Callable[[Number], str] | None = None, width: int = WIDTH, row: int = 26,
               color: str = COLORS[1], uid: str | None = None, label_room: int = 180) -> str:
    """Horizontal bars, one row per label (an org name on the left, its value at the bar's end). The height
    grows with the rows, so 50 unions stay readable."""
    fmt = fmt or _plain
    uid = _uid(title, uid)
    top, bottom, right = _header(subtitle) - 6, 10, 12
    height = top + bottom + max(len(labels), 1) * row
    parts = _open(width, height, title, subtitle, _describe(labels, values, fmt), uid)
    if unit and unit not in ("元", "%"):
        parts.append(f'<text x="{width - right}" y="24" text-anchor="end" font-size="12" fill="{MUTED}">'
                     f"{_e('单位：' + unit)}</text>")
    if not labels:
        _empty_note(parts, width, height)
        return "\n".join(parts + ["</svg>"])
    left = label_room
    texts = [fmt(v) for v in values]
    value_room = max(text_width(t, 13) for t in texts) + 10
    plot_w = width - left - right - value_room
    top_value = max(_num(v) for v in values) or 1.0
    bar_h = min(18.0, row * 0.7)
    for i, (lab, v, t) in enumerate(zip(labels, values, texts)):
        y = top + row * i
        w = plot_w * _num(v) / top_value
        parts.append(f'<text x="{left - 8}" y="{y + row / 2 + 4.5:.1f}" text-anchor="end" font-size="13" '
                     f'fill="{INK}">{_e(clip(lab, 13, left - 14))}</text>')
        parts.append(f'<g class="bar"><title>{_e(lab)}：{_e(t)}</title>'
                     f'<rect x="{left}" y="{y + (row - bar_h) / 2:.1f}" width="{w:.1f}" height="{bar_h:.1f}" '
                     f'fill="{color}"/></g>')
        parts.append(f'<text x="{left + w + 5:.1f}" y="{y + row / 2 + 4.5:.1f}" {VALUE}>{_e(t)}</text>')
    parts.append(f'<line x1="{left}" y1="{top - 2}" x2="{left}" y2="{height - bottom + 2}" stroke="{AXIS}"/>')
    return "\n".join(parts + ["</svg>"])
