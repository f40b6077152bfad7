"""第 5 章的兩個模擬器：香港貨幣發行局（聯繫匯率）與台美政策利率比較。

Both use the fast pattern: ``setup`` builds the axes and artists once, ``draw`` only updates data and limits.
The models behind them are plain functions: :func:`helpers.currency_board.run` and the path helpers of
:mod:`helpers.policy_rates`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from helpers import currency_board as cb
from helpers import policy_rates as pr
from helpers import timeline
from helpers.style import GREYS, ITEM_COLORS, PALETTE, REGIME_COLORS, shade_regimes, use_course_style
from helpers.widgets import _LAYOUT, _STYLE, Simulator, dropdown, slider, visible_legend

MAX_STEPS = 80


def _labels(ax, items):
    """A row of coloured text labels just above the axes: cheaper to redraw than a legend box."""
    x = 0.0
    for text, color in items:
        ax.text(x, 1.01, text, transform=ax.transAxes, ha="left", va="bottom", color=color, fontsize="small")
        x += 0.04 + 0.0115 * sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _board_setup(fig):
    """Axes and artists of the currency-board figure (built once)."""
    ax_rate, ax_ab, ax_rates = fig.subplots(3, 1, sharex=True)
    for level, style in ((cb.STRONG_SIDE, "--"), (cb.LINKED_RATE, ":"), (cb.WEAK_SIDE, "--")):
        ax_rate.axhline(level, color=GREYS["band_edge"], ls=style, lw=1)
    for level, text in ((cb.STRONG_SIDE, " 強方\n 7.75"), (cb.WEAK_SIDE, " 弱方\n 7.85")):
        ax_rate.text(
            1.0,
            level,
            text,
            ha="left",
            va="center",
            fontsize="small",
            color=GREYS["note"],
            transform=ax_rate.get_yaxis_transform(),
        )
    (rate_line,) = ax_rate.plot([], [], color=PALETTE["black"], lw=2)
    strong_pts = ax_rate.scatter(np.empty(0), np.empty(0), color=PALETTE["green"], s=18, zorder=3)
    weak_pts = ax_rate.scatter(np.empty(0), np.empty(0), color=PALETTE["vermillion"], s=18, zorder=3)
    ax_rate.set_ylim(7.865, 7.735)  # inverted: up = stronger HKD
    ax_rate.set_yticks([7.75, 7.80, 7.85])
    ax_rate.set_ylabel("港元兌美元")
    # Interventions as one LineCollection each (one artist, not 81 rectangles: much faster to redraw).
    strong_bars = ax_ab.vlines([], 0, 0, color=PALETTE["green"], lw=4, label="強方操作（賣出港元）")
    weak_bars = ax_ab.vlines([], 0, 0, color=PALETTE["vermillion"], lw=4, label="弱方操作（買入港元）")
    (ab_line,) = ax_ab.plot([], [], color=ITEM_COLORS["reserves"], lw=2, label="總結餘")
    ax_ab.axhline(0, color=GREYS["band_edge"], lw=0.8)
    ax_ab.set_ylabel("十億港元")
    _labels(
        ax_ab,
        [
            ("總結餘", ITEM_COLORS["reserves"]),
            ("強方操作：賣出港元", PALETTE["green"]),
            ("弱方操作：買入港元", PALETTE["vermillion"]),
        ],
    )
    (hibor_line,) = ax_rates.plot([], [], color=PALETTE["blue"], label="HIBOR（模型）")
    (us_line,) = ax_rates.plot([], [], color=PALETTE["orange"], ls="--", label="美國政策利率")
    ax_rates.set_ylabel("利率（%）")
    ax_rates.set_xlabel("期數")
    # Fewer tick labels: text layout is most of the redraw cost.
    ax_rates.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    for ax in (ax_ab, ax_rates):
        ax.yaxis.set_major_locator(MaxNLocator(4))
    _labels(ax_rates, [("HIBOR（模型）", PALETTE["blue"]), ("美國政策利率", PALETTE["orange"])])
    return dict(
        ax_rate=ax_rate,
        ax_ab=ax_ab,
        ax_rates=ax_rates,
        rate_line=rate_line,
        strong_pts=strong_pts,
        weak_pts=weak_pts,
        strong_bars=strong_bars,
        weak_bars=weak_bars,
        ab_line=ab_line,
        hibor_line=hibor_line,
        us_line=us_line,
    )


def _board_draw(st, size, shock_steps, us_rate, steps):
    """Run the model for the control values and update the artists; return the HTML summary."""
    out = cb.run(cb.shock_flows(size, min(shock_steps, steps), steps), us_rate)
    x, side = out["step"], out["side"]
    st["rate_line"].set_data(x, out["rate"])
    st["strong_pts"].set_offsets(np.column_stack([x[side == 1], out["rate"][side == 1]]))
    st["weak_pts"].set_offsets(np.column_stack([x[side == -1], out["rate"][side == -1]]))
    inter = out["intervention_hkd_bn"]
    st["strong_bars"].set_segments([[(i, 0.0), (i, h)] for i, h in zip(x[inter > 0], inter[inter > 0])])
    st["weak_bars"].set_segments([[(i, 0.0), (i, h)] for i, h in zip(x[inter < 0], inter[inter < 0])])
    ab = out["aggregate_balance_hkd_bn"]
    st["ab_line"].set_data(x, ab)
    st["ax_ab"].set_ylim(min(-5.0, inter.min() * 1.1), max(60.0, ab.max() * 1.15, inter.max() * 1.15))
    st["hibor_line"].set_data(x, out["hibor_pct"])
    st["us_line"].set_data(x, out["us_rate_pct"])
    st["ax_rates"].set_ylim(0, max(out["hibor_pct"].max(), us_rate) + 1.0)
    st["ax_rates"].set_xlim(-0.5, steps + 0.5)
    s = cb.summary(out)
    first_weak = f"第 {s['first_weak_step']} 期" if s["first_weak_step"] else "沒有發生"
    first_strong = f"第 {s['first_strong_step']} 期" if s["first_strong_step"] else "沒有發生"
    check = (
        abs(out["hkma_usd_bn"][-1] + out["market_usd_bn"][-1] - out["hkma_usd_bn"][0] - out["market_usd_bn"][0]) < 1e-9
    )
    return (
        f"強方兌換保證觸發 <b>{s['strong_steps']}</b> 期（第一次：{first_strong}），金管局共賣出 "
        f"<b>{s['hkd_sold_bn']:.1f}</b> 十億港元；弱方觸發 <b>{s['weak_steps']}</b> 期（第一次：{first_weak}），"
        f"共買入 <b>{s['hkd_bought_bn']:.1f}</b> 十億港元。<br>期末總結餘 "
        f"<b>{s['final_aggregate_balance_hkd_bn']:.1f}</b> 十億港元，HIBOR（模型）"
        f"<b>{s['final_hibor_pct']:.2f}%</b>；金管局美元儲備變動 {s['hkma_usd_change_bn']:+.2f} 十億美元"
        f"（貨幣守恆檢查：{'通過' if check else '失敗'}）。"
    )


def board_figure(size=30, shock_steps=5, us_rate=4.25, steps=40):
    """The simulator's figure for fixed values, as a static matplotlib Figure (for a printed chapter); returns
    ``(fig, summary_text)``. Same drawing code as :func:`currency_board_simulator`. Introduced in 第 5 章."""
    import re

    import matplotlib.pyplot as plt

    use_course_style()
    fig = plt.figure(figsize=(8, 5.6))
    html = _board_draw(_board_setup(fig), size, shock_steps, us_rate, steps)
    fig.subplots_adjust(left=0.11, right=0.93, top=0.96, bottom=0.09, hspace=0.4)
    return fig, re.sub(r"<[^>]+>", "", html.replace("<br>", "\n"))


def currency_board_simulator() -> Simulator:
    """Capital-flow shock (HKD bn per step, + inflow), its duration, the US policy rate and the number of steps →
    the HKD rate inside the 7.75–7.85 band, HKMA interventions at the edges, the Aggregate Balance and a stylised
    HIBOR, step by step (model: :func:`helpers.currency_board.run`; a simplified teaching model).
    Introduced in 第 5 章."""
    controls = {
        "size": slider("資金衝擊（十億港元／期，正＝流入）", -60, 60, 5, 30),
        "shock_steps": slider("衝擊持續期數", 1, 20, 1, 5, integer=True),
        "us_rate": slider("美國政策利率（%）", 0, 6, 0.25, 4.25, fmt=".2f"),
        "steps": slider("模擬期數", 10, MAX_STEPS, 5, 40, integer=True),
    }
    sim = Simulator(
        controls,
        _board_draw,
        setup=_board_setup,
        main="size",
        figsize=(8, 5.6),
        caption="簡化模型：參數是教學用的假設值，不是估計值。綠色＝強方（7.75）操作，紅色＝弱方（7.85）操作。",
    )
    sim.margins = dict(left=0.11, right=0.93, top=0.96, bottom=0.09, hspace=0.4)
    sim.refresh()
    return sim


def _period_options():
    """Quarter starts from the first Fed decision to the last curated date, as (label, Timestamp)."""
    first = max(pr.fed_lower().index[0], pr.taiwan_rate().index[0])
    last = max(timeline.last_data_date(), pr.taiwan_rate().index[-1], pr.fed_lower().index[-1])
    dates = pd.date_range(first.to_period("Q").end_time.normalize() + pd.Timedelta(days=1), last, freq="QS")
    dates = dates.append(pd.DatetimeIndex([last])) if dates[-1] < last else dates
    return [(f"{d.year}-{d.month:02d}", d) for d in dates]


def rate_explorer() -> Simulator:
    """Date range → the Fed's target range and Taiwan's discount rate as step paths over that period, QE/QT
    regimes shaded, optional gap line; summary of the rates in force at the end date and the moves in between.
    Introduced in 第 5 章."""
    options = _period_options()
    start_i = next(i for i, (_, d) in enumerate(options) if d >= pd.Timestamp("2008-01-01"))
    controls = {
        "period": widgets.SelectionRangeSlider(
            description="期間",
            options=options,
            index=(start_i, len(options) - 1),
            style=_STYLE,
            layout=_LAYOUT,
            continuous_update=False,
        ),
        "show": dropdown("顯示", [("兩條政策利率", "rates"), ("加上利差（台灣－聯準會下限）", "gap")], "rates"),
    }
    ff_lo, ff_hi, tw = pr.fed_lower(), pr.fed_upper(), pr.taiwan_rate()
    first, last = options[0][1], options[-1][1]

    def setup(fig):
        ax = fig.add_subplot()
        shade_regimes(ax, start=first, end=last, legend=False)
        x, lo = pr.step_points(ff_lo, first, last)
        _, hi = pr.step_points(ff_hi, first, last)
        ax.fill_between(x, lo, hi, step="post", color=PALETTE["orange"], alpha=0.5, lw=0)
        ax.step(x, lo, where="post", color=PALETTE["orange"], lw=1.5, label="聯邦資金利率目標區間")
        xt, yt = pr.step_points(tw, first, last)
        ax.step(xt, yt, where="post", color=PALETTE["blue"], lw=2, label="台灣央行重貼現率")
        # The gap changes only on decision dates: a step line through those dates (not a daily series).
        grid = pd.DatetimeIndex(sorted({first, last, *tw.index[tw.index > first], *ff_lo.index[ff_lo.index > first]}))
        grid = grid[grid <= last]
        gap = np.array([pr.rate_on(tw, d) - pr.rate_on(ff_lo, d) for d in grid])
        (gap_line,) = ax.step(
            grid, gap, where="post", color=PALETTE["black"], lw=1, ls="--", label="利差（台灣－聯準會下限）"
        )
        ax.axhline(0, color=GREYS["band_edge"], lw=0.8)
        ax.set_ylabel("年利率（%）")
        entries = [(h, h.get_label()) for h in ax.get_lines() if not h.get_label().startswith("_")]
        for kind, label in (("QE", "量化寬鬆 QE"), ("QT", "量化緊縮 QT")):
            entries.append((Patch(color=REGIME_COLORS[kind], alpha=0.15, lw=0), label))
        return dict(ax=ax, gap_line=gap_line, grid=grid, gap=gap, entries=entries)

    def draw(st, period, show):
        start, end = period
        if end <= start:
            return "請把期間的結束拉到起點之後。"
        ax = st["ax"]
        ax.set_xlim(start, end)
        st["gap_line"].set_visible(show == "gap")
        visible_legend(ax, st["entries"], loc="upper right", fontsize="small", ncol=2)  # the spread only when drawn

        def within(path):
            return path[(path.index > start) & (path.index <= end)]

        at_start = [pr.rate_on(p, start) for p in (ff_lo, ff_hi, tw)]
        lo = min(at_start[0], within(ff_lo).min(skipna=True) if len(within(ff_lo)) else at_start[0], 0.0)
        if show == "gap":
            lo = min(lo, at_start[2] - at_start[0], *st["gap"][(st["grid"] > start) & (st["grid"] <= end)])
        hi = max(at_start[1], at_start[2], *within(ff_hi), *within(tw))
        ax.set_ylim(lo - 0.3, hi + 0.8)
        f_moves, t_moves = pr.count_moves(ff_lo, start, end), pr.count_moves(tw, start, end)
        gap = pr.rate_on(tw, end) - pr.rate_on(ff_lo, end)
        return (
            f"<b>{end.date()}</b>：聯邦資金利率目標 <b>{pr.rate_on(ff_lo, end):.2f}%–{pr.rate_on(ff_hi, end):.2f}%</b>，"
            f"台灣重貼現率 <b>{pr.rate_on(tw, end):.3f}%</b>，利差 {gap:+.3f} 個百分點。<br>"
            f"{start.date()} 到 {end.date()}：聯準會升息 {f_moves['up']} 次、降息 {f_moves['down']} 次，"
            f"合計 {pr.change_between(ff_lo, start, end):+.2f} 個百分點；台灣央行升息 {t_moves['up']} 次、"
            f"降息 {t_moves['down']} 次，合計 {pr.change_between(tw, start, end):+.3f} 個百分點。"
            "資料：FOMC 聲明、中央銀行理監事會新聞稿。"
        )

    return Simulator(
        controls,
        draw,
        setup=setup,
        main="period",
        figsize=(8, 4.2),
        caption="階梯線在決策日跳動。色塊是聯準會的 QE／QT 期間（fed_programs）。",
    )
