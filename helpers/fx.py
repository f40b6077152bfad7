"""Currency effects on a foreign asset for a Taiwan or Hong Kong investor: returns in the home currency, hedged
returns, the Hong Kong peg's band (introduced in 第 6 章 投資人策略; the peg's mechanics are in
``helpers.currency_board``, 第 5 章).
"""

from __future__ import annotations

from helpers import inputs

# Hong Kong's Linked Exchange Rate System: convertibility undertakings at HK$7.75 (strong side) and HK$7.85
# (weak side) per US dollar, symmetric around 7.80, in force since 2005 (HKMA press release, 18 May 2005).
HKD_BAND = (7.75, 7.85)


def _number(name, value) -> float:
    return inputs.number(value, name)


def local_currency_return(foreign_return_pct: float, fx_start: float, fx_end: float) -> float:
    """Return in percent, measured in the investor's own currency, of a foreign asset that returned
    ``foreign_return_pct`` in its currency while the exchange rate (local currency per unit of foreign, e.g.
    新台幣 per US$) moved from ``fx_start`` to ``fx_end``: (1 + r) × fx_end / fx_start − 1. Introduced in 第 6 章."""
    foreign_return_pct = _number("foreign_return_pct", foreign_return_pct)
    fx_start, fx_end = _number("fx_start", fx_start), _number("fx_end", fx_end)
    if fx_start <= 0 or fx_end <= 0:
        raise ValueError("匯率必須是正數，例如 32.0（新台幣/美元）。")
    return float(100 * ((1 + foreign_return_pct / 100) * fx_end / fx_start - 1))


def hedged_return(foreign_return_pct: float, foreign_rate_pct: float, home_rate_pct: float) -> float:
    """Approximate return in percent of a foreign asset with the currency hedged by rolling forwards: the asset's
    return minus the short-rate gap (foreign − home), which is what the forward points cost or pay (covered
    interest parity, simplified). Introduced in 第 6 章."""
    r, f, h = (
        _number(n, v)
        for n, v in (
            ("foreign_return_pct", foreign_return_pct),
            ("foreign_rate_pct", foreign_rate_pct),
            ("home_rate_pct", home_rate_pct),
        )
    )
    return r - (f - h)


def peg_fx_range_pct() -> tuple:
    """Worst and best exchange-rate effect (percent) on a US-dollar asset for a Hong Kong-dollar investor while the
    rate stays inside the convertibility band (buy at 7.85, sell at 7.75, and the reverse). Introduced in 第 6 章."""
    strong, weak = HKD_BAND
    return (local_currency_return(0.0, weak, strong), local_currency_return(0.0, strong, weak))


def market_hedge_rates(month=None) -> dict:
    """Short market rates for the hedging-cost sum (percent per year): Taiwan's overnight interbank call-loan rate
    (the latest sourced point in ``taiwan_money_market_rates`` on or before ``month``) and the US effective federal
    funds rate (FRED ``FEDFUNDS``, monthly average) for the same month. Market rates, not the CBC's discount rate:
    the discount rate is what the CBC charges banks, not what NT$ money earns in the market.
    Returns ``{"month", "us_pct", "tw_pct", "tw_source"}``. Introduced in 第 6 章."""
    import pandas as pd

    from helpers import data

    tw = data.load("taiwan_money_market_rates").dropna(subset=["overnight_interbank_pct"]).sort_values("date")
    if month is not None:
        tw = tw[tw["date"] <= pd.Timestamp(month) + pd.offsets.MonthEnd(0)]
    if tw.empty:
        raise ValueError("這個月份之前沒有台灣隔夜拆款利率的資料點。")
    row = tw.iloc[-1]
    us = data.fred("FEDFUNDS").dropna()
    start = row["date"].to_period("M").to_timestamp()
    if start not in us.index:
        raise ValueError(f"FRED FEDFUNDS 沒有 {start:%Y-%m} 的月平均。")
    return {
        "month": f"{start:%Y-%m}",
        "us_pct": round(float(us[start]), 2),
        "tw_pct": round(float(row["overnight_interbank_pct"]), 3),
        "tw_source": row["source"],
    }
