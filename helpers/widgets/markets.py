"""The market-effects chapter's simulators (第 4 章 市場影響).

- :func:`duration_lab`: a yield (or discount-rate) change → price change of 2-, 10- and 30-year Treasury
  bonds and of a value and a growth firm. Model: :func:`helpers.valuation.lab_changes`.
- :func:`mortgage_affordability`: mortgage rate and home price → monthly payment and payment-to-income.
  Model: :mod:`helpers.housing`.

Both use the fast pattern: the axes and artists are built once in ``setup``; a move only updates data.
On top of that they cache the static layer (axes, ticks, labels: with a CJK font, most of the drawing
time) once per axis-limits setting, and a move only redraws the moving artists over it (matplotlib
"blitting"); the limits are rounded to a few steps so that the cache stays small.
"""

from __future__ import annotations

import numpy as np

from helpers import housing, valuation
from helpers.data import load
from helpers.style import GREYS, PALETTE
from helpers.widgets import Simulator, nice_ceiling, slider

LAB_COLORS = [PALETTE["sky"], PALETTE["blue"], "#003f66", PALETTE["green"], PALETTE["orange"]]


def duration_lab(yield_pct: float = 3.0, shock_pp: float = 1.0) -> Simulator:
    """Sliders: the starting Treasury yield and a shock in percentage points. Bars: the exact price change
    (%) of par bonds of 2, 10 and 30 years and of the course's value and growth firms (discounted at the
    yield plus an assumed 5-point equity premium). Dots: the first-order duration estimate."""
    labels = list(valuation.lab_changes(yield_pct, shock_pp))
    x = np.arange(len(labels))

    def setup(fig):
        ax = fig.add_subplot()
        bars = ax.bar(x, np.zeros(len(x)), color=LAB_COLORS, width=0.6)
        (dots,) = ax.plot(x, np.zeros(len(x)), "o", color=PALETTE["black"], ms=6, label="只用存續期間的估計")
        texts = [ax.text(i, 0, "", ha="center", fontsize="small") for i in x]
        ax.axhline(0, color=GREYS["zero_line"], lw=1)
        ax.set_xticks(x, labels)
        ax.set_ylabel("價格變動（%）")
        ax.legend(loc="upper left", fontsize="small")
        return {"ax": ax, "bars": bars, "dots": dots, "texts": texts, "moving": [*bars, dots, *texts]}

    def draw(state, yield_pct, shock_pp):
        changes = valuation.lab_changes(yield_pct, shock_pp)
        durations = valuation.lab_durations(yield_pct)
        values = np.array([changes[k] for k in labels])
        rate = yield_pct + valuation.EQUITY_PREMIUM_PP
        modified = np.array([durations[k] if "公債" in k else durations[k] / (1 + rate / 100) for k in labels])
        for bar, v in zip(state["bars"], values):
            bar.set_height(v)
        state["dots"].set_ydata(-modified * shock_pp)
        top = max(5.0, nice_ceiling(float(np.abs(values).max()) * 1.25))
        for t, v in zip(state["texts"], values):
            t.set_text(f"{v:+.1f}%")
            t.set_y(-0.09 * top if v >= 0 else 0.03 * top)  # beside the zero line, clear of bar and dot
        state["ax"].set_ylim(-top, top)
        rows = "".join(
            f"<tr><td>{k}</td><td>{changes[k]:+.1f}%</td><td>{durations[k]:.1f} 年</td></tr>" for k in labels
        )
        return (
            f"殖利率 {yield_pct:.2f}% → {yield_pct + shock_pp:.2f}%（股票折現率 {rate:.2f}% → "
            f"{rate + shock_pp:.2f}%）<table><tr><th>資產</th><th>價格變動</th><th>存續期間</th></tr>{rows}</table>"
            "<small>簡化模型：平價公債、每半年付息；兩家公司的現金流是假設的，股票折現率假設為殖利率加 5 個百分點。</small>"
        )

    controls = {
        "yield_pct": slider("起始殖利率（%）", 1.5, 7.0, 0.25, yield_pct, fmt=".2f"),
        "shock_pp": slider("殖利率變動（百分點）", -1.5, 3.0, 0.25, shock_pp, fmt="+.2f"),
    }
    return Simulator(
        controls,
        draw,
        setup=setup,
        main="shock_pp",
        caption="長債與成長股的現金流離現在最遠，同樣的利率變動下跌得最多。黑點是只用存續期間估計的結果。",
    )


