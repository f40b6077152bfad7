"""QE and QT history across central banks, and the Fed's balance sheet rebuilt from its programme schedule
(introduced in 第 3 章 歷史：從日本 2001 到聯準會 2026).

Three ideas live here:

* **One timeline for four central banks.** ``programmes()`` merges the Fed's programmes (``fed_programs``), the
  Bank of Japan's decisions (``boj_policy``), the ECB's purchase programmes (``ecb_programmes``) and the Bank of
  England's APF decisions (``boe_programmes``) into one table with a date, a kind (QE, QT, taper …) and a size.
  ``ERAS`` names the windows the chapter and its widget zoom into.
* **Balance sheets compared.** ``balance_sheets()`` reads sourced milestones in local currency and divides them by
  nominal GDP (percent of GDP is computed, never stored).
* **A simplified rebuild of the Fed's total assets.** ``rebuild_fed_balance_sheet()`` starts from a sourced H.4.1
  level and adds only what the FOMC announced: purchases at their pace or total (``history_fed_purchases``), the
  maturity-extension programme as zero net, and runoff at the monthly caps of ``qt_caps``. Everything else that
  moves total assets (emergency lending, swap lines, repo, purchases above an announced minimum, MBS paydowns below
  the cap …) is deliberately left out, so the gaps against ``fed_balance_sheet_milestones`` show what the schedule
  does not explain. This is a teaching model, not a forecast.

Amounts are in billions of the currency the name says (``_usd_bn``); paces in billions per month; percentages in
percent. This module is self-contained: it does not use the runoff model of chapter 2.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from helpers import inputs
from helpers.data import load

DAYS_PER_MONTH = 365.25 / 12  # the course converts monthly paces to daily flows with the average month length

BANKS = {"fed": "聯準會", "ecb": "歐洲央行", "boj": "日本央行", "boe": "英格蘭銀行"}
CURRENCY_ZH = {"USD": "美元", "EUR": "歐元", "JPY": "日圓", "GBP": "英鎊"}
KIND_ZH = {
    "QE": "量化寬鬆",
    "QT": "縮表",
    "taper": "縮減購債",
    "twist": "扭轉操作",
    "reserve_management": "準備金管理",
    "rates": "利率／框架",
    "reinvest": "只再投資",
    "exit": "退場",
    "loans": "銀行長期放款",
    "other": "其他",
}

# Windows the chapter and the timeline explorer zoom into: key -> (zh label, first day, last day).
ERAS = {
    "all": ("全部（2000–2026）", "2000-07-01", "2026-07-31"),
    "japan_2001": ("日本量化寬鬆（2001–2006）", "2000-10-01", "2006-12-31"),
    "gfc": ("金融海嘯、QE1 與 QE2（2008–2011）", "2008-06-01", "2011-12-31"),
    "qe3": ("扭轉操作、QE3 與縮減恐慌（2011–2014）", "2011-06-01", "2014-12-31"),
    "negative_rates": ("歐日負利率、APP 與 QQE（2013–2018）", "2013-01-01", "2018-12-31"),
    "qt1": ("QT1 與附買回風波（2017–2020）", "2017-06-01", "2020-03-01"),
    "covid": ("疫情 QE（2020–2022）", "2020-01-01", "2022-03-31"),
    "exit": ("縮表與退場（2022–2026）", "2022-01-01", "2026-07-31"),
}

# Why the schedule-only rebuild misses, by period (the course's explanation; amounts are in the data, not here).
MISS_REASONS = [
    ("2007-08-08", "2008-09-10", "危機初期的放款由賣出公債抵銷，總資產變化不大；時間表裡還沒有購債。"),
    ("2008-09-10", "2008-12-17", "雷曼倒閉後的緊急放款與換匯額度（資產方的貸款），不在購債時間表裡。"),
    ("2008-12-17", "2010-03-31", "緊急放款陸續收回，抵銷了 QE1 的大部分購買；重建只加不減，因此高估。"),
    ("2010-03-31", "2011-06-29", "QE2 之外，到期本金改投資公債讓總額大致不變；剩下的是其他項目的小幅變動。"),
    ("2011-06-29", "2014-10-29", "扭轉操作淨額為零；QE3 依步調買進，與實際接近。"),
    ("2014-10-29", "2017-09-27", "全額再投資，時間表沒有變動；實際也幾乎持平。"),
    ("2017-09-27", "2019-08-28", "QT1 依上限計算；MBS 實際還本常低於上限，重建略為高估減少的幅度。"),
    ("2019-08-28", "2020-03-11", "重建只算每月 600 億國庫券；同期的附買回操作也是資產，沒有算進去。"),
    ("2020-03-11", "2020-06-10", "3 月 23 日起改為「視需要」購買，實際遠超過公布的下限；另有換匯額度與緊急融通。"),
    ("2020-06-10", "2022-04-13", "依每月 800＋400 億步調計算；換匯額度與緊急融通退場，使實際增幅較小。"),
    (
        "2022-04-13",
        "2025-11-26",
        "QT2 依上限計算；MBS 實際還本遠低於每月 350 億上限，2023 年 3 月的銀行放款也暫時推高資產。",
    ),
    ("2025-11-26", "2026-06-24", "準備金管理購債假設維持首輪每月 400 億；實際步調依準備金需要調整。"),
]


# ------------------------------------------------------------------------------------------------ helpers
_ts = inputs.date  # a day Timestamp, or a zh-TW ValueError


def era_window(era: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a named era (a key of ``ERAS``). Introduced in 第 3 章."""
    if era not in ERAS:
        names = "、".join(f"{k}（{v[0]}）" for k, v in ERAS.items())
        raise ValueError(f"沒有「{era}」這個時期。可選：{names}。")
    _, start, end = ERAS[era]
    return pd.Timestamp(start), pd.Timestamp(end)


