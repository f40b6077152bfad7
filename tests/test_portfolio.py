"""Chapter 6 model: regimes as in force and as known, the look-ahead guard, the assumed-return Monte Carlo,
risk measures, currency arithmetic and the FRED approximations."""

import contextlib
import io
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import data, policy_rates, timeline
from helpers import portfolio as pf
from tests.conftest import read_reference


# ------------------------------------------------------------------------------------------------ regimes
def test_regime_known_from_announcement_not_start():
    # QT2 was announced on 2022-05-04 and began on 2022-06-01 (fed_programs).
    qt2 = timeline.programs().set_index("name").loc["QT2"]
    between = qt2["announced"] + (qt2["start"] - qt2["announced"]) / 2
    assert pf.regime_in_force(between) == "none"
    assert pf.known_regime(between) == "QT"
    assert pf.known_regime(qt2["announced"]) != "QT", "an announcement is known only after it is published"


def test_end_of_qt_known_only_after_it_happens():
    end = timeline.programs().set_index("name").loc["QT2", "end"]
    assert pf.known_regime(end) == "QT"
    assert pf.known_regime(end + pd.Timedelta(days=1)) == "post_QT"
    assert pf.regime_in_force(end + pd.Timedelta(days=5)) == "post_QT"


def test_taper_wins_over_qe_and_twist_counts_as_easing():
    assert pf.regime_in_force("2014-06-15") == "taper"
    assert pf.regime_in_force("2012-03-15") == "QE"  # Operation Twist
    assert pf.regime_in_force("2016-06-15") == "none"
    assert pf.regime_in_force("2019-11-15") == "post_QT"  # reserve-management bills after QT1


def test_calendar_labels_and_lags():
    cal = pf.regime_calendar()
    assert set(cal["in_force"]) <= set(pf.REGIMES) and set(cal["known"]) <= set(pf.REGIMES)
    assert cal.index[0] == pd.Timestamp(pf.CALENDAR_START)
    differ = cal[cal["in_force"] != cal["known"]]
    # Only the months in which an announcement falls after the 1st and a start before the 15th (or an end
    # between them) can differ; a handful in eighteen years.
    assert 0 < len(differ) <= 6
    for month, row in differ.iterrows():
        assert pf.known_regime(month) == row["known"]


def test_classify_rejects_bad_arguments():
    with pytest.raises(ValueError, match="announced"):
        pf.classify(timeline.programs(), "2020-01-01", by="end")
    with pytest.raises(ValueError, match="看不懂日期"):
        pf.known_regime("not a date")


# ---------------------------------------------------------------------------------------- information set
def test_information_set_truncates_every_table():
    info = pf.InformationSet("2025-12-10")
    assert info.fed_funds()["date"].max() == pd.Timestamp("2025-10-29")
    assert pf.InformationSet("2025-12-11").fed_funds()["date"].max() == pd.Timestamp("2025-12-10")
    progs = info.programmes()
    assert "2025 reserve management" not in set(progs["name"])
    assert progs.set_index("name").loc["QT2", "end"] == pd.Timestamp("2025-11-30")
    early = pf.InformationSet("2024-01-01").programmes().set_index("name")
    assert pd.isna(early.loc["QT2", "end"]), "the end of QT2 was not known in 2024"
    # H.4.1 for Wednesday 2025-11-26 is published the next day.
    assert pf.InformationSet("2025-11-27").balance_sheet()["date"].max() < pd.Timestamp("2025-11-26")
    assert pf.InformationSet("2025-11-28").balance_sheet()["date"].max() == pd.Timestamp("2025-11-26")


def test_information_set_returns_are_past_only_and_copies():
    market = pf.simulate_market(seed=3)
    t = 30
    info = pf.InformationSet(market.returns.index[t], market.returns.iloc[:t].copy())
    assert info.returns.index.max() < info.asof
    mine = info.returns
    mine.iloc[0, 0] = 99.0
    assert info.returns.iloc[0, 0] != 99.0
    past = info.history("equity_broad", end=market.returns.index[t - 1])
    assert len(past) == t


