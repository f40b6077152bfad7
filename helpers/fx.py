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
    r, f, h = (_number(n, v) for n, v in (("foreign_return_pct", foreign_return_pct),
                                          ("foreign_rate_pct", foreign_rate_pct), ("home_rate_pct", home_rate_pct)))
    return r - (f - h)


def peg_fx_range_pct() -> tuple:
    """Worst and best exchange-rate effect (percent) on a US-dollar asset for a Hong Kong-dollar investor while the
    rate stays inside the convertibility band (buy at 7.85, sell at 7.75, and the reverse). Introduced in 第 6 章."""
    strong, weak = HKD_BAND
    return (local_currency_return(0.0, weak, strong), local_currency_return(0.0, strong, weak))
