"""Policy regimes, allocation rules, a look-ahead-safe backtest and a Monte Carlo of portfolios (第 6 章 投資人策略).

Everything here is a teaching model, not investment advice. Market returns are either **assumed**
(``data/portfolio_regime_assumptions.csv``: every row says it is an assumption and what it is loosely based on) or
**approximated** from FRED yields that the learner downloads. Nothing in this module is an index history.

Conventions: inside the model returns are fractions per month (0.01 = 1 %); everything a learner reads
(tables, summaries, function results whose name ends in ``_pct``) is in percent. Wealth starts at 1.

The look-ahead guard is structural. A strategy is a function ``strategy(info) -> {asset: weight}`` that receives an
:class:`InformationSet`: a view of the data *truncated at the decision date*. Programmes are visible from their FOMC
announcement date, a programme's end only once it has happened, H.4.1 figures one day after their date, market
returns only for months that are over. Asking the view for anything later raises :class:`LookAheadError`, and the
backtest's audit re-runs every decision with the market's future blanked out, so a strategy that reads the future
through a back door (a variable holding the whole market) fails loudly too.
"""
from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np
import pandas as pd

from helpers import data, inputs, timeline
from helpers.style import PALETTE
from helpers.style import REGIME_COLORS as _KIND_COLORS

# --------------------------------------------------------------------------------------------- vocabulary
REGIMES = ("QE", "taper", "QT", "post_QT", "none")
REGIME_LABELS = {"QE": "量化寬鬆 QE", "taper": "縮減購債", "QT": "量化緊縮 QT", "post_QT": "後 QT", "none": "無購債或縮表"}
REGIME_COLORS = {"QE": _KIND_COLORS["QE"], "taper": _KIND_COLORS["taper"], "QT": _KIND_COLORS["QT"],
                 "post_QT": _KIND_COLORS["reserve_management"], "none": PALETTE["grey"]}

ASSETS = ("cash", "short_bonds", "long_bonds", "floating_rate", "tips", "equity_broad", "equity_growth",
          "equity_value", "equity_defensive", "gold", "reits", "commodities", "crypto")
ASSET_LABELS = {
    "cash": "現金（貨幣市場）", "short_bonds": "短期公債（約 2 年）", "long_bonds": "長期公債（約 10 年）",
    "floating_rate": "浮動利率債", "tips": "抗通膨公債", "equity_broad": "大盤股票", "equity_growth": "成長股",
    "equity_value": "價值股", "equity_defensive": "防禦型股票", "gold": "黃金", "reits": "不動產投資信託",
    "commodities": "原物料", "crypto": "加密資產",
}

# How each kind of programme in fed_programs maps to an investor's regime. Operation Twist lowered long-term
# yields without enlarging the balance sheet, so it counts as easing; reserve-management bill purchases follow QT.
KIND_TO_REGIME = {"QE": "QE", "twist": "QE", "taper": "taper", "QT": "QT", "reserve_management": "post_QT"}
_PRIORITY = ("taper", "QT", "QE", "post_QT")  # when programmes overlap, the more specific label wins

# Days after its date that a row of a curated table is public. H.4.1 (Wednesday levels) comes out on Thursday;
# FOMC statements and target changes are public on their date. A row is visible when date + lag < decision date.
PUBLICATION_LAG_DAYS = {"fed_programs": 0, "fed_funds_target": 0, "fed_balance_sheet_milestones": 1}

CALENDAR_START = "2008-01-01"
BENCHMARK = {"equity_broad": 0.6, "long_bonds": 0.4}  # the 60/40 benchmark: broad equities and long Treasuries

