"""helpers.valuation: DCF value, equity duration, and the two model firms."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import bonds, valuation


def test_gordon_special_case():
    assert valuation.dcf_value([7], 8, 1) == pytest.approx(7 / 1.08 + 7 * 1.01 / 0.07 / 1.08)
    assert valuation.dcf_value([7], 8, 1) == pytest.approx(100.0)
    assert valuation.equity_duration([7], 8, 1) == pytest.approx(1.08 / 0.07)


def test_finite_cash_flows_match_a_bond():
    flows = [5] * 9 + [105]
    assert valuation.dcf_value(flows, 5) == pytest.approx(bonds.price(5, 5, 10, freq=1))
    assert valuation.equity_duration(flows, 5) == pytest.approx(bonds.macaulay_duration(5, 5, 10, freq=1))


def test_two_firms_worth_100_at_base_rate():
    firms = valuation.two_firms()
    for firm in firms.values():
        assert firm.value(valuation.BASE_RATE_PCT) == pytest.approx(100.0)


def test_growth_firm_is_the_long_duration_asset():
    firms = valuation.two_firms()
    g, v = firms["成長股"], firms["價值股"]
    assert g.duration(8) > v.duration(8) + 5
    assert g.change_pct(8, 1) < v.change_pct(8, 1) < 0
    assert g.change_pct(8, -1) > v.change_pct(8, -1) > 0


def test_growth_firm_gets_most_of_its_value_late():
    g = valuation.growth_firm()
    v = valuation.value_firm()
    pv_g = valuation.pv_by_year(g, 8, horizon=10).sum()
    pv_v = valuation.pv_by_year(v, 8, horizon=10).sum()
    assert pv_g < 25 < 40 < pv_v  # about a fifth of the growth firm's value arrives in ten years
    assert valuation.pv_by_year(g, 8, horizon=2000).sum() == pytest.approx(100.0, rel=1e-6)


def test_lab_changes_and_durations_have_the_same_items():
    ch = valuation.lab_changes(3.0, 1.0)
    du = valuation.lab_durations(3.0)
    assert list(ch) == list(du) == ["2 年期公債", "10 年期公債", "30 年期公債", "價值股", "成長股"]
    assert ch["成長股"] == pytest.approx(valuation.growth_firm().change_pct(8.0, 1.0))


@settings(max_examples=60, deadline=None)
@given(r=st.floats(min_value=4.0, max_value=15.0), dr=st.floats(min_value=0.05, max_value=3.0))
def test_value_decreases_in_discount_rate(r, dr):
    for firm in valuation.two_firms().values():
        assert firm.value(r + dr) < firm.value(r)


@settings(max_examples=60, deadline=None)
@given(r=st.floats(min_value=2.0, max_value=20.0), g=st.floats(min_value=-2.0, max_value=1.5))
def test_gordon_duration_formula(r, g):
    assert valuation.equity_duration([1.0], r, g) == pytest.approx((1 + r / 100) / ((r - g) / 100), rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(r=st.floats(min_value=4.0, max_value=15.0))
def test_duration_predicts_small_changes(r):
    firm = valuation.growth_firm()
    d_mod = firm.duration(r) / (1 + r / 100)
    assert firm.change_pct(r, 0.01) == pytest.approx(-d_mod * 0.01, rel=0.02)


def test_bad_inputs():
    with pytest.raises(ValueError, match="永續成長率"):
        valuation.dcf_value([1, 2], 3, 3)
    with pytest.raises(ValueError, match="至少要有一年"):
        valuation.dcf_value([], 8)
    with pytest.raises(ValueError, match="數字"):
        valuation.dcf_value([1, "x"], 8)
    with pytest.raises(ValueError, match="百分點"):
        valuation.price_change_pct([1], 8, "up", 1)
