"""Assumed regime-conditional returns, the assets they cover, and allocation weights.

Part of the ``helpers.portfolio`` package (第 6 章 投資人策略); see the package docstring.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from helpers import data
from helpers.vocab import INVESTOR_REGIMES as REGIMES

ASSETS = (
    "cash",
    "short_bonds",
    "long_bonds",
    "floating_rate",
    "tips",
    "equity_broad",
    "equity_growth",
    "equity_value",
    "equity_defensive",
    "gold",
    "reits",
    "commodities",
    "crypto",
)
ASSET_LABELS = {
    "cash": "現金（貨幣市場）",
    "short_bonds": "短期公債（約 2 年）",
    "long_bonds": "長期公債（約 10 年）",
    "floating_rate": "浮動利率債",
    "tips": "抗通膨公債",
    "equity_broad": "大盤股票",
    "equity_growth": "成長股",
    "equity_value": "價值股",
    "equity_defensive": "防禦型股票",
    "gold": "黃金",
    "reits": "不動產投資信託",
    "commodities": "原物料",
    "crypto": "加密資產",
}

BENCHMARK = {"equity_broad": 0.6, "long_bonds": 0.4}  # the 60/40 benchmark: broad equities and long Treasuries

# The seed articles' recommendations written as allocation rules (claims to test, not advice).
SEED_RULES = {
    "QE": {
        "equity_growth": 0.35,
        "equity_broad": 0.15,
        "reits": 0.10,
        "gold": 0.10,
        "tips": 0.15,
        "long_bonds": 0.10,
        "crypto": 0.05,
    },
    "taper": {
        "equity_defensive": 0.25,
        "equity_value": 0.15,
        "equity_broad": 0.10,
        "cash": 0.20,
        "short_bonds": 0.20,
        "gold": 0.10,
    },
    "QT": {
        "equity_defensive": 0.20,
        "equity_value": 0.20,
        "short_bonds": 0.20,
        "floating_rate": 0.15,
        "cash": 0.15,
        "gold": 0.10,
    },
    "post_QT": {
        "equity_growth": 0.35,
        "equity_broad": 0.15,
        "long_bonds": 0.30,
        "reits": 0.10,
        "gold": 0.05,
        "crypto": 0.05,
    },
    "none": dict(BENCHMARK),
}
# A bonds-and-cash version that runs on the FRED approximations (which only have these three assets).
BOND_RULES = {
    "QE": {"long_bonds": 0.7, "short_bonds": 0.3},
    "taper": {"short_bonds": 0.5, "cash": 0.5},
    "QT": {"short_bonds": 0.5, "cash": 0.5},
    "post_QT": {"long_bonds": 0.6, "short_bonds": 0.4},
    "none": {"long_bonds": 0.4, "short_bonds": 0.3, "cash": 0.3},
}

# Hong Kong's Linked Exchange Rate System: convertibility undertakings at HK$7.75 (strong side) and HK$7.85


# ------------------------------------------------------------------------------------------- assumptions
@functools.lru_cache(maxsize=1)
def _assumptions_cached() -> pd.DataFrame:
    df = data.load("portfolio_regime_assumptions")
    missing = [(r, a) for r in REGIMES for a in ASSETS if not ((df["regime"] == r) & (df["asset"] == a)).any()]
    if missing:
        raise data.DataError(
            f"data/portfolio_regime_assumptions.csv lacks rows for {missing[:3]}; every regime needs every asset"
        )
    loading = df["risk_loading"] ** 2 + df["rate_loading"] ** 2
    if (loading > 1 + 1e-9).any():
        raise data.DataError("data/portfolio_regime_assumptions.csv: risk_loading² + rate_loading² must be ≤ 1")
    return df


def assumptions() -> pd.DataFrame:
    """The assumed regime-conditional returns (a copy of ``portfolio_regime_assumptions``). Introduced in 第 6 章."""
    return _assumptions_cached().copy()


def assumption_grid(field: str = "mean_return_pct", table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Assets × regimes table of one assumption field (percent per year for the return and volatility; loadings
    are unitless). Introduced in 第 6 章."""
    df = table if table is not None else _assumptions_cached()
    return df.pivot(index="asset", columns="regime", values=field).loc[list(ASSETS), list(REGIMES)]


def neutral_assumptions() -> pd.DataFrame:
    """The same table with every asset's mean, volatility and loadings averaged over the regimes: a world in which
    the regime does not matter (the null hypothesis against which the seeds' claims are tested). Introduced in 第 6 章."""
    df = assumptions()
    cols = ["mean_return_pct", "volatility_pct", "risk_loading", "rate_loading"]
    avg = df.groupby("asset")[cols].transform("mean")
    df[cols] = avg
    return df


