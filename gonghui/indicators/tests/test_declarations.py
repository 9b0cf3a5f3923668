"""What the registry declares about each indicator agrees with how it is measured."""

from gonghui.core.periods import parse_period
from gonghui.indicators.registry import COUNT, INDICATORS, MONEY, RATE, Measure


def test_it_marks_additive_exactly_the_counts_and_sums_whose_parts_add_up(cast):
    h1 = parse_period("2026H1")
    for ind in INDICATORS.values():
        if ind.ratio is not None:
            assert ind.kind == RATE and ind.fn is None and not ind.additive, ind.code
            continue
        measure = ind.fn(cast.ua, h1)
        distinct = isinstance(measure, Measure) and measure.op == "distinct"
        assert ind.additive == (ind.kind in (COUNT, MONEY) and not distinct), ind.code


def test_a_rate_names_registered_codes():
    for ind in INDICATORS.values():
        if ind.ratio is not None:
            assert ind.ratio.numerator in INDICATORS and ind.ratio.denominator in INDICATORS
            assert INDICATORS[ind.ratio.numerator].ratio is None  # never a rate of rates
