"""Chapter 4 (市場影響) on real series: daily Treasury yields around QE and QT, the taper tantrum measured one way,
and money versus prices on one basis. Everything here reads the public-domain FRED snapshot shipped in
``data/fred/`` through ``helpers.data.fred`` (H.15 yields, H.6 M2, BLS CPI-U); nothing is typed in.

Units: yields and rates in percent, changes in percentage points, growth rates in percent.
Introduced in 第 4 章 市場影響 (also used in 第 3 章 歷史 for the Fed's weekly balance sheet).
"""

from __future__ import annotations

import pandas as pd

from helpers.data import fred

#: The daily series of the chapter: nominal 10- and 2-year yields, the real 10-year (TIPS) yield and the
#: 10-year breakeven inflation rate (nominal minus real), all H.15 / FRED, percent.
YIELD_SERIES = {
    "DGS10": "10 年期公債",
    "DGS2": "2 年期公債",
    "DFII10": "10 年期實質殖利率（TIPS）",
    "T10YIE": "10 年期損益兩平通膨率",
}

#: The course's single definition of the 2013 taper tantrum: from the close on the day before Bernanke's
#: testimony to Congress (2013-05-22) to the highest 10-year close before the FOMC's 2013-09-18 decision not
#: to taper yet.
TAPER_TANTRUM = {"before": "2013-05-21", "trigger": "2013-05-22", "last": "2013-09-17"}

#: Windows used in the chapter: (label, start, end). Start is the close before the announcement; QT1 is split
#: at the 10-year yield's high of 2018-11-08.
PROGRAMME_WINDOWS = [
    ("QE1", "2008-11-24", "2010-03-31"),
    ("QE2", "2010-11-02", "2011-06-30"),
    ("QE3", "2012-09-12", "2014-10-29"),
    ("QT1 前段", "2017-09-29", "2018-11-08"),
    ("QT1 後段", "2018-11-08", "2019-07-31"),
]

#: Announcement days of the first three rounds (FOMC statements and the Board's 2008-11-25 press release).
ANNOUNCEMENTS = [
    ("2008-11-25", "QE1 宣布（MBS 與機構債）"),
    ("2008-12-16", "FOMC：評估買長期公債"),
    ("2009-03-18", "QE1 擴大（加買 3,000 億公債）"),
    ("2010-11-03", "QE2 宣布（市場已預期）"),
    ("2012-09-13", "QE3 宣布（每月 400 億 MBS）"),
    ("2012-12-12", "QE3 加買公債（每月 450 億）"),
]


def yields(start=None, end=None) -> pd.DataFrame:
    """Daily yields (percent) in ``YIELD_SERIES`` between ``start`` and ``end``; missing days dropped."""
    df = pd.concat({sid: fred(sid) for sid in YIELD_SERIES}, axis=1).dropna()
    return df.loc[start:end]


def _close_on_or_before(series: pd.Series, date) -> tuple[pd.Timestamp, float]:
    s = series.dropna().loc[: pd.Timestamp(date)]
    if s.empty:
        raise ValueError(f"no observation of {series.name} on or before {date}")
    return s.index[-1], float(s.iloc[-1])


def taper_tantrum() -> dict:
    """The taper tantrum as the course measures it (see ``TAPER_TANTRUM``): start and peak dates and 10-year
    yields (percent) and the rise in percentage points, from the daily DGS10."""
    y10 = fred("DGS10").dropna()
    start_date, start = _close_on_or_before(y10, TAPER_TANTRUM["before"])
    window = y10.loc[TAPER_TANTRUM["trigger"] : TAPER_TANTRUM["last"]]
    peak_date = window.idxmax()
    return {
        "start_date": start_date,
        "start_pct": start,
        "peak_date": peak_date,
        "peak_pct": float(window.max()),
        "rise_pp": round(float(window.max()) - start, 2),
    }


def window_changes(windows=None) -> pd.DataFrame:
    """Change (percentage points) of each daily series over each window: nominal 10y, 2y, real 10y and
    breakeven. Nominal ≈ real + breakeven, so the columns show which part moved."""
    rows = []
    for label, start, end in windows or PROGRAMME_WINDOWS:
        row = {"window": label, "start": pd.Timestamp(start), "end": pd.Timestamp(end)}
        for sid in YIELD_SERIES:
            s = fred(sid)
            row[sid] = round(_close_on_or_before(s, end)[1] - _close_on_or_before(s, start)[1], 2)
        rows.append(row)
    return pd.DataFrame(rows)


def announcement_changes(announcements=None) -> pd.DataFrame:
    """One-day change (percentage points) of the 10-year yield on each announcement day: close on the day minus
    the close of the previous trading day (FOMC statements come out before the close)."""
    y10 = fred("DGS10").dropna()
    rows = []
    for date, label in announcements or ANNOUNCEMENTS:
        day = pd.Timestamp(date)
        if day not in y10.index:
            raise ValueError(f"{date} is not a trading day in DGS10")
        i = y10.index.get_loc(day)
        rows.append({"date": day, "event": label, "change_pp": round(float(y10.iloc[i] - y10.iloc[i - 1]), 2)})
    return pd.DataFrame(rows)


def money_vs_prices(first=2008, last=2025, basis="dec") -> pd.DataFrame:
    """Yearly growth (percent) of M2 (M2SL) and of the CPI-U (CPIAUCSL) on ONE basis: ``"dec"`` compares
    December with the December before for both, ``"avg"`` compares annual averages for both."""
    if basis not in ("dec", "avg"):
        raise ValueError("basis must be 'dec' or 'avg'")
    out = {}
    for sid, col in (("M2SL", "m2_pct"), ("CPIAUCSL", "cpi_pct")):
        s = fred(sid).dropna()
        yearly = s[s.index.month == 12] if basis == "dec" else s.groupby(s.index.year).mean()
        if basis == "dec":
            yearly.index = yearly.index.year
        else:
            counts = s.groupby(s.index.year).size()
            yearly = yearly[counts == 12]
        out[col] = (yearly.pct_change() * 100).round(1)
    df = pd.DataFrame(out).loc[first:last].dropna()
    df.index.name = "year"
    return df.reset_index()


def m2_peak(until=None) -> tuple[pd.Timestamp, float]:
    """Month and level (USD billions) of the highest M2 (M2SL) up to ``until`` (default: the whole snapshot)."""
    s = fred("M2SL").dropna().loc[:until]
    return s.idxmax(), float(s.max())


def fed_total_assets(start=None, end=None) -> pd.Series:
    """The Fed's total assets from the weekly H.4.1 (WALCL, Wednesday levels), in USD billions."""
    return (fred("WALCL").dropna() / 1000).loc[start:end].rename("total_assets_usd_bn")
