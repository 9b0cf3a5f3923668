"""CheckFailure: one disagreement found by the 逻辑检查 (no Django imports, so callers can import it early)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class CheckFailure:
    rule: str  # e.g. "女会员 ≤ 会员"
    where: str  # table · column or row
    numbers: dict = field(default_factory=dict)  # label -> value: the numbers that disagree
    detail: str = ""

    def __str__(self) -> str:
        nums = "，".join(f"{k} {fmt_value(v)}" for k, v in self.numbers.items())
        return f"{self.rule}｜{self.where}：{nums}" + (f"（{self.detail}）" if self.detail else "")


def fmt_value(v) -> str:
    """Exact, as the checker needs them: 1234, 12345.60元, 98.5%."""
    if v is None:
        return "—"
    if isinstance(v, Decimal) and v.as_tuple().exponent == -2:
        return f"{v}元"
    if isinstance(v, Decimal):
        return f"{v}%"
    return str(v)