@pytest.mark.parametrize(
    "peek",
    [
        lambda info: {"cash": 1.0} if info.history(end=info.asof).empty else {"cash": 1.0},
        lambda info: {"cash": 1.0} if info.regime_at(info.asof + pd.Timedelta(days=31)) else {"cash": 1.0},
        lambda info: {"cash": 1.0} if len(info.history("cash", end="2100-01-01")) else {"cash": 1.0},
    ],
)
def test_peeking_through_the_view_fails_loudly(peek):
    market = pf.simulate_market(seed=1)
    with pytest.raises(pf.LookAheadError, match="偷看未來"):
        pf.backtest(peek, market)


def test_peeking_through_a_back_door_fails_loudly():
    market = pf.simulate_market(seed=2)

    def tomorrow(info):  # reads this month's return from the whole market: look-ahead
        return {"equity_broad": 1.0} if market.returns.loc[info.asof, "equity_broad"] > 0 else {"cash": 1.0}

    with pytest.raises(pf.LookAheadError, match="偷看未來"):
        pf.backtest(tomorrow, market)
    # the audit put the market back as it was
    assert not market.returns.isna().any().any()


def test_honest_strategies_pass_the_audit():
    market = pf.simulate_market(seed=4)

    def momentum(info):  # uses only months already over
        past = info.returns.tail(12)
        if len(past) < 12:
            return {"cash": 1.0}
        return {"equity_broad": 1.0} if past["equity_broad"].sum() > past["cash"].sum() else {"cash": 1.0}

    result = pf.backtest(momentum, market)
    assert len(result.frame) == len(market.returns)
    rules = pf.backtest(pf.rule_strategy(pf.SEED_RULES), market)
    assert (rules.frame["known"] == pf.regime_calendar()["known"].to_numpy()).all()


def test_bad_weights_are_named():
    market = pf.simulate_market(seed=5)
    with pytest.raises(ValueError, match="加總"):
        pf.backtest(lambda info: {"cash": 0.9}, market)
    with pytest.raises(ValueError, match="沒有的資產"):
        pf.backtest(lambda info: {"bitcoin": 1.0}, market)


def test_backtest_leverage_one_reproduces_unlevered():
    market = pf.simulate_market(seed=6)
    plain = pf.backtest(pf.constant_strategy(pf.BENCHMARK), market)
    lev1 = pf.backtest(pf.constant_strategy(pf.BENCHMARK), market, leverage=1.0, borrow_spread_pct=5)
    assert np.allclose(plain.frame["wealth"], lev1.frame["wealth"])
    lev2 = pf.backtest(pf.constant_strategy(pf.BENCHMARK), market, leverage=2.0)
    assert lev2.summary()["annual_vol_pct"] > 1.9 * plain.summary()["annual_vol_pct"]


def test_rebalancing_costs_only_when_weights_move():
    market = pf.simulate_market(seed=8)
    free = pf.backtest(pf.constant_strategy(pf.BENCHMARK), market, cost_bp=0)
    costly = pf.backtest(pf.constant_strategy(pf.BENCHMARK), market, cost_bp=50)
    assert free.frame["turnover"].iloc[0] == 0 and (free.frame["turnover"].iloc[1:] > 0).all()
    assert costly.frame["wealth"].iloc[-1] < free.frame["wealth"].iloc[-1]


def test_hindsight_rules_look_better_in_sample_than_out_of_sample():
    seen, fresh = pf.simulate_market(seed=3), pf.simulate_market(seed=4)
    rules = pf.hindsight_rules(seen)
    assert all(len(w) == 1 for w in rules.values())
    inside = pf.backtest(pf.rule_strategy(rules), seen).summary()["annual_return_pct"]
    outside = pf.backtest(pf.rule_strategy(rules), fresh).summary()["annual_return_pct"]
    assert inside > outside


