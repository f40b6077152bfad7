"""QE mechanics in numbers: a purchase's T-accounts, the yield-effect range, the 2020 speed (第 1 章).

* :func:`qe_purchase` — a purchase of a given size and Treasury/MBS mix → the change in every T-account
  (USD bn), built on :mod:`helpers.balance_sheet`.
* :func:`yield_effect_estimates` / :func:`yield_effect_range` — published estimates of the 10-year yield
  effect, normalised by the course to basis points per USD 100 bn, and the implied range for a purchase.
  Always a range: the estimates differ by a factor of five.
* :func:`episode_growth` — how fast the Fed's balance sheet grew in 2008 and in 2020 (H.4.1 data).
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import pandas as pd

from helpers import balance_sheet as bs
from helpers.data import load

MAX_PURCHASE_USD_BN = 3000.0  # the simulator's range; simple_system() holds enough securities for it


def _size(value, what="購買金額", upper=None) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{what}必須是數字（單位：十億美元），你給的是 {value!r}。")
    value = float(value)
    if value < 0:
        raise ValueError(f"{what}不能是負數（你給的是 {value:g}）。QE 是買進；賣出或到期不再投資是 QT。")
    if upper is not None and value > upper:
        raise ValueError(f"{what}最多 {upper:,.0f}（十億美元），你給的是 {value:,.0f}。")
    return value


def _share(value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"公債比重必須是 0 到 1 之間的數字，你給的是 {value!r}。")
    value = float(value)
    if value > 1 and value <= 100:
        raise ValueError(f"公債比重請寫成 0 到 1 的小數（例如 0.6），你給的是 {value:g}：是不是寫成百分比了？")
    if not 0 <= value <= 1:
        raise ValueError(f"公債比重必須在 0 到 1 之間，你給的是 {value:g}。")
    return value


# ------------------------------------------------------------------------------------------- T-accounts
def qe_purchase(size_usd_bn, treasury_share=1.0, seller="bank", start: bs.System | None = None) -> dict:
    """Apply a QE purchase and return the changes (USD bn) in each T-account.

    ``size_usd_bn`` (0–3,000) is split into Treasuries (``treasury_share``, a fraction 0–1) and agency MBS
    (the rest), bought from a bank (``seller="bank"``) or from the non-bank public through its bank
    (``seller="public"``). Returns ``{"before", "after", "changes", "reserves_created"}``; ``changes`` maps
    ``"fed"``, ``"banks"``, ``"public"`` to ``{"assets": {...}, "liabilities": {...}}`` as in a ``taccount``
    exercise. Introduced in 第 1 章.
    """
    size = _size(size_usd_bn, upper=MAX_PURCHASE_USD_BN)
    share = _share(treasury_share)
    if seller not in ("bank", "public"):
        raise ValueError(f"seller 只能是 'bank'（銀行賣出）或 'public'（非銀行賣出），你給的是 {seller!r}。")
    before = start if start is not None else bs.simple_system()
    after = bs.purchase(before, size * share, "treasuries", seller)
    after = bs.purchase(after, size * (1 - share), "mbs", seller)
    changes = after.changes(before)
    created = after.fed.liabilities["reserves"] - before.fed.liabilities["reserves"]
    return {"before": before, "after": after, "changes": changes, "reserves_created": created}


# -------------------------------------------------------------------------------------- yield effects
class YieldRange(NamedTuple):
    """Implied change of the 10-year yield in basis points: ``low`` is the largest fall (most negative),
    ``high`` the smallest fall; ``low <= high <= 0`` for a purchase."""

    low: float
    high: float

    def __repr__(self):  # what a learner sees (helpers.display); the fields stay exact
        return f"10 年期殖利率變動約 {self.low:+.0f} 至 {self.high:+.0f} 個基點（負值＝下降）"


def yield_effect_estimates() -> pd.DataFrame:
    """The published estimates (``qe_yield_effect_estimates``) with the course's normalisation added:
    ``per100_min_bp`` / ``per100_max_bp`` = reported fall ÷ programme size × 100, i.e. basis points of
    decline per USD 100 bn purchased (positive = the yield falls). Introduced in 第 1 章."""
    df = load("qe_yield_effect_estimates")
    df["per100_min_bp"] = df["fall_min_bp"] / df["programme_size_usd_bn"] * 100
    df["per100_max_bp"] = df["fall_max_bp"] / df["programme_size_usd_bn"] * 100
    return df.sort_values("per100_max_bp").reset_index(drop=True)


def yield_effect_range(size_usd_bn, estimates: pd.DataFrame | None = None) -> YieldRange:
    """The range of 10-year yield changes (bp, negative = fall) implied by the published estimates for a
    purchase of ``size_usd_bn``, assuming each estimate scales in proportion to size.

    這是簡化模型：it ignores the Treasury/MBS mix, market conditions, expectations already priced in and
    the difference between announcing and buying. Introduced in 第 1 章.
    """
    size = _size(size_usd_bn)
    est = yield_effect_estimates() if estimates is None else estimates
    low = -float(est["per100_max_bp"].max()) * size / 100
    high = -float(est["per100_min_bp"].min()) * size / 100
    return YieldRange(low + 0.0, high + 0.0)


def study_effects(size_usd_bn, estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per study, the implied 10-year yield change (bp) for a purchase of ``size_usd_bn``: columns
    ``study``, ``authors``, ``year``, ``low_bp``, ``high_bp`` (low = largest fall). Introduced in 第 1 章."""
    size = _size(size_usd_bn)
    est = yield_effect_estimates() if estimates is None else estimates
    out = est[["study", "authors", "year"]].copy()
    out["low_bp"] = -est["per100_max_bp"] * size / 100 + 0.0
    out["high_bp"] = -est["per100_min_bp"] * size / 100 + 0.0
    return out


