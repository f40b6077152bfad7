"""Chapter 3 (history): the data tables, the schedule-based rebuild of the Fed's balance sheet, the joint timeline,
and the timeline explorer widget."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import history
from helpers.data import load
from tests.conftest import read_reference

TABLES = [
    "history_events",
    "history_fed_purchases",
    "boj_policy",
    "ecb_programmes",
    "boe_programmes",
    "central_bank_balance_sheets",
]
VERIFIED = {"yes", "secondary", "frame", "no"}


# ------------------------------------------------------------------------------------------------ data
@pytest.mark.parametrize("name", TABLES)
def test_tables_load_with_sources_and_verification_flags(name):
    df = load(name)
    assert len(df) >= 10
    assert (df["source"].str.len() > 10).all()
    assert set(df["verified"]) <= VERIFIED


def test_balance_sheet_fed_rows_match_the_h41_milestones():
    bs = history.balance_sheets("fed").set_index("date")["amount_lc_bn"]
    ms = load("fed_balance_sheet_milestones").set_index("date")["total_assets_usd_bn"]
    for date, value in bs.items():
        assert value == ms[date]


def test_every_bank_has_balance_sheet_milestones_and_gdp_is_plausible():
    bs = history.balance_sheets()
    assert set(bs["bank"]) == set(history.BANKS)
    assert (bs["pct_gdp"] > 3).all() and (bs["pct_gdp"] < 200).all()
    currencies = bs.groupby("bank")["currency"].unique()
    assert {b: list(c) for b, c in currencies.items()} == {
        "boe": ["GBP"],
        "boj": ["JPY"],
        "ecb": ["EUR"],
        "fed": ["USD"],
    }


def test_boj_current_account_targets_only_rise_until_the_exit():
    boj = load("boj_policy")
    qe = boj[boj["date"] < "2006-03-09"].dropna(subset=["current_account_high_jpy_tn"])
    assert qe["date"].is_monotonic_increasing
    assert qe["current_account_high_jpy_tn"].is_monotonic_increasing
    assert qe["current_account_low_jpy_tn"].iloc[0] == 5 and qe["current_account_high_jpy_tn"].iloc[-1] == 35
    exit_row = boj[boj["date"] == "2024-03-19"].iloc[0]
    assert exit_row["measure"] == "exit" and exit_row["etf_annual_jpy_tn"] == 0


def test_pepp_envelope_grows_and_app_starts_at_60():
    ecb = load("ecb_programmes")
    pepp = ecb[ecb["programme"] == "PEPP"].dropna(subset=["envelope_eur_bn"]).sort_values("announced")
    assert pepp["envelope_eur_bn"].tolist() == [750, 1350, 1850]
    app = ecb[(ecb["programme"] == "APP") & (ecb["announced"] == "2015-01-22")].iloc[0]
    assert app["net_purchases_eur_bn_per_month"] == 60


def test_boe_stock_targets_add_up():
    boe = load("boe_programmes").dropna(subset=["change_gbp_bn"]).sort_values("date").reset_index(drop=True)
    qe = boe[boe["change_gbp_bn"] > 0]
    assert (qe["stock_target_gbp_bn"].diff().dropna() == qe["change_gbp_bn"].iloc[1:]).all()
    assert qe["stock_target_gbp_bn"].max() == 895
    qt = boe[boe["change_gbp_bn"] < 0]
    assert (qt["stock_target_gbp_bn"].diff().dropna() == qt["change_gbp_bn"].iloc[1:]).all()


def test_purchase_schedule_matches_programme_totals():
    programs = load("fed_programs").set_index("name")
    for name in ("QE1", "QE2"):
        assert history.programme_purchases(name) == pytest.approx(programs.loc[name, "total_usd_bn"])
    twist = history.purchase_schedule()
    assert twist.loc[twist["asset"] == "twist", "daily_usd_bn"].eq(0).all(), "the twist is zero net"


def test_taper_2014_steps_down_by_ten_billion_per_meeting():
    s = history.purchase_schedule()
    taper = s[s["programme"] == "2014 taper"].groupby("start")["monthly_usd_bn"].sum()
    assert taper.iloc[0] == 75 and (taper.diff().dropna() == -10).all() and taper.iloc[-1] == 15


def test_qe3_total_about_one_point_six_trillion():
    total = history.programme_purchases("QE3")
    assert 1550 < total < 1650
    by_hand = (
        40 * ((pd.Timestamp("2012-12-31") - pd.Timestamp("2012-09-14")).days + 1) + 85 * 365
    ) / history.DAYS_PER_MONTH + history.programme_purchases("2014 taper")
    assert total == pytest.approx(by_hand)


def test_bad_programme_and_dates_give_chinese_messages():
    with pytest.raises(ValueError, match="時間表裡沒有"):
        history.programme_purchases("QE9")
    with pytest.raises(ValueError, match="不是資料裡的里程碑"):
        history.rebuild_fed_balance_sheet(start="2010-01-06")
    with pytest.raises(ValueError, match="看不懂"):
        history.rebuild_fed_balance_sheet(start="yesterday-ish")
    with pytest.raises(ValueError, match="終點必須晚於起點"):
        history.rebuild_fed_balance_sheet(start="2014-10-29", end="2014-01-01")
    with pytest.raises(ValueError, match="正數"):
        history.rebuild_fed_balance_sheet(mbs_runoff_usd_bn=-5)
    with pytest.raises(ValueError, match="沒有「QE」這個時期"):
        history.era_window("QE")
    with pytest.raises(ValueError, match="央行"):
        history.balance_sheets("snb")


# ------------------------------------------------------------------------------------------- the rebuild
def test_rebuild_starts_at_the_sourced_level_and_flows_accumulate():
    rb = history.rebuild_fed_balance_sheet()
    assert rb["rebuilt_usd_bn"].iloc[0] == 865
    assert (rb["purchases_usd_bn"].diff().dropna() >= -1e-9).all()
    assert (rb["runoff_usd_bn"].diff().dropna() >= -1e-9).all()
    assert np.allclose(rb["rebuilt_usd_bn"], 865 + rb["purchases_usd_bn"] - rb["runoff_usd_bn"])


@settings(max_examples=25, deadline=None)
@given(level=st.floats(100, 10000), m1=st.floats(0, 35), m2=st.floats(0, 35))
def test_rebuild_is_linear_in_start_level_and_falls_with_faster_mbs_runoff(level, m1, m2):
    lo, hi = sorted((m1, m2))
    a = history.rebuilt_level("2025-11-26", start="2022-06-01", start_level=level, mbs_runoff_usd_bn=lo)
    b = history.rebuilt_level("2025-11-26", start="2022-06-01", start_level=level, mbs_runoff_usd_bn=hi)
    assert b <= a + 1e-9
    base = history.rebuilt_level("2025-11-26", start="2022-06-01", mbs_runoff_usd_bn=lo)
    assert a - base == pytest.approx(level - 8915)


def test_runoff_at_caps_over_qt2_sums_the_cap_schedule():
    # 3 months at 47.5, 21 at 95, 10 at 60, 8 at 40 = 3,057.5; daily spreading lands within a day's flow of it
    days = history.rebuild_fed_balance_sheet(start="2022-06-01", end="2025-11-30", freq="D")
    assert days["runoff_usd_bn"].iloc[-1] == pytest.approx(3057.5, abs=4)


def test_compare_shows_the_2008_miss_and_the_qe3_fit():
    cmp = history.compare_with_milestones().set_index("date")
    assert cmp.loc["2008-12-17", "gap_usd_bn"] > 1000, "emergency lending is not in the schedule"
    ch = history.milestone_changes().set_index("end")
    qe3 = ch.loc["2014-10-29"]
    assert abs(qe3["unexplained_usd_bn"]) < 0.05 * abs(qe3["actual_change_usd_bn"])
    assert ch.loc["2020-06-10", "unexplained_usd_bn"] > 1000, "2020 purchases far above the announced minimum"
    assert (ch["reason"].str.len() > 10).all()


def test_implied_mbs_runoff_closes_the_qt2_gap():
    m = history.implied_mbs_runoff()
    assert 0 < m < 35
    assert history.rebuilt_level("2025-11-26", start="2022-06-01", mbs_runoff_usd_bn=m) == pytest.approx(6552, abs=0.5)


def test_implied_mbs_runoff_refuses_a_window_it_cannot_explain():
    with pytest.raises(ValueError, match="不是 MBS 造成的"):
        history.implied_mbs_runoff(start="2020-03-11", end="2020-06-10")


def test_schedule_explains_qe2_and_qe3_against_walcl(reference):
    """The announced paces reproduce the real change in total assets in the two calm QE rounds (within 10%: other items moved too)."""
    walcl = read_reference(reference, "WALCL") / 1000
    for programme, a, b in (("QE2", "2010-11-10", "2011-06-29"), ("QE3", "2012-09-12", "2014-10-29")):
        actual = walcl[b] - walcl[a]
        scheduled = history.programme_purchases(programme, start=a, end=b)
        assert abs(scheduled / actual - 1) < 0.10, (programme, scheduled, actual)


# ------------------------------------------------------------------------------------ the joint timeline
def test_programmes_cover_four_banks_sorted_with_known_kinds():
    p = history.programmes()
    assert set(p["bank"]) == set(history.BANKS)
    assert p["date"].is_monotonic_increasing
    assert set(p["kind"]) <= set(history.KIND_ZH)
    assert p["size"].str.len().min() >= 1


def test_window_includes_programmes_still_running():
    rows = history.programmes_in_window("2013-06-01", "2013-06-30", bank="fed")
    assert "QE3" in set(rows["name"])


def test_first_qt_decision_of_the_exit_era_is_the_bank_of_england():
    first = history.first_in_era("exit", kind="QT")
    assert first["bank"] == "boe" and first["date"] == pd.Timestamp("2022-02-03")
    with pytest.raises(ValueError, match="沒有「縮表」類"):
        history.first_in_era("japan_2001", kind="QT")


def test_eras_are_ordered_windows():
    for key in history.ERAS:
        a, b = history.era_window(key)
        assert a < b


def test_events_are_sorted_and_dated_inside_the_chapter():
    ev = history.events()
    assert ev["date"].is_monotonic_increasing
    assert ev["date"].min() >= pd.Timestamp("2008-01-01")
    taper_tantrum = history.events("2013-05-01", "2013-06-30")
    assert len(taper_tantrum) == 2


@pytest.mark.parametrize("amount, gdp, pct", [(50, 200, 25.0), (714.56, 535.72, 133.38)])
def test_pct_of_gdp(amount, gdp, pct):
    assert history.pct_of_gdp(amount, gdp) == pytest.approx(pct, abs=0.01)


@pytest.mark.parametrize("gdp", [0, -1, "abc", float("nan")])
def test_pct_of_gdp_rejects_bad_gdp(gdp):
    with pytest.raises(ValueError):
        history.pct_of_gdp(10, gdp)


# --------------------------------------------------------------------------------------------- the widget
def _visible_in_window(ax, start, end):
    """Finite y values of the visible data lines whose x lies inside [start, end]."""
    import matplotlib.dates as mdates

    lo, hi = mdates.date2num(start), mdates.date2num(end)
    values = []
    for line in ax.get_lines():
        if not line.get_visible():
            continue
        x = mdates.date2num(pd.to_datetime(np.asarray(line.get_xdata())))
        y = np.asarray(line.get_ydata(), dtype=float)
        inside = (x >= lo) & (x <= hi) & np.isfinite(y)
        values.extend(y[inside].tolist())
    return values


@pytest.mark.parametrize("era", list(history.ERAS))
def test_timeline_explorer_walks_every_era_and_bank(era):
    """Every choice: the x axis is the era, every visible point in it fits under the top of the y axis, and the
    chart either shows data in the window or says that it has none (never a silent empty frame)."""
    import matplotlib.dates as mdates

    from helpers.widgets import history as widget

    sim = _explorer()
    start, end = history.era_window(era)
    for _, bank in widget.MODES:
        sim.update(era=era, bank=bank)
        ax = sim.figure.axes[0]
        assert sim.summary.value.startswith("<b>")
        assert ax.get_xlim() == pytest.approx((mdates.date2num(start), mdates.date2num(end)))
        shown = _visible_in_window(ax, start, end)
        note = [t for t in ax.texts if t.get_text() == widget.NO_DATA_NOTE][0]
        assert bool(shown) != note.get_visible(), (era, bank)
        if shown:
            assert max(shown) <= ax.get_ylim()[1], (era, bank)
            assert max(shown) >= 0.5 * ax.get_ylim()[1], f"{era}/{bank}: data squashed at the bottom"


_SIM = {}


def _explorer():
    from helpers.widgets import history as widget

    if "sim" not in _SIM:
        _SIM["sim"] = widget.timeline_explorer()
    return _SIM["sim"]


def test_timeline_explorer_shows_the_boj_targets_and_ecb_gap_honestly():
    sim = _explorer()
    sim.update(era="japan_2001", bank="boj")
    ax = sim.figure.axes[0]
    start, end = history.era_window("japan_2001")
    assert len(set(_visible_in_window(ax, start, end))) >= 8, "every 2001–2004 target step is drawn"
    sim.update(era="gfc", bank="ecb")
    assert any(t.get_visible() for t in sim.figure.axes[0].texts)


def test_timeline_explorer_does_not_print_the_answer_of_exercise_3_8():
    from helpers.exercises import ch03

    sim = _explorer()
    sim.update(era="exit", bank="all")
    text = sim.summary.value
    assert "最早" not in text
    first = history.first_in_era("exit", kind="QT")
    assert f"{first['bank_zh']}「{first['name']}」" not in text
    assert ch03._first_qt_letter in "ABCD"


def test_milestones_are_drawn_as_points_not_joined():
    sim = _explorer()
    for line in sim.figure.axes[0].get_lines():
        if line.get_marker() not in (None, "None", "", " "):
            assert line.get_linestyle() in ("None", "none", ""), line.get_label()


def test_era_summary_lists_rows_and_truncates():
    from helpers.widgets import history as widget

    text = widget.era_summary("all", "all")
    assert "另有" in text and text.count("<tr>") == widget.MAX_ROWS + 1


def test_monthly_flows_add_up_to_the_schedule():
    flows = history.monthly_flows(start="2012-09-01", end="2014-10-31")
    qe3 = history.programme_purchases("QE3")
    assert flows[["treasuries", "mbs"]].to_numpy().sum() == pytest.approx(qe3)
    assert (flows["runoff"] == 0).all()
    qt2 = history.monthly_flows(start="2022-06-01", end="2025-11-30")
    assert -qt2["runoff"].sum() == pytest.approx(3057.5, abs=4)
    assert qt2.loc["2023-01-01", "runoff"] == pytest.approx(-95 * 31 / history.DAYS_PER_MONTH)


def test_boe_stock_path_steps_up_then_runs_down_in_date_order():
    path = history.boe_stock_path()
    assert path["date"].is_monotonic_increasing
    assert path["stock_gbp_bn"].max() == 895 and path["stock_gbp_bn"].iloc[-1] == 488
    peak = path["stock_gbp_bn"].idxmax()
    assert (path["stock_gbp_bn"].iloc[: peak + 1].diff().dropna() >= 0).all()
    assert (path["stock_gbp_bn"].iloc[peak:].diff().dropna() <= 0).all()


def test_taper_tantrum_yield_rise_in_the_text_matches_h15(reference):
    """The chapter says the 10-year yield went from about 2% in late May 2013 to about 3% in early September."""
    dgs10 = read_reference(reference, "DGS10")
    assert abs(dgs10["2013-05-22"] - 2.0) < 0.1
    assert abs(dgs10["2013-09-05"] - 3.0) < 0.1


def test_qe3_is_shown_at_its_announced_paces_not_85_from_the_start():
    qe3 = history.programmes("fed").set_index("name").loc["QE3", "size"]
    assert qe3.startswith("2012-09 起每月 400 億美元") and "2013-01 起每月 850 億美元" in qe3


def test_boj_2003_steps_are_all_there():
    boj = load("boj_policy").set_index("date")
    steps = {
        "2003-04-01": (17, 22),
        "2003-04-30": (22, 27),
        "2003-05-20": (27, 30),
        "2003-10-10": (27, 32),
        "2004-01-20": (30, 35),
    }
    for date, (lo, hi) in steps.items():
        row = boj.loc[date]
        assert (row["current_account_low_jpy_tn"], row["current_account_high_jpy_tn"]) == (lo, hi), date


def test_ecb_loans_are_not_counted_as_purchases():
    ecb = history.programmes("ecb").set_index("name")
    assert ecb.loc["三年期長期再融資 LTRO", "kind"] == "loans"
    assert ecb.loc["TLTRO 條件調整（提前還款）", "kind"] == "QT"
    assert ecb.loc["直接貨幣交易 OMT", "kind"] == "other"


def test_boj_accounts_agree_with_the_milestones_and_fill_2013_to_2018():
    acc = load("history_boj_accounts").set_index("date")["total_assets_jpy_tn"]
    bs = history.balance_sheets("boj").set_index("date")["amount_lc_bn"] / 1000
    for day in set(acc.index) & set(bs.index):
        assert acc[day] == pytest.approx(bs[day], abs=0.1)
    assert acc["2013-01-01":"2018-12-31"].size >= 3
    sim = _explorer()
    sim.update(era="negative_rates", bank="boj")
    start, end = history.era_window("negative_rates")
    assert len(_visible_in_window(sim.figure.axes[0], start, end)) >= 3
