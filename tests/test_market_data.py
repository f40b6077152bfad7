"""The market-effects tables: shape, internal consistency, and agreement with the FRED reference series."""

import pandas as pd
import pytest

from helpers.data import load
from tests.conftest import read_reference

TABLES = [
    "market_yields",
    "market_mortgage_rates",
    "market_annual",
    "market_cpi",
    "market_money",
    "market_velocity",
    "market_fiscal_relief",
    "market_findings",
]


@pytest.mark.parametrize("name", TABLES)
def test_every_row_names_a_primary_source(name):
    df = load(name)
    assert len(df) >= 4
    assert (df["source"].str.len() > 15).all()


def test_brief_milestones_are_there():
    y = load("market_yields").set_index("date")["ust10y_pct"]
    assert 1.6 <= y["2013-05-02"] <= 1.7 and 2.9 <= y["2013-09-05"] <= 3.05  # the taper tantrum
    assert y.min() == y["2020-08-04"]  # the 2020 low
    assert y["2023-10-19"] == y[y.index >= "2022-01-01"].max() and 4.9 < y["2023-10-19"] < 5.05
    m = load("market_mortgage_rates").set_index("date")["mortgage30_pct"]
    assert m.min() == m["2021-01-07"] == 2.65
    assert m["2022-10-27"] > 7 and m["2023-10-26"] > 7
    cpi = load("market_cpi").set_index("date")["cpi_yoy_pct"]
    assert cpi.max() == cpi["2022-06-01"] == 9.1


def test_mortgage_dates_have_a_treasury_yield_for_the_spread():
    y = set(load("market_yields")["date"])
    missing = [d for d in load("market_mortgage_rates")["date"] if d not in y]
    assert not missing, f"add the 10-year yield on {missing} to market_yields"


def test_annual_table_is_complete_and_average_is_about_1_6():
    a = load("market_annual").set_index("year")
    assert list(a.index) == list(range(2008, 2025))
    assert 1.5 <= a.loc[2009:2019, "cpi_avg_pct"].mean() <= 1.8
    assert a.loc[2020, "m2_growth_pct"] > 20 > a.loc[2009:2019, "m2_growth_pct"].max()


def test_fiscal_relief_adds_up():
    f = load("market_fiscal_relief").set_index("law")
    assert f.loc["CARES Act", "deficit_usd_bn"] == 988 + 446 + 326
    pandemic = f[f["enacted"] >= "2020-01-01"]["deficit_usd_bn"].sum()
    assert pandemic > 5 * f.loc["American Recovery and Reinvestment Act (ARRA)", "deficit_usd_bn"]


# --------------------------------------------------------------------------- against the reference series
def test_yields_match_h15(reference):
    y = load("market_yields").set_index("date")
    for col, sid in (("ust10y_pct", "DGS10"), ("ust2y_pct", "DGS2"), ("breakeven10y_pct", "T10YIE")):
        ref = read_reference(reference, sid)
        for date, value in y[col].dropna().items():
            assert date in ref.index, f"{sid} has no observation on {date.date()}"
            assert value == pytest.approx(ref[date], abs=0.005), f"{col} on {date.date()}"


def test_yield_extremes_are_extremes(reference):
    ref = read_reference(reference, "DGS10")
    assert ref.idxmin() == pd.Timestamp("2020-08-04")
    assert ref["2022":"2023"].idxmax() == pd.Timestamp("2023-10-19")
    tt = ref["2013-05-01":"2013-10-31"]
    assert tt.idxmax() == pd.Timestamp("2013-09-05")
    be = read_reference(reference, "T10YIE")
    assert be["2020"].idxmin() == pd.Timestamp("2020-03-19")
    assert be.idxmax() == pd.Timestamp("2022-04-21")


def test_cpi_milestones_match_the_index(reference):
    """The table holds BLS's published NSA 12-month changes; the reference is the SA index, so allow 0.25."""
    ref = read_reference(reference, "CPIAUCSL")
    yoy = (ref / ref.shift(12) - 1) * 100
    for date, value in load("market_cpi").set_index("date")["cpi_yoy_pct"].items():
        assert value == pytest.approx(yoy[date], abs=0.25), date.date()
    peak = yoy["2021":"2023"].idxmax()
    assert peak == pd.Timestamp("2022-06-01")


def test_cpi_annual_averages_match_the_index(reference):
    ref = read_reference(reference, "CPIAUCSL")
    annual = ref.groupby(ref.index.year).mean()
    change = (annual / annual.shift(1) - 1) * 100
    for year, value in load("market_annual").set_index("year")["cpi_avg_pct"].items():
        assert value == pytest.approx(change[year], abs=0.15), year
    assert 1.5 < change.loc[2009:2019].mean() < 1.7


def test_m2_matches_h6(reference):
    ref = read_reference(reference, "M2SL")
    yoy = (ref / ref.shift(12) - 1) * 100
    money = load("market_money").set_index("date")
    for date, row in money.iterrows():
        assert row["m2_usd_bn"] == pytest.approx(ref[date], rel=0.002), date.date()
        assert row["m2_yoy_pct"] == pytest.approx(yoy[date], abs=0.06), date.date()
    assert yoy.idxmax() == pd.Timestamp("2021-02-01")
    assert ref["2021":"2024"].idxmax() == pd.Timestamp("2022-03-01")
    assert yoy["2022":"2024"].idxmin() == pd.Timestamp("2023-04-01")
    dec = ref[ref.index.month == 12]
    growth = (dec / dec.shift(1) - 1) * 100
    for year, value in load("market_annual").set_index("year")["m2_growth_pct"].items():
        assert value == pytest.approx(growth[pd.Timestamp(f"{year}-12-01")], abs=0.06), year


def test_velocity_is_consistent_with_m2(reference):
    """velocity × quarterly-average M2 = nominal GDP (annual rate): it must be a plausible U.S. GDP."""
    ref = read_reference(reference, "M2SL")
    for date, v in load("market_velocity").set_index("date")["m2_velocity"].items():
        avg = ref[date : date + pd.DateOffset(months=2)].mean()
        gdp = v * avg
        assert 19_000 < gdp < 31_000, (date.date(), gdp)


def test_findings_tell_a_consistent_story():
    f = load("market_findings").set_index("id")["value"]
    assert f["btc_sp500_corr_2020_2021"] > 10 * f["btc_sp500_corr_2017_2019"]
    assert f["lsap1_term_premium_low_bp"] < f["lsap1_term_premium_high_bp"]
    assert f["usd_broad_2022_09_23"] > f["usd_broad_record_2020_03"]
    assert 0.15 < 1 - f["inr_per_usd_2013_06"] / f["inr_per_usd_2013_08_29"] < 0.18
