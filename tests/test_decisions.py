"""The decision tables kept current (issue 18): FOMC meetings, CBC board meetings, HKMA base rate, and how far each
is confirmed (``data_through`` in the metadata)."""

import pandas as pd
import pytest

from helpers import data


def test_fomc_decisions_agree_with_fed_funds_target():
    meetings = data.load("fomc_decisions").set_index("date")
    target = data.load("fed_funds_target").set_index("date")
    first = meetings.index.min()
    # every change in the meeting table is a row of fed_funds_target, with the same range
    for date, row in meetings[meetings["change_bp"] != 0].iterrows():
        assert date in target.index, f"{date.date()} changed the range but is missing from fed_funds_target"
        assert (target.loc[date, "lower"], target.loc[date, "upper"]) == (row["lower"], row["upper"])
    # every fed_funds_target row in the period is a meeting that changed the range
    for date in target.index[target.index >= first]:
        assert meetings.loc[date, "change_bp"] != 0
    # holds keep the range; change_bp is the step from the previous meeting (or the previous target row)
    before = target[target.index < first].iloc[-1]["lower"]
    steps = meetings["lower"].diff()
    steps.iloc[0] = meetings["lower"].iloc[0] - before
    assert ((steps * 100).round().astype(int) == meetings["change_bp"]).all()
    assert ((meetings["upper"] - meetings["lower"]).round(4) == 0.25).all()


def test_fomc_2026_path():
    meetings = data.load("fomc_decisions").set_index("date")
    held = meetings.loc["2026-01-01":"2026-08-01"]
    assert len(held) == 5 and (held["change_bp"] == 0).all() and (held["lower"] == 3.5).all()
    assert meetings.loc["2026-09-16", ["lower", "upper"]].tolist() == [3.75, 4.0]
    assert set(meetings["verified"]) <= {"verbatim", "secondary"}


@pytest.mark.parametrize(
    "name", ["fed_funds_target", "fomc_decisions", "taiwan_discount_rate", "hk_base_rate_decisions"]
)
def test_decision_tables_say_how_far_they_are_confirmed(name):
    info = data.meta(name)
    through = pd.Timestamp(info["data_through"])
    df = data.load(name)
    assert df["date"].max() <= through, f"{name}: a row is later than data_through"
    assert str(through.date()) in info["description"], f"{name}: the description must name data_through"


def test_meeting_lists_do_not_contradict_the_rows():
    ff = data.meta("fed_funds_target")["meetings"]
    rows = set(data.load("fed_funds_target")["date"].dt.strftime("%Y-%m-%d"))
    assert set(ff["changed"]) <= rows and not set(ff["held"]) & rows and not set(ff["not_confirmed"]) & rows
    tw = data.meta("taiwan_discount_rate")["meetings_held"]
    tw_rows = set(data.load("taiwan_discount_rate")["date"].dt.strftime("%Y-%m-%d"))
    assert tw and not set(tw) & tw_rows


def test_hk_base_rate_follows_the_formula_and_the_fed_table():
    """Base Rate = the higher of (Fed lower bound + 50 bp) and the HIBOR average; the Fed input is the lower bound in
    force in fed_funds_target on the day of the HKMA announcement (the day after the FOMC, Hong Kong time)."""
    br = data.load("hk_base_rate_decisions")
    ff = data.load("fed_funds_target").set_index("date")
    for row in br.itertuples():
        assert row.base_rate_pct == pytest.approx(max(row.fed_funds_lower_pct + 0.5, row.hibor_avg_pct)), row.date
        lower_in_force = ff[ff.index < row.date]["lower"].iloc[-1]
        assert row.fed_funds_lower_pct == lower_in_force, (row.date, row.fed_funds_lower_pct, lower_in_force)
    assert br["date"].max() >= pd.Timestamp("2025-12-11")


def test_fed_programs_end_announced_is_sourced_and_not_after_the_end():
    progs = data.load("fed_programs").set_index("name")
    known = progs.dropna(subset=["end_announced"])
    assert len(known) >= 8
    assert (known["end_announced"] <= known["end"]).all(), known[known["end_announced"] > known["end"]].index.tolist()
    assert (known["end_announced"] >= known["announced"]).all()
    assert (known["end_announced_source"].str.contains("FOMC statement")).all()
    assert (progs["end_announced_source"].str.strip() != "").eq(progs["end_announced"].notna()).all(), (
        "end_announced_source must be filled exactly where end_announced is"
    )
    # an end is announced before (or on) the day it happens: never for an ongoing programme
    assert progs.loc[progs["end"].isna(), "end_announced"].isna().all()
    assert progs.loc["QT2", "end_announced"] == pd.Timestamp("2025-10-29")
    assert progs.loc["QE1", "end_announced"] == pd.Timestamp("2009-09-23")


def test_gdp_flags_are_known_values_and_the_unverified_rows_are_named():
    bs = data.load("central_bank_balance_sheets")
    assert set(bs["gdp_verified"]) <= {"yes", "secondary", "frame", "no"}
    desc = data.meta("central_bank_balance_sheets")["description"]
    unverified = bs[bs["gdp_verified"] == "no"]
    assert "gdp_verified = no" in desc and "approximate" in desc
    # every bank with an unverified GDP row is named in the description
    names = {"fed": "US", "ecb": "euro area", "boj": "Japan", "boe": "UK"}
    for bank in set(unverified["bank"]):
        assert names[bank] in desc, bank
    assert bs.set_index(["bank", "date"]).loc[("fed", pd.Timestamp("2022-04-13")), "gdp_verified"] == "secondary"
