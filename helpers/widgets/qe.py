"""The QE simulator of 第 1 章: purchase size and Treasury/MBS mix → T-accounts, reserves, yield range.

Notebook cell: ``qe.qe_simulator()``. The model is :func:`helpers.qe.qe_purchase` (T-accounts) and
:func:`helpers.qe.yield_effect_range` / :func:`helpers.qe.study_effects` (published estimates); this module
only draws. Drawing uses the fast pattern: bars and labels are built once in ``setup`` and moved in ``draw``.
"""

from __future__ import annotations

from matplotlib.ticker import MaxNLocator

from helpers import qe as model
from helpers.balance_sheet import label
from helpers.style import GREYS, ITEM_COLORS, PALETTE
from helpers.widgets import Simulator, dropdown, nice_ceiling, slider

# The items each panel shows (USD bn changes). Deposits have no fixed course colour: purple (loans' colour,
# which these panels never show).
PANELS = {
    "fed": ("聯準會", ("treasuries", "mbs"), ("reserves", "currency")),
    "banks": ("銀行體系", ("reserves", "treasuries", "mbs"), ("deposits",)),
}
_COLORS = dict(ITEM_COLORS, deposits=PALETTE["purple"])
_SELLERS = [("銀行（交易商）賣出", "bank"), ("退休基金等非銀行賣出", "public")]
_MARGINS = dict(left=0.07, right=0.99, bottom=0.14, top=0.9, wspace=0.12)


class _QESimulator(Simulator):
    """The QE simulator with its own margins applied before every draw, the first one included.

    Setting the margins after construction (as this module once did) let the first draw cache its static layer
    with the default margins; the next draw reused that layer with the moving bars laid out for the new margins,
    so the first display was misaligned. Applying them in :meth:`refresh` keeps both layers in step."""

    def refresh(self) -> None:
        self.margins.update(_MARGINS)
        super().refresh()


class TAccountBars:
    """Stacked bars of the changes in one T-account: assets on the left, liabilities on the right; increases
    stack upward from zero, decreases downward. Built once, then :meth:`update` moves the bars (第 1 章)."""

    def __init__(self, ax, title, asset_items, liability_items):
        self.ax = ax
        self.items = [("assets", i) for i in asset_items] + [("liabilities", i) for i in liability_items]
        self.bars, self.texts = {}, {}
        for side, item in self.items:
            x = 0 if side == "assets" else 1
            (bar,) = ax.bar([x], [0.0], width=0.6, color=_COLORS[item], edgecolor="white")
            self.bars[side, item] = bar
            self.texts[side, item] = ax.text(x, 0, "", ha="center", va="center", fontsize=8)
        ax.axhline(0, color=GREYS["zero_line"], lw=1)
        ax.set_xticks([0, 1], ["資產", "負債"])
        ax.set_xlim(-0.6, 1.6)
        # Panel label as plain text: set_title would re-run the title layout on every redraw (slow).
        ax.text(0.5, 1.02, title, transform=ax.transAxes, ha="center", va="bottom", fontsize=10)
        ax.yaxis.set_major_locator(MaxNLocator(3))
        ax.grid(axis="x", visible=False)
        self.note = ax.text(0.5, 0.02, "", transform=ax.transAxes, ha="center", va="bottom", fontsize=8)

    @property
    def artists(self) -> list:
        """What :meth:`update` changes (the simulator redraws only these on a move)."""
        return list(self.bars.values()) + list(self.texts.values()) + [self.note]

    def update(self, changes: dict, limit: float) -> None:
        """Show ``changes`` (``{"assets": {...}, "liabilities": {...}}``, USD bn) with y-limits ±``limit``."""
        tops = {"assets": [0.0, 0.0], "liabilities": [0.0, 0.0]}  # [up, down] running totals per side
        for side, item in self.items:
            value = changes.get(side, {}).get(item, 0.0)
            up, down = tops[side]
            bottom = up if value >= 0 else down + value
            bar = self.bars[side, item]
            bar.set_y(bottom)
            bar.set_height(abs(value))
            text = self.texts[side, item]
            if abs(value) >= 0.06 * limit:
                text.set_text(f"{label(item)}\n{value:+,.0f}")
                text.set_position((bar.get_x() + bar.get_width() / 2, bottom + abs(value) / 2))
            else:
                text.set_text("")
            tops[side] = [up + max(value, 0.0), down + min(value, 0.0)]
        self.ax.set_ylim(-limit, limit)


