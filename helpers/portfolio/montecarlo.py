"""Monte Carlo of portfolios along regime paths: leverage, the portfolio builder's numbers, rules vs benchmark,
buying the dip.

Part of the ``helpers.portfolio`` package (第 6 章 投資人策略); see the package docstring.
"""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np
import pandas as pd

from helpers.portfolio.assumptions import ASSETS, BENCHMARK, _check_weights, _param_arrays, normalise_weights
from helpers.portfolio.backtest import _regime_codes, asset_returns, draw_shocks, drawdown, max_drawdown
from helpers.portfolio.regimes import CALENDAR_START, regime_calendar
from helpers.vocab import INVESTOR_REGIMES as REGIMES

# --------------------------------------------------------------------------------------------- Monte Carlo
SCENARIOS = {
    "history": "2008–2026 的實際順序（每月在執行中的階段）",
    "cycle": "QE 2 年 → 縮減購債半年 → 觀望 1 年 → QT 3 年 → 後 QT 2 年",
    "qe2": "QE 2 年",
    "qt3": "QT 3 年",
    "post_qt2": "後 QT 2 年",
}
_SEGMENTS = {
    "cycle": [("QE", 24), ("taper", 6), ("none", 12), ("QT", 36), ("post_QT", 24)],
    "qe2": [("QE", 24)],
    "qt3": [("QT", 36)],
    "post_qt2": [("post_QT", 24)],
}


def regime_path(segments) -> list:
    """A month-by-month regime path from ``[(regime, months), …]`` or a scenario name in ``SCENARIOS``.
    Introduced in 第 6 章."""
    if isinstance(segments, str):
        if segments == "history":
            return list(_history_path())
        if segments not in _SEGMENTS:
            raise ValueError(f"沒有情境「{segments}」。可用：{'、'.join(SCENARIOS)}。")
        segments = _SEGMENTS[segments]
    path = []
    for regime, months in segments:
        if regime not in REGIMES:
            raise ValueError(f"沒有政策階段「{regime}」。可用：{'、'.join(REGIMES)}。")
        if int(months) < 0:
            raise ValueError("月數不能是負數。")
        path.extend([regime] * int(months))
    if not path:
        raise ValueError("路徑至少要有一個月。")
    return path


@functools.lru_cache(maxsize=1)
def _history_path() -> tuple:
    return tuple(regime_calendar()["in_force"])


@dataclasses.dataclass
class Paths:
    """Monte Carlo output: ``returns`` (n_paths × months, fractions) and ``wealth`` (n_paths × months + 1, starting
    at 1). Introduced in 第 6 章."""

    returns: np.ndarray
    wealth: np.ndarray
    forced_sale: np.ndarray | None = None  # per path: was the position sold by a margin call?

    def summary(self) -> dict:
        """Medians over paths (percent): annualised return, volatility, maximum drawdown; median and 5th-percentile
        final wealth; share of paths that lose money, that lose more than half, that suffer a forced sale by a
        margin call, and that are wiped out (wealth 0)."""
        months = self.returns.shape[1]
        final = self.wealth[:, -1]
        cagr = np.where(final > 0, np.power(np.maximum(final, 1e-300), 12 / months) - 1, -1.0)
        vol = self.returns.std(axis=1, ddof=1) * math.sqrt(12) if months > 1 else np.zeros(len(final))
        return {
            "median_return_pct": 100 * float(np.median(cagr)),
            "median_vol_pct": 100 * float(np.median(vol)),
            "median_max_drawdown_pct": 100 * float(np.median(max_drawdown(self.wealth))),
            "median_final": float(np.median(final)),
            "p5_final": float(np.percentile(final, 5)),
            "loss_pct": 100 * float(np.mean(final < 1)),
            "half_loss_pct": 100 * float(np.mean(final < 0.5)),
            "margin_call_pct": 100 * float(np.mean(self.forced_sale)) if self.forced_sale is not None else 0.0,
            "ruin_pct": 100 * float(np.mean(final <= 0)),
        }


