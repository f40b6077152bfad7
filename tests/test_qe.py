"""Chapter 1 helpers (helpers.qe), its data tables and the QE simulator (helpers.widgets.qe)."""

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import qe
from helpers.data import load
from tests.conftest import read_reference


# ------------------------------------------------------------------------------------- T-accounts
@settings(max_examples=150, deadline=None)
@given(st.floats(0, qe.MAX_PURCHASE_USD_BN), st.floats(0, 1), st.sampled_from(["bank", "public"]))
def test_simulator_model_keeps_the_identity_at_every_setting(size, share, seller):
    result = qe.qe_purchase(size, share, seller)
    assert result["after"].problems() == []
    assert result["reserves_created"] == pytest.approx(size, abs=1e-6)
    fed = result["changes"]["fed"]
    assert "currency" not in fed["liabilities"]
    assert sum(fed["assets"].values()) == pytest.approx(sum(fed["liabilities"].values()), abs=1e-6)


def test_purchase_mix_splits_treasuries_and_mbs():
    ch = qe.qe_purchase(500, 0.6, "bank")["changes"]
    assert ch["fed"]["assets"] == pytest.approx({"treasuries": 300, "mbs": 200})
    assert ch["banks"]["assets"] == pytest.approx({"reserves": 500, "treasuries": -300, "mbs": -200})
    assert qe.qe_purchase(0, 0.5)["changes"]["fed"] == {"assets": {}, "liabilities": {}}


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"size_usd_bn": -5}, "負數"),
        ({"size_usd_bn": 5000}, "最多"),
        ({"size_usd_bn": "500"}, "數字"),
        ({"size_usd_bn": 100, "treasury_share": 60}, "百分比"),
        ({"size_usd_bn": 100, "treasury_share": -0.1}, "0 到 1"),
        ({"size_usd_bn": 100, "seller": "dealer"}, "seller"),
    ],
)
def test_bad_simulator_inputs_are_explained(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        qe.qe_purchase(**kwargs)


# ---------------------------------------------------------------------------------- yield effects
def test_estimates_are_normalised_per_100bn():
    est = qe.yield_effect_estimates()
    assert len(est) >= 5 and est["study"].is_unique
    expected = est["fall_max_bp"] / est["programme_size_usd_bn"] * 100
    assert np.allclose(est["per100_max_bp"], expected)
    assert (est["per100_min_bp"] <= est["per100_max_bp"]).all()
    assert est["per100_min_bp"].between(0.5, 20).all() and est["per100_max_bp"].between(0.5, 20).all()
    for authors in ("Gagnon", "Krishnamurthy", "D'Amico", "Ihrig", "Bonis"):
        assert est["authors"].str.contains(authors).any(), authors
    assert est["normalisation"].str.contains("課程自行換算").all(), "say which numbers are our normalisation"


def test_yield_range_is_a_range_and_scales_with_size():
    r100, r500 = qe.yield_effect_range(100), qe.yield_effect_range(500)
    assert r100.low < r100.high < 0, "a purchase lowers yields, and the estimates differ: a range, not a point"
    assert r500.low == pytest.approx(5 * r100.low) and r500.high == pytest.approx(5 * r100.high)
    assert qe.yield_effect_range(0) == (0.0, 0.0)
    est = qe.yield_effect_estimates()
    assert r100.low == pytest.approx(-est["per100_max_bp"].max())
    assert r100.high == pytest.approx(-est["per100_min_bp"].min())


def test_study_effects_span_the_range():
    per = qe.study_effects(700)
    rng = qe.yield_effect_range(700)
    assert per["low_bp"].min() == pytest.approx(rng.low) and per["high_bp"].max() == pytest.approx(rng.high)
    assert (per["low_bp"] <= per["high_bp"]).all()
    with pytest.raises(ValueError, match="負數"):
        qe.yield_effect_range(-1)


# -------------------------------------------------------------------------------------- 2020 speed
def test_speed_2020_vs_2008():
    """In dollars 2020 was about twice as fast; relative to the starting size 2008 was faster."""
    t = qe.speed_table(13).set_index("episode")
    assert t.loc["2020", "per_week_usd_bn"] > 1.8 * t.loc["2008", "per_week_usd_bn"]
    assert t.loc["2008", "increase_pct"] > t.loc["2020", "increase_pct"]
    assert t.loc["2020", "start"] == pd.Timestamp("2020-03-11")
    with pytest.raises(ValueError, match="週"):
        qe.episode_growth("2020", 7)
    with pytest.raises(ValueError, match="2008"):
        qe.episode_growth("1999")


def test_2008_jump_was_lending_2020_was_purchases():
    share = qe.securities_share().set_index("date")["securities_pct"]
    assert share[pd.Timestamp("2008-12-10")] < 30
    assert share[pd.Timestamp("2020-06-24")] > 80


def test_banknotes_explain_little_of_the_2020_growth():
    out = qe.currency_share_of_growth(2019, 2021)
    assert 0 < out["share_pct"] < 15
    assert out["assets_increase_usd_bn"] > 4000
    with pytest.raises(ValueError, match="2010"):
        qe.currency_share_of_growth(2010, 2021)


# ------------------------------------------------------------------------------------------ data
def test_h41_weekly_matches_walcl_within_one_percent(reference):
    walcl = read_reference(reference, "WALCL") / 1000  # USD mn → bn
    table = load("qe_h41_weekly").set_index("date")["total_assets_usd_bn"]
    for date, value in table.items():
        assert date in walcl.index, f"{date.date()} is not an H.4.1 Wednesday in WALCL"
        assert abs(value - walcl[date]) / walcl[date] < 0.01, (date, value, walcl[date])


def test_h41_weekly_agrees_with_the_course_milestones():
    mine = load("qe_h41_weekly").set_index("date")["total_assets_usd_bn"]
    milestones = load("fed_balance_sheet_milestones").set_index("date")["total_assets_usd_bn"]
    common = mine.index.intersection(milestones.index)
    assert len(common) >= 3
    assert (abs(mine[common] - milestones[common]) <= 1).all()


def test_real_2017_balance_sheet_matches_on_rrp(reference):
    rrp = read_reference(reference, "RRPONTSYD")
    table = load("qe_fed_balance_sheet_2017").set_index("item")["amount_usd_bn"]
    assert abs(table["on_rrp"] - rrp[pd.Timestamp("2017-04-26")]) < 1.5


def test_2020_decisions_table():
    d = load("qe_2020_decisions").set_index(["date", "central_bank"])
    assert d.loc[(pd.Timestamp("2020-03-15"), "Fed"), "amount_usd_bn"] == 700
    assert d.loc[(pd.Timestamp("2020-03-23"), "Fed"), "open_ended"] == 1
    assert "in the amounts needed" in d.loc[(pd.Timestamp("2020-03-23"), "Fed"), "decision"]
    pepp = d.xs("ECB", level="central_bank")["amount_eur_bn"].sort_index()
    assert list(pepp) == [750, 1350, 1850]
    boj = d.xs("BOJ", level="central_bank")
    assert set(boj.index) == {pd.Timestamp("2020-03-16"), pd.Timestamp("2020-04-27")}
    fed = d.xs("Fed", level="central_bank")
    assert fed.loc[pd.Timestamp("2020-06-10"), "monthly_usd_bn"] == 120


def test_liabilities_share_components_add_up_and_tell_the_story():
    df = load("qe_fed_liabilities_gdp").set_index("quarter")
    parts = df[["reserves_pct_gdp", "other_liabilities_pct_gdp", "tga_pct_gdp", "currency_pct_gdp"]].sum(axis=1)
    assert (abs(parts - df["total_pct_gdp"]) <= 0.15).all()
    assert df.loc["2007Q2", "reserves_pct_gdp"] < 0.05 * df.loc["2007Q2", "currency_pct_gdp"]
    assert df.loc["2014Q3", "reserves_pct_gdp"] > 2 * df.loc["2014Q3", "currency_pct_gdp"]
    growth_reserves = df.loc["2014Q3", "reserves_pct_gdp"] - df.loc["2008Q2", "reserves_pct_gdp"]
    growth_currency = df.loc["2014Q3", "currency_pct_gdp"] - df.loc["2008Q2", "currency_pct_gdp"]
    assert growth_reserves > 5 * growth_currency


def test_capped_vs_open_table_compares_every_point():
    df = load("qe_capped_vs_open")
    assert len(df) >= 6
    assert (df["capped"].str.len() > 3).all() and (df["open_ended"].str.len() > 3).all()


# ------------------------------------------------------------------------------------------ widget
def test_simulator_updates_and_reports_a_range():
    from helpers.widgets import qe as widget

    sim = widget.qe_simulator()
    assert set(sim.controls) == {"size", "treasury_pct", "seller"}
    sim.update(size=500, treasury_pct=60, seller="public")
    text = sim.summary.value
    rng = qe.yield_effect_range(500)
    assert f"{-rng.high:,.1f} 到 {-rng.low:,.1f}" in text
    assert "準備金：+500" in text
    assert sim.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    sim.update(size=0, treasury_pct=0, seller="bank")
    assert "準備金：+0" in sim.summary.value


def test_simulator_speed_is_measured():
    """Goal: p95 ≤ 50 ms on an idle machine. Measured here over 50 moves; the bound is loose because CI and
    shared machines are slower — the numbers are printed for the report (pytest -s)."""
    from helpers.widgets import qe as widget

    sim = widget.qe_simulator()
    rng = np.random.default_rng(1)
    times = []
    for i in range(50):
        t = time.perf_counter()
        sim.update(
            size=float(rng.integers(0, 61) * 50),
            treasury_pct=float(rng.integers(0, 21) * 5),
            seller=("bank", "public")[i % 2],
        )
        times.append((time.perf_counter() - t) * 1000)
    p50, p95 = np.percentile(times, [50, 95])
    print(f"qe_simulator update: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    assert p50 < 1000


def _pixels(png_bytes):
    import io

    import PIL.Image

    return np.asarray(PIL.Image.open(io.BytesIO(png_bytes)).convert("RGB"), dtype=int)


def test_first_display_matches_a_full_redraw():
    """The first image must not mix a static layer drawn with other margins (the old misalignment)."""
    from helpers.widgets import qe as qe_widget

    sim = qe_widget.qe_simulator()
    first = _pixels(sim.image.value)
    for artist in sim._state["moving"]:
        artist.set_animated(False)
    sim.canvas.draw()
    buf = io_png(sim)
    diff = np.abs(first - _pixels(buf)).max(axis=2)
    assert (diff > 40).mean() < 0.002, "first display differs from a full redraw"
    assert sim.figure.subplotpars.left == pytest.approx(0.07)


def io_png(sim):
    import io

    import PIL.Image

    w, h = sim.canvas.get_width_height()
    image = PIL.Image.frombuffer("RGBA", (w, h), sim.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.save(out, format="png")
    return out.getvalue()


def test_toolkit_2020_adds_up_to_reserve_bank_credit():
    t = qe.toolkit_2020()
    assert t["金額（十億美元）"].sum() == pytest.approx(6916.5, abs=0.5)  # H.4.1 Reserve Bank credit 6,916.542
    assert t["佔比（%）"].sum() == pytest.approx(100, abs=0.5)
    backed = t[t["財政部是否出資承擔損失"].str.startswith("有")]["工具"].str.cat()
    for name in ("CPFF", "MMLF", "MSLP", "MLF", "TALF", "PMCCF"):
        assert name in backed
    assert not t[t["工具"].str.startswith(("PDCF", "PPPLF"))]["財政部是否出資承擔損失"].str.startswith("有").any()
    groups = qe.toolkit_by_group()
    assert groups.index[0] == "QE 買進的證券" and groups["佔比（%）"].iloc[0] > 85


def test_purchases_2020_is_about_2_2_trillion_not_3():
    assert qe.purchases_2020() == pytest.approx(2246.0, abs=1)
    with pytest.raises(ValueError, match="細項"):
        qe.purchases_2020("2020-04-08", "2020-06-24")


def test_central_bank_costs_table_shows_no_nan():
    t = qe.central_bank_costs()
    assert not t.isna().any().any() and "—" in set(t["金額"])
    assert "133.3 USD bn" in set(t["金額"])
