"""Policy-rate step paths (第 5 章) and the chapter's Taiwan / Hong Kong tables, checked against each other and,
where a real series exists, against the FRED reference copies."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import policy_rates as pr
from helpers.data import load
from tests.conftest import read_reference


# ------------------------------------------------------------------------------------------------ paths
def test_paths_are_sorted_series_of_levels():
    for path in (pr.fed_lower(), pr.fed_upper(), pr.taiwan_rate()):
        assert isinstance(path.index, pd.DatetimeIndex) and path.index.is_monotonic_increasing
        assert path.between(0, 10).all()


def test_rate_on_reads_the_level_in_force():
    tw = pr.taiwan_rate()
    assert pr.rate_on(tw, "2008-06-26") == 3.625  # the decision day itself
    assert pr.rate_on(tw, "2009-02-17") == 1.5
    assert pr.rate_on(tw, "2020-12-31") == 1.125
    assert pr.rate_on(pr.fed_lower(), "2023-07-26") == 5.25
    with pytest.raises(ValueError, match="早於"):
        pr.rate_on(tw, "2000-01-01")


def test_the_seven_cuts_of_2008_09():
    tw = pr.taiwan_rate()
    assert pr.count_moves(tw, "2008-07-01", "2009-12-31") == {"up": 0, "down": 7}
    assert pr.change_between(tw, "2008-07-01", "2009-12-31") == pytest.approx(-2.375)
    moves = pr.moves_between(tw, "2008-07-01", "2009-12-31")
    assert moves.index[0] == pd.Timestamp("2008-09-25") and moves.index[-1] == pd.Timestamp("2009-02-18")
    assert sorted(moves.round(3).tolist()) == [-0.75, -0.5, -0.25, -0.25, -0.25, -0.25, -0.125]


def test_2022_23_tightening_fed_versus_cbc():
    assert pr.change_between(pr.fed_lower(), "2022-03-16", "2023-07-26") == pytest.approx(5.25)
    assert pr.change_between(pr.taiwan_rate(), "2022-03-16", "2023-07-26") == pytest.approx(0.75)


def test_december_2015_fed_hiked_while_the_cbc_cut():
    fed = pr.moves_between(pr.fed_lower(), "2015-12-01", "2015-12-31")
    cbc = pr.moves_between(pr.taiwan_rate(), "2015-12-01", "2015-12-31")
    assert fed.sum() > 0 > cbc.sum()


def test_first_row_is_a_level_not_a_move():
    tw = pr.taiwan_rate()
    assert pr.moves_between(tw, tw.index[0], tw.index[0]).empty


def test_step_points_cover_the_period():
    x, y = pr.step_points(pr.taiwan_rate(), "2019-01-01", "2024-12-31")
    assert x[0] == np.datetime64("2019-01-01") and x[-1] == np.datetime64("2024-12-31")
    assert y[0] == 1.375 and y[-1] == 2.0 and len(x) == len(y)
    x, y = pr.step_points(pr.taiwan_rate(), "2017-01-01", "2017-12-31")  # no decision inside
    assert list(y) == [1.375, 1.375]


@pytest.mark.parametrize(
    "call",
    [
        lambda: pr.rate_on(pr.taiwan_rate(), "not a date"),
        lambda: pr.moves_between(pr.taiwan_rate(), "2020-01-01", "2019-01-01"),
        lambda: pr.step_points(pr.taiwan_rate(), "2020-01-01", "2020-01-01"),
        lambda: pr.rate_on([1, 2], "2020-01-01"),
    ],
)
def test_bad_input_gives_a_chinese_message(call):
    with pytest.raises(ValueError) as err:
        call()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))


dates = st.dates(min_value=pd.Timestamp("2008-01-01").date(), max_value=pd.Timestamp("2026-06-30").date())


@settings(max_examples=60, deadline=None)
@given(a=dates, b=dates)
def test_net_change_equals_difference_of_levels(a, b):
    a, b = sorted((pd.Timestamp(a), pd.Timestamp(b)))
    for path in (pr.taiwan_rate(), pr.fed_lower()):
        before = pr.rate_on(path, a - pd.Timedelta(days=1))
        assert pr.change_between(path, a, b) == pytest.approx(pr.rate_on(path, b) - before)


# ------------------------------------------------------------------------------------- chapter 5 tables
def test_hk_base_rate_inputs_match_the_fed_table():
    br = load("hk_base_rate_decisions")
    for row in br.itertuples():
        assert pr.rate_on(pr.fed_lower(), row.date) == row.fed_funds_lower_pct


def test_hk_events_use_the_band_signs_consistently():
    ev = load("hk_lers_events")
    strong, weak = ev[ev["side"] == "strong"], ev[ev["side"] == "weak"]
    assert (strong["flow_hkd_bn"].dropna() > 0).all() and (weak["flow_hkd_bn"].dropna() < 0).all()
    assert set(ev["side"]) <= {"peg", "refinement", "strong", "weak", "inflow", "none"}
    assert ev["date"].is_monotonic_increasing
    assert ev.set_index("date").loc["1983-10-17", "side"] == "peg"


def test_hk_2025_sequence_is_recorded():
    ev = load("hk_lers_events").set_index("date")
    assert ev.loc["2025-05-06", "flow_hkd_bn"] == pytest.approx(129.40)
    assert ev.loc["2025-05-06", "aggregate_balance_hkd_bn"] == pytest.approx(174)
    assert ev.loc["2025-06-26", "side"] == "weak"
    # 2008-09: the Monetary Base nearly tripled between October 2008 and October 2010.
    assert ev.loc["2010-10-04", "monetary_base_hkd_bn"] / ev.loc["2008-10-31", "monetary_base_hkd_bn"] > 2.5


def test_sme_quota_grows_and_cbc_fx_signs_match_the_qe_qt_years():
    sme = load("taiwan_sme_facility")
    assert sme["quota_twd_bn"].tolist() == [200, 300, 400]
    fx = load("taiwan_cbc_fx_intervention").set_index("period_start")
    assert fx.loc["2020-01-01", "net_purchase_usd_bn"] > 0 > fx.loc["2022-01-01", "net_purchase_usd_bn"]
    assert (fx["period_end"] > fx.index).all()


def test_twd_closes_agree_with_the_reported_yearly_changes():
    tw = load("taiwan_twd_usd_milestones").set_index("date")["twd_per_usd"]
    assert tw["2019-12-31"] - tw["2020-12-31"] == pytest.approx(1.598)  # 2020: appreciated 1.598
    assert tw["2022-12-30"] - tw["2021-12-30"] == pytest.approx(3.018)  # 2022: depreciated 3.018
    # the reports' "depreciated 9.83%" is the change measured in US dollars per NT dollar
    assert (1 - tw["2021-12-30"] / tw["2022-12-30"]) * 100 == pytest.approx(9.83, abs=0.01)


def test_credit_control_rounds_are_one_to_seven_in_order():
    m = load("taiwan_cbc_measures")
    controls = m[m["kind"] == "selective_credit_control"]
    rounds = controls.dropna(subset=["round"])
    assert rounds["round"].tolist() == list(range(1, 8))
    assert rounds["date"].is_monotonic_increasing
    # the CBC numbers its rounds from December 2020; the earlier rounds (1989, 2010) are kept unnumbered
    earlier = controls[controls["round"].isna()]
    assert (earlier["date"] < "2020-12-01").all() and len(earlier) >= 2
    assert rounds["date"].min() == pd.Timestamp("2020-12-07")


def test_credit_history_includes_the_2010_rate_rise_and_the_reserve_ratio_rises():
    m = load("taiwan_cbc_measures").set_index("date")
    tw = pr.taiwan_rate()
    # the 2010-06-24 round came with a rate rise aimed partly at housing
    assert "2010-06-24" in m.index.strftime("%Y-%m-%d")
    assert pr.change_between(tw, "2010-06-01", "2010-06-30") == pytest.approx(0.125)
    rises = m[m["measure"].str.contains("準備率") & m["measure"].str.contains("調升")].index.year.tolist()
    assert rises.count(2022) == 2 and rises.count(2024) == 2
    assert (m["kind"] == "hot_money").any() and (m.index.max() >= pd.Timestamp("2025-12-18"))


def test_fed_path_agrees_with_effective_rate_reference(reference):
    """The effective federal funds rate (FRED FEDFUNDS, monthly) sits near the target the explorer draws."""
    eff = read_reference(reference, "FEDFUNDS")
    if eff.empty:
        pytest.skip("FEDFUNDS reference not present")
    lo, hi = pr.fed_lower(), pr.fed_upper()
    checked = 0
    for month, value in eff["2009-01-01":"2025-11-01"].items():
        mid = month + pd.Timedelta(days=14)
        if pr.moves_between(lo, month, month + pd.offsets.MonthEnd(0)).empty:  # no decision that month
            assert pr.rate_on(lo, mid) - 0.15 <= value <= pr.rate_on(hi, mid) + 0.15, month
            checked += 1
    assert checked > 150


def test_hk_base_rate_fed_inputs_agree_with_effective_rate_reference(reference):
    eff = read_reference(reference, "FEDFUNDS")
    if eff.empty:
        pytest.skip("FEDFUNDS reference not present")
    br = load("hk_base_rate_decisions")
    for row in br.itertuples():
        following = eff[row.date + pd.offsets.MonthBegin(1) :].iloc[0]  # next month's average
        # within the target range, give or take one 25 bp decision during that month
        assert row.fed_funds_lower_pct - 0.25 <= following <= row.fed_funds_lower_pct + 0.25 + 0.1


def test_moves_table_lists_each_decision_with_its_bank_and_no_float_noise():
    t = pr.moves_table({"聯準會": pr.fed_lower(), "台灣央行": pr.taiwan_rate()}, "2015-12-01", "2015-12-31")
    assert t.values.tolist() == [
        [pd.Timestamp("2015-12-16").date(), "聯準會", 0.25],
        [pd.Timestamp("2015-12-17").date(), "台灣央行", -0.125],
    ]
    assert pr.moves_table({"x": pr.taiwan_rate()}, "2019-01-01", "2019-06-30").empty