def simulate_paths(
    weights,
    path,
    n_paths: int = 1000,
    seed: int = 0,
    leverage: float = 1.0,
    borrow_spread_pct: float = 1.0,
    shocks: np.ndarray | None = None,
    table: pd.DataFrame | None = None,
    maintenance_margin: float = 0.25,
) -> Paths:
    """Monte Carlo of a portfolio rebalanced monthly along a regime ``path`` (list of regimes or scenario name).

    ``weights``: a dict asset → weight summing to 1 (see :func:`normalise_weights`), or a DataFrame with one row of
    weights per month. Leverage L: L × portfolio − (L − 1) × (assumed cash + ``borrow_spread_pct``), with margin
    calls at ``maintenance_margin`` (a forced sale of the whole position, see :func:`_paths`); wealth that would go
    below zero stays at zero. Pass the same ``shocks`` (:func:`draw_shocks`) to compare portfolios on
    identical markets. Returns :class:`Paths`. Introduced in 第 6 章.
    """
    months_path = regime_path(path) if isinstance(path, str) else list(path)
    if leverage < 1 or leverage > 10:
        raise ValueError("槓桿倍數請介於 1 到 10 之間（1 = 不借錢）。")
    if shocks is None:
        shocks = draw_shocks(n_paths, len(months_path), seed)
    if isinstance(weights, pd.DataFrame):
        assets = [a for a in weights.columns if (weights[a] > 0).any()]
        w = weights[assets].to_numpy(dtype=float)[: len(months_path)]
        if len(w) != len(months_path) or not np.allclose(w.sum(axis=1), 1, atol=1e-6):
            raise ValueError("逐月權重表的列數要等於路徑月數，而且每一列加總為 1。")
    else:
        weights = _check_weights(weights, ASSETS, who="權重")
        assets = [a for a, v in weights.items() if v > 0]
        w = np.array([weights[a] for a in assets])[None, :]
    rets = asset_returns(months_path, assets, shocks, table)
    if not 0 < maintenance_margin < 1:
        raise ValueError("維持率請介於 0 到 1 之間，例如 0.25（權益至少是部位的 25%）。")
    return _paths(
        (rets * w[None, :, :]).sum(axis=-1), months_path, leverage, borrow_spread_pct, table, maintenance_margin
    )


MAINTENANCE_MARGIN = 0.25  # FINRA Rule 4210's minimum for a US margin account: equity ≥ 25 % of the position


def _paths(
    port, months_path, leverage, borrow_spread_pct, table=None, maintenance_margin: float = MAINTENANCE_MARGIN
) -> Paths:
    """Monthly portfolio returns → levered returns and wealth paths, with margin calls.

    Each month the investor holds L × equity of the portfolio, borrowing (L − 1) × equity at cash + spread. If at
    the month's end equity has fallen below ``maintenance_margin`` of the position (or below zero), the broker
    sells the whole position (a forced sale, 斷頭); the investor keeps what is left, in cash, to the end of the
    path (no new borrowing). Monthly steps miss moves inside a month, so they understate margin calls."""
    cash = _param_arrays(table, ["cash"])["cash"][_regime_codes(months_path), 0] / 12
    forced = np.zeros(port.shape[0], dtype=bool)
    if leverage != 1:
        levered = leverage * port - (leverage - 1) * (cash + borrow_spread_pct / 1200)
        ratio = (1 + levered) / (leverage * np.maximum(1 + port, 1e-12))  # equity / position at the month's end
        call = (ratio < maintenance_margin) | (levered <= -1)
        forced = call.any(axis=1)
        first = np.where(forced, call.argmax(axis=1), port.shape[1])
        after = np.arange(port.shape[1])[None, :] > first[:, None]
        port = np.where(after, np.broadcast_to(cash, port.shape), levered)
    growth = np.cumprod(np.maximum(1 + port, 0.0), axis=1)
    wealth = np.concatenate([np.ones((growth.shape[0], 1)), growth], axis=1)
    return Paths(port, wealth, forced)


def rule_weights(rules: dict, start=CALENDAR_START, end=None) -> pd.DataFrame:
    """One row of weights per month (month start) from allocation rules applied to the regime *as known* on that
    month's decision date: the vectorised twin of ``rule_strategy``. Introduced in 第 6 章."""
    cal = regime_calendar(start, end)
    fixed = {r: normalise_weights(w) for r, w in rules.items()}
    rows = [fixed[r] for r in cal["known"]]
    return pd.DataFrame(rows, index=cal.index).reindex(columns=list(ASSETS)).fillna(0.0)


