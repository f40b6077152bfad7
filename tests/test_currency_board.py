"""The currency-board teaching model (第 5 章): convertibility trades, HIBOR assumption, step simulation.

Property tests check the invariants a currency board must keep at every step: the HKD the HKMA issues or
absorbs equals its change in USD reserves times the convertibility rate; USD is only moved between the HKMA and
the market (never created); the rate stays in the 7.75-7.85 band; the Aggregate Balance never goes negative;
issuing Exchange Fund paper changes the make-up of the Monetary Base, not its size.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import currency_board as cb
from helpers.data import load

flows_st = st.lists(st.floats(-80, 80, allow_nan=False), min_size=1, max_size=60)
us_st = st.floats(0, 8, allow_nan=False)
ab_st = st.floats(0, 400, allow_nan=False)
rate_st = st.floats(7.75, 7.85, allow_nan=False)


# ------------------------------------------------------------------------------------------- institutions
def test_base_rate_formula_reproduces_every_sourced_hkma_announcement():
    df = load("hk_base_rate_decisions")
    for row in df.itertuples():
        assert cb.base_rate(row.fed_funds_lower_pct, row.hibor_avg_pct) == pytest.approx(row.base_rate_pct)


def test_base_rate_takes_hibor_when_it_is_higher():
    assert cb.base_rate(0.0, 0.86) == pytest.approx(0.86)
    assert cb.base_rate(5.25, 4.78) == pytest.approx(5.75)


def test_strong_side_trade_issues_hkd_against_usd_at_775():
    s0 = cb.BoardState()
    s1 = cb.convert(s0, 7.75, "strong")
    assert s1.aggregate_balance_hkd_bn - s0.aggregate_balance_hkd_bn == pytest.approx(7.75)
    assert s1.hkma_usd_bn - s0.hkma_usd_bn == pytest.approx(1.0)
    assert s1.market_usd_bn - s0.market_usd_bn == pytest.approx(-1.0)
    assert s1.monetary_base_hkd_bn - s0.monetary_base_hkd_bn == pytest.approx(7.75)


def test_weak_side_trade_absorbs_hkd_against_usd_at_785():
    s0 = cb.BoardState()
    s1 = cb.convert(s0, 9.42, "weak")  # the HKMA's purchase of 2025-06-26
    assert s0.aggregate_balance_hkd_bn - s1.aggregate_balance_hkd_bn == pytest.approx(9.42)
    assert s0.hkma_usd_bn - s1.hkma_usd_bn == pytest.approx(9.42 / 7.85)


def test_weak_side_cannot_exceed_the_aggregate_balance():
    with pytest.raises(ValueError, match="總結餘"):
        cb.convert(cb.BoardState(aggregate_balance_hkd_bn=5.0), 6.0, "weak")


@pytest.mark.parametrize(
    "bad",
    [
        dict(hkd_bn=-1, side="strong"),
        dict(hkd_bn=1, side="middle"),
        dict(hkd_bn=float("nan"), side="weak"),
        dict(hkd_bn="abc", side="weak"),
    ],
)
def test_convert_rejects_bad_input_in_chinese(bad):
    with pytest.raises(ValueError) as err:
        cb.convert(cb.BoardState(), **bad)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))


# ------------------------------------------------------------------------------------------------ HIBOR
def test_hibor_follows_the_us_rate_fully_when_tight_and_lags_when_flush():
    assert cb.hibor(0, 5.0) - cb.hibor(0, 4.0) == pytest.approx(1.0)
    gaps = [cb.hibor(ab, 5.0) - cb.hibor(ab, 4.0) for ab in (0, 45, 174, 400)]
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < 0.2  # a flush balance: HIBOR barely moves


def test_hibor_is_above_us_rate_when_liquidity_is_scarce_and_below_when_flush():
    p = cb.DEFAULT_PARAMS
    assert cb.hibor(0, 4.0) == pytest.approx(4.0 + p.tight_premium_pp)
    assert cb.hibor(1e6, 4.0) == pytest.approx(4.0 * (1 - p.flush_share))
    assert cb.hibor(0, 0.0) > 0 and cb.hibor(1e6, 0.0) == 0.0


def test_neutral_balance_is_where_hibor_meets_the_us_rate_and_shrinks_as_us_rates_rise():
    for us in (0.5, 2.5, 4.25, 5.25):
        assert cb.hibor(cb.neutral_balance(us), us) == pytest.approx(us)
    assert 30 < cb.neutral_balance(4.25) < 60  # near the 2019 and 2023-24 resting level
    assert cb.neutral_balance(0.25) > 3 * cb.neutral_balance(4.25)


@given(ab=ab_st, us=us_st, more=st.floats(0.1, 5))
def test_hibor_rises_with_the_us_rate(ab, us, more):
    assert cb.hibor(ab, us + more) >= cb.hibor(ab, us) - 1e-12


@given(ab=ab_st, more=st.floats(0.1, 300), us=us_st)
def test_hibor_falls_as_the_aggregate_balance_grows(ab, more, us):
    assert cb.hibor(ab + more, us) <= cb.hibor(ab, us) + 1e-12


def test_hibor_rejects_negative_balance():
    with pytest.raises(ValueError, match="負數"):
        cb.hibor(-1, 4.0)


# ------------------------------------------------------------------------------------------- simulation
def test_inflow_hits_the_strong_side_and_raises_the_aggregate_balance():
    df = cb.simulate(cb.shock_flows(30, 5, 8), 4.25)
    assert (df.loc[1:5, "side"] == "強方 7.75").all()
    assert (df.loc[1:5, "rate"] == 7.75).all()
    assert df.loc[5, "aggregate_balance_hkd_bn"] > df.loc[0, "aggregate_balance_hkd_bn"] + 40
    assert df.loc[5, "hibor_pct"] < df.loc[0, "hibor_pct"]


def test_after_the_inflow_carry_trades_push_the_hkd_to_the_weak_side():
    """The May-June 2025 sequence: strong side, flush liquidity, HIBOR far below US rates, then the weak side."""
    s = cb.summary(cb.run(cb.shock_flows(30, 5, 40), 4.25))
    assert s["first_strong_step"] == 1
    assert s["first_weak_step"] is not None and s["first_weak_step"] > 5
    assert s["hkd_bought_bn"] > 0  # carry positions built on the flush balance come back through the weak side


def test_no_shock_means_no_drift():
    """At the neutral balance, with no flow, nothing happens: no carry incentive, no trigger, no drift."""
    out = cb.run(np.zeros(60), 4.25, initial=cb.BoardState(aggregate_balance_hkd_bn=cb.neutral_balance(4.25)))
    assert np.allclose(out["rate"], cb.LINKED_RATE) and not out["side"].any()


def test_an_outflow_does_not_empty_the_aggregate_balance():
    """HIBOR rises above the US rate as the balance drains, carry positions reverse, the drain stops early."""
    s = cb.summary(cb.run(cb.shock_flows(-30, 5, 40), 4.25))
    assert s["first_weak_step"] == 1
    assert s["final_aggregate_balance_hkd_bn"] > 5
    assert s["hkd_bought_bn"] < 150 * 0.5  # far less than the 150bn that left


EPISODE_OBSERVED = {  # HKMA figures in hk_lers_events: Aggregate Balance before and after, or the flow
    "2015–16 強方": ("2012-10-20", "2015-10-09"),
    "2018–19 弱方": ("2018-04-12", "2020-01-08"),
    "2020 強方": ("2020-01-08", "2020-10-30"),
    "2022–23 弱方": ("2022-05-16", "2023-06-23"),
    "2025 強方": ("2025-05-06", None),
}


@pytest.mark.parametrize("name", list(cb.EPISODES))
def test_known_episodes_come_out_on_the_right_side_and_the_right_order_of_size(name):
    ev = load("hk_lers_events").set_index("date")
    start, end = EPISODE_OBSERVED[name]
    if end is None:
        observed = abs(float(ev.loc[start, "flow_hkd_bn"]))
    else:
        observed = abs(float(ev.loc[end, "aggregate_balance_hkd_bn"] - ev.loc[start, "aggregate_balance_hkd_bn"]))
    got = cb.run_episode(name)
    assert got["first_side"] == cb.EPISODES[name]["side"]
    assert observed / 3 <= got["volume_hkd_bn"] <= observed * 3, (name, got["volume_hkd_bn"], observed)


def test_episode_sizes_rank_like_the_record():
    strong = {n: cb.run_episode(n)["volume_hkd_bn"] for n in cb.EPISODES if "強方" in n}
    weak = {n: cb.run_episode(n)["volume_hkd_bn"] for n in cb.EPISODES if "弱方" in n}
    assert max(strong, key=strong.get) == "2020 強方"  # the largest inflow on record
    assert weak["2022–23 弱方"] > weak["2018–19 弱方"]  # five points of hikes drained more than two
    assert cb.run_episode("2025 強方")["first_weak_step"] is not None  # then the weak side, as in June 2025


@settings(max_examples=40, deadline=None)
@given(size=st.floats(1, 80), extra=st.floats(0.5, 40), us=st.floats(0.25, 6))
def test_a_bigger_inflow_never_leaves_a_smaller_balance_after_the_shock(size, extra, us):
    a = cb.run(cb.shock_flows(size, 3, 3), us)["aggregate_balance_hkd_bn"][-1]
    b = cb.run(cb.shock_flows(size + extra, 3, 3), us)["aggregate_balance_hkd_bn"][-1]
    assert b >= a - 1e-9


@settings(max_examples=40, deadline=None)
@given(us=st.floats(0.25, 4.0), more=st.floats(0.25, 3.0))
def test_a_bigger_rate_rise_on_a_flush_balance_never_drains_less(us, more):
    init = cb.BoardState(aggregate_balance_hkd_bn=300.0)
    path = lambda top: list(np.linspace(0.25, top, 10)) + [top] * 20
    a = cb.summary(cb.run(np.zeros(30), path(us), initial=init))["hkd_bought_bn"]
    b = cb.summary(cb.run(np.zeros(30), path(us + more), initial=init))["hkd_bought_bn"]
    assert b >= a - 1e-9


def test_outflow_hits_the_weak_side_and_drains_the_aggregate_balance():
    df = cb.simulate(cb.shock_flows(-20, 3, 6), 4.0)
    assert df.loc[1, "rate"] > 7.80
    assert "弱方 7.85" in set(df["side"])
    assert df["aggregate_balance_hkd_bn"].iloc[-1] < df["aggregate_balance_hkd_bn"].iloc[0]


def test_small_flows_stay_inside_the_band_without_intervention():
    df = cb.simulate([5, -5, 5, -5], 0.5, initial=cb.BoardState(aggregate_balance_hkd_bn=20.0))
    assert (df["intervention_hkd_bn"] == 0).all()
    assert ((df["rate"] > 7.75) & (df["rate"] < 7.85)).all()


def test_exchange_fund_paper_moves_money_out_of_the_aggregate_balance_only():
    df = cb.simulate([0.0, 0.0], 0.0, efbn_shifts_hkd_bn=[10.0, 0.0], params=cb.BoardParams(carry_hkd_bn_per_pp=0.0))
    assert df.loc[1, "aggregate_balance_hkd_bn"] == pytest.approx(35.0)
    assert df.loc[1, "efbn_hkd_bn"] == pytest.approx(1010.0)
    assert df["monetary_base_hkd_bn"].nunique() == 1


def test_simulate_and_run_agree_and_summary_reads_both():
    out = cb.run(cb.shock_flows(-25, 4, 20), [3.0] * 20)
    df = cb.simulate(cb.shock_flows(-25, 4, 20), [3.0] * 20)
    np.testing.assert_allclose(df["aggregate_balance_hkd_bn"], out["aggregate_balance_hkd_bn"])
    assert cb.summary(out) == cb.summary(df)
    assert list(df["step"]) == list(range(21))


def test_the_default_state_matches_the_sourced_2023_levels():
    ev = load("hk_lers_events").set_index("date")
    s = cb.BoardState()
    assert s.aggregate_balance_hkd_bn == ev.loc["2023-06-23", "aggregate_balance_hkd_bn"]
    assert s.monetary_base_hkd_bn == pytest.approx(ev.loc["2023-06-23", "monetary_base_hkd_bn"])


@pytest.mark.parametrize(
    "args, kwargs",
    [
        (([],), {}),
        (([1, float("nan")],), {}),
        ((["a", "b"],), {}),
        ((5,), {}),
        (([1, 2, 3], [4.0, 4.0]), {}),
        (([1, 2], -1.0), {}),
        (([1] * 501,), {}),
        (([1, 2],), {"initial": cb.BoardState(rate=7.9)}),
    ],
)
def test_run_rejects_bad_input_with_a_chinese_message(args, kwargs):
    if len(args) == 1:
        args = (args[0], 4.0)
    with pytest.raises(ValueError) as err:
        cb.run(*args, **kwargs)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))


def test_shock_flows_shape_and_validation():
    assert list(cb.shock_flows(10, 2, 4)) == [10, 10, 0, 0]
    with pytest.raises(ValueError):
        cb.shock_flows(10, 5, 4)
    with pytest.raises(ValueError):
        cb.shock_flows("x", 1, 4)


# --------------------------------------------------------------------------------- money is conserved
@settings(max_examples=150, deadline=None)
@given(flows=flows_st, us=us_st, ab=ab_st, rate=rate_st, carry=st.floats(0, 10))
def test_money_is_conserved_at_every_step(flows, us, ab, rate, carry):
    init = cb.BoardState(rate=rate, aggregate_balance_hkd_bn=ab)
    out = cb.run(flows, us, initial=init, params=cb.BoardParams(carry_hkd_bn_per_pp=carry))
    d_usd = np.diff(out["hkma_usd_bn"])
    d_mb = np.diff(out["monetary_base_hkd_bn"])
    inter = out["intervention_hkd_bn"][1:]
    cu_rate = np.where(inter > 0, cb.STRONG_SIDE, cb.WEAK_SIDE)
    # HKD issued (+) or absorbed (-) equals the USD change times the convertibility rate ...
    np.testing.assert_allclose(d_usd * cu_rate, inter, atol=1e-9)
    # ... the Monetary Base moves by exactly that amount (no EFBN shifts here) ...
    np.testing.assert_allclose(d_mb, inter, atol=1e-9)
    # ... and USD only changes hands between the HKMA and the market: none is created or destroyed.
    total_usd = out["hkma_usd_bn"] + out["market_usd_bn"]
    np.testing.assert_allclose(total_usd, total_usd[0], atol=1e-9)


@settings(max_examples=150, deadline=None)
@given(flows=flows_st, us=us_st, ab=ab_st, shifts=st.lists(st.floats(-50, 50), min_size=60, max_size=60))
def test_band_balance_and_backing_hold_with_exchange_fund_paper(flows, us, ab, shifts):
    n = len(flows)
    out = cb.run(flows, us, efbn_shifts_hkd_bn=shifts[:n], initial=cb.BoardState(aggregate_balance_hkd_bn=ab))
    assert (out["rate"] >= cb.STRONG_SIDE - 1e-12).all() and (out["rate"] <= cb.WEAK_SIDE + 1e-12).all()
    assert (out["aggregate_balance_hkd_bn"] >= -1e-9).all() and (out["efbn_hkd_bn"] >= -1e-9).all()
    # Intervention happens only at an edge of the band, and in the direction of that edge.
    side, rate = out["side"][1:], out["rate"][1:]
    assert np.all(rate[side == 1] == cb.STRONG_SIDE) and np.all(rate[side == -1] == cb.WEAK_SIDE)
    # Every HKD of Monetary Base added since the start is backed by USD bought at a convertibility rate.
    inter = out["intervention_hkd_bn"]
    backed = np.cumsum(inter)
    np.testing.assert_allclose(out["monetary_base_hkd_bn"] - out["monetary_base_hkd_bn"][0], backed, atol=1e-7)
    usd_cost = np.cumsum(np.where(inter > 0, inter / cb.STRONG_SIDE, inter / cb.WEAK_SIDE))
    np.testing.assert_allclose(out["hkma_usd_bn"] - out["hkma_usd_bn"][0], usd_cost, atol=1e-9)


@given(flows=flows_st, us=us_st)
def test_simulation_is_deterministic(flows, us):
    a, b = cb.run(flows, us), cb.run(flows, us)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])


def test_widget_setting_values_are_finite_everywhere():
    for size in (-60, 0, 60):
        for us in (0.0, 6.0):
            df = cb.simulate(cb.shock_flows(size, 20, 80), us)
            assert np.isfinite(df.select_dtypes("number").to_numpy()).all()
            assert not math.isnan(cb.summary(df)["final_hibor_pct"])
    assert isinstance(df, pd.DataFrame)
