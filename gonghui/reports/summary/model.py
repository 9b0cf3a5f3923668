"""The shape of a work summary: sections of paragraphs made of text and live number fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.core.periods import Period
from gonghui.orgs.models import Org

# Section keys, in the order real summaries use. 经费管理 (finance) is left out when the org has no 会费 or books
# data; 其他工作 (other) holds the areas with data that no section above writes about.
SECTION_ORDER = ("org", "study", "democracy", "competition", "aid", "women", "culture", "finance", "other",
                 "problems", "plans")
ALL_SECTIONS = SECTION_ORDER
HEADINGS = {
    "org": "组织建设",
    "study": "思想引领与学习教育",
    "democracy": "民主管理与维权",
    "competition": "劳动竞赛与职工创新",
    "aid": "帮扶与服务",
    "women": "女职工工作",
    "culture": "文体活动与宣传",
    "finance": "经费管理",
    "other": "其他工作",
    "problems": "存在的问题",
    "plans": "下一步打算",
}
CN_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)


class Field:
    """A live number: the registry value of `code` and the text it is written as (unit included).

    role "value" is the value itself; role "change" is the difference against the same period last year
    (value = this year's minus last year's, both read from the registry). `org` is the org code when the
    number belongs to another org than the summary's (a federation's per-union breakdown).
    """

    code: str
    value: object
    text: str
    role: str = "value"
    org: str = ""

    def as_dict(self) -> dict:
        value = self.value
        if isinstance(value, Decimal):
            value = str(value)
        return {"code": self.code, "value": value, "text": self.text, "role": self.role, "org": self.org}


Run = str | Field


@dataclass


class Paragraph:
    runs: list[Run] = field(default_factory=list)
    placeholder: bool = False  # a marked place for the officer (【请填写：……】)

    @property
    def text(self) -> str:
        return "".join(r if isinstance(r, str) else r.text for r in self.runs)

    @property
    def fields(self) -> list[Field]:
        return [r for r in self.runs if isinstance(r, Field)]


@dataclass


class Section:
    key: str
    heading: str  # without the number: 组织建设
    paragraphs: list[Paragraph] = field(default_factory=list)
    # (一)/(二) headings: paragraph index -> the heading written before that paragraph
    subheadings: dict[int, str] = field(default_factory=dict)

    @property
    def fields(self) -> list[Field]:
        return [f for p in self.paragraphs for f in p.fields]


@dataclass


class Summary:
    org: Org
    period: Period
    title: str
    opening: Paragraph
    sections: list[Section]
    values: dict
    last_year: dict

    def numbered_headings(self) -> list[str]:
        return [f"{CN_NUMERALS[i]}、{s.heading}" for i, s in enumerate(self.sections)]