# The seed articles' recommendations written as allocation rules (claims to test, not advice).
SEED_RULES = {
    "QE": {"equity_growth": 0.35, "equity_broad": 0.15, "reits": 0.10, "gold": 0.10, "tips": 0.15,
           "long_bonds": 0.10, "crypto": 0.05},
    "taper": {"equity_defensive": 0.25, "equity_value": 0.15, "equity_broad": 0.10, "cash": 0.20,
              "short_bonds": 0.20, "gold": 0.10},
    "QT": {"equity_defensive": 0.20, "equity_value": 0.20, "short_bonds": 0.20, "floating_rate": 0.15,
           "cash": 0.15, "gold": 0.10},
    "post_QT": {"equity_growth": 0.35, "equity_broad": 0.15, "long_bonds": 0.30, "reits": 0.10, "gold": 0.05,
                "crypto": 0.05},
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
# (weak side) per US dollar, symmetric around 7.80, in force since 2005 (HKMA press release, 18 May 2005).
HKD_BAND = (7.75, 7.85)


class LookAheadError(RuntimeError):
    """A strategy asked for, or used, information published on or after its decision date. Introduced in 第 6 章."""


def _ts(date) -> pd.Timestamp:
    try:
        return pd.Timestamp(date)
    except (TypeError, ValueError):
        raise ValueError(f"看不懂日期「{date}」。請寫成 \"2022-05-20\" 這樣的格式。") from None


# ------------------------------------------------------------------------------------------------- regimes
def classify(programmes: pd.DataFrame, date, by: str = "start") -> str:
    """The regime on ``date`` given a table of programmes (columns kind, announced, start, end).

    ``by="start"``: a programme counts from its first day of operations (what was *in force*).
    ``by="announced"``: it counts from its FOMC announcement (what an investor *knew*).
    An empty ``end`` means still running. After the last QT ends (and during reserve-management purchases that
    follow it) the regime is ``post_QT`` until the next programme; otherwise, with nothing running, ``none``.
    Introduced in 第 6 章.
    """
    if by not in ("start", "announced"):
        raise ValueError('by 只能是 "start"（開始執行日）或 "announced"（FOMC 宣布日）。')
    return _classify(_records(programmes, by), _ts(date))


def _records(programmes: pd.DataFrame, by: str) -> tuple:
    return tuple((kind, begin, end) for kind, begin, end in
                 zip(programmes["kind"], programmes[by], programmes["end"]))


def _classify(records: tuple, ts: pd.Timestamp) -> str:
    active, last_end, last_kind = set(), None, None
    for kind, begin, end in records:
        if pd.isna(begin) or begin > ts:
            continue
        if pd.isna(end) or ts <= end:
            active.add(KIND_TO_REGIME[kind])
        elif kind != "reserve_management" and (last_end is None or end > last_end or
                                               (end == last_end and kind == "QT")):
            last_end, last_kind = end, kind
    for regime in _PRIORITY:
        if regime in active:
            return regime
    return "post_QT" if last_kind == "QT" else "none"


def regime_in_force(date) -> str:
    """The regime the Fed's operations were in on ``date`` (programmes from their first day). Introduced in 第 6 章."""
    return classify(timeline.programs(), date, by="start")


def known_regime(date) -> str:
    """The regime an investor could know at the start of ``date`` from FOMC announcements published before it.

    Equivalent to ``InformationSet(date).regime()``. Introduced in 第 6 章.
    """
    return InformationSet(date).regime()


@functools.lru_cache(maxsize=4)
def _calendar(start: str, end: str) -> pd.DataFrame:
    months = pd.date_range(start, end, freq="MS")
    full = tuple((kind, start, end) for kind, _ann, start, end in _programme_rows())
    rows = [(_classify(full, month + pd.Timedelta(days=14)), _classify(_known_records(month), month))
            for month in months]
    return pd.DataFrame(rows, index=pd.DatetimeIndex(months, name="month"), columns=["in_force", "known"])


def regime_calendar(start=CALENDAR_START, end=None) -> pd.DataFrame:
    """One row per month: ``in_force`` (the regime on the 15th, by programme start dates) and ``known`` (what an
    investor deciding on the 1st could know from announcements before it). Default: 2008-01 to the course's last
    data month. Introduced in 第 6 章."""
    stop = _ts(end) if end is not None else timeline.last_data_date()
    return _calendar(str(_ts(start).date()), str(stop.date())).copy()


def regime_handles():
    """Legend patches (one per regime, in ``REGIMES`` order) for charts coloured by regime. Introduced in 第 6 章."""
    from matplotlib.patches import Patch
    return [Patch(color=REGIME_COLORS[r], label=REGIME_LABELS[r]) for r in REGIMES]


# -------------------------------------------------------------------------------------- information guard
def _visible_programmes(asof: pd.Timestamp) -> pd.DataFrame:
    df = timeline.programs()
    df = df[df["announced"] < asof].copy()
    df.loc[df["end"] >= asof, "end"] = pd.NaT  # that it ended is not known yet
    return df.reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _programme_rows() -> tuple:
    df = timeline.programs()
    return tuple(zip(df["kind"], df["announced"], df["start"], df["end"]))


def _known_records(asof: pd.Timestamp) -> tuple:
    """Records (kind, announced, end) of the programmes announced before ``asof``; an end not yet passed is NaT."""
    return tuple((kind, ann, end if (not pd.isna(end) and end < asof) else pd.NaT)
                 for kind, ann, _start, end in _programme_rows() if ann < asof)


class InformationSet:
    """What a strategy may know when it decides at the start of ``asof``: everything published before it.

    ``returns`` — market returns of the months already over (a copy); ``history(asset, start, end)`` — the same,
    with a guard on ``end``; ``programmes()`` — the Fed's programmes announced before ``asof`` (an end date appears
    only once it has passed); ``fed_funds()`` — target changes before ``asof``; ``balance_sheet()`` — H.4.1
    milestones published before ``asof``; ``regime()`` — the regime as known; ``regime_at(date)`` — for earlier
    dates only. Asking for ``asof`` or later raises :class:`LookAheadError`. Introduced in 第 6 章.
    """

    def __init__(self, asof, returns: pd.DataFrame | None = None):
        self.asof = _ts(asof)
        self._returns = returns if returns is not None else pd.DataFrame()

    def __repr__(self):
        return f"InformationSet(asof={self.asof.date()}, months_of_returns={len(self._returns)})"

    def _guard(self, date, what="資料"):
        ts = _ts(date)
        if ts >= self.asof:
            raise LookAheadError(
                f"偷看未來！決定日是 {self.asof.date()}，策略卻要了 {ts.date()} 的{what}。"
                "只有在決定日之前公布的資訊可以用。")
        return ts

    @property
    def returns(self) -> pd.DataFrame:
        """Monthly returns (fractions) of the months that ended before ``asof``."""
        return self._returns.copy()

    def history(self, asset=None, start=None, end=None):
        """Returns up to ``end`` (inclusive; must be before ``asof``), optionally of one asset."""
        df = self._returns
        if end is not None:
            df = df.loc[: self._guard(end, "報酬")]
        if start is not None:
            df = df.loc[_ts(start):]
        if asset is None:
            return df.copy()
        if asset not in df.columns:
            raise ValueError(f"沒有資產「{asset}」。可用：{'、'.join(df.columns)}。")
        return df[asset].copy()

    def programmes(self) -> pd.DataFrame:
        """The Fed's programmes announced before ``asof``; ``end`` is empty unless it is already past."""
        return _visible_programmes(self.asof)

    def _table(self, name, column):
        df = data.load(name)
        lag = pd.Timedelta(days=PUBLICATION_LAG_DAYS[name])
        return df[df[column] + lag < self.asof].reset_index(drop=True)

    def fed_funds(self) -> pd.DataFrame:
        """FOMC target-range changes announced before ``asof`` (percent)."""
        return self._table("fed_funds_target", "date")

    def balance_sheet(self) -> pd.DataFrame:
        """H.4.1 total-asset milestones published before ``asof`` (USD bn; H.4.1 comes out the next day)."""
        return self._table("fed_balance_sheet_milestones", "date")

    def regime(self) -> str:
        """The regime as known at ``asof`` (programmes count from their announcement)."""
        return _classify(_known_records(self.asof), self.asof)

    def regime_at(self, date) -> str:
        """The regime on an earlier ``date``, as it is known at ``asof``."""
        ts = self._guard(date, "政策階段")
        return _classify(_known_records(self.asof), ts)


# ------------------------------------------------------------------------------------------- assumptions
@functools.lru_cache(maxsize=1)
def _assumptions_cached() -> pd.DataFrame:
    df = data.load("portfolio_regime_assumptions")
    missing = [(r, a) for r in REGIMES for a in ASSETS
               if not ((df["regime"] == r) & (df["asset"] == a)).any()]
    if missing:
        raise data.DataError(f"data/portfolio_regime_assumptions.csv lacks rows for {missing[:3]}; "
                             "every regime needs every asset")
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
    m, s, r, d = (g[c].reindex(idx).to_numpy(dtype=float).reshape(shape) for c in
                  ("mean_return_pct", "volatility_pct", "risk_loading", "rate_loading"))
    if np.isnan(m).any() or np.isnan(s).any():
        raise ValueError("假設表缺少某些資產或政策階段。")
    m, s = m / 100, s / 100
    gross = 1 + m
    v = np.log1p((s / gross) ** 2)  # annual log-variance of a lognormal with this mean and sd
    sd = np.sqrt(v / 12)
    u = np.sqrt(np.clip(1 - r ** 2 - d ** 2, 0, None))
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
        raise ValueError("權重請用字典表示，例如 {\"equity_broad\": 60, \"long_bonds\": 40}。")
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
        return (f"Market({kind}, {self.returns.index[0]:%Y-%m}–{self.returns.index[-1]:%Y-%m}, "
                f"{len(self.returns)} 個月, 資產: {', '.join(self.returns.columns)})")


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
    r = y.shift(1) / 12 - duration * dy + 0.5 * convexity * dy ** 2
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
    return Market(frame, cal["in_force"].reindex(frame.index),
                  "由 FRED 殖利率推算的近似報酬（現金、2 年與 10 年期公債）：近似值，不是指數", assumed=False)


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


def backtest(strategy, market: Market, start=None, end=None, leverage: float = 1.0,
             borrow_spread_pct: float = 1.0, cost_bp: float = 10.0, audit: bool = True) -> BacktestResult:
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
            "它讀了決定日之後的資料（例如直接讀整個 market.returns）。請只用 info 裡的資料。") from exc
    finally:
        rets.iloc[t:] = saved
    if any(abs(weights.get(a, 0.0) - again.get(a, 0.0)) > 1e-9 for a in assets):
        raise LookAheadError(
            f"偷看未來！把 {asof.date()} 以後的報酬遮住後，策略在這一天的權重變了："
            "它用到了決定日之後才知道的資料。請只用 info 裡的資料。")


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
    return {"annual_return_pct": 100 * (final ** (12 / months) - 1) if final > 0 else -100.0,
            "annual_vol_pct": 100 * float(np.std(monthly, ddof=1)) * math.sqrt(12) if months > 1 else 0.0,
            "max_drawdown_pct": 100 * max_drawdown(np.concatenate([[1.0], wealth])),
            "final_wealth": final}


