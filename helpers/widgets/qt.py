"""Chapter 2's widget: the QT cap designer (第 2 章 量化緊縮的機制).

Treasury cap, MBS cap, start month, reserve floor and the share of runoff that ON RRP absorbs → the modelled
path of total assets, reserves and ON RRP, and the month in which reserves would reach the floor. The model is
:func:`helpers.runoff.design_qt`; this module only draws it.
"""
from __future__ import annotations

import pandas as pd
from matplotlib import dates as mdates

from helpers import runoff
from helpers.style import ITEM_COLORS, PALETTE
from helpers.widgets import Simulator, dropdown, slider

START_MONTHS = [f"{m:%Y-%m}" for m in pd.date_range("2022-06-01", "2025-06-01", freq="MS")]


def _tn(x):
    return f"{x / 1000:.2f} 兆美元"


def qt_designer(months: int = 48) -> Simulator:
    """Cap designer: sliders for the two caps (USD bn per month), the start month, the reserve floor (USD bn)
    and the ON RRP share → total assets, reserves and ON RRP in USD trillions over ``months`` months.

    The floor month in the summary is :func:`helpers.runoff.floor_month` of the same path. Introduced in 第 2 章."""
    controls = {
        "treasury_cap": slider("公債每月上限（十億美元）", 0, 100, 5, 60, fmt=".0f"),
        "mbs_cap": slider("MBS 每月上限（十億美元）", 0, 50, 2.5, 35, fmt=".1f"),
        "start": dropdown("開始月份", START_MONTHS, value="2022-06"),
        "reserve_floor": slider("準備金下限（十億美元）", 2000, 3500, 50, 2800, fmt=".0f"),
        "rrp_share": slider("縮表先由 ON RRP 承擔的比例", 0, 1, 0.1, 1.0, fmt=".1f"),
    }

    def setup(fig):
        ax = fig.add_subplot()
        lines = {
            "total_assets": ax.plot([], [], color=PALETTE["black"], label="總資產")[0],
            "reserves": ax.plot([], [], color=ITEM_COLORS["reserves"], label="準備金")[0],
            "on_rrp": ax.plot([], [], color=ITEM_COLORS["on_rrp"], lw=2.5, label="隔夜逆回購 ON RRP")[0],
        }
        floor = ax.axhline(2.8, color=ITEM_COLORS["reserves"], ls="--", lw=1)
        hit = ax.axvline(pd.Timestamp("2022-06-01"), color=PALETTE["vermillion"], ls=":", lw=1.5)
        ax.set_ylim(0, 9.5)
        ax.xaxis.set_major_locator(mdates.YearLocator())  # fixed locator: much cheaper than the automatic one
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_ylabel("金額（兆美元）")
        ax.legend(loc="upper right", fontsize="small")
        return {"ax": ax, "lines": lines, "floor": floor, "hit": hit}

    def draw(state, treasury_cap, mbs_cap, start, reserve_floor, rrp_share):
        path = runoff.design_qt(start, treasury_cap, mbs_cap, reserve_floor, rrp_share, months=months)
        for name, line in state["lines"].items():
            line.set_data(path["month"], path[name] / 1000)
        state["ax"].set_xlim(path["month"].iloc[0], path["month"].iloc[-1])
        state["floor"].set_ydata([reserve_floor / 1000] * 2)
        when = runoff.floor_month(path)
        state["hit"].set_visible(when is not None)
        if when is not None:
            state["hit"].set_xdata([when] * 2)
        a = path.attrs
        verdict = (f"準備金在 <b>{when:%Y-%m}</b> 碰到 {_tn(reserve_floor)}的下限。" if when is not None else
                   f"{months} 個月內準備金沒有碰到 {_tn(reserve_floor)}的下限。")
        return (f"起點 {start}：總資產 {_tn(a['start_total_assets'])}、準備金 {_tn(a['start_reserves'])}、"
                f"ON RRP {_tn(a['start_on_rrp'])}。第一個月縮表約 {path['runoff'].iloc[0] * 10:,.0f} 億美元。"
                f"{verdict}<br><small>這是簡化模型：MBS 依假設的償還率還本、TGA 與現金不變，"
                f"縮表先由 ON RRP 承擔 {rrp_share:.0%}。</small>")

    return Simulator(controls, draw, setup=setup, main="treasury_cap",
                     caption="黑線是總資產，藍線是準備金，黃線是 ON RRP；藍色虛線是你設的準備金下限，"
                             "紅色點線標出碰到下限的月份。")