def _check_bank(bank):
    if bank not in (None, "all") and bank not in BANKS:
        raise ValueError(f'沒有「{bank}」這家央行。請用 {"、".join(BANKS)} 或 "all"。')


def last_date() -> pd.Timestamp:
    """The last date the chapter's data reach (latest date in the Fed milestone, programme and event tables).
    Introduced in 第 3 章."""
    dates = [
        load("fed_balance_sheet_milestones")["date"].max(),
        load("fed_programs")[["start", "end"]].max().max(),
        load("history_events")["date"].max(),
    ]
    return max(dates)


# ------------------------------------------------------------------------------------- purchase schedule
@functools.lru_cache(maxsize=4)
def _schedule(until: pd.Timestamp) -> pd.DataFrame:
    df = load("history_fed_purchases")
    # an ongoing row runs at its monthly pace to `until`; _flows clips every row to the grid it builds
    df["end"] = df["end"].fillna(max(until, df["start"].max()))
    days = (df["end"] - df["start"]).dt.days + 1
    if (days <= 0).any():
        raise ValueError("history_fed_purchases: a row ends before it starts")
    pace = df["monthly_usd_bn"] / DAYS_PER_MONTH
    spread = df["total_usd_bn"] / days
    df["daily_usd_bn"] = pace.fillna(spread).fillna(0.0)
    df["days"] = days
    return df


def purchase_schedule(until=None) -> pd.DataFrame:
    """The Fed's announced net purchases with a daily flow (USD bn per day) for every row.

    A row with a monthly pace flows at ``pace / (365.25 / 12)`` per day; a row with a total is spread evenly over
    its days. An ongoing row (empty end) runs to ``until`` (default: the chapter's last data date).
    Introduced in 第 3 章.
    """
    stop = _ts(until) if until is not None else last_date()
    return _schedule(stop).copy()