def qe_simulator() -> Simulator:
    """Sliders: purchase size (USD bn) and Treasury share (%); a dropdown: who sells. Shows the changes in
    the Fed's and the banks' T-accounts, and the 10-year yield change implied by each published estimate
    (a range per study and the overall range, never a point). Introduced in 第 1 章."""
    estimates = model.yield_effect_estimates()
    names = list(estimates["short_label"])

    def setup(fig):
        gs = fig.add_gridspec(1, 4, width_ratios=[1, 1, 0.62, 1.45])  # column 2: room for the study names
        first = fig.add_subplot(gs[0, 0])
        second = fig.add_subplot(gs[0, 1], sharey=first)
        second.tick_params(labelleft=False)
        first.set_ylabel("變動（十億美元）")
        panels = {key: TAccountBars(ax, *PANELS[key]) for ax, key in zip((first, second), PANELS)}
        ax = fig.add_subplot(gs[0, 3])
        span = ax.axvspan(0, 0, color=PALETTE["sky"], alpha=0.25, lw=0)
        bars = ax.barh(
            range(len(names)), [0.0] * len(names), left=[0.0] * len(names), height=0.5, color=PALETTE["blue"]
        )
        ax.set_yticks(range(len(names)), names, fontsize=8)
        ax.set_xlabel("10 年期殖利率變動（基點）")
        ax.text(0.5, 1.02, "已發表估計換算的殖利率變動", transform=ax.transAxes, ha="center", va="bottom", fontsize=10)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.axvline(0, color=GREYS["zero_line"], lw=1)
        moving = [a for panel in panels.values() for a in panel.artists] + [span] + list(bars)
        return {"panels": panels, "ax": ax, "span": span, "bars": bars, "moving": moving}

    def draw(state, size, treasury_pct, seller):
        result = model.qe_purchase(size, treasury_pct / 100, seller)
        limit = nice_ceiling(max(size * 1.25, 50.0))  # limits in a few jumps: cached backgrounds get reused
        for key, panel in state["panels"].items():
            panel.update(result["changes"][key], limit)
        fed_note = state["panels"]["fed"].note
        fed_note.set_text("鈔票（通貨）：0")
        per_study = model.study_effects(size, estimates)
        for bar, (_, row) in zip(state["bars"], per_study.iterrows()):
            bar.set_x(row["low_bp"])
            bar.set_width(max(row["high_bp"] - row["low_bp"], size * 0.002 + 0.3))
        rng = model.yield_effect_range(size, estimates)
        state["span"].set_x(rng.low)
        state["span"].set_width(rng.high - rng.low)
        state["ax"].set_xlim(-nice_ceiling(max(-rng.low * 1.1, 5)), 2)
        t = size * treasury_pct / 100
        who = "銀行" if seller == "bank" else "非銀行（經由它的銀行）"
        return (
            f"<b>買進 {size:,.0f} 十億美元</b>（公債 {t:,.0f}、MBS {size - t:,.0f}），賣方：{who}。<br>"
            f"聯準會新創造的<b>準備金：+{result['reserves_created']:,.0f}</b> 十億美元；流通中的鈔票不變。<br>"
            f"依六項已發表估計等比例換算，10 年期殖利率約<b>下降 {-rng.high:,.1f} 到 {-rng.low:,.1f} 個基點</b>"
            f"（區間，不是預測；簡化模型，未考慮公債／MBS 比重與市場狀況）。"
            + (
                f"<br><small>{size:,.0f} 十億美元已超過多數研究所量的計畫規模（最大的單一計畫約 1,750），"
                "這是等比例外推，規模越大越不可靠。</small>"
                if size > 1750
                else ""
            )
        )

    controls = {
        "size": slider("購買金額（十億美元）", 0, model.MAX_PURCHASE_USD_BN, 50, 500, fmt=",.0f"),
        "treasury_pct": slider("公債比重（%）", 0, 100, 5, 60, fmt=".0f"),
        "seller": dropdown("誰賣給聯準會", _SELLERS, "bank"),
    }
    return _QESimulator(
        controls,
        draw,
        setup=setup,
        main="size",
        figsize=(9.5, 3.8),
        caption="左、中：這筆購買讓兩本 T 字帳各改變多少（示意數字）。右：每項研究換算的殖利率變動，淺藍是整體區間。",
    )
