"""Policy rates as step paths: the Fed's target range and Taiwan's discount rate (introduced in 第 5 章).

A policy rate changes on decision dates and stays put in between, so each path is a Series of levels indexed
by decision date (``fed_lower()``, ``fed_upper()``, ``taiwan_rate()``, read from ``fed_funds_target`` and
``taiwan_discount_rate``). The functions here read such a path at a date, count and sum its moves over a period,
and give the points of a step plot. Rates in percent per year; changes in percentage points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import timeline
from helpers.data import load


def _path(name, column) -> pd.Series:
    df = load(name).sort_values("date")
    return pd.Series(df[column].to_numpy(dtype=float), index=pd.DatetimeIndex(df["date"], name="date"), name=column)


def fed_lower() -> pd.Series:
    """Lower end of the FOMC's federal funds target (a single target before 2008-12-16), % per year, by decision
    date. Introduced in 第 5 章."""
    return _path("fed_funds_target", "lower").rename("fed_lower")


def fed_upper() -> pd.Series:
    """Upper end of the FOMC's federal funds target, % per year, by decision date. Introduced in 第 5 章."""
    return _path("fed_funds_target", "upper").rename("fed_upper")


def taiwan_rate() -> pd.Series:
    """The CBC's discount rate (重貼現率), % per year, by board decision date. Introduced in 第 5 章."""
    return _path("taiwan_discount_rate", "rate").rename("taiwan")


def _ts(date, what="日期"):
    try:
        return pd.Timestamp(date)
    except (TypeError, ValueError):
        raise ValueError(f'{what}看不懂：{date!r}。請寫成 "2022-03-16" 這種格式。') from None


def _check_path(path):
    if not isinstance(path, pd.Series) or not isinstance(path.index, pd.DatetimeIndex) or path.empty:
        raise ValueError("利率路徑要是一個以日期為索引的 pandas Series，例如 taiwan_rate()。")


def rate_on(path: pd.Series, date) -> float:
    """The level in force on ``date`` (the last decision on or before it), % per year. Raises ValueError before
    the first recorded decision. Introduced in 第 5 章."""
    _check_path(path)
    ts = _ts(date)
    upto = path[path.index <= ts]
    if upto.empty:
        raise ValueError(f"{ts.date()} 早於資料的第一筆（{path.index[0].date()}），查不到當時的利率。")
    return float(upto.iloc[-1])


def moves_between(path: pd.Series, start, end) -> pd.Series:
    """The changes (pp) decided in ``start <= date <= end``: a Series indexed by decision date; + hike, - cut.
    Introduced in 第 5 章."""
    _check_path(path)
    a, b = _ts(start, "起始日期"), _ts(end, "結束日期")
    if b < a:
        raise ValueError("結束日期要晚於起始日期。")
    diffs = path.diff()
    diffs.iloc[0] = np.nan  # the first row is a starting level, not a decision we can size
    window = diffs[(diffs.index >= a) & (diffs.index <= b)].dropna()
    return window.rename("change_pp")


def count_moves(path: pd.Series, start, end) -> dict:
    """``{"up": hikes, "down": cuts}`` decided in ``start <= date <= end``. Introduced in 第 5 章."""
    moves = moves_between(path, start, end)
    return {"up": int((moves > 0).sum()), "down": int((moves < 0).sum())}


def moves_table(paths: dict, start, end) -> pd.DataFrame:
    """The decisions of several rate paths between ``start`` and ``end`` as one readable table: one row per
    decision with the decision date (as a date), whose decision it was and the change in percentage points,
    rounded to 3 decimals. ``paths``: ``{label: path}``. Introduced in 第 5 章."""
    rows = []
    for label, path in paths.items():
        for date, change in moves_between(path, start, end).items():
            rows.append({"決策日": date.date(), "央行": label, "變動（百分點）": round(float(change), 3)})
    return (
        pd.DataFrame(rows, columns=["決策日", "央行", "變動（百分點）"])
        .sort_values("決策日", kind="stable")
        .reset_index(drop=True)
    )


def change_between(path: pd.Series, start, end) -> float:
    """Net change (pp) of the decisions in ``start <= date <= end`` (the sum of :func:`moves_between`).
    Introduced in 第 5 章."""
    return float(moves_between(path, start, end).sum())


def step_points(path: pd.Series, start, end):
    """``(dates, levels)`` for ``ax.step(dates, levels, where="post")`` from ``start`` to ``end``: the level in
    force at ``start``, every decision inside, and a last point at ``end``. Introduced in 第 5 章."""
    _check_path(path)
    a, b = _ts(start, "起始日期"), _ts(end, "結束日期")
    if b <= a:
        raise ValueError("結束日期要晚於起始日期。")
    a = max(a, path.index[0])
    inside = path[(path.index > a) & (path.index <= b)]
    dates = [a, *inside.index, b]
    levels = [rate_on(path, a), *inside.to_numpy(), float(inside.iloc[-1]) if len(inside) else rate_on(path, a)]
    return np.array(dates, dtype="datetime64[ns]"), np.array(levels, dtype=float)


def monthly_us_taiwan(start="2008-01-01", end=None) -> pd.DataFrame:
    """Month-end policy rates (percent): the top of the FOMC target range and the CBC discount rate (台灣重貼現率),
    carried forward between decisions, and their gap. From the course tables fed_funds_target and
    taiwan_discount_rate. Introduced in 第 6 章 (the hedging cost of a Taiwan investor)."""
    stop = _ts(end) if end is not None else timeline.last_data_date()
    months = pd.date_range(_ts(start), stop, freq="ME")
    us = load("fed_funds_target").set_index("date")["upper"]
    tw = load("taiwan_discount_rate").set_index("date")["rate"]
    out = pd.DataFrame(
        {
            "us_upper_pct": us.reindex(us.index.union(months)).ffill().reindex(months),
            "tw_discount_pct": tw.reindex(tw.index.union(months)).ffill().reindex(months),
        }
    )
    out["gap_pct"] = out["us_upper_pct"] - out["tw_discount_pct"]
    out.index.name = "month_end"
    return out
