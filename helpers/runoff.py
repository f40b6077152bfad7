"""Quantitative tightening with monthly caps (introduced in 第 2 章 量化緊縮的機制).

The Fed's QT is *passive runoff*: each month, principal that the Fed receives on maturing Treasury securities and
on agency MBS is not reinvested up to a monthly cap; principal above the cap is reinvested. The caps change on
dated schedules (the ``qt_caps`` table; a cap of 0 means runoff has stopped).

This module rebuilds the monthly path of the Fed's holdings from the cap schedule and a *stylised* maturity
profile, compares it with sourced H.4.1 figures, and turns the runoff into a drain on the Fed's liabilities
(ON RRP first, then reserves) for the chapter's cap-designer widget.

Units: stocks in USD billions, flows in USD billions per month. A month is a pandas month-start Timestamp; the
row of a month holds the flows during that month and the stocks at its end.

Stated simplifications (the chapter repeats them):

* Treasury coupon securities: a fixed share of the coupon holdings matures each month (default 1 %, close to
  the coupon redemptions of 2023 in the Fed's Annual Report, table G.1). When maturing coupons fall short of the
  cap, bills are redeemed to make up the difference, as the FOMC's May 2022 plan said.
* Agency MBS: principal is repaid at a fixed annual rate (amortisation plus prepayment), calibrated on the
  H.4.1 change in MBS holdings during 2023. In reality the rate moves with mortgage rates.
* MBS principal above the cap is reinvested in MBS before June 2024, in Treasury securities from June 2024
  (FOMC statement 2024-05-01) and in Treasury bills from December 2025 (FOMC statement 2025-10-29).
* Assets other than Treasuries and MBS (loans, premiums, ...) stay at their June 2022 level.
* On the liability side, runoff drains ON RRP and reserves only; the TGA and currency are held constant, and a
  share ``rrp_share`` of each month's runoff comes out of ON RRP while it lasts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import inputs
from helpers.data import load

#: From June 2024 MBS principal above the cap is reinvested in Treasury securities (FOMC statement 2024-05-01).
MBS_EXCESS_TO_TREASURIES_FROM = pd.Timestamp("2024-06-01")
#: From December 2025 all MBS principal is reinvested in Treasury bills (FOMC statement 2025-10-29).
MBS_ALL_TO_BILLS_FROM = pd.Timestamp("2025-12-01")
#: QT2 began on this day (Plans for Reducing the Size of the Federal Reserve's Balance Sheet, 2022-05-04).
QT2_START = pd.Timestamp("2022-06-01")


# ------------------------------------------------------------------------------------------------ inputs
_month = inputs.month  # a month-start Timestamp, or a zh-TW ValueError


def _amount(value, name, low=0.0, high=None) -> float:
    """A finite amount within [low, high] (USD bn unless ``name`` says otherwise)."""
    return inputs.number(value, name, low=low, high=high)


@dataclass(frozen=True)
class MaturityProfile:
    """The stylised maturity profile of the Fed's portfolio (Chapter 2 model assumptions).

    ``coupon_maturing_share``: share of Treasury coupon holdings (notes and bonds) that matures each month.
    ``mbs_annual_paydown``: share of MBS principal repaid in a year (scheduled amortisation plus prepayment).
    Both are fractions (0.01 = 1 %). Introduced in 第 2 章.
    """

    coupon_maturing_share: float = 0.01
    mbs_annual_paydown: float = 0.08

    def __repr__(self):  # what a learner sees (helpers.display); the fields stay exact
        return f"到期假設：公債每月到期 {self.coupon_maturing_share:.1%}，MBS 每年償還 {self.mbs_annual_paydown:.1%}"

    def __post_init__(self):
        for name, value in (
            ("每月到期的公債比例", self.coupon_maturing_share),
            ("MBS 每年償還比例", self.mbs_annual_paydown),
        ):
            if not isinstance(value, (int, float)) or not np.isfinite(value) or not 0 <= value <= 1:
                raise ValueError(f"{name}要是 0 到 1 之間的小數（例如 0.08 代表 8%），你給的是 {value!r}。")

    @property
    def mbs_monthly_rate(self) -> float:
        """The monthly repayment rate equivalent to ``mbs_annual_paydown`` (compounded)."""
        return 1.0 - (1.0 - self.mbs_annual_paydown) ** (1.0 / 12.0)


def implied_annual_paydown(start_usd_bn, end_usd_bn, days) -> float:
    """Annual repayment rate (fraction) that takes MBS holdings from ``start`` to ``end`` in ``days`` days.

    Uses compounding: ``1 - (end / start) ** (365.25 / days)``. Amounts in USD billions. Introduced in 第 2 章.
    """
    start = _amount(start_usd_bn, "期初 MBS", low=1e-9)
    end = _amount(end_usd_bn, "期末 MBS")
    span = _amount(days, "天數", low=1)
    if end > start:
        raise ValueError("期末 MBS 比期初還多：這段期間不是只有償還（例如還在 QE 購買），不能推算償還率。")
    return 1.0 - (end / start) ** (365.25 / span)


@functools.lru_cache(maxsize=1)
def levels() -> pd.DataFrame:
    """The sourced ``qt_h41_levels`` table (USD billions), cached. Introduced in 第 2 章."""
    return load("qt_h41_levels")


def level(date, item) -> float:
    """One sourced figure from ``qt_h41_levels`` (USD billions), e.g. ``level("2022-06-01", "mbs")``.

    Introduced in 第 2 章."""
    return _level(pd.Timestamp(date), str(item))


@functools.lru_cache(maxsize=256)
def _level(date, item) -> float:
    df = levels()
    hit = df[(df["date"] == pd.Timestamp(date)) & (df["item"] == item)]
    if hit.empty:
        items = "、".join(sorted(df["item"].unique()))
        raise ValueError(f"qt_h41_levels 沒有 {pd.Timestamp(date).date()} 的「{item}」。可用的項目：{items}。")
    return float(hit["value_usd_bn"].iloc[0])


@functools.lru_cache(maxsize=1)
def default_profile() -> MaturityProfile:
    """The chapter's profile: coupons 1 % a month; the MBS paydown rate implied by H.4.1 during 2023.

    The MBS rate is calibrated on the week averages of 2022-12-21 and 2023-12-20 only, so that the rest of
    2022–2025 is a test of the model, not a fit. Introduced in 第 2 章.
    """
    a, b = pd.Timestamp("2022-12-21"), pd.Timestamp("2023-12-20")
    rate = implied_annual_paydown(level(a, "mbs"), level(b, "mbs"), (b - a).days)
    return MaturityProfile(coupon_maturing_share=0.01, mbs_annual_paydown=round(rate, 4))


def caps_table(caps=None) -> pd.DataFrame:
    """The cap schedule as ``effective_date, treasury_cap_usd_bn, mbs_cap_usd_bn`` sorted by date.

    ``caps`` may be None (the sourced ``qt_caps`` table), a DataFrame with those columns, or a tuple
    ``(treasury_cap, mbs_cap)`` meaning constant caps from the start. Introduced in 第 2 章.
    """
    if caps is None:
        df = load("qt_caps")
    elif isinstance(caps, tuple) and len(caps) == 2:
        t = _amount(caps[0], "公債每月上限", high=1000)
        m = _amount(caps[1], "MBS 每月上限", high=1000)
        df = pd.DataFrame(
            {"effective_date": [pd.Timestamp("1900-01-01")], "treasury_cap_usd_bn": [t], "mbs_cap_usd_bn": [m]}
        )
    elif isinstance(caps, pd.DataFrame):
        need = {"effective_date", "treasury_cap_usd_bn", "mbs_cap_usd_bn"}
        if not need <= set(caps.columns):
            raise ValueError(f"上限表要有欄位 {sorted(need)}。")
        df = caps.copy()
        df["effective_date"] = pd.to_datetime(df["effective_date"])
    else:
        raise ValueError("caps 請給 None（用 qt_caps 資料）、一個 DataFrame，或 (公債上限, MBS 上限) 這樣的 tuple。")
    return df.sort_values("effective_date").reset_index(drop=True)[
        ["effective_date", "treasury_cap_usd_bn", "mbs_cap_usd_bn"]
    ]


def caps_at(month, caps=None) -> tuple[float, float]:
    """The (Treasury, MBS) caps in force in ``month``, USD billions per month; (0, 0) before the first row.

    Introduced in 第 2 章."""
    df = caps_table(caps)
    m = _month(month)
    i = int(np.searchsorted(df["effective_date"].to_numpy(), m.to_datetime64(), side="right")) - 1
    if i < 0:
        return 0.0, 0.0
    return float(df["treasury_cap_usd_bn"].iloc[i]), float(df["mbs_cap_usd_bn"].iloc[i])


# ------------------------------------------------------------------------------------------------ the model
def runoff_this_month(maturing_usd_bn, cap_usd_bn) -> tuple[float, float]:
    """Split one month's maturing principal into (runoff, reinvested), USD billions.

    Runoff is the principal up to the cap; whatever exceeds the cap is reinvested. A cap of 0 stops runoff.
    Introduced in 第 2 章.
    """
    due = _amount(maturing_usd_bn, "到期本金")
    cap = _amount(cap_usd_bn, "每月上限")
    out = min(due, cap)
    return out, due - out


def simulate_runoff(
    start="2022-06", end="2025-12", *, treasuries=None, bills=None, mbs=None, profile=None, caps=None, caps_bind=False
) -> pd.DataFrame:
    """Monthly path of the Fed's Treasury and MBS holdings under a cap schedule, USD billions.

    ``start``/``end``: first and last month simulated (inclusive). ``treasuries`` (bills included), ``bills`` and
    ``mbs``: holdings at the start of ``start``; by default the H.4.1 Wednesday levels of 2022-06-01.
    ``profile``: a :class:`MaturityProfile` (default :func:`default_profile`). ``caps``: see :func:`caps_table`.
    ``caps_bind=True`` is the naive model in which the full cap runs off every month.

    Returns one row per month (``month`` and its last day ``month_end``): caps, ``treasury_runoff``,
    ``bills_redeemed``, ``mbs_principal``, ``mbs_runoff``, ``reinvested``, ``runoff``, and the end-of-month stocks
    ``treasuries``, ``bills``, ``mbs``, ``securities``.
    Introduced in 第 2 章.
    """
    first, last = _month(start, "起始月份"), _month(end, "結束月份")
    if last < first:
        raise ValueError(f"結束月份（{last:%Y-%m}）早於起始月份（{first:%Y-%m}）。")
    t0 = level(QT2_START, "treasuries") if treasuries is None else _amount(treasuries, "公債持有量")
    b0 = level(QT2_START, "bills") if bills is None else _amount(bills, "國庫券持有量")
    m0 = level(QT2_START, "mbs") if mbs is None else _amount(mbs, "MBS 持有量")
    if b0 > t0:
        raise ValueError("國庫券是公債的一部分，不能比公債總額還多。")
    prof = default_profile() if profile is None else profile
    if not isinstance(prof, MaturityProfile):
        raise ValueError("profile 要用 MaturityProfile(...) 建立。")
    table = caps_table(caps)
    months = pd.date_range(first, last, freq="MS")
    idx = np.searchsorted(table["effective_date"].to_numpy(), months.to_numpy(), side="right") - 1
    tcaps = np.where(idx >= 0, table["treasury_cap_usd_bn"].to_numpy()[np.maximum(idx, 0)], 0.0)
    mcaps = np.where(idx >= 0, table["mbs_cap_usd_bn"].to_numpy()[np.maximum(idx, 0)], 0.0)
    return _run(months, tcaps, mcaps, t0, b0, m0, prof.coupon_maturing_share, prof.mbs_monthly_rate, caps_bind)


def _run(months, tcaps, mcaps, t, b, m, share, mrate, caps_bind) -> pd.DataFrame:
    t0, b0, m0 = t, b, m
    n = len(months)
    out = np.zeros((n, 10))
    to_treasuries = months >= MBS_EXCESS_TO_TREASURIES_FROM
    to_bills = months >= MBS_ALL_TO_BILLS_FROM
    for k in range(n):
        tcap, mcap = tcaps[k], mcaps[k]
        if caps_bind:
            coupon_out = min(tcap, t - b)
            bills_out = min(b, tcap - coupon_out)
            principal = max(mcap, m * mrate) if mcap > 0 else m * mrate
        else:
            coupon_out = min(tcap, share * (t - b))
            bills_out = min(b, tcap - coupon_out)
            principal = m * mrate
        principal = min(principal, m)
        mbs_out = min(mcap, principal)
        excess = principal - mbs_out
        if to_treasuries[k]:
            m -= principal  # the excess leaves MBS ...
            t += excess  # ... and is reinvested in Treasury securities
            if to_bills[k]:
                b += excess
        else:
            m -= mbs_out  # the excess is reinvested in MBS
        t -= coupon_out + bills_out
        b -= bills_out
        out[k] = (tcap, mcap, coupon_out + bills_out, bills_out, principal, mbs_out, excess, t, b, m)
    df = pd.DataFrame(
        out,
        columns=[
            "treasury_cap_usd_bn",
            "mbs_cap_usd_bn",
            "treasury_runoff",
            "bills_redeemed",
            "mbs_principal",
            "mbs_runoff",
            "reinvested",
            "treasuries",
            "bills",
            "mbs",
        ],
    )
    df.insert(0, "month", months)
    df.insert(1, "month_end", months + pd.offsets.MonthEnd(0))
    df["runoff"] = df["treasury_runoff"] + df["mbs_runoff"]
    df["securities"] = df["treasuries"] + df["mbs"]
    df.attrs["initial"] = {"treasuries": t0, "bills": b0, "mbs": m0, "securities": t0 + m0}
    return df


def stock_at(path: pd.DataFrame, date, column="securities") -> float:
    """A stock of a simulated path on any ``date``, interpolated linearly within the month (USD billions).

    The path's ``attrs["initial"]`` holds the stocks at the start of its first month. Introduced in 第 2 章.
    """
    if column not in path.columns or column not in path.attrs.get("initial", {}):
        raise ValueError(f"路徑裡沒有「{column}」這個存量欄位：請用 simulate_runoff(...) 產生的路徑。")
    ends = (path["month"] + pd.offsets.MonthEnd(0)).to_numpy().astype("datetime64[ns]").astype(np.int64)
    x = np.concatenate([[path["month"].iloc[0].value], ends])
    y = np.concatenate([[path.attrs["initial"][column]], path[column].to_numpy()])
    return float(np.interp(pd.Timestamp(date).value, x, y))


def compare_with_h41(path=None, items=("treasuries", "mbs")) -> pd.DataFrame:
    """Model holdings against the sourced H.4.1 figures in ``qt_h41_levels`` inside the path's span.

    Columns: ``date, item, basis, h41_usd_bn, model_usd_bn, error_usd_bn`` (model minus H.4.1). Introduced in 第 2 章.
    """
    path = simulate_runoff() if path is None else path
    lo, hi = path["month"].iloc[0], path["month"].iloc[-1] + pd.offsets.MonthEnd(0)
    df = levels()
    df = df[df["item"].isin(items) & (df["date"] >= lo) & (df["date"] <= hi)].copy()
    df["model_usd_bn"] = [stock_at(path, d, i) for d, i in zip(df["date"], df["item"])]
    df = df.rename(columns={"value_usd_bn": "h41_usd_bn"})
    df["error_usd_bn"] = df["model_usd_bn"] - df["h41_usd_bn"]
    return (
        df[["date", "item", "basis", "h41_usd_bn", "model_usd_bn", "error_usd_bn"]]
        .sort_values(["item", "date"])
        .reset_index(drop=True)
    )


@functools.lru_cache(maxsize=1)
def other_assets_2022() -> float:
    """Total assets minus Treasuries and MBS on 2022-06-01 (USD billions): held constant by the model.

    Introduced in 第 2 章."""
    total = load("fed_balance_sheet_milestones").set_index("date").loc[QT2_START, "total_assets_usd_bn"]
    return float(total) - level(QT2_START, "treasuries") - level(QT2_START, "mbs")


def compare_total_assets(path=None) -> pd.DataFrame:
    """Modelled total assets (securities + constant other assets) against ``fed_balance_sheet_milestones``.

    Columns: ``date, event, h41_usd_bn, model_usd_bn, error_usd_bn``. Introduced in 第 2 章.
    """
    path = simulate_runoff() if path is None else path
    ms = load("fed_balance_sheet_milestones")
    lo, hi = path["month"].iloc[0], path["month"].iloc[-1] + pd.offsets.MonthEnd(0)
    ms = ms[(ms["date"] >= lo) & (ms["date"] <= hi)].copy()
    other = other_assets_2022()
    ms["model_usd_bn"] = [stock_at(path, d) + other for d in ms["date"]]
    ms = ms.rename(columns={"total_assets_usd_bn": "h41_usd_bn"})
    ms["error_usd_bn"] = ms["model_usd_bn"] - ms["h41_usd_bn"]
    return ms[["date", "event", "h41_usd_bn", "model_usd_bn", "error_usd_bn"]].reset_index(drop=True)


def average_monthly_decline(item, start, end) -> float:
    """Average monthly fall of a sourced holding between two dates in ``qt_h41_levels`` (USD bn per month).

    Months are counted as days / (365.25 / 12). Introduced in 第 2 章.
    """
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    months = (b - a).days / (365.25 / 12)
    if months <= 0:
        raise ValueError("結束日期要晚於開始日期。")
    return (level(a, item) - level(b, item)) / months


# ------------------------------------------------------------------------------------------- liabilities
def drain_liabilities(runoff, reserves0, on_rrp0, rrp_share=1.0) -> tuple[np.ndarray, np.ndarray]:
    """Reserves and ON RRP after each month's runoff (USD billions).

    Each month's runoff shrinks liabilities by the same amount. A share ``rrp_share`` of it comes out of ON RRP
    while ON RRP is above zero; the rest, and everything once ON RRP is empty, comes out of reserves. This is the
    chapter's stated allocation rule, not an estimate. Introduced in 第 2 章.
    """
    flows = np.asarray(runoff, dtype=float)
    if flows.ndim != 1 or not np.isfinite(flows).all() or (flows < 0).any():
        raise ValueError("runoff 要是一串不為負的數字（每月縮表金額，十億美元）。")
    r0 = _amount(reserves0, "期初準備金")
    q0 = _amount(on_rrp0, "期初 ON RRP")
    share = _amount(rrp_share, "ON RRP 承擔的比例", high=1)
    total = np.cumsum(flows)
    on_rrp = np.maximum(0.0, q0 - share * total)
    reserves = r0 - (total - (q0 - on_rrp))
    return reserves, on_rrp


@functools.lru_cache(maxsize=4)
def _liability_points(item) -> tuple[np.ndarray, np.ndarray]:
    df = levels()
    df = df[df["item"] == item].copy()
    when = df["date"] + pd.to_timedelta(np.where(df["basis"] == "monthly average", 14, 0), unit="D")
    # Quarter-end and year-end days carry window-dressing spikes (ON RRP 2022-12-30): leave them out.
    spike = when.dt.is_quarter_end | ((when + pd.Timedelta(days=3)).dt.quarter != when.dt.quarter)
    keep = ~spike if item == "on_rrp" else np.ones(len(df), dtype=bool)
    order = np.argsort(when[keep].to_numpy())
    x = when[keep].to_numpy().astype("datetime64[ns]").astype(np.int64)[order]
    y = df.loc[keep, "value_usd_bn"].to_numpy()[order]
    return x, y


def liability_at(item, date) -> float:
    """Reserves or ON RRP on ``date`` (USD billions), interpolated linearly between sourced observations.

    Monthly averages count at mid-month; ON RRP figures from quarter-end days are skipped; before the first and
    after the last observation the value is held flat. An approximation for the widget's starting point.
    Introduced in 第 2 章.
    """
    if item not in ("reserves", "on_rrp"):
        raise ValueError('item 只能是 "reserves"（準備金）或 "on_rrp"（隔夜逆回購）。')
    x, y = _liability_points(item)
    return float(np.interp(pd.Timestamp(date).value, x, y))


@functools.lru_cache(maxsize=64)
def _history_until(start: pd.Timestamp):
    """Holdings at the start of ``start`` when QT2 followed the actual cap schedule until then."""
    if start <= QT2_START:
        return level(QT2_START, "treasuries"), level(QT2_START, "bills"), level(QT2_START, "mbs")
    past = simulate_runoff(QT2_START, start - pd.offsets.MonthBegin(1))
    last = past.iloc[-1]
    return float(last["treasuries"]), float(last["bills"]), float(last["mbs"])


def design_qt(
    start="2022-06", treasury_cap=60.0, mbs_cap=35.0, reserve_floor=2800.0, rrp_share=1.0, months=48, profile=None
) -> pd.DataFrame:
    """The cap designer: constant caps from ``start`` → monthly total assets, reserves and ON RRP (USD bn).

    Holdings at ``start`` follow the actual QT2 schedule up to then (model); reserves and ON RRP at ``start`` come
    from :func:`liability_at` (sourced observations, interpolated). From ``start`` the caps ``treasury_cap`` and
    ``mbs_cap`` (USD bn per month) apply for ``months`` months, runoff drains liabilities by
    :func:`drain_liabilities`, and the TGA and currency stay constant. ``reserve_floor`` (USD bn) is only
    recorded in the result's ``attrs`` for :func:`reserve_floor_month`. Introduced in 第 2 章.
    """
    first = _month(start, "起始月份")
    if not pd.Timestamp("2022-06-01") <= first <= pd.Timestamp("2025-12-01"):
        raise ValueError(f"起始月份要在 2022-06 到 2025-12 之間，你給的是 {first:%Y-%m}。")
    floor = _amount(reserve_floor, "準備金下限", high=10000)
    n = int(_amount(months, "模擬月數", low=1, high=240))
    tcap = _amount(treasury_cap, "公債每月上限", high=200)
    mcap = _amount(mbs_cap, "MBS 每月上限", high=200)
    t0, b0, m0 = _history_until(first)
    r0, q0, other = liability_at("reserves", first), liability_at("on_rrp", first), other_assets_2022()
    prof = default_profile() if profile is None else profile
    months_idx = pd.date_range(first, periods=n, freq="MS")
    path = _run(
        months_idx,
        np.full(n, tcap),
        np.full(n, mcap),
        t0,
        b0,
        m0,
        prof.coupon_maturing_share,
        prof.mbs_monthly_rate,
        False,
    )
    reserves, on_rrp = drain_liabilities(path["runoff"].to_numpy(), r0, q0, rrp_share)
    out = pd.DataFrame(
        {
            "month": months_idx,
            "runoff": path["runoff"].to_numpy(),
            "total_assets": path["securities"].to_numpy() + other,
            "reserves": reserves,
            "on_rrp": on_rrp,
        }
    )
    out.attrs.update(reserve_floor=floor, start_reserves=r0, start_on_rrp=q0, start_total_assets=t0 + m0 + other)
    return out


def reserve_floor_month(
    start="2022-06", treasury_cap=60.0, mbs_cap=35.0, reserve_floor=2800.0, rrp_share=1.0, months=48, profile=None
):
    """First month (month-start Timestamp) in which modelled reserves end at or below ``reserve_floor``.

    Same inputs as :func:`design_qt`; returns None when the floor is not reached within ``months``. If reserves
    already start at or below the floor, the answer is the start month. Introduced in 第 2 章.
    """
    path = design_qt(start, treasury_cap, mbs_cap, reserve_floor, rrp_share, months, profile)
    return floor_month(path)


def floor_month(path: pd.DataFrame):
    """The first month of a :func:`design_qt` path whose reserves are at or below its floor, else None.

    Introduced in 第 2 章."""
    floor = path.attrs.get("reserve_floor")
    if floor is None:
        raise ValueError("這條路徑沒有記錄準備金下限：請用 design_qt(...) 產生。")
    if path.attrs.get("start_reserves", np.inf) <= floor:
        return path["month"].iloc[0]
    hit = np.flatnonzero(path["reserves"].to_numpy() <= floor)
    return path["month"].iloc[hit[0]] if len(hit) else None