SUMMARY_LABELS = {
    "annual_return_pct": "年化報酬（%）", "annual_vol_pct": "年化波動（%）", "max_drawdown_pct": "最大回撤（%）",
    "final_wealth": "期末財富（起點 = 1）", "median_return_pct": "年化報酬中位數（%）",
    "median_vol_pct": "年化波動中位數（%）", "median_max_drawdown_pct": "最大回撤中位數（%）",
    "median_final": "期末財富中位數", "p5_final": "期末財富第 5 百分位", "loss_pct": "虧損路徑（%）",
    "ruin_pct": "賠光路徑（%）", "wait_wins_pct": "等回檔勝出的路徑（%）", "never_dipped_pct": "始終等不到回檔（%）",
    "median_final_now": "立刻買進：期末財富中位數", "median_final_wait": "等回檔：期末財富中位數",
}


def summary_table(columns: dict) -> pd.DataFrame:
    """Summaries side by side (``{column name: summary dict}``) with Chinese row labels, rounded to 2 decimals.
    Introduced in 第 6 章."""
    return pd.DataFrame(columns).rename(index=SUMMARY_LABELS).round(2)


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
    "qe2": [("QE", 24)], "qt3": [("QT", 36)], "post_qt2": [("post_QT", 24)],
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

    def summary(self) -> dict:
        """Medians over paths (percent): annualised return, volatility, maximum drawdown; median and 5th-percentile
        final wealth; share of paths that lose money and that are wiped out."""
        months = self.returns.shape[1]
        final = self.wealth[:, -1]
        cagr = np.where(final > 0, np.power(np.maximum(final, 1e-300), 12 / months) - 1, -1.0)
        vol = self.returns.std(axis=1, ddof=1) * math.sqrt(12) if months > 1 else np.zeros(len(final))
        return {"median_return_pct": 100 * float(np.median(cagr)), "median_vol_pct": 100 * float(np.median(vol)),
                "median_max_drawdown_pct": 100 * float(np.median(max_drawdown(self.wealth))),
                "median_final": float(np.median(final)), "p5_final": float(np.percentile(final, 5)),
                "loss_pct": 100 * float(np.mean(final < 1)), "ruin_pct": 100 * float(np.mean(final <= 0))}


