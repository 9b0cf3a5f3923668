"""The member pages as an installable web app: the manifest, the list of static files the service worker
keeps, and the icons, drawn here in code (a red rounded square with 工 in white: three bars) so the repo holds
no copied image."""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

from django.templatetags.static import static
from django.urls import reverse
from PIL import Image, ImageDraw

RED = (198, 40, 40)
WHITE = (255, 255, 255)
ICON_SIZES = (192, 512)
STATIC_FILES = ("me/me.css", "me/me.js")


def manifest() -> dict:
    return {
        "name": "我的工会",
        "short_name": "我的工会",
        "description": "会员证、活动报名、会费记录",
        "lang": "zh-CN",
        "start_url": reverse("me:home"),
        "scope": reverse("me:home"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f6f6f6",
        "theme_color": "#c62828",
        "icons": [{"src": reverse("me:icon", args=[size]), "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "any maskable"} for size in ICON_SIZES],
    }


def cached_files() -> list[str]:
    """The URLs the service worker keeps for a weak intranet: the member pages' static files and icons."""
    return [static(name) for name in STATIC_FILES] + [reverse("me:icon", args=[s]) for s in ICON_SIZES] + [
        reverse("me:manifest")]


def service_worker_js() -> str:
    """me/sw.js with the list of files filled in (JSON of our own URLs)."""
    source = (Path(__file__).parent / "sw.js").read_text(encoding="utf-8")
    return source.replace("__FILES__", json.dumps(cached_files()))


@cache
def icon_png(size: int) -> bytes:
    """工 on red. The glyph sits inside the middle 60 % (the safe zone of a maskable icon)."""
    img = Image.new("RGB", (size, size), RED)
    draw = ImageDraw.Draw(img)
    u = size / 100
    bar = 9 * u
    draw.rectangle([28 * u, 28 * u, 72 * u, 28 * u + bar], fill=WHITE)  # the top stroke
    draw.rectangle([50 * u - bar / 2, 28 * u, 50 * u + bar / 2, 72 * u], fill=WHITE)  # the stem
    draw.rectangle([22 * u, 72 * u - bar, 78 * u, 72 * u], fill=WHITE)  # the bottom stroke, wider
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
