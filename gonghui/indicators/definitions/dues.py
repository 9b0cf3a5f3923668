"""会费: what members owed for the months of the period (up to the current month), what was paid for those
months, and the 会费收缴率 declared over them (by amount; dues_members_due / dues_members_paid give the reading
by people). The roll is worked out by dues.selectors (a federation's figures are the sums of its unions', each
under its own policy), so these are values computed their own way, not Measures.

The four numbers come from one pass over the months (`dues.selectors.totals`), shared by the four indicators of
one `compute` call through the registry's `call_memo()`."""

from __future__ import annotations

from gonghui.dues.selectors import Totals, policy_union_paths, totals
from gonghui.indicators.registry import MONEY, call_memo, indicator, rate


def _totals(org, period) -> Totals:
    memo = call_memo()
    if memo is None:  # one indicator asked by itself
        memo = {}
    paths = memo.get("dues_paths")
    if paths is None:
        paths = memo["dues_paths"] = policy_union_paths()
    if not any(path.startswith(org.path) or org.path.startswith(path) for path in paths):
        return Totals()  # no union here or above has a policy: nothing is owed (and no query per part)
    key = ("dues", org.pk, org.path, period.start, period.end)
    if key not in memo:
        memo[key] = totals(org=org, start=period.start, end=period.end)
    return memo[key]

@indicator("dues_due", "应缴会费", "元", "期间内（截至本月）各月会员应缴会费之和：月末会籍在册、非保留会籍的会员，"
           "按所在基层工会当月的会费标准计算", kind=MONEY, source="dues", traceable=False)
def dues_due(org, period):
    return _totals(org, period).due

@indicator("dues_paid", "实缴会费", "元", "上述各月实际缴纳的会费之和（退款冲减）", kind=MONEY, source="dues", traceable=False)
def dues_paid(org, period):
    return _totals(org, period).paid

rate("dues_rate", "会费收缴率", numerator="dues_paid", denominator="dues_due", places=1, source="dues")

@indicator("dues_members_due", "应缴会费会员", "人", "期间内至少有一个月应缴会费的会员", source="dues", traceable=False)
def dues_members_due(org, period):
    return _totals(org, period).members_due

@indicator("dues_members_paid", "足额缴费会员", "人", "期间内每个应缴月份都已足额缴纳的会员", source="dues", traceable=False)
def dues_members_paid(org, period):
    return _totals(org, period).members_paid
