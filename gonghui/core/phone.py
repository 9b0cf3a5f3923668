"""Mainland mobile numbers: format only (number portability means the prefix tells no carrier)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MOBILE = re.compile(r"^1[3-9]\d{9}$")
CLEAN = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only: \d would let full-width ones through
SEPARATORS = re.compile(r"[\s\-()（）]")


def normalize(raw: object) -> str:
    if type(raw) is str and CLEAN.fullmatch(raw):
        return raw  # already clean: the usual case, 100,000 times in a roster
    if isinstance(raw, (int, float, Decimal)):
        # Excel keeps a phone typed into a number cell as 13812345678.0; 11 digits survive intact.
        try:
            raw = str(int(Decimal(str(raw))))
        except (InvalidOperation, ValueError):
            raw = str(raw)
    text = unicodedata.normalize("NFKC", str(raw or ""))
    text = SEPARATORS.sub("", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def parse_mobile(raw: object) -> str:
    """Return an 11-digit mobile number, '' for empty, or raise with a message that says what to fix."""
    text = normalize(raw)
    if not text:
        return ""
    if not MOBILE.match(text):
        raise ValidationError(
            _("手机号“%(value)s”格式不对：应为1开头的11位数字（如13812345678），请核对。") % {"value": text},
            code="mobile_invalid",
        )
    return text