LEVERAGE_GRID = tuple(float(x) for x in np.arange(1.0, 3.01, 0.25))
WIDGET_PATHS = 400
WIDGET_SEED = 2025
SLEEVES = {"equity": "equity_broad", "bonds": "long_bonds", "cash": "cash", "gold": "gold", "crypto": "crypto"}


@functools.lru_cache(maxsize=8)
def _widget_shocks(path_name: str, n_paths: int, seed: int) -> np.ndarray:
    return draw_shocks(n_paths, len(regime_path(path_name)), seed)


def builder_stats(
    equity=60, bonds=40, cash=0, gold=0, crypto=0, leverage=1.0, path="history", n_paths=WIDGET_PATHS, seed=WIDGET_SEED
) -> dict:
    """What the portfolio builder shows: slider positions (any non-negative numbers, normalised) for broad
    equities, long Treasuries, cash, gold and crypto, a leverage and a scenario → summaries of the portfolio and of
    the 60/40 benchmark on the same simulated markets, plus the 5th/50th/95th percentile wealth paths.
    Percent units as in :meth:`Paths.summary`. Introduced in 第 6 章."""
    weights = normalise_weights(
        {SLEEVES[k]: v for k, v in dict(equity=equity, bonds=bonds, cash=cash, gold=gold, crypto=crypto).items()}
    )
    if not 1 <= leverage <= 10:
        raise ValueError("槓桿倍數請介於 1 到 10 之間（1 = 不借錢）。")
    sleeves = _sleeve_returns(path, int(n_paths), int(seed))  # the same draws as simulate_paths, cached
    w = np.array([weights.get(a, 0.0) for a in SLEEVES.values()])
    mine = _paths(sleeves @ w, regime_path(path), leverage, 1.0)
    bench = _benchmark_paths(path, int(n_paths), int(seed))
    band = np.percentile(mine.wealth, [5, 50, 95], axis=0)
    return {
        "weights": weights,
        "portfolio": mine.summary(),
        "benchmark": bench.summary(),
        "band": band,
        "benchmark_median": np.median(bench.wealth, axis=0),
    }


@functools.lru_cache(maxsize=8)
def _sleeve_returns(path: str, n_paths: int, seed: int) -> np.ndarray:
    return asset_returns(regime_path(path), list(SLEEVES.values()), _widget_shocks(path, n_paths, seed))


@functools.lru_cache(maxsize=8)
def _benchmark_paths(path: str, n_paths: int, seed: int) -> Paths:
    return simulate_paths(BENCHMARK, path, shocks=_widget_shocks(path, n_paths, seed))


def best_leverage(
    equity=100,
    bonds=0,
    cash=0,
    gold=0,
    crypto=0,
    path="history",
    grid=LEVERAGE_GRID,
    n_paths=WIDGET_PATHS,
    seed=WIDGET_SEED,
) -> float:
    """The leverage on ``grid`` with the highest median final wealth in the portfolio builder (same simulation as
    the widget). Introduced in 第 6 章."""
    medians = [
        builder_stats(equity, bonds, cash, gold, crypto, lev, path, n_paths, seed)["portfolio"]["median_final"]
        for lev in grid
    ]
    return float(grid[int(np.argmax(medians))])


def leverage_curve(weights, path="cycle", grid=LEVERAGE_GRID, n_paths=WIDGET_PATHS, seed=WIDGET_SEED) -> pd.DataFrame:
    """Mean and median final wealth and the share of wiped-out paths for each leverage on ``grid`` (same simulated
    markets as the portfolio builder). The mean keeps rising with leverage while the median turns down: the
    volatility drag. Introduced in 第 6 章."""
    weights = normalise_weights(weights)
    shocks = _widget_shocks(path, int(n_paths), int(seed)) if isinstance(path, str) else None
    rows = {}
    for lev in grid:
        final = simulate_paths(weights, path, n_paths=n_paths, seed=seed, leverage=lev, shocks=shocks).wealth[:, -1]
        paths = simulate_paths(weights, path, n_paths=n_paths, seed=seed, leverage=lev, shocks=shocks)
        rows[float(lev)] = {
            "mean_final": float(final.mean()),
            "median_final": float(np.median(final)),
            "margin_call_pct": 100 * float(np.mean(paths.forced_sale)),
            "ruin_pct": 100 * float(np.mean(final <= 0)),
        }
    out = pd.DataFrame(rows).T
    out.index.name = "leverage"
    return out


