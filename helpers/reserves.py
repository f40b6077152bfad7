"""How the Fed sets short-term rates with a large balance sheet: the floor system (第 2 章 量化緊縮的機制).

* :class:`Corridor` — the administered rates on a date: the ON RRP offering rate (the floor), the interest on
  reserve balances (IORB), the standing repo facility (SRF) minimum bid rate (the ceiling; none before 2021)
  and the federal funds target range. :func:`corridor` reads them from ``qt_floor_system``.
* :func:`market_rate` — an illustrative reserve demand curve: the overnight money-market rate (repo / federal
  funds) as a function of the supply of reserves. With abundant reserves the rate sits on the ON RRP floor;
  as reserves fall it rises, reaches IORB at ``ample_at_tn`` and climbs steeply below it (scarce); an SRF caps
  it at the SRF rate. 這是簡化模型: the curve's shape and position are the course's assumptions, not estimates.
* :func:`regime` — abundant / ample / scarce for a reserve level on that curve.
* :func:`reserves_identity` — reserves = total assets − currency − TGA − ON RRP − other liabilities − capital.
* :func:`qt_month` — a month of Treasury runoff in T-accounts (:mod:`helpers.balance_sheet`): which liability
  falls depends on who buys the new Treasury debt.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import balance_sheet as bs
from helpers.data import load

MAX_PREMIUM_PP = 8.0  # the uncapped curve is clipped this far above the floor (percentage points)
DEFAULT_WIDTH_TN = 0.20  # how fast the rate rises below the ample point (USD tn per e-fold); an assumption
ABUNDANT_SHARE = 0.25  # abundant: the rate is within this share of the floor→IORB gap above the floor

REGIME_LABELS = {"abundant": "充裕（abundant）", "ample": "充足（ample）", "scarce": "稀缺（scarce）"}


@dataclass(frozen=True)
class Corridor:
    """Administered rates in percent per year. ``srf`` is ``None`` where no standing repo facility existed."""

    on_rrp: float
    iorb: float
    target_low: float
    target_high: float
    srf: float | None = None

    def __post_init__(self):
        if not self.on_rrp <= self.iorb <= self.target_high:
            raise ValueError(f"rates out of order: ON RRP {self.on_rrp} ≤ IORB {self.iorb} ≤ top {self.target_high}")
        if self.srf is not None and self.srf < self.iorb:
            raise ValueError(f"the SRF rate {self.srf} must not be below IORB {self.iorb}")


def episodes() -> pd.DataFrame:
    """The table ``qt_floor_system`` (one row per episode). Introduced in 第 2 章."""
    return load("qt_floor_system")


def corridor(episode: str) -> Corridor:
    """The administered rates of an episode of ``qt_floor_system`` (``"2019-09"``, ``"2025-10"``, ``"2025-12"``)."""
    df = episodes().set_index("episode")
    if episode not in df.index:
        raise ValueError(f"沒有「{episode}」這個時點；可用的是：{'、'.join(df.index)}。")
    row = df.loc[episode]
    srf = None if pd.isna(row["srf_pct"]) else float(row["srf_pct"])
    return Corridor(
        float(row["on_rrp_pct"]), float(row["iorb_pct"]), float(row["target_low"]), float(row["target_high"]), srf
    )


def _tn(value, what) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{what}必須是不小於 0 的數字（單位：兆美元），你給的是 {value!r}。")
    return float(value)


def market_rate(
    reserves_tn, c: Corridor, ample_at_tn: float = 3.0, width_tn: float = DEFAULT_WIDTH_TN, srf: bool = True
):
    """The overnight money-market rate (% per year) at reserves ``reserves_tn`` (USD tn; a number or an array).

    rate = ON RRP + (IORB − ON RRP) · exp(−(reserves − ample_at) / width), clipped at ``MAX_PREMIUM_PP`` above
    the floor and, when ``srf`` is true and the corridor has an SRF, at the SRF rate. Non-increasing in
    reserves; equal to IORB at ``ample_at_tn`` (unless capped). 這是簡化模型 (第 2 章)."""
    ample = _tn(ample_at_tn, "充足與稀缺的分界")
    width = _tn(width_tn, "曲線寬度")
    if width == 0:
        raise ValueError("曲線寬度必須大於 0。")
    if reserves_tn is None or isinstance(reserves_tn, (str, bytes, bool)):
        raise ValueError(f"準備金必須是不小於 0 的數字（單位：兆美元），你給的是 {reserves_tn!r}。")
    r = np.asarray(reserves_tn, dtype=float)
    if np.any(~np.isfinite(r)) or np.any(r < 0):
        raise ValueError("準備金必須是不小於 0 的數字（單位：兆美元）。")
    gap = max(c.iorb - c.on_rrp, 0.01)
    exponent = np.minimum(-(r - ample) / width, 50.0)
    rate = c.on_rrp + np.minimum(gap * np.exp(exponent), MAX_PREMIUM_PP)
    if srf and c.srf is not None:
        rate = np.minimum(rate, c.srf)
    return float(rate) if np.ndim(rate) == 0 else rate


def regime(reserves_tn, c: Corridor, ample_at_tn: float = 3.0, width_tn: float = DEFAULT_WIDTH_TN) -> str:
    """``"abundant"``, ``"ample"`` or ``"scarce"`` for a reserve level on the (uncapped) curve: scarce when the
    rate is above IORB, abundant when it is within ``ABUNDANT_SHARE`` of the floor→IORB gap above the floor."""
    rate = market_rate(reserves_tn, c, ample_at_tn, width_tn, srf=False)
    gap = max(c.iorb - c.on_rrp, 0.01)
    if rate > c.on_rrp + gap + 1e-12:
        return "scarce"
    if rate <= c.on_rrp + ABUNDANT_SHARE * gap:
        return "abundant"
    return "ample"


def ample_threshold_for(
    c: Corridor, share: float = ABUNDANT_SHARE, ample_at_tn: float = 3.0, width_tn: float = DEFAULT_WIDTH_TN
) -> float:
    """Reserves (USD tn) above which the curve counts as abundant: ample_at + width · ln(1 / share)."""
    return ample_at_tn + width_tn * math.log(1 / share)


def srf_binds(reserves_tn, c: Corridor, ample_at_tn: float = 3.0, width_tn: float = DEFAULT_WIDTH_TN) -> bool:
    """True when the uncapped curve is above the SRF rate, so the SRF lends and caps the rate."""
    if c.srf is None:
        return False
    return market_rate(reserves_tn, c, ample_at_tn, width_tn, srf=False) > c.srf


# --------------------------------------------------------------------------------- liabilities identity
def reserves_identity(total_assets, currency, tga, on_rrp, other_liabilities=0.0, capital=0.0) -> float:
    """Reserves implied by the balance sheet (same unit as the inputs, e.g. USD bn):
    total assets − currency − TGA − ON RRP − other liabilities − capital. Introduced in 第 2 章."""
    values = {
        "總資產": total_assets,
        "通貨": currency,
        "TGA": tga,
        "ON RRP": on_rrp,
        "其他負債": other_liabilities,
        "資本": capital,
    }
    for name, v in values.items():
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
            raise ValueError(f"{name}必須是有限的數字，你給的是 {v!r}。")
    return float(total_assets - currency - tga - on_rrp - other_liabilities - capital)


def qt_month(system: bs.System, runoff_usd_bn, funded_by: str = "banks") -> bs.System:
    """One month of Treasury runoff, settled: the Fed's maturing Treasuries are repaid from the TGA and the
    Treasury refills the TGA by selling the same amount of new debt.

    ``funded_by="banks"``: the buyers pay from bank deposits, so reserves fall.
    ``funded_by="on_rrp"``: money-market funds take the cash out of the ON RRP to buy the new bills, so the
    ON RRP falls and reserves end unchanged. Returns the new :class:`helpers.balance_sheet.System`. 第 2 章."""
    if funded_by not in ("banks", "on_rrp"):
        raise ValueError(
            f"funded_by 只能是 'banks'（民間用銀行存款買）或 'on_rrp'（貨幣基金從 ON RRP 撤出），"
            f"你給的是 {funded_by!r}。"
        )
    amount = bs._amount(runoff_usd_bn, "到期金額")
    after = bs.rrp_change(system, -amount) if funded_by == "on_rrp" else system
    after = bs.tga_change(after, amount)  # the Treasury sells new debt into its account at the Fed
    return bs.runoff(after, amount, "treasuries")  # ... and repays the Fed's maturing securities from it


def qt_start_system() -> bs.System:
    """The course's simple system after QE, with money parked in the ON RRP (USD bn, illustrative round
    numbers of the order of 2022): the Fed buys 3,000 of Treasuries from the public, then money-market funds
    move 2,000 from bank deposits into the ON RRP. 這是簡化的示意數字. 第 2 章."""
    after_qe = bs.purchase(bs.simple_system(), 3000, "treasuries", "public")
    return bs.rrp_change(after_qe, 2000)


# ------------------------------------------------------------------------------------------ for the chapter
def episode_table() -> pd.DataFrame:
    """``qt_floor_system`` for display: dates as dates, rates in %, reserves and Fed repo lending in USD bn,
    "—" where nothing applies (no SRF in 2019, no weekly reserves in the course data for 2025-12-31). 第 2 章."""
    df = episodes()
    out = pd.DataFrame(
        {
            "日期": df["date"].dt.strftime("%Y-%m-%d"),
            "目標區間（%）": [f"{lo:.2f}–{hi:.2f}" for lo, hi in zip(df["target_low"], df["target_high"])],
            "ON RRP（%）": df["on_rrp_pct"].map("{:.2f}".format),
            "IORB（%）": df["iorb_pct"].map("{:.2f}".format),
            "SRF（%）": df["srf_pct"].map(lambda v: "—" if pd.isna(v) else f"{v:.2f}"),
            "準備金（十億美元）": df["reserves_usd_bn"].map(lambda v: "—" if pd.isna(v) else f"{v:,.0f}"),
            "聯準會附買回承作（十億美元）": df["fed_repo_usd_bn"].map(lambda v: "—" if pd.isna(v) else f"{v:,.1f}"),
        }
    )
    return out.set_index("日期")


def fed_funds_vs_range(start="2022-06-01", end="2025-12-01") -> pd.DataFrame:
    """Monthly effective federal funds rate (FRED ``FEDFUNDS``) and the target range in force on the first day
    of each month (``fed_funds_target``): columns ``month``, ``effr_pct``, ``lower_pct``, ``upper_pct`` and
    ``above_lower_bp`` (EFFR − lower bound, basis points). Months in which the range changed are left out (a
    monthly average would mix two ranges). 第 2 章."""
    from helpers.data import fred

    effr = fred("FEDFUNDS").loc[start:end]
    target = load("fed_funds_target").sort_values("date").set_index("date")
    rows = []
    for month, value in effr.items():
        rng = target.loc[:month].iloc[-1]
        if not target.loc[month : month + pd.offsets.MonthEnd(0)].empty and month not in target.index:
            continue  # the range changed during the month
        rows.append(
            {
                "month": month,
                "effr_pct": float(value),
                "lower_pct": float(rng["lower"]),
                "upper_pct": float(rng["upper"]),
                "above_lower_bp": round((value - rng["lower"]) * 100, 1),
            }
        )
    return pd.DataFrame(rows)
