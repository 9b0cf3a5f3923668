"""Pinyin keys for search and sorting. Surnames have their own readings (单 shan, 曾 zeng), so every
reading of the first character goes into the search key."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin, pinyin


def sort_key(name: str) -> str:
    return "".join(lazy_pinyin(name, errors="ignore")).lower()


def search_key(name: str) -> str:
    """' zhangsan zs ' style text: match with contains(' ' + typed)."""
    name = name.replace("·", "").replace("•", "")
    if not name:
        return ""
    first_readings = pinyin(name[0], style=Style.NORMAL, heteronym=True, errors="ignore")
    firsts = first_readings[0] if first_readings else []
    rest = lazy_pinyin(name[1:], errors="ignore")
    rest_full = "".join(rest)
    rest_initials = "".join(p[0] for p in rest if p)
    words: list[str] = []
    for first in firsts or [""]:
        for word in (first + rest_full, first[:1] + rest_initials):
            if word and word not in words:
                words.append(word.lower())
    return " " + " ".join(words) + " "