def programme_purchases(programme: str, start=None, end=None) -> float:
    """Net purchases of one Fed programme (as named in ``fed_programs``) between two dates, in USD bn.

    Uses the announced schedule only (see ``purchase_schedule``). The taper months belong to the programme they
    wind down: ``"QE3"`` includes the rows the schedule labels ``"2014 taper"``, and ``"QE4 (2020)"`` those labelled
    ``"2021 taper"``. Introduced in 第 3 章.
    """
    sched = purchase_schedule()
    names = {programme}
    if programme == "QE3":
        names.add("2014 taper")
    elif programme == "QE4 (2020)":
        names.add("2021 taper")
    rows = sched[sched["programme"].isin(names)]
    if rows.empty:
        known = "、".join(sorted(sched["programme"].unique()))
        raise ValueError(f"時間表裡沒有「{programme}」。可用的計畫：{known}。")
    lo = _ts(start) if start is not None else rows["start"].min()
    hi = _ts(end) if end is not None else rows["end"].max()
    total = 0.0
    for r in rows.itertuples():
        a, b = max(r.start, lo), min(r.end, hi)
        if a <= b:
            total += r.daily_usd_bn * ((b - a).days + 1)
    return float(total)


def runoff_schedule(mbs_runoff_usd_bn=None, until=None) -> pd.DataFrame:
    """Runoff periods from ``qt_caps``: start, end, Treasury and MBS runoff per month (USD bn) and the daily flow.

    Runoff is assumed to run at the caps (the most it could be). ``mbs_runoff_usd_bn`` (per month) replaces the MBS
    cap by a lower paydown where it is lower (MBS principal is repaid only as homeowners pay and refinance).
    Introduced in 第 3 章.
    """
    if mbs_runoff_usd_bn is not None:
        if not np.isfinite(mbs_runoff_usd_bn) or mbs_runoff_usd_bn < 0:
            raise ValueError("MBS 每月還本金額必須是 0 或正數（單位：十億美元）。")
    caps = load("qt_caps").sort_values("effective_date").reset_index(drop=True)
    stop = _ts(until) if until is not None else last_date()
    ends = list(caps["effective_date"].iloc[1:] - pd.Timedelta(days=1)) + [stop]
    out = pd.DataFrame(
        {
            "start": caps["effective_date"],
            "end": ends,
            "treasury_usd_bn": caps["treasury_cap_usd_bn"],
            "mbs_usd_bn": caps["mbs_cap_usd_bn"],
        }
    )
    if mbs_runoff_usd_bn is not None:
        out["mbs_usd_bn"] = np.minimum(out["mbs_usd_bn"], float(mbs_runoff_usd_bn))
    out["daily_usd_bn"] = (out["treasury_usd_bn"] + out["mbs_usd_bn"]) / DAYS_PER_MONTH
    return out[out["end"] >= out["start"]].reset_index(drop=True)


def _flows(first: pd.Timestamp, last: pd.Timestamp, mbs_runoff_usd_bn=None):
    """Daily purchase and runoff flows on the grid first..last (numpy arrays, USD bn per day)."""
    n = (last - first).days + 1
    purchases = np.zeros(n + 1)
    runoff = np.zeros(n + 1)
    for frame, target in (
        (purchase_schedule(until=last), purchases),
        (runoff_schedule(mbs_runoff_usd_bn, until=last), runoff),
    ):
        for r in frame.itertuples():
            a = max((r.start - first).days, 0)
            b = min((r.end - first).days, n - 1)
            if a <= b:
                target[a] += r.daily_usd_bn
                target[b + 1] -= r.daily_usd_bn
    return np.cumsum(purchases)[:n], np.cumsum(runoff)[:n]


ASSET_ZH = {
    "treasuries": "公債",
    "mbs": "MBS",
    "agency_debt": "機構債",
    "bills": "國庫券",
    "twist": "扭轉操作",
    "runoff": "縮表（上限）",
}


