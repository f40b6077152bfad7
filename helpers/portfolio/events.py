"""A no-peeking event study of Fed easing turns: what happened 6 and 12 months after the first cut of a cycle.

Part of the ``helpers.portfolio`` package (第 6 章 投資人策略). An easing turn is dated by what was public on the
day: the FOMC statement announcing the first cut after a hike. Nothing later is used to pick the dates (not
"the cut that turned out to start a long cycle", not "the month the market bottomed"). Each window starts on the
first observation strictly after the announcement day, so the reaction on the day itself, which an investor
reading the statement after the close could not trade, is left out.
"""

from __future__ import annotations

import pandas as pd

from helpers import data
from helpers.portfolio.backtest import bond_returns_from_yields

# The course table fed_funds_target opens with the 2007-09-18 decision, itself the first cut after the
# 2004–2006 hikes (FOMC statement 2007-09-18: target lowered by 50 bp to 4.75 %). It is the only turn whose
# preceding hike is older than the table.
FIRST_TABLE_TURN = pd.Timestamp("2007-09-18")


def easing_turns() -> list:
    """Announcement dates of the first cut after a hike, from the course table ``fed_funds_target`` (FOMC
    statements), oldest first. Introduced in 第 6 章."""
    ff = data.load("fed_funds_target").sort_values("date")
    moves = ff["upper"].diff()
    turns = [FIRST_TABLE_TURN] if ff["date"].iloc[0] == FIRST_TABLE_TURN else []
    last = 0.0
    for date, move in zip(ff["date"].iloc[1:], moves.iloc[1:]):
        if move < 0 and last > 0:
            turns.append(pd.Timestamp(date))
        if move != 0:
            last = move
    return turns


def event_window(series: pd.Series, announced, months: int, how: str = "change") -> float:
    """The move of ``series`` from the first observation after ``announced`` to the last observation on or
    before ``months`` months later: ``how="change"`` (difference, in the series' units) or ``"return"``
    (percent). ``NaN`` when the window runs past the data (it has not happened yet). Introduced in 第 6 章."""
    s = series.dropna().sort_index()
    t0 = pd.Timestamp(announced)
    after = s[s.index > t0]
    if after.empty:
        return float("nan")
    end = t0 + pd.DateOffset(months=int(months))
    if end > s.index[-1]:
        return float("nan")
    start_value, end_value = after.iloc[0], s[s.index <= end].iloc[-1]
    if how == "change":
        return float(end_value - start_value)
    if how == "return":
        return float(100 * (end_value / start_value - 1))
    raise ValueError('how 只能是 "change" 或 "return"。')


def ten_year_index() -> pd.Series:
    """An approximate total-return index (start 1) of the 10-year Treasury from FRED ``DGS10`` (monthly, duration
    arithmetic as in the backtest), dated at month ends. Not an index history: an approximation. Introduced in 第 6 章."""
    from helpers.portfolio.backtest import BOND_DURATION

    sid, dur, conv = BOND_DURATION["long_bonds"]
    monthly = bond_returns_from_yields(data.fred(sid), dur, conv).dropna()
    index = (1 + monthly).cumprod()
    index.index = index.index + pd.offsets.MonthEnd(0)  # wealth at the end of the month the return was earned
    return index


def easing_event_study(horizons=(6, 12)) -> pd.DataFrame:
    """One row per easing turn: the change in the 10-year yield (percentage points, FRED ``DGS10``) and the
    approximate 10-year Treasury return (percent) over each horizon in months, both from month-end values: from
    the first month end after the announcement to the last month end within the horizon. Rounded to 2 decimals;
    a window not yet over shows as NaN. Introduced in 第 6 章."""
    yields = data.fred("DGS10").dropna().resample("ME").last()
    index = ten_year_index()
    rows = []
    for turn in easing_turns():
        row = {"宣布日": turn.date()}
        for h in horizons:
            row[f"10 年期殖利率 {h} 個月變動（百分點）"] = event_window(yields, turn, h, "change")
            row[f"10 年期公債 {h} 個月報酬（%，近似）"] = event_window(index, turn, h, "return")
        rows.append(row)
    return pd.DataFrame(rows).round(2)