def _param_arrays(table: pd.DataFrame | None, assets) -> dict:
    """Per regime (rows in REGIMES order) × asset: monthly log-mean ``mu``, the log-sd split into the loadings on
    the two common shocks and the idiosyncratic one (``a``, ``b``, ``c``), and the assumed cash return (fraction)."""
    full = _default_params() if table is None else _compute_params(table)
    cols = [ASSETS.index(a) for a in assets]
    return {k: v[:, cols] for k, v in full.items()}


@functools.lru_cache(maxsize=1)
def _default_params() -> dict:
    return _compute_params(_assumptions_cached())


def _compute_params(table: pd.DataFrame) -> dict:
    g = table.set_index(["regime", "asset"])
    idx = pd.MultiIndex.from_product([REGIMES, list(ASSETS)])
    shape = (len(REGIMES), len(ASSETS))
    m, s, r, d = (
        g[c].reindex(idx).to_numpy(dtype=float).reshape(shape)
        for c in ("mean_return_pct", "volatility_pct", "risk_loading", "rate_loading")
    )
    if np.isnan(m).any() or np.isnan(s).any():
        raise ValueError("假設表缺少某些資產或政策階段。")
    m, s = m / 100, s / 100
    gross = 1 + m
    v = np.log1p((s / gross) ** 2)  # annual log-variance of a lognormal with this mean and sd
    sd = np.sqrt(v / 12)
    u = np.sqrt(np.clip(1 - r**2 - d**2, 0, None))
    return {"mu": (np.log(gross) - v / 2) / 12, "a": sd * r, "b": sd * d, "c": sd * u, "cash": m}


def implied_correlation(asset_a: str, asset_b: str, table: pd.DataFrame | None = None) -> pd.Series:
    """The correlation between two assets' monthly log returns implied by the assumed loadings, per regime:
    risk_a·risk_b + rate_a·rate_b (the idiosyncratic shocks are independent). Introduced in 第 6 章."""
    for a in (asset_a, asset_b):
        if a not in ASSETS:
            raise ValueError(f"沒有資產「{a}」。可用：{'、'.join(ASSETS)}。")
    grid_r = assumption_grid("risk_loading", table)
    grid_d = assumption_grid("rate_loading", table)
    if asset_a == asset_b:
        return pd.Series(1.0, index=list(REGIMES))
    out = grid_r.loc[asset_a] * grid_r.loc[asset_b] + grid_d.loc[asset_a] * grid_d.loc[asset_b]
    out.name = f"{asset_a} × {asset_b}"
    return out


# ---------------------------------------------------------------------------------------------- weights
def normalise_weights(weights) -> dict:
    """Scale non-negative weights (a dict asset → number, e.g. slider positions) so that they sum to 1.

    Zero weights are dropped. Raises ValueError (zh-TW) for negative, non-numeric or all-zero weights, or an
    unknown asset. Introduced in 第 6 章.
    """
    if not isinstance(weights, dict) or not weights:
        raise ValueError('權重請用字典表示，例如 {"equity_broad": 60, "long_bonds": 40}。')
    clean = {}
    for asset, w in weights.items():
        if asset not in ASSETS:
            raise ValueError(f"沒有資產「{asset}」。可用：{'、'.join(ASSETS)}。")
        try:
            value = float(w)
        except (TypeError, ValueError):
            raise ValueError(f"「{asset}」的權重不是數字：{w!r}。") from None
        if math.isnan(value) or value < 0:
            raise ValueError(f"「{asset}」的權重是 {w}：不能是負數或 NaN（本章不放空）。")
        if value > 0:
            clean[asset] = value
    total = sum(clean.values())
    if total <= 0:
        raise ValueError("所有權重都是 0：至少要放一點錢在某個資產上。")
    return {a: v / total for a, v in clean.items()}


def _check_weights(weights, assets, when="", who="策略") -> dict:
    if not isinstance(weights, dict):
        raise ValueError(f"{who}{when}要是字典 {{資產: 權重}}，卻是 {type(weights).__name__}。")
    out = {}
    for asset, w in weights.items():
        if asset not in assets:
            raise ValueError(f"{who}{when}用了市場裡沒有的資產「{asset}」。可用：{'、'.join(assets)}。")
        try:
            value = float(w)
        except (TypeError, ValueError):
            raise ValueError(f"{who}{when}給「{asset}」的權重不是數字：{w!r}。") from None
        if not math.isfinite(value) or value < -1e-12:
            raise ValueError(f"{who}{when}給「{asset}」的權重是 {w}：必須是有限的非負數。")
        out[asset] = max(value, 0.0)
    total = sum(out.values())
    if abs(total - 1) > 1e-6:
        raise ValueError(f"{who}{when}的權重加總是 {total:.4f}，不是 1。可以先用 normalise_weights() 正規化。")
    return out