def monthly_flows(start="2008-11-01", end=None, mbs_runoff_usd_bn=None) -> pd.DataFrame:
    """The announced schedule month by month: net purchases by asset and runoff at the caps (negative), USD bn.

    Index: first day of each month; columns: treasuries, mbs, agency_debt, bills, runoff. Partial months are
    pro-rated by days. Introduced in 第 3 章.
    """
    first = _ts(start, "起點")
    last = _ts(end, "終點") if end is not None else last_date()
    if last <= first:
        raise ValueError("終點必須晚於起點。")
    n = (last - first).days + 1
    cols = {}
    sched = purchase_schedule(until=last)
    for asset in ("treasuries", "mbs", "agency_debt", "bills"):
        diff = np.zeros(n + 1)
        for r in sched[sched["asset"] == asset].itertuples():
            a, b = max((r.start - first).days, 0), min((r.end - first).days, n - 1)
            if a <= b:
                diff[a] += r.daily_usd_bn
                diff[b + 1] -= r.daily_usd_bn
        cols[asset] = np.cumsum(diff)[:n]
    diff = np.zeros(n + 1)
    for r in runoff_schedule(mbs_runoff_usd_bn, until=last).itertuples():
        a, b = max((r.start - first).days, 0), min((r.end - first).days, n - 1)
        if a <= b:
            diff[a] -= r.daily_usd_bn
            diff[b + 1] += r.daily_usd_bn
    cols["runoff"] = np.cumsum(diff)[:n]
    daily = pd.DataFrame(cols, index=pd.date_range(first, last, freq="D"))
    return daily.resample("MS").sum()


def _milestone_level(date: pd.Timestamp) -> float:
    ms = load("fed_balance_sheet_milestones").set_index("date")["total_assets_usd_bn"]
    if date not in ms.index:
        dates = "、".join(d.date().isoformat() for d in ms.index)
        raise ValueError(
            f"{date.date()} 不是資料裡的里程碑日期，無法當作起點；請給 start_level，或從這些日期挑一個：{dates}。"
        )
    return float(ms[date])


def rebuild_fed_balance_sheet(
    start="2007-08-08", end=None, start_level=None, mbs_runoff_usd_bn=None, freq="W-WED"
) -> pd.DataFrame:
    """Rebuild the Fed's total assets from the announced schedule, in USD bn.

    Starts at ``start_level`` (default: the sourced H.4.1 milestone on ``start``) and adds, day by day, the announced
    net purchases minus runoff at the caps (``mbs_runoff_usd_bn`` caps the MBS paydown per month). Returns one row
    per ``freq`` date (Wednesdays by default, like H.4.1) with cumulative ``purchases_usd_bn``,
    ``runoff_usd_bn`` and ``rebuilt_usd_bn``. A simplified teaching model. Introduced in 第 3 章.
    """
    first = _ts(start, "起點")
    last = _ts(end, "終點") if end is not None else last_date()
    if last <= first:
        raise ValueError("終點必須晚於起點。")
    level = _milestone_level(first) if start_level is None else float(start_level)
    if not np.isfinite(level) or level < 0:
        raise ValueError("起點的資產規模必須是正數（十億美元）。")
    purchases, runoff = _flows(first, last, mbs_runoff_usd_bn)
    cum_p, cum_r = np.cumsum(purchases), np.cumsum(runoff)
    dates = pd.date_range(first, last, freq=freq)
    if len(dates) == 0 or dates[0] != first:
        dates = dates.insert(0, first)
    idx = (dates - first).days.to_numpy()
    # the sourced level on `first` already contains that day's flows: count flows from the next day on
    p = cum_p[idx] - cum_p[0]
    r = cum_r[idx] - cum_r[0]
    return pd.DataFrame({"date": dates, "purchases_usd_bn": p, "runoff_usd_bn": r, "rebuilt_usd_bn": level + p - r})


def rebuilt_level(date, start="2007-08-08", **kwargs) -> float:
    """The rebuilt total assets (USD bn) on one date; keyword arguments as ``rebuild_fed_balance_sheet``.
    Introduced in 第 3 章."""
    when = _ts(date)
    df = rebuild_fed_balance_sheet(start=start, end=when, freq="D", **kwargs)
    return float(df["rebuilt_usd_bn"].iloc[-1])


def miss_reason(start, end) -> str:
    """The course's explanation of what the schedule misses between two milestone dates (zh-TW).
    Introduced in 第 3 章."""
    a, b = _ts(start), _ts(end)
    for lo, hi, text in MISS_REASONS:
        if pd.Timestamp(lo) <= a and b <= pd.Timestamp(hi):
            return text
    return "此期間跨越多個階段，請分段比較。"


