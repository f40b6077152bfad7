"""helpers.bonds: price–yield, duration, convexity, and the three ways of estimating a price change."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import bonds

yields = st.floats(min_value=0.1, max_value=15.0)
coupons = st.floats(min_value=0.0, max_value=12.0)
maturities = st.sampled_from([1, 2, 5, 7, 10, 20, 30])


def test_par_bond_is_worth_100():
    for m in (2, 10, 30):
        assert bonds.price(4.25, 4.25, m) == pytest.approx(100.0, abs=1e-9)


def test_zero_coupon_price_by_hand():
    # 10-year zero at 5 % semi-annual: 100 / 1.025**20
    assert bonds.price(5, 0, 10) == pytest.approx(100 / 1.025**20)
    assert bonds.price(5, 0, 10, freq=1) == pytest.approx(100 / 1.05**10)


def test_annual_coupon_bond_by_hand():
    expected = 6 / 1.05 + 6 / 1.05**2 + 106 / 1.05**3
    assert bonds.price(5, 6, 3, freq=1) == pytest.approx(expected)


def test_array_of_yields():
    out = bonds.price(np.array([1.0, 3.0, 5.0]), 3.0, 10)
    assert out.shape == (3,)
    assert out[1] == pytest.approx(100.0)
    assert out[0] > out[1] > out[2]


def test_duration_matches_numerical_derivative():
    y, h = 4.0, 1e-4
    p = bonds.price(y, 4.0, 30)
    slope = (bonds.price(y + h, 4.0, 30) - bonds.price(y - h, 4.0, 30)) / (2 * h)
    assert -slope / p * 100 == pytest.approx(bonds.modified_duration(y, 4.0, 30), rel=1e-6)
    curve = (bonds.price(y + h, 4.0, 30) - 2 * p + bonds.price(y - h, 4.0, 30)) / h**2
    assert curve / p * 1e4 == pytest.approx(bonds.convexity(y, 4.0, 30), rel=1e-4)


def test_taper_tantrum_sized_shock_on_a_ten_year():
    exact = bonds.price_change_pct(1.66, 1.66, 10, 1.32)
    duration = bonds.price_change_pct(1.66, 1.66, 10, 1.32, method="duration")
    both = bonds.price_change_pct(1.66, 1.66, 10, 1.32, method="convexity")
    assert -12 < exact < -11
    assert duration < exact  # duration alone overstates the loss for a rise in yields
    assert abs(both - exact) < abs(duration - exact) / 5


def test_longer_bonds_lose_more():
    ch = bonds.par_bond_changes(3.0, 1.0)
    assert ch[2] > ch[10] > ch[30]
    assert ch[30] < -15


@settings(max_examples=60, deadline=None)
@given(y=yields, c=coupons, m=maturities, dy=st.floats(min_value=0.01, max_value=3.0))
def test_price_decreases_in_yield(y, c, m, dy):
    assert bonds.price(y + dy, c, m) < bonds.price(y, c, m)


@settings(max_examples=60, deadline=None)
@given(y=yields, m=maturities)
def test_duration_of_a_zero_equals_maturity(y, m):
    assert bonds.macaulay_duration(y, 0.0, m) == pytest.approx(m, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(y=yields, c=st.floats(min_value=0.1, max_value=12.0), m=st.sampled_from([2, 5, 10, 30]))
def test_coupon_bond_duration_below_maturity_and_positive_convexity(y, c, m):
    assert 0 < bonds.macaulay_duration(y, c, m) < m
    assert bonds.modified_duration(y, c, m) < bonds.macaulay_duration(y, c, m)
    assert bonds.convexity(y, c, m) > 0


@settings(max_examples=60, deadline=None)
@given(y=yields, c=coupons, m=maturities, dy=st.floats(min_value=-2.0, max_value=2.0))
def test_convexity_makes_the_duration_estimate_too_pessimistic(y, c, m, dy):
    exact = bonds.price_change_pct(y, c, m, dy)
    approx = bonds.price_change_pct(y, c, m, dy, method="duration")
    assert exact >= approx - 1e-9


@settings(max_examples=40, deadline=None)
@given(y=yields, c=coupons, dy=st.floats(min_value=0.05, max_value=3.0))
def test_longer_maturity_means_bigger_loss_for_par_bonds(y, c, dy):
    changes = bonds.par_bond_changes(y, dy, maturities=(2, 10, 30))
    assert changes[2] > changes[10] > changes[30]


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"yield_pct": 4, "coupon_pct": 4, "years": 0}, "年期"),
        ({"yield_pct": 4, "coupon_pct": 4, "years": 2.3}, "付息期"),
        ({"yield_pct": 4, "coupon_pct": -1, "years": 10}, "票面利率"),
        ({"yield_pct": -250, "coupon_pct": 4, "years": 10}, "殖利率太低"),
        ({"yield_pct": float("nan"), "coupon_pct": 4, "years": 10}, "有限"),
        ({"yield_pct": 4, "coupon_pct": 4, "years": 10, "freq": 3}, "freq"),
        ({"yield_pct": 4, "coupon_pct": "四", "years": 10}, "數字"),
    ],
)
def test_bad_input_says_what_is_wrong_in_chinese(kwargs, words):
    with pytest.raises(ValueError, match=words):
        bonds.price(**kwargs)


def test_bad_method_and_shock():
    with pytest.raises(ValueError, match="method"):
        bonds.price_change_pct(3, 3, 10, 1, method="guess")
    with pytest.raises(ValueError, match="百分點"):
        bonds.price_change_pct(3, 3, 10, "一點")
    assert math.isfinite(bonds.price_change_pct(3, 3, 10, 0))