def test_rule_weights_match_rule_strategy():
    w = pf.rule_weights(pf.SEED_RULES)
    cal = pf.regime_calendar()
    assert np.allclose(w.sum(axis=1), 1)
    month = cal.index[cal["known"] == "QT"][0]
    assert w.loc[month, "short_bonds"] == pytest.approx(pf.SEED_RULES["QT"]["short_bonds"])


# ------------------------------------------------------------------------------------------- assumptions
def test_assumptions_are_labelled_and_complete():
    df = pf.assumptions()
    assert len(df) == len(pf.REGIMES) * len(pf.ASSETS)
    assert df["basis"].str.startswith("教學用假設").all()
    assert df["source"].str.startswith("Teaching assumption").all()
    assert (df["risk_loading"] ** 2 + df["rate_loading"] ** 2 <= 1 + 1e-12).all()
    assert "ASSUMPTIONS FOR TEACHING" in data.meta("portfolio_regime_assumptions")["description"]


def test_cash_assumption_is_loosely_based_on_the_target_range():
    grid = pf.assumption_grid()
    rates = policy_rates.monthly_us_taiwan()
    ff = data.load("fed_funds_target").set_index("date")
    mid = (ff["lower"] + ff["upper"]) / 2
    cal = pf.regime_calendar()
    mids = mid.reindex(mid.index.union(cal.index)).ffill().reindex(cal.index)
    for regime in pf.REGIMES:
        actual = mids[cal["in_force"] == regime].mean()
        assert abs(grid.loc["cash", regime] - actual) <= 0.75, regime
    assert not rates.empty


def test_neutral_assumptions_remove_the_regime():
    grid = pf.assumption_grid(table=pf.neutral_assumptions())
    assert np.allclose(grid.to_numpy(), grid.iloc[:, [0]].to_numpy())


def test_simulated_annual_mean_matches_assumption():
    shocks = pf.draw_shocks(20000, 12, seed=1)
    rets = pf.asset_returns(["QE"] * 12, ["equity_broad", "long_bonds"], shocks)
    gross = np.prod(1 + rets, axis=1).mean(axis=0)
    grid = pf.assumption_grid()
    assert gross[0] - 1 == pytest.approx(grid.loc["equity_broad", "QE"] / 100, abs=0.01)
    assert gross[1] - 1 == pytest.approx(grid.loc["long_bonds", "QE"] / 100, abs=0.01)


def test_assumed_stock_bond_correlation_flips_sign_under_qt():
    shocks = pf.draw_shocks(4000, 12, seed=2)
    for regime, sign in (("QE", -1), ("QT", 1)):
        r = pf.asset_returns([regime] * 12, ["equity_broad", "long_bonds"], shocks).reshape(-1, 2)
        assert np.sign(np.corrcoef(r.T)[0, 1]) == sign


# ------------------------------------------------------------------------------------------ property tests
weights_st = st.dictionaries(st.sampled_from(pf.ASSETS), st.floats(0.01, 100), min_size=1, max_size=6)


@given(weights_st)
def test_normalised_weights_sum_to_one_and_keep_proportions(weights):
    w = pf.normalise_weights(weights)
    assert math.isclose(sum(w.values()), 1.0)
    a, b = next(iter(weights)), list(weights)[-1]
    assert math.isclose(w[a] / w[b], weights[a] / weights[b], rel_tol=1e-9)


@given(st.lists(st.floats(0.01, 1000), min_size=1, max_size=60))
def test_drawdown_is_never_positive(path):
    dd = pf.drawdown(np.array(path))
    assert (dd <= 1e-12).all()
    assert pf.max_drawdown(np.array(path)) <= 0
    peaks = np.array(path) >= np.maximum.accumulate(path)
    assert np.allclose(dd[peaks], 0)


