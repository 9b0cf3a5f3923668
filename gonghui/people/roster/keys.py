"""name_pinyin / search_key for many names at once, equal to people.pinyin's for every name.

people.pinyin calls pypinyin once or twice per name (about 30 µs each); a 100,000-row roster has nearly as
many distinct names, which would be seconds. pypinyin reads a name character by character unless part of
it is in its phrase dictionary, so for names without such a phrase the keys are assembled from per-character
readings (cached); any other name (a phrase inside, a non-Chinese character) goes through people.pinyin
itself. tests/test_roster_keys.py checks the two agree on a large set of names.
"""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin
from pypinyin import pinyin as pypinyin_pinyin
from pypinyin.constants import PHRASES_DICT

from gonghui.people import pinyin

NAMES_KEPT = 20_000  # whole names repeat less than characters: keep a bounded number of them
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")


class NameKeys:
    def __init__(self):
        self._names: dict[str, tuple[str, str]] = {}
        self._char: dict[str, list[str]] = {}
        self._first: dict[str, list[str]] = {}

    def _reading(self, c: str) -> list[str]:
        hit = self._char.get(c)
        if hit is None:
            hit = self._char[c] = lazy_pinyin(c, errors="ignore")
        return hit

    def _firsts(self, c: str) -> list[str]:
        hit = self._first.get(c)
        if hit is None:
            readings = pypinyin_pinyin(c, style=Style.NORMAL, heteronym=True, errors="ignore")
            hit = self._first[c] = readings[0] if readings else []
        return hit

    @staticmethod
    def _has_phrase(name: str) -> bool:
        n = len(name)
        for size in range(2, n + 1):
            for start in range(n - size + 1):
                if name[start:start + size] in PHRASES_DICT:
                    return True
        return False

    def __call__(self, name: str) -> tuple[str, str]:
        """(name_pinyin, search_key) exactly as people.pinyin.sort_key / search_key give them."""
        hit = self._names.get(name)
        if hit is not None:
            return hit
        if not _HAN_ONLY.match(name) or self._has_phrase(name):
            hit = (pinyin.sort_key(name), pinyin.search_key(name))
        else:
            readings = [r for c in name for r in self._reading(c)]
            sort_key = "".join(readings).lower()
            firsts = self._firsts(name[0])
            rest = [r for c in name[1:] for r in self._reading(c)]
            rest_full = "".join(rest)
            rest_initials = "".join(p[0] for p in rest if p)
            words: list[str] = []
            for first in firsts or [""]:
                for word in (first + rest_full, first[:1] + rest_initials):
                    if word and word not in words:
                        words.append(word.lower())
            hit = (sort_key, " " + " ".join(words) + " ")
        if len(self._names) < NAMES_KEPT:
            self._names[name] = hit
        return hit
