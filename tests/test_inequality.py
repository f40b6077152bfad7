"""helpers.inequality: the K-shape toy simulation is deterministic, uses the data, and responds sensibly."""

from dataclasses import replace

import pytest

from helpers import inequality
from helpers.data import load


def test_same_seed_same_result_and_seed_matters():
    a = inequality.simulate(seed=7)
    b = inequality.simulate(seed=7)
    c = inequality.simulate(seed=8)
    assert a.equals(b)
    assert not a.equals(c)


def test_inflation_and_checks_come_from_data():
    r = inequality.Assumptions().resolved()
    annual = load("market_annual").set_index("year")["cpi_avg_pct"]
    assert r.inflation_pct == tuple(annual[y] for y in r.years)
    assert r.checks_usd[0] == 1200 and r.checks_usd[1] == 600 + 1400


def test_k_shape_in_dollars():
    df = inequality.simulate()
    rich = inequality.value(df, "資產族", 2021, "real_wealth_change_usd")
    poor = inequality.value(df, "薪資族", 2021, "real_wealth_change_usd")
    assert rich > 10 * poor > 0
    assert inequality.value(df, "資產族", 2019, "real_wealth_index") == 100


def test_real_below_nominal_when_prices_rise():
    df = inequality.simulate()
    for g in inequality.GROUPS:
        assert inequality.value(df, g, 2022, "real_wealth_index") < inequality.value(
            df, g, 2022, "nominal_wealth_index"
        )


def test_no_shock_no_difference_in_percent():
    same = inequality.Group(
        wage_usd=50_000,
        wealth_usd=50_000,
        asset_share_pct=50,
        saving_rate_pct=10,
        job_loss_pct=(0, 0, 0, 0),
        gets_checks=False,
    )
    a = replace(
        inequality.Assumptions(), groups={"資產族": same, "薪資族": same}, asset_noise_pp=0.0, wage_noise_pp=0.0
    )
    df = inequality.simulate(a)
    for year in (2020, 2023):
        assert inequality.value(df, "資產族", year, "real_wealth_index") == pytest.approx(
            inequality.value(df, "薪資族", year, "real_wealth_index")
        )


def test_higher_asset_returns_help_asset_holders_more():
    base = inequality.simulate()
    boom = inequality.simulate(replace(inequality.Assumptions(), asset_return_pct=(24.0, 32.0, 2.0, 24.0)))
    gain = {
        g: inequality.value(boom, g, 2023, "real_wealth_change_usd")
        - inequality.value(base, g, 2023, "real_wealth_change_usd")
        for g in inequality.GROUPS
    }
    assert gain["資產族"] > 20 * gain["薪資族"] > 0


def test_bad_assumptions_and_lookups():
    with pytest.raises(ValueError, match="一樣長"):
        inequality.simulate(replace(inequality.Assumptions(), deposit_rate_pct=(1.0,)))
    with pytest.raises(ValueError, match="沒有這些年份"):
        inequality.simulate(
            replace(
                inequality.Assumptions(),
                years=(2030,),
                asset_return_pct=(1.0,),
                deposit_rate_pct=(1.0,),
                wage_growth_pct=(1.0,),
                replacement_pct=(50.0,),
            )
        )
    df = inequality.simulate(households=20)
    with pytest.raises(ValueError, match="組別"):
        inequality.value(df, "中產", 2021, "real_wealth_index")
    with pytest.raises(ValueError, match="沒有 2030 年"):
        inequality.value(df, "資產族", 2030, "real_wealth_index")
    with pytest.raises(ValueError, match="至少要有 1 戶"):
        inequality.simulate(households=0)


def test_tables_for_the_notebook():
    t = inequality.assumptions_table()
    assert list(t.index) == [2020, 2021, 2022, 2023]
    assert t["CPI 漲幅 %（資料）"].tolist() == list(inequality.Assumptions().resolved().inflation_pct)
    g = inequality.groups_table()
    assert list(g.columns) == list(inequality.GROUPS) and "年薪（美元）" in g.index
