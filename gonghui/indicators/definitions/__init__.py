"""The indicator definitions, a module per area, registered by `load()` (called from
`IndicatorsConfig.ready()`); the order of AREAS is the order of docs/indicators.md.

Each function takes (org, period) and returns a `Measure`: one set-based query, unevaluated, that the registry
runs whole (`compute`) or grouped per child org (`compute_breakdown`). Sub-counts (女职工, 已采纳, ...) are a
`where` on the same QuerySet, so the registry runs them in one query. Entries counted by their date within the
period are flows (`flow`, `date="date"`): the registry may count the months of a period in one query. Stocks
(期末 values) and 调解超期 (judged at the period's end) are not. A rate is declared with `rate(...)`: a
numerator code, a denominator code and a precision, never a function of its own.
"""

from importlib import import_module

AREAS = ("people", "orgs", "ledgers", "dues", "funds", "surveys")


def load() -> None:
    for area in AREAS:
        import_module(f"{__name__}.{area}")