def compare_with_milestones(start="2007-08-08", **kwargs) -> pd.DataFrame:
    """Rebuilt vs sourced total assets on every milestone from ``start`` on (USD bn).

    Columns: date, event, actual_usd_bn, rebuilt_usd_bn, gap_usd_bn (actual − rebuilt; positive means the real
    balance sheet was larger than the schedule explains) and gap_pct (percent of actual). Introduced in 第 3 章.
    """
    ms = load("fed_balance_sheet_milestones")
    ms = ms[ms["date"] >= _ts(start)].reset_index(drop=True)
    rb = rebuild_fed_balance_sheet(start=start, end=ms["date"].max(), freq="D", **kwargs).set_index("date")
    out = pd.DataFrame(
        {
            "date": ms["date"],
            "event": ms["event"],
            "actual_usd_bn": ms["total_assets_usd_bn"],
            "rebuilt_usd_bn": rb.loc[ms["date"], "rebuilt_usd_bn"].to_numpy(),
        }
    )
    out["gap_usd_bn"] = out["actual_usd_bn"] - out["rebuilt_usd_bn"]
    out["gap_pct"] = 100 * out["gap_usd_bn"] / out["actual_usd_bn"]
    return out


def milestone_changes(**kwargs) -> pd.DataFrame:
    """Between consecutive milestones: the actual change, the change the schedule explains, the rest, and why.

    Each interval restarts from the sourced level, so errors do not pile up. Amounts in USD bn; keyword arguments
    as ``rebuild_fed_balance_sheet`` (e.g. ``mbs_runoff_usd_bn``). Introduced in 第 3 章.
    """
    ms = load("fed_balance_sheet_milestones").sort_values("date").reset_index(drop=True)
    first, last = ms["date"].iloc[0], ms["date"].iloc[-1]
    purchases, runoff = _flows(first, last, kwargs.get("mbs_runoff_usd_bn"))
    cum = np.cumsum(purchases - runoff)
    rows = []
    for a, b in zip(ms.itertuples(), ms.iloc[1:].itertuples()):
        ia, ib = (a.date - first).days, (b.date - first).days
        scheduled = float(cum[ib] - cum[ia])
        actual = float(b.total_assets_usd_bn - a.total_assets_usd_bn)
        rows.append(
            {
                "start": a.date,
                "end": b.date,
                "to_event": b.event,
                "actual_change_usd_bn": actual,
                "scheduled_change_usd_bn": scheduled,
                "unexplained_usd_bn": actual - scheduled,
                "reason": miss_reason(a.date, b.date),
            }
        )
    return pd.DataFrame(rows)


def implied_mbs_runoff(start="2022-06-01", end="2025-11-26", tol=1e-6) -> float:
    """The constant monthly MBS paydown (USD bn) that makes the rebuild from the milestone on ``start`` land on the
    milestone on ``end`` (Treasuries still at their caps). An implied, model-based figure, found by bisection.

    Raises ValueError (zh-TW) when no paydown between 0 and the largest MBS cap closes the gap.
    Introduced in 第 3 章.
    """
    a, b = _ts(start), _ts(end)
    target = _milestone_level(b)
    if b <= a:
        raise ValueError("終點必須晚於起點。")
    # Everything except the MBS runoff is fixed; the MBS part is sum over days of min(cap, m) / days-per-month.
    purchases, _ = _flows(a, b)
    fixed = _milestone_level(a) + float(purchases[1:].sum())
    caps = runoff_schedule(until=b)
    spans = []  # (treasury cap, mbs cap, days counted after `a`)
    for r in caps.itertuples():
        lo, hi = max(r.start, a + pd.Timedelta(days=1)), min(r.end, b)
        if lo <= hi:
            spans.append((r.treasury_usd_bn, r.mbs_usd_bn, (hi - lo).days + 1))
    treasury = sum(t * d for t, _, d in spans) / DAYS_PER_MONTH

    def level(m):
        mbs = sum(min(c, m) * d for _, c, d in spans) / DAYS_PER_MONTH
        return fixed - treasury - mbs

    hi = float(load("qt_caps")["mbs_cap_usd_bn"].max())
    f_lo, f_hi = level(0.0) - target, level(hi) - target
    if f_lo * f_hi > 0:
        raise ValueError(
            f"在 0 到 {hi:g} 十億美元之間，沒有一個 MBS 每月還本金額能讓重建值等於 {b.date()} 的實際值；"
            "這段期間的落差不是 MBS 造成的。"
        )
    lo = 0.0
    while hi - lo > tol:
        mid = (lo + hi) / 2
        if (level(mid) - target) * f_lo > 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


