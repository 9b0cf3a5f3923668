"""What is behind a figure of the books: the voucher lines (and opening rows) that sum to it, so that every
figure of the 科目余额表, 明细账 and 工会01/02表 opens the list of its lines (selectors.trace_lines), each line
linking to its voucher.

A `Trace` names the accounts (code prefixes, each optionally limited to 专项 or 非专项 lines), the dates, and
how a line counts:
- a balance (`at`, `inclusive`): the opening rows of years up to `at`'s and the posted lines before `at` (up
  to it when inclusive) — as selectors.net_before reads them;
- a flow (`start`, `end`): posted lines dated from `start` to `end`, the year-end close left out when
  `closing` is False (收入支出表);
- `sign` "D" counts debit − credit, "C" credit − debit; `amount` "debit" or "credit" counts one column only
  (借方发生额, 贷方发生额).
It travels as a query string (`query()`, `Trace.parse(GET)`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.funds import chart

BAD_TRACE = _("查询条件不完整或有误：请从科目余额表、明细账或财务报表上的数字点进来。")

Part = tuple[str, bool | None]  # (account code prefix, 专项 flag or None for both)


@dataclass(frozen=True)
class Trace:
    parts: tuple[Part, ...]
    sign: str = chart.DEBIT
    at: dt.date | None = None
    inclusive: bool = False
    start: dt.date | None = None
    end: dt.date | None = None
    amount: str = "net"  # net / debit / credit
    closing: bool = True

    @property
    def is_balance(self) -> bool:
        return self.at is not None

    def query(self) -> str:
        params: list[tuple[str, str]] = [("a", code if flag is None else f"{code}:{int(flag)}")
                                         for code, flag in self.parts]
        params.append(("sign", self.sign))
        if self.is_balance:
            params += [("at", self.at.isoformat()), ("incl", "1" if self.inclusive else "0")]
        else:
            params += [("from", self.start.isoformat()), ("to", self.end.isoformat())]
        if self.amount != "net":
            params.append(("amount", self.amount))
        if not self.closing:
            params.append(("closing", "0"))
        return urlencode(params)

    @classmethod
    def parse(cls, data) -> Trace:
        """From a request's GET (a QueryDict); ValidationError when anything is missing or malformed."""
        try:
            parts = []
            for raw in data.getlist("a"):
                code, _sep, flag = raw.partition(":")
                if not code.isdigit() or flag not in ("", "0", "1"):
                    raise ValueError(raw)
                parts.append((code, None if flag == "" else flag == "1"))
            sign, amount = data.get("sign", "D"), data.get("amount", "net")
            if not parts or sign not in (chart.DEBIT, chart.CREDIT) or amount not in ("net", "debit", "credit"):
                raise ValueError
            closing = data.get("closing", "1") != "0"
            if data.get("at"):
                return cls(tuple(merge(parts)), sign, at=dt.date.fromisoformat(data["at"]),
                           inclusive=data.get("incl") == "1", closing=closing)
            start, end = dt.date.fromisoformat(data["from"]), dt.date.fromisoformat(data["to"])
            if end < start:
                raise ValueError
            return cls(tuple(merge(parts)), sign, start=start, end=end, amount=amount, closing=closing)
        except (KeyError, ValueError, TypeError):
            raise ValidationError({"trace": BAD_TRACE}) from None


def merge(parts) -> list[Part]:
    """The parts without overlap: a code taken both 专项 and 非专项 (or whole) is taken whole, once."""
    flags: dict[str, set] = {}
    for code, flag in parts:
        flags.setdefault(code, set()).add(flag)
    return [(code, None if (None in f or f == {True, False}) else next(iter(f))) for code, f in flags.items()]


def balance(parts, sign: str, at: dt.date, *, inclusive: bool) -> Trace:
    return Trace(tuple(merge(parts)), sign, at=at, inclusive=inclusive)


def flow(parts, sign: str, start: dt.date, end: dt.date, *, amount: str = "net", closing: bool = True) -> Trace:
    return Trace(tuple(merge(parts)), sign, start=start, end=end, amount=amount, closing=closing)
