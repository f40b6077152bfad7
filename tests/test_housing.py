"""helpers.housing: monthly payment, payment-to-income, affordable price."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import housing

rates = st.floats(min_value=0.0, max_value=15.0)


def test_payment_by_hand():
    r = 0.06 / 12
    assert housing.monthly_payment(200_000, 6) == pytest.approx(200_000 * r / (1 - (1 + r) ** -360))
    assert housing.monthly_payment(120_000, 0, years=10) == pytest.approx(1000.0)


def test_record_low_vs_2023_high():
    low = housing.payment_for_price(400_000, 2.65)
    high = housing.payment_for_price(400_000, 7.79)
    assert low == pytest.approx(1289.48, abs=0.01)
    assert 1.75 < high / low < 1.8


def test_ratio_and_cap_agree():
    cap = housing.max_price_at_ratio(100_000, 6.5)
    assert housing.payment_to_income(cap, 6.5, 100_000) == pytest.approx(housing.RULE_OF_THUMB_PCT)


def test_curve_matches_pointwise():
    rs = np.array([0.0, 2.65, 7.08])
    curve = housing.payment_curve(400_000, rs)
    assert curve == pytest.approx([housing.payment_for_price(400_000, r) for r in rs])


@settings(max_examples=80, deadline=None)
@given(r=rates, dr=st.floats(min_value=0.01, max_value=5.0), loan=st.floats(min_value=1_000, max_value=5e6))
def test_payment_increases_with_rate(r, dr, loan):
    assert housing.monthly_payment(loan, r + dr) > housing.monthly_payment(loan, r)


@settings(max_examples=80, deadline=None)
@given(r=rates, budget=st.floats(min_value=100, max_value=20_000), down=st.floats(min_value=0, max_value=60))
def test_affordable_price_inverts_payment(r, budget, down):
    price = housing.affordable_price(budget, r, down)
    assert housing.payment_for_price(price, r, down) == pytest.approx(budget, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(r=rates, dr=st.floats(min_value=0.01, max_value=5.0))
def test_higher_rate_lowers_the_affordable_price(r, dr):
    assert housing.max_price_at_ratio(80_000, r + dr) < housing.max_price_at_ratio(80_000, r)


@settings(max_examples=40, deadline=None)
@given(r=rates, years=st.sampled_from([10, 15, 20, 30, 40]))
def test_total_paid_covers_the_loan(r, years):
    assert housing.monthly_payment(100_000, r, years) * years * 12 >= 100_000 - 1e-6


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: housing.monthly_payment(100_000, -1), "負"),
        (lambda: housing.monthly_payment(100_000, 700), "太高"),
        (lambda: housing.monthly_payment(100_000, 5, 0), "年限"),
        (lambda: housing.loan_amount(500_000, 120), "頭期款"),
        (lambda: housing.payment_to_income(500_000, 5, 0), "年收入"),
        (lambda: housing.monthly_payment("十萬", 5), "數字"),
    ],
)
def test_bad_inputs(call, words):
    with pytest.raises(ValueError, match=words):
        call()