# ------------------------------------------------------------------------------------ balance sheets
def pct_of_gdp(amount, gdp) -> float:
    """``amount`` as a percentage of ``gdp`` (same currency and unit). Introduced in 第 3 章."""
    try:
        a, g = float(amount), float(gdp)
    except (TypeError, ValueError):
        raise ValueError("資產與 GDP 都要是數字（同一種貨幣、同一個單位）。") from None
    if not (np.isfinite(a) and np.isfinite(g)) or g <= 0:
        raise ValueError("GDP 必須是正數。")
    return 100.0 * a / g


def balance_sheets(bank=None) -> pd.DataFrame:
    """Sourced balance-sheet milestones (local currency bn) with ``pct_gdp`` (percent of nominal GDP) added.

    ``bank`` is one of fed / ecb / boj / boe, or None / "all" for every bank. Introduced in 第 3 章.
    """
    _check_bank(bank)
    df = load("central_bank_balance_sheets").sort_values(["bank", "date"]).reset_index(drop=True)
    df["pct_gdp"] = 100.0 * df["amount_lc_bn"] / df["gdp_lc_bn"]
    if bank not in (None, "all"):
        df = df[df["bank"] == bank].reset_index(drop=True)
    return df


def boe_stock_path() -> pd.DataFrame:
    """The path the MPC's APF decisions imply (GBP bn), as points to join with straight lines.

    A QE decision raises the target at once (a vertical step on the decision date). From 2022 each decision sets
    the stock to reach twelve months later, so the path runs in a straight line from the stock at the decision
    (the target plus the planned reduction) to the target a year on. Before the first such decision, the path
    falls from the peak to that starting stock, as maturing gilts were no longer reinvested. Planned, not measured.
    Introduced in 第 3 章.
    """
    df = load("boe_programmes").sort_values("date")
    df = df[df["stock_target_gbp_bn"].notna() | (df["label"] == "停止再投資")]
    points = [(df["date"].iloc[0], 0.0)]
    level = 0.0
    for r in df.itertuples():
        if pd.isna(r.change_gbp_bn):  # stop reinvesting: the decline starts here
            points.append((r.date, level))
        elif r.change_gbp_bn > 0:
            points += [(r.date, level), (r.date, r.stock_target_gbp_bn)]
        else:
            if r.date > points[-1][0]:
                points.append((r.date, r.stock_target_gbp_bn - r.change_gbp_bn))
            points.append((r.date + pd.DateOffset(years=1), r.stock_target_gbp_bn))
        level = points[-1][1]
    return pd.DataFrame(points, columns=["date", "stock_gbp_bn"])


# ---------------------------------------------------------------------------------- the joint timeline
def _size_fed(r) -> str:
    steps = _schedule_paces(r.name) if r.kind == "QE" else []
    if len(steps) > 1:
        # an open-ended programme whose pace changed (QE3: MBS first, Treasuries added later)
        return "；".join(f"{d.year}-{d.month:02d} 起每月 {_yi(v)}美元" for d, v in steps)
    if pd.notna(r.total_usd_bn) and r.total_usd_bn > 0:
        return f"合計約 {_yi(r.total_usd_bn)}美元"
    if pd.notna(r.monthly_usd_bn):
        return f"每月 {_yi(r.monthly_usd_bn)}美元"
    return r.description.split("，")[0]


def _schedule_paces(programme: str) -> list:
    """(first day, combined monthly pace in USD bn) each time the announced pace of ``programme`` changed, from
    ``history_fed_purchases`` (only paces given per month count)."""
    s = load("history_fed_purchases")
    s = s[(s["programme"] == programme) & s["monthly_usd_bn"].notna() & (s["monthly_usd_bn"] > 0)]
    out = []
    for start in sorted(s["start"].unique()):
        live = s[(s["start"] <= start) & (s["end"] >= start)]
        pace = float(live["monthly_usd_bn"].sum())
        if not out or pace != out[-1][1]:
            out.append((pd.Timestamp(start), pace))
    return out