# --------------------------------------------------------------------------------------------- speed
def episode_growth(episode: str, weeks: int = 13) -> dict:
    """Growth of the Fed's total assets over the first ``weeks`` weeks of an episode (``"2008"`` or
    ``"2020"``), from the H.4.1 table ``qe_h41_weekly``: start/end dates and levels, the increase
    (USD bn), the average increase per week (USD bn/week) and the increase in percent of the start.
    Introduced in 第 1 章."""
    df = load("qe_h41_weekly")
    rows = df[df["episode"] == str(episode)]
    if rows.empty:
        raise ValueError(f"沒有「{episode}」這一段；可用的是 '2008' 和 '2020'。")
    start = rows[rows["week"] == 0]
    end = rows[rows["week"] == weeks]
    if end.empty:
        have = "、".join(str(w) for w in rows["week"].dropna())
        raise ValueError(f"{episode} 年這一段沒有第 {weeks} 週的資料；有的週數：{have}。")
    a, b = start.iloc[0], end.iloc[0]
    increase = float(b["total_assets_usd_bn"] - a["total_assets_usd_bn"])
    return {
        "episode": str(episode),
        "weeks": int(weeks),
        "start": a["date"],
        "end": b["date"],
        "start_usd_bn": float(a["total_assets_usd_bn"]),
        "end_usd_bn": float(b["total_assets_usd_bn"]),
        "increase_usd_bn": increase,
        "per_week_usd_bn": increase / weeks,
        "increase_pct": increase / float(a["total_assets_usd_bn"]) * 100,
    }


def speed_table(weeks: int = 13) -> pd.DataFrame:
    """:func:`episode_growth` for 2008 and 2020 side by side (one row each). Introduced in 第 1 章."""
    return pd.DataFrame([episode_growth(e, weeks) for e in ("2008", "2020")])


def securities_share() -> pd.DataFrame:
    """On the H.4.1 dates with a security breakdown: Treasuries + MBS as a percent of total assets.
    Shows that the 2008 jump was mostly emergency lending and the 2020 one mostly purchases. 第 1 章."""
    df = load("qe_h41_weekly").dropna(subset=["treasuries_usd_bn"]).copy()
    df["securities_usd_bn"] = df["treasuries_usd_bn"] + df["mbs_usd_bn"]
    df["securities_pct"] = df["securities_usd_bn"] / df["total_assets_usd_bn"] * 100
    return df[
        ["date", "episode", "week", "total_assets_usd_bn", "treasuries_usd_bn", "mbs_usd_bn", "securities_pct"]
    ].reset_index(drop=True)