def simulate_paths(weights, path, n_paths: int = 1000, seed: int = 0, leverage: float = 1.0,
                   borrow_spread_pct: float = 1.0, shocks: np.ndarray | None = None,
                   table: pd.DataFrame | None = None) -> Paths:
    """Monte Carlo of a portfolio rebalanced monthly along a regime ``path`` (list of regimes or scenario name).

    ``weights``: a dict asset → weight summing to 1 (see :func:`normalise_weights`), or a DataFrame with one row of
    weights per month. Leverage L: L × portfolio − (L − 1) × (assumed cash + ``borrow_spread_pct``); wealth that
    would go below zero stays at zero. Pass the same ``shocks`` (:func:`draw_shocks`) to compare portfolios on
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
    return _paths((rets * w[None, :, :]).sum(axis=-1), months_path, leverage, borrow_spread_pct, table)


def _paths(port, months_path, leverage, borrow_spread_pct, table=None) -> Paths:
    """Monthly portfolio returns → levered returns and wealth paths (ruin stops at zero)."""
    if leverage != 1:
        cash = _param_arrays(table, ["cash"])["cash"][_regime_codes(months_path), 0]
        port = leverage * port - (leverage - 1) * (cash + borrow_spread_pct / 100) / 12
    growth = np.cumprod(np.maximum(1 + port, 0.0), axis=1)
    wealth = np.concatenate([np.ones((growth.shape[0], 1)), growth], axis=1)
    return Paths(port, wealth)


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


def builder_stats(equity=60, bonds=40, cash=0, gold=0, crypto=0, leverage=1.0, path="history",
                  n_paths=WIDGET_PATHS, seed=WIDGET_SEED) -> dict:
    """What the portfolio builder shows: slider positions (any non-negative numbers, normalised) for broad
    equities, long Treasuries, cash, gold and crypto, a leverage and a scenario → summaries of the portfolio and of
    the 60/40 benchmark on the same simulated markets, plus the 5th/50th/95th percentile wealth paths.
    Percent units as in :meth:`Paths.summary`. Introduced in 第 6 章."""
    weights = normalise_weights({SLEEVES[k]: v for k, v in
                                 dict(equity=equity, bonds=bonds, cash=cash, gold=gold, crypto=crypto).items()})
    if not 1 <= leverage <= 10:
        raise ValueError("槓桿倍數請介於 1 到 10 之間（1 = 不借錢）。")
    sleeves = _sleeve_returns(path, int(n_paths), int(seed))  # the same draws as simulate_paths, cached
    w = np.array([weights.get(a, 0.0) for a in SLEEVES.values()])
    mine = _paths(sleeves @ w, regime_path(path), leverage, 1.0)
    bench = _benchmark_paths(path, int(n_paths), int(seed))
    band = np.percentile(mine.wealth, [5, 50, 95], axis=0)
    return {"weights": weights, "portfolio": mine.summary(), "benchmark": bench.summary(),
            "band": band, "benchmark_median": np.median(bench.wealth, axis=0)}


@functools.lru_cache(maxsize=8)
def _sleeve_returns(path: str, n_paths: int, seed: int) -> np.ndarray:
    return asset_returns(regime_path(path), list(SLEEVES.values()), _widget_shocks(path, n_paths, seed))


@functools.lru_cache(maxsize=8)
def _benchmark_paths(path: str, n_paths: int, seed: int) -> Paths:
    return simulate_paths(BENCHMARK, path, shocks=_widget_shocks(path, n_paths, seed))


def best_leverage(equity=100, bonds=0, cash=0, gold=0, crypto=0, path="history", grid=LEVERAGE_GRID,
                  n_paths=WIDGET_PATHS, seed=WIDGET_SEED) -> float:
    """The leverage on ``grid`` with the highest median final wealth in the portfolio builder (same simulation as
    the widget). Introduced in 第 6 章."""
    medians = [builder_stats(equity, bonds, cash, gold, crypto, lev, path, n_paths, seed)["portfolio"]["median_final"]
               for lev in grid]
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
        rows[float(lev)] = {"mean_final": float(final.mean()), "median_final": float(np.median(final)),
                            "ruin_pct": 100 * float(np.mean(final <= 0))}
    out = pd.DataFrame(rows).T
    out.index.name = "leverage"
    return out


def rule_vs_benchmark(rules: dict, table: pd.DataFrame | None = None, n_paths: int = 1000, seed: int = 6,
                      benchmark: dict = BENCHMARK) -> np.ndarray:
    """Annualised return of the regime rules (applied to the regime as known each month, 2008–2026) minus that
    of the benchmark, in percentage points, on ``n_paths`` simulated markets drawn from ``table`` (default: the
    course's assumptions; try :func:`neutral_assumptions`). Introduced in 第 6 章."""
    weights = rule_weights(rules)
    path = regime_calendar()["in_force"].tolist()
    shocks = draw_shocks(n_paths, len(path), seed)
    a = simulate_paths(weights, path, shocks=shocks, table=table).wealth[:, -1]
    b = simulate_paths(benchmark, path, shocks=shocks, table=table).wealth[:, -1]
    years = len(path) / 12
    return 100 * (np.power(np.maximum(a, 0), 1 / years) - np.power(np.maximum(b, 0), 1 / years))


def dip_buying(path="qt3", dip_pct: float = 10.0, n_paths: int = 2000, seed: int = 7,
               asset: str = "equity_broad") -> dict:
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
    return {"wait_wins_pct": 100 * float(np.mean(wait > now[:, -1])), "never_dipped_pct": 100 * float(np.mean(~fired)),
            "median_final_now": float(np.median(now[:, -1])), "median_final_wait": float(np.median(wait))}


# ----------------------------------------------------------------------------------- Taiwan and Hong Kong
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


def policy_rates(start="2008-01-01", end=None) -> pd.DataFrame:
    """Month-end policy rates (percent): the top of the FOMC target range and the CBC discount rate (台灣重貼現率),
    carried forward between decisions, and their gap. From the course tables fed_funds_target and
    taiwan_discount_rate. Introduced in 第 6 章."""
    stop = _ts(end) if end is not None else timeline.last_data_date()
    months = pd.date_range(_ts(start), stop, freq="ME")
    us = data.load("fed_funds_target").set_index("date")["upper"]
    tw = data.load("taiwan_discount_rate").set_index("date")["rate"]
    out = pd.DataFrame({"us_upper_pct": us.reindex(us.index.union(months)).ffill().reindex(months),
                        "tw_discount_pct": tw.reindex(tw.index.union(months)).ffill().reindex(months)})
    out["gap_pct"] = out["us_upper_pct"] - out["tw_discount_pct"]
    out.index.name = "month_end"
    return out
