"""Chapter 2's widget: the QT cap designer (第 2 章 量化緊縮的機制).

Treasury cap, MBS cap, start month, reserve floor and the share of runoff that ON RRP absorbs → the modelled
path of total assets, reserves and ON RRP, and the month in which reserves would reach the floor. The model is
:func:`helpers.runoff.design_qt`; this module only draws it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import dates as mdates

from helpers import runoff
from helpers.data import fred, load
from helpers.style import GREYS, ITEM_COLORS, PALETTE
from helpers.vocab import item_label
from helpers.widgets import Simulator, dropdown, slider, visible_legend

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
            "reserves": ax.plot([], [], color=ITEM_COLORS["reserves"], label=item_label("reserves"))[0],
            "on_rrp": ax.plot([], [], color=ITEM_COLORS["on_rrp"], lw=2.5, label=item_label("on_rrp"))[0],
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
        verdict = (
            f"準備金在 <b>{when:%Y-%m}</b> 碰到 {_tn(reserve_floor)}的下限。"
            if when is not None
            else f"{months} 個月內準備金沒有碰到 {_tn(reserve_floor)}的下限。"
        )
        return (
            f"起點 {start}：總資產 {_tn(a['start_total_assets'])}、準備金 {_tn(a['start_reserves'])}、"
            f"ON RRP {_tn(a['start_on_rrp'])}。第一個月縮表約 {path['runoff'].iloc[0] * 10:,.0f} 億美元。"
            f"{verdict}<br><small>這是簡化模型：MBS 依假設的償還率還本、TGA 與現金不變，"
            f"縮表先由 ON RRP 承擔 {rrp_share:.0%}。</small>"
        )

    return Simulator(
        controls,
        draw,
        setup=setup,
        main="treasury_cap",
        caption="黑線是總資產，藍線是準備金，黃線是 ON RRP；藍色虛線是你設的準備金下限，紅色點線標出碰到下限的月份。",
    )


_EPISODES = [("2019 年 9 月（沒有 SRF）", "2019-09"), ("2025 年 10 月底", "2025-10"), ("2025 年 12 月底", "2025-12")]
_SRF_CHOICES = [("有常設附買回機制（SRF）", True), ("沒有 SRF", False)]


def floor_system() -> Simulator:
    """The floor system: a reserve demand curve (money-market rate vs reserves, % and USD tn) between the ON RRP
    floor and the SRF ceiling, with sliders for the reserve supply and for where the curve lifts off IORB.

    The administered rates come from ``qt_floor_system`` (the episode dropdown); the curve is
    :func:`helpers.reserves.market_rate` (簡化模型). Introduced in 第 2 章."""
    from helpers import reserves as model

    table = model.episodes().set_index("episode")
    grid = np.linspace(0.5, 5.0, 181)

    def setup(fig):
        ax = fig.add_subplot()
        band = ax.axhspan(0, 0, color=PALETTE["sky"], alpha=0.2, lw=0, label="聯邦資金利率目標區間")
        curve = ax.plot([], [], color=PALETTE["black"], lw=2, label="貨幣市場利率（需求曲線）")[0]
        floor = ax.axhline(0, color=ITEM_COLORS["on_rrp"], ls="--", lw=1.2, label="ON RRP 利率（下限）")
        iorb = ax.axhline(0, color=ITEM_COLORS["reserves"], ls="-.", lw=1.2, label="準備金利率 IORB")
        ceiling = ax.axhline(0, color=PALETTE["vermillion"], ls=":", lw=1.5, label="SRF 利率（上限）")
        supply = ax.axvline(3.0, color=GREYS["reference"], lw=1)
        point = ax.plot([], [], "o", ms=9, color=PALETTE["vermillion"])[0]
        seen = ax.plot([], [], "D", ms=7, color=PALETTE["purple"], label="該時點的觀測")[0]
        ax.set_xlim(0.5, 5.0)
        ax.set_xlabel("準備金（兆美元）")
        ax.set_ylabel("隔夜利率（年利率 %）")
        moving = [band, curve, floor, iorb, ceiling, supply, point, seen]
        return {
            "ax": ax,
            "band": band,
            "curve": curve,
            "floor": floor,
            "iorb": iorb,
            "ceiling": ceiling,
            "supply": supply,
            "point": point,
            "seen": seen,
            "moving": moving,
        }

    def draw(state, reserves, ample_at, episode, srf):
        c = model.corridor(episode)
        row = table.loc[episode]
        has_srf = srf and c.srf is not None
        state["curve"].set_data(grid, model.market_rate(grid, c, ample_at, srf=has_srf))
        state["band"].set_y(c.target_low)
        state["band"].set_height(c.target_high - c.target_low)
        state["floor"].set_ydata([c.on_rrp] * 2)
        state["iorb"].set_ydata([c.iorb] * 2)
        state["ceiling"].set_visible(has_srf)
        state["ceiling"].set_ydata([c.srf if c.srf is not None else c.target_high] * 2)
        state["supply"].set_xdata([reserves] * 2)
        rate = model.market_rate(reserves, c, ample_at, srf=has_srf)
        state["point"].set_data([reserves], [rate])
        observed = (not pd.isna(row["reserves_usd_bn"])) and not pd.isna(row["market_rate_pct"])
        state["seen"].set_visible(observed)
        if observed:
            state["seen"].set_data([row["reserves_usd_bn"] / 1000], [row["market_rate_pct"]])
        # the legend lists what is drawn: no SRF line without the SRF, no observation where there is none
        entries = [(state[k], state[k].get_label()) for k in ("band", "curve", "floor", "iorb", "ceiling", "seen")]
        visible_legend(state["ax"], entries, loc="upper right", fontsize="x-small")
        state["ax"].set_ylim(c.on_rrp - 0.5, c.on_rrp + 3.5)
        where = model.REGIME_LABELS[model.regime(reserves, c, ample_at)]
        gap_bp = (rate - c.iorb) * 100
        text = (
            f"準備金 <b>{reserves:.2f} 兆美元</b>：貨幣市場利率約 <b>{rate:.2f}%</b>"
            f"（比 IORB {'高' if gap_bp >= 0 else '低'} {abs(gap_bp):.0f} 個基點），落在<b>{where}</b>區。"
        )
        if has_srf and model.srf_binds(reserves, c, ample_at):
            text += f"<br>利率碰到 SRF 的 {c.srf:.2f}%：再多的資金需求由 SRF 借出，利率不再往上。"
        elif not has_srf and rate > c.target_high:
            text += f"<br>沒有 SRF 擋著，利率衝出目標區間上緣 {c.target_high:.2f}%。"
        repo = row["fed_repo_usd_bn"]
        if not pd.isna(repo):
            text += f"<br><small>{row['date']:%Y-%m-%d}：{row['event']}。</small>"
        return text + "<br><small>這是簡化模型：曲線的形狀與位置是課程的假設，不是估計值。</small>"

    controls = {
        "reserves": slider("準備金供給（兆美元）", 1.0, 4.5, 0.05, 3.2, fmt=".2f"),
        "ample_at": slider("利率離開 IORB 的準備金水準（兆美元）", 1.0, 4.0, 0.05, 2.9, fmt=".2f"),
        "episode": dropdown("行政利率的時點", _EPISODES, value="2025-10"),
        "srf": dropdown("上限工具", _SRF_CHOICES, value=True),
    }
    return Simulator(
        controls,
        draw,
        setup=setup,
        main="reserves",
        figsize=(8, 4.2),
        caption="黑線：準備金越少，隔夜利率越高；虛線是 ON RRP 下限，點虛線是 SRF 上限；紅點是你選的準備金供給。"
        "紫色菱形是有觀測利率的時點（2019-09-17 的 SOFR）。",
    )


def liabilities_figure(ax, start="2021-10-01", end="2026-01-31") -> None:
    """Figure 2.3: the daily ON RRP (FRED ``RRPONTSYD``, USD tn) as a line; reserves and the TGA as points on the
    dates the course has sourced (``qt_h41_levels``), never joined; year-end readings drawn hollow. 第 2 章 (a static figure: it lives beside the chapter's widgets, above the style layer)."""
    rrp = fred("RRPONTSYD").loc[start:end] / 1000
    ax.plot(rrp.index, rrp.values, color=ITEM_COLORS["on_rrp"], lw=1, label="隔夜逆回購 ON RRP（每日）")
    h41 = load("qt_h41_levels")
    for item, text in [
        ("reserves", f"{item_label('reserves')}（H.6 月平均或 H.4.1 週平均）"),
        ("tga", f"{item_label('tga')}（日資料）"),
    ]:
        pts = h41[(h41["item"] == item) & (h41["date"] >= start)].sort_values("date")
        year_end = (pts["date"].dt.month == 1) & (pts["date"].dt.day <= 3) | (
            pts["date"].dt.strftime("%m-%d") == "12-31"
        )
        ax.plot(
            pts.loc[~year_end, "date"],
            pts.loc[~year_end, "value_usd_bn"] / 1000,
            "o",
            ls="none",
            color=ITEM_COLORS[item],
            label=text,
        )
        ax.plot(
            pts.loc[year_end, "date"],
            pts.loc[year_end, "value_usd_bn"] / 1000,
            "o",
            ls="none",
            mfc="white",
            color=ITEM_COLORS[item],
            label=f"{text.split('（')[0]}：年底那一週（季節性）",
        )
    ax.set_ylabel("金額（兆美元）")
    ax.legend(loc="upper right", fontsize="x-small")
