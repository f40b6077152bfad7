"""Markets (simulated from the assumptions, or approximated from FRED yields), the look-ahead-safe backtest and
its risk measures.

Part of the ``helpers.portfolio`` package (第 6 章 投資人策略); see the package docstring.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from helpers import data
from helpers.portfolio.assumptions import ASSETS, _check_weights, _param_arrays, normalise_weights
from helpers.portfolio.regimes import CALENDAR_START, InformationSet, LookAheadError, _ts, regime_calendar
from helpers.vocab import INVESTOR_REGIMES as REGIMES


# ------------------------------------------------------------------------------------------------ market
@dataclasses.dataclass
class Market:
    """Monthly simple returns (fractions) indexed by month start, the regime in force each month, and a label
    that says where the numbers come from (assumption or FRED approximation). Introduced in 第 6 章."""

    returns: pd.DataFrame
    regimes: pd.Series
    label: str
    assumed: bool = True

    def __repr__(self):
        kind = "假設報酬的模擬" if self.assumed else "由 FRED 殖利率推算的近似報酬"
        return (
            f"Market({kind}, {self.returns.index[0]:%Y-%m}–{self.returns.index[-1]:%Y-%m}, "
            f"{len(self.returns)} 個月, 資產: {', '.join(self.returns.columns)})"
        )


def draw_shocks(n_paths: int, months: int, seed: int = 0) -> np.ndarray:
    """Standard normal shocks of shape (n_paths, months, 2 + len(ASSETS)): the risk-appetite shock, the
    falling-yield shock, then one idiosyncratic shock per asset in ``ASSETS`` order. Reusing the same shocks for
    two portfolios gives common random numbers (fair comparisons). Introduced in 第 6 章."""
    if n_paths < 1 or months < 1:
        raise ValueError("路徑數與月數都至少要是 1。")
    return np.random.default_rng(seed).standard_normal((int(n_paths), int(months), 2 + len(ASSETS)))


def _regime_codes(path) -> np.ndarray:
    codes = {r: i for i, r in enumerate(REGIMES)}
    try:
        return np.array([codes[r] for r in path], dtype=int)
    except KeyError as exc:
        raise ValueError(f"沒有政策階段「{exc.args[0]}」。可用：{'、'.join(REGIMES)}。") from None


def asset_returns(path, assets, shocks: np.ndarray, table: pd.DataFrame | None = None) -> np.ndarray:
    """Simulated monthly simple returns, shape (n_paths, months, len(assets)), under the assumed regime-conditional
    lognormal two-factor model (fractions per month). ``path`` lists the regime of each month. Returns are > −100 % by
    construction. Introduced in 第 6 章."""
    codes = _regime_codes(path)
    if shocks.shape[1] < len(codes):
        raise ValueError(f"衝擊只有 {shocks.shape[1]} 個月，路徑卻有 {len(codes)} 個月。")
    p = _param_arrays(table, assets)
    cols = [2 + ASSETS.index(a) for a in assets]
    z = shocks[:, : len(codes)]
    x = p["mu"][codes] + p["a"][codes] * z[..., :1] + p["b"][codes] * z[..., 1:2]
    x += p["c"][codes] * z[..., cols]
    return np.expm1(x)


def simulate_market(seed: int = 0, start=CALENDAR_START, end=None, table: pd.DataFrame | None = None) -> Market:
    """One simulated market (all 13 assets), month by month, drawn from the *assumed* returns of the regime in
    force that month (2008-01 to the last data month by default). A simulation, never history. Introduced in 第 6 章."""
    cal = regime_calendar(start, end)
    shocks = draw_shocks(1, len(cal), seed)
    rets = asset_returns(cal["in_force"].tolist(), ASSETS, shocks, table)[0]
    frame = pd.DataFrame(rets, index=cal.index, columns=list(ASSETS))
    return Market(frame, cal["in_force"].copy(), f"模擬市場（假設報酬，種子 {seed}）：不是歷史資料", assumed=True)


# ---------------------------------------------------------------------------------- FRED approximations
BOND_DURATION = {"short_bonds": ("DGS2", 1.9, 4.5), "long_bonds": ("DGS10", 8.5, 85.0)}  # series, duration, convexity


def bond_returns_from_yields(yields_pct: pd.Series, duration: float, convexity: float = 0.0) -> pd.Series:
    """Approximate monthly returns (fractions) of a constant-maturity bond from month-end yields (percent):
    carry y/12 minus duration × Δy plus ½ convexity × Δy². Indexed by the month the return is earned (month start).
    An approximation, not an index. Introduced in 第 6 章."""
    y = yields_pct.dropna().resample("ME").last().dropna() / 100
    dy = y.diff()
    r = y.shift(1) / 12 - duration * dy + 0.5 * convexity * dy**2
    r = r.dropna()
    r.index = r.index.to_period("M").to_timestamp()
    return r


def fred_market(cache_dir=None) -> Market:
    """Cash (FEDFUNDS), 2-year and 10-year Treasuries (DGS2, DGS10) as approximate monthly returns from FRED yields
    in the download cache. Raises ``helpers.data.DataError`` saying how to download when a series is missing.
    Introduced in 第 6 章."""
    ff = data.fred("FEDFUNDS", cache_dir).dropna()
    cash = (ff / 1200).resample("MS").mean()
    cols = {"cash": cash}
    for asset, (sid, dur, conv) in BOND_DURATION.items():
        cols[asset] = bond_returns_from_yields(data.fred(sid, cache_dir), dur, conv)
    frame = pd.DataFrame(cols).dropna()
    frame = frame[frame.index >= pd.Timestamp(CALENDAR_START)]
    if frame.empty:
        raise data.DataError("FRED 快取裡的序列沒有 2008 年以後的共同月份；請重新執行 make data。")
    cal = regime_calendar(frame.index[0], frame.index[-1])
    frame = frame.loc[cal.index.intersection(frame.index)]
    return Market(
        frame,
        cal["in_force"].reindex(frame.index),
        "由 FRED 殖利率推算的近似報酬（現金、2 年與 10 年期公債）：近似值，不是指數",
        assumed=False,
    )


def fred_market_or_none(cache_dir=None):
    """``fred_market()``, or ``None`` with a one-line zh-TW note when the FRED cache is empty (offline, CI).
    Introduced in 第 6 章."""
    try:
        return fred_market(cache_dir)
    except data.DataError as exc:
        print(f"{exc}\n（沒有 FRED 資料也沒關係：本章其餘部分都用假設報酬。）")
        return None


# ------------------------------------------------------------------------------------------------ backtest
def constant_strategy(weights: dict):
    """A strategy that always holds the same (normalised) weights, e.g. the 60/40 benchmark. Introduced in 第 6 章."""
    fixed = normalise_weights(weights)

    def strategy(info):
        return dict(fixed)

    strategy.__name__ = "constant"
    return strategy


def rule_strategy(rules: dict):
    """A strategy that holds ``rules[regime]`` for the regime *as known* on each decision date. Introduced in 第 6 章."""
    missing = [r for r in REGIMES if r not in rules]
    if missing:
        raise ValueError(f"規則少了這些政策階段：{'、'.join(missing)}。")
    fixed = {r: normalise_weights(w) for r, w in rules.items()}

    def strategy(info):
        return dict(fixed[info.regime()])

    strategy.__name__ = "rules"
    return strategy


@dataclasses.dataclass
class BacktestResult:
    """``frame``: per month the regime known and in force, the portfolio return (fraction), turnover and wealth;
    ``weights``: the weights chosen on each decision date (fractions). Introduced in 第 6 章."""

    frame: pd.DataFrame
    weights: pd.DataFrame
    label: str

    def summary(self) -> dict:
        """Annualised return and volatility, maximum drawdown and final wealth (percent; wealth starts at 1)."""
        return _summary_1d(self.frame["return"].to_numpy(), self.frame["wealth"].to_numpy())


def backtest(
    strategy,
    market: Market,
    start=None,
    end=None,
    leverage: float = 1.0,
    borrow_spread_pct: float = 1.0,
    cost_bp: float = 10.0,
    audit: bool = True,
) -> BacktestResult:
    """Run ``strategy`` month by month on ``market``; each decision sees only an :class:`InformationSet`.

    The portfolio is rebalanced to the chosen weights at each month start; moving from the drifted weights costs
    ``cost_bp`` basis points per unit of turnover. With ``leverage`` L the return is L × portfolio − (L − 1) ×
    (cash + ``borrow_spread_pct``); wealth that would fall below zero stays at zero (ruin).
    ``audit=True`` calls the strategy a second time with the market's returns from the decision month on blanked
    out (NaN, in place, restored afterwards): a strategy whose answer changes read the future through a back door
    and raises :class:`LookAheadError`. Strategies must be deterministic. Introduced in 第 6 章.
    """
    if leverage < 1 or leverage > 10:
        raise ValueError("槓桿倍數請介於 1 到 10 之間（1 = 不借錢）。")
    rets = market.returns
    months = rets.index
    lo = months.searchsorted(_ts(start)) if start is not None else 0
    hi = months.searchsorted(_ts(end), side="right") if end is not None else len(months)
    if hi <= lo:
        raise ValueError("回測期間沒有任何月份：檢查 start 與 end。")
    assets = list(rets.columns)
    cash_col = rets["cash"].to_numpy() if "cash" in rets else np.zeros(len(rets))
    spread = borrow_spread_pct / 1200
    held = None
    rows, chosen = [], []
    wealth = 1.0
    for t in range(lo, hi):
        asof = months[t]
        info = InformationSet(asof, rets.iloc[:t].copy())
        weights = _check_weights(strategy(info), assets, f"在 {asof.date()} ")
        if audit:
            _audit(strategy, market, t, asof, weights, assets)
        w = np.array([weights.get(a, 0.0) for a in assets])
        turnover = float(np.abs(w - held).sum()) if held is not None else 0.0
        r = rets.iloc[t].to_numpy()
        gross = float(w @ r) - turnover * cost_bp / 1e4
        ret = leverage * gross - (leverage - 1) * (cash_col[t] + spread)
        wealth = max(wealth * (1 + ret), 0.0)
        grown = w * (1 + r)
        held = grown / grown.sum() if grown.sum() > 0 else w
        rows.append((info.regime(), market.regimes.iloc[t], ret, turnover, wealth))
        chosen.append(w)
    frame = pd.DataFrame(rows, index=months[lo:hi], columns=["known", "in_force", "return", "turnover", "wealth"])
    return BacktestResult(frame, pd.DataFrame(chosen, index=months[lo:hi], columns=assets), market.label)


def _audit(strategy, market, t, asof, weights, assets):
    rets = market.returns
    saved = rets.iloc[t:].to_numpy().copy()
    rets.iloc[t:] = np.nan
    try:
        again = strategy(InformationSet(asof, rets.iloc[:t].copy()))
        again = _check_weights(again, assets, f"在 {asof.date()} ")
    except LookAheadError:
        raise
    except Exception as exc:
        raise LookAheadError(
            f"偷看未來！把 {asof.date()} 以後的報酬遮住後，策略就出錯了（{type(exc).__name__}）："
            "它讀了決定日之後的資料（例如直接讀整個 market.returns）。請只用 info 裡的資料。"
        ) from exc
    finally:
        rets.iloc[t:] = saved
    if any(abs(weights.get(a, 0.0) - again.get(a, 0.0)) > 1e-9 for a in assets):
        raise LookAheadError(
            f"偷看未來！把 {asof.date()} 以後的報酬遮住後，策略在這一天的權重變了："
            "它用到了決定日之後才知道的資料。請只用 info 裡的資料。"
        )


def hindsight_rules(market: Market) -> dict:
    """For each regime, all-in on the asset that compounded best (highest sum of log returns) in that regime's
    months over the whole market: rules chosen with hindsight. The guard cannot see this kind of peeking (the rules are fixed before the
    backtest runs); testing them on a fresh market shows what it is worth. Introduced in 第 6 章."""
    rules = {}
    for regime in REGIMES:
        sel = market.returns[market.regimes == regime]
        best = np.log1p(sel).sum().idxmax() if len(sel) else "cash"
        rules[regime] = {best: 1.0}
    return rules


# ----------------------------------------------------------------------------------------- risk measures
def drawdown(wealth):
    """Drawdown (fraction, ≤ 0) of a wealth path at each date: wealth / running peak − 1. Works on a 1-D path or
    along the last axis of a 2-D array of paths. Introduced in 第 6 章."""
    w = np.asarray(wealth, dtype=float)
    if w.size == 0:
        raise ValueError("財富路徑是空的。")
    if np.any(w < 0) or np.any(np.isnan(w)):
        raise ValueError("財富路徑不能有負數或 NaN。")
    peak = np.maximum.accumulate(w, axis=-1)
    if np.any(peak[..., 0] <= 0):
        raise ValueError("財富路徑的起點必須大於 0。")
    out = w / peak - 1
    return pd.Series(out, index=wealth.index) if isinstance(wealth, pd.Series) else out


def max_drawdown(wealth):
    """Largest peak-to-trough fall (fraction, ≤ 0) of a wealth path (or per path along the last axis).
    Introduced in 第 6 章."""
    dd = np.asarray(drawdown(wealth))
    out = dd.min(axis=-1)
    return float(out) if np.ndim(out) == 0 else out


def geometric_growth(mean_pct: float, vol_pct: float, leverage: float = 1.0, borrow_pct: float = 0.0) -> float:
    """Approximate long-run (geometric) growth rate in percent per year of a position with arithmetic mean
    ``mean_pct`` and volatility ``vol_pct`` (percent per year), levered ``leverage`` times with money borrowed at
    ``borrow_pct``: L·μ − (L − 1)·b − ½·(L·σ)². The last term is the volatility drag. Introduced in 第 6 章."""
    for name, v in (("mean_pct", mean_pct), ("vol_pct", vol_pct), ("leverage", leverage), ("borrow_pct", borrow_pct)):
        if not isinstance(v, (int, float, np.floating, np.integer)) or not math.isfinite(v):
            raise ValueError(f"{name} 必須是有限的數字（百分比請寫 8，不是 0.08）。")
    if vol_pct < 0 or leverage < 0:
        raise ValueError("波動與槓桿不能是負數。")
    return leverage * mean_pct - (leverage - 1) * borrow_pct - 0.5 * (leverage * vol_pct) ** 2 / 100


def _summary_1d(monthly, wealth) -> dict:
    months = len(monthly)
    final = float(wealth[-1])
    return {
        "annual_return_pct": 100 * (final ** (12 / months) - 1) if final > 0 else -100.0,
        "annual_vol_pct": 100 * float(np.std(monthly, ddof=1)) * math.sqrt(12) if months > 1 else 0.0,
        "max_drawdown_pct": 100 * max_drawdown(np.concatenate([[1.0], wealth])),
        "final_wealth": final,
    }


SUMMARY_LABELS = {
    "annual_return_pct": "年化報酬（%）",
    "annual_vol_pct": "年化波動（%）",
    "max_drawdown_pct": "最大回撤（%）",
    "final_wealth": "期末財富（起點 = 1）",
    "median_return_pct": "年化報酬中位數（%）",
    "median_vol_pct": "年化波動中位數（%）",
    "median_max_drawdown_pct": "最大回撤中位數（%）",
    "median_final": "期末財富中位數",
    "p5_final": "期末財富第 5 百分位",
    "loss_pct": "虧損路徑（%）",
    "half_loss_pct": "賠掉一半以上的路徑（%）",
    "margin_call_pct": "被斷頭（追繳後強制賣出）路徑（%）",
    "ruin_pct": "賠光路徑（%）",
    "wait_wins_pct": "等回檔勝出的路徑（%）",
    "never_dipped_pct": "始終等不到回檔（%）",
    "median_final_now": "立刻買進：期末財富中位數",
    "median_final_wait": "等回檔：期末財富中位數",
}


def summary_table(columns: dict) -> pd.DataFrame:
    """Summaries side by side (``{column name: summary dict}``) with Chinese row labels, rounded to 2 decimals.
    Introduced in 第 6 章."""
    return pd.DataFrame(columns).rename(index=SUMMARY_LABELS).round(2)