@given(st.lists(st.floats(0.01, 10), min_size=2, max_size=40))
def test_rising_path_has_no_drawdown(steps):
    wealth = np.cumsum(steps)
    assert pf.max_drawdown(wealth) == pytest.approx(0.0)


@given(st.floats(-20, 40), st.floats(0, 80), st.floats(0, 10))
def test_geometric_growth_leverage_one_ignores_borrowing(mean, vol, borrow):
    assert pf.geometric_growth(mean, vol, 1.0, borrow) == pytest.approx(mean - vol**2 / 200)
    assert pf.geometric_growth(mean, vol, 2.0, borrow) <= 2 * mean - borrow + 1e-9


@settings(max_examples=25, deadline=None)
@given(weights_st, st.sampled_from(list(pf.SCENARIOS)), st.integers(0, 10_000), st.floats(0, 5))
def test_simulation_leverage_one_reproduces_unlevered(weights, scenario, seed, spread):
    w = pf.normalise_weights(weights)
    shocks = pf.draw_shocks(20, len(pf.regime_path(scenario)), seed)
    plain = pf.simulate_paths(w, scenario, shocks=shocks)
    lev1 = pf.simulate_paths(w, scenario, shocks=shocks, leverage=1.0, borrow_spread_pct=spread)
    assert np.array_equal(plain.wealth, lev1.wealth)
    assert (plain.returns > -1).all() and (plain.wealth > 0).all()
    assert (pf.drawdown(plain.wealth) <= 1e-12).all()


@settings(max_examples=25, deadline=None)
@given(st.floats(2, 5), st.integers(0, 1000))
def test_heavy_leverage_can_ruin_but_wealth_stays_non_negative(lev, seed):
    paths = pf.simulate_paths({"crypto": 1.0}, "qt3", n_paths=50, seed=seed, leverage=lev)
    assert (paths.wealth >= 0).all()
    s = paths.summary()
    assert 0 <= s["ruin_pct"] <= s["loss_pct"] <= 100


@given(st.floats(-50, 100), st.floats(1, 50), st.floats(1, 50), st.floats(1, 50))
def test_currency_returns_compose(r, a, b, c):
    direct = pf.local_currency_return(r, a, c)
    two_step = pf.local_currency_return(pf.local_currency_return(r, a, b), b, c)
    assert direct == pytest.approx(two_step, abs=1e-9)
    assert pf.local_currency_return(r, a, a) == pytest.approx(r)


# ------------------------------------------------------------------------------------- Monte Carlo helpers
def test_builder_matches_benchmark_when_weights_match():
    s = pf.builder_stats(equity=60, bonds=40, path="qt3")
    assert s["portfolio"] == s["benchmark"]
    assert math.isclose(sum(s["weights"].values()), 1.0)
    lev = pf.builder_stats(equity=60, bonds=40, path="qt3", leverage=2)
    assert lev["portfolio"]["median_vol_pct"] > 1.9 * s["portfolio"]["median_vol_pct"]


def test_best_leverage_is_on_the_grid_and_drag_bites():
    best = pf.best_leverage(path="cycle")
    assert best in pf.LEVERAGE_GRID and best < max(pf.LEVERAGE_GRID)
    top = pf.builder_stats(100, 0, 0, 0, 0, max(pf.LEVERAGE_GRID), "cycle")["portfolio"]["median_final"]
    at_best = pf.builder_stats(100, 0, 0, 0, 0, best, "cycle")["portfolio"]["median_final"]
    assert at_best > top


def test_dip_buying_is_deterministic_and_bounded():
    a, b = pf.dip_buying("qt3", 10, n_paths=500, seed=1), pf.dip_buying("qt3", 10, n_paths=500, seed=1)
    assert a == b
    assert 0 <= a["wait_wins_pct"] <= 100 and 0 <= a["never_dipped_pct"] <= 100
    with pytest.raises(ValueError, match="回檔"):
        pf.dip_buying(dip_pct=0)


