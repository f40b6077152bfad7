"""Chapter 4's real-series helpers (helpers.market_series) on the shipped FRED snapshot."""

import pandas as pd
import pytest

from helpers import market_series as ms
from helpers.data import load


def test_taper_tantrum_has_one_definition_from_the_day_before_the_testimony():
    tt = ms.taper_tantrum()
    assert tt["start_date"] == pd.Timestamp("2013-05-21")
    assert tt["peak_date"] <= pd.Timestamp("2013-09-17") and tt["peak_date"] >= pd.Timestamp("2013-05-22")
    assert tt["rise_pp"] == pytest.approx(tt["peak_pct"] - tt["start_pct"], abs=0.005)
    assert 0.8 < tt["rise_pp"] < 1.3


def test_window_changes_nominal_is_close_to_real_plus_breakeven():
    df = ms.window_changes()
    assert list(df["window"]) == [w[0] for w in ms.PROGRAMME_WINDOWS]
    gap = (df["DGS10"] - df["DFII10"] - df["T10YIE"]).abs()
    assert (gap <= 0.1).all()
    late_qt1 = df.set_index("window").loc["QT1 後段"]
    assert late_qt1["DGS10"] < 0 and late_qt1["DGS2"] < 0, "yields fell in late QT1"
    assert (df.set_index("window").loc[["QE1", "QE2", "QE3"], "DGS10"] > 0).all(), "and rose over QE1–QE3"


def test_announcement_changes_are_one_day_moves():
    df = ms.announcement_changes()
    assert df.set_index("date").loc["2009-03-18", "change_pp"] == pytest.approx(-0.51, abs=0.005)
    assert (df["change_pp"].abs() < 1).all()
    with pytest.raises(ValueError):
        ms.announcement_changes([("2009-03-21", "a Saturday")])


@pytest.mark.parametrize("basis", ["dec", "avg"])
def test_money_vs_prices_uses_one_basis_for_both(basis):
    df = ms.money_vs_prices(basis=basis).set_index("year")
    assert df.loc[2020, "m2_pct"] > 15 and df.loc[2021, "cpi_pct"] > 4
    if basis == "dec":
        assert df.loc[2020, "m2_pct"] == pytest.approx(
            load("market_annual").set_index("year").loc[2020, "m2_growth_pct"], abs=0.15
        )
    with pytest.raises(ValueError):
        ms.money_vs_prices(basis="mixed")


def test_m2_peak_label_matches_the_series():
    date, level = ms.m2_peak("2024-12-31")
    assert date == pd.Timestamp("2022-03-01")
    money = load("market_money").set_index("date")
    assert "最高點" not in money.loc["2022-03-01", "event"] or level >= money["m2_usd_bn"].max()


def test_fed_total_assets_is_weekly_in_billions():
    s = ms.fed_total_assets("2022-04-01", "2022-04-30")
    assert 8500 < s.max() < 9100 and len(s) >= 4
