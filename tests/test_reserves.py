"""The floor-system model of 第 2 章 (helpers.reserves): the demand curve is monotone and stays between the
floor and the ceiling; the liabilities identity and the QT T-accounts balance."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import reserves as model

corridors = st.builds(
    lambda low, iorb_gap, srf_gap, has_srf: model.Corridor(
        on_rrp=low,
        iorb=low + iorb_gap,
        target_low=low,
        target_high=low + 0.25,
        srf=(low + 0.25 + srf_gap) if has_srf else None,
    ),
    st.floats(0.0, 6.0),
    st.floats(0.0, 0.2),
    st.floats(0.0, 0.5),
    st.booleans(),
)
levels = st.floats(0.0, 8.0)
ample = st.floats(0.5, 5.0)
widths = st.floats(0.05, 1.0)


@settings(max_examples=200, deadline=None)
@given(corridors, levels, levels, ample, widths, st.booleans())
def test_demand_curve_never_rises_with_more_reserves(c, r1, r2, a, w, srf):
    lo, hi = sorted((r1, r2))
    assert model.market_rate(hi, c, a, w, srf) <= model.market_rate(lo, c, a, w, srf) + 1e-12


@settings(max_examples=200, deadline=None)
@given(corridors, levels, ample, widths)
def test_rate_stays_between_floor_and_ceiling(c, r, a, w):
    rate = model.market_rate(r, c, a, w, srf=True)
    assert rate >= c.on_rrp - 1e-12
    if c.srf is not None:
        assert rate <= c.srf + 1e-12
    assert rate <= c.on_rrp + model.MAX_PREMIUM_PP + 1e-12


@settings(max_examples=100, deadline=None)
@given(corridors, ample, widths)
def test_curve_meets_iorb_at_the_ample_point(c, a, w):
    if c.iorb - c.on_rrp < 0.01:
        return  # the model keeps a minimum 1 bp gap
    assert math.isclose(model.market_rate(a, c, a, w, srf=False), c.iorb, abs_tol=1e-9)
    assert model.regime(a + 0.01, c, a, w) in ("ample", "abundant")
    assert model.regime(a - 0.01, c, a, w) == "scarce"


@settings(max_examples=100, deadline=None)
@given(corridors, levels, levels, ample, widths)
def test_regimes_are_ordered_along_the_curve(c, r1, r2, a, w):
    order = {"scarce": 0, "ample": 1, "abundant": 2}
    lo, hi = sorted((r1, r2))
    assert order[model.regime(lo, c, a, w)] <= order[model.regime(hi, c, a, w)]


def test_episodes_read_the_sourced_rates():
    c19 = model.corridor("2019-09")
    assert c19.srf is None and (c19.on_rrp, c19.iorb, c19.target_high) == (2.0, 2.1, 2.25)
    c25 = model.corridor("2025-12")
    assert c25.srf == 3.75 and c25.iorb == 3.65
    assert all(model.episodes()["source"].str.len() > 20)


def test_srf_caps_the_rate_only_when_it_exists():
    c = model.corridor("2025-10")
    assert model.market_rate(1.0, c, 2.9, srf=True) == pytest.approx(c.srf)
    assert model.market_rate(1.0, c, 2.9, srf=False) > c.srf
    assert model.srf_binds(1.0, c, 2.9) and not model.srf_binds(4.0, c, 2.9)
    assert not model.srf_binds(1.0, model.corridor("2019-09"), 2.0)


def test_vectorised_curve_matches_pointwise():
    c = model.corridor("2025-10")
    grid = np.linspace(1, 4, 7)
    np.testing.assert_allclose(model.market_rate(grid, c, 2.9), [model.market_rate(x, c, 2.9) for x in grid])


@pytest.mark.parametrize("bad", [-1, float("nan"), "3", None, True])
def test_bad_reserve_input_gives_a_chinese_message(bad):
    with pytest.raises(ValueError, match="準備金|兆美元"):
        model.market_rate(bad, model.corridor("2025-10"))


def test_unknown_episode_and_bad_corridor():
    with pytest.raises(ValueError, match="可用的是"):
        model.corridor("2030-01")
    with pytest.raises(ValueError):
        model.Corridor(on_rrp=3.0, iorb=2.9, target_low=3.0, target_high=3.25)


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 9000), st.floats(0, 3000), st.floats(0, 1000), st.floats(0, 3000), st.floats(0, 500))
def test_identity_reproduces_the_fed_account(total, cur, tga, rrp, other):
    reserves = model.reserves_identity(total, cur, tga, rrp, other)
    assert math.isclose(reserves + cur + tga + rrp + other, total, rel_tol=1e-9, abs_tol=1e-6)


def test_identity_on_the_model_system_and_bad_input():
    fed = model.qt_start_system().fed
    a, liab = fed.assets, fed.liabilities
    got = model.reserves_identity(
        sum(a.values()), liab["currency"], liab["tga"], liab["on_rrp"], liab["other_liabilities"], fed.capital
    )
    assert got == pytest.approx(liab["reserves"])
    with pytest.raises(ValueError, match="TGA"):
        model.reserves_identity(100, 10, "x", 0)


@settings(max_examples=50, deadline=None)
@given(st.floats(0, 1500), st.sampled_from(["banks", "on_rrp"]))
def test_qt_month_balances_and_moves_one_liability(amount, funded_by):
    start = model.qt_start_system()
    after = model.qt_month(start, amount, funded_by)
    assert after.problems() == []
    ch = after.fed.changes(start.fed)
    assert ch["assets"].get("treasuries", 0.0) == pytest.approx(-amount, abs=1e-6)
    falls = "reserves" if funded_by == "banks" else "on_rrp"
    other = "on_rrp" if funded_by == "banks" else "reserves"
    assert ch["liabilities"].get(falls, 0.0) == pytest.approx(-amount, abs=1e-6)
    assert ch["liabilities"].get(other, 0.0) == pytest.approx(0.0, abs=1e-6)
    assert ch["liabilities"].get("tga", 0.0) == pytest.approx(0.0, abs=1e-6)


def test_qt_month_rejects_unknown_funding():
    with pytest.raises(ValueError, match="funded_by"):
        model.qt_month(model.qt_start_system(), 10, "tga")