def _pmms_milestones():
    df = load("market_mortgage_rates").set_index("date")["mortgage30_pct"]
    return {"2021-01 低點": float(df["2021-01-07"]), "2023-10 高點": float(df["2023-10-26"])}


def mortgage_affordability(
    rate_pct: float = 6.5, price_k: float = 400.0, income_k: float = 100.0, down_pct: float = 20.0
) -> Simulator:
    """Sliders: 30-year mortgage rate, home price and annual income (thousand USD), down payment (%).
    Curve: payment-to-income across rates from 2 % to 9 %; the dot is the chosen rate; the dashed line is the
    28 % rule of thumb; the grey lines mark Freddie Mac's record low (Jan 2021) and the 2023 high."""
    rates = np.linspace(2.0, 9.0, 141)
    marks = _pmms_milestones()

    def setup(fig):
        ax = fig.add_subplot()
        (curve,) = ax.plot(rates, np.zeros_like(rates), color=PALETTE["blue"])
        (dot,) = ax.plot([rate_pct], [0], "o", color=PALETTE["vermillion"], ms=9)
        ax.axhline(housing.RULE_OF_THUMB_PCT, color=PALETTE["black"], ls="--", lw=1)
        ax.text(2.05, housing.RULE_OF_THUMB_PCT + 0.8, "28% 經驗法則", fontsize="small")
        for name, r in marks.items():
            ax.axvline(r, color=GREYS["guide"], lw=1)
            ax.text(r + 0.05, 1.5, f"{name} {r:.2f}%", fontsize="small", color=GREYS["note"])
        ax.set_xlim(2, 9)
        ax.set_xlabel("30 年期房貸利率（%）")
        ax.set_ylabel("房貸月付額占月收入（%）")
        return {"ax": ax, "curve": curve, "dot": dot, "moving": [curve, dot]}

    def draw(state, rate_pct, price_k, income_k, down_pct):
        price, income = price_k * 1000.0, income_k * 1000.0
        ratio_curve = housing.payment_curve(price, rates, down_pct) / (income / 12.0) * 100.0
        ratio = housing.payment_to_income(price, rate_pct, income, down_pct)
        payment = housing.payment_for_price(price, rate_pct, down_pct)
        state["curve"].set_ydata(ratio_curve)
        state["dot"].set_data([rate_pct], [ratio])
        state["ax"].set_ylim(0, max(40.0, nice_ceiling(float(ratio_curve.max()) * 1.1)))
        cap = housing.max_price_at_ratio(income, rate_pct, down_payment_pct=down_pct)
        return (
            f"房價 {price_k:,.0f} 千美元、頭期款 {down_pct:.0f}%、利率 {rate_pct:.2f}%："
            f"每月還款 <b>{payment:,.0f} 美元</b>，占月收入 <b>{ratio:.1f}%</b>。"
            f"<br>以 28% 經驗法則，年收入 {income_k:,.0f} 千美元最多買得起約 {cap / 1000:,.0f} 千美元的房子。"
            "<br><small>簡化模型：30 年固定利率、按月本息平均攤還，不含稅費與保險。</small>"
        )

    controls = {
        "rate_pct": slider("房貸利率（%）", 2.0, 9.0, 0.05, rate_pct, fmt=".2f"),
        "price_k": slider("房價（千美元）", 100, 1500, 10, price_k, fmt=",.0f"),
        "income_k": slider("年收入（千美元）", 20, 300, 5, income_k, fmt=",.0f"),
        "down_pct": slider("頭期款（%）", 0, 50, 5, down_pct, fmt=".0f"),
    }
    return Simulator(
        controls,
        draw,
        setup=setup,
        main="rate_pct",
        caption="同一間房子，利率從 2.65% 升到 7.79%，月付額增加約八成。利率資料：Freddie Mac PMMS。",
    )
