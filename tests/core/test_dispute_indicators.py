"""The indicator formulas (fazhi.core.dispute_indicators): 口径 on plain counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.dispute_indicators import (
    appearance_rate,
    correction_rate,
    double_decline,
    loss_rate,
    rate,
    resolution_rate,
    year_on_year,
)


def test_rate_of_nothing_is_none_not_zero():
    assert rate(0, 0) is None
    assert rate(0, 4) == 0


def test_rate_refuses_impossible_counts():
    with pytest.raises(ValueError):
        rate(5, 4)
    with pytest.raises(ValueError):
        rate(-1, 4)


def test_correction_rate():
    # 2 revoked + 1 varied + 1 confirmed illegal + 0 + 1 confirmed void over 10 merits decisions
    assert correction_rate(revoked=2, varied=1, confirmed_illegal=1, ordered_to_perform=0, confirmed_void=1,
                           decided_on_merits=10) == pytest.approx(0.5)


def test_loss_and_appearance_rates():
    assert loss_rate(lost=3, concluded=15) == pytest.approx(0.2)
    assert appearance_rate(appeared=6, required=6) == 1.0
    assert appearance_rate(appeared=0, required=0) is None


def test_resolution_rate():
    assert resolution_rate(mediated=2, withdrawn_after_correction=1, upheld_not_sued=5, concluded=16) == pytest.approx(0.5)


def test_year_on_year():
    c = year_on_year(16, 20)
    assert c.delta == -4 and c.relative == pytest.approx(-0.2) and c.direction == "down"
    assert year_on_year(3, 0).relative is None
    assert year_on_year(None, 0.2).direction == ""
    assert year_on_year(0.1, 0.1).direction == "same"


class TestDoubleDecline:
    def test_met_when_both_fall(self):
        assert double_decline(cases=43, cases_previous=50, loss_rate=0.1, loss_rate_previous=0.2) is True

    def test_not_met_when_cases_do_not_fall(self):
        assert double_decline(cases=50, cases_previous=50, loss_rate=0.1, loss_rate_previous=0.2) is False

    def test_not_met_when_loss_rate_does_not_fall(self):
        assert double_decline(cases=40, cases_previous=50, loss_rate=0.2, loss_rate_previous=0.2) is False

    def test_unknown_without_comparable_loss_rates(self):
        assert double_decline(cases=40, cases_previous=50, loss_rate=None, loss_rate_previous=0.2) is None


@given(st.integers(0, 1000), st.integers(0, 1000))
def test_rates_lie_between_zero_and_one(a, b):
    lo, hi = sorted((a, b))
    r = rate(lo, hi)
    assert r is None if hi == 0 else 0 <= r <= 1