def test_regime_path_and_errors():
    assert len(pf.regime_path("cycle")) == 24 + 6 + 12 + 36 + 24
    assert pf.regime_path([("QT", 2), ("post_QT", 1)]) == ["QT", "QT", "post_QT"]
    assert pf.regime_path("history") == pf.regime_calendar()["in_force"].tolist()
    with pytest.raises(ValueError, match="沒有情境"):
        pf.regime_path("boom")
    with pytest.raises(ValueError, match="沒有政策階段"):
        pf.regime_path([("QQ", 3)])


@pytest.mark.parametrize(
    "bad, match",
    [
        ({"foo": 1}, "沒有資產"),
        ({"cash": -1}, "負數"),
        ({"cash": 0}, "都是 0"),
        ({"cash": "x"}, "不是數字"),
        ([], "字典"),
    ],
)
def test_normalise_weights_messages(bad, match):
    with pytest.raises(ValueError, match=match):
        pf.normalise_weights(bad)


def test_geometric_growth_example_and_errors():
    assert pf.geometric_growth(8, 20, 2, 3) == pytest.approx(5.0)
    with pytest.raises(ValueError, match="有限的數字"):
        pf.geometric_growth("8", 20)


# ------------------------------------------------------------------------------------ Taiwan and Hong Kong
def test_peg_range_and_policy_rates():
    worst, best = pf.peg_fx_range_pct()
    assert worst == pytest.approx((7.75 / 7.85 - 1) * 100)
    assert best == pytest.approx((7.85 / 7.75 - 1) * 100)
    rates = policy_rates.monthly_us_taiwan()
    assert rates.loc["2024-01-31", "gap_pct"] == pytest.approx(5.50 - 1.875)
    assert rates.loc["2021-06-30", "us_upper_pct"] == pytest.approx(0.25)
    assert pf.hedged_return(5, 5.5, 2) == pytest.approx(1.5)
    with pytest.raises(ValueError, match="正數"):
        pf.local_currency_return(5, 0, 30)


