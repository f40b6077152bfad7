"""helpers.runoff (第 2 章): caps, the runoff model, the comparison with H.4.1, the liability drain, the designer;
the chapter's tables checked against the primary figures and the reference FRED series."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import runoff
from helpers.data import load
from tests.conftest import read_reference


# ------------------------------------------------------------------------------------------------ caps
def test_caps_at_follows_the_schedule():
    caps = load("qt_caps").set_index("effective_date")
    for date, row in caps.iterrows():
        assert runoff.caps_at(date) == (row["treasury_cap_usd_bn"], row["mbs_cap_usd_bn"])
        assert runoff.caps_at(date + pd.Timedelta(days=20)) == (row["treasury_cap_usd_bn"], row["mbs_cap_usd_bn"])
    assert runoff.caps_at("2017-09") == (0.0, 0.0)
    assert runoff.caps_at("2024-05") == (60.0, 35.0) and runoff.caps_at("2024-06") == (25.0, 35.0)
    assert sum(runoff.caps_at("2025-03")) == 60.0, "the combined cap before April 2025 was 60, not 95"


def test_caps_table_accepts_constant_caps():
    assert runoff.caps_at("2030-01", caps=(10, 5)) == (10.0, 5.0)
    with pytest.raises(ValueError, match="caps"):
        runoff.caps_table("fast")
    with pytest.raises(ValueError, match="公債每月上限"):
        runoff.caps_table((-1, 5))


def test_runoff_this_month_splits_at_the_cap():
    assert runoff.runoff_this_month(20, 35) == (20, 0)
    assert runoff.runoff_this_month(50, 35) == (35, 15)
    assert runoff.runoff_this_month(10, 0) == (0, 10)
    with pytest.raises(ValueError, match="到期本金"):
        runoff.runoff_this_month("a lot", 35)


# -------------------------------------------------------------------------------------------- profile
def test_profile_validates_in_chinese():
    with pytest.raises(ValueError, match="0 到 1"):
        runoff.MaturityProfile(mbs_annual_paydown=8)
    p = runoff.MaturityProfile(mbs_annual_paydown=0.12)
    assert (1 - p.mbs_monthly_rate) ** 12 == pytest.approx(0.88)


def test_implied_paydown_round_trip_and_2023_calibration():
    assert runoff.implied_annual_paydown(100, 90, 365.25) == pytest.approx(0.10)
    with pytest.raises(ValueError, match="期末 MBS 比期初還多"):
        runoff.implied_annual_paydown(90, 100, 365)
    rate = runoff.default_profile().mbs_annual_paydown
    # 2023: H.4.1 week averages 2,656.0 -> 2,446.4 bn, i.e. roughly 8 % a year and $17.5bn a month.
    assert 0.07 < rate < 0.09
    assert runoff.average_monthly_decline("mbs", "2022-12-21", "2023-12-20") == pytest.approx(17.5, abs=0.3)


# ------------------------------------------------------------------------------------------- the model
def test_path_starts_from_h41_and_treasury_cap_binds():
    path = runoff.simulate_runoff()
    assert path["month"].iloc[0] == pd.Timestamp("2022-06-01") and path["month"].iloc[-1] == pd.Timestamp("2025-12-01")
    assert path.attrs["initial"]["mbs"] == runoff.level("2022-06-01", "mbs")
    qt = path[path["month"] < "2025-12-01"]
    np.testing.assert_allclose(qt["treasury_runoff"], qt["treasury_cap_usd_bn"])  # bills fill any shortfall
    assert (qt["mbs_runoff"] < qt["mbs_cap_usd_bn"]).iloc[3:].all(), "MBS runoff stays below the $35bn cap"
    dec = path.iloc[-1]
    assert dec["runoff"] == 0 and dec["reinvested"] > 0, "after QT ends MBS principal is reinvested in bills"
    assert dec["securities"] == pytest.approx(path.iloc[-2]["securities"])


def test_model_tracks_h41_within_100bn_and_naive_model_does_not():
    cmp = runoff.compare_with_h41()
    qt2 = cmp[cmp["date"] <= "2025-11-30"]
    assert qt2["error_usd_bn"].abs().max() < 100
    naive = runoff.compare_with_h41(runoff.simulate_runoff(caps_bind=True), items=("mbs",))
    gap = -naive.set_index("date").loc["2025-11-12", "error_usd_bn"]
    assert gap > 500, "assuming the full $35bn cap every month overstates MBS runoff by hundreds of billions"


def test_total_assets_compared_with_milestones():
    cmp = runoff.compare_total_assets()
    assert list(cmp["date"].dt.strftime("%Y-%m-%d")) == ["2022-06-01", "2024-05-29", "2025-03-26", "2025-11-26"]
    assert cmp["error_usd_bn"].iloc[0] == pytest.approx(0)
    assert cmp["error_usd_bn"].abs().max() < 200


def test_bad_inputs_give_clear_messages():
    with pytest.raises(ValueError, match="結束月份"):
        runoff.simulate_runoff("2023-01", "2022-01")
    with pytest.raises(ValueError, match="看不懂起始月份"):
        runoff.simulate_runoff("someday")
    with pytest.raises(ValueError, match="國庫券"):
        runoff.simulate_runoff(treasuries=100, bills=200, mbs=10)
    with pytest.raises(ValueError, match="MaturityProfile"):
        runoff.simulate_runoff(profile=0.08)
    with pytest.raises(ValueError, match="qt_h41_levels 沒有"):
        runoff.level("2022-06-01", "gold")


@settings(max_examples=60, deadline=None)
@given(
    tcap=st.floats(0, 120),
    mcap=st.floats(0, 60),
    t=st.floats(100, 6000),
    bill_share=st.floats(0, 1),
    m=st.floats(0, 3000),
    share=st.floats(0, 0.05),
    paydown=st.floats(0, 0.4),
    bind=st.booleans(),
)
def test_runoff_invariants(tcap, mcap, t, bill_share, m, share, paydown, bind):
    path = runoff.simulate_runoff(
        "2022-06",
        "2024-05",
        treasuries=t,
        bills=t * bill_share,
        mbs=m,
        profile=runoff.MaturityProfile(share, paydown),
        caps=(tcap, mcap),
        caps_bind=bind,
    )
    assert (path["treasury_runoff"] <= tcap + 1e-9).all() and (path["mbs_runoff"] <= mcap + 1e-9).all()
    assert (path[["treasuries", "bills", "mbs"]] >= -1e-9).all().all()
    assert (path["bills"] <= path["treasuries"] + 1e-9).all()
    before = np.concatenate([[t + m], path["securities"].to_numpy()[:-1]])
    np.testing.assert_allclose(before - path["securities"], path["runoff"], atol=1e-6)  # runoff = shrinkage


# ------------------------------------------------------------------------------------------ liabilities
@settings(max_examples=80, deadline=None)
@given(
    flows=st.lists(st.floats(0, 200), min_size=1, max_size=60),
    r0=st.floats(0, 4000),
    q0=st.floats(0, 2600),
    share=st.floats(0, 1),
)
def test_drain_conserves_and_never_goes_below_zero_rrp(flows, r0, q0, share):
    reserves, on_rrp = runoff.drain_liabilities(flows, r0, q0, share)
    np.testing.assert_allclose((r0 + q0) - (reserves + on_rrp), np.cumsum(flows), atol=1e-6)
    assert (on_rrp >= 0).all() and (np.diff(on_rrp) <= 1e-9).all() and (np.diff(reserves) <= 1e-9).all()


def test_drain_rule_rrp_first():
    reserves, on_rrp = runoff.drain_liabilities([50] * 4, 3000, 120, rrp_share=1.0)
    assert list(on_rrp) == [70, 20, 0, 0] and list(reserves) == [3000, 3000, 2970, 2920]
    reserves, on_rrp = runoff.drain_liabilities([50] * 2, 3000, 120, rrp_share=0.0)
    assert list(on_rrp) == [120, 120] and list(reserves) == [2950, 2900]
    with pytest.raises(ValueError, match="不為負"):
        runoff.drain_liabilities([-5], 3000, 100)


def test_liability_at_interpolates_sourced_points():
    assert runoff.liability_at("reserves", "2022-06-15") == pytest.approx(3228.4)
    assert runoff.liability_at("on_rrp", "2024-12-20") == pytest.approx(98.4)
    mid = runoff.liability_at("on_rrp", "2024-06-15")
    assert 98.4 < mid < 719.9
    assert runoff.liability_at("on_rrp", "2026-01-01") == pytest.approx(17.9)
    with pytest.raises(ValueError, match="reserves"):
        runoff.liability_at("tga", "2024-01-01")


# ---------------------------------------------------------------------------------------------- designer
def test_designer_floor_month_and_monotone_in_caps():
    path = runoff.design_qt("2023-01", 60, 35, 3000)
    when = runoff.floor_month(path)
    assert when == runoff.reserve_floor_month("2023-01", 60, 35, 3000)
    k = int(np.flatnonzero(path["month"] == when)[0])
    assert path["reserves"].iloc[k] <= 3000 < path["reserves"].iloc[k - 1]
    assert runoff.reserve_floor_month("2023-01", 30, 17.5, 3000) > when
    assert runoff.reserve_floor_month("2023-01", 0, 0, 3000) is None
    assert runoff.reserve_floor_month("2023-01", 60, 35, 5000) == pd.Timestamp("2023-01-01")


@settings(max_examples=25, deadline=None)
@given(t1=st.floats(0, 100), t2=st.floats(0, 100), floor=st.floats(2000, 3500))
def test_designer_faster_caps_never_reach_the_floor_later(t1, t2, floor):
    lo, hi = sorted((t1, t2))
    slow = runoff.reserve_floor_month("2023-06", lo, 35, floor, months=60)
    fast = runoff.reserve_floor_month("2023-06", hi, 35, floor, months=60)
    if slow is not None:
        assert fast is not None and fast <= slow


def test_designer_rejects_bad_input():
    with pytest.raises(ValueError, match="2022-06 到 2025-12"):
        runoff.design_qt("2019-01")
    with pytest.raises(ValueError, match="準備金下限"):
        runoff.design_qt(reserve_floor="low")
    with pytest.raises(ValueError, match="ON RRP 承擔的比例"):
        runoff.design_qt(rrp_share=1.5)


# -------------------------------------------------------------------------------------- the chapter's data
def test_h41_levels_are_consistent():
    lv = load("qt_h41_levels")
    wide = lv.pivot_table(index="date", columns="item", values="value_usd_bn")
    both = wide.dropna(subset=["treasuries", "bills"])
    assert (both["bills"] < both["treasuries"]).all()
    rrp = lv[lv["item"] == "on_rrp"].set_index("date")["value_usd_bn"]
    assert rrp.idxmax() == pd.Timestamp("2022-12-30") and rrp.max() == pytest.approx(2553.7)
    repo = load("qt_repo_2019").dropna(subset=["rate_pct"]).set_index("date")["rate_pct"]
    assert repo.idxmax() == pd.Timestamp("2019-09-17") and repo.max() == 5.25
    boe = load("qt_boe_apf").set_index("date")
    assert boe.loc["2022-09-22", "reduction_gbp_bn"] == 80 and boe.loc["2023-09-21", "reduction_gbp_bn"] == 100
    assert "第一次主動賣出" in boe.loc["2022-11-01", "event"]


def test_on_rrp_figures_match_the_new_york_fed_series(reference):
    series = read_reference(reference, "RRPONTSYD")
    if series.empty:
        pytest.skip("RRPONTSYD reference absent")
    lv = load("qt_h41_levels")
    for _, row in lv[lv["item"] == "on_rrp"].iterrows():
        assert series.loc[row["date"]] == pytest.approx(row["value_usd_bn"], abs=0.6), row["date"]
    assert series.idxmax() == pd.Timestamp("2022-12-30")
    late = series["2025-10-01":"2025-12-31"]
    assert late.median() < 20, "ON RRP was near zero by late 2025"


def test_total_assets_bracket_securities(reference):
    walcl = read_reference(reference, "WALCL")
    if walcl.empty:
        pytest.skip("WALCL reference absent")
    lv = load("qt_h41_levels")
    lv = lv[(lv["basis"] == "Wednesday level") & lv["item"].isin(["treasuries", "mbs", "loans"])]
    for date, grp in lv.groupby("date"):
        if not {"treasuries", "mbs"} <= set(grp["item"]):
            continue
        total = walcl.asof(date) / 1000
        # the rest of the balance sheet (premiums, repo, swaps, gold, ...) was a few hundred billion
        assert grp["value_usd_bn"].sum() < total < grp["value_usd_bn"].sum() + 500, date
