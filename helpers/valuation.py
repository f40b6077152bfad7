"""Discounted cash flows for equities: why growth stocks behave like long bonds (introduced in 第 4 章 市場影響).

A share is valued as the present value of the cash flows it is expected to pay: explicit yearly cash flows
for years 1…N, then a **terminal value** at year N for everything after, growing forever at
``terminal_growth_pct`` (the Gordon formula ``CF_{N+1} / (r − g)``).

Units: cash flows in any currency unit (the course uses "points" so that a firm is worth 100); the
discount rate and growth rates in **percent per year**; durations in **years**; price changes in **percent**.

**Equity duration** is the Macaulay duration of the firm's cash flows: the present-value-weighted average
date at which the owner gets paid. A firm whose cash comes late (a growth firm) has a long duration and,
like a 30-year bond, loses more value when the discount rate rises.

This is a simplified teaching model: one flat discount rate, cash flows known in advance. In reality a rise
in rates may also change the cash flows; the model isolates the discount-rate channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

BASE_RATE_PCT = 8.0  # the discount rate at which the two model firms are each worth 100
EQUITY_PREMIUM_PP = 5.0  # assumed: equity discount rate = Treasury yield + 5 percentage points


@dataclass(frozen=True)
class Firm:
    """A model firm: explicit cash flows for years 1…N and a perpetual growth rate after year N."""

    name: str
    cashflows: tuple = field(repr=False)
    terminal_growth_pct: float = 0.0

    def value(self, rate_pct: float) -> float:
        return dcf_value(self.cashflows, rate_pct, self.terminal_growth_pct)

    def duration(self, rate_pct: float) -> float:
        return equity_duration(self.cashflows, rate_pct, self.terminal_growth_pct)

    def change_pct(self, rate_pct: float, shock_pp: float) -> float:
        return price_change_pct(self.cashflows, rate_pct, shock_pp, self.terminal_growth_pct)


def _check(cashflows, rate_pct, terminal_growth_pct):
    try:
        cf = np.asarray(cashflows, dtype=float).ravel()
        r = float(rate_pct)
        g = None if terminal_growth_pct is None else float(terminal_growth_pct)
    except (TypeError, ValueError):
        raise ValueError("現金流要是一串數字，折現率與成長率要是數字（單位：每年 %）。") from None
    if cf.size == 0 or not np.all(np.isfinite(cf)):
        raise ValueError("現金流至少要有一年，而且每一年都要是有限的數字。")
    if not np.isfinite(r) or r <= -100:
        raise ValueError(f"折現率 {rate_pct!r} 不合理：必須大於 -100%（單位：每年 %，8 代表 8%）。")
    if g is not None and r <= g:
        raise ValueError(f"折現率（{r:g}%）必須高於永續成長率（{g:g}%），否則公司的價值是無限大，模型不適用。")
    return cf, r / 100.0, None if g is None else g / 100.0


def _present_values(cf, r, g):
    """Present values of the explicit cash flows, and of the terminal value (0 when g is None)."""
    t = np.arange(1, cf.size + 1)
    pv = cf / (1.0 + r) ** t
    tv = 0.0 if g is None else cf[-1] * (1.0 + g) / (r - g) / (1.0 + r) ** cf.size
    return t, pv, tv


def dcf_value(cashflows, rate_pct, terminal_growth_pct=None) -> float:
    """Present value of ``cashflows`` (years 1…N) plus, if ``terminal_growth_pct`` is given, a terminal value
    at year N for cash flows growing forever at that rate. ``rate_pct`` is the discount rate in % per year.
    Introduced in 第 4 章."""
    cf, r, g = _check(cashflows, rate_pct, terminal_growth_pct)
    _, pv, tv = _present_values(cf, r, g)
    return float(pv.sum() + tv)


def equity_duration(cashflows, rate_pct, terminal_growth_pct=None) -> float:
    """Macaulay duration (years) of a firm's cash flows, terminal value included.

    The terminal value is a growing perpetuity whose payments start in year N+1; seen from year N its own
    duration is ``(1 + r) / (r − g)``, so it enters the average at ``N + (1 + r)/(r − g)`` years. With a single
    explicit year this is the Gordon-model duration ``(1 + r)/(r − g)``. Introduced in 第 4 章."""
    cf, r, g = _check(cashflows, rate_pct, terminal_growth_pct)
    t, pv, tv = _present_values(cf, r, g)
    weighted = float((t * pv).sum())
    if g is not None:
        weighted += float(tv) * (cf.size + (1.0 + r) / (r - g))
    return float(weighted / (pv.sum() + tv))


def price_change_pct(cashflows, rate_pct, shock_pp, terminal_growth_pct=None) -> float:
    """Percent change of the DCF value when the discount rate moves by ``shock_pp`` percentage points
    (cash flows unchanged). Introduced in 第 4 章."""
    try:
        dr = float(shock_pp)
    except (TypeError, ValueError):
        raise ValueError("折現率變動 shock_pp 要是數字（單位：百分點）。") from None
    before = dcf_value(cashflows, rate_pct, terminal_growth_pct)
    after = dcf_value(cashflows, float(rate_pct) + dr, terminal_growth_pct)
    return (after / before - 1.0) * 100.0


def _scaled(name, cashflows, growth_pct, rate_pct):
    raw = Firm(name, tuple(float(c) for c in cashflows), growth_pct)
    k = 100.0 / raw.value(rate_pct)
    return Firm(name, tuple(c * k for c in raw.cashflows), growth_pct)


def value_firm(rate_pct: float = BASE_RATE_PCT) -> Firm:
    """The course's **value firm** (assumed): a mature business paying a cash flow now that grows 1 % a year
    forever. Scaled so that it is worth 100 at ``rate_pct``. Introduced in 第 4 章."""
    return _scaled("價值股", [1.0], 1.0, rate_pct)


def growth_firm(rate_pct: float = BASE_RATE_PCT) -> Firm:
    """The course's **growth firm** (assumed): a small cash flow today growing 25 % a year for ten years, then
    3 % a year forever, so most of its value comes after year 10. Scaled to be worth 100 at ``rate_pct``.
    Introduced in 第 4 章."""
    return _scaled("成長股", [1.25**k for k in range(10)], 3.0, rate_pct)


def two_firms(rate_pct: float = BASE_RATE_PCT) -> dict:
    """``{"價值股": value_firm, "成長股": growth_firm}``, both worth 100 at ``rate_pct``. Introduced in 第 4 章."""
    return {f.name: f for f in (value_firm(rate_pct), growth_firm(rate_pct))}


def pv_by_year(firm: Firm, rate_pct: float, horizon: int = 60) -> np.ndarray:
    """Present value of the cash flow paid in each year 1…``horizon`` (the terminal value spread out into
    its yearly payments), for the bar chart of *when* a firm's value arrives. Introduced in 第 4 章."""
    cf, r, g = _check(firm.cashflows, rate_pct, firm.terminal_growth_pct)
    years = np.arange(1, int(horizon) + 1)
    flows = np.zeros(years.size)
    explicit = min(cf.size, years.size)
    flows[:explicit] = cf[:explicit]
    if g is not None:
        later = years > cf.size
        flows[later] = cf[-1] * (1.0 + g) ** (years[later] - cf.size)
    return flows / (1.0 + r) ** years


