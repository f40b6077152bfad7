"""The investor-strategy chapter's widget: a portfolio builder (第 6 章 投資人策略).

Sliders for broad equities, long Treasuries, cash, gold and crypto (normalised to 100 %), a leverage and a
regime path → Monte Carlo wealth bands and the median annual return, volatility and maximum drawdown, next to the
60/40 benchmark on the same simulated markets. The model is ``helpers.portfolio.builder_stats``; returns are the
course's labelled assumptions, not history.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from helpers import portfolio as pf
from helpers.style import PALETTE
from helpers.widgets import Simulator, dropdown, nice_ceiling, slider

_METRICS = (("median_return_pct", "年化報酬"), ("median_vol_pct", "年化波動"), ("median_max_drawdown_pct", "最大回撤"))


def _setup(fig):
    grid = fig.add_gridspec(1, 2, width_ratios=[3, 2])
    ax, bx = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
    lines = {
        "p95": ax.plot([], [], color=PALETTE["blue"], lw=1, alpha=0.6, label="組合：第 5／95 百分位")[0],
        "p50": ax.plot([], [], color=PALETTE["blue"], lw=2.5, label="組合：中位數")[0],
        "p5": ax.plot([], [], color=PALETTE["blue"], lw=1, alpha=0.6)[0],
        "bench": ax.plot([], [], color=PALETTE["grey"], lw=2, ls="--", label="60/40 基準：中位數")[0],
    }
    ax.axhline(1, color="black", lw=0.8)
    ax.set_xlabel("年")
    ax.set_ylabel("財富（起點 = 1）")
    ax.legend(loc="upper left", fontsize="small")
    x = np.arange(len(_METRICS))
    mine = bx.bar(x - 0.2, [0] * len(x), width=0.4, color=PALETTE["blue"])
    bench = bx.bar(x + 0.2, [0] * len(x), width=0.4, color=PALETTE["grey"])
    labels = [bx.text(0, 0, "", ha="center", fontsize="small") for _ in range(2 * len(x))]
    bx.set_xticks(x, [name for _, name in _METRICS])
    bx.axhline(0, color="black", lw=0.8)
    bx.set_ylabel("中位數（%）；藍：組合，灰：60/40")
    for axis in (ax.xaxis, ax.yaxis, bx.yaxis):  # fewer tick labels: text is most of the drawing time
        axis.set_major_locator(MaxNLocator(5))
    moving = list(lines.values()) + list(mine) + list(bench) + labels  # redrawn on each move; the rest is cached
    return {"ax": ax, "bx": bx, "lines": lines, "bars": (mine, bench), "labels": labels, "moving": moving}


def _draw(state, equity, bonds, cash, gold, crypto, leverage, path):
    try:
        stats = pf.builder_stats(equity, bonds, cash, gold, crypto, leverage, path)
    except ValueError as exc:
        return f"<b>⚠️ {exc}</b>"
    band, bench_med = stats["band"], stats["benchmark_median"]
    years = np.arange(band.shape[1]) / 12
    for key, row in (("p5", band[0]), ("p50", band[1]), ("p95", band[2])):
        state["lines"][key].set_data(years, row)
    state["lines"]["bench"].set_data(years, bench_med)
    ax = state["ax"]
    ax.set_xlim(0, years[-1])
    top = max(band[2].max(), bench_med.max(), 1.0)
    ax.set_ylim(0, nice_ceiling(top * 1.08))
    values = []
    for bars, key in zip(state["bars"], ("portfolio", "benchmark")):
        for bar, (metric, _) in zip(bars, _METRICS):
            bar.set_height(stats[key][metric])
            values.append((bar, stats[key][metric]))
    for text, (bar, v) in zip(state["labels"], values):
        text.set_position((bar.get_x() + bar.get_width() / 2, v + (1 if v >= 0 else -1)))
        text.set_va("bottom" if v >= 0 else "top")
        text.set_text(f"{v:.0f}")
    heights = [v for _, v in values]
    state["bx"].set_ylim(-nice_ceiling(-min(heights + [0]) * 1.25 + 2), nice_ceiling(max(heights + [0]) * 1.25 + 2))
    return _summary(stats, leverage, path)


def _summary(stats, leverage, path):
    mix = "、".join(f"{pf.ASSET_LABELS[a]} {w:.0%}" for a, w in stats["weights"].items())
    me, bm = stats["portfolio"], stats["benchmark"]
    return (
        f"<b>組合</b>：{mix}；槓桿 {leverage:.2f} 倍。情境：{pf.SCENARIOS[path]}。<br>"
        f"期末財富中位數 <b>{me['median_final']:.2f}</b>（60/40：{bm['median_final']:.2f}）；"
        f"最差 5% 的路徑期末低於 {me['p5_final']:.2f}（60/40：{bm['p5_final']:.2f}）。<br>"
        f"年化報酬中位數 {me['median_return_pct']:.1f}%（60/40：{bm['median_return_pct']:.1f}%）；"
        f"年化波動 {me['median_vol_pct']:.1f}%（{bm['median_vol_pct']:.1f}%）；"
        f"最大回撤中位數 {me['median_max_drawdown_pct']:.1f}%（{bm['median_max_drawdown_pct']:.1f}%）；"
        f"虧損路徑 {me['loss_pct']:.0f}%，被斷頭（追繳後強制賣出）{me['margin_call_pct']:.1f}%，"
        f"賠光 {me['ruin_pct']:.1f}%。<br>"
        "<small>假設報酬的蒙地卡羅模擬（每種情境 "
        f"{pf.WIDGET_PATHS} 條路徑、固定種子）：不是歷史，也不是投資建議。</small>"
    )


def portfolio_builder() -> Simulator:
    """Sliders (equities, long Treasuries, cash, gold, crypto in any proportions; leverage 1–3×; a regime path) →
    simulated wealth bands and median return, volatility and drawdown against 60/40. Model:
    ``helpers.portfolio.builder_stats``. Introduced in 第 6 章."""
    controls = {
        "equity": slider("股票（大盤）", 0, 100, 5, 60, integer=True),
        "bonds": slider("長期公債", 0, 100, 5, 40, integer=True),
        "cash": slider("現金", 0, 100, 5, 0, integer=True),
        "gold": slider("黃金", 0, 100, 5, 0, integer=True),
        "crypto": slider("加密資產", 0, 20, 1, 0, integer=True),
        "leverage": slider("槓桿（倍）", 1.0, 3.0, 0.25, 1.0, fmt=".2f"),
        "path": dropdown("政策情境", [(label, key) for key, label in pf.SCENARIOS.items()], value="history"),
    }
    return Simulator(
        controls,
        _draw,
        setup=_setup,
        main="equity",
        caption="滑桿數字是相對比例，會自動換算成合計 100%。藍線：你的組合；灰色虛線：60% 股票、"
        "40% 長期公債的基準。報酬來自 data/portfolio_regime_assumptions.csv 的假設。",
    )