def currency_share_of_growth(start_year: int = 2019, end_year: int = 2021) -> dict:
    """How much of the growth of the Fed's total assets between two year-ends was matched by more banknotes.

    Currency: ``qe_currency_year_end`` (December 31). Total assets: the year-end rows of ``qe_h41_weekly``
    (last Wednesday of the year). Returns the two increases (USD bn) and ``share_pct`` = currency increase ÷
    total-asset increase × 100. Introduced in 第 1 章."""
    cur = load("qe_currency_year_end").set_index("year")["currency_usd_bn"]
    h41 = load("qe_h41_weekly")
    for y in (start_year, end_year):
        if y not in cur.index:
            raise ValueError(f"通貨資料沒有 {y} 年；有的年份：{'、'.join(map(str, cur.index))}。")

    def assets_at(year):
        rows = h41[(h41["date"].dt.year == year) & (h41["date"].dt.month == 12)]
        if rows.empty:
            raise ValueError(f"H.4.1 表沒有 {year} 年 12 月的資料。")
        return float(rows.sort_values("date")["total_assets_usd_bn"].iloc[-1])

    d_cur = float(cur[end_year] - cur[start_year])
    d_assets = assets_at(end_year) - assets_at(start_year)
    return {"currency_increase_usd_bn": d_cur, "assets_increase_usd_bn": d_assets, "share_pct": d_cur / d_assets * 100}


# ------------------------------------------------------------------------------------ 2020 beyond QE
_GROUP_LABELS = {
    "securities": "QE 買進的證券",
    "securities_accounting": "證券的溢價（會計項目）",
    "swap_lines": "央行間美元換匯",
    "repo": "附買回",
    "lending": "直接放款機制",
    "facility_llc": "特殊目的公司（財政部出資）",
    "other": "其他",
}


def toolkit_2020(date="2020-07-29") -> pd.DataFrame:
    """The Fed's Reserve Bank credit on an H.4.1 week of 2020 (``qe_2020_toolkit``) by instrument, for display:
    工具, 類別, 金額（十億美元）, 佔比（%）, 財政部承擔損失? Sorted by amount. Introduced in 第 1 章."""
    df = load("qe_2020_toolkit")
    rows = df[df["date"] == pd.Timestamp(date)]
    if rows.empty:
        raise ValueError(
            f"qe_2020_toolkit 沒有 {date} 這一週；有的日期：{'、'.join(df['date'].dt.strftime('%Y-%m-%d').unique())}。"
        )
    total = rows["amount_usd_bn"].sum()
    out = pd.DataFrame(
        {
            "工具": rows["label"],
            "類別": rows["group"].map(_GROUP_LABELS),
            "金額（十億美元）": rows["amount_usd_bn"].round(1),
            "佔比（%）": (rows["amount_usd_bn"] / total * 100).round(1),
            "財政部是否出資承擔損失": rows["treasury_backing"],
        }
    )
    return out.sort_values("金額（十億美元）", ascending=False).reset_index(drop=True)


def toolkit_by_group(date="2020-07-29") -> pd.DataFrame:
    """USD bn and share per group (QE securities, swaps, repo, lending, facility LLCs …) on that H.4.1 week. 第 1 章."""
    t = toolkit_2020(date)
    g = t.groupby("類別", sort=False)[["金額（十億美元）", "佔比（%）"]].sum().round(1)
    return g.sort_values("金額（十億美元）", ascending=False)


def central_bank_costs() -> pd.DataFrame:
    """``qe_central_bank_costs`` for display: 日期, 央行, 項目, 金額 (with its unit, "—" where none). 第 1 章."""
    df = load("qe_central_bank_costs")
    amount = [("—" if pd.isna(v) else f"{v:,.1f} {u}") for v, u in zip(df["value"], df["unit"].fillna(""))]
    return pd.DataFrame(
        {"日期": df["date"].dt.strftime("%Y-%m-%d"), "央行": df["bank"], "內容": df["note"], "金額": amount}
    )


def purchases_2020(start="2020-03-11", end="2020-06-24") -> float:
    """Increase of the Fed's Treasuries + MBS between two H.4.1 dates with a security breakdown (USD bn).
    Between 2020-03-11 and 2020-06-24 it is about 2,250: the scale the QE simulator should be read at. 第 1 章."""
    df = load("qe_h41_weekly").dropna(subset=["treasuries_usd_bn"]).set_index("date")
    for d in (start, end):
        if pd.Timestamp(d) not in df.index:
            raise ValueError(f"qe_h41_weekly 在 {d} 沒有公債與 MBS 的細項。")
    sec = df["treasuries_usd_bn"] + df["mbs_usd_bn"]
    return float(sec[pd.Timestamp(end)] - sec[pd.Timestamp(start)])