def _yi(usd_bn: float) -> str:
    """Billions as 億 / 兆 wording: 600 → '6,000 億', 1725 → '1.725 兆'."""
    v = float(usd_bn) * 10  # 1 billion = 10 億
    if abs(v) >= 10000:
        return f"{v / 10000:g} 兆"
    return f"{v:,.0f} 億"


def _fed_rows():
    rows = []
    for r in load("fed_programs").itertuples():
        rows.append(
            {
                "date": r.announced,
                "end": r.end,
                "bank": "fed",
                "kind": r.kind,
                "name": r.name,
                "size": _size_fed(r),
                "source": r.source,
            }
        )
    return rows


def _rate_text(pct: float) -> str:
    """0.05 is the course's code for the Bank of Japan's 0–0.1% range (and ranges around it)."""
    return "0–0.1%" if abs(pct - 0.05) < 1e-9 else f"{pct:g}%"


def _clause(text: str) -> str:
    """The first clause after a leading heading: '部分再投資：存量平均每月減少 150 億' → '存量平均每月減少 150 億'."""
    return text.split("：")[-1].split("，")[0].split("；")[0]


_BOJ_KIND = {
    "quantitative_easing": "QE",
    "current_account_target": "QE",
    "comprehensive_easing": "QE",
    "qqe": "QE",
    "qqe_expansion": "QE",
    "etf_expansion": "QE",
    "exit": "exit",
    "jgb_reduction": "QT",
    "etf_sales": "QT",
    "rates_jgb_reduction": "QT",
    "negative_rate": "rates",
    "ycc": "rates",
    "rates": "rates",
    "target": "rates",
    "review": "rates",
}


def _boj_rows():
    rows = []
    for r in load("boj_policy").itertuples():
        if r.measure == "rates_jgb_reduction":
            size = f"政策利率 {_rate_text(r.policy_rate_pct)}，公債月購買量逐季減少"
        elif pd.notna(r.current_account_high_jpy_tn):
            lo, hi = r.current_account_low_jpy_tn, r.current_account_high_jpy_tn
            size = f"經常帳餘額 {lo:g} 兆日圓" if lo == hi else f"經常帳餘額 {lo:g}–{hi:g} 兆日圓"
        elif pd.notna(r.etf_annual_jpy_tn) and r.etf_annual_jpy_tn > 0 and r.measure.startswith(("qqe", "etf")):
            size = f"ETF 每年 {r.etf_annual_jpy_tn:g} 兆日圓"
            if pd.notna(r.jgb_annual_jpy_tn) and r.measure.startswith("qqe"):
                size = f"公債每年 {r.jgb_annual_jpy_tn:g} 兆、" + size
        elif _BOJ_KIND.get(r.measure) == "QT":
            size = _clause(r.description)
        elif pd.notna(r.policy_rate_pct):
            size = f"政策利率 {_rate_text(r.policy_rate_pct)}"
        else:
            size = "—"
        rows.append(
            {
                "date": r.date,
                "end": pd.NaT,
                "bank": "boj",
                "kind": _BOJ_KIND.get(r.measure, "other"),
                "name": r.label,
                "size": size,
                "source": r.source,
            }
        )
    return rows


def _ecb_rows():
    rows = []
    for r in load("ecb_programmes").itertuples():
        if r.programme in ("LTRO", "TLTRO"):
            # loans to banks, not purchases; TLTRO repayments are what shrank the Eurosystem in 2022–23
            kind = "QT" if "還款" in r.label else "loans"
            size = "提前還款" if kind == "QT" else "放款給銀行（不是買債）"
        elif r.programme == "OMT":
            kind, size = "other", "無事先上限，但從未執行"
        elif r.programme == "CSPP":
            kind, size = "other", "調整公司債組成（氣候）"
        elif r.programme == "SMP":
            kind, size = "other", "以定期存款沖銷，不增加準備金"
        elif pd.notna(r.envelope_eur_bn):
            kind, size = "QE", f"額度 {_yi(r.envelope_eur_bn)}歐元"
        elif pd.notna(r.net_purchases_eur_bn_per_month) and r.net_purchases_eur_bn_per_month > 0:
            kind, size = "QE", f"每月 {_yi(r.net_purchases_eur_bn_per_month)}歐元"
        elif pd.notna(r.net_purchases_eur_bn_per_month):
            kind, size = "reinvest", "淨購買 0，全額再投資"
        elif r.announced >= pd.Timestamp("2022-12-01"):
            kind, size = "QT", _clause(r.description)
        elif r.programme == "PEPP":
            kind, size = "taper", "停止淨購買"
        else:
            kind, size = "QE", "—"
        rows.append(
            {
                "date": r.announced,
                "end": r.end,
                "bank": "ecb",
                "kind": kind,
                "name": r.label,
                "size": size,
                "source": r.source,
            }
        )
    return rows