def rule_vs_benchmark(
    rules: dict,
    table: pd.DataFrame | None = None,
    n_paths: int = 1000,
    seed: int = 6,
    benchmark: dict = BENCHMARK,
    cost_bp: float = 10.0,
) -> np.ndarray:
    """Annualised return of the regime rules (applied to the regime as known each month, 2008–2026) minus that
    of the benchmark, in percentage points, on ``n_paths`` simulated markets drawn from ``table`` (default: the
    course's assumptions; try :func:`neutral_assumptions`). Switching costs: each month the rules change
    weights, ``cost_bp`` basis points per unit of turnover (sum of absolute weight changes, as in ``backtest``)
    are taken off the rules' return; the fixed benchmark pays none (drift rebalancing is ignored for both).
    Introduced in 第 6 章."""
    if not 0 <= cost_bp <= 500:
        raise ValueError("交易成本請介於 0 到 500 個基點之間。")
    weights = rule_weights(rules)
    path = regime_calendar()["in_force"].tolist()
    shocks = draw_shocks(n_paths, len(path), seed)
    rule_paths = simulate_paths(weights, path, shocks=shocks, table=table)
    turnover = np.abs(weights.diff().fillna(0.0).to_numpy()).sum(axis=1)[: len(path)]
    net = rule_paths.returns - turnover[None, :] * cost_bp / 1e4
    a = np.prod(np.maximum(1 + net, 0.0), axis=1)
    b = simulate_paths(benchmark, path, shocks=shocks, table=table).wealth[:, -1]
    years = len(path) / 12
    return 100 * (np.power(np.maximum(a, 0), 1 / years) - np.power(np.maximum(b, 0), 1 / years))


def switching_cost_pp(rules: dict, cost_bp: float = 10.0) -> float:
    """Approximate yearly drag (percentage points) of switching costs for regime rules over 2008–2026: total
    turnover × ``cost_bp`` / number of years. Introduced in 第 6 章."""
    weights = rule_weights(rules)
    turnover = float(np.abs(weights.diff().fillna(0.0).to_numpy()).sum())
    return turnover * cost_bp / 100 / (len(weights) / 12)


def dip_buying(
    path="qt3", dip_pct: float = 10.0, n_paths: int = 2000, seed: int = 7, asset: str = "equity_broad"
) -> dict:
    """Buy now, or hold cash until the asset has fallen ``dip_pct`` % from its running peak and buy then?

    Both start with wealth 1 on the same simulated markets. Returns percentages: the share of paths where waiting
    ends with more wealth, the share where the dip never came (cash all along), and the median final wealth of
    each. Introduced in 第 6 章."""
    if not 0 < dip_pct < 100:
        raise ValueError("回檔幅度請介於 0 到 100（百分比），例如 10。")
    months_path = regime_path(path) if isinstance(path, str) else list(path)
    shocks = draw_shocks(n_paths, len(months_path), seed)
    rets = asset_returns(months_path, [asset, "cash"], shocks)
    eq, cash = 1 + rets[..., 0], 1 + rets[..., 1]
    now = np.cumprod(eq, axis=1)
    index = np.concatenate([np.ones((n_paths, 1)), now], axis=1)
    hit = drawdown(index)[:, 1:] <= -dip_pct / 100
    fired = hit.any(axis=1)
    when = np.where(fired, hit.argmax(axis=1), len(months_path) - 1)  # buy at the end of that month
    cash_growth = np.cumprod(cash, axis=1)
    held_cash = cash_growth[np.arange(n_paths), when]
    eq_after = now[:, -1] / now[np.arange(n_paths), when]
    wait = np.where(fired, held_cash * eq_after, cash_growth[:, -1])
    return {
        "wait_wins_pct": 100 * float(np.mean(wait > now[:, -1])),
        "never_dipped_pct": 100 * float(np.mean(~fired)),
        "median_final_now": float(np.median(now[:, -1])),
        "median_final_wait": float(np.median(wait)),
    }