# ---------------------------------------------------------------------------------------------- FRED path
def test_fred_market_without_cache_or_snapshot_says_how_to_download(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "SNAPSHOT_DIR", tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert pf.fred_market_or_none(tmp_path) is None
    assert "make data" in out.getvalue()


def test_fred_market_works_offline_from_the_snapshot(tmp_path):
    market = pf.fred_market(tmp_path)  # empty cache: the shipped snapshot
    assert not market.assumed and list(market.returns.columns) == ["cash", "short_bonds", "long_bonds"]
    assert market.returns.index[0] == pd.Timestamp("2008-01-01") and len(market.returns) > 200


def test_bond_returns_from_yields_carry_and_duration():
    idx = pd.to_datetime(["2020-01-31", "2020-02-28", "2020-03-31"])
    r = pf.bond_returns_from_yields(pd.Series([2.0, 2.0, 3.0], index=idx), duration=8, convexity=0)
    assert r.index[0] == pd.Timestamp("2020-02-01")
    assert r.iloc[0] == pytest.approx(0.02 / 12)
    assert r.iloc[1] == pytest.approx(0.02 / 12 - 8 * 0.01)


def test_fred_market_from_reference_series(reference):
    market = pf.fred_market(reference)
    assert list(market.returns.columns) == ["cash", "short_bonds", "long_bonds"] and not market.assumed
    r2022 = market.returns.loc["2022"]
    assert r2022["long_bonds"].sum() < -0.10 < r2022["cash"].sum() + 0.10
    result = pf.backtest(pf.rule_strategy(pf.BOND_RULES), market)
    assert result.frame["wealth"].iloc[-1] > 0


def test_short_bond_assumption_is_loosely_based_on_dgs2(reference):
    dgs2 = read_reference(reference, "DGS2").resample("MS").mean()
    cal = pf.regime_calendar()
    grid = pf.assumption_grid()
    for regime in pf.REGIMES:
        level = dgs2.reindex(cal.index)[cal["in_force"] == regime].mean()
        assert abs(grid.loc["short_bonds", regime] - level) <= 1.5, regime


def test_ten_year_yield_peaked_during_qt2_not_at_its_end(reference):
    """The notebook says the 10-year yield peaked in October 2023, in the middle of QT2."""
    dgs10 = read_reference(reference, "DGS10")
    qt2 = dgs10.loc["2022-06-01":"2025-11-30"]
    assert qt2.idxmax().strftime("%Y-%m") == "2023-10"
    assert 4.9 <= qt2.max() <= 5.1


# --------------------------------------------------------------------------------------- chart helpers
def test_implied_correlation_is_symmetric_and_bounded():
    ab = pf.implied_correlation("equity_broad", "long_bonds")
    ba = pf.implied_correlation("long_bonds", "equity_broad")
    assert np.allclose(ab, ba) and (ab.abs() <= 1).all()
    assert (pf.implied_correlation("gold", "gold") == 1).all()
    with pytest.raises(ValueError, match="沒有資產"):
        pf.implied_correlation("gold", "silver")


def test_leverage_curve_mean_rises_while_median_turns():
    curve = pf.leverage_curve({"equity_broad": 1.0}, "cycle")
    assert curve["mean_final"].is_monotonic_increasing
    assert curve["median_final"].idxmax() == pf.best_leverage(path="cycle")
    assert curve["median_final"].iloc[-1] < curve["median_final"].max()


def test_rule_edge_comes_from_the_assumptions():
    encoded = pf.rule_vs_benchmark(pf.SEED_RULES, n_paths=300)
    neutral = pf.rule_vs_benchmark(pf.SEED_RULES, pf.neutral_assumptions(), n_paths=300)
    assert np.median(encoded) > np.median(neutral)
    assert abs(np.median(neutral)) < 1.0, "with regime-free assumptions the rules have no systematic edge"
    same = {r: dict(pf.BENCHMARK) for r in pf.REGIMES}
    assert np.allclose(pf.rule_vs_benchmark(same, n_paths=50), 0)


def test_ten_year_yield_rose_on_average_while_qe_purchases_ran(reference):
    """The notebook says the 10-year yield rose on average during the months QE purchases were running."""
    dgs10 = read_reference(reference, "DGS10").resample("MS").first()
    cal = pf.regime_calendar()
    change = dgs10.reindex(cal.index).diff().shift(-1)
    qe = cal["in_force"] == "QE"
    assert change[qe & (cal.index < "2015-01-01")].mean() > 0  # QE1, QE2, Twist, QE3
    assert change[qe & (cal.index > "2020-01-01")].mean() > 0  # QE4


@pytest.mark.parametrize("lev", [1.0, 2.25])
def test_builder_uses_the_same_simulation_as_simulate_paths(lev):
    stats = pf.builder_stats(50, 30, 10, 5, 5, lev, "qt3")
    w = pf.normalise_weights({"equity_broad": 50, "long_bonds": 30, "cash": 10, "gold": 5, "crypto": 5})
    shocks = pf.draw_shocks(pf.WIDGET_PATHS, len(pf.regime_path("qt3")), pf.WIDGET_SEED)
    direct = pf.simulate_paths(w, "qt3", leverage=lev, shocks=shocks).summary()
    assert stats["portfolio"] == pytest.approx(direct, rel=1e-9, abs=1e-9)


def test_seven_point_four_trillion_was_the_april_2024_level(reference):
    """The fact-check box says the seed's "about $7.4tn" start of QT was the level of April 2024."""
    walcl = read_reference(reference, "WALCL") / 1e6  # USD millions → trillions
    april = walcl.loc["2024-04"]
    assert april.min() <= 7.45 and april.max() >= 7.35
    assert walcl.loc["2022-06-01":"2022-06-08"].iloc[0] > 8.8


def test_learner_facing_errors_are_in_chinese():
    with pytest.raises(ValueError, match="要是數字"):
        pf.local_currency_return("五", 32, 30)
    with pytest.raises(ValueError, match="要是數字"):
        pf.hedged_return(5, None, 2)
    with pytest.raises(ValueError, match="權重用了市場裡沒有的資產"):
        pf.simulate_paths({"silver": 1.0}, "qt3", n_paths=5)
    with pytest.raises(ValueError, match="槓桿"):
        pf.builder_stats(leverage=0.5)


def test_margin_calls_force_sales_at_high_leverage_and_never_without_debt():
    shocks = pf.draw_shocks(300, len(pf.regime_path("history")), seed=1)
    one = pf.simulate_paths({"equity_broad": 1.0}, "history", shocks=shocks)
    three = pf.simulate_paths({"equity_broad": 1.0}, "history", shocks=shocks, leverage=3)
    assert not one.forced_sale.any() and one.summary()["margin_call_pct"] == 0
    assert three.summary()["margin_call_pct"] > 10  # 3x equities: a −11 % month triggers a 25 % maintenance call
    # after the forced sale the path only earns cash: no month below zero, none above the cash assumption
    hit = np.flatnonzero(three.forced_sale)[0]
    tail = three.returns[hit][-12:]
    assert (tail >= 0).all() and (tail < 0.006).all()


@settings(max_examples=20, deadline=None)
@given(st.floats(0.05, 0.45), st.floats(0.05, 0.45))
def test_higher_maintenance_margin_never_means_fewer_forced_sales(m1, m2):
    lo, hi = sorted((m1, m2))
    shocks = pf.draw_shocks(100, 36, seed=3)
    a = pf.simulate_paths({"equity_broad": 1.0}, "qt3", shocks=shocks, leverage=3, maintenance_margin=lo)
    b = pf.simulate_paths({"equity_broad": 1.0}, "qt3", shocks=shocks, leverage=3, maintenance_margin=hi)
    assert (a.forced_sale <= b.forced_sale).all()


def test_crypto_leverage_can_wipe_out_and_leverage_raises_forced_sales():
    rows = {
        lev: pf.simulate_paths({"crypto": 1.0}, "cycle", n_paths=500, seed=1, leverage=lev).summary()
        for lev in (1, 2, 3)
    }
    assert rows[1]["margin_call_pct"] == 0 < rows[2]["margin_call_pct"] <= rows[3]["margin_call_pct"]
    assert rows[3]["ruin_pct"] > 0


def test_bad_maintenance_margin_is_refused_in_chinese():
    with pytest.raises(ValueError, match="維持率"):
        pf.simulate_paths(pf.BENCHMARK, "qt3", n_paths=5, leverage=2, maintenance_margin=1.5)


def _qe4_with_end_announced(value):
    df = timeline.programs().copy()
    df["end_announced"] = pd.NaT
    df.loc[df["name"] == "QE4 (2020)", "end_announced"] = pd.Timestamp(value) if value else pd.NaT
    return df


def test_guard_without_end_announced_column_knows_an_end_only_once_passed():
    df = timeline.programs().drop(columns=["end_announced"], errors="ignore")
    # 2022-03-01: QE4's purchases ended 2022-03-09, not yet passed, so QE4 still counts as running (taper wins)
    assert pf.known_regime_from(df, "2022-03-01") == "taper"
    if "end_announced" not in data.load("fed_programs").columns:
        assert pf.InformationSet("2022-03-01").regime() == "taper"


def test_guard_uses_end_announced_when_filled_and_only_from_that_date():
    df = _qe4_with_end_announced("2022-01-26")  # the January 2022 statement said purchases end in early March
    taper_end = df.loc[df["name"] == "2021 taper", "end"].iloc[0]
    df.loc[df["name"] == "2021 taper", "end_announced"] = pd.Timestamp("2022-01-26")
    assert taper_end == pd.Timestamp("2022-03-09")
    from helpers.portfolio.regimes import _visible_programmes

    seen = _visible_programmes(pd.Timestamp("2022-03-01"), df).set_index("name")["end"]
    assert seen["QE4 (2020)"] == seen["2021 taper"] == pd.Timestamp("2022-03-09")  # announced on 2022-01-26
    before = _visible_programmes(pd.Timestamp("2022-01-26"), df).set_index("name")["end"]
    assert pd.isna(before["QE4 (2020)"])  # not on the announcement day itself
    empty = _visible_programmes(pd.Timestamp("2022-03-01"), _qe4_with_end_announced(None)).set_index("name")["end"]
    assert pd.isna(empty["QE4 (2020)"])  # column present but empty: falls back
    # knowing a future end does not end the programme early: on 2022-03-01 purchases still ran
    assert pf.known_regime_from(df, "2022-03-01") == "taper"
    assert pf.known_regime_from(df, "2022-03-10") == pf.known_regime_from(_qe4_with_end_announced(None), "2022-03-10")


@given(st.dates(min_value=pd.Timestamp("2008-01-01").date(), max_value=pd.Timestamp("2026-06-30").date()))
@settings(max_examples=60, deadline=None)
def test_end_announced_never_reveals_an_end_before_its_announcement(day):
    asof = pd.Timestamp(day)
    end, announced = pd.Timestamp("2022-03-09"), pd.Timestamp("2022-01-26")
    from helpers.portfolio.regimes import end_known

    assert end_known(end, announced, asof) == (asof > announced)
    assert end_known(end, pd.NaT, asof) == (asof > end)
    assert not end_known(pd.NaT, announced, asof)


def test_easing_turns_are_first_cuts_after_hikes_known_on_the_day():
    turns = pf.easing_turns()
    assert turns == [pd.Timestamp("2007-09-18"), pd.Timestamp("2019-07-31"), pd.Timestamp("2024-09-18")]
    ff = data.load("fed_funds_target").set_index("date")["upper"]
    for t in turns[1:]:
        before = ff[ff.index < t].diff().dropna()
        assert ff.diff()[t] < 0 and before[before != 0].iloc[-1] > 0  # a cut whose previous move was a hike


def test_event_window_starts_after_the_announcement_and_refuses_unfinished_windows():
    days = pd.date_range("2020-01-01", periods=400, freq="D")
    s = pd.Series(range(400), index=days, dtype=float)
    # the value on the announcement day itself (day 10) is never the starting point
    assert pf.event_window(s, days[10], 6) == s[days[10] + pd.DateOffset(months=6)] - s[days[11]]
    assert math.isnan(pf.event_window(s, days[300], 6))  # the window has not ended yet
    assert pf.event_window(s + 100, days[0], 1, "return") == pytest.approx(100 * (131 / 101 - 1))
    with pytest.raises(ValueError, match="how"):
        pf.event_window(s, days[0], 1, "level")


def test_event_study_has_one_row_per_turn_and_no_window_past_the_data():
    study = pf.easing_event_study()
    assert len(study) == len(pf.easing_turns())
    assert study.drop(columns="宣布日").notna().all().all()  # all three 12-month windows are over by mid-2026


def test_hedging_uses_market_rates_not_the_discount_rate():
    h = pf.market_hedge_rates()
    tw_discount = policy_rates.monthly_us_taiwan()["tw_discount_pct"].iloc[-1]
    assert h["tw_pct"] < tw_discount - 0.5  # the overnight rate sits far below the 2 % discount rate
    assert 0 < h["us_pct"] - h["tw_pct"] < 6
    hedged = pf.hedged_return(5, h["us_pct"], h["tw_pct"])
    assert hedged == pytest.approx(5 - (h["us_pct"] - h["tw_pct"]))
    assert hedged < 3.25 - 0.5  # the old discount-rate figure overstated what is left
    with pytest.raises(ValueError):
        pf.market_hedge_rates("2000-01")  # no sourced Taiwan point that early