def _boe_rows():
    rows = []
    for r in load("boe_programmes").itertuples():
        if pd.notna(r.change_gbp_bn):
            kind = "QE" if r.change_gbp_bn > 0 else "QT"
            size = (
                f"目標存量 {_yi(r.stock_target_gbp_bn)}英鎊（{'+' if r.change_gbp_bn > 0 else '−'}"
                f"{_yi(abs(r.change_gbp_bn))}）"
            )
        elif "賣出" in r.decision or "停止到期" in r.decision:
            kind, size = "QT", "—"
        else:
            kind, size = "other", "—"
        rows.append(
            {
                "date": r.date,
                "end": pd.NaT,
                "bank": "boe",
                "kind": kind,
                "name": r.label,
                "size": size,
                "source": r.source,
            }
        )
    return rows


@functools.lru_cache(maxsize=1)
def _programmes_cached() -> pd.DataFrame:
    df = pd.DataFrame(_fed_rows() + _boj_rows() + _ecb_rows() + _boe_rows())
    df["bank_zh"] = df["bank"].map(BANKS)
    df["kind_zh"] = df["kind"].map(KIND_ZH)
    return df.sort_values(["date", "bank"]).reset_index(drop=True)


def programmes(bank=None) -> pd.DataFrame:
    """Every central bank's programmes and decisions on one timeline.

    Columns: date (announcement or decision), end (Fed and ECB programmes), bank, bank_zh, kind (QE / QT / taper /
    twist / reserve_management / rates / reinvest / exit / other), kind_zh, name, size (zh-TW text), source.
    Introduced in 第 3 章.
    """
    _check_bank(bank)
    df = _programmes_cached().copy()
    if bank not in (None, "all"):
        df = df[df["bank"] == bank].reset_index(drop=True)
    return df


def programmes_in_window(start, end, bank="all") -> pd.DataFrame:
    """Programmes announced, or still running, between ``start`` and ``end`` (inclusive), sorted by date.
    Introduced in 第 3 章."""
    a, b = _ts(start, "起點"), _ts(end, "終點")
    if b < a:
        raise ValueError("終點必須晚於起點。")
    df = programmes(bank)
    running = df["end"].notna() & (df["date"] < a) & (df["end"] >= a)
    inside = (df["date"] >= a) & (df["date"] <= b)
    return df[inside | running].reset_index(drop=True)


def first_in_era(era: str, kind="QT", bank="all") -> pd.Series:
    """The earliest programme of ``kind`` announced inside ``era`` (what the timeline explorer reports).
    Introduced in 第 3 章."""
    a, b = era_window(era)
    df = programmes_in_window(a, b, bank)
    df = df[(df["kind"] == kind) & (df["date"] >= a)]
    if df.empty:
        raise ValueError(f"「{ERAS[era][0]}」裡沒有「{KIND_ZH.get(kind, kind)}」類的項目。")
    return df.iloc[0]


def events(start=None, end=None) -> pd.DataFrame:
    """Dated Fed events (``history_events``) between two dates, sorted. Introduced in 第 3 章."""
    df = load("history_events").sort_values("date").reset_index(drop=True)
    if start is not None:
        df = df[df["date"] >= _ts(start)]
    if end is not None:
        df = df[df["date"] <= _ts(end)]
    return df.reset_index(drop=True)