def lab_changes(yield_pct: float, shock_pp: float, maturities=(2, 10, 30)) -> dict:
    """Everything the duration lab shows, as ``{label: price change %}``: par Treasury bonds of each maturity
    at ``yield_pct``, and the two model firms discounted at ``yield_pct + EQUITY_PREMIUM_PP`` (an assumed
    5-point equity premium), all for the same shock of ``shock_pp`` percentage points. Introduced in 第 4 章."""
    from helpers import bonds

    out = {f"{m} 年期公債": v for m, v in bonds.par_bond_changes(yield_pct, shock_pp, maturities).items()}
    rate = float(yield_pct) + EQUITY_PREMIUM_PP
    for name, firm in two_firms().items():
        out[name] = firm.change_pct(rate, shock_pp)
    return out


def lab_durations(yield_pct: float, maturities=(2, 10, 30)) -> dict:
    """Durations (years) of everything in the lab at the starting yield: modified duration for the bonds,
    Macaulay equity duration for the firms. Introduced in 第 4 章."""
    from helpers import bonds

    out = {f"{m} 年期公債": bonds.modified_duration(yield_pct, yield_pct, m) for m in maturities}
    rate = float(yield_pct) + EQUITY_PREMIUM_PP
    for name, firm in two_firms().items():
        out[name] = firm.duration(rate)
    return out
