"""Bond arithmetic: price from yield, duration, convexity, and the price change for a yield shock
(introduced in 第 4 章 市場影響).

Conventions used everywhere in this module:

- Yields and coupons are in **percent per year** (``4.5`` means 4.5 %), compounded ``freq`` times a year
  (``freq=2``: semi-annual, the U.S. Treasury convention).
- Prices are per **100 of face value**. Durations are in **years**, convexity in **years squared**.
- A yield shock is in **percentage points** (``+1.0`` = yields up one percentage point = 100 basis points).
- Price changes are returned in **percent** of the starting price (``-8.2`` = the price falls 8.2 %).

The bond is a plain fixed-coupon bullet bond valued on a coupon date (no accrued interest): the simplest
model that shows why long bonds lose most when yields rise. It is a teaching model, not a pricing library.
"""

from __future__ import annotations

import numpy as np

FREQUENCIES = (1, 2, 4, 12)
METHODS = ("exact", "duration", "convexity")


def _check(yield_pct, coupon_pct, years, freq):
    if freq not in FREQUENCIES:
        raise ValueError(f"每年付息次數 freq 只能是 {FREQUENCIES} 其中之一，你給的是 {freq!r}。")
    try:
        years = float(years)
        coupon = float(coupon_pct)
    except (TypeError, ValueError):
        raise ValueError("年期 years 與票面利率 coupon_pct 都要是數字（單位：年、每年 %）。") from None
    if not np.isfinite(years) or years <= 0:
        raise ValueError(f"年期 years 必須大於 0（單位：年），你給的是 {years!r}。")
    periods = years * freq
    if abs(periods - round(periods)) > 1e-9:
        raise ValueError(f"年期 {years:g} 年不是整數個付息期（每年 {freq} 次）；請用例如 2、10、30 年。")
    if not np.isfinite(coupon) or coupon < 0:
        raise ValueError(f"票面利率 coupon_pct 不能是負數或非數字（單位：每年 %），你給的是 {coupon_pct!r}。")
    y = np.asarray(yield_pct, dtype=float)
    if not np.all(np.isfinite(y)):
        raise ValueError("殖利率 yield_pct 必須是有限的數字（單位：每年 %）。")
    if np.any(y <= -100 * freq):
        raise ValueError("殖利率太低了：每期折現率不能小於或等於 -100%。請檢查單位（5 代表 5%）。")
    return y, coupon, int(round(periods))


def _cash_flows(coupon, n, freq, face=100.0):
    times = np.arange(1, n + 1) / freq  # years
    flows = np.full(n, coupon / freq * face / 100.0)
    flows[-1] += face
    return times, flows


def _discount(y, n, freq):
    # shape (..., n): discount factors for each period at each yield in y
    k = np.arange(1, n + 1)
    return (1.0 + y[..., None] / (100.0 * freq)) ** (-k)


def price(yield_pct, coupon_pct, years, freq=2):
    """Price per 100 face of a fixed-coupon bond at yield ``yield_pct`` (% per year, compounded ``freq``
    times a year). ``yield_pct`` may be an array (the price of the same bond at many yields).
    A bond whose coupon equals its yield (a **par bond**) is worth exactly 100. Introduced in 第 4 章."""
    y, coupon, n = _check(yield_pct, coupon_pct, years, freq)
    _, flows = _cash_flows(coupon, n, freq)
    out = (_discount(y, n, freq) * flows).sum(axis=-1)
    return float(out) if out.ndim == 0 else out


def macaulay_duration(yield_pct, coupon_pct, years, freq=2):
    """Macaulay duration in years: the present-value-weighted average time of the bond's cash flows.
    For a zero-coupon bond it equals the maturity. Introduced in 第 4 章."""
    y, coupon, n = _check(yield_pct, coupon_pct, years, freq)
    times, flows = _cash_flows(coupon, n, freq)
    pv = _discount(y, n, freq) * flows
    out = (pv * times).sum(axis=-1) / pv.sum(axis=-1)
    return float(out) if out.ndim == 0 else out


def modified_duration(yield_pct, coupon_pct, years, freq=2):
    """Modified duration in years: the percent price change for a 1-percentage-point yield change is about
    minus this number. Equals Macaulay duration / (1 + y/freq). Introduced in 第 4 章."""
    y, _, _ = _check(yield_pct, coupon_pct, years, freq)
    out = macaulay_duration(yield_pct, coupon_pct, years, freq) / (1.0 + y / (100.0 * freq))
    return float(out) if np.ndim(out) == 0 else out


def convexity(yield_pct, coupon_pct, years, freq=2):
    """Convexity in years squared: how much the price–yield curve bends (second derivative of price with
    respect to yield, divided by price). Introduced in 第 4 章."""
    y, coupon, n = _check(yield_pct, coupon_pct, years, freq)
    _, flows = _cash_flows(coupon, n, freq)
    k = np.arange(1, n + 1)
    pv = _discount(y, n, freq) * flows
    g = 1.0 + y / (100.0 * freq)
    out = (pv * k * (k + 1)).sum(axis=-1) / (pv.sum(axis=-1) * g**2 * freq**2)
    return float(out) if out.ndim == 0 else out


def price_change_pct(yield_pct, coupon_pct, years, shock_pp, method="exact", freq=2):
    """Percent price change of the bond when its yield moves from ``yield_pct`` by ``shock_pp`` percentage
    points (``shock_pp`` may be an array of shocks, for a chart).

    ``method``: ``"exact"`` reprices the bond; ``"duration"`` uses the first-order estimate
    ``-D_mod × Δy``; ``"convexity"`` adds the second-order term ``+½ × C × Δy²``. The two estimates are what
    traders use for quick answers; the gap to ``"exact"`` grows with the size of the shock. Introduced in 第 4 章.
    """
    if method not in METHODS:
        raise ValueError(f"method 只能是 {METHODS} 其中之一，你給的是 {method!r}。")
    try:
        dy = np.asarray(shock_pp, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("殖利率變動 shock_pp 要是數字（單位：百分點，+1 代表上升 1 個百分點）。") from None
    if not np.all(np.isfinite(dy)):
        raise ValueError("殖利率變動 shock_pp 必須是有限的數字（單位：百分點）。")
    if method == "exact":
        p0 = price(yield_pct, coupon_pct, years, freq)
        p1 = price(np.asarray(yield_pct, dtype=float) + dy, coupon_pct, years, freq)
        out = (np.asarray(p1) / p0 - 1.0) * 100.0
    else:
        d = modified_duration(yield_pct, coupon_pct, years, freq)
        out = -d * dy / 100.0
        if method == "convexity":
            out = out + 0.5 * convexity(yield_pct, coupon_pct, years, freq) * (dy / 100.0) ** 2
        out = np.asarray(out) * 100.0
    return float(out) if out.ndim == 0 else out


def par_bond_changes(yield_pct, shock_pp, maturities=(2, 10, 30), freq=2) -> dict:
    """For par bonds (coupon = yield) of each maturity: ``{years: price change %}`` for a shock of
    ``shock_pp`` percentage points. What the duration lab plots. Introduced in 第 4 章."""
    return {m: float(price_change_pct(yield_pct, yield_pct, m, shock_pp, freq=freq)) for m in maturities}
